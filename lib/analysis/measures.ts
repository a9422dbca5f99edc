/**
 * Stage "measures": each part's outline (lib/analysis/outline) with its task tables' sections
 * and rows placed in it, as one list in tree order (each measure before its children, siblings by
 * position). Positions are the compact view's; `outputMeasures` maps them to the page's text.
 *
 * Ids are ordinal paths ("2.3.1"), with the part's letter after the first part ("A1.2"); a table
 * whose row numbers would clash with the outline's gets its own level ("2.T1.3").
 */
import type { Measure } from './types';
import { lastAtOrBefore, type Line } from './lines';
import { origAt, origEnd, rawSlice, type TextView } from './normalize';
import { matchMarker, parseOutline, pathMarker } from './outline';
import { parseCnNumber } from './numerals';
import type { Part } from './parts';
import type { TableMeasure, TableSection, TaskTable } from './tables';

/** A measure while the engine builds the model (compact positions). */
export interface EngineMeasure {
  id: string;
  parent: EngineMeasure | null;
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
type M = EngineMeasure;

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** A task or section title: its first clause, at most 60 characters. */
function cutTitle(t: string): string {
  const i = t.search(/[。;；:：]/);
  const out = i > 0 ? t.slice(0, i) : t;
  return out.length > 60 ? out.slice(0, 60) : out;
}

/** Ids made unique across the document ("3" twice → "3", "3~2"). */
function idMaker(): { uniq: (id: string) => string; taken: (id: string) => boolean } {
  const ids = new Set<string>();
  return {
    uniq(id) {
      let out = id;
      for (let k = 2; ids.has(out); k++) out = `${id}~${k}`;
      ids.add(out);
      return out;
    },
    taken: (id) => ids.has(id),
  };
}

/** Each part's outline, with its task tables' sections and rows placed in it; in tree order. */
export function buildMeasures(v: TextView, lines: readonly Line[], parts: Part[], tables: readonly TaskTable[], inTable: (pos: number) => boolean): M[] {
  const ids = idMaker();
  const all: M[] = [];
  let letter = 0;
  let seenMeasures = false;
  for (const part of parts) {
    const nodes = parseOutline(v, lines, part.end, part.line, inTable);
    const partTables = tables.filter((t) => t.start >= part.start && t.start < part.end);
    const hasMeasures = nodes.length > 0 || partTables.length > 0;
    if (part.attachment || (seenMeasures && hasMeasures)) part.prefix = LETTERS[letter++ % 26]!;
    if (hasMeasures) seenMeasures = true;
    const outline = outlineMeasures(v, part, nodes, ids.uniq);
    all.push(...outline);
    partTables.forEach((t, ti) => all.push(...tableMeasures(v, part, t, ti, outline, ids)));
  }
  return treeOrder(all);
}

/** The outline nodes of one part as measures: each runs to the next node at its depth or above. */
function outlineMeasures(v: TextView, part: Part, nodes: ReturnType<typeof parseOutline>, uniq: (id: string) => string): M[] {
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
      normTitle: v.s.slice(n.markerEnd, n.titleEnd).replace(/^\s+/, ''),
      start: n.markerStart,
      end,
      headEnd: n.titleEnd > n.markerEnd ? n.titleEnd : n.markerEnd,
      path: parent ? `${parent.path} ${pmk}` : part.prefix ? `附件${part.prefix} ${pmk}` : pmk,
      row: null,
      index: -1,
    });
  });
  return local;
}

/**
 * One task table's measures: its section rows (colspan headings with a marker) and its task rows,
 * under the outline measure that contains the table (or the sections a CMS hoisted out of it).
 */
function tableMeasures(v: TextView, part: Part, t: TaskTable, ti: number, outline: readonly M[], ids: ReturnType<typeof idMaker>): M[] {
  const s = v.s;
  const hoisted = hoistedSections(s, outline, t);
  const pIdx = innermostIn(outline, t.start);
  const base = hoisted ? hoisted.parent : pIdx >= 0 ? outline[pIdx]! : null;
  const baseId = base ? `${base.id}.` : part.prefix;
  const basePath = base ? `${base.path} ` : part.prefix ? `附件${part.prefix} ` : '';
  const rowIds = t.items.filter((x): x is TableMeasure => x.kind === 'row').map((r) => `${baseId}${r.ordinal}`);
  const clash = rowIds.some((id) => ids.taken(id)) || new Set(rowIds).size !== rowIds.length;
  const tPrefix = clash ? `${baseId}T${ti + 1}.` : baseId;
  const out: M[] = [];
  let section: M | null = null;
  t.items.forEach((item, k) => {
    if (item.kind === 'section') {
      section = sectionMeasure(v, t, k, base, tPrefix, basePath, ids.uniq);
      if (section) out.push(section);
      return;
    }
    const next = t.items[k + 1];
    const parent: M | null = section ?? hoisted?.of(item.ordinal) ?? base;
    const title = item.task ? cutTitle(rawSlice(v, item.task.start, item.task.end)) : '';
    const marker = item.seq || String(item.ordinal);
    const end = next ? Math.max(item.end, next.start) : Math.max(item.end, t.end);
    out.push({
      id: ids.uniq(`${parent && parent !== base ? parent.id + '.' : tPrefix}${item.ordinal}`),
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
  return out;
}

/** A table's section row ("一、创新体制机制") as a measure running to the next section; null without a marker. */
function sectionMeasure(v: TextView, t: TaskTable, k: number, base: M | null, tPrefix: string, basePath: string, uniq: (id: string) => string): M | null {
  const item = t.items[k] as TableSection;
  const mk = matchMarker(v.s, item.cell.start, item.cell.end);
  if (!mk) return null;
  let end = t.end;
  for (let j = k + 1; j < t.items.length; j++) {
    if (t.items[j]!.kind === 'section') {
      end = t.items[j]!.start;
      break;
    }
  }
  const marker = rawSlice(v, item.cell.start, item.cell.start + mk.len);
  return {
    id: uniq(`${tPrefix}${mk.ordinal}`),
    parent: base,
    level: (base?.level ?? 0) + 1,
    marker,
    kind: mk.kind,
    ordinal: mk.ordinal,
    title: cutTitle(rawSlice(v, item.cell.start + mk.len, item.cell.end).trim()),
    normTitle: v.s.slice(item.cell.start + mk.len, item.cell.end),
    start: item.start,
    end,
    headEnd: item.cell.end,
    path: `${basePath}${pathMarker(mk.kind, marker)}`,
    row: null,
    index: -1,
  };
}

/**
 * The outline in tree order (each measure before its children, siblings by position): the same
 * as text order, except where a CMS printed a table's section headings before it. Sets `index`.
 */
function treeOrder(all: M[]): M[] {
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
export function innermostFinder(ms: readonly M[]): (pos: number) => number {
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

function trimEnd(s: string, start: number, end: number): number {
  while (end > start && /[\n\t ]/.test(s[end - 1]!)) end--;
  return end;
}

/** The model's measures: offsets in the page's text, trailing blank lines left out. */
export function outputMeasures(v: TextView, ms: readonly M[]): Measure[] {
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
