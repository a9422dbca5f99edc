/** Per-measure view shared by the CSV ledger, the Markdown outline and the calendar. */
import type { Annotation, DocumentRecord, MeasureNote } from '../annotations/types';
import type { Deadline, Measure, PolicyModel, RoleWord } from '../analysis/types';

/** Everything known about one document. */
export interface DocumentBundle {
  document: DocumentRecord;
  analysis: PolicyModel;
  annotations: Annotation[];
  measureNotes: MeasureNote[];
  /** The text model's text, when available (original sentences in the calendar). */
  text?: string;
}

export interface LedgerRow {
  measure: Measure;
  /** Lead units as written, in order, de-duplicated. */
  lead: string[];
  /** Other named units (not lead), as written. */
  co: string[];
  /** The printed role of each of `co` (配合, 参与, 指导 …), null where the model has none. */
  coRoles: (RoleWord | null)[];
  /** The assignment clauses as written (for descriptions). */
  clauses: string[];
  deadlines: Deadline[];
  note: MeasureNote | null;
  annotations: Annotation[];
}

export interface Ledger {
  rows: LedgerRow[];
  /** Annotations outside every measure (preamble, closing remarks). */
  unplaced: Annotation[];
}

function innermostMeasure(measures: Measure[], offset: number): Measure | null {
  let best: Measure | null = null;
  for (const m of measures) {
    if (offset >= m.start && offset < m.end && (!best || m.level > best.level || m.end - m.start < best.end - best.start)) best = m;
  }
  return best;
}

export function buildLedger(b: Pick<DocumentBundle, 'analysis' | 'annotations' | 'measureNotes'>, opts: { includeDeleted?: boolean } = {}): Ledger {
  const measures = [...b.analysis.measures].sort((x, y) => x.start - y.start || x.level - y.level);
  const byId = new Map(measures.map((m) => [m.id, m]));
  const rows = new Map<string, LedgerRow>();
  for (const m of measures) rows.set(m.id, { measure: m, lead: [], co: [], coRoles: [], clauses: [], deadlines: [], note: null, annotations: [] });

  for (const a of b.analysis.assignments) {
    const row = a.measureId ? rows.get(a.measureId) : undefined;
    if (!row) continue;
    for (const u of a.lead) if (!row.lead.includes(u)) row.lead.push(u);
    if (a.sourceText && !row.clauses.includes(a.sourceText)) row.clauses.push(a.sourceText);
  }
  for (const a of b.analysis.assignments) {
    const row = a.measureId ? rows.get(a.measureId) : undefined;
    if (!row) continue;
    a.units.forEach((u, i) => {
      if (row.lead.includes(u) || row.co.includes(u)) return;
      row.co.push(u);
      row.coRoles.push(a.roles?.[i] ?? null);
    });
  }
  for (const d of b.analysis.deadlines) {
    const row = d.measureId ? rows.get(d.measureId) : undefined;
    if (row) row.deadlines.push(d);
  }
  for (const n of b.measureNotes) {
    const row = rows.get(n.measureId);
    if (row) row.note = n;
  }
  const unplaced: Annotation[] = [];
  const anns = b.annotations
    .filter((a) => opts.includeDeleted || !a.deleted)
    .sort((x, y) => x.target.position.start - y.target.position.start || x.target.position.end - y.target.position.end);
  for (const a of anns) {
    const m = (a.target.measureId && byId.get(a.target.measureId)) || innermostMeasure(measures, a.target.position.start);
    if (m) rows.get(m.id)!.annotations.push(a);
    else unplaced.push(a);
  }
  for (const r of rows.values()) r.deadlines.sort((x, y) => x.start - y.start);
  return { rows: [...rows.values()], unplaced };
}

/** "2017年底前（2017-12-31）", "2016—2018年（2016-01-01 至 2018-12-31）", "每年". */
export function formatDeadline(d: Deadline): string {
  if (d.kind === 'period' && d.startDate && d.date) return `${d.text}（${d.startDate} 至 ${d.date}）`;
  if (d.date) return `${d.text}（${d.kind === 'from' ? '自 ' : ''}${d.date}）`;
  return d.text;
}

/** "市财政局（配合）、市人社局（参与）": the other units with the role the document prints for them. */
export function formatCo(r: Pick<LedgerRow, 'co' | 'coRoles'>): string {
  return r.co.map((u, i) => (r.coRoles[i] ? `${u}（${r.coRoles[i]}）` : u)).join('、');
}

export function measureLabel(m: Measure): string {
  return m.title ? `${m.marker}${m.title}` : m.marker;
}

/** The sentence around [start, end) in text (bounded by 。！？；or a line break), at most `max` chars. */
export function sentenceAround(text: string, start: number, end: number, max = 240): string {
  const stops = /[。！？；\n]/u;
  let s = start;
  while (s > 0 && !stops.test(text[s - 1]!) && start - s < max) s--;
  let e = end;
  while (e < text.length && !stops.test(text[e]!) && e - end < max) e++;
  if (e < text.length && text[e] !== '\n') e++;
  return text.slice(s, e).replace(/\s+/gu, ' ').trim();
}
