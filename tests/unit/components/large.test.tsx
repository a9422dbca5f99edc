// @vitest-environment jsdom
import { describe, it, expect, afterEach } from 'vitest';
import { cleanup, fireEvent, screen } from '@testing-library/preact';
import { generateLargeModel } from '../../fixtures/model/generate';
import { readyState, renderPanel } from './helpers';
import { benchSidePanel } from '../../bench/sidepanel';

afterEach(cleanup);

describe('500-measure document', () => {
  const big = generateLargeModel(500);

  it('renders only the open part of the tree and filters by unit with ancestors', () => {
    renderPanel(readyState(big, { measureTexts: big.measureTexts }));
    const initial = screen.getAllByRole('treeitem');
    // 11 parts open with their sections; the 5 items of each section are not rendered yet
    expect(initial.length).toBeLessThan(120);
    expect(initial.every((li) => Number(li.getAttribute('aria-level')) <= 2)).toBe(true);
    const sel = screen.getByLabelText('单位') as HTMLSelectElement;
    const key = sel.options[1]!.value;
    fireEvent.change(sel, { target: { value: key } });
    fireEvent.click(screen.getByLabelText('仅牵头'));
    const shown = screen.getAllByRole('treeitem');
    const matched = shown.filter((li) => li.classList.contains('is-match'));
    expect(matched.length).toBeGreaterThan(5);
    // every match shows a lead chip; every shown non-match is an ancestor (level 1)
    for (const li of matched) expect(li.querySelector('.pl-chip--lead')).toBeTruthy();
    for (const li of shown.filter((x) => !x.classList.contains('is-match'))) expect(li.getAttribute('aria-level')).toBe('1');
  }, 60_000);

  it('a search matching everything renders 200 rows and offers the rest on demand; End reaches the last', () => {
    renderPanel(readyState(big, { measureTexts: big.measureTexts }));
    fireEvent.input(screen.getByLabelText('搜索条目'), { target: { value: '互联网' } });
    expect(screen.getAllByRole('treeitem')).toHaveLength(200);
    fireEvent.click(screen.getByRole('button', { name: '显示更多（还有 300 条）' }));
    expect(screen.getAllByRole('treeitem')).toHaveLength(400);
    const first = screen.getAllByRole('treeitem')[0]!;
    first.focus();
    fireEvent.keyDown(first, { key: 'End' });
    expect(screen.getAllByRole('treeitem')).toHaveLength(500);
    expect(document.activeElement).toBe(screen.getAllByRole('treeitem')[499]);
  }, 60_000);

  it('benchSidePanel reports render and filter timings', async () => {
    const b = await benchSidePanel({ measures: 500, runs: 1, warmup: false });
    expect(b.measures).toBe(500);
    expect(b.renderedItemsInitial).toBeGreaterThan(50);
    expect(b.renderedItemsBroad).toBe(200);
    // generous bounds for a shared 2-core CI machine under jsdom; figures go to the report
    expect(b.renderMs).toBeLessThan(3000);
    expect(b.searchKeystrokeMs).toBeLessThan(1000);
    console.log('benchSidePanel', JSON.stringify(b));
  }, 60_000);
});
