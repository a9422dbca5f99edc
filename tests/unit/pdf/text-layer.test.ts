/** The PDF text model over pdf.js's text layer: items to page coordinates, spans to the text layer's text nodes. */
// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { rangeFromOffsets } from '../../../lib/highlight/ranges';
import { buildPdfModel } from '../../../lib/pdf/model';
import { pageText, textLayerModel } from '../../../lib/pdf/text-layer';

describe('pageText', () => {
  it('turns pdf.js items into top-left page coordinates at scale 1 (y: baseline less the font height)', () => {
    // an A4 page's viewport at scale 1 flips y: [1, 0, 0, -1, 0, 842]
    const page = pageText(
      [
        { str: '国务院办公厅', transform: [16, 0, 0, 16, 100, 742], width: 96, height: 16, fontName: 'f1', hasEOL: true },
        { str: ' ', transform: [16, 0, 0, 16, 196, 742], width: 4, height: 0 },
      ],
      [1, 0, 0, -1, 0, 842],
      595,
      842,
    );
    expect(page).toEqual({
      width: 595,
      height: 842,
      items: [
        { str: '国务院办公厅', x: 100, y: 84, width: 96, height: 16, fontName: 'f1', hasEOL: true },
        { str: ' ', x: 196, y: 84, width: 4, height: 0 },
      ],
    });
  });
});

describe('textLayerModel', () => {
  it('maps the model text to the text layer spans, so an offset range is a DOM range on them', () => {
    const item = (str: string, x: number, y: number) => ({ str, x, y, width: str.length * 12, height: 12 });
    const pages = [{ width: 595, height: 842, items: [item('一、加强组织领导', 72, 100), item('（发展改革委牵头）', 72, 130)] }];
    const pdf = buildPdfModel(pages);
    const layer = document.createElement('div');
    const spans = pages[0]!.items.map((it) => {
      const s = document.createElement('span');
      s.textContent = it.str;
      layer.append(s);
      return s;
    });
    document.body.append(layer);
    const tm = textLayerModel(pdf, [spans], { metaFields: {}, pageTitle: 'x' });
    expect(tm.text).toBe(pdf.text);
    const at = tm.text.indexOf('发展改革委');
    const range = rangeFromOffsets(tm, at, at + 5)!;
    expect(range.toString()).toBe('发展改革委');
    expect(range.startContainer.parentElement).toBe(spans[1]);
    // a span the layer did not draw (pdf.js stops after its limit) is left out, not painted elsewhere
    const partial = textLayerModel(pdf, [[spans[0]!]], { metaFields: {}, pageTitle: 'x' });
    expect(rangeFromOffsets(partial, at, at + 5)).toBeNull();
  });
});
