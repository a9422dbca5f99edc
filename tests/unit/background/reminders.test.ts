/**
 * The background's reminders (lib/background/reminders) over fake alarms, notifications, tabs and
 * storage: on → the daily alarm and a check at once; off → the alarm cleared; a due item shown
 * once across checks; a click opens the library page; on without the permission → off.
 */
import { describe, expect, it, vi } from 'vitest';
import type { CrossLedgerRow } from '../../../lib/library/ledger';
import type { ReminderSettings } from '../../../lib/library/reminders';
import {
  NOTIFIED_KEY,
  REMINDER_ALARM,
  SHOWN_KEY,
  createReminders,
  libraryTarget,
  nextDailyCheck,
  type NotificationOptions,
} from '../../../lib/background/reminders';
import { loadT } from '../components/helpers';

const LIBRARY = 'chrome-extension://abc/library.html';
const ICON = 'chrome-extension://abc/reminder.png';

/** A ledger row with the fields reminders read (a cast: fields the ledger gains later do not matter here). */
function row(over: Partial<CrossLedgerRow> = {}): CrossLedgerRow {
  return {
    docId: 'd1',
    title: '国务院关于推进工作的意见',
    docNumber: null,
    issuer: '国务院',
    level: 'central',
    date: '2026-01-02',
    measureId: 'm1',
    measurePath: '（一）',
    measureTitle: '推进改革',
    unit: '财政部',
    unitAsWritten: '财政部',
    successor: null,
    role: 'lead',
    deadline: '2026年12月5日前',
    due: '2026-12-05',
    deadlineKind: 'by',
    status: null,
    ...over,
  } as CrossLedgerRow;
}

function area() {
  const data: Record<string, unknown> = {};
  return {
    data,
    get: vi.fn(async (k: string) => (k in data ? { [k]: structuredClone(data[k]) } : {})),
    set: vi.fn(async (items: Record<string, unknown>) => void Object.assign(data, structuredClone(items))),
  };
}

function setup(opts: { settings?: ReminderSettings; granted?: boolean; api?: boolean; rows?: CrossLedgerRow[]; now?: Date; createFails?: boolean } = {}) {
  let settings: ReminderSettings = opts.settings ?? { enabled: false, daysBefore: 7 };
  let now = opts.now ?? new Date(2026, 11, 2, 9, 30);
  const alarms = new Map<string, { name: string; when?: number; periodInMinutes?: number }>();
  const shown: [string, NotificationOptions][] = [];
  const notifications = {
    create: vi.fn(async (id: string, o: NotificationOptions) => {
      if (opts.createFails) throw new Error('no notification server');
      shown.push([id, o]);
      return id;
    }),
    clear: vi.fn(async () => true),
  };
  const local = area();
  const session = area();
  const tabs: string[] = [];
  const rows = vi.fn(async () => opts.rows ?? [row()]);
  const warn = vi.fn();
  const r = createReminders({
    alarms: {
      create: vi.fn((name: string, info: { when?: number; periodInMinutes?: number }) => void alarms.set(name, { name, ...info })),
      clear: vi.fn(async (name: string) => alarms.delete(name)),
      get: vi.fn(async (name: string) => alarms.get(name)),
    },
    notifications: () => (opts.api === false ? undefined : notifications),
    hasPermission: async () => opts.granted ?? true,
    settings: {
      get: async () => ({ ...settings }),
      set: async (s) => void (settings = { ...s }),
    },
    local,
    session,
    rows,
    openTab: async (url) => void tabs.push(url),
    libraryUrl: LIBRARY,
    iconUrl: ICON,
    t: loadT('zh_CN'),
    now: () => now,
    warn,
  });
  return {
    r,
    alarms,
    shown,
    notifications,
    local,
    session,
    tabs,
    rows,
    warn,
    settings: () => settings,
    turn: (s: ReminderSettings) => void (settings = s),
    setNow: (d: Date) => void (now = d),
  };
}

describe('background reminders', () => {
  it('turned on: the daily alarm (after the next midnight, every 24 h) and a check at once', async () => {
    const f = setup();
    f.turn({ enabled: true, daysBefore: 7 });
    await f.r.sync({ check: true });
    expect(f.alarms.get(REMINDER_ALARM)).toEqual({ name: REMINDER_ALARM, when: new Date(2026, 11, 3, 0, 5).getTime(), periodInMinutes: 1440 });
    expect(f.shown).toEqual([
      ['pl-reminder:2026-12-05', { type: 'basic', iconUrl: ICON, title: '1 项措施 3 天后到期', message: '（一） 推进改革（国务院关于推进工作的意见）' }],
    ]);
    expect(f.local.data[NOTIFIED_KEY]).toEqual(['d1|m1|2026-12-05']);
    // the test hook: what was shown, in the session area
    expect(f.session.data[SHOWN_KEY]).toEqual({
      today: '2026-12-02',
      shown: [
        { id: 'pl-reminder:2026-12-05', title: '1 项措施 3 天后到期', message: '（一） 推进改革（国务院关于推进工作的意见）', keys: ['d1|m1|2026-12-05'] },
      ],
    });
  });

  it('an alarm already set is kept (a start-up sync does not push it back)', async () => {
    const f = setup({ settings: { enabled: true, daysBefore: 7 } });
    await f.r.sync();
    const first = f.alarms.get(REMINDER_ALARM);
    f.setNow(new Date(2026, 11, 2, 23, 0));
    await f.r.sync();
    expect(f.alarms.get(REMINDER_ALARM)).toBe(first);
    expect(f.shown).toEqual([]); // sync without check shows nothing
  });

  it('turned off: the alarm is cleared, the alarm shows nothing, the library is not read', async () => {
    const f = setup({ settings: { enabled: true, daysBefore: 7 } });
    await f.r.sync();
    expect(f.alarms.has(REMINDER_ALARM)).toBe(true);
    f.turn({ enabled: false, daysBefore: 7 });
    await f.r.sync({ check: false });
    expect(f.alarms.has(REMINDER_ALARM)).toBe(false);
    await f.r.onAlarm({ name: REMINDER_ALARM });
    expect(f.shown).toEqual([]);
    expect(f.rows).not.toHaveBeenCalled();
  });

  it('a due item is shown once: at the start-up check, not again at the alarm nor the next day', async () => {
    const f = setup({ settings: { enabled: true, daysBefore: 7 } });
    await f.r.sync({ check: true });
    await f.r.onAlarm({ name: REMINDER_ALARM });
    f.setNow(new Date(2026, 11, 3, 0, 5));
    await f.r.onAlarm({ name: REMINDER_ALARM });
    await f.r.onAlarm({ name: 'someone-else' });
    expect(f.shown).toHaveLength(1);
    expect(f.rows).toHaveBeenCalledTimes(3);
  });

  it('two checks at once (start-up and the switch) show an item once', async () => {
    const f = setup({ settings: { enabled: true, daysBefore: 7 } });
    await Promise.all([f.r.sync({ check: true }), f.r.check(), f.r.onAlarm({ name: REMINDER_ALARM })]);
    expect(f.shown).toHaveLength(1);
  });

  it('an item that enters the window later is shown the day it does', async () => {
    const f = setup({ settings: { enabled: true, daysBefore: 7 }, rows: [row({ due: '2026-12-12' })] });
    await f.r.check();
    expect(f.shown).toEqual([]);
    f.setNow(new Date(2026, 11, 5, 0, 5));
    await f.r.onAlarm({ name: REMINDER_ALARM });
    expect(f.shown.map(([, o]) => o.title)).toEqual(['1 项措施 7 天后到期']);
  });

  it('a notification that fails is not marked shown (tried again next time), and said in the hook', async () => {
    const f = setup({ settings: { enabled: true, daysBefore: 7 }, createFails: true });
    expect(await f.r.check()).toEqual([]);
    expect(f.local.data[NOTIFIED_KEY]).toEqual([]);
    expect((f.session.data[SHOWN_KEY] as { shown: { error?: string }[] }).shown[0]!.error).toBe('no notification server');
    expect(f.warn).toHaveBeenCalled();
  });

  it('a click on a reminder opens the library at what falls due that day; other notifications are not ours', async () => {
    const f = setup();
    expect(await f.r.onClicked('pl-reminder:2026-12-05')).toBe(true);
    expect(await f.r.onClicked('pl-reminder:more:2026-12-05')).toBe(true);
    expect(await f.r.onClicked('other')).toBe(false);
    expect(f.tabs).toEqual([`${LIBRARY}#due=2026-12-05`, `${LIBRARY}#due`]);
    expect(f.notifications.clear).toHaveBeenCalledWith('pl-reminder:2026-12-05');
  });

  it.each([
    ['refused (or revoked)', { granted: false }],
    ['no notifications API', { api: false }],
  ])('on without the permission: turned off, no alarm, nothing shown (%s)', async (_, o) => {
    const f = setup({ settings: { enabled: true, daysBefore: 7 }, ...o });
    await f.r.sync({ check: true });
    expect(f.settings()).toEqual({ enabled: false, daysBefore: 7 });
    expect(f.alarms.has(REMINDER_ALARM)).toBe(false);
    await f.r.onAlarm({ name: REMINDER_ALARM });
    expect(f.shown).toEqual([]);
    expect(f.rows).not.toHaveBeenCalled();
  });

  it('the next check is after the user’s midnight; the library URL names the day', () => {
    expect(nextDailyCheck(new Date(2026, 11, 31, 23, 59))).toBe(new Date(2027, 0, 1, 0, 5).getTime());
    expect(libraryTarget(LIBRARY, 'pl-reminder:2027-01-01')).toBe(`${LIBRARY}#due=2027-01-01`);
  });
});
