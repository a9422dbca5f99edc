/**
 * The ledger across documents: one row per (document, measure, unit, role, deadline) — the
 * table an analyst filters by unit ("what does 工业和信息化部 lead, and what falls due?"). Pure:
 * documents and their models in, rows out; the library page, its exports and the command line
 * (`npm run ledger`) build the same rows.
 *
 * A measure with two units and two deadlines gives four rows; a measure with units and no
 * deadline gives one row per unit (deadline null); a measure with a deadline and no unit one
 * row with unit null. The unit is its canonical name where the gazetteer knows it.
 */
import type { Deadline } from '../analysis/types';
import { daysBetween } from '../view/dates';
import { currentSuccessor } from '../analysis/gazetteer';
import { DONE_STATUS } from '../annotations/types';
import { csvRow } from '../export/csv';
import { eachLine, entryMeasures, entryUnits, type EntryUnit, type LibraryEntry } from './entry';

/** Central / provincial / municipal / county, read from the issuer's name. */
export type IssuerLevel = 'central' | 'provincial' | 'municipal' | 'county' | 'unknown';

const PROVINCIAL_CITIES = /^(北京市|天津市|上海市|重庆市)/;

/**
 * The level of an issuer: 国务院 and the ministries (no place name before 部/委/局/署/总局) are
 * central; 省, 自治区 and the four municipalities directly under the central government are
 * provincial; a 市 below them municipal; 县, 旗 and a city's 区 county.
 */
export function issuerLevel(issuer: string | null | undefined): IssuerLevel {
  const s = (issuer ?? '').replace(/\s+/g, '');
  if (!s) return 'unknown';
  if (/^(中共中央|国务院|全国人大|中央|国家|中华人民共和国)/.test(s)) return 'central';
  if (PROVINCIAL_CITIES.test(s)) {
    const rest = s.replace(PROVINCIAL_CITIES, '');
    return /^[\u4e00-\u9fff]{1,6}(区|县)(人民政府|委|办)/.test(rest) ? 'county' : 'provincial';
  }
  if (/^[\u4e00-\u9fff]{2,8}(省|自治区)/.test(s)) {
    const rest = s.replace(/^[\u4e00-\u9fff]{2,8}?(省|自治区)/, '');
    if (/^[\u4e00-\u9fff]{1,8}(市|州|盟)/.test(rest)) return /(县|区|旗)(人民政府|委|办)/.test(rest) ? 'county' : 'municipal';
    return 'provincial';
  }
  if (/^[\u4e00-\u9fff]{1,8}(县|旗)/.test(s) || /^[\u4e00-\u9fff]{1,8}市[\u4e00-\u9fff]{1,6}区/.test(s)) return 'county';
  if (/^[\u4e00-\u9fff]{1,8}区(人民政府|委|办)/.test(s)) return 'county';
  if (/^[\u4e00-\u9fff]{1,8}(市|州|盟)/.test(s)) return 'municipal';
  if (/^[\u4e00-\u9fff]{1,12}(部|委员会|总局|局|署|办公室|委)/.test(s)) return 'central';
  return 'unknown';
}

export interface LedgerDocument {
  /** Where it came from: the kept document's id, or a file path (the command line). */
  id: string;
  title: string | null;
  docNumber: string | null;
  issuer: string | null;
  date: string | null;
  /** Its analysis as the library keeps it (lib/library/entry). */
  entry: LibraryEntry;
  /** Measure statuses by measure id (the analyst's), when known. */
  statuses?: Record<string, string>;
  /** Where it is read (a kept document's URL); absent for files. */
  url?: string;
}

export interface CrossLedgerRow {
  docId: string;
  title: string | null;
  docNumber: string | null;
  issuer: string | null;
  level: IssuerLevel;
  date: string | null;
  measureId: string;
  measurePath: string;
  measureTitle: string;
  /** The measure's action areas (its own, else its parent's). */
  areas: string[];
  /** Canonical name where known, else as written; null for a measure with a deadline and no unit. */
  unit: string | null;
  unitAsWritten: string | null;
  /** The body that carries on the unit's work today, when it is another (卫生计生委 → 国家卫生健康委员会). */
  successor: string | null;
  role: 'lead' | 'co' | null;
  deadline: string | null;
  /** YYYY-MM-DD, null when the deadline has none (每年, 长期坚持) or there is no deadline. */
  due: string | null;
  /** by / from / period / recurring / ongoing / relative (lib/analysis Deadline.kind); null without a deadline. */
  deadlineKind: Deadline['kind'] | null;
  status: string | null;
}

/** A unit's successor today when the gazetteer names another (only known, canonical units have one). */
function successorOf(canonical: string | undefined): string | null {
  if (!canonical) return null;
  const now = currentSuccessor(canonical);
  return now !== canonical ? now : null;
}

export function crossLedger(docs: readonly LedgerDocument[]): CrossLedgerRow[] {
  const out: CrossLedgerRow[] = [];
  const successors = new Map<string, string | null>();
  const successor = (unit: string | null) => {
    if (!unit) return null;
    let s = successors.get(unit);
    if (s === undefined) successors.set(unit, (s = successorOf(unit)));
    return s;
  };
  for (const d of docs) {
    const level = issuerLevel(d.issuer ?? d.entry.meta.issuer);
    eachLine(d.entry, entryMeasures(d.entry), (m, unit, unitAsWritten, role, deadline, due, deadlineKind) =>
      out.push({
        docId: d.id,
        title: d.title,
        docNumber: d.docNumber,
        issuer: d.issuer,
        level,
        date: d.date,
        measureId: m.id,
        measurePath: m.path,
        measureTitle: m.title,
        areas: m.areas,
        unit,
        unitAsWritten,
        successor: successor(unit),
        role,
        deadline,
        due,
        deadlineKind,
        status: d.statuses?.[m.id] ?? null,
      }),
    );
  }
  return out;
}

/** The ledger's columns, in order, with their header in the document's language. */
export const LEDGER_COLUMNS: [keyof CrossLedgerRow, string][] = [
  ['docNumber', '发文字号'],
  ['title', '文件'],
  ['issuer', '发文机关'],
  ['level', '层级'],
  ['date', '成文日期'],
  ['measurePath', '措施'],
  ['measureTitle', '措施标题'],
  ['unit', '单位'],
  ['unitAsWritten', '原文'],
  ['successor', '现承担单位'],
  ['role', '角色'],
  ['deadline', '完成时限'],
  ['due', '到期日'],
  ['status', '状态'],
  // last: the columns before it keep the places they had
  ['areas', '行动领域'],
];

/** The document's words for the coded fields, as the exports print them (the headers are Chinese too). */
export const LEVEL_WORD: Record<IssuerLevel, string> = { central: '中央', provincial: '省级', municipal: '市级', county: '县级', unknown: '' };
const ROLE_WORD = { lead: '牵头', co: '参与' } as const;

/** A ledger row's cells in LEDGER_COLUMNS order, coded fields in words. */
export function ledgerCells(r: CrossLedgerRow): (string | null)[] {
  return LEDGER_COLUMNS.map(([k]) =>
    k === 'level'
      ? LEVEL_WORD[r.level] || null
      : k === 'role'
        ? r.role
          ? ROLE_WORD[r.role]
          : null
        : k === 'areas'
          ? r.areas.join('、') || null
          : ((r[k] as string | null) ?? null),
  );
}

/** Rows as CSV (UTF-8 with BOM so spreadsheets read the Chinese, CRLF, formula-guarded cells). */
export function tableCsv(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  const lines = [csvRow(header), ...rows.map((r) => csvRow(r.map((c) => String(c ?? ''))))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The ledger as CSV. */
export const ledgerCsv = (rows: readonly CrossLedgerRow[]) =>
  tableCsv(
    LEDGER_COLUMNS.map(([, h]) => h),
    rows.map(ledgerCells),
  );

/** Where a row's deadline falls for the analyst on `today`: 'overdue' (unless 已完成), within 30 or 90 days, later, recurring, or none. */
export type DueWindow = 'overdue' | 'd30' | 'd90' | 'later' | 'recurring' | 'none';

export function dueWindow(r: Pick<CrossLedgerRow, 'due' | 'deadlineKind' | 'status'>, today: string): DueWindow {
  if (r.deadlineKind === 'recurring') return 'recurring';
  if (!r.due || r.deadlineKind === 'from') return 'none';
  const days = daysBetween(today, r.due);
  if (days < 0) return r.status === DONE_STATUS ? 'none' : 'overdue';
  return days <= 30 ? 'd30' : days <= 90 ? 'd90' : 'later';
}

export interface UnitGroup {
  unit: string;
  /** The other names the group covers (a line of succession, when grouped by it). */
  formerNames: string[];
  /** Every name it answers to: canonical, former, as written (what a unit filter matches). */
  names: string[];
  /** Measures the unit leads, and in how many documents. */
  leads: number;
  leadDocuments: number;
  /** Measures it takes part in (any role), and documents. */
  measures: number;
  documents: number;
  rows: CrossLedgerRow[];
}

/**
 * Rows grouped by unit, the units that lead most first ("工业和信息化部 leads 112 measures in 37
 * documents"). `succession` (default): a unit and its predecessors are one line, under today's
 * name (国家卫生计生委 and 国家卫生健康委 together); false keeps every name apart.
 */
export function groupByUnit(rows: readonly CrossLedgerRow[], opts: { succession?: boolean } = {}): UnitGroup[] {
  const by = new Map<string, CrossLedgerRow[]>();
  const line = opts.succession !== false;
  for (const r of rows) {
    const k = line ? (r.successor ?? r.unit) : r.unit;
    if (k) (by.get(k) ?? by.set(k, []).get(k)!).push(r);
  }
  // crossLedger writes a document's rows together and a measure's rows together, and grouping
  // keeps their order: distinct measures and documents are where the row's measure or document changes
  const count = (list: CrossLedgerRow[], leadOnly: boolean) => {
    let measures = 0;
    let documents = 0;
    let doc: string | null = null;
    let measure: string | null = null;
    const seen = new Set<string>();
    for (const r of list) {
      if (leadOnly && r.role !== 'lead') continue;
      if (r.docId !== doc) {
        doc = r.docId;
        measure = null;
        // a document seen before (rows not in crossLedger's order): counted once all the same
        if (!seen.has(doc)) {
          seen.add(doc);
          documents++;
        }
      }
      if (r.measureId !== measure) {
        measure = r.measureId;
        measures++;
      }
    }
    return { measures, documents };
  };
  return [...by]
    .map(([unit, list]) => {
      const lead = count(list, true);
      const all = count(list, false);
      const formerNames = [...new Set(list.map((r) => r.unit!).filter((u) => u !== unit))];
      const names = [...new Set([unit, ...list.map((r) => r.unit!), ...list.map((r) => r.unitAsWritten ?? '').filter(Boolean)])];
      return { unit, formerNames, names, leads: lead.measures, leadDocuments: lead.documents, measures: all.measures, documents: all.documents, rows: list };
    })
    .sort((a, b) => b.leads - a.leads || b.measures - a.measures || a.unit.localeCompare(b.unit, 'zh'));
}

/**
 * The same groups as groupByUnit(crossLedger(docs)), from the entries' per-unit counts, without
 * a row (the rows of a group come when it is opened): the library's first view, before any
 * filter. Where two names of one document fall in one group (a unit and its predecessor, two
 * bodies merged into one), their measures are counted once.
 */
export function groupEntries(docs: readonly LedgerDocument[], opts: { succession?: boolean } = {}): UnitGroup[] {
  const line = opts.succession !== false;
  const by = new Map<string, { names: Set<string>; former: Set<string>; leads: number; leadDocuments: number; measures: number; documents: number }>();
  const successors = new Map<string, string | null>();
  const union = (a: string, b: string) => [...new Set([...(a ? a.split(',') : []), ...(b ? b.split(',') : [])])].join(',');
  const count = (list: string) => (list ? list.split(',').length : 0);
  for (const d of docs) {
    // the document's names by group: most groups have one, and their counts are the entry's
    const inDoc = new Map<string, EntryUnit>();
    for (const u of entryUnits(d.entry)) {
      let key = u.unit;
      if (line) {
        let s = successors.get(u.unit);
        if (s === undefined) successors.set(u.unit, (s = successorOf(u.unit)));
        key = s ?? u.unit;
      }
      let g = by.get(key);
      if (!g) by.set(key, (g = { names: new Set([key]), former: new Set(), leads: 0, leadDocuments: 0, measures: 0, documents: 0 }));
      g.names.add(u.unit);
      for (const w of u.written) g.names.add(w);
      if (u.unit !== key) g.former.add(u.unit);
      const before = inDoc.get(key);
      if (!before) {
        inDoc.set(key, u);
        continue;
      }
      const leadIndexes = union(before.leadIndexes, u.leadIndexes);
      const measureIndexes = union(before.measureIndexes, u.measureIndexes);
      inDoc.set(key, { ...before, leadIndexes, measureIndexes, leads: count(leadIndexes), measures: count(measureIndexes) });
    }
    for (const [key, u] of inDoc) {
      const g = by.get(key)!;
      g.leads += u.leads;
      g.measures += u.measures;
      g.documents++;
      if (u.leads > 0) g.leadDocuments++;
    }
  }
  return [...by]
    .map(([unit, g]) => ({
      unit,
      formerNames: [...g.former],
      names: [...g.names],
      leads: g.leads,
      leadDocuments: g.leadDocuments,
      measures: g.measures,
      documents: g.documents,
      rows: [],
    }))
    .sort((a, b) => b.leads - a.leads || b.measures - a.measures || a.unit.localeCompare(b.unit, 'zh'));
}
