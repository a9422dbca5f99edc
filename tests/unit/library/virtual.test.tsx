/** The windowed ledger: 50,000 rows, a few dozen lines in the DOM, the window following the scroll. */
// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render } from '@testing-library/preact';
import { Ledger } from '../../../components/library/Ledger';
import { windowOf } from '../../../components/library/virtual';
import { readFileSync } from 'node:fs';
import { analyze } from '../../../lib/analysis';
import { libraryEntry } from '../../../lib/library/entry';
import { crossLedger, groupByUnit, type LedgerDocument } from '../../../lib/library/ledger';
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
  // 5,000 documents, each a real plan's analysis (its own rows: its units, leads and deadlines)
  const model = analyze({ text: readFileSync('seeds/library/guofa-shuzi.txt', 'utf8'), today: '2026-12-02' });
  const docs: LedgerDocument[] = Array.from({ length: 5000 }, (_, i) => ({
    id: `d${i}`,
    title: `${model.meta.title}（${i}）`,
    docNumber: `国发〔2025〕${i}号`,
    issuer: '国务院',
    date: '2025-01-01',
    entry: libraryEntry(`d${i}`, 'r', model),
  }));
  const rows = crossLedger(docs);
  const groups = groupByUnit(rows);

  it('draws a window of lines, opens a unit of thousands of rows within it, and follows the scroll', () => {
    expect(rows.length).toBeGreaterThanOrEqual(50_000);
    render(
      <Ledger
        docs={docs}
        rows={() => rows}
        urls={new Map()}
        today="2026-12-02"
        downloadCsv={() => {}}
        downloadXlsx={async () => {}}
        failed={() => {}}
        t={zhT}
      />,
    );
    const list = document.querySelector<HTMLDivElement>('.pl-lib-groups')!;
    const lines = () => list.querySelectorAll('.pl-vline').length;
    expect(lines()).toBeLessThanOrEqual(30);
    // the unit that leads most comes first, drawn from the entries before any row is asked for
    const first = list.querySelector('[data-unit]')!;
    const top = groups[0]!;
    expect(first.getAttribute('data-unit')).toBe(top.unit);
    expect(top.rows.length).toBeGreaterThan(3000);
    fireEvent.click(first.querySelector('button')!);
    expect(list.querySelectorAll(`[data-group="${top.unit}"]`).length).toBeGreaterThan(10);
    expect(lines()).toBeLessThanOrEqual(30);
    // the list is as tall as all its lines: every unit, and the open one's rows
    const spacer = list.firstElementChild as HTMLDivElement;
    expect(spacer.style.height).toBe(`${(groups.length + top.rows.length) * 30}px`);
    list.scrollTop = 3000 * 30;
    fireEvent.scroll(list);
    const shown = [...list.querySelectorAll('[data-group]')];
    expect(shown.length).toBeGreaterThan(10);
    expect(lines()).toBeLessThanOrEqual(40);
    // line 3,000 less the 8 drawn above it: row 2,991 of the open unit
    const r = top.rows[2991]!;
    expect([shown[0]!.getAttribute('data-doc'), shown[0]!.getAttribute('data-measure')]).toEqual([r.docId, r.measureId]);
  });
});
