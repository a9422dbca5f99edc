/**
 * The PDF text model: what a PDF's text layer gives (per page, positioned runs of text) and
 * what the engine reads from it (the same shape as a web page's text model: one string, blocks
 * as '\n'-separated lines, a table's cells separated by '\t', the tables' grids in text offsets).
 *
 * Why its own input type: the rules of lib/pdf work on positions only, so they are written and
 * tested without pdf.js; the adapter that reads a real PDF (tools/pipeline/pdf.ts in Node, the
 * viewer later) turns pdf.js's `getTextContent()` items into `PdfTextItem`s, in top-left
 * coordinates (y grows downwards, as on screen), one `PdfTextItem` per pdf.js item in the same
 * order, so an item index here is the index of pdf.js's text-layer span.
 */
import type { TextTable } from '../text/types';

/** One run of text as the PDF draws it (pdf.js `TextItem`, coordinates converted to top-left). */
export interface PdfTextItem {
  str: string;
  /** Left edge of the run, in page units (PDF points at scale 1). */
  x: number;
  /** Top edge of the run's box (baseline minus the font height). */
  y: number;
  width: number;
  /** The font height; 0 for pdf.js's synthetic spaces. */
  height: number;
  fontName?: string;
  /** pdf.js: a line break follows this item in the content stream. */
  hasEOL?: boolean;
}

export interface PdfPageText {
  width: number;
  height: number;
  items: PdfTextItem[];
}

/**
 * A run of the model text copied from one item: `text[start, start + length)` equals
 * `pages[page].items[item].str[offset, offset + length)`. Synthetic characters (the '\n' between
 * blocks, the '\t' between cells, a space joining two runs) belong to no span.
 */
export interface PdfSpan {
  start: number;
  length: number;
  page: number;
  item: number;
  offset: number;
}

export interface PdfTextModel {
  text: string;
  /** The analysed range: the whole text (a PDF has no site chrome to leave out). */
  content: [number, number];
  /** The tables recovered from positions, in text offsets (lib/text's `TextTable`). */
  tables: TextTable[];
  /** Text offset → (page, item, char), in text order. */
  spans: PdfSpan[];
  /** Where each page's text starts in `text` (pageStarts[0] = 0). */
  pageStarts: number[];
  /** Items left out as running headers, footers and page numbers: per page, the item indices. */
  furniture: number[][];
  /** Characters of text the pages carry; 0 for a scanned PDF (images only, no text layer). */
  textChars: number;
}
