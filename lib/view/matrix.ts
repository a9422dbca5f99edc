/**
 * Responsibility matrix: units as rows, measures as columns (compact, horizontally scrolling
 * at 320 px). A cell says whether the unit leads (牵头) or takes part (参与) anywhere in the
 * column's subtree; clicking it goes to the first measure of the subtree where the unit is
 * written (`targetId`).
 *
 * Columns at `level` L are the measures at depth L, plus shallower leaves (so no assignment is
 * lost); columns with no unit at all (e.g. 一、行动要求 (一) 总体思路) are left out.
 */
import type { RoleWord } from '../analysis/types';
import type { ViewIndex, Role } from './model-index';

interface MatrixColumn {
  id: string;
  /** Compact header, e.g. "二(三)" for level 2, "二" for level 1. */
  label: string;
  title: string;
  path: string;
}

interface MatrixCell {
  role: Role;
  /** The printed role of the occurrence shown (the lead one when the unit leads anywhere in the column). */
  word: RoleWord | null;
  /** Every occurrence in the subtree is inherited (下同 / heading clause). */
  inherited: boolean;
  targetId: string;
}

interface MatrixRow {
  key: string;
  /** Written short form (most frequent). */
  label: string;
  canonical: string | null;
  /** Columns led / columns involved. */
  led: number;
  involved: number;
  firstOrder: number;
  /** Parallel to columns. */
  cells: (MatrixCell | null)[];
}

export type MatrixSort = 'led' | 'involved' | 'name' | 'document';

export interface Matrix {
  level: number;
  columns: MatrixColumn[];
  rows: MatrixRow[];
}

/** "二、(三) 3." → "二(三)3" */
export function compactPath(path: string): string {
  return path
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[、.．,，]/g, '')
    .replace(/第([一二三四五六七八九十百零〇]+)[章节条]/g, '$1');
}

/** Deepest level with at least one measure carrying units; at most 2 (readable at 320 px). */
export function defaultMatrixLevel(index: ViewIndex): number {
  let best = 1;
  for (const n of index.nodes.values()) if (n.units.length && n.depth === 2) best = 2;
  return best;
}

function subtree(index: ViewIndex, id: string): string[] {
  const out: string[] = [];
  const stack = [id];
  while (stack.length) {
    const cur = stack.pop()!;
    out.push(cur);
    const n = index.nodes.get(cur)!;
    stack.push(...[...n.children].reverse());
  }
  return out.sort((a, b) => index.nodes.get(a)!.order - index.nodes.get(b)!.order);
}

export function buildMatrix(index: ViewIndex, opts: { level?: number; sort?: MatrixSort } = {}): Matrix {
  const level = opts.level ?? defaultMatrixLevel(index);
  const sort = opts.sort ?? 'led';
  const colIds = index.measures
    .map((m) => index.nodes.get(m.id)!)
    .filter((n) => n.depth === level || (n.depth < level && n.children.length === 0))
    .map((n) => n.measure.id);

  const columns: MatrixColumn[] = [];
  const perColumn: Map<string, MatrixCell>[] = [];
  for (const id of colIds) {
    const cells = new Map<string, MatrixCell>();
    for (const mid of subtree(index, id)) {
      for (const u of index.nodes.get(mid)!.units) {
        const c = cells.get(u.key);
        if (!c) cells.set(u.key, { role: u.role, word: u.word, inherited: u.inherited, targetId: mid });
        else {
          if (u.role === 'lead' && c.role !== 'lead') {
            c.role = 'lead';
            c.word = u.word;
          }
          if (c.inherited && !u.inherited) {
            c.inherited = false;
            c.targetId = mid;
          }
        }
      }
    }
    if (!cells.size) continue;
    const m = index.nodes.get(id)!.measure;
    columns.push({ id, label: compactPath(m.path || m.marker), title: m.title, path: m.path });
    perColumn.push(cells);
  }

  const rows: MatrixRow[] = index.units
    .map((u) => {
      const cells = perColumn.map((c) => c.get(u.key) ?? null);
      return {
        key: u.key,
        label: u.labels[0] ?? u.key,
        canonical: u.canonical,
        led: cells.filter((c) => c?.role === 'lead').length,
        involved: cells.filter(Boolean).length,
        firstOrder: u.firstOrder,
        cells,
      };
    })
    .filter((r) => r.involved > 0);

  const byDoc = (a: MatrixRow, b: MatrixRow) => a.firstOrder - b.firstOrder;
  const cmp: Record<MatrixSort, (a: MatrixRow, b: MatrixRow) => number> = {
    led: (a, b) => b.led - a.led || b.involved - a.involved || byDoc(a, b),
    involved: (a, b) => b.involved - a.involved || b.led - a.led || byDoc(a, b),
    name: (a, b) => (a.canonical ?? a.label).localeCompare(b.canonical ?? b.label, 'zh-Hans-CN') || byDoc(a, b),
    document: byDoc,
  };
  rows.sort(cmp[sort]);
  return { level, columns, rows };
}
