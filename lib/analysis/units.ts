/**
 * Unit names: recognition by gazetteer or by form, and parsing of unit lists such as
 * "发展改革委、科技部、工业和信息化部等" into per-unit spans.
 */
import { lookupUnit, memoByMonth, monthMemo, type MonthMemo } from './gazetteer';
import type { TextView } from './normalize';
import { hadSpaceBefore } from './normalize';

/** Suffixes that make a string look like a government body. */
const UNIT_FORM =
  /(?:部|委|局|厅|署|办|院|司|行|会|中心|政府|办公室|总社|集团|公司|党委|团委|工委|妇联|残联|工商联|侨联|文联|社科联|科协|小组|部门|单位|机构|支队|总队|海关|街道|管委会|管理处|法院|检察院)$/;
/** Words that end like a unit but are not one. */
const NOT_UNIT =
  /(?:社会|机会|大会|体会|都会|学会|聚会|盛会|展会|博览会|交易会|进行|运行|执行|实行|推行|试行|发行|可行|流行|先行|同行|出行|践行|施行|举行|银行业|商业银行|金融机构|工作机构|中介机构|服务机构|医疗机构|培训机构|研究机构|社会组织|企业|单位内部)$/;
/** Collective addressees accepted as units. */
/** Vague collectives that are NOT units in a responsibility clause ("有关部门", "各地区"). */
// "各有关部门和单位", "各相关单位", "各部门" listed in their own right are collective units; bare
// "有关部门" and places ("各地区", "各地方") are not.
const VAGUE =
  /^(?:其他|其它)?(?:有关|相关)(?:地区|部门|单位|地方|方面)$|^(?:其他|其它)(?:地区|部门|单位|地方|方面)$|^(?:各)?(?:地区|地方|方面|各地|各方)$|^各(?:地|方|方面)$|^(?:部门|单位)$|^县级以上(?:地方)?(?:各级)?人民政府有关部门$/;
const COLLECTIVE =
  /^(?:各地区各部门|各地各部门|各级政府|各级人民政府|地方各级人民政府|各省级人民政府|省级人民政府|各省\(区、市\)人民政府|各省\(自治区、直辖市\)人民政府|各(?:省|市|州|县|区|盟|区县|县区|市州|市县|市\(州\)|县\(市、区\)|县\(市\)|乡镇)(?:级)?(?:人民)?政府|各(?:市|州|县|区)(?:\([^()]{1,8}\))?(?:人民)?政府|各开发区管委会)$/;
const BAD_CHARS = /[。:;!?《》"“”\n\t]|[,，]/;

/** True when `name` (compact, normalized) looks like a unit name. */
function isUnitName(name: string, date?: string | null): boolean {
  if (name.length < 2 || name.length > 32) return false;
  return memoByMonth(UNIT_CACHE, date, name, isUnitNameUncached);
}
const UNIT_CACHE: MonthMemo<boolean> = monthMemo();

function isUnitNameUncached(name: string, date?: string | null): boolean {
  if (BAD_CHARS.test(name)) return false;
  if (lookupUnit(name, date)) return true;
  // A unit with a bracketed alternative or scope: "各镇人民政府(街道办事处)", "市委网信办(市大数据局)".
  if (name.charCodeAt(name.length - 1) === 0x29) {
    const open = name.lastIndexOf('(');
    if (open >= 2 && name.length - open <= 12 && isUnitName(name.slice(0, open), date)) return true;
  }
  if (VAGUE.test(name)) return false;
  if (COLLECTIVE.test(name)) return true;
  if (/^各.{0,14}(?:政府|部门|单位|机构)$/.test(name)) return true;
  if (NOT_UNIT.test(name)) return false;
  if (!UNIT_FORM.test(name)) return false;
  // Verbs inside → probably a clause, not a name.
  if (VERBS.test(name)) return false;
  return true;
}
const VERBS =
  /(?:推进|加强|建立|完善|负责|牵头|配合|参与|开展|实施|落实|推动|支持|鼓励|提高|提升|组织实施|发挥|引导|依托|通过|利用|督促|充分|积极|加快|要求|按照|根据)/;
/** More verbs a loose name may not hold (组织, 研究, 协调 are left out: 组织部, 研究室, 协调办 are names). */
const LOOSE_VERBS = /(?:确保|做好|抓好|制定|召开|报送|印发|健全|深化|优化|统筹|进一步|认真|切实|严格|及时|全面|不断)/;

export interface UnitSpan {
  /** Compact-normalized text of the unit. */
  text: string;
  /** Compact positions. */
  start: number;
  end: number;
  /** Marked as lead inside the list: "省发展改革委（牵头）、省财政厅". */
  lead?: boolean;
}

const LEAD_MARK = /\((?:牵头|牵头单位|牵头部门|主责|主办)\)$/;

const ADMIN = '(?:省|市|州|县|区|盟|旗|自治区|直辖市|自治州|自治县|县级市|市辖区|乡|镇|街道|计划单列市)';
// An admin level may carry a bracketed alternative: "各市、县（市、区）人民政府".
const ADMIN_ALT = `${ADMIN}(?:\\(${ADMIN}(?:[、,]${ADMIN}){0,3}\\))?`;
const ADMIN_LIST = new RegExp(`各${ADMIN_ALT}(?:[、,]${ADMIN_ALT}){1,5}(?:级)?(?:人民)?(?:政府|党委和人民政府|办事处)`, 'g');
const SEP = /[、,，;；/]|以及|及(?=各|有关|相关|其他|省|市|县|区)/g;
const LEAD_STRIP = /^(?:由|请|会同|协调|组织|并)/;
const LEAD_FIRST = new Set([...'由请会协组并'].map((c) => c.charCodeAt(0)));
/** Last characters TRAIL_STRIP's endings can have. */
const TRAIL_LAST = new Set([...'等门位构工责别同合与院省市区县级关他'].map((c) => c.charCodeAt(0)));
const TRAIL_STRIP =
  /(?:等(?:国务院|中央|省直|市直|区直|县直|省级|市级|省|市|区|县)?(?:有关|相关|其他)?(?:部门|单位|机构)?(?:和|及|、)?(?:单位|部门|机构)?|等|按职责分工|按照职责分工|按职责|依职责|根据职责|分别|共同|联合|配合|参与)+$/;

/** Bare administrative levels that continue a "各X" collective: 各区、县级市 / 各省、自治区、直辖市. */
const ADMIN_WORD = /^(?:省|市|州|县|区|盟|旗|乡|镇|乡镇|街道|县级市|自治区|直辖市|自治州|自治县|计划单列市|新疆生产建设兵团)$/;

/**
 * A looser test for names in a field or column that says it lists units (牵头单位：…, a 责任单位
 * cell): any short noun phrase of two or more Chinese characters that is not a sentence, a vague
 * reference or a date ("立山经济开发区", "全区经济运行各专班").
 */
function isLooseUnitName(name: string, date?: string | null): boolean {
  if (isUnitName(name, date)) return true;
  if (name.length < 2 || name.length > 30 || BAD_CHARS.test(name) || VAGUE.test(name)) return false;
  if (!/^[\u4e00-\u9fff]/.test(name) || (name.match(/[\u4e00-\u9fff]/g)?.length ?? 0) < 2) return false;
  if (/\d{4}年|\d月|[年月]底|以前|之前|年内|完成|到位|每年|长期/.test(name)) return false;
  if (VERBS.test(name) || LOOSE_VERBS.test(name)) return false;
  return true;
}

/**
 * Parse a list of units in v.s[start, end). Returns null when fewer than `minValidRatio` of
 * the items are recognisable unit names (then it is probably not a list of units).
 * Items that fail are dropped. An item that is not a unit but was written with a space in the
 * middle ("省发改委 省财政厅") is split there when both halves are units.
 */
export function parseUnitList(
  v: TextView,
  start: number,
  end: number,
  date?: string | null,
  minValidRatio = 1,
  /** The text is a field or column of units (牵头单位：…, a 责任单位 cell): names are tested loosely. */
  loose = false,
): UnitSpan[] | null {
  const seg = v.s.slice(start, end);
  const items: UnitSpan[] = [];
  // "各市、州、县人民政府" / "各省、自治区、直辖市人民政府" are one collective unit despite the 、.
  const atomic: [number, number][] = [];
  ADMIN_LIST.lastIndex = 0;
  for (let m = ADMIN_LIST.exec(seg); m; m = ADMIN_LIST.exec(seg)) atomic.push([m.index, m.index + m[0].length]);
  // Separators inside brackets ("各县(市、区)人民政府") do not split.
  for (let i = seg.indexOf('('); i >= 0; i = seg.indexOf('(', i + 1)) {
    const j = seg.indexOf(')', i);
    if (j > i && j - i <= 14) atomic.push([i, j]);
  }
  let last = 0;
  SEP.lastIndex = 0;
  const pushItem = (a: number, b: number) => {
    let text = seg.slice(a, b);
    if (!text) return;
    // (each pattern only where its first or last character allows it: most items are bare names)
    const lead = LEAD_FIRST.has(text.charCodeAt(0)) ? LEAD_STRIP.exec(text) : null;
    if (lead) {
      a += lead[0].length;
      text = text.slice(lead[0].length);
    }
    const trail = TRAIL_LAST.has(text.charCodeAt(text.length - 1)) ? TRAIL_STRIP.exec(text) : null;
    if (trail && trail.index > 0) {
      b -= trail[0].length;
      text = text.slice(0, trail.index);
    }
    const mark = text.charCodeAt(text.length - 1) === 0x29 ? LEAD_MARK.exec(text) : null;
    if (mark && mark.index > 0) {
      b -= mark[0].length;
      text = text.slice(0, mark.index);
      if (text) items.push({ text, start: start + a, end: start + b, lead: true });
    } else if (text) items.push({ text, start: start + a, end: start + b });
  };
  for (let m = SEP.exec(seg); m; m = SEP.exec(seg)) {
    const at = m.index;
    if (atomic.some(([x, y]) => at > x && at < y)) continue;
    pushItem(last, m.index);
    last = m.index + m[0].length;
  }
  pushItem(last, seg.length);
  if (items.length === 0) return null;
  mergeCollectives(v, items);
  const valid = loose ? isLooseUnitName : isUnitName;
  const out: UnitSpan[] = [];
  let bad = 0;
  for (const it of items) {
    if (valid(it.text, date) && !splittable(v, it, date, valid)) {
      out.push(it);
      continue;
    }
    const parts = splitAtSpaces(v, it, date, valid);
    if (parts) out.push(...parts);
    else bad++;
  }
  if (out.length === 0) return null;
  if (out.length / (out.length + bad) < minValidRatio) return null;
  return out;
}

/** "各区" followed by "县级市" (bare administrative levels) is one collective: 各区、县级市. */
function mergeCollectives(v: TextView, items: UnitSpan[]): void {
  for (let i = 0; i + 1 < items.length; i++) {
    const it = items[i]!;
    if (!/^各/.test(it.text) || it.text.length > 8) continue;
    let j = i + 1;
    while (j < items.length && ADMIN_WORD.test(items[j]!.text)) j++;
    if (j === i + 1) continue;
    const end = items[j - 1]!.end;
    items.splice(i, j - i, { text: v.s.slice(it.start, end), start: it.start, end });
  }
}

type NameTest = (name: string, date?: string | null) => boolean;

/** A unit item that hides two units separated by a (dropped) space in the original. */
function splittable(v: TextView, it: UnitSpan, date: string | null | undefined, valid: NameTest): boolean {
  if (lookupUnit(it.text, date)) return false;
  return splitAtSpaces(v, it, date, valid) !== null;
}

function splitAtSpaces(v: TextView, it: UnitSpan, date: string | null | undefined, valid: NameTest): UnitSpan[] | null {
  const cuts: number[] = [];
  for (let i = it.start + 2; i <= it.end - 2; i++) if (hadSpaceBefore(v, i)) cuts.push(i);
  if (cuts.length === 0) return null;
  const bounds = [it.start, ...cuts, it.end];
  const parts: UnitSpan[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const text = v.s.slice(bounds[k], bounds[k + 1]);
    if (text.length < (valid === isUnitName ? 3 : 2) || !valid(text, date)) return null;
    parts.push({ text, start: bounds[k]!, end: bounds[k + 1]! });
  }
  return parts.length > 1 ? parts : null;
}
