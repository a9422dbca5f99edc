/**
 * Date arithmetic of deadlines: what relative and year-less dates count from (`anchorOf`), and
 * the first or last day a written date stands for ("2025年底" → 2025-12-31, "三季度" → 09-30,
 * "上旬" → the 10th).
 */
import type { DeadlineAnchor } from './types';
import { parseCnNumber, parseYear, ymd, lastDayOfMonth } from './numerals';
import { addToDate } from './dates';

export interface DeadlineContext {
  /** Document date (YYYY-MM-DD), for the historical guard and relative resolution. */
  docDate: string | null;
  /** "Today" fallback for relative deadlines when there is no other anchor. */
  today: string | null;
  /** The plan year printed in the title ("2016年民生实事…", "2025年工作要点"). */
  planYear?: number | null;
  /** 发布日期 (YYYY-MM-DD), when the page shows one. */
  published?: string | null;
  /** A programme start the text states ("2012年起5年内"), as a year. */
  programmeYear?: number | null;
}

/**
 * What relative and year-less dates resolve against: the document's date, else the plan year in
 * its title, else a programme period the text states, else the publication date, else today.
 */
export function anchorOf(ctx: DeadlineContext): DeadlineAnchor | null {
  if (ctx.docDate) return { basis: 'docDate', value: ctx.docDate };
  if (ctx.planYear) return { basis: 'planYear', value: String(ctx.planYear) };
  // A programme period the text itself states ("2012年起5年内") defines its later "5年内" better
  // than the date a copy was put online.
  if (ctx.programmeYear) return { basis: 'programme', value: String(ctx.programmeYear) };
  if (ctx.published) return { basis: 'published', value: ctx.published };
  if (ctx.today) return { basis: 'today', value: ctx.today };
  return null;
}

/** "N years from the anchor": from a date, the same day N years on; from a year (a plan or programme year Y), the end of year Y+N−1. */
export function addYears(anchor: DeadlineAnchor, years: number, months: number): string {
  if (anchor.value.length === 4) {
    const y = Number(anchor.value);
    if (!months) return ymd(y + years - 1, 12, 31);
    const total = y * 12 + months - 1; // the N-th month of the year, counted from January
    const ny = Math.floor(total / 12);
    const nm = (total % 12) + 1;
    return ymd(ny, nm, lastDayOfMonth(ny, nm));
  }
  return addToDate(anchor.value, years, months);
}

/** The year a year-less date ("12月底前", "年底前") falls in. */
export function anchorYear(anchor: DeadlineAnchor): number {
  return Number(anchor.value.slice(0, 4));
}

function quarterEnd(q: number): [number, number] {
  return [q * 3, lastDayOfMonth(2001, q * 3)];
}

export function endOf(y: number, mo: number | null, d: number | null, tail: string | undefined, mtail: string | undefined): string {
  if (mo !== null) {
    if (d !== null) return ymd(y, mo, Math.min(d, lastDayOfMonth(y, mo)));
    if (mtail === '上旬') return ymd(y, mo, 10);
    if (mtail === '中旬') return ymd(y, mo, 20);
    return ymd(y, mo, lastDayOfMonth(y, mo));
  }
  if (tail === '上半年' || tail === '年中') return ymd(y, 6, 30);
  if (tail === '年初' || tail === '初') return ymd(y, 3, 31);
  if (tail) {
    const q = /([一二三四1-4])季度/.exec(tail);
    if (q) {
      const n = parseCnNumber(q[1]!) ?? 4;
      const [m, dd] = quarterEnd(n);
      return ymd(y, m, dd);
    }
  }
  return ymd(y, 12, 31);
}

export function startOf(y: number, mo: number | null, d: number | null, tail: string | undefined): string {
  if (mo !== null) return ymd(y, mo, d ?? 1);
  if (tail === '下半年') return ymd(y, 7, 1);
  if (tail) {
    const q = /([一二三四1-4])季度/.exec(tail);
    if (q) return ymd(y, ((parseCnNumber(q[1]!) ?? 1) - 1) * 3 + 1, 1);
  }
  return ymd(y, 1, 1);
}

export function year(str: string | undefined): number | null {
  if (!str) return null;
  const y = parseYear(str.replace(/O/g, '〇'));
  return y !== null && y >= 1900 && y <= 2200 ? y : null;
}

/** Days-precise addition on YYYY-MM-DD. */
export function addDays(date: string, n: number): string {
  const [y = 1970, m = 1, d = 1] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + n));
  return ymd(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}
