/**
 * Policy analysis engine: text in → PolicyModel out. Pure; runs in Node and every extension
 * context. All offsets in the output are UTF-16 code units into the ORIGINAL input text.
 *
 * Pipeline: normalize (compact view + offset map) → meta (title, 发文字号, signature) →
 * outline (measures) → task tables (row measures) → responsibility clauses (+ inheritance) →
 * deadlines → action areas → detection.
 *
 * Task tables: each row becomes a measure (markerKind 'arabic', ordinal = its 序号), a child of
 * the heading containing the table or top-level; "T<k>.<序号>" when those ids are taken.
 */
import type { AnalysisInput, Assignment, Deadline, Measure, PolicyModel } from './types';
import { buildView, origAt, origEnd, type TextView } from './normalize';
import { buildCharIndex, lastAtOrBefore, splitLines } from './lines';
import { extractMeta, readHeader, TITLE_RE } from './meta';
import { matchMarker, parseOutline, pathMarker } from './outline';
import { findTaskTables } from './tables';
import { conventionPosition, findClauses, tableClauses, type Clause } from './assignments';
import { bookSpans, DEADLINE_ANCHORS, scanDeadlines, type DeadlineHit } from './deadlines';
import { findActionAreas } from './actionAreas';
import { detect } from './detect';
import { lookupUnit } from './gazetteer';

export { lookupUnit, canonicalUnit, gazetteer } from './gazetteer';
export { buildView } from './normalize';
export type * from './types';

export const ENGINE_VERSION = 'policy-lens-analysis/1.0.0';

interface M {
  id: string;
  parent: number;
  level: number;
  marker: string;
  kind: Measure['markerKind'];
  ordinal: number;
  title: string;
  normTitle: string;
  /** compact */
  start: number;
  end: number;
  headEnd: number;
  path: string;
  table: boolean;
}

function trimEnd(s: string, start: number, end: number): number {
  while (end > start && /[\n\t ]/.test(s[end - 1]!)) end--;
  return end;
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
}

const DEADLINE_LABEL_RE = /(?:完成时限|完成时间|时间节点|完成期限|时限要求)】?[:：]|【(?:完成时限|完成时间|时间节点|完成期限)】/g;

export function analyze(input: AnalysisInput): PolicyModel {
  validateInput(input);
  const v: TextView = buildView(input.text, input.range);
  const s = v.s;
  const lines = splitLines(s);
  // Page chrome before the article body may carry the gov.cn label table and the <h1>.
  const r0 = v.range[0];
  const header = r0 > 0 ? readHeader(buildView(input.text, [Math.max(0, r0 - 4000), r0])) : undefined;
  const metaRes = extractMeta(v, lines, input.metaFields, input.pageTitle, header);
  const { meta, signature } = metaRes;
  const docDate = meta.date;

  // ---- Measures ---------------------------------------------------------------------------
  const nodes = parseOutline(v, lines, s.length);
  // A measure never runs across the signature block (a 印发通知 signs before its attachment).
  const hardStops = signature ? [signature.start] : [];
  const stopAfter = (pos: number, end: number) => {
    for (const h of hardStops) if (h > pos && h < end) return h;
    return end;
  };
  const ms: M[] = [];
  const ids = new Set<string>();
  const uniq = (id: string) => {
    let out = id;
    for (let k = 2; ids.has(out); k++) out = `${id}~${k}`;
    ids.add(out);
    return out;
  };
  {
    const stack: number[] = [];
    for (const n of nodes) {
      while (stack.length && (ms[stack[stack.length - 1]!]?.level ?? 0) >= n.depth) {
        const top = ms[stack.pop()!];
        if (top) top.end = n.markerStart;
      }
      const parent = n.parent;
      const pm = parent >= 0 ? ms[parent] : null;
      const pmk = pathMarker(n.kind, n.marker);
      ms.push({
        id: uniq(pm ? `${pm.id}.${n.ordinal}` : String(n.ordinal)),
        parent,
        level: n.depth,
        marker: n.marker,
        kind: n.kind,
        ordinal: n.ordinal,
        title: n.title,
        normTitle: s.slice(n.markerEnd, n.titleEnd).replace(/^\s+/, ''),
        start: n.markerStart,
        end: s.length,
        headEnd: n.titleEnd > n.markerEnd ? n.titleEnd : n.markerEnd,
        path: pm ? `${pm.path} ${pmk}` : pmk,
        table: false,
      });
      stack.push(ms.length - 1);
    }
    for (const m of ms) m.end = stopAfter(m.start, m.end);
  }
  const innermostIn = (arr: readonly M[], pos: number): number => {
    let i = lastAtOrBefore(arr, pos, (m) => m.start);
    while (i >= 0 && !(pos < arr[i]!.end)) i = arr[i]!.parent;
    return i;
  };

  // Task tables: each row with a task becomes a measure (markerKind 'arabic', marker = its 序号
  // cell, ordinal = 序号). Rows are children of the heading that contains the table, or
  // top-level. When that id is already taken (a table in an attachment after a numbered
  // body), the rows are numbered "T<k>.<序号>" (k = table number in the document).
  const tables = findTaskTables(v, lines);
  const tableCells: [number, number][] = [];
  const rowOf = new Map<number, { tableIdx: number; row: number }>();
  if (tables.length) {
    const outline = ms.slice();
    const extra: { m: M; parent: number; tableIdx: number; row: number }[] = [];
    tables.forEach((t, ti) => {
      const pIdx = innermostIn(outline, t.start);
      const pm = pIdx >= 0 ? outline[pIdx]! : null;
      const clash = t.rows.some((r) => ids.has(pm ? `${pm.id}.${r.ordinal}` : String(r.ordinal)));
      const prefix = clash ? `${pm ? pm.id + '.' : ''}T${ti + 1}.` : pm ? `${pm.id}.` : '';
      t.rows.forEach((r, ri) => {
        const title = r.task ? cutTitle(v.raw.slice(r.task.start, r.task.end)) : '';
        const marker = r.seq || String(r.ordinal);
        extra.push({
          m: {
            id: uniq(`${prefix}${r.ordinal}`),
            parent: pIdx,
            level: pm ? pm.level + 1 : 1,
            marker,
            kind: 'arabic',
            ordinal: r.ordinal,
            title,
            normTitle: r.task ? cutTitle(s.slice(r.task.start, r.task.end)) : '',
            start: r.start,
            end: r.end,
            headEnd: r.task ? r.task.start + title.length : r.start + marker.length,
            path: `${pm ? pm.path + ' ' : ''}${clash ? `表${ti + 1} ` : ''}${marker}`,
            table: true,
          },
          parent: pIdx,
          tableIdx: ti,
          row: ri,
        });
        if (r.deadline) tableCells.push([r.deadline.start, r.deadline.end]);
        if (r.lead) tableCells.push([r.lead.start, r.lead.end]);
        if (r.resp) tableCells.push([r.resp.start, r.resp.end]);
      });
    });
    // Merge by start, remapping parent indices.
    const tagged = [
      ...ms.map((m, i) => ({ m, key: `o${i}`, ref: null as null | { tableIdx: number; row: number } })),
      ...extra.map((x) => ({ m: x.m, key: 'x', ref: { tableIdx: x.tableIdx, row: x.row } })),
    ];
    tagged.sort((a, b) => a.m.start - b.m.start || a.m.level - b.m.level);
    const newIndex = new Map<string, number>();
    tagged.forEach((t, i) => {
      if (t.key !== 'x') newIndex.set(t.key, i);
    });
    const merged: M[] = tagged.map((t) => ({ ...t.m, parent: t.m.parent >= 0 ? newIndex.get(`o${t.m.parent}`)! : -1 }));
    tagged.forEach((t, i) => {
      if (t.ref) rowOf.set(i, t.ref);
    });
    ms.length = 0;
    ms.push(...merged);
  }
  const innermost = (pos: number) => innermostIn(ms, pos);

  // ---- Assignments ------------------------------------------------------------------------
  tableCells.sort((a, b) => a[0] - b[0]);
  const inTableCell = (pos: number) => {
    const i = lastAtOrBefore(tableCells, pos, (c) => c[0]);
    return i >= 0 && pos < tableCells[i]![1];
  };
  const clauses = findClauses(v, docDate, inTableCell);
  if (tables.length) {
    const convention = conventionPosition(s);
    for (const [mi, ref] of rowOf) {
      const t = tables[ref.tableIdx]!;
      const row = t.rows[ref.row]!;
      const c = tableClauses(v, t, row, ms[mi]!.id, docDate, convention);
      if (c) clauses.push(c);
    }
    clauses.sort((a, b) => a.start - b.start);
  }
  const idIndex = new Map(ms.map((m, i) => [m.id, i]));
  const own: Clause[][] = ms.map(() => []);
  const clauseMeasure = clauses.map((c) => (c.boundMeasure !== undefined ? idIndex.get(c.boundMeasure) ?? -1 : innermost(c.start)));
  clauses.forEach((c, k) => {
    const mi = clauseMeasure[k] ?? -1;
    if (mi >= 0) own[mi]?.push(c);
  });
  // Each clause is rendered once; inherited rows copy its arrays.
  const rendered = new Map<Clause, Assignment>();
  const toAssignment = (c: Clause, measureIdx: number, inherited: boolean): Assignment => {
    const measureId = measureIdx >= 0 ? ms[measureIdx]!.id : null;
    const base = rendered.get(c);
    if (base) {
      return {
        ...base,
        measureId,
        units: base.units.slice(),
        lead: base.lead.slice(),
        canonical: base.canonical.slice(),
        inherited,
        mentions: inherited ? [] : base.mentions.map((x) => ({ ...x })),
      };
    }
    const units = c.units.map((u) => v.raw.slice(u.start, u.end));
    const canonical = c.units.map((u) => lookupUnit(u.text, docDate)?.canonical ?? null);
    const a: Assignment = {
      measureId,
      units,
      lead: units.filter((_, i) => c.roles[i] === 'lead'),
      canonical,
      inherited: false,
      sourceText: v.raw.slice(c.start, c.end),
      start: origAt(v, c.start),
      end: origEnd(v, c.end),
      mentions: c.units.map((u, i) => ({
        text: units[i] ?? u.text,
        canonical: canonical[i] ?? null,
        role: c.roles[i] ?? 'co',
        start: origAt(v, u.start),
        end: origEnd(v, u.end),
      })),
      rule: c.rule,
    };
    rendered.set(c, a);
    return inherited ? toAssignment(c, measureIdx, true) : a;
  };
  const assignmentsKeyed: { key: number; a: Assignment }[] = [];
  clauses.forEach((c, k) => assignmentsKeyed.push({ key: c.start, a: toAssignment(c, clauseMeasure[k]!, false) }));
  // Inheritance: a measure without its own clause takes its parent's (heading-level clause),
  // else the previous sibling's when that one came from a "下同" clause.
  {
    const eff: Clause[][] = ms.map(() => []);
    const viaXt: boolean[] = ms.map(() => false);
    const lastChild = new Map<number, number>();
    ms.forEach((m, i) => {
      const prev = lastChild.get(m.parent);
      lastChild.set(m.parent, i);
      if (own[i]!.length) {
        eff[i] = own[i]!;
        viaXt[i] = own[i]!.some((c) => c.xiatong);
        return;
      }
      if (m.table) return;
      if (m.parent >= 0 && eff[m.parent]!.length) {
        eff[i] = eff[m.parent]!;
      } else if (prev !== undefined && viaXt[prev]) {
        eff[i] = eff[prev]!.filter((c) => c.xiatong).length ? eff[prev]!.filter((c) => c.xiatong) : eff[prev]!;
        viaXt[i] = true;
      } else return;
      for (const c of eff[i]!) assignmentsKeyed.push({ key: m.start, a: toAssignment(c, i, true) });
    });
  }
  assignmentsKeyed.sort((x, y) => x.key - y.key);
  const assignments = assignmentsKeyed.map((x) => x.a);

  // ---- Deadlines --------------------------------------------------------------------------
  const books = bookSpans(s);
  const ctx = { docDate, today: input.today ?? null };
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
    return TITLE_RE.test(t);
  };
  const skip = (pos: number) =>
    books(pos) || inTableCell(pos) || excluded.some(([a, b]) => pos >= a && pos < b) || inTitleLine(pos);
  const hits: { h: DeadlineHit; m: number }[] = scanDeadlines(v, 0, s.length, 'text', ctx, skip, buildCharIndex(s, DEADLINE_ANCHORS)).map((h) => ({ h, m: innermost(h.start) }));
  for (const [mi, m] of ms.entries()) {
    const ref = rowOf.get(mi);
    if (!ref) continue;
    const cell = tables[ref.tableIdx]!.rows[ref.row]!.deadline;
    if (!cell) continue;
    for (const h of scanDeadlines(v, cell.start, cell.end, 'cell', ctx)) hits.push({ h, m: mi });
    void m;
  }
  // Labelled fields in the text ("；完成时限：2023年12月", "【时间节点】2024年6月"): the value
  // is a deadline even when written as a bare month, as in a task-table 完成时限 cell.
  for (const lm of s.matchAll(DEADLINE_LABEL_RE)) {
    const vs = lm.index + lm[0].length;
    let ve = vs;
    while (ve < s.length && ve - vs < 60 && !/[)）;；。\n]/.test(s[ve]!)) ve++;
    if (ve === vs || skip(vs) || hits.some(({ h }) => h.start >= vs && h.start < ve)) continue;
    const mi = innermost(vs);
    for (const h of scanDeadlines(v, vs, ve, 'cell', ctx)) hits.push({ h, m: mi });
  }
  hits.sort((a, b) => a.h.start - b.h.start);
  const deadlines: Deadline[] = hits.map(({ h, m }) => {
    const d: Deadline = {
      text: v.raw.slice(h.start, h.end),
      date: h.date,
      kind: h.kind,
      measureId: m >= 0 ? ms[m]!.id : null,
      start: origAt(v, h.start),
      end: origEnd(v, h.end),
    };
    if (h.startDate !== undefined) d.startDate = h.startDate;
    return d;
  });

  // ---- Output measures ----------------------------------------------------------------------
  const measures: Measure[] = ms.map((m) => {
    const end = trimEnd(s, m.start, m.end);
    return {
      id: m.id,
      parentId: m.parent >= 0 ? ms[m.parent]!.id : null,
      level: m.level,
      marker: m.marker,
      markerKind: m.kind,
      ordinal: m.ordinal,
      title: m.title,
      start: origAt(v, m.start),
      end: origEnd(v, end),
      headStart: origAt(v, m.start),
      headEnd: origEnd(v, m.headEnd),
      path: m.path,
      keyTerms: [],
    };
  });

  const actionAreas = findActionAreas(
    ms.map((m, i) => ({
      id: m.id,
      parentId: m.parent >= 0 ? ms[m.parent]!.id : null,
      normTitle: m.normTitle,
      start: measures[i]!.start,
      end: measures[i]!.end,
    })),
  );

  const detection = detect(v, lines, {
    url: input.url,
    pageTitle: input.pageTitle,
    metaFields: input.metaFields,
    meta: metaRes,
    measureCount: ms.filter((m) => !m.table).length,
    assignmentCount: assignments.length,
    deadlineCount: deadlines.length,
  });

  return {
    isPolicy: detection.score >= 0.5,
    detection,
    meta,
    measures,
    assignments,
    deadlines,
    actionAreas,
    range: [v.range[0], v.range[1]],
    engine: ENGINE_VERSION,
  };
}

function cutTitle(t: string): string {
  const i = t.search(/[。;；:：]/);
  const out = i > 0 ? t.slice(0, i) : t;
  return out.length > 60 ? out.slice(0, 60) : out;
}
