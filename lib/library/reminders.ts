/**
 * Local reminders of what falls due (issue 15, item 4): which notifications to show now, from the
 * library's ledger rows, today, the days before a due date the analyst chose and what was
 * already shown. Pure: the background (lib/background/reminders.ts) reads the rows and the
 * stored state and shows what this answers.
 *
 * - One item per (document, measure, due date), not one per unit row: a deadline shared by five
 *   units is one thing to do.
 * - Skipped: measures marked 已完成, recurring deadlines (每年 …), start dates (自…起), deadlines
 *   without a calendar date, and dates already past.
 * - An item is shown once, when it enters the window (due within `daysBefore` days, today
 *   included); the notified keys are pruned of dates before today, so they stay bounded.
 * - Items due the same day share one notification ("3 项措施 7 天后到期" and the first titles);
 *   at most MAX_NOTIFICATIONS are shown at once, the last one standing for the rest.
 */
import { DONE_STATUS } from '../annotations/types';
import type { T } from '../i18n';
import { daysBetween, isIsoDate } from '../view/dates';
import type { CrossLedgerRow } from './ledger';

/** The reminders setting (stored as `local:pl:reminders`, lib/settings-reminders.ts). */
export interface ReminderSettings {
  enabled: boolean;
  /** Days before a due date a reminder is shown, 1..90. */
  daysBefore: number;
}

export const DEFAULT_REMINDER_SETTINGS: ReminderSettings = { enabled: false, daysBefore: 7 };
export const MIN_DAYS_BEFORE = 1;
export const MAX_DAYS_BEFORE = 90;

/** Merge a stored value (untrusted shape: devtools, another version) over the defaults; days clamped to 1..90. */
export function normalizeReminderSettings(x: unknown): ReminderSettings {
  const s = { ...DEFAULT_REMINDER_SETTINGS };
  if (typeof x !== 'object' || x === null) return s;
  const o = x as Record<string, unknown>;
  if (typeof o.enabled === 'boolean') s.enabled = o.enabled;
  const d = typeof o.daysBefore === 'string' && o.daysBefore.trim() !== '' ? Number(o.daysBefore) : o.daysBefore;
  if (typeof d === 'number' && Number.isFinite(d)) s.daysBefore = Math.min(MAX_DAYS_BEFORE, Math.max(MIN_DAYS_BEFORE, Math.round(d)));
  return s;
}

/** One thing falling due: a measure of a document and its due date. */
export interface DueItem {
  /** `docId|measureId|due`: what the notified set holds. */
  key: string;
  docId: string;
  measureId: string;
  measurePath: string;
  measureTitle: string;
  /** The document's title (null when it has none). */
  title: string | null;
  due: string;
  /** Days from today (0: today). */
  days: number;
}

export interface ReminderNotification {
  /** Unique per due date and batch: `pl-reminder:<due>` (a summary of the rest: `pl-reminder:more:<due>`). */
  id: string;
  title: string;
  message: string;
  /** The items it stands for (keys). */
  keys: string[];
}

/** At most this many notifications at once; the last stands for the rest. */
export const MAX_NOTIFICATIONS = 3;
/** Titles listed in one notification. */
const TITLES_SHOWN = 3;
/** The notified set never grows past this (the oldest dates go first). */
const MAX_NOTIFIED = 5000;

export const NOTIFICATION_PREFIX = 'pl-reminder:';

const itemKey = (docId: string, measureId: string, due: string) => `${docId}|${measureId}|${due}`;
/** The due date a key ends with. */
const dueOfKey = (key: string) => key.slice(key.lastIndexOf('|') + 1);

/** The items within the window on `today` (due in 0..daysBefore days), one per (document, measure, due date), by date. */
export function dueItems(rows: readonly CrossLedgerRow[], today: string, daysBefore: number): DueItem[] {
  const seen = new Set<string>();
  const out: DueItem[] = [];
  for (const r of rows) {
    if (!r.due || !isIsoDate(r.due) || r.deadlineKind === 'recurring' || r.deadlineKind === 'from') continue;
    if (r.status === DONE_STATUS) continue;
    const days = daysBetween(today, r.due);
    if (days < 0 || days > daysBefore) continue;
    const key = itemKey(r.docId, r.measureId, r.due);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ key, docId: r.docId, measureId: r.measureId, measurePath: r.measurePath, measureTitle: r.measureTitle, title: r.title, due: r.due, days });
  }
  return out.sort((a, b) => a.due.localeCompare(b.due) || a.key.localeCompare(b.key));
}

export interface ReminderInput {
  rows: readonly CrossLedgerRow[];
  /** YYYY-MM-DD, the user's calendar day (lib/view/dates localToday). */
  today: string;
  daysBefore: number;
  /** Keys of the items already shown (as stored; anything else in it is dropped). */
  notified: readonly unknown[];
  t: T;
}

export interface ReminderPlan {
  notifications: ReminderNotification[];
  /** The notified keys to store: the old ones still to come, and the ones shown now. */
  notified: string[];
}

/** "N 天后到期" / "今天到期" for a day count. */
function whenText(days: number, t: T): string {
  return days === 0 ? t('remindDueToday') : t('remindDueInDays', days);
}

function itemLine(i: DueItem, t: T): string {
  const measure = `${i.measurePath} ${i.measureTitle}`.trim();
  return i.title ? t('remindItem', measure, i.title) : measure;
}

function linesOf(items: readonly DueItem[], t: T): string {
  const lines = items.slice(0, TITLES_SHOWN).map((i) => itemLine(i, t));
  if (items.length > TITLES_SHOWN) lines.push(t('remindAndMore', items.length - TITLES_SHOWN));
  return lines.join('\n');
}

/** What to show now, and the notified set to store. */
export function planReminders({ rows, today, daysBefore, notified, t }: ReminderInput): ReminderPlan {
  const kept = notified.filter((k): k is string => typeof k === 'string' && isIsoDate(dueOfKey(k)) && dueOfKey(k) >= today);
  const done = new Set(kept);
  const fresh = dueItems(rows, today, daysBefore).filter((i) => !done.has(i.key));
  // by due date (dueItems sorts by date)
  const groups: DueItem[][] = [];
  for (const i of fresh) {
    const last = groups.at(-1);
    if (last && last[0]!.due === i.due) last.push(i);
    else groups.push([i]);
  }
  const notifications: ReminderNotification[] = [];
  groups.forEach((g, n) => {
    if (n >= MAX_NOTIFICATIONS) return;
    if (n === MAX_NOTIFICATIONS - 1 && groups.length > MAX_NOTIFICATIONS) {
      // the last one stands for every group left
      const rest = groups.slice(n).flat();
      notifications.push({
        id: `${NOTIFICATION_PREFIX}more:${g[0]!.due}`,
        title: t('remindTitleMore', rest.length, rest.at(-1)!.days),
        message: linesOf(rest, t),
        keys: rest.map((i) => i.key),
      });
      return;
    }
    const when = whenText(g[0]!.days, t);
    notifications.push({
      id: `${NOTIFICATION_PREFIX}${g[0]!.due}`,
      title: g.length === 1 ? t('remindTitleOne', when) : t('remindTitleMany', g.length, when),
      message: linesOf(g, t),
      keys: g.map((i) => i.key),
    });
  });
  const all = [...kept, ...fresh.map((i) => i.key)];
  // bounded whatever happens: the nearest dates are the ones worth remembering
  const bounded = all.length > MAX_NOTIFIED ? all.sort((a, b) => dueOfKey(a).localeCompare(dueOfKey(b))).slice(0, MAX_NOTIFIED) : all;
  return { notifications, notified: bounded };
}
