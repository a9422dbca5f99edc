/**
 * The text model of a page: one string for the page body plus a map from text offsets back
 * to DOM positions. Analysis offsets, annotation selectors and highlight ranges all use it.
 *
 * Rules (lib/text/extract.ts implements them):
 * - block elements (p, div, h1-6, li, tr, section, article, br, ...) become "\n" (runs collapsed);
 * - table cells are separated by "\t";
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
  /** Segments in text order; synthetic characters (\n, \t) belong to no segment. */
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
}
