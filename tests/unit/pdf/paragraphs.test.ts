import { describe, expect, it } from 'vitest';
import { buildPdfModel } from '../../../lib/pdf/model';
import { page, paragraph, run } from './helpers';

const LONG = '各地区各部门要切实加强组织领导，细化工作措施，明确责任分工，确保各项任务落到实处，取得实效并按时完成。';

const lines = (items: ReturnType<typeof run>[], pages?: ReturnType<typeof run>[][]) =>
  buildPdfModel(pages ? pages.map((p) => page(p)) : [page(items)]).text.split('\n');

describe('paragraphs: lines of a PDF joined as the web page shows them', () => {
  it('CJK lines that fill the line join without a space; the paragraph ends at its short last line', () => {
    expect(lines([...paragraph(LONG, { y: 100, perLine: 20 }), ...paragraph('下一段。', { y: 164 })])).toEqual([LONG, '下一段。']);
  });

  it('Latin words across a line break join with one space', () => {
    const full = (str: string, y: number) => ({ ...run(str, 90, y), width: 200 });
    const items = [full('implementation of the plan', 90), full('is due by the end of', 106), run('2025.', 90, 122)];
    expect(lines(items)).toEqual(['implementation of the plan is due by the end of 2025.']);
  });

  it.each([
    ['一、', '一、总体要求'],
    ['（一）', '（一）指导思想'],
    ['1.', '1.加强统筹协调'],
    ['（1）', '（1）建立台账'],
    ['①', '①按季度报送'],
    ['第一条', '第一条为了规范管理'],
  ])('a line that begins with a heading number (%s) begins a paragraph', (_, head) => {
    const items = [...paragraph(LONG.slice(0, 20), { y: 100, perLine: 20 }), run(head, 90, 116), ...paragraph(LONG, { y: 200, perLine: 20 })];
    expect(lines(items)).toContain(head);
  });

  it('an indented line begins a paragraph (two-character indent of Chinese text)', () => {
    const items = [...paragraph(LONG.slice(0, 20), { y: 100, perLine: 20 }), ...paragraph(LONG, { y: 116, perLine: 20, indent: 2 })];
    expect(lines(items)).toEqual([LONG.slice(0, 20), LONG]);
  });

  it('a signature set to the right is a paragraph of its own, and so is its date', () => {
    const items = [...paragraph(LONG, { y: 100, perLine: 20 }), run('某某市人民政府办公室', 190, 200), run('2024年3月1日', 220, 216)];
    expect(lines(items).slice(-2)).toEqual(['某某市人民政府办公室', '2024年3月1日']);
  });

  it('a title in a larger font wrapped over two lines is one line of text', () => {
    const items = [
      run('国务院关于加快推进农业机械化和农机装备', 90, 60, 18),
      run('产业转型升级的指导意见', 150, 82, 18),
      ...paragraph(LONG, { y: 140, perLine: 20 }),
    ];
    expect(lines(items)[0]).toBe('国务院关于加快推进农业机械化和农机装备产业转型升级的指导意见');
  });

  it('a paragraph that runs on to the next page joins across the page break', () => {
    const p1 = paragraph(LONG.slice(0, 40), { y: 700, perLine: 20 });
    const p2 = [...paragraph(LONG.slice(40), { y: 80, perLine: 20 }), ...paragraph(LONG, { y: 200, perLine: 20, indent: 2 })];
    expect(lines([], [p1, p2])[0]).toBe(LONG);
  });
});
