import type { PdfPageText, PdfTextItem } from '../../../lib/pdf/types';

/** One run of text at (x, y top) in a font of `size`; CJK glyphs are `size` wide, others half. */
export function run(str: string, x: number, y: number, size = 10): PdfTextItem {
  const width = [...str].reduce((w, c) => w + (/[\u2e80-\uffef]/.test(c) ? size : size / 2), 0);
  return { str, x, y, width, height: size };
}

/** A page (A4 points) of runs. */
export function page(items: PdfTextItem[], width = 595, height = 842): PdfPageText {
  return { width, height, items };
}

/**
 * A paragraph set in lines of `perLine` CJK characters from x0, one line every `pitch` points
 * from y; the first line indented by `indent` characters.
 */
export function paragraph(text: string, opts: { x0?: number; y: number; perLine?: number; size?: number; pitch?: number; indent?: number }): PdfTextItem[] {
  const { x0 = 90, y, perLine = 40, size = 10, pitch = 16, indent = 0 } = opts;
  const chars = [...text];
  const out: PdfTextItem[] = [];
  let i = 0;
  let line = 0;
  while (i < chars.length) {
    const room = perLine - (line === 0 ? indent : 0);
    const part = chars.slice(i, i + room).join('');
    out.push(run(part, x0 + (line === 0 ? indent * size : 0), y + line * pitch, size));
    i += room;
    line++;
  }
  return out;
}
