/**
 * Policy analysis engine: text in → PolicyModel out. Pure; runs in Node and every extension
 * context. All offsets in the output are UTF-16 code units into the ORIGINAL input text.
 *
 * The pipeline, one stage per function below:
 *   view (normalized compact text + offset map) → lines → metadata (title, 发文字号, signature)
 *   → task tables → parts (the notice, the plan printed after its signature, each 附件)
 *   → measures (each part's outline, with the table rows placed in it) → clauses → assignments
 *   (standing implementer rules, inheritance) → deadlines → action areas → detection.
 *
 * Measure ids are ordinal paths ("2.3.1"); an attachment's measures carry its letter ("A1.2"),
 * as does a second numbered part printed after the signature. A non-policy page yields no
 * measures, assignments or deadlines unless `force` asks for them (the user asked to analyse it).
 */
import type { AnalysisInput, Assignment, Deadline, Measure, PolicyModel } from './types';
import { buildView, origAt, origEnd, rawSlice, type TextView } from './normalize';
import { buildCharIndex, lastAtOrBefore, splitLines, type Line } from './lines';
import { extractMeta, readHeader, TITLE_RE, type MetaResult, type SignatureBlock } from './meta';
import { matchMarker, parseOutline, pathMarker } from './outline';
import { columnWord, findTaskTables, type TableMeasure, type TaskTable } from './tables';
import { conventionPosition, decide, findClauses, tableClause, type Clause } from './assignments';
import { bookSpans, DEADLINE_ANCHORS, scanDeadlines, type DeadlineContext, type DeadlineHit } from './deadlines';
import { findActionAreas } from './actionAreas';
import { detect } from './detect';
import { lookupUnit } from './gazetteer';
import { parseFullDate } from './dates';
import { parseCnNumber } from './numerals';
import type { UnitSpan } from './units';

export { lookupUnit, canonicalUnit, gazetteer } from './gazetteer';
export { buildView } from './normalize';
export type * from './types';

export const ENGINE_VERSION = 'policy-lens-analysis/1.1.0';

/** A measure while the engine builds the outline (compact positions). */
interface M {
  id: string;
  parent: M | null;
  level: number;
  marker: string;
  kind: Measure['markerKind'];
  ordinal: number;
  title: string;
  normTitle: string;
  start: number;
  end: number;
  headEnd: number;
  path: string;
  /** The task-table row this measure is, if any. */
  row: { table: TaskTable; item: TableMeasure } | null;
  /** Position in the sorted measure list (set once all are known). */
  index: number;
}

interface Part {
  /** First line of the part. */
  line: number;
  start: number;
  end: number;
  /** Where its measures end: the part's end, or the signature inside it. */
  stop?: number;
  attachment: boolean;
  prefix: string;
}

function validateInput(input: AnalysisInput): void {
  if (!input || typeof input !== 'object') throw new TypeError('analyze: input must be an object { text, ... }');
  if (typeof input.text !== 'string') throw new TypeError('analyze: input.text must be a string');
  if (input.range !== undefined) {
    const r = input.range;
    if (!Array.isArray(r) || r.length !== 2 || !Number.isInteger(r[0]) || !Number.isInteger(r[1]) || r[0] < 0 || r[1] < r[0] || r[1] > input.text.length) {
      throw new RangeError(`analyze: input.range must be [start, end] with 0 <= start <= end <= text.length (${input.text.length}); got ${JSON.stringify(r)}`);
    }
  }
  if (input.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(input.today)) {
    throw new RangeError(`analyze: input.today must be YYYY-MM-DD; got ${JSON.stringify(input.today)}`);
  }
  if (input.tables !== undefined && !Array.isArray(input.tables)) throw new TypeError('analyze: input.tables must be an array');
}

export function analyze(input: AnalysisInput): PolicyModel {
  validateInput(input);
  const v = buildView(input.text, input.range);
  const lines = splitLines(v.s);
  const metaRes = readMetadata(input, v, lines);
  const docDate = metaRes.meta.date;
  const tables = findTaskTables(v, lines, input.tables ?? []);
  const inTable = spanTest(tables.map((t) => [t.start, t.end]));
  const parts = findParts(v, lines, metaRes.signature);
  // A measure never runs across the signature block (a 印发通知 signs before what it prints).
  const sig = metaRes.signature;
  if (sig) for (const p of parts) if (sig.start > p.start && sig.start < p.end) p.stop = sig.start;
  const ms = buildMeasures(v, lines, parts, tables, inTable);
  const innermost = innermostFinder(ms);
  const assignments = buildAssignments(v, ms, tables, inTable, docDate, innermost);
  const deadlines = buildDeadlines(v, lines, ms, metaRes, input, inTable, innermost);
  const measures = outputMeasures(v, ms);
  const actionAreas = findActionAreas(
    ms.map((m, i) => ({ id: m.id, parentId: m.parent?.id ?? null, normTitle: m.normTitle, start: measures[i]!.start, end: measures[i]!.end })),
  );
  const tableRows = ms.reduce((n, m) => n + (m.row ? 1 : 0), 0);
  const detection = detect(v, lines, {
    url: input.url,
    pageTitle: input.pageTitle,
    metaFields: input.metaFields,
    meta: metaRes,
    measureCount: ms.length - tableRows,
    assignmentCount: assignments.length,
    deadlineCount: deadlines.length,
    tableRows,
    leadColumns: tables.some((t) => t.hasLead),
  });
  const isPolicy = detection.score >= 0.5;
  const keep = isPolicy || input.force === true;
  return {
    isPolicy,
    detection,
    meta: metaRes.meta,
    measures: keep ? measures : [],
    assignments: keep ? assignments : [],
    deadlines: keep ? deadlines : [],
    actionAreas: keep ? actionAreas : [],
    range: [v.range[0], v.range[1]],
    engine: ENGINE_VERSION,
  };
}

// ---- Stages -------------------------------------------------------------------------------

/** Title, 发文字号, issuer and date; the page chrome before the body may hold the label table and the <h1>. */
function readMetadata(input: AnalysisInput, v: TextView, lines: readonly Line[]): MetaResult {
  const r0 = v.range[0];
  const header = r0 > 0 ? readHeader(buildView(input.text, [Math.max(0, r0 - 4000), r0])) : undefined;
  return extractMeta(v, lines, input.metaFields, input.pageTitle, header);
}

/** "附件", "附件1", "附件2：…" as a line of its own. */
const ATTACHMENT_LINE = /^附件\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})?\s*(?:[:：]\s*(.{0,60}))?$/;

/**
 * The document's parts: the body, then after the signature the plan it prints or its 附件, each
 * attachment heading starting another. Without a signature, a bare "附件" line starts one (a
 * "附件：…" line inside a notice lists the attachments instead).
 */
function findParts(v: TextView, lines: readonly Line[], signature: SignatureBlock | null): Part[] {
  const s = v.s;
  const bounds: { line: number; attachment: boolean }[] = [];
  let afterSig = -1;
  if (signature) {
    afterSig = lastAtOrBefore(lines, signature.end, (l) => l.start) + 1;
    while (afterSig < lines.length && (lines[afterSig]!.end === lines[afterSig]!.start || /^\((?:此件|本件)/.test(s.slice(lines[afterSig]!.start, lines[afterSig]!.end)))) afterSig++;
  }
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.tab || l.end - l.start > 64) continue;
    const m = ATTACHMENT_LINE.exec(s.slice(l.start, l.end));
    if (!m) continue;
    const after = afterSig >= 0 && i >= afterSig;
    if (after || (!signature && !m[1] && !/[:：]/.test(s.slice(l.start, l.end)))) bounds.push({ line: i, attachment: true });
  }
  if (afterSig >= 0 && afterSig < lines.length && !bounds.some((b) => b.line === afterSig)) bounds.push({ line: afterSig, attachment: false });
  bounds.sort((a, b) => a.line - b.line);
  const parts: Part[] = [{ line: 0, start: 0, end: s.length, attachment: false, prefix: '' }];
  for (const b of bounds) {
    if (b.line === 0) continue;
    const start = lines[b.line]!.start;
    parts[parts.length - 1]!.end = start;
    parts.push({ line: b.line, start, end: s.length, attachment: b.attachment, prefix: '' });
  }
  return parts;
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function cutTitle(t: string): string {
  const i = t.search(/[。;；:：]/);
  const out = i > 0 ? t.slice(0, i) : t;
  return out.length > 60 ? out.slice(0, 60) : out;
}

/** Each part's outline, with its task tables' sections and rows placed in it; sorted by position. */
function buildMeasures(v: TextView, lines: readonly Line[], parts: Part[], tables: readonly TaskTable[], inTable: (pos: number) => boolean): M[] {
  const s = v.s;
  const all: M[] = [];
  const ids = new Set<string>();
  const uniq = (id: string) => {
    let out = id;
    for (let k = 2; ids.has(out); k++) out = `${id}~${k}`;
    ids.add(out);
    return out;
  };
  let letter = 0;
  let seenMeasures = false;
  parts.forEach((part) => {
    const nodes = parseOutline(v, lines, part.end, part.line, inTable);
    const partTables = tables.filter((t) => t.start >= part.start && t.start < part.end);
    const hasMeasures = nodes.length > 0 || partTables.length > 0;
    if (part.attachment || (seenMeasures && hasMeasures)) part.prefix = LETTERS[letter++ % 26]!;
    if (hasMeasures) seenMeasures = true;
    const local: M[] = [];
    const stop = part.stop ?? part.end;
    nodes.forEach((n, k) => {
      const parent = n.parent >= 0 ? local[n.parent]! : null;
      let end = n.markerStart < stop ? stop : part.end;
      for (let j = k + 1; j < nodes.length; j++) {
        if (nodes[j]!.depth <= n.depth) {
          end = nodes[j]!.markerStart;
          break;
        }
      }
      const pmk = pathMarker(n.kind, n.marker);
      local.push({
        id: uniq(parent ? `${parent.id}.${n.ordinal}` : `${part.prefix}${n.ordinal}`),
        parent,
        level: n.depth,
        marker: n.marker,
        kind: n.kind,
        ordinal: n.ordinal,
        title: n.title,
        normTitle: s.slice(n.markerEnd, n.titleEnd).replace(/^\s+/, ''),
        start: n.markerStart,
        end,
        headEnd: n.titleEnd > n.markerEnd ? n.titleEnd : n.markerEnd,
        path: parent ? `${parent.path} ${pmk}` : part.prefix ? `附件${part.prefix} ${pmk}` : pmk,
        row: null,
        index: -1,
      });
    });
    const outline = local.slice();
    partTables.forEach((t, ti) => {
      const hoisted = hoistedSections(s, outline, t);
      const pIdx = innermostIn(outline, t.start);
      const base = hoisted ? hoisted.parent : pIdx >= 0 ? outline[pIdx]! : null;
      const baseId = base ? `${base.id}.` : part.prefix;
      const basePath = base ? `${base.path} ` : part.prefix ? `附件${part.prefix} ` : '';
      const rowIds = t.items.filter((x): x is TableMeasure => x.kind === 'row').map((r) => `${baseId}${r.ordinal}`);
      const clash = rowIds.some((id) => ids.has(id)) || new Set(rowIds).size !== rowIds.length;
      const tPrefix = clash ? `${baseId}T${ti + 1}.` : baseId;
      let section: M | null = null;
      t.items.forEach((item, k) => {
        const next = t.items[k + 1];
        if (item.kind === 'section') {
          const mk = matchMarker(s, item.cell.start, item.cell.end);
          if (!mk) {
            section = null;
            return;
          }
          let end = t.end;
          for (let j = k + 1; j < t.items.length; j++) {
            if (t.items[j]!.kind === 'section') {
              end = t.items[j]!.start;
              break;
            }
          }
          const marker = rawSlice(v, item.cell.start, item.cell.start + mk.len);
          const title = cutTitle(rawSlice(v, item.cell.start + mk.len, item.cell.end).trim());
          section = {
            id: uniq(`${tPrefix}${mk.ordinal}`),
            parent: base,
            level: (base?.level ?? 0) + 1,
            marker,
            kind: mk.kind,
            ordinal: mk.ordinal,
            title,
            normTitle: s.slice(item.cell.start + mk.len, item.cell.end),
            start: item.start,
            end,
            headEnd: item.cell.end,
            path: `${basePath}${pathMarker(mk.kind, marker)}`,
            row: null,
            index: -1,
          };
          local.push(section);
          return;
        }
        const parent: M | null = section ?? hoisted?.of(item.ordinal) ?? base;
        const title = item.task ? cutTitle(rawSlice(v, item.task.start, item.task.end)) : '';
        const marker = item.seq || String(item.ordinal);
        const end = next ? Math.max(item.end, next.start) : Math.max(item.end, t.end);
        local.push({
          id: uniq(`${parent && parent !== base ? parent.id + '.' : tPrefix}${item.ordinal}`),
          parent,
          level: (parent?.level ?? 0) + 1,
          marker,
          kind: 'row',
          ordinal: item.ordinal,
          title,
          normTitle: item.task ? cutTitle(s.slice(item.task.start, item.task.end)) : '',
          start: item.start,
          end: Math.min(end, t.end),
          headEnd: item.task ? item.task.start + title.length : item.start + marker.length,
          path: `${parent ? parent.path + ' ' : basePath}${clash && !section ? `表${ti + 1} ` : ''}${marker}`,
          row: { table: t, item },
          index: -1,
        });
      });
    });
    all.push(...local);
  });
  // The outline in tree order (each measure before its children, siblings by position): the
  // same as text order, except where a CMS printed a table's section headings before it.
  all.sort((a, b) => a.start - b.start || a.level - b.level);
  const children = new Map<M | null, M[]>();
  for (const m of all) {
    const list = children.get(m.parent);
    if (list) list.push(m);
    else children.set(m.parent, [m]);
  }
  const ordered: M[] = [];
  const visit = (parent: M | null) => {
    for (const m of children.get(parent) ?? []) {
      m.index = ordered.length;
      ordered.push(m);
      visit(m);
    }
  };
  visit(null);
  return ordered;
}

/** `innermost(pos)`: the index (in `ms`) of the innermost measure containing `pos`, or -1. */
function innermostFinder(ms: readonly M[]): (pos: number) => number {
  let sorted = true;
  for (let i = 1; i < ms.length && sorted; i++) sorted = ms[i - 1]!.start <= ms[i]!.start;
  // Tree order is text order but where a CMS hoisted a table's section headings.
  const byStart = sorted ? ms : ms.slice().sort((a, b) => a.start - b.start || a.level - b.level);
  const at = new Map(byStart.map((m, i) => [m, i]));
  return (pos) => {
    const i = innermostIn(byStart, pos, at);
    return i >= 0 ? byStart[i]!.index : -1;
  };
}

/**
 * Section headings a CMS hoisted out of their table: a run of sibling headings with no text of
 * their own right before a table whose rows carry no sections, each stating its item count
 * ("一、知识产权保护方面（共5项）"). The counts give each heading its range of 序号 (1–5, 6–9, …,
 * also across rows an abridged copy left out), and each row goes under the heading of its range.
 */
function hoistedSections(s: string, outline: readonly M[], t: TaskTable): { parent: M | null; of: (ordinal: number) => M | null } | null {
  if (t.items.some((x) => x.kind === 'section')) return null;
  const rows = t.items.filter((x): x is TableMeasure => x.kind === 'row');
  if (!rows.length || rows.some((r) => !r.seq)) return null;
  const run: M[] = [];
  let until = t.start;
  for (let i = outline.length - 1; i >= 0; i--) {
    const m = outline[i]!;
    if (m.start >= t.start) continue;
    if (s.slice(m.headEnd, until).replace(/[\s)）]/g, '').length > 0) break;
    if (run.length && (m.parent !== run[0]!.parent || m.kind !== run[0]!.kind)) break;
    run.unshift(m);
    until = m.start;
  }
  if (run.length < 2) return null;
  const ranges: [number, number, M][] = [];
  let next = 1;
  for (const m of run) {
    const c = /共?([0-9]{1,3}|[一二三四五六七八九十]{1,3})项/.exec(m.normTitle);
    const n = c ? parseCnNumber(c[1]!) : null;
    if (!n) return null;
    ranges.push([next, next + n - 1, m]);
    next += n;
  }
  const of = (ordinal: number) => ranges.find(([a, b]) => ordinal >= a && ordinal <= b)?.[2] ?? null;
  if (rows.some((r) => !of(r.ordinal))) return null;
  return { parent: run[0]!.parent, of };
}

/** Index of the innermost measure of `arr` (sorted by start) that contains `pos`, or -1. */
function innermostIn(arr: readonly M[], pos: number, at?: ReadonlyMap<M, number>): number {
  let i = lastAtOrBefore(arr, pos, (m) => m.start);
  while (i >= 0 && !(pos < arr[i]!.end)) {
    const p = arr[i]!.parent;
    i = p ? (at?.get(p) ?? arr.indexOf(p)) : -1;
  }
  return i;
}

/** Membership test for sorted, non-overlapping [start, end] spans (inclusive end: the table's last line). */
function spanTest(spans: readonly (readonly [number, number])[]): (pos: number) => boolean {
  const sorted = spans.slice().sort((a, b) => a[0] - b[0]);
  return (pos: number) => {
    const i = lastAtOrBefore(sorted, pos, (x) => x[0]);
    return i >= 0 && pos <= sorted[i]![1];
  };
}

/** A standing implementer rule in force over a stretch of the document. */
interface Standing {
  clause: Clause;
  units: UnitSpan[];
  from: number;
  to: number;
}

function buildAssignments(
  v: TextView,
  ms: readonly M[],
  tables: readonly TaskTable[],
  inTable: (pos: number) => boolean,
  docDate: string | null,
  innermost: (pos: number) => number,
): Assignment[] {
  const s = v.s;
  const clauses = findClauses(v, docDate, inTable);
  for (const m of ms) {
    if (!m.row) continue;
    const { table, item } = m.row;
    const cells = item.units.map((u) => ({ start: u.cell.start, end: u.cell.end, word: columnWord(table, u.col), column: table.columns[u.col]!.role === 'lead' ? ('lead' as const) : ('other' as const) }));
    const c = tableClause(v, cells, m.id, docDate);
    if (c) clauses.push(c);
  }
  clauses.sort((a, b) => a.start - b.start);
  const convention = conventionPosition(s);
  const idIndex = new Map(ms.map((m, i) => [m.id, i]));
  const measureOf = clauses.map((c) => (c.boundMeasure !== undefined ? (idIndex.get(c.boundMeasure) ?? -1) : innermost(c.start)));

  // Standing rules: in force from the rule to the end of the section it speaks for (the
  // measure's own children when it introduces them, else its siblings).
  const rules: Standing[] = [];
  clauses.forEach((c, k) => {
    if (!c.standing) return;
    const mi = measureOf[k]!;
    const m = mi >= 0 ? ms[mi]! : null;
    const introducesChildren = m && ms.some((x) => x.parent === m && x.start > c.standing!.end);
    const scope = introducesChildren ? m : m?.parent ?? null;
    const partEnd = s.length;
    rules.push({ clause: c, units: c.standing.units, from: c.standing.end, to: scope ? scope.end : m ? partEnd : partEnd });
  });
  const inheritedAt = (c: Clause): UnitSpan[] => {
    const out: UnitSpan[] = [];
    for (const r of rules) if (r.clause !== c && c.start >= r.from && c.start < r.to) out.push(...r.units);
    return out;
  };

  const rendered = new Map<Clause, Assignment>();
  const render = (c: Clause, measureIdx: number): Assignment => {
    const inherited = inheritedAt(c);
    const d = decide(c.groups, inherited, c.end >= convention);
    const units = d.units.map((u) => rawSlice(v, u.start, u.end));
    const canonical = d.units.map((u) => lookupUnit(u.text, docDate)?.canonical ?? null);
    const ownCount = inherited.length ? d.units.filter((u) => !inherited.includes(u)).length : d.units.length;
    const added = units.slice(ownCount);
    const a: Assignment = {
      measureId: measureIdx >= 0 ? ms[measureIdx]!.id : null,
      units,
      lead: units.filter((_, i) => d.roles[i] === 'lead'),
      roles: d.words,
      canonical,
      inherited: false,
      sourceText: rawSlice(v, c.start, c.end),
      start: origAt(v, c.start),
      end: origEnd(v, c.end),
      // Spans of the units printed here (those a standing rule adds are printed in the rule).
      mentions: d.units.slice(0, ownCount).map((u, i) => ({
        text: units[i] ?? u.text,
        canonical: canonical[i] ?? null,
        role: d.roles[i] ?? 'co',
        word: d.words[i] ?? '责任',
        start: origAt(v, u.start),
        end: origEnd(v, u.end),
      })),
      rule: d.rule,
    };
    if (added.length) a.inheritedUnits = added;
    rendered.set(c, a);
    return a;
  };
  // A copy shares the arrays of the assignment it copies (the model is never mutated).
  const copy = (a: Assignment, measureIdx: number): Assignment => ({ ...a, measureId: ms[measureIdx]!.id, inherited: true, mentions: [] });

  const out: { key: number; a: Assignment }[] = [];
  const own: Clause[][] = ms.map(() => []);
  clauses.forEach((c, k) => {
    // A clause that only states a standing rule outside any bracket names no one itself.
    if (!c.groups.length) return;
    const mi = measureOf[k]!;
    if (mi >= 0) own[mi]!.push(c);
    out.push({ key: c.start, a: render(c, mi) });
  });

  // Inheritance for the side panel: a measure without a clause of its own takes its parent's
  // (a heading-level clause), else the previous sibling's when that came from a "下同" clause.
  // (Copies keep the original span: they are printed once.)
  const eff: Clause[][] = ms.map(() => []);
  const viaXt: boolean[] = ms.map(() => false);
  const lastChild = new Map<M | null, number>();
  const covered = new Set<number>();
  ms.forEach((m, i) => {
    const prev = lastChild.get(m.parent);
    lastChild.set(m.parent, i);
    if (own[i]!.length) {
      eff[i] = own[i]!;
      viaXt[i] = own[i]!.some((c) => c.xiatong);
      return;
    }
    if (m.row) return;
    const pi = m.parent ? m.parent.index : -1;
    if (pi >= 0 && eff[pi]!.length) eff[i] = eff[pi]!;
    else if (prev !== undefined && viaXt[prev]) {
      const xt = eff[prev]!.filter((c) => c.xiatong);
      eff[i] = xt.length ? xt : eff[prev]!;
      viaXt[i] = true;
    } else return;
    covered.add(i);
    for (const c of eff[i]!) {
      const base = rendered.get(c);
      if (base) out.push({ key: m.start, a: copy(base, i) });
    }
  });

  // A measure in a standing rule's stretch with no clause at all still has the rule's implementers.
  const hasChildren = rules.length ? new Set(ms.map((m) => m.parent)) : new Set<M | null>();
  for (const r of rules) {
    const d = decide([], r.units, false);
    const units = d.units.map((u) => rawSlice(v, u.start, u.end));
    ms.forEach((m, i) => {
      if (m.start < r.from || m.start >= r.to || own[i]!.length || covered.has(i) || hasChildren.has(m)) return;
      const canonical = d.units.map((u) => lookupUnit(u.text, docDate)?.canonical ?? null);
      out.push({
        key: m.start,
        a: {
          measureId: m.id,
          units,
          lead: units.filter((_, k) => d.roles[k] === 'lead'),
          roles: d.words,
          canonical,
          inherited: true,
          inheritedUnits: units.slice(),
          // Nothing is printed at the measure: the entry sits on its heading, and says its rule.
          sourceText: rawSlice(v, r.clause.standing!.start, r.clause.standing!.end),
          start: origAt(v, m.start),
          end: origEnd(v, m.headEnd),
          mentions: [],
          rule: 'standing',
        },
      });
    });
  }
  out.sort((x, y) => x.key - y.key);
  return out.map((x) => x.a);
}

/** The year of an annual plan printed in its title ("2016年民生实事…", "2025年工作要点"), not a period. */
function planYearOf(title: string | null): number | null {
  if (!title) return null;
  if (/(?:19|20)\d{2}\s*[—\-–~～至到]\s*(?:19|20)?\d{2,4}/.test(title)) return null;
  const m = /((?:19|20)\d{2})年/.exec(title);
  return m ? Number(m[1]) : null;
}

const DEADLINE_LABEL_RE = /(?:完成时限|完成时间|时间节点|完成期限|时限要求)】?[:：]|【(?:完成时限|完成时间|时间节点|完成期限)】/g;

function buildDeadlines(
  v: TextView,
  lines: readonly Line[],
  ms: readonly M[],
  metaRes: MetaResult,
  input: AnalysisInput,
  inTable: (pos: number) => boolean,
  innermost: (pos: number) => number,
): Deadline[] {
  const s = v.s;
  const { meta, signature } = metaRes;
  const pub = input.metaFields ? Object.entries(input.metaFields).find(([k]) => /发布日期|发布时间/.test(k.replace(/\s/g, '')))?.[1] : undefined;
  const programme = /((?:19|20)\d{2})年起(?:的)?(?:[一二两三四五六七八九十]{1,3}|\d{1,2})(?:年|个月)(?:以|之)?内/.exec(s);
  const ctx: DeadlineContext = {
    docDate: meta.date,
    today: input.today ?? null,
    planYear: planYearOf(meta.title),
    published: pub ? parseFullDate(pub) : null,
    programmeYear: programme ? Number(programme[1]) : null,
  };
  const books = bookSpans(s);
  const excluded: [number, number][] = [];
  if (signature) excluded.push([signature.start, signature.end]);
  if (metaRes.titleSpan) excluded.push(metaRes.titleSpan);
  if (metaRes.docNumberSpan) excluded.push(metaRes.docNumberSpan);
  // A standalone title line ("XX实施方案（2024—2026年）", the plan printed after a 印发 notice)
  // carries the plan period as part of its name, not as a deadline.
  const inTitleLine = (pos: number): boolean => {
    const li = lastAtOrBefore(lines, pos, (l) => l.start);
    const line = li >= 0 ? lines[li]! : null;
    if (!line || line.tab || line.end - line.start > 100) return false;
    const t = s.slice(line.start, line.end);
    if (/[。,;:]/.test(t) || matchMarker(s, line.start, line.end)) return false;
    return TITLE_RE.test(t) || /(?:表|清单|目录)$/.test(t);
  };
  const skip = (pos: number) => books(pos) || inTable(pos) || excluded.some(([a, b]) => pos >= a && pos < b) || inTitleLine(pos);
  const hits: { h: DeadlineHit; m: number }[] = scanDeadlines(v, 0, s.length, 'text', ctx, skip, buildCharIndex(s, DEADLINE_ANCHORS)).map((h) => ({ h, m: innermost(h.start) }));
  // Task-table 完成时限 cells: bare months and years are deadlines there, in the plan's year.
  ms.forEach((m, mi) => {
    if (!m.row) return;
    for (const cell of m.row.item.deadlines) for (const h of scanDeadlines(v, cell.start, cell.end, 'cell', ctx)) hits.push({ h, m: mi });
  });
  // Labelled fields in the text ("；完成时限：2023年12月", "【时间节点】2024年6月"): the value is a
  // deadline even when written as a bare month, as in a task-table 完成时限 cell.
  const found = hits.map((x) => x.h.start).sort((a, b) => a - b);
  const hitIn = (a: number, b: number) => {
    const i = lastAtOrBefore(found, b - 1, (x) => x);
    return i >= 0 && found[i]! >= a;
  };
  for (const lm of s.matchAll(DEADLINE_LABEL_RE)) {
    const vs = lm.index + lm[0].length;
    let ve = vs;
    while (ve < s.length && ve - vs < 60 && !/[)）;；。\n]/.test(s[ve]!)) ve++;
    if (ve === vs || skip(vs) || hitIn(vs, ve)) continue;
    const mi = innermost(vs);
    for (const h of scanDeadlines(v, vs, ve, 'cell', ctx)) hits.push({ h, m: mi });
  }
  hits.sort((a, b) => a.h.start - b.h.start);
  return hits.map(({ h, m }) => {
    const d: Deadline = {
      text: rawSlice(v, h.start, h.end),
      date: h.date,
      kind: h.kind,
      measureId: m >= 0 ? ms[m]!.id : null,
      start: origAt(v, h.start),
      end: origEnd(v, h.end),
    };
    if (h.startDate !== undefined) d.startDate = h.startDate;
    if (h.anchor) d.anchor = h.anchor;
    return d;
  });
}

function trimEnd(s: string, start: number, end: number): number {
  while (end > start && /[\n\t ]/.test(s[end - 1]!)) end--;
  return end;
}

function outputMeasures(v: TextView, ms: readonly M[]): Measure[] {
  return ms.map((m) => ({
    id: m.id,
    parentId: m.parent?.id ?? null,
    level: m.level,
    marker: m.marker,
    markerKind: m.kind,
    ordinal: m.ordinal,
    title: m.title,
    start: origAt(v, m.start),
    end: origEnd(v, trimEnd(v.s, m.start, m.end)),
    headStart: origAt(v, m.start),
    headEnd: origEnd(v, m.headEnd),
    path: m.path,
    keyTerms: [],
  }));
}
