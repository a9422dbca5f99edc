/** Flattening the outline tree into the rows currently shown (for rendering and arrow-key navigation). */
import type { ViewIndex } from './model-index';

export interface TreeRow {
  id: string;
  depth: number;
  /** Visible children (after filtering). */
  childCount: number;
  expanded: boolean;
  /** 1-based position among visible siblings, and their count (aria-posinset / aria-setsize). */
  posInSet: number;
  setSize: number;
  parentId: string | null;
}

/**
 * Rows of the visible tree in document order. Collapsed subtrees contribute nothing (so a
 * 500-measure document renders only what is open). `visible` limits the tree (filter result).
 */
export function visibleRows(index: ViewIndex, isExpanded: (id: string) => boolean, visible?: ReadonlySet<string>): TreeRow[] {
  const rows: TreeRow[] = [];
  const show = (id: string) => !visible || visible.has(id);
  const walk = (ids: string[], parentId: string | null) => {
    const shown = ids.filter(show);
    shown.forEach((id, i) => {
      const n = index.nodes.get(id)!;
      const kids = n.children.filter(show);
      const expanded = kids.length > 0 && isExpanded(id);
      rows.push({ id, depth: n.depth, childCount: kids.length, expanded, posInSet: i + 1, setSize: shown.length, parentId });
      if (expanded) walk(kids, id);
    });
  };
  walk(index.roots, null);
  return rows;
}
