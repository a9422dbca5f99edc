// @vitest-environment jsdom
import { describe, it, expect, afterEach, vi } from 'vitest';
import { cleanup, fireEvent, screen, within } from '@testing-library/preact';
import { seedFixture } from './fixtures/seed-model';
import { mockActions, readyState, renderPanel } from './helpers';
import type { Annotation } from '../../../lib/annotations/types';
import type { SearchResult } from '../../../components/sidepanel/types';
import { HIGHLIGHT_NAMES, sampleCss } from '../../../components/common/palette';
import { highlightCss as painterCss } from '../../../lib/highlight/painter';

afterEach(cleanup);
const seed = seedFixture();
const openTab = (name: string) => fireEvent.click(screen.getByRole('tab', { name: new RegExp(`^${name}`) }));

describe('responsibility matrix', () => {
  it('units as rows sorted by measures led, compact measure columns, 牵 cells and the printed role of the others', () => {
    renderPanel(readyState(seed));
    openTab('责任矩阵');
    const table = screen.getByRole('table');
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((th) => th.textContent);
    expect(headers).toEqual(['单位', '二(一)', '二(二)', '二(三)', '二(四)', '二(五)', '二(六)', '二(七)', '二(八)']);
    const rows = within(table).getAllByRole('row').slice(1);
    const first = rows[0]!;
    expect(within(first).getByRole('rowheader').textContent).toContain('发展改革委');
    expect(within(first).getByRole('rowheader').textContent).toContain('牵头 5 · 参与 8');
    const miit = rows.find((r) => within(r).getByRole('rowheader').textContent!.startsWith('工业和信息化部'))!;
    const cells = within(miit).getAllByRole('button').slice(1); // first button is the row header
    expect(cells.map((b) => b.textContent)).toEqual(['配', '牵', '配', '配', '配', '配']);
    expect(cells[0]!.getAttribute('aria-label')).toMatch(/配合$/);
    expect(cells[1]!.getAttribute('aria-label')).toBe('工业和信息化部：二、(二) 牵头');
    expect(cells[1]!.className).toContain('pl-cell--lead');
  });

  it('clicking a cell scrolls to the measure; the row header filters the outline by that unit', () => {
    const { actions } = renderPanel(readyState(seed));
    openTab('责任矩阵');
    fireEvent.click(screen.getByRole('button', { name: '工业和信息化部：二、(二) 牵头' }));
    expect(actions.scrollToMeasure).toHaveBeenCalledWith('2.2');
    fireEvent.click(screen.getByRole('button', { name: '能源局' }));
    expect(screen.getByRole('tab', { name: '大纲' }).getAttribute('aria-selected')).toBe('true');
    expect((screen.getByLabelText('单位') as HTMLSelectElement).value).toBe('国家能源局');
    expect(screen.getAllByRole('treeitem').map((li) => li.getAttribute('data-measure-id'))).toEqual(['2', '2.4', '2.4.1', '2.4.2', '2.4.3', '2.4.4']);
  });

  it('sort and column level can be changed', () => {
    renderPanel(readyState(seed));
    openTab('责任矩阵');
    fireEvent.change(screen.getByLabelText(/排序/), { target: { value: 'document' } });
    const firstUnits = () =>
      within(screen.getByRole('table'))
        .getAllByRole('rowheader')
        .map((th) => th.querySelector('button')!.textContent);
    expect(firstUnits().slice(0, 3)).toEqual(['发展改革委', '科技部', '工业和信息化部']);
    fireEvent.change(screen.getByLabelText(/列/), { target: { value: '1' } });
    expect(
      within(screen.getByRole('table'))
        .getAllByRole('columnheader')
        .map((th) => th.textContent),
    ).toEqual(['单位', '二']);
  });
});

describe('timeline', () => {
  it('past apart from upcoming relative to today; click goes to the measure', () => {
    const { actions } = renderPanel(readyState(seed, { today: '2020-01-01' }));
    openTab('时间表');
    const upcoming = screen.getByRole('region', { name: /即将到来/ });
    const past = screen.getByRole('region', { name: /已过期/ });
    expect(within(upcoming).getByRole('button').textContent).toContain('2025-12-31');
    expect(within(upcoming).getByRole('button').textContent).toContain('还有 2191 天');
    expect(within(past).getByRole('button').textContent).toContain('2018-12-31');
    expect(within(past).getByRole('button').textContent).toContain('已过 366 天');
    expect(within(past).getByRole('button').textContent).toContain('一、(三) 发展目标');
    fireEvent.click(within(past).getByRole('button'));
    expect(actions.scrollToMeasure).toHaveBeenCalledWith('1.3');
  });

  it('recurring, ongoing and undated groups with the lead unit', () => {
    const model = structuredClone(seed.model);
    const base = model.deadlines[0]!;
    model.deadlines.push(
      { ...base, text: '每年', date: null, kind: 'recurring', measureId: '2.2.1', start: 9000, end: 9002 },
      { ...base, text: '长期坚持', date: null, kind: 'ongoing', measureId: '2.4', start: 9100, end: 9104 },
      { ...base, text: '三年内', date: null, kind: 'relative', measureId: '2.6.2', start: 9200, end: 9203 },
    );
    renderPanel(readyState({ ...seed, model }));
    openTab('时间表');
    const rec = screen.getByRole('region', { name: /定期/ });
    expect(rec.textContent).toContain('每年');
    expect(rec.textContent).toContain('牵头工业和信息化部、发展改革委、科技部');
    expect(screen.getByRole('region', { name: /长期/ }).textContent).toContain('牵头能源局');
    expect(screen.getByRole('region', { name: /未定日期/ }).textContent).toContain('三年内');
  });

  it('says so when there are no deadlines', () => {
    renderPanel(readyState({ ...seed, model: { ...seed.model, deadlines: [] } }));
    openTab('时间表');
    expect(screen.getByText('本文件没有识别到完成时限。')).toBeTruthy();
  });
});

describe('legend', () => {
  it('toggles call setHighlightSetting; categories disabled when master is off', () => {
    const actions = mockActions();
    const { unmount } = renderPanel(readyState(seed), actions);
    openTab('图例');
    fireEvent.click(screen.getByLabelText('牵头单位'));
    expect(actions.setHighlightSetting).toHaveBeenCalledWith('lead', false);
    fireEvent.click(screen.getByLabelText('在页面上显示标注'));
    expect(actions.setHighlightSetting).toHaveBeenCalledWith('master', false);
    unmount();
    renderPanel(readyState(seed, { settings: { master: false, area: true, lead: true, co: false, deadline: true, cite: true } }), actions);
    openTab('图例');
    expect((screen.getByLabelText('重点行动') as HTMLInputElement).disabled).toBe(true);
    expect((screen.getByLabelText('责任单位') as HTMLInputElement).checked).toBe(false);
    expect(screen.getByText('标注已全部关闭。')).toBeTruthy();
  });

  it("samples use the page highlight names with exactly the painter's declarations", () => {
    renderPanel(readyState(seed));
    openTab('图例');
    const samples = [...document.querySelectorAll('[data-highlight]')];
    expect(samples.map((e) => e.getAttribute('data-highlight'))).toEqual([...HIGHLIGHT_NAMES]);
    for (const e of samples) expect(e.classList.contains(`pl-sample-${e.getAttribute('data-highlight')}`)).toBe(true);
    const css = document.querySelector('.pl-legend style')!.textContent!;
    const decl = (sheet: string, sel: string) => new RegExp(`${sel.replace(/[().]/g, '\\$&')} \\{([^}]*)\\}`).exec(sheet)?.[1];
    for (const n of HIGHLIGHT_NAMES) {
      const page = decl(painterCss('light'), `::highlight(${n})`);
      expect(page, n).toBeTruthy();
      expect(decl(css, `.pl-sample-${n}`)).toBe(page);
    }
    expect(decl(sampleCss('dark'), '.pl-sample-pl-lead')).toBe(decl(painterCss('dark'), '::highlight(pl-lead)'));
  });
});

const ann = (id: string, start: number, exact: string, note: string, measureId: string | null): Annotation => ({
  id,
  docId: 'doc1',
  target: {
    source: 'https://www.gov.cn/zhengce/content/2015-07/04/content_10002.htm',
    quote: { type: 'TextQuoteSelector', exact, prefix: '', suffix: '' },
    position: { type: 'TextPositionSelector', start, end: start + exact.length },
    measureId,
  },
  color: 'yellow',
  note,
  tags: ['重点'],
  created: '2024-01-01T00:00:00Z',
  modified: '2024-01-01T00:00:00Z',
});

describe('annotations tab', () => {
  const m22 = seed.model.measures.find((m) => m.id === '2.2')!;
  const m11 = seed.model.measures.find((m) => m.id === '1.1')!;
  const annotations = [
    ann('a2', m22.start + 5, '协同制造', '<b>注意</b>工信部牵头', null),
    ann('a1', m11.start + 3, '总体思路', '看这里', '1.1'),
    ann('a3', m22.start + 8, '制造业融合', '', '2.2'),
  ];
  const orphan = ann('o1', 0, '已删除的段落', '原批注', '2.9');

  it('groups this page’s annotations by measure in document order; user text stays text', () => {
    const { container } = renderPanel(readyState(seed, { annotations, orphans: [{ annotation: orphan, reason: '原文已找不到' }] }));
    openTab('批注');
    expect(screen.getByRole('tab', { name: /批注 4/ })).toBeTruthy();
    const groups = [...container.querySelectorAll('.pl-ann-group')];
    expect(groups.map((g) => g.querySelector('h3')!.textContent)).toEqual(['一、(一) 总体思路', '二、(二) "互联网+"协同制造']);
    expect([...groups[1]!.querySelectorAll('blockquote')].map((q) => q.textContent)).toEqual(['协同制造', '制造业融合']);
    expect(screen.getByText('<b>注意</b>工信部牵头')).toBeTruthy();
    expect(container.querySelector('.pl-ann__note b')).toBeNull();
    expect(container.querySelector('.pl-ann__swatch')!.classList.contains('pl-sample-pl-user-yellow')).toBe(true);
  });

  it('orphans listed apart with quote, note and reason; 重新定位 calls reattachOrphan', () => {
    const { actions } = renderPanel(readyState(seed, { annotations, orphans: [{ annotation: orphan, reason: '原文已找不到' }] }));
    openTab('批注');
    const sec = screen.getByRole('region', { name: /未能定位的批注/ });
    expect(sec.textContent).toContain('已删除的段落');
    expect(sec.textContent).toContain('原批注');
    expect(sec.textContent).toContain('原因：原文已找不到');
    fireEvent.click(within(sec).getByRole('button', { name: '重新定位' }));
    expect(actions.reattachOrphan).toHaveBeenCalledWith('o1');
  });

  it.each([
    ['zh_CN', 'not-found', '原因：引文在页面中找不到'],
    ['en', 'not-found', 'The quote is not on the page'],
    ['zh_CN', 'context-mismatch: 页面中有相同或相近的文字，但上下文或位置不符，未自动定位', '原因：页面中有相同或相近的文字'],
    ['en', 'empty-quote', 'The quote is empty'],
  ] as const)('an orphan reason code is worded by the catalog (%s, %s)', (locale, reason, shown) => {
    const { container } = renderPanel(readyState(seed, { annotations, orphans: [{ annotation: orphan, reason }] }), mockActions(), locale);
    openTab(locale === 'en' ? 'Notes' : '批注');
    expect(container.querySelector('.pl-orphans')!.textContent).toContain(shown);
  });

  it('open, delete with undo', async () => {
    const { actions } = renderPanel(readyState(seed, { annotations }));
    openTab('批注');
    fireEvent.click(screen.getAllByRole('button', { name: '定位' })[0]!);
    expect(actions.openAnnotation).toHaveBeenCalledWith('a1');
    fireEvent.click(screen.getByRole('button', { name: '删除批注“协同制造”' }));
    expect(actions.deleteAnnotation).toHaveBeenCalledWith('a2');
    const status = await screen.findByText('已删除批注“协同制造”');
    fireEvent.click(within(status.parentElement!).getByRole('button', { name: '撤销' }));
    expect(actions.undoDelete).toHaveBeenCalledTimes(1);
    expect(actions.undoDelete).toHaveBeenCalledWith('a2');
  });

  it('a failed delete says why and offers no undo', async () => {
    const actions = mockActions();
    actions.deleteAnnotation.mockRejectedValueOnce(new Error('数据库已锁定'));
    renderPanel(readyState(seed, { annotations }), actions);
    openTab('批注');
    fireEvent.click(screen.getByRole('button', { name: '删除批注“总体思路”' }));
    expect((await screen.findByRole('alert')).textContent).toBe('操作失败：数据库已锁定');
    expect(screen.queryByRole('button', { name: '撤销' })).toBeNull();
  });

  it('search across all documents shows results, empty and error', async () => {
    const actions = mockActions();
    actions.searchAll.mockResolvedValueOnce([
      {
        kind: 'annotation',
        docId: 'd2',
        docTitle: '国务院关于深入实施“互联网+”行动的意见',
        url: 'https://www.gov.cn/x.htm',
        annotationId: 'z9',
        measurePath: '二、(一)',
        text: '众创空间',
        note: '与本文对照',
      },
      { kind: 'document', docId: 'd3', docTitle: '恶意', url: 'javascript:alert(1)', text: '标题' },
    ]);
    renderPanel(readyState(seed), actions);
    openTab('批注');
    fireEvent.input(screen.getByLabelText('在全部文件的批注和备注中搜索'), { target: { value: ' 众创空间 ' } });
    fireEvent.click(screen.getByRole('button', { name: '搜索' }));
    expect(await screen.findByText('找到 2 条')).toBeTruthy();
    expect(actions.searchAll).toHaveBeenCalledWith('众创空间');
    const link = screen.getByRole('link', { name: '国务院关于深入实施“互联网+”行动的意见' });
    expect(link.getAttribute('href')).toBe('https://www.gov.cn/x.htm');
    expect(screen.queryByRole('link', { name: '恶意' })).toBeNull();
    expect(screen.getByText('与本文对照')).toBeTruthy();
    actions.searchAll.mockResolvedValueOnce([]);
    fireEvent.click(screen.getByRole('button', { name: '搜索' }));
    expect(await screen.findByText('没有找到“众创空间”。')).toBeTruthy();
    actions.searchAll.mockRejectedValueOnce(new Error('索引损坏'));
    fireEvent.click(screen.getByRole('button', { name: '搜索' }));
    expect((await screen.findByRole('alert')).textContent).toBe('搜索失败：索引损坏');
  });

  it('lists the annotations of all documents when the wiring offers it', async () => {
    const actions = { ...mockActions(), listAllAnnotations: vi.fn(async (): Promise<SearchResult[]> => []) };
    renderPanel(readyState(seed), actions);
    openTab('批注');
    fireEvent.click(screen.getByRole('button', { name: '全部文档的批注' }));
    expect(await screen.findByText('还没有任何批注。')).toBeTruthy();
    actions.listAllAnnotations.mockResolvedValueOnce([
      {
        kind: 'annotation',
        docId: 'd1',
        docTitle: '国务院关于积极推进“互联网+”行动的指导意见',
        url: 'https://www.gov.cn/a.htm',
        annotationId: 'a1',
        measurePath: '二、(一) 2.',
        text: '积极发展众创空间',
        note: '重点',
      },
      {
        kind: 'annotation',
        docId: 'd2',
        docTitle: '湖北省数字经济发展方案',
        url: 'https://www.hubei.gov.cn/b.shtml',
        annotationId: 'b1',
        text: '省通信管理局',
        note: '',
      },
    ]);
    fireEvent.click(screen.getByRole('button', { name: '全部文档的批注' }));
    expect(await screen.findByText('找到 2 条')).toBeTruthy();
    expect(screen.getByRole('link', { name: '湖北省数字经济发展方案' })).toBeTruthy();
    fireEvent.click(screen.getAllByRole('button', { name: '定位' })[1]!);
    expect(actions.openAnnotation).toHaveBeenCalledWith('b1');
  });

  it('without the wiring for it there is no all-documents button', () => {
    renderPanel(readyState(seed), mockActions());
    openTab('批注');
    expect(screen.queryByRole('button', { name: '全部文档的批注' })).toBeNull();
  });

  it('export buttons per format and scope; import reports the summary or the error', async () => {
    const actions = mockActions();
    renderPanel(readyState(seed), actions);
    openTab('批注');
    fireEvent.click(screen.getByRole('button', { name: '导出为 ICS' }));
    expect(actions.exportFile).toHaveBeenLastCalledWith('ics', 'doc');
    fireEvent.click(screen.getByLabelText('全部文件'));
    fireEvent.click(screen.getByRole('button', { name: '导出为 Markdown' }));
    expect(actions.exportFile).toHaveBeenLastCalledWith('md', 'all');
    const input = screen.getByLabelText(/导入文件/) as HTMLInputElement;
    const file = new File(['{"@context":"http://www.w3.org/ns/anno.jsonld"}'], 'policy-lens.json', { type: 'application/json' });
    actions.importFile.mockResolvedValueOnce({ imported: 3, skipped: 1, errors: [] });
    fireEvent.change(input, { target: { files: [file] } });
    expect(await screen.findByText('已导入 3 条，跳过 1 条。')).toBeTruthy();
    expect(actions.importFile).toHaveBeenCalledWith(file);
    actions.importFile.mockRejectedValueOnce(new Error('不是 Policy Lens 导出文件'));
    fireEvent.change(input, { target: { files: [file] } });
    expect((await screen.findByRole('alert')).textContent).toBe('无法导入 policy-lens.json：不是 Policy Lens 导出文件（未做任何更改）');
  });
});
