// @vitest-environment jsdom
import { describe, it, expect, afterEach } from 'vitest';
import { cleanup, fireEvent, screen, within } from '@testing-library/preact';
import { seedFixture } from './fixtures/seed-model';
import { mockActions, readyState, renderPanel } from './helpers';
import type { MeasureNote } from '../../../lib/annotations/types';

afterEach(cleanup);
const seed = seedFixture();

const items = () => screen.getAllByRole('treeitem');
const item = (id: string) => document.querySelector<HTMLElement>(`[data-measure-id="${id}"]`);
const labels = () => items().map((li) => li.querySelector('.pl-treeitem__label')!.textContent);

describe('outline tree', () => {
  it('shows top levels expanded, deeper levels collapsed, with ARIA tree attributes', () => {
    renderPanel(readyState(seed));
    expect(screen.getByRole('tree')).toBeTruthy();
    expect(labels()).toEqual([
      '一、行动要求',
      '(一)总体思路',
      '(二)基本原则',
      '(三)发展目标',
      '二、重点行动',
      '(一)"互联网+"创业创新',
      '(二)"互联网+"协同制造',
      '(三)"互联网+"现代农业',
      '(四)"互联网十"智慧能源',
      '(五)"互联网十"普惠金融',
      '(六)"互联网十" 益民服务',
      '(七)"互联网+"高效物流',
      '(八)"互联网+"电子商务',
    ]);
    const s2 = item('2.2')!;
    expect(s2.getAttribute('aria-level')).toBe('2');
    expect(s2.getAttribute('aria-posinset')).toBe('2');
    expect(s2.getAttribute('aria-setsize')).toBe('8');
    expect(s2.getAttribute('aria-expanded')).toBe('false');
    expect(item('1.1')!.hasAttribute('aria-expanded')).toBe(false);
    // collapsed subtrees are not rendered
    expect(item('2.2.1')).toBeNull();
  });

  it('lead units are filled chips with a visible 牵头 label; the others show their printed role; (二) has three joint leads', () => {
    renderPanel(readyState(seed));
    const s2 = item('2.2')!;
    const lead = [...s2.querySelectorAll('.pl-chip--lead')].map((c) => c.textContent);
    expect(lead).toEqual(['牵头工业和信息化部', '牵头发展改革委', '牵头科技部']);
    const s1 = item('2.1')!;
    expect([...s1.querySelectorAll('.pl-chip--lead')].map((c) => c.textContent)).toEqual(['牵头发展改革委']);
    expect([...s1.querySelectorAll('.pl-chip--co')].map((c) => c.textContent)).toEqual([
      '配合科技部',
      '配合工业和信息化部',
      '配合人力资源社会保障部',
      '配合商务部',
    ]);
    // canonical name as a tooltip
    expect(s1.querySelector('.pl-chip--lead')!.getAttribute('title')).toBe('国家发展和改革委员会');
  });

  it('deadlines show the normalized date; past ones are marked', () => {
    renderPanel(readyState(seed, { today: '2020-01-01' }));
    const goals = item('1.3')!;
    const dls = [...goals.querySelectorAll('.pl-deadline')];
    expect(dls.map((d) => d.textContent)).toEqual(['到2018年 → 2018-12-31 （已过）', '到 2025 年 → 2025-12-31']);
    expect(dls[0]!.classList.contains('is-past')).toBe(true);
    expect(dls[1]!.classList.contains('is-past')).toBe(false);
    expect(goals.textContent).toContain('产业生态 · 融合发展');
  });

  it('expanding (一) shows items with the inherited lead marked 下同', () => {
    renderPanel(readyState(seed));
    fireEvent.click(item('2.1')!.querySelector('.pl-twisty')!);
    const it1 = item('2.1.1')!;
    expect(it1.querySelector('.pl-chip--lead')!.textContent).toBe('牵头发展改革委');
    expect(it1.querySelector('.pl-chip--co')).toBeNull();
    expect(it1.querySelector('.pl-inherited')!.textContent).toBe('下同');
    expect(it1.querySelector('.pl-inherited')!.getAttribute('title')).toContain('列第一位者为牵头部门,下同');
    expect(item('2.1')!.querySelector('.pl-inherited')).toBeNull();
  });

  it('clicking a measure calls scrollToMeasure with its id (not for the twisty)', () => {
    const { actions } = renderPanel(readyState(seed));
    fireEvent.click(item('2.2')!.querySelector('.pl-treeitem__label')!);
    expect(actions.scrollToMeasure).toHaveBeenCalledWith('2.2');
    fireEvent.click(item('2.3')!.querySelector('.pl-twisty')!);
    expect(actions.scrollToMeasure).toHaveBeenCalledTimes(1);
    expect(item('2.3.4')).toBeTruthy();
  });

  it('marks the current measure with aria-current and opens its ancestors', () => {
    renderPanel(readyState(seed, { currentMeasureId: '2.5.2' }));
    const cur = item('2.5.2')!;
    expect(cur.getAttribute('aria-current')).toBe('location');
    expect(cur.tabIndex).toBe(0);
    expect(screen.getAllByRole('treeitem').filter((li) => li.getAttribute('aria-current'))).toHaveLength(1);
  });

  it('keyboard: arrows move, → expands / enters, ← collapses / goes to parent, Enter scrolls', () => {
    const { actions } = renderPanel(readyState(seed));
    const first = item('1')!;
    expect(first.tabIndex).toBe(0);
    first.focus();
    fireEvent.keyDown(first, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(item('1.1'));
    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    expect(document.activeElement).toBe(item('2.8'));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' });
    expect(item('2.8')!.getAttribute('aria-expanded')).toBe('true');
    fireEvent.keyDown(item('2.8')!, { key: 'ArrowRight' });
    expect(document.activeElement).toBe(item('2.8.1'));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowLeft' });
    expect(document.activeElement).toBe(item('2.8'));
    fireEvent.keyDown(item('2.8')!, { key: 'ArrowLeft' });
    expect(item('2.8')!.getAttribute('aria-expanded')).toBe('false');
    expect(item('2.8.1')).toBeNull();
    fireEvent.keyDown(item('2.8')!, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(item('2.7'));
    fireEvent.keyDown(item('2.7')!, { key: 'Enter' });
    expect(actions.scrollToMeasure).toHaveBeenLastCalledWith('2.7');
    // only one item in the tab order
    expect(items().filter((li) => li.tabIndex === 0)).toEqual([item('2.7')]);
  });

  it('status and note editor per measure saves through actions and shows failures', async () => {
    const actions = mockActions();
    const notes: MeasureNote[] = [
      { id: 'd#2.4', docId: 'd', measureId: '2.4', measurePath: '二、(四)', status: '推进中', note: '能源局已发文', created: '', modified: '' },
    ];
    renderPanel(readyState(seed, { measureNotes: notes }), actions);
    const s4 = item('2.4')!;
    expect(s4.querySelector('.pl-status')!.textContent).toBe('推进中');
    expect(s4.textContent).toContain('能源局已发文');
    fireEvent.click(within(s4).getByRole('button', { name: '状态/备注' }));
    const editor = within(s4).getByRole('group');
    const select = within(editor).getByLabelText('状态') as HTMLSelectElement;
    expect(select.value).toBe('推进中');
    fireEvent.change(select, { target: { value: '已完成' } });
    expect(actions.setMeasureStatus).toHaveBeenCalledWith('2.4', '已完成');
    const ta = within(editor).getByLabelText('备注') as HTMLTextAreaElement;
    expect(ta.value).toBe('能源局已发文');
    fireEvent.input(ta, { target: { value: '已印发实施方案' } });
    actions.setMeasureNote.mockRejectedValueOnce(new Error('存储已满'));
    fireEvent.click(within(editor).getByRole('button', { name: '保存备注' }));
    expect((await screen.findByRole('alert')).textContent).toBe('保存失败：存储已满');
    expect(actions.setMeasureNote).toHaveBeenCalledWith('2.4', '已印发实施方案');
    expect(ta.value).toBe('已印发实施方案');
    expect(actions.scrollToMeasure).not.toHaveBeenCalled();
  });
});

describe('filters in the outline', () => {
  it('工业和信息化部 lead-only: (二) with its children and its ancestor', () => {
    renderPanel(readyState(seed));
    fireEvent.change(screen.getByLabelText('单位'), { target: { value: '工业和信息化部' } });
    fireEvent.click(screen.getByLabelText('仅牵头'));
    expect(labels()).toEqual([
      '二、重点行动',
      '(二)"互联网+"协同制造',
      '1.大力发展智能制造',
      '2.发展大规模个性化定制',
      '3.提升网络化协同制造水平',
      '4.加速制造业服务化转型',
    ]);
    expect(screen.getByText('符合 5 / 43 条')).toBeTruthy();
    expect(item('2')!.classList.contains('is-match')).toBe(false);
    expect(item('2.2')!.classList.contains('is-match')).toBe(true);
    fireEvent.click(screen.getByLabelText('任意角色'));
    expect(item('2.1')).toBeTruthy();
    expect(item('2.3')).toBeNull();
  });

  it('unit options are canonical names (发展改革委 listed once)', () => {
    renderPanel(readyState(seed));
    const opts = [...(screen.getByLabelText('单位') as HTMLSelectElement).options].map((o) => o.textContent);
    expect(opts.filter((o) => o!.includes('发展和改革'))).toEqual(['国家发展和改革委员会（发展改革委）']);
    expect(opts[1]).toBe('国家发展和改革委员会（发展改革委）');
  });

  it('text search and year combine; clearing restores the tree; no match has a message', () => {
    renderPanel(readyState(seed, { measureTexts: seed.measureTexts }));
    fireEvent.input(screen.getByLabelText('搜索条目'), { target: { value: '创客空间' } });
    expect(labels()).toEqual(['二、重点行动', '(一)"互联网+"创业创新', '2.积极发展众创空间']);
    fireEvent.change(screen.getByLabelText('时限年份'), { target: { value: '2025' } });
    expect(screen.queryByRole('tree')).toBeNull();
    expect(screen.getByText('没有符合筛选条件的条目。')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '清除筛选' }));
    expect(items()).toHaveLength(13);
  });

  it('overdue / due-within use today', () => {
    renderPanel(readyState(seed, { today: '2025-12-01' }));
    fireEvent.change(screen.getByLabelText('时限'), { target: { value: 'within' } });
    expect(labels()).toEqual(['一、行动要求', '(三)发展目标']);
    fireEvent.input(screen.getByLabelText('天数'), { target: { value: '10' } });
    expect(screen.queryByRole('tree')).toBeNull();
    fireEvent.change(screen.getByLabelText('时限'), { target: { value: 'overdue' } });
    expect(labels()).toEqual(['一、行动要求', '(三)发展目标']);
  });
});
