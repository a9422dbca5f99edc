/**
 * The background's half of the local reminders (issue 15, item 4): keeps one daily alarm while
 * reminders are on (cleared when they are off), and on that alarm, at the browser's start and
 * right when the analyst turns them on, reads the library, asks lib/library/reminders what is
 * due and shows it with `notifications.create`. A click on one opens the library page at what
 * falls due. Nothing leaves the machine: the rows come from the extension's own IndexedDB.
 *
 * Browser APIs come in through `ReminderDeps` (Node-testable, as the other lib/background
 * modules). `notifications` is an optional permission, asked for in the library page's click:
 * on without it (refused, or revoked later in the browser's settings) is turned off here.
 *
 * Test hook, not behaviour: after each check, what it showed (or tried to: `error`) is written to
 * `storage.session` under SHOWN_KEY — headless browsers give a test no way to see a system
 * notification (tests/e2e/reminders.test.ts reads it). It is the same text as the
 * notification's, in the session area, which content scripts cannot read and the browser clears
 * on exit.
 */
import type { T } from '../i18n';
import type { CrossLedgerRow } from '../library/ledger';
import { NOTIFICATION_PREFIX, planReminders, type ReminderNotification, type ReminderSettings } from '../library/reminders';
import { localToday } from '../view/dates';
import type { SessionAreaLike } from './frames';

export const REMINDER_ALARM = 'pl-reminders';
/** The items already shown (storage.local: each one is shown once, across restarts). */
export const NOTIFIED_KEY = 'pl:reminders:notified';
/** The test hook (storage.session): the last check's notifications. */
export const SHOWN_KEY = 'pl:reminders:shown';
const DAY_MINUTES = 24 * 60;
/** The daily check runs this long after the user's midnight (the day's due items, once the day has begun). */
const AFTER_MIDNIGHT_MS = 5 * 60 * 1000;

interface AlarmsLike {
  create(name: string, info: { when?: number; periodInMinutes?: number }): unknown;
  clear(name: string): Promise<boolean>;
  get(name: string): Promise<{ name: string } | undefined | null>;
}

export interface NotificationOptions {
  type: 'basic';
  iconUrl: string;
  title: string;
  message: string;
}

export interface NotificationsLike {
  create(id: string, options: NotificationOptions): Promise<string>;
  clear?(id: string): Promise<boolean>;
}

export interface ReminderDeps {
  alarms: AlarmsLike;
  /** The notifications API where the browser gives it (Chrome: only once the permission is granted). */
  notifications(): NotificationsLike | undefined;
  /** Whether the optional `notifications` permission is granted. */
  hasPermission(): Promise<boolean>;
  settings: { get(): Promise<ReminderSettings>; set(s: ReminderSettings): Promise<void> };
  /** storage.local (the notified keys). */
  local: Pick<SessionAreaLike, 'get' | 'set'>;
  /** storage.session, for the test hook; absent: not recorded. */
  session?: Pick<SessionAreaLike, 'set'>;
  /** The library's ledger rows (the database is opened only when reminders are on). */
  rows(): Promise<readonly CrossLedgerRow[]>;
  openTab(url: string): Promise<unknown>;
  /** `library.html` as a full extension URL. */
  libraryUrl: string;
  iconUrl: string;
  t: T;
  now?: () => Date;
  warn?: (message: string, e: unknown) => void;
}

interface ShownRecord {
  today: string;
  shown: (Pick<ReminderNotification, 'id' | 'title' | 'message' | 'keys'> & { error?: string })[];
}

export interface Reminders {
  /** Puts the alarm in step with the setting (and turns the setting off without the permission); `check`: also check now. */
  sync(opts?: { check?: boolean }): Promise<void>;
  /** Shows what has come due since the last check; returns what it showed. */
  check(): Promise<ReminderNotification[]>;
  onAlarm(alarm: { name: string }): Promise<void>;
  /** A notification clicked: true when it was a reminder (the library opened). */
  onClicked(id: string): Promise<boolean>;
}

/** The next user's midnight after `now`, plus a few minutes (ms since the epoch). */
export function nextDailyCheck(now: Date): number {
  const next = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  return next.getTime() + AFTER_MIDNIGHT_MS;
}

/** The library page at what falls due on `due` (the page reads `#due=YYYY-MM-DD`; `#due` for several dates). */
export function libraryTarget(libraryUrl: string, id: string): string {
  const due = /(\d{4}-\d{2}-\d{2})$/.exec(id)?.[1];
  return `${libraryUrl}#due${id.startsWith(`${NOTIFICATION_PREFIX}more:`) || !due ? '' : `=${due}`}`;
}

export function createReminders(deps: ReminderDeps): Reminders {
  const now = deps.now ?? (() => new Date());
  const warn = deps.warn ?? ((m, e) => console.warn(`Policy Lens: ${m}`, e));
  // one check at a time: the start-up check and the switch's can meet, and an item is shown once
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <R>(f: () => Promise<R>): Promise<R> => {
    const run = chain.then(f, f);
    chain = run.catch(() => {});
    return run;
  };

  async function permitted(): Promise<boolean> {
    return !!deps.notifications() && (await deps.hasPermission().catch(() => false));
  }

  async function check(): Promise<ReminderNotification[]> {
    const s = await deps.settings.get();
    if (!s.enabled || !(await permitted())) return [];
    const api = deps.notifications()!;
    const today = localToday(now());
    const stored = (await deps.local.get(NOTIFIED_KEY))[NOTIFIED_KEY];
    const plan = planReminders({ rows: await deps.rows(), today, daysBefore: s.daysBefore, notified: Array.isArray(stored) ? stored : [], t: deps.t });
    const failed = new Set<string>();
    const record: ShownRecord = { today, shown: [] };
    for (const n of plan.notifications) {
      const entry: ShownRecord['shown'][number] = { id: n.id, title: n.title, message: n.message, keys: n.keys };
      try {
        await api.create(n.id, { type: 'basic', iconUrl: deps.iconUrl, title: n.title, message: n.message });
      } catch (e) {
        // not marked as shown: tried again at the next check
        for (const k of n.keys) failed.add(k);
        entry.error = e instanceof Error ? e.message : String(e);
        warn('could not show a reminder', e);
      }
      record.shown.push(entry);
    }
    await deps.local.set({ [NOTIFIED_KEY]: plan.notified.filter((k) => !failed.has(k)) });
    if (deps.session) await deps.session.set({ [SHOWN_KEY]: record }).catch(() => {});
    return plan.notifications.filter((n) => !n.keys.some((k) => failed.has(k)));
  }

  async function sync(opts: { check?: boolean } = {}): Promise<void> {
    const s = await deps.settings.get();
    if (s.enabled && !(await permitted())) {
      // on without the permission (refused, revoked): off, and said so by the switch
      await deps.settings.set({ ...s, enabled: false });
      await deps.alarms.clear(REMINDER_ALARM);
      return;
    }
    if (!s.enabled) {
      await deps.alarms.clear(REMINDER_ALARM);
      return;
    }
    if (!(await deps.alarms.get(REMINDER_ALARM))) await deps.alarms.create(REMINDER_ALARM, { when: nextDailyCheck(now()), periodInMinutes: DAY_MINUTES });
    if (opts.check) await serial(check);
  }

  return {
    sync: (opts) =>
      sync(opts).catch((e) => {
        warn('reminders', e);
      }),
    check: () => serial(check),
    async onAlarm(alarm) {
      if (alarm.name !== REMINDER_ALARM) return;
      await serial(check).catch((e) => warn('reminders', e));
    },
    async onClicked(id) {
      if (!id.startsWith(NOTIFICATION_PREFIX)) return false;
      await deps.openTab(libraryTarget(deps.libraryUrl, id));
      await deps
        .notifications()
        ?.clear?.(id)
        .catch(() => false);
      return true;
    },
  };
}
