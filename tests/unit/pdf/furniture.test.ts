import { describe, expect, it } from 'vitest';
import { buildPdfModel } from '../../../lib/pdf/model';
import { page, paragraph, run } from './helpers';

const BODY = '为深入贯彻落实党中央、国务院决策部署，现就有关事项通知如下，请认真贯彻执行。';

/** A page of body text with `extra` runs (a footer, a header) added. */
const bodyPage = (extra: ReturnType<typeof run>[], n = 0) => page([...paragraph(`${BODY}第${n}页。`, { y: 300 }), ...extra]);

describe('furniture: page numbers, running headers and footers', () => {
  it.each([
    ['— 3 —', '— 3 —'],
    ['－3－', '－3－'],
    ['- 3 -', '- 3 -'],
    ['bare 3 centred', '3'],
    ['第 3 页', '第 3 页'],
    ['第3页 共12页', '第3页 共12页'],
    ['3 / 12', '3 / 12'],
  ])('a page number at the foot of the page is left out: %s', (_, num) => {
    const m = buildPdfModel([bodyPage([run(num, 290, 800)])]);
    expect(m.text).not.toContain(num);
    expect(m.text).toContain('贯彻执行');
    expect(m.furniture[0]!.length).toBe(1);
  });

  it('a GB/T 9704 number at the outer margin (odd pages right, even pages left) is left out too', () => {
    const m = buildPdfModel([bodyPage([run('— 1 —', 480, 800)]), bodyPage([run('— 2 —', 80, 800)])]);
    expect(m.text).not.toMatch(/—\s*\d\s*—/);
  });

  it('a number in the middle of the page, or a bare number that is not the last line, is text', () => {
    const mid = buildPdfModel([page([run('— 3 —', 290, 400), ...paragraph(BODY, { y: 100 })])]);
    expect(mid.text).toContain('— 3 —');
    const notLast = buildPdfModel([page([...paragraph(BODY, { y: 100 }), run('3', 290, 770), run('附注：本页之后另有附件。', 90, 800)])]);
    expect(notLast.text).toContain('3');
  });

  it('a line repeated in the top band of most pages (digits aside) is a running header', () => {
    const header = (n: number) => run(`国务院公报 2024年第${n}期`, 200, 40);
    const pages = [1, 2, 3].map((n) => bodyPage([header(n)], n));
    const m = buildPdfModel(pages);
    expect(m.text).not.toContain('国务院公报');
    expect(m.text.match(/贯彻执行/g)?.length).toBe(3);
  });

  it('a running footer repeated at the foot of the pages is left out; a line that appears once is kept', () => {
    const pages = [1, 2].map((n) => bodyPage([run('某某市人民政府办公室印发', 200, 790)], n));
    pages[0]!.items.push(run('抄送：市委办公室。', 90, 40));
    const m = buildPdfModel(pages);
    expect(m.text).not.toContain('印发');
    expect(m.text).toContain('抄送');
  });

  it('on a single page nothing but the page number is furniture', () => {
    const m = buildPdfModel([bodyPage([run('国务院公报', 200, 40), run('- 1 -', 290, 800)])]);
    expect(m.text).toContain('国务院公报');
    expect(m.text).not.toContain('- 1 -');
  });
});
