/**
 * A kept document's library entry: what the library page draws from a document's analysis — its
 * measures' headings, its ledger lines (measure, unit, role, deadline) and its citations — in a
 * fraction of the analysis's size, so the page reads 500 entries instead of 500 whole models.
 * Pure: `libraryEntry(docId, recorded, model)` builds it; `entryLines` / `entryMeasures` read it.
 *
 * Measures and lines are packed as one string each (fields split by U+001F, records by U+001E):
 * IndexedDB's structured clone reads one long string far faster than thousands of small objects.
 * The analysis stays the record of truth (`recorded` names the analysis an entry was built from;
 * lib/library/load rebuilds an entry whose analysis was recorded since).
 */
import type { Citation, Deadline, PolicyModel } from '../analysis/types';
import { buildLedger } from '../export/ledger';

export interface LibraryEntry {
  docId: string;
  /** The `recorded` stamp of the analysis this entry was built from. */
  recorded: string;
  engine: string;
  meta: { title: string | null; docNumber: string | null; issuer: string | null; date: string | null };
  measureCount: number;
  /** Packed measures: id, path, title, action areas (its own, else its parent's). */
  measures: string;
  /** Packed ledger lines: measure index, unit (canonical where known), unit as written, role, deadline, due, kind. */
  lines: string;
  citations: CitationRef[];
}

/** A citation as the library links it (its offsets stay in the analysis). */
export type CitationRef = Pick<Citation, 'title' | 'docNumber' | 'relation' | 'verb' | 'measureId'>;

export interface EntryMeasure {
  id: string;
  path: string;
  title: string;
  /** The action areas it belongs to (its own, else its parent's: lib/view model-index's rule). */
  areas: string[];
}

export interface EntryLine {
  measure: EntryMeasure;
  unit: string | null;
  unitAsWritten: string | null;
  role: 'lead' | 'co' | null;
  deadline: string | null;
  due: string | null;
  deadlineKind: Deadline['kind'] | null;
}

const F = '\u001f';
const R = '\u001e';
const L = '\u001d';
/** Control characters the packing uses never reach a model (the text model drops them), but a field is cleaned all the same. */
const clean = (s: string | null | undefined) => (s ?? '').replaceAll(F, ' ').replaceAll(R, ' ').replaceAll(L, ' ');
const nul = (s: string | undefined) => (s === undefined || s === '' ? null : s);

export function libraryEntry(docId: string, recorded: string, model: PolicyModel): LibraryEntry {
  const canonical = new Map<string, string>();
  for (const a of model.assignments) a.units.forEach((u, i) => a.canonical[i] && canonical.set(u, a.canonical[i]!));
  const rows = buildLedger({ analysis: model, annotations: [], measureNotes: [] }).rows;
  const index = new Map(rows.map((r, i) => [r.measure.id, i]));
  const own = new Map<string, string[]>();
  for (const a of [...model.actionAreas].sort((x, y) => x.start - y.start)) {
    const list = own.get(a.measureId) ?? own.set(a.measureId, []).get(a.measureId)!;
    if (!list.includes(a.name)) list.push(a.name);
  }
  const areas = new Map<string, string[]>();
  for (const r of rows) areas.set(r.measure.id, own.get(r.measure.id) ?? (r.measure.parentId ? (areas.get(r.measure.parentId) ?? []) : []));
  const lines: string[] = [];
  for (const row of rows) {
    const units: [string, 'lead' | 'co'][] = [...row.lead.map((u) => [u, 'lead'] as [string, 'lead']), ...row.co.map((u) => [u, 'co'] as [string, 'co'])];
    if (units.length === 0 && row.deadlines.length === 0) continue;
    const deadlines = row.deadlines.length ? row.deadlines : [null];
    for (const [u, role] of units.length ? units : [[null, null] as const]) {
      const canon = u ? (canonical.get(u) ?? u) : null;
      for (const dl of deadlines) {
        lines.push([index.get(row.measure.id), clean(canon), canon === u ? '' : clean(u), role ?? '', clean(dl?.text), dl?.date ?? '', dl?.kind ?? ''].join(F));
      }
    }
  }
  return {
    docId,
    recorded,
    engine: model.engine,
    meta: { title: model.meta.title, docNumber: model.meta.docNumber, issuer: model.meta.issuer, date: model.meta.date },
    measureCount: model.measures.length,
    measures: rows
      .map((r) => [clean(r.measure.id), clean(r.measure.path), clean(r.measure.title), areas.get(r.measure.id)!.map(clean).join(L)].join(F))
      .join(R),
    lines: lines.join(R),
    citations: (model.citations ?? []).map((c) => ({ title: c.title, docNumber: c.docNumber, relation: c.relation, verb: c.verb, measureId: c.measureId })),
  };
}

export function entryMeasures(e: Pick<LibraryEntry, 'measures'>): EntryMeasure[] {
  if (!e.measures) return [];
  return e.measures.split(R).map((s) => {
    const [id = '', path = '', title = '', areas = ''] = s.split(F);
    return { id, path, title, areas: areas ? areas.split(L) : [] };
  });
}

/**
 * Each ledger line of the entry, unpacked into the callback's arguments (no object per line: the
 * library reads tens of thousands of them when it opens, and the ledger makes its own rows).
 */
export function eachLine(
  e: Pick<LibraryEntry, 'lines'>,
  measures: readonly EntryMeasure[],
  fn: (
    measure: EntryMeasure,
    unit: string | null,
    unitAsWritten: string | null,
    role: 'lead' | 'co' | null,
    deadline: string | null,
    due: string | null,
    kind: Deadline['kind'] | null,
  ) => void,
): void {
  if (!e.lines) return;
  for (const s of e.lines.split(R)) {
    const [m, unit, written, role, deadline, due, kind] = s.split(F);
    const measure = measures[Number(m)];
    if (!measure) continue;
    const u = nul(unit);
    fn(measure, u, nul(written) ?? u, role === 'lead' || role === 'co' ? role : null, nul(deadline), nul(due), (nul(kind) as Deadline['kind'] | null) ?? null);
  }
}

/** The entry's ledger lines, each with its measure. */
export function entryLines(e: Pick<LibraryEntry, 'measures' | 'lines'>, measures: EntryMeasure[] = entryMeasures(e)): EntryLine[] {
  const out: EntryLine[] = [];
  eachLine(e, measures, (measure, unit, unitAsWritten, role, deadline, due, deadlineKind) =>
    out.push({ measure, unit, unitAsWritten, role, deadline, due, deadlineKind }),
  );
  return out;
}
