import { describe, expect, it } from 'vitest';
import { pdfMetaFields } from '../../../lib/pdf/meta';
import { buildPdfModel } from '../../../lib/pdf/model';
import { page, paragraph, run } from './helpers';

const BODY = '为进一步优化营商环境，现将有关事项通知如下：各区人民政府要加强组织领导，市发展改革委牵头，于2020年底前完成。';

describe('the span map: text offsets back to page, item and character', () => {
  it("every character of the text but the synthetic ones is its item's character", () => {
    const pages = [page([run('标题', 200, 60, 16), ...paragraph(BODY, { y: 100, perLine: 20 })]), page(paragraph(BODY, { y: 100, perLine: 20, indent: 2 }))];
    const m = buildPdfModel(pages);
    let covered = 0;
    for (const s of m.spans) {
      const item = pages[s.page]!.items[s.item]!;
      expect(m.text.slice(s.start, s.start + s.length)).toBe(item.str.slice(s.offset, s.offset + s.length));
      covered += s.length;
    }
    const synthetic = [...m.text].filter((c) => c === '\n' || c === '\t' || c === ' ').length;
    expect(covered + synthetic).toBe(m.text.length);
    expect(m.pageStarts[0]).toBe(0);
    expect(m.text.slice(m.pageStarts[1]!)).toBe(BODY);
  });

  it('spans are in text order and do not overlap; whitespace runs inside an item collapse', () => {
    const m = buildPdfModel([page([run('各区   人民政府', 90, 100), run('负责', 90, 140)])]);
    expect(m.text).toBe('各区 人民政府\n负责');
    for (let i = 1; i < m.spans.length; i++) expect(m.spans[i]!.start).toBeGreaterThanOrEqual(m.spans[i - 1]!.start + m.spans[i - 1]!.length);
    const last = m.spans.find((s) => m.text.slice(s.start, s.start + s.length) === '人民政府')!;
    expect(last.offset).toBe(5);
  });

  it('furniture is listed by item; a page of images only has no text at all', () => {
    const m = buildPdfModel([page([...paragraph(BODY, { y: 100 }), run('— 1 —', 290, 800)]), page([])]);
    expect(m.furniture[0]).toEqual([paragraph(BODY, { y: 100 }).length]);
    expect(m.pageStarts).toHaveLength(2);
    expect(buildPdfModel([page([]), page([{ str: ' ', x: 0, y: 0, width: 3, height: 0 }])]).textChars).toBe(0);
  });
});

describe('reading order', () => {
  it('a side menu beside the body is read apart from it, not line by line with it', () => {
    const menu = ['信息公开', '政府文件', '规划计划', '财政资金', '民生实事'].map((s, i) => run(s, 10, 120 + i * 11, 9));
    const body = paragraph(BODY + BODY, { x0: 150, y: 118, perLine: 30, pitch: 15, size: 12 });
    const m = buildPdfModel([page([run('大竹县人民政府 首页 信息公开 政务动态 便民服务', 10, 80, 9), ...menu, ...body])]);
    expect(m.text.split('\n')).toEqual([
      '大竹县人民政府 首页 信息公开 政务动态 便民服务',
      '信息公开',
      '政府文件',
      '规划计划',
      '财政资金',
      '民生实事',
      BODY + BODY,
    ]);
  });
});

describe('metadata printed in the PDF', () => {
  it.each([
    [
      'a meta table row',
      '索引号：\t000014349/2018-00223\t主题分类：\t农业\n发文机关：\t国务院\t成文日期：\t2018年12月21日',
      { 索引号: '000014349/2018-00223', 主题分类: '农业', 发文机关: '国务院', 成文日期: '2018年12月21日' },
    ],
    [
      'label and value in one cell, two fields in a cell',
      '发文字号：\t国办发〔2018〕128号 发布日期： 2019年01月21日',
      { 发文字号: '国办发〔2018〕128号', 发布日期: '2019年01月21日' },
    ],
    [
      'labels stacked in a cell, their values in the next',
      '发布机构： 成文日期：\t立山区人民政府 2023-03-28',
      { 发布机构: '立山区人民政府', 成文日期: '2023-03-28' },
    ],
    [
      'labels wrapped in a narrow label column (标 / 题：), their values in the next cells',
      '发文机关：标 发文字号：\t题：\t国务院\t国发〔2015〕40号\t国务院关于积极推进"互联网+"行动的指导意见',
      { 发文机关: '国务院', 发文字号: '国发〔2015〕40号', 标题: '国务院关于积极推进"互联网+"行动的指导意见' },
    ],
    [
      'labels stacked over values that are not cells of their own: none guessed',
      '索引号：文号：\t11210304/2023-00021鞍立政发〔2023〕2号\t发布机构：成文日期：\t立山区人民政府2023-03-28',
      {},
    ],
    ['runs in a line', '来源:信息公开办 发布日期:2016-03-01', { 来源: '信息公开办', 发布日期: '2016-03-01' }],
    ['a sentence that mentions a label is no field', '信息来源：本报讯，近日，市政府召开常务会议，研究部署有关工作。', {}],
    ['a label with no value is none', '标题：\t发文字号：', {}],
  ])('%s', (_, text, want) => {
    expect(pdfMetaFields(text)).toEqual(want);
  });
});
