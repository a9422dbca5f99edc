/**
 * Which reminders to show now (lib/library/reminders): one per (document, measure, due date),
 * not per unit row; 已完成, recurring and 自…起 deadlines skipped; each item once, when it enters
 * the window; the notified set pruned of past dates; many items of one day in one notification,
 * at most MAX_NOTIFICATIONS at once. And the setting's normaliser (untrusted stored values).
 */
import { describe, expect, it } from 'vitest';
import type { CrossLedgerRow } from '../../../lib/library/ledger';
import { MAX_NOTIFICATIONS, dueItems, normalizeReminderSettings, planReminders } from '../../../lib/library/reminders';
import { loadT } from '../components/helpers';

const zh = loadT('zh_CN');
const en = loadT('en');
const TODAY = '2026-12-02';

/** A ledger row with the fields reminders read (a cast: fields the ledger gains later do not matter here). */
function row(over: Partial<CrossLedgerRow> = {}): CrossLedgerRow {
  return {
    docId: 'd1',
    title: '国务院关于推进工作的意见',
    docNumber: '国发〔2026〕1号',
    issuer: '国务院',
    level: 'central',
    date: '2026-01-02',
    measureId: 'm1',
    measurePath: '（一）',
    measureTitle: '推进改革',
    unit: '国家发展和改革委员会',
    unitAsWritten: '发展改革委',
    successor: null,
    role: 'lead',
    deadline: '2026年12月9日前',
    due: '2026-12-09',
    deadlineKind: 'by',
    status: null,
    ...over,
  } as CrossLedgerRow;
}

describe('the items within the window', () => {
  it.each<[string, Partial<CrossLedgerRow>[], number, string[]]>([
    ['due in 7 days, window 7: in', [{}], 7, ['d1|m1|2026-12-09']],
    ['due in 7 days, window 6: not yet', [{}], 6, []],
    ['due today: in', [{ due: TODAY }], 1, [`d1|m1|${TODAY}`]],
    ['past: not reminded', [{ due: '2026-12-01' }], 30, []],
    ['two units of one measure and deadline: one item', [{ unit: '财政部', role: 'co' }, { unit: '国家发展和改革委员会' }], 7, ['d1|m1|2026-12-09']],
    ['two deadlines of one measure: two items', [{}, { due: '2026-12-05', deadline: '2026年12月5日前' }], 7, ['d1|m1|2026-12-05', 'd1|m1|2026-12-09']],
    ['the same measure id in two documents: two items', [{}, { docId: 'd2' }], 7, ['d1|m1|2026-12-09', 'd2|m1|2026-12-09']],
    ['已完成: skipped', [{ status: '已完成' }], 7, []],
    ['推进中: reminded', [{ status: '推进中' }], 7, ['d1|m1|2026-12-09']],
    ['recurring: skipped', [{ deadlineKind: 'recurring', deadline: '每年12月底前' }], 7, []],
    ['a start date (自…起): skipped', [{ deadlineKind: 'from', deadline: '自2026年12月9日起' }], 7, []],
    ['no date (长期坚持): skipped', [{ due: null, deadlineKind: 'ongoing' }], 7, []],
    ['not a calendar date: skipped', [{ due: '2026-02-30' }], 90, []],
    [
      'a period end and a relative date: reminded',
      [{ deadlineKind: 'period' }, { measureId: 'm2', deadlineKind: 'relative' }],
      7,
      ['d1|m1|2026-12-09', 'd1|m2|2026-12-09'],
    ],
  ])('%s', (_, rows, days, keys) => {
    expect(dueItems(rows.map(row), TODAY, days).map((i) => i.key)).toEqual(keys);
  });
});

describe('what to show now', () => {
  it('an item is shown once, when it enters the window', () => {
    const rows = [row()];
    const before = planReminders({ rows, today: '2026-12-01', daysBefore: 7, notified: [], t: zh });
    expect(before.notifications).toEqual([]);
    const first = planReminders({ rows, today: TODAY, daysBefore: 7, notified: before.notified, t: zh });
    expect(first.notifications).toEqual([
      { id: 'pl-reminder:2026-12-09', title: '1 项措施 7 天后到期', message: '（一） 推进改革（国务院关于推进工作的意见）', keys: ['d1|m1|2026-12-09'] },
    ]);
    const again = planReminders({ rows, today: TODAY, daysBefore: 7, notified: first.notified, t: zh });
    expect(again.notifications).toEqual([]);
    const tomorrow = planReminders({ rows, today: '2026-12-03', daysBefore: 7, notified: again.notified, t: zh });
    expect(tomorrow.notifications).toEqual([]);
    expect(tomorrow.notified).toEqual(['d1|m1|2026-12-09']);
  });

  it('the notified set is pruned of past dates and of anything that is not a key', () => {
    const plan = planReminders({
      rows: [],
      today: TODAY,
      daysBefore: 7,
      notified: ['d1|m1|2026-11-30', 'd1|m2|2026-12-02', 'd2|m1|2027-01-01', 42, null, 'garbage', 'd|m|2026-13-01'],
      t: zh,
    });
    expect(plan.notified).toEqual(['d1|m2|2026-12-02', 'd2|m1|2027-01-01']);
  });

  it.each<[string, typeof zh, string, string]>([
    ['zh_CN', zh, '3 项措施 7 天后到期', '（一） 推进改革（文一）\n（一） 推进改革（文二）\n（一） 推进改革（文三）'],
    ['en', en, '3 measures due in 7 days', '（一） 推进改革 (文一)\n（一） 推进改革 (文二)\n（一） 推进改革 (文三)'],
  ])('many items of one day share one notification (%s)', (_, t, title, message) => {
    const rows = ['文一', '文二', '文三'].map((title, i) => row({ docId: `d${i}`, title }));
    const plan = planReminders({ rows, today: TODAY, daysBefore: 7, notified: [], t });
    expect(plan.notifications).toHaveLength(1);
    expect(plan.notifications[0]).toMatchObject({ title, message });
    expect(plan.notifications[0]!.keys).toHaveLength(3);
  });

  it('past three titles, the rest is counted; a document without a title shows the measure alone', () => {
    const rows = [1, 2, 3, 4, 5].map((n) => row({ measureId: `m${n}`, measureTitle: `措施${n}`, title: n === 1 ? null : '文' }));
    const [n] = planReminders({ rows, today: TODAY, daysBefore: 7, notified: [], t: zh }).notifications;
    expect(n!.title).toBe('5 项措施 7 天后到期');
    expect(n!.message).toBe('（一） 措施1\n（一） 措施2（文）\n（一） 措施3（文）\n等另 2 项');
  });

  it('due today says so', () => {
    const [n] = planReminders({ rows: [row({ due: TODAY })], today: TODAY, daysBefore: 7, notified: [], t: zh }).notifications;
    expect(n!.title).toBe('1 项措施 今天到期');
  });

  it(`at most ${MAX_NOTIFICATIONS} notifications: the last stands for every day left`, () => {
    const rows = ['2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06', '2026-12-06'].map((due, i) => row({ measureId: `m${i}`, due }));
    const plan = planReminders({ rows, today: TODAY, daysBefore: 7, notified: [], t: zh });
    expect(plan.notifications.map((n) => [n.id, n.title, n.keys.length])).toEqual([
      ['pl-reminder:2026-12-03', '1 项措施 1 天后到期', 1],
      ['pl-reminder:2026-12-04', '1 项措施 2 天后到期', 1],
      ['pl-reminder:more:2026-12-05', '另有 3 项措施在 4 天内到期', 3],
    ]);
    // all five are marked: none comes back tomorrow
    expect(plan.notified).toHaveLength(5);
    expect(planReminders({ rows, today: '2026-12-03', daysBefore: 7, notified: plan.notified, t: zh }).notifications).toEqual([]);
  });

  it('a wider window later brings in what it newly covers, and only that', () => {
    const rows = [row(), row({ measureId: 'm2', due: '2026-12-30' })];
    const week = planReminders({ rows, today: TODAY, daysBefore: 7, notified: [], t: zh });
    const month = planReminders({ rows, today: TODAY, daysBefore: 30, notified: week.notified, t: zh });
    expect(month.notifications.flatMap((n) => n.keys)).toEqual(['d1|m2|2026-12-30']);
  });
});

describe('the setting as stored (untrusted)', () => {
  it.each<[string, unknown, { enabled: boolean; daysBefore: number }]>([
    ['nothing stored: off, 7 days', undefined, { enabled: false, daysBefore: 7 }],
    ['null', null, { enabled: false, daysBefore: 7 }],
    ['a string', 'on', { enabled: false, daysBefore: 7 }],
    ['a good value', { enabled: true, daysBefore: 14 }, { enabled: true, daysBefore: 14 }],
    ['days below 1: 1', { enabled: true, daysBefore: 0 }, { enabled: true, daysBefore: 1 }],
    ['days above 90: 90', { enabled: true, daysBefore: 365 }, { enabled: true, daysBefore: 90 }],
    ['fractional days rounded', { daysBefore: 2.6 }, { enabled: false, daysBefore: 3 }],
    ['days as a numeric string (a form field)', { daysBefore: '30' }, { enabled: false, daysBefore: 30 }],
    ['days not a number', { daysBefore: 'soon' }, { enabled: false, daysBefore: 7 }],
    ['days NaN / Infinity', { daysBefore: Infinity }, { enabled: false, daysBefore: 7 }],
    ['an empty string', { daysBefore: '' }, { enabled: false, daysBefore: 7 }],
    ['enabled not a boolean', { enabled: 'yes', daysBefore: 7 }, { enabled: false, daysBefore: 7 }],
    ['extra fields dropped', { enabled: true, daysBefore: 7, evil: '<img>' }, { enabled: true, daysBefore: 7 }],
  ])('%s', (_, stored, expected) => expect(normalizeReminderSettings(stored)).toEqual(expected));
});
