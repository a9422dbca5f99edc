/**
 * Calendar days as YYYY-MM-DD strings: arithmetic (UTC, no time zones involved), the user's
 * today, and when a deadline is past. The one home of these rules: the outline, the filters,
 * the timeline and the page's highlights and cards all decide "past" and "N days" here.
 */
import type { Deadline } from '../analysis/types';

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(s: string): [number, number, number] | null {
  const m = ISO.exec(s);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

export function isIsoDate(s: string | null | undefined): s is string {
  if (!s) return false;
  const p = parts(s);
  if (!p) return false;
  const [y, mo, da] = p;
  const d = new Date(Date.UTC(y, mo - 1, da));
  return d.getUTCFullYear() === y && d.getUTCMonth() === mo - 1 && d.getUTCDate() === da;
}

function toUtc(s: string): number {
  const p = parts(s);
  if (!p) throw new Error(`Not a YYYY-MM-DD date: ${JSON.stringify(s)}`);
  return Date.UTC(p[0], p[1] - 1, p[2]);
}

/** b − a in whole days (negative when b is before a); both must be YYYY-MM-DD. */
export function daysBetween(a: string, b: string): number {
  return Math.round((toUtc(b) - toUtc(a)) / 86_400_000);
}

/** Whole days from `today` to `date`, or null when either is not a real calendar date (2018-02-30). */
export function daysUntil(today: string, date: string): number | null {
  return isIsoDate(today) && isIsoDate(date) ? daysBetween(today, date) : null;
}

/** The user's calendar day (local time, not UTC: a deadline ends at the user's midnight). */
export function localToday(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

/**
 * A deadline is past when it has a date before today and is something to be done by then: a
 * 'by', 'period' or 'relative' deadline. A 'from' date before today is a start that has come,
 * and recurring and ongoing ones never end.
 */
export function isPastDeadline(d: Pick<Deadline, 'kind' | 'date'>, today: string): boolean {
  return (d.kind === 'by' || d.kind === 'period' || d.kind === 'relative') && isIsoDate(d.date) && d.date < today;
}

export function yearOf(s: string): number {
  return Number(s.slice(0, 4));
}
