/**
 * What a responsibility clause says: groups of units, each with the role word the document
 * prints for it (牵头, 负责, 责任, 配合, 参与, 协办, 协同, 指导, 落实), whether it says 下同, and
 * the standing implementer rule it states.
 *
 * Inside a clause, sentences (split at 。) are one of: a convention ("列第一位者为牵头单位", with
 * or without 下同), a standing implementer rule ("以下均需试点城市政府落实，不再列出"), labelled
 * fields (牵头单位/牵头部门/主责单位/负责单位/责任单位/配合单位/协办单位/参与单位/指导单位… with values
 * up to the next field, other fields such as 完成时限/适用范围 cut off), or role phrases ("X牵头，
 * Y、Z参与", "X、Y等按职责分工负责", "X指导，Y负责落实", "X会同Y负责").
 */
import type { RoleWord } from './types';
import type { TextView } from './normalize';
import { parseUnitList, type UnitSpan } from './units';
import { CONVENTION_RE } from './convention';

/** Units of one printed role inside a clause. */
export interface Group {
  units: UnitSpan[];
  word: RoleWord;
  /** How the group leads, when it does by its wording. */
  lead?: 'marker' | 'joint' | 'huitong' | 'column';
}

export interface Clause {
  /** Compact span of the clause. */
  start: number;
  end: number;
  groups: Group[];
  /** "下同": applies to following measures of the same level. */
  xiatong: boolean;
  /** A standing implementer rule stated in this clause, and its units. */
  standing: { start: number; end: number; units: UnitSpan[] } | null;
  /** Measure this clause is bound to regardless of position (table rows). */
  boundMeasure?: string;
}

/** The engine's view and the document date (unit names are looked up as of that date). */
export interface Ctx {
  v: TextView;
  date: string | null;
}

const FIELD_STEM = '(?:牵头|主责|主办|负责|责任|配合|协办|参与|协同|协助|协作|指导|实施|落实|承办)';
const FIELD_TAIL = '(?:单位|部门|处室|科室|主体|机构)';
/** A unit field label: 牵头单位： / 【牵头单位】 / 牵头： (the bare form only with a colon). */
const UNIT_LABEL_SRC = `【?(${FIELD_STEM}${FIELD_TAIL}|牵头|配合|参与|协办|责任)】?(?:[:：]|(?<=】))`;
const UNIT_LABEL_G = new RegExp(UNIT_LABEL_SRC, 'g');
export const UNIT_LABEL_Y = new RegExp(UNIT_LABEL_SRC, 'y');
/** Other fields sharing the brackets or the line: their values are not units. */
const OTHER_LABEL_G =
  /【?(?:完成时限|完成时间|时间节点|时限要求|完成期限|时间安排|进度安排|工作目标|预期成效|目标任务|适用范围|推广范围|实施范围|责任领导|牵头领导|分管领导|联系领导|责任人|联系人|备注|时限|时间)】?(?:[:：]|(?<=】))/g;

export function wordOfLabel(label: string): { word: RoleWord; lead: boolean } {
  if (/牵头|主责|主办/.test(label)) return { word: '牵头', lead: true };
  if (/配合|承办/.test(label)) return { word: '配合', lead: false };
  if (/协办/.test(label)) return { word: '协办', lead: false };
  if (/协同|协助|协作/.test(label)) return { word: '协同', lead: false };
  if (/参与/.test(label)) return { word: '参与', lead: false };
  if (/指导/.test(label)) return { word: '指导', lead: false };
  if (/负责/.test(label)) return { word: '负责', lead: false };
  if (/实施|落实/.test(label)) return { word: '落实', lead: false };
  return { word: '责任', lead: false };
}

/**
 * Role phrases, longest first. A unit list ends where one begins. 组织 only before 实施/落实
 * (组织部 is a name).
 */
const VERB_G =
  /(?<!\()(?:(?:共同|联合)牵头(?:负责)?|牵头(?:负责)?)(?!\))|会同|(?:按照职责分工|按职责分工|按照职责|按职责|依职责|根据职责|分别|共同)?负责(?:组织)?(?:落实|实施)?|组织(?:落实|实施)|(?:具体)?落实|配合|参与|协办|协同|协助|指导|承担/g;

export function wordOfVerb(verb: string): { word: RoleWord; lead?: Group['lead'] } {
  if (/牵头/.test(verb)) return { word: '牵头', lead: /共同|联合/.test(verb) ? 'joint' : 'marker' };
  if (/负责(?:组织)?落实/.test(verb) || /^(?:组织|具体)?落实$/.test(verb)) return { word: '落实' };
  if (/负责|承担|实施/.test(verb)) return { word: '负责' };
  if (verb === '配合') return { word: '配合' };
  if (verb === '参与') return { word: '参与' };
  if (verb === '协办') return { word: '协办' };
  if (verb === '协同' || verb === '协助') return { word: '协同' };
  return { word: '指导' };
}

/** A standing implementer rule: "以下均需X落实，不再列出" / "X负责落实，不再一一列出" / "…不再做分工，下同". */
const STANDING_RE = /不再(?:单独|一一|逐一|逐项|另行|重复|分别)?(?:列出|列明|标明|标注|注明|列举|分工|做分工|作分工|明确|重复)/;
const STANDING_UNITS_RE = /(?:均需|均由|均要|均须|均应|都需|都要|都由|需|由|请)(.{2,80}?)(?:负责)?(?:组织)?(?:落实|实施|执行|推进|负责)/;
const FORWARD_RE = /^(?:以下|下列|以后|后续|此后|本方案以下|以下各项|以下政策措施|以下措施|以下任务)/;

const TRIM_HEAD = new Set([0x20, 0x09, 0x0a, 0x2c, 0x3b, 0x3a, 0x3001, 0x3002]);
const TRIM_TAIL = new Set([...TRIM_HEAD, 0x2e, 0x29, 0x3011, 0x3015]);

function trimSpan(s: string, a: number, b: number): [number, number] {
  while (a < b && TRIM_HEAD.has(s.charCodeAt(a))) a++;
  while (b > a) {
    const c = s.charCodeAt(b - 1);
    // A closing bracket stays when it closes one inside the span: "各镇人民政府(街道办事处)".
    if (c === 0x29 && s.lastIndexOf('(', b - 2) >= a) break;
    if (!TRIM_TAIL.has(c)) break;
    b--;
  }
  return [a, b];
}

/** Labelled fields inside [a, b): "牵头单位：X；配合单位：Y、Z，各区、县级市；完成时限：…". */
function labelledGroups(ctx: Ctx, a: number, b: number): Group[] | null {
  const s = ctx.v.s;
  const seg = s.slice(a, b);
  const marks: { at: number; end: number; label: string | null }[] = [];
  UNIT_LABEL_G.lastIndex = 0;
  for (let m = UNIT_LABEL_G.exec(seg); m; m = UNIT_LABEL_G.exec(seg)) marks.push({ at: m.index, end: m.index + m[0].length, label: m[1]! });
  if (!marks.length) return null;
  OTHER_LABEL_G.lastIndex = 0;
  for (let m = OTHER_LABEL_G.exec(seg); m; m = OTHER_LABEL_G.exec(seg)) {
    if (!marks.some((x) => m!.index >= x.at && m!.index < x.end)) marks.push({ at: m.index, end: m.index + m[0].length, label: null });
  }
  marks.sort((x, y) => x.at - y.at);
  const groups: Group[] = [];
  marks.forEach((mk, k) => {
    if (mk.label === null) return;
    let [vs, ve] = trimSpan(s, a + mk.end, k + 1 < marks.length ? a + marks[k + 1]!.at : b);
    // "责任单位：A、B按职责分工负责" — the verb is not part of the last unit.
    const tail =
      /(?:等)?(?:有关|相关)?(?:部门|单位)?(?:按照职责分工|按职责分工|按照职责|按职责|依职责|根据职责|分别)?(?:共同)?(?:负责|落实|承担|参与|配合)(?:落实)?$/.exec(
        s.slice(vs, ve),
      );
    if (tail && tail.index > 0) [vs, ve] = trimSpan(s, vs, vs + tail.index);
    if (ve <= vs) return;
    const units = parseUnitList(ctx.v, vs, ve, ctx.date, 0.5, true);
    if (!units) return;
    const { word, lead } = wordOfLabel(mk.label);
    groups.push({ units, word, ...(lead ? { lead: 'marker' as const } : {}) });
  });
  return groups.length ? groups : null;
}

/** Role phrases inside [a, b): "X牵头，Y、Z参与" / "X、Y等按职责分工负责" / "X会同Y负责". */
function verbGroups(ctx: Ctx, a: number, b: number, minValid: number): Group[] | null {
  const s = ctx.v.s;
  const seg = s.slice(a, b);
  const groups: Group[] = [];
  let from = 0;
  let pendingHui: UnitSpan[] | null = null;
  VERB_G.lastIndex = 0;
  for (let m = VERB_G.exec(seg); m; m = VERB_G.exec(seg)) {
    const verb = m[0]!;
    const [ls, le] = trimSpan(s, a + from, a + m.index);
    from = m.index + verb.length;
    if (le <= ls) {
      // "X牵头负责" read as 牵头 then 负责: the second verb has no list of its own.
      continue;
    }
    let listStart = ls;
    let hui = false;
    if (s.startsWith('会同', listStart)) {
      listStart += 2;
      hui = true;
    }
    const units = parseUnitList(ctx.v, listStart, le, ctx.date, minValid);
    if (verb === '会同') {
      pendingHui = units;
      continue;
    }
    if (!units) {
      pendingHui = null;
      continue;
    }
    const w = wordOfVerb(verb);
    if (pendingHui) {
      // "X会同Y负责": X is responsible and leads, Y works with it.
      groups.push({ units: pendingHui, word: w.word === '牵头' ? '牵头' : w.word, lead: 'huitong' });
      groups.push({ units, word: '配合' });
      pendingHui = null;
      continue;
    }
    groups.push({ units, word: hui ? '配合' : w.word, ...(w.lead && !hui ? { lead: w.lead } : {}) });
  }
  return groups.length ? groups : null;
}

const CLAUSE_HINT = /负责|牵头|单位|部门|责任主体|落实|承担|配合|参与|指导|协办|主责/;

/** Parse the content of a clause [a, b): groups, 下同, a standing rule. Null when it names no unit. */
export function parseContent(ctx: Ctx, a: number, b: number, minValid: number): Pick<Clause, 'groups' | 'xiatong' | 'standing'> | null {
  const s = ctx.v.s;
  const content = s.slice(a, b);
  if (!CLAUSE_HINT.test(content)) return null;
  const groups: Group[] = [];
  let xiatong = false;
  let standing: Clause['standing'] = null;
  // Sentences: at 。, and at the comma before a convention or standing rule.
  let p = a;
  const sentences: [number, number][] = [];
  for (let i = content.indexOf('。'); i >= 0; i = content.indexOf('。', i + 1)) {
    if (a + i > p) sentences.push([p, a + i]);
    p = a + i + 1;
  }
  if (b > p) sentences.push([p, b]);
  // Most clauses state no convention, no 下同 and no standing rule: test those once.
  const rules = content.includes('不再');
  const conventions = content.includes('下同') || content.includes('第一') || content.includes('首');
  const labels = content.includes(':') || content.includes('】');
  for (const [sa, sb] of sentences) {
    const ea = sa;
    let eb = sb;
    if (conventions) {
      const text = s.slice(sa, sb);
      const conv = CONVENTION_RE.exec(text);
      if (conv) {
        xiatong ||= /下同/.test(text.slice(conv.index));
        eb = sa + conv.index;
      } else if (/[,;]?下同$/.test(text)) {
        xiatong = true;
        eb = sb - (/[,;]下同$/.test(text) ? 3 : 2);
      }
    }
    const st = rules ? STANDING_RE.exec(s.slice(ea, eb)) : null;
    if (st) {
      // The rule's own sentence part: back to the start of the sentence or to the clause before it.
      const ruleText = s.slice(ea, ea + st.index);
      const lastComma = Math.max(ruleText.lastIndexOf(','), ruleText.lastIndexOf(';'));
      const head = lastComma >= 0 && FORWARD_RE.test(ruleText.slice(lastComma + 1)) ? lastComma + 1 : 0;
      const rs = ea + head;
      const body = s.slice(rs, ea + st.index);
      const forward = FORWARD_RE.test(body);
      const um = STANDING_UNITS_RE.exec(body);
      let units: UnitSpan[] | null = null;
      if (um) {
        const us = rs + um.index + um[0].indexOf(um[1]!);
        units = parseUnitList(ctx.v, us, us + um[1]!.length, ctx.date, 1, true);
      } else {
        const vm = /(?:负责)?(?:组织)?(?:落实|实施|执行)|负责/.exec(body);
        if (vm && vm.index > 0) units = parseUnitList(ctx.v, rs, rs + vm.index, ctx.date, 1, true);
      }
      if (units) standing = { start: rs, end: ea + st.index + st[0].length, units };
      // A rule that is a sentence of its own ("以下均需…") adds nothing to this clause; one that
      // names this clause's implementers ("各县人民政府负责落实，不再一一列出") does.
      if (forward || head > 0) eb = rs;
      if (forward && head === 0) continue;
    }
    const [x, y] = trimSpan(s, ea, eb);
    if (y <= x) continue;
    const g = (labels ? labelledGroups(ctx, x, y) : null) ?? verbGroups(ctx, x, y, minValid);
    if (g) groups.push(...g);
  }
  if (!groups.length && !standing) return null;
  return { groups, xiatong, standing };
}
