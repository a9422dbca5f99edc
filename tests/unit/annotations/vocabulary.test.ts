/** The annotation vocabularies (colours, measure statuses) have one home, and the schema agrees with it. */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_HIGHLIGHT_COLOR, HIGHLIGHT_COLORS, isHighlightColor, isMeasureStatus, MEASURE_STATUSES } from '../../../lib/annotations/types';
import { check } from '../../../lib/schema';
import { CATEGORIES, userCategory } from '../../../lib/highlight/painter';
import { CARD_CSS } from '../../../components/page/card-host';
import { SWATCHES } from '../../../components/annotate/colors';

const records = JSON.parse(readFileSync(join(process.cwd(), 'schema/records.schema.json'), 'utf8')) as {
  $defs: Record<string, { enum?: unknown[] }>;
};

describe('annotation vocabularies', () => {
  it('the records schema lists exactly the highlight colours, in order', () => {
    expect(records.$defs.color!.enum).toEqual([...HIGHLIGHT_COLORS]);
  });

  it('the records schema lists exactly the measure statuses and null, in order', () => {
    expect(records.$defs.measureStatus!.enum).toEqual([...MEASURE_STATUSES, null]);
  });

  it('the default colour is one of the colours', () => {
    expect(HIGHLIGHT_COLORS).toContain(DEFAULT_HIGHLIGHT_COLOR);
  });

  it.each([
    ['yellow', true],
    ['green', true],
    ['blue', true],
    ['pink', true],
    ['purple', true],
    ['Yellow', false],
    ['red', false],
    ['', false],
    [null, false],
    [undefined, false],
    [3, false],
  ])('isHighlightColor(%j) is %s', (v, want) => {
    expect(isHighlightColor(v)).toBe(want);
  });

  it.each([
    ['未开始', true],
    ['推进中', true],
    ['已完成', true],
    ['关注', true],
    ['完成', false],
    ['done', false],
    [null, false],
    [undefined, false],
  ])('isMeasureStatus(%j) is %s', (v, want) => {
    expect(isMeasureStatus(v)).toBe(want);
  });

  it('the generated validator accepts every colour and status and nothing else', () => {
    const ann = (color: unknown) => ({
      id: '00000000-0000-4000-8000-000000000000',
      docId: 'doc-1',
      target: {
        source: 'https://www.gov.cn/a',
        quote: { type: 'TextQuoteSelector', exact: '字', prefix: '', suffix: '' },
        position: { type: 'TextPositionSelector', start: 0, end: 1 },
      },
      color,
      note: '',
      tags: [],
      created: '2026-01-01T00:00:00Z',
      modified: '2026-01-01T00:00:00Z',
    });
    for (const c of HIGHLIGHT_COLORS) expect(check('annotation', ann(c)).ok).toBe(true);
    expect(check('annotation', ann('red')).ok).toBe(false);
    const note = (status: unknown) => ({
      id: 'doc-1#1',
      docId: 'doc-1',
      measureId: '1',
      measurePath: '一、',
      status,
      note: '',
      created: '2026-01-01T00:00:00Z',
      modified: '2026-01-01T00:00:00Z',
    });
    for (const s of [...MEASURE_STATUSES, null]) expect(check('measureNote', note(s)).ok).toBe(true);
    expect(check('measureNote', note('完成')).ok).toBe(false);
  });

  // The painter's category list, the card's CSS and the toolbar's swatches (CSS colours and
  // their names) are the views' own data, keyed by colour: these keep them equal to the home.
  it('the page paints, styles and offers exactly the highlight colours', () => {
    expect(CATEGORIES.filter((c) => c.startsWith('pl-user-'))).toEqual(HIGHLIGHT_COLORS.map(userCategory));
    for (const c of HIGHLIGHT_COLORS) expect(CARD_CSS).toContain(`.pl-color-${c} `);
    expect(SWATCHES.map((c) => c.color)).toEqual([...HIGHLIGHT_COLORS]);
  });
});
