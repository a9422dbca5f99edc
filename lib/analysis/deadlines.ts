/**
 * Deadlines and time requirements.
 *
 *  by        到2018年 / 2017年底前 / 2020年6月底前 / 2018年上半年 / 第三季度 / 年中  → end date;
 *            year-less 12月底前 / 6月30日前 / 年底前 (in cells also 9月, 三季度)    → in the anchor's year
 *  from      2019年起 / 从2018年开始 / 自2019年1月1日起 / 自…之日起 (an event: no date)  → start date
 *  period    "十三五"期间 / 2018—2020年 / 2019年1月1日至12月31日 / 2012年起5年内    → start..end
 *  recurring 每年 / 每季度 / 每月5日前 (not 每人每年 or 每月给予…: benefit schedules)
 *  ongoing   长期坚持 / 持续推进, in prose only standing alone ("，长期坚持。"), in cells as they are
 *  relative  年内 / 三年内 / 6个月内 / 今年底前 / 明年6月底前 / 印发之日起30日内       → from the anchor
 *
 * The anchor of relative and year-less dates (`anchorOf`): the document's date, else the plan year
 * in its title, else a programme period the text states ("2012年起5年内"), else the 发布日期, else
 * today; every such hit says which it used.
 *
 * Not deadlines: historical dates (bare dates "2014年，全国…", "2015年7月1日印发", "以来", dates
 * ending before the document year), dates inside 《…》 titles, the signature date, benefit
 * durations ("5年内享受补贴"), "N个工作日内" without a calendar anchor.
 */
import type { DeadlineAnchor, DeadlineKind } from './types';
import type { TextView } from './normalize';
import { parseCnNumber, ymd, lastDayOfMonth } from './numerals';
import { addToDate } from './dates';
import type { CharIndex } from './lines';
import { addDays, addYears, anchorOf, anchorYear, endOf, startOf, year, type DeadlineContext } from './deadline-dates';
import {
  anchoredMatches,
  sinceMatches,
  BENEFIT_AFTER,
  CELL_ONGOING_RE,
  COMPLETE_AFTER,
  FYP_RE,
  ISSUED_RE,
  NOT_TIME_PREP,
  ONGOING_RE,
  PERIOD_MD_RE,
  PREFIX_RE,
  RECURRING_RE,
  RELATIVE_BEFORE,
  RELATIVE_RE,
  YEAR_RE,
  YEARLESS_HALF_RE,
  YEARLESS_MONTH_RE,
  YEARLESS_QUARTER_RE,
} from './deadline-forms';

export interface DeadlineHit {
  kind: DeadlineKind;
  date: string | null;
  startDate?: string | null;
  /** Compact positions. */
  start: number;
  end: number;
  anchor?: DeadlineAnchor;
}

/**
 * Scan v.s[from, to). mode 'cell' (task-table 完成时限 cells, labelled 完成时限 fields) also
 * accepts bare dates ("2023年12月", "2024年", "9月") and bare 长期/持续 as deadlines.
 *
 * The passes run from the most specific form to the least; a position a hit covers is not read
 * again (a "2025年底前" is not also a year-less "年底前").
 */
export function scanDeadlines(
  v: TextView,
  from: number,
  to: number,
  mode: 'text' | 'cell',
  ctx: DeadlineContext,
  skip?: (pos: number) => boolean,
  /** One-pass index of DEADLINE_ANCHORS over v.s (optional; speeds up whole-text scans). */
  index?: CharIndex,
): DeadlineHit[] {
  const s = v.s;
  const hits: DeadlineHit[] = [];
  // Positions (relative to `from`) already covered by a hit: a bitmap keeps this linear (a
  // sorted span list needs mid-array inserts for the later passes).
  const taken = new Uint8Array(to - from);
  const sc: Scan = {
    s,
    seg: s.slice(from, to),
    from,
    to,
    mode,
    ctx,
    index,
    hits,
    docYear: ctx.docDate ? Number(ctx.docDate.slice(0, 4)) : null,
    anchor: anchorOf(ctx),
    push(h) {
      if (skip && skip(h.start)) return;
      hits.push(h);
      taken.fill(1, h.start - from, h.end - from);
    },
    overlaps(a, b) {
      for (let i = Math.max(a, from) - from; i < Math.min(b, to) - from; i++) if (taken[i]) return true;
      return false;
    },
    benefitAfter: (end) => BENEFIT_AFTER.test(s.slice(end, end + 6)),
  };
  scanPeriodsMD(sc);
  scanYearDates(sc);
  scanFiveYearPlans(sc);
  scanSince(sc);
  scanRelative(sc);
  scanRecurring(sc);
  scanYearless(sc);
  scanOngoing(sc);
  if (mode === 'cell' && hits.length === 0 && CELL_ONGOING_RE.test(sc.seg.trim())) sc.push({ kind: 'ongoing', date: null, start: from, end: to });
  hits.sort((a, b) => a.start - b.start);
  return hits;
}

/** What the passes of one scan share. */
interface Scan {
  s: string;
  /** s[from, to): matches are found here (their index is relative to `from`). */
  seg: string;
  from: number;
  to: number;
  mode: 'text' | 'cell';
  ctx: DeadlineContext;
  index?: CharIndex;
  hits: DeadlineHit[];
  /** The document's year: deadlines before it are history. */
  docYear: number | null;
  /** What relative and year-less dates count from (null: no anchor). */
  anchor: DeadlineAnchor | null;
  /** Keep a hit (unless its start is skipped) and mark its span taken. */
  push(h: DeadlineHit): void;
  overlaps(a: number, b: number): boolean;
  /** A benefit or cap follows ("…给予补贴"): the time phrase is not a requirement. */
  benefitAfter(end: number): boolean;
}

/** Full-date periods whose end may omit the year ("2019年1月1日至12月31日"). */
function scanPeriodsMD(sc: Scan): void {
  const { seg, from, index, docYear, push } = sc;
  // (only at a 年 followed by a month and, within a few characters, a range sign)
  const periodNear = (p: number) => /[\d一二三四五六七八九十]/.test(seg.charAt(p + 1)) && /[至到—\-~～]/.test(seg.slice(p + 2, p + 14));
  for (const m of anchoredMatches(seg, PERIOD_MD_RE, ['年'], 4, index, from, periodNear)) {
    const y1 = year(m[1]);
    const mo1 = parseCnNumber(m[2]!);
    const d1 = m[3] ? parseCnNumber(m[3]) : null;
    const y2 = m[4] ? year(m[4]) : y1;
    const mo2 = parseCnNumber(m[5]!);
    const d2 = m[6] ? parseCnNumber(m[6]) : null;
    if (y1 === null || y2 === null || !mo1 || !mo2 || mo1 > 12 || mo2 > 12) continue;
    const start = from + m.index;
    const end = start + m[0].length;
    const startDate = ymd(y1, mo1, Math.min(d1 ?? 1, lastDayOfMonth(y1, mo1)));
    const date = ymd(y2, mo2, Math.min(d2 ?? lastDayOfMonth(y2, mo2), lastDayOfMonth(y2, mo2)));
    if (date < startDate || (docYear !== null && y2 < docYear)) continue;
    push({ kind: 'period', date, startDate, start, end });
  }
}

/** Dates with a year: periods (2021—2025年), starts (自2024年起, 2012年起5年内) and deadlines (2025年底前, 到2027年). */
function scanYearDates(sc: Scan): void {
  const { s, seg, from, mode, ctx, index, docYear, push, overlaps, benefitAfter } = sc;
  for (const m of anchoredMatches(seg, YEAR_RE, ['年'], 9, index, from)) {
    const [all0, y1s, y2s, mos, ds, mtail, tail, suffix] = m;
    const at = from + m.index;
    if (overlaps(at, at + all0!.length)) continue;
    // The year must not continue a longer number ("12018年", "一二〇一八年").
    if (at > 0 && /[\d〇零一二三四五六七八九]/.test(s.charAt(at - 1)) && !PREFIX_RE.test(s.slice(Math.max(0, at - 4), at))) continue;
    const pm = PREFIX_RE.exec(s.slice(Math.max(from, at - 4), at));
    let prefix = pm?.[1];
    // 关于/对于/由于 …: 于 is part of a word there, not "by".
    if ((prefix === '于' || prefix === '在') && NOT_TIME_PREP.test(s.slice(Math.max(0, at - 2), at - 1))) prefix = undefined;
    const all = (prefix ?? '') + all0;
    void all;
    const y1 = year(y1s);
    if (y1 === null) continue;
    const y2 = year(y2s);
    if (y2s && (y2 === null || y2 < y1)) continue;
    const mo = mos ? parseCnNumber(mos) : null;
    const d = ds ? parseCnNumber(ds) : null;
    if (mo !== null && (mo < 1 || mo > 12)) continue;
    if (d !== null && (d < 1 || d > 31)) continue;
    if (suffix === '以来' || suffix === '后') continue;
    const start = at - (prefix?.length ?? 0);
    let end = at + all0!.length;
    let kind: DeadlineKind | null = null;
    let date: string | null = null;
    let startDate: string | null | undefined;
    if (y2 !== null) {
      kind = 'period';
      startDate = startOf(y1, null, null, undefined);
      date = endOf(y2, mo, d, tail, mtail);
      if (docYear !== null && y2 < docYear) continue;
    } else if (prefix === '从' || prefix === '自' || suffix === '起' || suffix === '开始') {
      kind = 'from';
      date = startOf(y1, mo, d, tail);
      startDate = date;
      if (docYear !== null && y1 < docYear) continue;
      // "2012年起5年内": a programme period of N years from that start.
      const span = /^(?:的)?([一二两三四五六七八九十]{1,3}|\d{1,2})(年|个月)(?:以|之)?内/.exec(s.slice(end, end + 8));
      if (span && !benefitAfter(end + span[0].length)) {
        const n = parseCnNumber(span[1]!);
        if (n) {
          kind = 'period';
          date = span[2] === '年' ? ymd(y1 + n - 1, 12, 31) : addYears({ basis: 'programme', value: String(y1) }, 0, n);
          end += span[0].length;
        }
      }
    } else {
      const strongPrefix = prefix && /^(?:力争|争取|到|至|直到)/.test(prefix);
      const beforeSuffix = suffix === '前' || suffix === '以前' || suffix === '之前' || suffix === '止';
      const endTail = tail !== undefined || mtail === '底' || mtail === '末';
      const future = docYear !== null && y1 >= docYear;
      let ok = false;
      if (prefix === '截至' || prefix === '截止' || prefix === '截止到') ok = docYear !== null && y1 > docYear;
      else if (strongPrefix || beforeSuffix) ok = true;
      else if (endTail && d === null) ok = docYear === null || future;
      else if (prefix === '在' || prefix === '于') {
        // "已于2024年6月28日…通过" is history; so is any 于/在 date before the document date.
        const already = s.charAt(start - 1) === '已';
        ok = future && !already && !(ctx.docDate !== null && endOf(y1, mo, d, tail, mtail) < ctx.docDate);
      } else if (mode === 'cell') ok = true;
      if (!ok) continue;
      kind = 'by';
      date = endOf(y1, mo, d, tail, mtail);
      if (docYear !== null && Number(date.slice(0, 4)) < docYear) continue;
    }
    push({ kind, date, startDate, start, end });
  }
}

/** "十四五"时期 and "十四五"末: the plan's five years. */
function scanFiveYearPlans(sc: Scan): void {
  const { seg, from, index, docYear, push, overlaps } = sc;
  for (const m of anchoredMatches(seg, FYP_RE, ['五'], 4, index, from)) {
    const n = 10 + (parseCnNumber(m[1]!) ?? 0);
    if (n < 3) continue;
    const y0 = 1966 + 5 * (n - 3);
    const start = from + m.index;
    const end = start + m[0].length;
    if (overlaps(start, end)) continue;
    if (docYear !== null && y0 + 4 < docYear) continue;
    if (m[2] === '末' || m[2] === '末期') push({ kind: 'by', date: ymd(y0 + 4, 12, 31), start, end });
    else push({ kind: 'period', date: ymd(y0 + 4, 12, 31), startDate: ymd(y0, 1, 1), start, end });
  }
}

/** Counted from an event: "本意见印发之日起30日内" (from the 成文日期), "自国务院批准设立…之日起" (no calendar date). */
function scanSince(sc: Scan): void {
  const { seg, from, ctx, index, push, overlaps } = sc;
  for (const m of sinceMatches(seg, index, from)) {
    const start = from + m.index;
    const end = start + m[0].length;
    if (overlaps(start, end)) continue;
    const event = m[1]!;
    const issued = ISSUED_RE.test(event);
    if (m[2]) {
      const n = parseCnNumber(m[2]);
      if (!n) continue;
      const unit = m[3]!;
      if (unit === '个工作日' || unit === '工作日') continue; // no calendar anchor
      let date: string | null = null;
      let anch: DeadlineAnchor | undefined;
      const base = issued
        ? ctx.docDate
          ? { basis: 'docDate' as const, value: ctx.docDate }
          : ctx.published
            ? { basis: 'published' as const, value: ctx.published }
            : null
        : null;
      if (base) {
        anch = base;
        date = unit === '年' ? addToDate(base.value, n, 0) : unit === '日' || unit === '天' ? addDays(base.value, n) : addToDate(base.value, 0, n);
      }
      push({ kind: 'relative', date, start, end, ...(anch ? { anchor: anch } : {}) });
    } else {
      // A start "from the day of …": the 成文日期 when the event is the issuing, else an event without a calendar date.
      const base = issued && ctx.docDate ? ctx.docDate : null;
      push({ kind: 'from', date: base, startDate: base, start, end, ...(base ? { anchor: { basis: 'docDate' as const, value: base } } : {}) });
    }
  }
}

/** Relative to the document's anchor: 今年/明年(…月), N年内/N个月内, 年内. */
function scanRelative(sc: Scan): void {
  const { s, seg, from, index, anchor, push, overlaps, benefitAfter } = sc;
  for (const m of anchoredMatches(seg, RELATIVE_RE, ['年', '月'], 4, index, from)) {
    const start = from + m.index;
    if (start > 0 && RELATIVE_BEFORE.test(s.charAt(start - 1))) continue;
    const end = start + m[0].length;
    if (overlaps(start, end)) continue;
    if (m[4] && benefitAfter(end)) continue;
    let date: string | null = null;
    if (anchor) {
      const by = anchorYear(anchor);
      if (m[1]) {
        const y = m[1] === '明年' ? by + 1 : by;
        const mo = m[2] ? parseCnNumber(m[2].slice(0, -1)) : null;
        const d = m[3] ? parseCnNumber(m[3].slice(0, -1)) : null;
        date = mo && mo >= 1 && mo <= 12 ? ymd(y, mo, d && d >= 1 && d <= lastDayOfMonth(y, mo) ? d : lastDayOfMonth(y, mo)) : ymd(y, 12, 31);
      } else if (m[4]) {
        const n = parseCnNumber(m[4]);
        if (n === null || n === 0) continue;
        date = m[5] === '年' ? addYears(anchor, n, 0) : addYears(anchor, 0, n);
      } else date = ymd(by, 12, 31);
    }
    push({ kind: 'relative', date, start, end, ...(anchor ? { anchor } : {}) });
  }
}

/** Recurring requirements (每年, 每季度), not benefits or caps. */
function scanRecurring(sc: Scan): void {
  const { s, seg, from, index, push, overlaps, benefitAfter } = sc;
  for (const m of anchoredMatches(seg, RECURRING_RE, ['每'], 0, index, from)) {
    const start = from + m.index;
    const end = start + m[0].length;
    if (overlaps(start, end)) continue;
    // A frequency of a benefit or a cap, not a time requirement: 每人每年, 每月给予津贴, 连续3年每年给予.
    if (/每(?:人|户|名|家|位|个人)$/.test(s.slice(Math.max(0, start - 3), start)) || benefitAfter(end)) continue;
    push({ kind: 'recurring', date: null, start, end });
  }
}

/** Year-less dates ("12月底前", "6月30日前", "年底前", "上半年"; in cells also "9月") in the anchor's year. */
function scanYearless(sc: Scan): void {
  const { s, seg, from, mode, index, anchor, push, overlaps } = sc;
  if (anchor) {
    const y = anchorYear(anchor);
    const yearless = [
      ...anchoredMatches(seg, YEARLESS_MONTH_RE, ['月'], 2, index, from, (p) => /[\d一二三四五六七八九十]/.test(seg.charAt(p - 1))).map((m) => ({
        m,
        form: 'month' as const,
      })),
      ...anchoredMatches(seg, YEARLESS_HALF_RE, ['年', '半'], 1, index, from, (p) => seg.charAt(p) === '半' || /[底末中]/.test(seg.charAt(p + 1))).map((m) => ({
        m,
        form: 'half' as const,
      })),
      ...anchoredMatches(seg, YEARLESS_QUARTER_RE, ['季'], 2, index, from).map((m) => ({ m, form: 'quarter' as const })),
    ].sort((a, b) => a.m.index - b.m.index);
    for (const { m, form } of yearless) {
      const start = from + m.index;
      const end = start + m[0].length;
      if (overlaps(start, end)) continue;
      const before = s.slice(Math.max(0, start - 2), start);
      if (/[\d〇零一二三四五六七八九十年月日每今明本去]$/.test(before) || /每个?$/.test(before)) continue;
      const mos = form === 'month' ? m[1] : undefined;
      const ds = form === 'month' ? m[2] : undefined;
      const mtail = form === 'month' ? m[3] : undefined;
      const suffix = form === 'month' ? m[4] : undefined;
      const half = form === 'half' ? m[1] : undefined;
      const quarter = form === 'quarter' ? m[1] : undefined;
      // In prose a bare period is a deadline when it ends in 前/底/末, starts a sentence with a
      // completion verb ("上半年完成…", "一季度完成…"), or follows 力争/于/在.
      const due =
        mode === 'cell' ||
        /前|底|末/.test(m[0]) ||
        (COMPLETE_AFTER.test(s.slice(end, end + 4)) && /(?:^|[,;。:\n]|力争|争取|于|在|到)$/.test(s.slice(Math.max(0, start - 2), start)));
      const since = /^(?:起|开始)/.test(s.slice(end, end + 2)) && /[自从]$/.test(before);
      let date: string;
      let kind: DeadlineKind = 'by';
      let hitStart = start;
      let hitEnd = end;
      if (quarter !== undefined) {
        const q = parseCnNumber(quarter) ?? 4;
        if (since) {
          kind = 'from';
          date = ymd(y, q * 3 - 2, 1);
          hitStart = start - 1;
          hitEnd = end + (s.startsWith('开始', end) ? 2 : 1);
        } else if (!due) continue;
        else date = ymd(y, q * 3, lastDayOfMonth(y, q * 3));
      } else if (half !== undefined) {
        if (!due) continue;
        date = /上半年|年中/.test(half) ? ymd(y, 6, 30) : ymd(y, 12, 31);
      } else {
        const mo = parseCnNumber(mos!);
        const d = ds ? parseCnNumber(ds) : null;
        if (!mo || mo > 12 || (d !== null && (d < 1 || d > 31))) continue;
        if (mode !== 'cell' && !suffix && mtail !== '底' && mtail !== '末' && !due) continue;
        date = endOf(y, mo, d, undefined, mtail);
      }
      push({ kind, date, ...(kind === 'from' ? { startDate: date } : {}), start: hitStart, end: hitEnd, anchor });
    }
  }
}

/** Standing requirements (长期坚持, 持续推进) where they stand as a time requirement. */
function scanOngoing(sc: Scan): void {
  const { s, seg, from, mode, index, push, overlaps } = sc;
  for (const m of anchoredMatches(seg, ONGOING_RE, ['长', '持', '常'], 0, index, from)) {
    const start = from + m.index;
    const end = start + m[0].length;
    if (overlaps(start, end)) continue;
    // In prose only a time requirement standing on its own ("，长期坚持。"), not a verb phrase
    // ("持续推进固体废物源头减量").
    if (mode === 'text' && !(/(?:^|[,;:(\n])$/.test(s.slice(Math.max(0, start - 1), start)) && /^(?:$|[,;。)\n])/.test(s.slice(end, end + 1)))) continue;
    push({ kind: 'ongoing', date: null, start, end });
  }
}
