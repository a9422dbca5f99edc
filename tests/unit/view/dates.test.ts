/** lib/view/dates.ts: the one home of day arithmetic and of when a deadline is past. */
import { describe, it, expect } from 'vitest';
import type { DeadlineKind } from '../../../lib/analysis/types';
import { daysBetween, daysUntil, isIsoDate, isPastDeadline, localToday } from '../../../lib/view/dates';

describe('daysBetween / daysUntil', () => {
  it.each([
    ['2026-11-28', '2026-12-31', 33],
    ['2026-12-31', '2026-11-28', -33],
    ['2015-12-31', '2016-01-01', 1],
    ['2016-02-28', '2016-03-01', 2],
    ['2015-02-28', '2015-03-01', 1],
    ['2020-01-01', '2020-01-01', 0],
    ['2018-12-31', '2026-11-28', 2889],
  ])('%s → %s is %i days', (a, b, want) => {
    expect(daysBetween(a, b)).toBe(want);
    expect(daysUntil(a, b)).toBe(want);
  });

  it.each([
    ['2018-02-01', '2018-02-30'],
    ['today', '2018-02-01'],
    ['2018-02-01', ''],
    ['2018-2-1', '2018-02-01'],
  ])('daysUntil(%j, %j) is null: not calendar dates', (a, b) => {
    expect(daysUntil(a, b)).toBeNull();
  });

  it('daysBetween refuses what is not YYYY-MM-DD', () => {
    expect(() => daysBetween('2018/02/01', '2018-02-01')).toThrow();
  });

  it.each([
    ['2016-02-29', true],
    ['2015-02-29', false],
    ['2018-13-01', false],
    ['2018-1-01', false],
    [null, false],
    [undefined, false],
  ])('isIsoDate(%j) is %s', (s, want) => {
    expect(isIsoDate(s)).toBe(want);
  });
});

describe('localToday', () => {
  it.each([
    [new Date(2026, 0, 5, 0, 0, 1), '2026-01-05'],
    [new Date(2026, 11, 31, 23, 59, 59), '2026-12-31'],
  ])('%s is %s in local time', (now, want) => {
    expect(localToday(now)).toBe(want);
  });
});

describe('isPastDeadline', () => {
  const today = '2026-06-15';
  const cases: [DeadlineKind, string | null, boolean][] = [
    ['by', '2026-06-14', true],
    ['by', '2026-06-15', false],
    ['by', '2026-06-16', false],
    ['period', '2025-12-31', true],
    ['relative', '2026-01-01', true],
    ['from', '2020-01-01', false],
    ['recurring', '2020-01-01', false],
    ['ongoing', '2020-01-01', false],
    ['by', null, false],
    ['by', '2026-02-30', false],
  ];
  it.each(cases)('%s %s before %s', (kind, date, want) => {
    expect(isPastDeadline({ kind, date }, today)).toBe(want);
  });
});
