// @vitest-environment jsdom
import { describe, it, expect } from 'vitest';
import { extractTextModel } from '../../../lib/text/extract';
import { rangeFromOffsets, offsetsFromRange, offsetAtPoint, segmentAtOrAfter } from '../../../lib/highlight/ranges';

function page(html: string): Document {
  return new DOMParser().parseFromString(`<!doctype html><html><body>${html}</body></html>`, 'text/html');
}

const HTML = `<div id="UCAP-CONTENT">
<p>　　<strong>二、重点行动</strong></p>
<p>　　（一）“互联网+”创业创新。充分发挥互联网的<span class="hl">创新</span>驱动作用。（发展改革委、科技部、工业和信<span>息化部</span>、人力资源社会保障部等负责，列第一位者为牵头部门，下同）</p>
<p>　　到2018年，<a href="#x">推动</a>互联网与经济社会各领域的融合发展进一步深化。<br>　　到2025年，网络化、智能化、服务化、协同化的“互联网+”产业生态体系基本完善。</p>
<table><tr><td>牵头单位</td><td>完成时限</td></tr><tr><td>发展改革委&nbsp;&nbsp;科技部</td><td>2018年底前</td></tr></table>
<div style="display:none">隐藏的文字</div>
<p>　　国务院<br>2015年7月1日</p></div>`;

describe('rangeFromOffsets', () => {
  const doc = page(HTML);
  const m = extractTextModel(doc);

  it('round-trips every substring quoted in the text, across inline markup and <br>', () => {
    const quotes = [
      '工业和信息化部',
      '创新驱动作用',
      '推动互联网与经济社会',
      '2018年，推动',
      '二、重点行动',
      '国务院\n2015年7月1日',
      '发展改革委 科技部\t2018年底前',
    ];
    for (const q of quotes) {
      const start = m.text.indexOf(q);
      expect(start, q).toBeGreaterThanOrEqual(0);
      const r = rangeFromOffsets(m, start, start + q.length, doc)!;
      expect(r, q).not.toBeNull();
      // The DOM text of the range, with whitespace normalized like the model, is the quote minus synthetic breaks.
      const domText = r.toString().replace(/[\s\u00a0]+/g, ' ');
      expect(domText.replace(/ /g, ''), q).toBe(q.replace(/[\n\t ]/g, ''));
      expect(offsetsFromRange(m, r), q).toEqual([start, start + q.length]);
    }
  });

  it('splits a word across spans correctly', () => {
    const start = m.text.indexOf('工业和信息化部');
    const r = rangeFromOffsets(m, start, start + 7)!;
    expect(r.startContainer.textContent).toContain('工业和信');
    expect(r.endContainer.textContent).toBe('息化部');
    expect(r.endOffset).toBe(3);
  });

  it('steps over synthetic line breaks at the edges and returns null for breaks alone', () => {
    const nl = m.text.indexOf('\n', m.text.indexOf('下同'));
    expect(rangeFromOffsets(m, nl, nl + 1)).toBeNull();
    const r = rangeFromOffsets(m, nl, nl + 3)!;
    expect(r.toString()).toBe('　　');
    expect(rangeFromOffsets(m, 5, 5)).toBeNull();
    expect(rangeFromOffsets(m, -10, 2)!.toString()).toBe('　　');
    expect(rangeFromOffsets(m, Number.NaN, 2)).toBeNull();
  });

  it('maps a collapsed space (two &nbsp;) to a real DOM position', () => {
    const i = m.text.indexOf('发展改革委 科技部');
    const r = rangeFromOffsets(m, i + 5, i + 6)!;
    expect(r.toString()).toBe('\u00a0');
  });

  it('returns null for a stale model (node removed)', () => {
    const d2 = page('<p>第一段文字</p><p>第二段文字</p>');
    const m2 = extractTextModel(d2);
    d2.body.lastElementChild!.remove();
    expect(rangeFromOffsets(m2, 6, 9)).toBeNull();
    expect(rangeFromOffsets(m2, 0, 3)!.toString()).toBe('第一段');
  });

  it('binary search finds segments at and after synthetic gaps', () => {
    const nl = m.text.indexOf('\n');
    const i = segmentAtOrAfter(m, nl);
    expect(m.segments[i]!.start).toBe(nl + 1);
  });
});

describe('offsetsFromRange', () => {
  const doc = page(HTML);
  const m = extractTextModel(doc);

  it('handles element boundary containers (selecting whole paragraphs)', () => {
    const ps = doc.querySelectorAll('p');
    const r = doc.createRange();
    r.setStart(ps[1]!, 0);
    r.setEnd(ps[2]!, 0);
    const [s, e] = offsetsFromRange(m, r)!;
    expect(m.text.slice(s, e)).toMatch(/^　　（一）“互联网\+”创业创新。[\s\S]*下同）$/);
  });

  it('handles selectNodeContents on an inline element and on a table cell', () => {
    const r = doc.createRange();
    r.selectNodeContents(doc.querySelector('span.hl')!);
    const [s, e] = offsetsFromRange(m, r)!;
    expect(m.text.slice(s, e)).toBe('创新');
    const td = doc.querySelectorAll('td')[3]!;
    r.selectNode(td);
    const [s2, e2] = offsetsFromRange(m, r)!;
    expect(m.text.slice(s2, e2)).toBe('2018年底前');
  });

  it('handles boundaries inside collapsed whitespace and inside skipped content', () => {
    const td = doc.querySelectorAll('td')[2]!;
    const t = td.firstChild as Text; // "发展改革委\u00a0\u00a0科技部"
    const r = doc.createRange();
    r.setStart(t, 6); // second nbsp, dropped by the model
    r.setEnd(t, t.length);
    const [s, e] = offsetsFromRange(m, r)!;
    expect(m.text.slice(s, e)).toBe('科技部');
    const hidden = doc.querySelector('div[style]')!.firstChild as Text;
    r.setStart(hidden, 2);
    r.setEnd(doc.querySelectorAll('p')[3]!.lastChild!, 4);
    const [s2, e2] = offsetsFromRange(m, r)!;
    expect(m.text.slice(s2, e2)).toBe('　　国务院\n2015');
  });

  it('returns null for a collapsed range or one covering only skipped text', () => {
    const r = doc.createRange();
    const hidden = doc.querySelector('div[style]')!;
    r.selectNodeContents(hidden);
    expect(offsetsFromRange(m, r)).toBeNull();
    r.setStart(doc.body, 0);
    r.collapse(true);
    expect(offsetsFromRange(m, r)).toBeNull();
  });
});

describe('offsetAtPoint', () => {
  it('uses caretPositionFromPoint, else caretRangeFromPoint, else null', () => {
    const doc = page('<p>（三）<b>工业和信息化部</b>牵头</p>');
    const m = extractTextModel(doc);
    const b = doc.querySelector('b')!.firstChild as Text;
    expect(offsetAtPoint(m, doc, 10, 10)).toBeNull();
    (doc as unknown as { caretRangeFromPoint: unknown }).caretRangeFromPoint = () => {
      const r = doc.createRange();
      r.setStart(b, 2);
      return r;
    };
    expect(m.text[offsetAtPoint(m, doc, 10, 10)!]).toBe('和');
    (doc as unknown as { caretPositionFromPoint: unknown }).caretPositionFromPoint = () => ({ offsetNode: b, offset: 7 });
    // At the end of a node: the last character (the caret follows it).
    expect(m.text[offsetAtPoint(m, doc, 10, 10)!]).toBe('部');
  });
});
