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

/** The entry's shape: an entry of another shape is built again from its analysis (lib/library/load). */
export const ENTRY_SHAPE = 4;

export interface LibraryEntry {
  shape: number;
  docId: string;
  /** The `recorded` stamp of the analysis this entry was built from. */
  recorded: string;
  engine: string;
  meta: { title: string | null; docNumber: string | null; issuer: string | null; date: string | null };
  measureCount: number;
  /** Packed measures: id, path, title, action areas (its own, else its parent's). */
  measures: string;
  /**
   * Packed ledger lines, by index ("m,u,w,r,d"): the measure, the unit in `units` (0: none, else
   * index + 1), its name as written among that unit's written names (0: as the unit), the role
   * (l, c or none), the deadline in `deadlines` (0: none, else index + 1).
   */
  lines: string;
  citations: CitationRef[];
  /** Packed per unit (canonical where known): the unit, its names as written, the measures (indexes into `measures`) it leads and it is in. */
  units: string;
  /** Packed deadlines the lines refer to: text, due date, kind. */
  deadlines: string;
  /** The action areas of its measures, with how many measures each (the ledger's area filter, without reading every measure). */
  areas: [string, number][];
  lineCount: number;
}

export interface EntryUnit {
  unit: string;
  written: string[];
  leads: number;
  measures: number;
  /** The measures' indexes, comma-separated: read only where two names of one document fall in one group. */
  leadIndexes: string;
  measureIndexes: string;
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
  const byUnit = new Map<string, { i: number; written: string[]; lead: Set<number>; all: Set<number> }>();
  const deadlineIndex = new Map<string, number>();
  for (const row of rows) {
    const units: [string, 'lead' | 'co'][] = [...row.lead.map((u) => [u, 'lead'] as [string, 'lead']), ...row.co.map((u) => [u, 'co'] as [string, 'co'])];
    if (units.length === 0 && row.deadlines.length === 0) continue;
    const deadlines = row.deadlines.length ? row.deadlines : [null];
    for (const [u, role] of units.length ? units : [[null, null] as const]) {
      const canon = u ? (canonical.get(u) ?? u) : null;
      const m = index.get(row.measure.id)!;
      let unitRef = 0;
      let writtenRef = 0;
      if (u && canon) {
        const x = byUnit.get(canon) ?? byUnit.set(canon, { i: byUnit.size, written: [], lead: new Set(), all: new Set() }).get(canon)!;
        if (u !== canon) {
          if (!x.written.includes(u)) x.written.push(u);
          writtenRef = x.written.indexOf(u) + 1;
        }
        x.all.add(m);
        if (role === 'lead') x.lead.add(m);
        unitRef = x.i + 1;
      }
      for (const dl of deadlines) {
        let d = 0;
        if (dl) {
          const key = [clean(dl.text), dl.date ?? '', dl.kind].join(F);
          d = (deadlineIndex.get(key) ?? deadlineIndex.set(key, deadlineIndex.size).get(key)!) + 1;
        }
        lines.push(`${m},${unitRef},${writtenRef},${role === 'lead' ? 'l' : role === 'co' ? 'c' : ''},${d}`);
      }
    }
  }
  return {
    shape: ENTRY_SHAPE,
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
    units: [...byUnit].map(([name, x]) => [clean(name), x.written.map(clean).join(L), [...x.lead].join(','), [...x.all].join(',')].join(F)).join(R),
    deadlines: [...deadlineIndex.keys()].join(R),
    areas: countAreas(rows.map((r) => areas.get(r.measure.id)!)),
    lineCount: lines.length,
  };
}

function countAreas(lists: readonly string[][]): [string, number][] {
  const n = new Map<string, number>();
  for (const list of lists) for (const a of list) n.set(a, (n.get(a) ?? 0) + 1);
  return [...n];
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
  e: Pick<LibraryEntry, 'lines' | 'units' | 'deadlines'>,
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
  const units = entryUnits(e);
  const deadlines = e.deadlines ? e.deadlines.split(R).map((s) => s.split(F)) : [];
  for (const s of e.lines.split(R)) {
    const [m, u, w, r, d] = s.split(',');
    const measure = measures[Number(m)];
    if (!measure) continue;
    const unit = units[Number(u) - 1];
    const dl = deadlines[Number(d) - 1];
    fn(
      measure,
      unit?.unit ?? null,
      unit ? (unit.written[Number(w) - 1] ?? unit.unit) : null,
      r === 'l' ? 'lead' : r === 'c' ? 'co' : null,
      dl ? nul(dl[0]) : null,
      dl ? nul(dl[1]) : null,
      dl ? ((nul(dl[2]) as Deadline['kind'] | null) ?? null) : null,
    );
  }
}

/** The entry's ledger lines, each with its measure. */
export function entryLines(e: Pick<LibraryEntry, 'measures' | 'lines' | 'units' | 'deadlines'>, measures: EntryMeasure[] = entryMeasures(e)): EntryLine[] {
  const out: EntryLine[] = [];
  eachLine(e, measures, (measure, unit, unitAsWritten, role, deadline, due, deadlineKind) =>
    out.push({ measure, unit, unitAsWritten, role, deadline, due, deadlineKind }),
  );
  return out;
}

export function entryUnits(e: Pick<LibraryEntry, 'units'>): EntryUnit[] {
  if (!e.units) return [];
  return e.units.split(R).map((s) => {
    const [unit = '', written = '', leadIndexes = '', measureIndexes = ''] = s.split(F);
    const count = (list: string) => (list ? list.split(',').length : 0);
    return { unit, written: written ? written.split(L) : [], leads: count(leadIndexes), measures: count(measureIndexes), leadIndexes, measureIndexes };
  });
}
