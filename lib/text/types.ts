/**
 * The text model of a page: one string for the page body plus a map from text offsets back
 * to DOM positions. Analysis offsets, annotation selectors and highlight ranges all use it.
 *
 * Rules (lib/text/extract.ts implements them):
 * - block elements (p, div, h1-6, li, tr, section, article, br, ...) become "\n" (runs collapsed);
 * - a data table's row is one line, its cells separated by "\t", one cell per grid column (a
 *   position covered by a rowspan from above, or by a colspan, is an empty cell); block breaks
 *   inside a cell become one space. Layout tables (a page built of <table>s) are blocks, their
 *   cells too (lib/text/tables.ts tells the two apart);
 * - runs of whitespace, &nbsp; inside a text node collapse to one " "; a full-width space U+3000
 *   is kept as one "\u3000" (it is meaningful indentation in Chinese text but never a word);
 * - script, style, noscript, template, hidden elements (hidden attribute, display:none when a
 *   computed style is available) and our own UI hosts ([data-policy-lens-ui]) are skipped.
 */

export interface TextSegment {
  /** Offset in the model text where this segment starts. */
  start: number;
  /** The DOM Text node it came from. */
  node: Text;
  /** For each code unit of the segment, its offset inside node.data (length = segment length). */
  offsets: Uint32Array;
}

export interface TextModel {
  text: string;
  /** Segments in text order; synthetic characters (\n, \t, the space between the lines of a table cell) belong to no segment. */
  segments: TextSegment[];
  /** The main content root's span inside `text` (article body), [0, text.length] when none found. */
  content: [number, number];
  /**
   * The element chosen as the article body (DOM models only; null when none was found or for
   * plain text). Not serializable: send `text`/`content` across contexts, never the model itself.
   */
  contentRoot?: Element | null;
  /** Labelled metadata found in the page (gov.cn table etc.): 索引号, 发文机关, 成文日期, 标题, 发文字号, 发布日期 ... */
  metaFields: Record<string, string>;
  /** document.title, or the first h1 when the title is empty. */
  pageTitle: string;
  /** The page's data tables with their real structure (rowspan/colspan), in text offsets. */
  tables: TextTable[];
}

/**
 * A data table of the text model: per grid row, per grid column, the text span [start, end) of
 * the cell covering that position, flattened as [s0, e0, s1, e1, …] (-1, -1 where no cell covers
 * it). A cell spanning rows or columns appears at every position it covers, so every row knows
 * its 序号, task, units and deadline. Numbers only: it crosses to the background with the text.
 */
export interface TextTable {
  rows: number[][];
}
