/**
 * The written forms of deadlines as patterns, and how they are found cheaply: each pattern is
 * tried only near the rare characters every match contains (年, 月, 每, 长 …), from one shared
 * index of them (`anchoredMatches`); "之日起" phrases from their 自/从 (`sinceMatches`); and where
 * 《book titles》 are, whose dates are citations (`bookSpans`).
 */
import type { CharIndex } from './lines';

/** The anchor characters scanDeadlines needs in a CharIndex. */
export const DEADLINE_ANCHORS = '年月五每长持常季半之';

const Y = '((?:19|20)\\d{2}|[〇零一二三四五六七八九O]{4})';
const M = '(\\d{1,2}|十[一二]?|[一二三四五六七八九])';
const D = '(\\d{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])';
/** Words before a year that make it a deadline (checked on the preceding characters). */
export const PREFIX_RE = /(力争到|争取到|力争在|争取在|力争于|争取于|力争|争取|截至|截止到|截止|直到|到|至|在|于|从|自)$/;
const TAIL = '(上半年|下半年|年中|年底|年末|年初|底|末|初|内|第[一二三四1-4]季度|[一二三四1-4]季度)?';
const MTAIL = '(底|末|上旬|中旬|下旬)?';
const SUFFIX = '(以前|之前|前|起|开始|以来|后|止)?';
export const YEAR_RE = new RegExp(`${Y}(?:年?[—\\-~～至到]${Y})?年(?:${M}月(?:${D}日)?${MTAIL}|${TAIL})${SUFFIX}`, 'g');
export const FYP_RE = /"?“?十([一二三四五六七八九])五"?”?(?:规划)?(期间|时期|末|初期|末期|中期)/g;
const RD = '(?:\\d{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])日';
const RM = '(?:\\d{1,2}|十[一二]?|[一二三四五六七八九])月';
/** 每年 / 每季度 / 每月5日前 / 每年3月31日前 / 每年12月底前 / 每季度末 / 每半年 / 定期. */
export const RECURRING_RE = new RegExp(
  `每(?:(?:个?月|个?季度)(?:${RD}|末|底|初)(?:以前|之前|前)?|年(?:${RM}(?:${RD}|底|末|初|上旬|中旬|下旬)?|${RD}|末|底|初)(?:以前|之前|前)?|年度|一年|年|个?季度|个?月|半年|周|两年|三年)`,
  'g',
);
export const ONGOING_RE = /长期坚持|持续推进|长期推进|持续实施|长期实施|常态化推进|持续开展|长期开展|长期有效|常抓不懈/g;
export const RELATIVE_BEFORE = /[多几数近每前过去若\d〇零一二三四五六七八九十两]/;
export const RELATIVE_RE = new RegExp(
  // 今年底前 / 明年内 / 今年6月底前 / 明年3月31日前 / 三年内 / 6个月内 / 年内
  `(?:(今年|明年|本年度?)(?:(${RM})(?:(${RD})|底|末)?(?:以前|之前|前)|(?:年底|底|内)(?:以前|之前|前)?|以前|之前|前)|([一二两三四五六七八九十]{1,3}|\\d{1,2})(年|个月)(?:以|之)?内|年内)`,
  'g',
);
export const CELL_ONGOING_RE = /^(?:长期|持续|长期坚持|持续推进|常态化|长期推进|持续开展)$/;
export const PERIOD_MD_RE = new RegExp(`${Y}年${M}月(?:${D}日)?(?:起)?[至到—\\-~～](?:${Y}年)?${M}月(?:${D}日)?(?:止)?`, 'g');
/** "(本意见)印发之日起30日内" / "自印发之日起3个月内" / "自国务院批准设立综合保税区之日起". */
const SINCE_RE = /((?:自|从|本|该)[^,;。:()\n]{0,30}?)之日起(?:(\d{1,3}|[一二两三四五六七八九十]{1,3})(日|天|个月|月|年|个工作日|工作日)(?:以|之)?内)?/g;
export const ISSUED_RE = /(?:印发|发布|公布|下发|施行|实施|签发|出台)$/;
/** Year-less: "12月底前", "6月30日前", "10月前", "9月" (cells), "年底前", "上半年", "三季度" — one pattern per anchor character. */
export const YEARLESS_MONTH_RE = new RegExp(`${M}月(?:${D}日)?(底|末|上旬|中旬|下旬)?(以前|之前|前|止)?`, 'g');
export const YEARLESS_HALF_RE = /(上半年|下半年|年中|年底|年末)(?:以前|之前|前)?/g;
export const YEARLESS_QUARTER_RE = /第?([一二三四1-4])季度(?:末|底)?(?:以前|之前|前)?/g;
/** Words before 于/在 that make them part of a word, not a time preposition (关于, 对于, 由于 …). */
export const NOT_TIME_PREP = /[关对由基鉴等属处位至居利善终勇敢乐急过]$/;
/** Verbs of completion after a bare period: "上半年完成…", "一季度建成…". */
export const COMPLETE_AFTER = /^(?:前)?(?:完成|建成|实现|出台|上线|启动|开工|投入|印发|制定|全面|基本|实施|开展)/;
/** A benefit schedule or duration, not a target: "5年内享受补贴", "每月给予津贴", "每人每年". */
export const BENEFIT_AFTER = /^(?:可|均|仍|内)?(?:享受|给予|发放|领取|免征|减征|减免|减半|免收|补贴|补助)/;

/**
 * All matches of `re` in `seg`, as a global exec loop would find them, but trying the regex only
 * near occurrences of the anchor strings: every match contains one of them at most `back`
 * code units after its start. One indexOf pass per anchor instead of a regex attempt at every
 * position (a text is mostly prose; 年/每/长 are rare).
 */
export function anchoredMatches(
  seg: string,
  re: RegExp,
  anchors: readonly string[],
  back: number,
  index?: CharIndex,
  offset = 0,
  /** A cheap test of an anchor position (in seg) before the regex is tried around it. */
  near?: (p: number) => boolean,
): RegExpExecArray[] {
  const sticky = STICKY.get(re) ?? new RegExp(re.source, 'y');
  STICKY.set(re, sticky);
  const out: RegExpExecArray[] = [];
  // Anchor positions: from the shared one-pass index when given (positions in the whole text,
  // seg = text[offset..]), else by indexOf.
  const lists = index ? anchors.map((a) => index.of(a)) : null;
  const cursor = anchors.map(() => 0);
  const pos = lists ? anchors.map(() => -1) : anchors.map((a) => seg.indexOf(a));
  if (lists) {
    for (let k = 0; k < anchors.length; k++) {
      const l = lists[k]!;
      let c = 0;
      while (c < l.length && l[c]! < offset) c++;
      cursor[k] = c;
      pos[k] = c < l.length && l[c]! - offset < seg.length ? l[c]! - offset : -1;
    }
  }
  let next = 0;
  for (;;) {
    let p = -1;
    for (let k = 0; k < pos.length; k++) {
      let q = pos[k]!;
      if (q >= 0 && q < next) {
        if (lists) {
          const l = lists[k]!;
          let c = cursor[k]!;
          while (c < l.length && l[c]! - offset < next) c++;
          cursor[k] = c;
          q = c < l.length && l[c]! - offset < seg.length ? l[c]! - offset : -1;
        } else q = seg.indexOf(anchors[k]!, next);
        pos[k] = q;
      }
      if (q >= 0 && (p < 0 || q < p)) p = q;
    }
    if (p < 0) return out;
    if (near && !near(p)) {
      next = p + 1;
      continue;
    }
    let found = false;
    for (let st = Math.max(next, p - back); st <= p; st++) {
      sticky.lastIndex = st;
      const m = sticky.exec(seg);
      if (m) {
        out.push(m);
        next = Math.max(st + 1, sticky.lastIndex);
        found = true;
        break;
      }
    }
    if (!found) next = p + 1;
  }
}
const STICKY = new Map<RegExp, RegExp>();

/**
 * Test for "inside a 《…》 book title" (dates inside are citations): the spans are found with
 * indexOf (titles are rare), nesting counted, a line break closes all.
 */
export function bookSpans(s: string): (pos: number) => boolean {
  const spans: number[] = [];
  let i = s.indexOf('《');
  while (i >= 0) {
    let depth = 0;
    let k = i;
    for (; k < s.length; k++) {
      const c = s.charCodeAt(k);
      if (c === 0x300a) depth++;
      else if (c === 0x300b) {
        if (--depth === 0) break;
      } else if (c === 0x0a) break;
    }
    spans.push(i, k); // [i, k): k is the closing 》 (outside) or the line break
    i = s.indexOf('《', k + 1);
  }
  return (pos: number) => {
    let lo = 0;
    let hi = (spans.length >> 1) - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (spans[2 * mid]! > pos) hi = mid - 1;
      else if (spans[2 * mid + 1]! <= pos) lo = mid + 1;
      else return true;
    }
    return false;
  };
}

/**
 * "…之日起(N日内)" phrases: each "之日起" with the nearest 自/从 before it in the same clause (else
 * 本/该, "本意见印发之日起30日内"), matched from there.
 */
export function sinceMatches(seg: string, index?: CharIndex, offset = 0): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  // (where the text's one-pass index is at hand, its 之 positions: no search of the whole text)
  const starts = index
    ? index
        .of('之')
        .map((p) => p - offset)
        .filter((p) => p >= 0 && p < seg.length && seg.startsWith('之日起', p))
    : (() => {
        const o: number[] = [];
        for (let at = seg.indexOf('之日起'); at >= 0; at = seg.indexOf('之日起', at + 3)) o.push(at);
        return o;
      })();
  for (const at of starts) {
    let from = -1;
    let weak = -1;
    for (let k = at - 1; k >= 0 && at - k <= 31; k--) {
      const c = seg[k]!;
      if (/[,;。:()\n]/.test(c)) break;
      if (c === '自' || c === '从') {
        from = k;
        break;
      }
      if (weak < 0 && (c === '本' || c === '该')) weak = k;
    }
    const st = from >= 0 ? from : weak;
    if (st < 0) continue;
    SINCE_Y.lastIndex = st;
    const m = SINCE_Y.exec(seg);
    if (m && m.index + m[0].indexOf('之日起') === at) out.push(m);
  }
  return out;
}
const SINCE_Y = new RegExp(SINCE_RE.source, 'y');
