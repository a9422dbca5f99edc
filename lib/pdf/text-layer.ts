/**
 * The PDF's text model as a DOM text model (lib/text TextModel) over pdf.js's text layer, so the
 * painter, the hit-testing and the selection code work on a PDF as on a web page: each of the
 * model's spans (text offset → page, item, char) becomes a segment on the text node of that
 * item's span in the text layer. Also: pdf.js text items → lib/pdf's input (top-left page
 * coordinates at scale 1), the one conversion the viewer and the Node adapter share.
 */
import type { TextModel, TextSegment } from '../text/types';
import type { PdfPageText, PdfTextItem, PdfTextModel } from './types';

/** A pdf.js TextItem (`getTextContent()` without marked content), as far as it is read here. */
export interface PdfjsItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
  fontName?: string;
  hasEOL?: boolean;
}

/** a × b, 2D affine matrices as pdf.js writes them ([a, b, c, d, e, f]). */
function multiply(m1: readonly number[], m2: readonly number[]): number[] {
  const [a1 = 1, b1 = 0, c1 = 0, d1 = 1, e1 = 0, f1 = 0] = m1;
  const [a2 = 1, b2 = 0, c2 = 0, d2 = 1, e2 = 0, f2 = 0] = m2;
  return [a1 * a2 + c1 * b2, b1 * a2 + d1 * b2, a1 * c2 + c1 * d2, b1 * c2 + d1 * d2, a1 * e2 + c1 * f2 + e1, b1 * e2 + d1 * f2 + f1];
}

/**
 * One page's items in top-left coordinates, from the page's viewport transform at scale 1 (y
 * grows downwards; an item's y is its baseline less its font height). One PdfTextItem per item,
 * in order: item i is the text layer's span i.
 */
export function pageText(items: readonly PdfjsItem[], viewportTransform: readonly number[], width: number, height: number): PdfPageText {
  const out: PdfTextItem[] = items.map((raw) => {
    const [, , c = 0, d = 0, e = 0, f = 0] = multiply(viewportTransform, raw.transform);
    const fontHeight = Math.hypot(c, d);
    const item: PdfTextItem = { str: raw.str, x: e, y: f - fontHeight, width: raw.width, height: raw.height ? fontHeight : 0 };
    if (raw.fontName) item.fontName = raw.fontName;
    if (raw.hasEOL) item.hasEOL = true;
    return item;
  });
  return { width, height, items: out };
}

/**
 * The text model over the rendered text layers: `spansOf[page][item]` is the text layer's span
 * for that item (pdf.js `TextLayer.textDivs`). A span whose node is missing or shorter than the
 * model expects is left out (the text there is not painted, never painted somewhere else).
 */
export function textLayerModel(pdf: PdfTextModel, spansOf: readonly (readonly Element[])[], extra: Pick<TextModel, 'metaFields' | 'pageTitle'>): TextModel {
  const segments: TextSegment[] = [];
  for (const s of pdf.spans) {
    const node = spansOf[s.page]?.[s.item]?.firstChild;
    if (!node || node.nodeType !== 3 || (node as Text).data.length < s.offset + s.length) continue;
    const offsets = new Uint32Array(s.length);
    for (let k = 0; k < s.length; k++) offsets[k] = s.offset + k;
    segments.push({ start: s.start, node: node as Text, offsets });
  }
  return { text: pdf.text, segments, content: pdf.content, metaFields: extra.metaFields, pageTitle: extra.pageTitle, tables: pdf.tables };
}
