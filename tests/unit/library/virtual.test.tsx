/** The windowed ledger: 50,000 rows, a few dozen lines in the DOM, the window following the scroll. */
// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render } from '@testing-library/preact';
import { Ledger } from '../../../components/library/Ledger';
import { windowOf } from '../../../components/library/virtual';
import type { CrossLedgerRow } from '../../../lib/library/ledger';
import { zhT } from '../../fixtures/catalog';

afterEach(cleanup);

describe('windowOf', () => {
  it.each([
    // scrollTop, viewport, count → start, end (30 px lines, 8 either side)
    [0, 600, 50_000, 0, 28],
    [3000, 600, 50_000, 92, 128],
    [-40, 600, 50_000, 0, 28], // overscroll bounce
    [0, 600, 5, 0, 5],
    [1_499_970, 600, 50_000, 49_991, 50_000], // the last line
    [9_999_999, 600, 50_000, 50_000, 50_000], // past the end (a list that just got shorter)
  ])('scrollTop %i, viewport %i, %i lines → [%i, %i)', (top, viewport, count, start, end) => {
    expect(windowOf(top, viewport, 30, count)).toEqual({ start, end });
  });
});

describe('the ledger of 50,000 rows', () => {
  const row = (i: number): CrossLedgerRow => ({
    docId: `d${i % 500}`,
    title: `文件${i % 500}`,
    docNumber: `国发〔2025〕${i % 500}号`,
    issuer: '国务院',
    level: 'central',
    date: '2025-01-01',
    measureId: String(i % 90),
    measurePath: `（${i % 90}）`,
    measureTitle: `措施${i}`,
    areas: [],
    unit: i % 5 === 0 ? '工业和信息化部' : `单位${i % 700}`,
    unitAsWritten: null,
    successor: null,
    role: i % 3 === 0 ? 'lead' : 'co',
    deadline: null,
    due: null,
    deadlineKind: null,
    status: null,
  });
  const rows = Array.from({ length: 50_000 }, (_, i) => row(i));

  it('draws a window of lines, opens a unit of 10,000 rows within it, and follows the scroll', () => {
    render(<Ledger rows={rows} urls={new Map()} today="2026-12-02" downloadCsv={() => {}} downloadXlsx={async () => {}} failed={() => {}} t={zhT} />);
    const list = document.querySelector<HTMLDivElement>('.pl-lib-groups')!;
    const lines = () => list.querySelectorAll('.pl-vline').length;
    expect(lines()).toBeLessThanOrEqual(30);
    // the unit with the most lead rows comes first
    const first = list.querySelector('[data-unit]')!;
    expect(first.getAttribute('data-unit')).toBe('工业和信息化部');
    fireEvent.click(first.querySelector('button')!);
    expect(list.querySelectorAll('[data-group="工业和信息化部"]').length).toBeGreaterThan(10);
    expect(lines()).toBeLessThanOrEqual(30);
    // the list is as tall as all its lines: 工业和信息化部 and 560 other units, and its 10,000 rows open
    const spacer = list.firstElementChild as HTMLDivElement;
    expect(spacer.style.height).toBe(`${(561 + 10_000) * 30}px`);
    list.scrollTop = 5000 * 30;
    fireEvent.scroll(list);
    const shown = [...list.querySelectorAll('[data-group]')].map((r) => r.getAttribute('title'));
    expect(shown.length).toBeGreaterThan(10);
    expect(lines()).toBeLessThanOrEqual(40);
    expect(shown[0]).toMatch(/措施24955$/); // line 5,000 less the 8 drawn above it: row 4,991 of the open unit
  });
});
