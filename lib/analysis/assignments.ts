/**
 * Responsibility clauses → who is named, in which printed role, and who leads.
 *
 * Contract: `findClauses(v, date, skip)` returns every responsibility clause outside task tables
 * (compact spans, text order); `tableClause(…)` the clause of one task-table measure. A clause
 * holds groups of units, each with the role word the document prints for it (牵头, 负责, 责任,
 * 配合, 参与, 协办, 协同, 指导, 落实); `decide` turns groups into lead/co, once the standing
 * implementers a clause inherits are known.
 *
 * Where clauses are:
 *  - brackets （…） (…) 〔…〕, one nesting level ("（各县（市、区）人民政府负责）");
 *  - labelled lines: 牵头单位：X / 责任单位：Y at a line start or after 。；, on one line or on
 *    consecutive lines, and 【牵头单位】X【配合单位】Y;
 *  - sentences "由X牵头，…" / "X牵头，Y、Z配合". A duty stated in prose ("市财政局负责资金保障",
 *    "由市财政局会同…制定") is not a responsibility annotation.
 * Inside, sentences (split at 。) are one of: a convention ("列第一位者为牵头单位", with or without
 * 下同), a standing implementer rule ("以下均需试点城市政府落实，不再列出"), labelled fields
 * (牵头单位/牵头部门/主责单位/负责单位/责任单位/配合单位/协办单位/参与单位/指导单位… with values up
 * to the next field, other fields such as 完成时限/适用范围 cut off), or role phrases ("X牵头，
 * Y、Z参与", "X、Y等按职责分工负责", "X指导，Y负责落实", "X会同Y负责").
 *
 * Who leads (`decide`): units printed as 牵头 (field, verb, or "（牵头）" after a name); else the
 * unit before 会同; else one responsible unit with the others named as working with it ("X负责，
 * Y参与", "责任单位：X；配合单位：Y"); else the first listed unit once the document states that the
 * first listed leads; else a sole unit (counting inherited implementers); else nobody ("X、Y负责，
 * Z参与" names no lead). Implementers a standing rule adds to a measure without a clause are not
 * leads.
 */
import type { Assignment, RoleWord, UnitRole } from './types';
import type { TextView } from './normalize';
import { parseUnitList, type UnitSpan } from './units';

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

/** A clause's units with their decided roles. */
export interface Decided {
  units: UnitSpan[];
  words: RoleWord[];
  roles: UnitRole[];
  rule: Assignment['rule'];
}

const CONVENTION_RE =
  /(?:列|排|排列|排名|位列)(?:在)?(?:第一位|第一|首位|前面|最前)(?:的|者)?(?:单位|部门)?(?:为|是)(?:牵头|主要负责)|(?:第一个|首个|首位)(?:单位|部门)?为牵头/;

/** Position of the first "first listed leads" convention, or Infinity. */
export function conventionPosition(s: string): number {
  const m = CONVENTION_RE.exec(s);
  return m ? m.index : Infinity;
}

const FIELD_STEM = '(?:牵头|主责|主办|负责|责任|配合|协办|参与|协同|协助|协作|指导|实施|落实|承办)';
const FIELD_TAIL = '(?:单位|部门|处室|科室|主体|机构)';
/** A unit field label: 牵头单位： / 【牵头单位】 / 牵头： (the bare form only with a colon). */
const UNIT_LABEL_SRC = `【?(${FIELD_STEM}${FIELD_TAIL}|牵头|配合|参与|协办|责任)】?(?:[:：]|(?<=】))`;
const UNIT_LABEL_G = new RegExp(UNIT_LABEL_SRC, 'g');
const UNIT_LABEL_Y = new RegExp(UNIT_LABEL_SRC, 'y');
/** Other fields sharing the brackets or the line: their values are not units. */
const OTHER_LABEL_G =
  /【?(?:完成时限|完成时间|时间节点|时限要求|完成期限|时间安排|进度安排|工作目标|预期成效|目标任务|适用范围|推广范围|实施范围|责任领导|牵头领导|分管领导|联系领导|责任人|联系人|备注|时限|时间)】?(?:[:：]|(?<=】))/g;

function wordOfLabel(label: string): { word: RoleWord; lead: boolean } {
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

function wordOfVerb(verb: string): { word: RoleWord; lead?: Group['lead'] } {
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

interface Ctx {
  v: TextView;
  date: string | null;
}

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
    const tail = /(?:等)?(?:有关|相关)?(?:部门|单位)?(?:按照职责分工|按职责分工|按照职责|按职责|依职责|根据职责|分别)?(?:共同)?(?:负责|落实|承担|参与|配合)(?:落实)?$/.exec(s.slice(vs, ve));
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
function parseContent(ctx: Ctx, a: number, b: number, minValid: number): Pick<Clause, 'groups' | 'xiatong' | 'standing'> | null {
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
    let ea = sa;
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

/**
 * Units and roles of a clause, given the implementers it inherits and whether the document's
 * "first listed leads" convention is in force.
 */
export function decide(groups: readonly Group[], inherited: readonly UnitSpan[], convention: boolean): Decided {
  // The usual clause: one group of distinct units, nothing inherited.
  const g0 = groups.length === 1 && inherited.length === 0 ? groups[0]! : null;
  if (g0 && g0.units.length > 0 && distinct(g0.units)) {
    const us = g0.units;
    const n = us.length;
    // 0: every unit leads, 1: the marked ones, 2: the first, 3: none
    let how = 0;
    let rule: Assignment['rule'];
    if (g0.lead === 'column') rule = 'lead-column';
    else if (g0.word === '牵头') rule = g0.lead === 'joint' ? 'joint-lead' : 'lead-marker';
    else if (us.some((u) => u.lead)) {
      rule = 'lead-marker';
      how = 1;
    } else if (g0.lead === 'huitong') rule = 'lead-marker';
    else if (convention) {
      rule = 'first-listed';
      how = 2;
    } else if (n === 1) rule = 'single';
    else {
      rule = 'responsible-only';
      how = 3;
    }
    const words: RoleWord[] = [];
    const roles: UnitRole[] = [];
    for (let i = 0; i < n; i++) {
      words.push(g0.word);
      roles.push(how === 0 || (how === 1 && us[i]!.lead) || (how === 2 && i === 0) ? 'lead' : 'co');
    }
    // (the group's own list: nothing changes a parsed list afterwards)
    return { units: us, words, roles, rule };
  }
  const units: UnitSpan[] = [];
  const words: RoleWord[] = [];
  const leadFlags: boolean[] = [];
  const leadOf: Group['lead'][] = [];
  const seen = (text: string) => units.some((x) => x.text === text);
  for (const g of groups) {
    for (const u of g.units) {
      if (seen(u.text)) continue;
      units.push(u);
      words.push(g.word);
      leadFlags.push(false);
      leadOf.push(g.lead);
    }
  }
  const own = units.length;
  for (const u of inherited) {
    if (seen(u.text)) continue;
    units.push(u);
    words.push('落实');
    leadFlags.push(false);
    leadOf.push(undefined);
  }
  let rule: Assignment['rule'];
  /** Mark the own units of one kind as leads: 0 the 牵头 column, 1 printed 牵头, 2 （牵头）, 3 before 会同. */
  const by = (kind: 0 | 1 | 2 | 3) => {
    let any = false;
    for (let i = 0; i < own; i++) {
      const yes = kind === 0 ? leadOf[i] === 'column' : kind === 1 ? words[i] === '牵头' : kind === 2 ? !!units[i]!.lead : leadOf[i] === 'huitong';
      if (yes) leadFlags[i] = any = true;
    }
    return any;
  };
  if (by(0)) rule = 'lead-column';
  else if (by(1)) rule = leadOf.slice(0, own).includes('joint') ? 'joint-lead' : 'lead-marker';
  else if (by(2)) rule = 'lead-marker';
  else if (by(3)) rule = 'lead-marker';
  else if (soleResponsible(groups)) {
    leadFlags[0] = true;
    rule = 'lead-marker';
  } else if (convention && own > 0) {
    leadFlags[0] = true;
    rule = 'first-listed';
  } else if (own === 0) rule = 'standing'; // implementers a rule names are not designated leads
  else if (units.length === 1) {
    leadFlags[0] = true;
    rule = 'single';
  } else rule = 'responsible-only';
  return { units, words, roles: leadFlags.map((l): UnitRole => (l ? 'lead' : 'co')), rule };
}

function distinct(us: readonly UnitSpan[]): boolean {
  for (let i = 1; i < us.length; i++) for (let j = 0; j < i; j++) if (us[i]!.text === us[j]!.text) return false;
  return true;
}

/**
 * "责任单位：X；配合单位：Y、Z" / "X负责，Y参与": one responsible unit, the others named as
 * working with it — the one responsible leads. (Two or more responsible units name no lead.)
 */
function soleResponsible(groups: readonly Group[]): boolean {
  if (groups.length < 2) return false;
  const [first, ...rest] = groups;
  return (first!.word === '负责' || first!.word === '责任') && first!.units.length === 1 && rest.every((g) => g.word === '配合' || g.word === '参与' || g.word === '协办' || g.word === '协同');
}

/** Next "(" or "〔" at or after `from`, or -1; cached positions keep a whole scan linear. */
function openScanner(s: string): (from: number) => number {
  let pa = -2;
  let pb = -2;
  return (from: number) => {
    if (pa !== -1 && pa < from) pa = s.indexOf('(', from);
    if (pb !== -1 && pb < from) pb = s.indexOf('〔', from);
    return pa < 0 ? pb : pb < 0 ? pa : Math.min(pa, pb);
  };
}

/** The bracket closing the one at `i` (one nested level allowed, same line, ≤ 400 chars), or -1. */
function closeOf(s: string, i: number): number {
  const limit = Math.min(s.length, i + 402);
  let depth = 0;
  for (let k = i + 1; k < limit; k++) {
    const c = s.charCodeAt(k);
    if (c === 0x0a) return -1;
    if (c === 0x28 || c === 0x3014) {
      if (++depth > 1) return -1;
    } else if (c === 0x29 || c === 0x3015) {
      if (depth === 0) return k;
      depth--;
    }
  }
  return -1;
}

/** 。 ; \n: a labelled field starts a line or follows a sentence end. */
const LABEL_BEFORE = new Set([0x3002, 0x3b, 0x0a, 0x29]);

/**
 * All responsibility clauses in v.s, in text order. `skip` marks compact positions not to scan
 * (task tables, handled by `tableClause`).
 */
export function findClauses(v: TextView, date: string | null, skip: (pos: number) => boolean): Clause[] {
  const covered: [number, number][] = [];
  const sc: ClauseScan = {
    v,
    s: v.s,
    ctx: { v, date },
    date,
    skip,
    out: [],
    covered,
    inCovered(pos) {
      let lo = 0;
      let hi = covered.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (covered[mid]![1] <= pos) lo = mid + 1;
        else if (covered[mid]![0] > pos) hi = mid - 1;
        else return true;
      }
      return false;
    },
  };
  bracketClauses(sc);
  labelledClauses(sc);
  covered.sort((x, y) => x[0] - y[0]);
  leadSentences(sc);
  responsibleSentences(sc);
  standingSentences(sc);
  return sc.out.sort((x, y) => x.start - y.start);
}

/** What the passes of findClauses share. `covered` holds the bracket and labelled clauses (sorted once both are in). */
interface ClauseScan {
  v: TextView;
  s: string;
  ctx: Ctx;
  date: string | null;
  skip: (pos: number) => boolean;
  out: Clause[];
  covered: [number, number][];
  inCovered(pos: number): boolean;
}

/** A field label outside brackets ("牵头单位：", "【配合单位】") and where its value starts. */
interface Label {
  start: number;
  valStart: number;
  lead: boolean;
}

/** Bracketed clauses: （…负责）, 〔牵头单位：…〕 — each opening bracket with its closing one. */
function bracketClauses(sc: ClauseScan): void {
  const { s, ctx, skip, out, covered } = sc;
  const nextOpen = openScanner(s);
  for (let i = nextOpen(0); i >= 0; ) {
    const j = closeOf(s, i);
    if (j < 0 || j - i - 1 < 2 || skip(i)) {
      i = nextOpen(i + 1);
      continue;
    }
    const c = parseContent(ctx, i + 1, j, 0.6);
    if (!c) {
      i = nextOpen(i + 1);
      continue;
    }
    out.push({ groups: c.groups, xiatong: c.xiatong, standing: c.standing, start: i, end: j + 1 });
    covered.push([i, j + 1]);
    i = nextOpen(j + 1);
  }
}

/** Labelled fields outside brackets, at a line start or after 。；: every label ends in ":" or "】" ("牵头单位：", "【配合单位】", "牵头："), found with indexOf, then the label pattern is tried on the four or two characters before. */
function findLabels(sc: ClauseScan): Label[] {
  const { s, skip, inCovered } = sc;
  const labels: Label[] = [];
  const labelStarts = new Set<number>();
  const anchors = [':', '】'];
  const pos = anchors.map((x) => s.indexOf(x));
  let next = 0;
  for (;;) {
    let p = -1;
    for (let k = 0; k < pos.length; k++) {
      let q = pos[k]!;
      if (q >= 0 && q < next) pos[k] = q = s.indexOf(anchors[k]!, next);
      if (q >= 0 && (p < 0 || q < p)) p = q;
    }
    if (p < 0) break;
    next = p + 1;
    if (inCovered(p) || skip(p)) continue;
    for (const back of [4, 2]) {
      let start = p - back;
      if (start < 0) continue;
      if (s.charCodeAt(start - 1) === 0x3010) start--; // 【
      UNIT_LABEL_Y.lastIndex = start;
      const m = UNIT_LABEL_Y.exec(s);
      if (!m || start + m[0].length !== p + 1) continue;
      let q = start - 1;
      while (q >= 0 && (s.charCodeAt(q) === 0x20 || s.charCodeAt(q) === 0x09)) q--;
      if (q >= 0 && !LABEL_BEFORE.has(s.charCodeAt(q)) && s.charCodeAt(q) !== 0x3011) break;
      if (labelStarts.has(start)) break;
      labelStarts.add(start);
      labels.push({ start, valStart: start + m[0].length, lead: wordOfLabel(m[1]!).lead });
      break;
    }
  }
  return labels.sort((x, y) => x.start - y.start);
}

/** The labelled fields as clauses: a group is the labels on the same line or the very next one, until a second lead field; the last value ends at the sentence end. */
function labelledClauses(sc: ClauseScan): void {
  const { s, ctx, out, covered } = sc;
  const lineEndOf = (pos: number) => {
    const e = s.indexOf('\n', pos);
    return e < 0 ? s.length : e;
  };
  const labels = findLabels(sc);
  for (let k = 0; k < labels.length; ) {
    // A group: the following labels on the same line or on the very next line, until a second lead field.
    let j = k + 1;
    let end = lineEndOf(labels[k]!.start);
    let leads = labels[k]!.lead ? 1 : 0;
    while (j < labels.length) {
      const nextStart = labels[j]!.start;
      if (labels[j]!.lead && leads > 0) break;
      if (nextStart <= end || (s[end] === '\n' && nextStart === end + 1)) {
        if (labels[j]!.lead) leads++;
        end = lineEndOf(nextStart);
        j++;
      } else break;
    }
    // The value of the last field ends at the sentence end.
    let stop = end;
    const dot = s.indexOf('。', labels[j - 1]!.valStart);
    if (dot >= 0 && dot < stop) stop = dot;
    const c = parseContent(ctx, labels[k]!.start, stop, 0.5);
    if (c && c.groups.length) {
      out.push({ ...c, start: labels[k]!.start, end: stop });
      covered.push([labels[k]!.start, stop]);
    }
    k = j;
  }
}

/** Sentences "由X牵头，…" / "X牵头，Y、Z配合/参与/按职责分工负责". */
function leadSentences(sc: ClauseScan): void {
  const { s, v, date, skip, out, inCovered } = sc;
  for (let idx = s.indexOf('牵头'); idx >= 0; idx = s.indexOf('牵头', idx + 2)) {
    if (skip(idx) || inCovered(idx)) continue;
    let a = idx;
    while (a > 0 && idx - a < 60 && !/[。;,:\n()"“”!?]/.test(s[a - 1]!)) a--;
    let you = -1;
    for (let q = idx - 1; q >= a; q--) {
      if (s[q] === '由') {
        you = q;
        break;
      }
    }
    const byYou = you >= 0;
    if (byYou) a = you + 1;
    let b = idx + 2;
    while (b < s.length && b - idx < 120 && !/[。;\n()]/.test(s[b]!)) b++;
    const leads = parseUnitList(v, a, idx, date, 1);
    if (!leads) continue;
    // What follows 牵头 must be units in a co-operating role ("，B、C配合"); a clause of other
    // words ("，会同有关部门制定…") ends the assignment at 牵头.
    let end = idx + 2;
    const groups: Group[] = [{ units: leads, word: '牵头', lead: 'marker' }];
    const after = /^(?:负责)?[,、]?(?:会同)?([^,;。]{2,80}?)(?:等)?(?:有关|相关)?(?:部门|单位)?(按照职责分工|按职责分工|按照职责|按职责|依职责|根据职责|分别|共同)?(负责|落实|承担|参与|配合|协同|协助|协办)/.exec(s.slice(idx + 2, b));
    if (after) {
      const ls = idx + 2 + after.index + after[0].indexOf(after[1]!);
      const co = parseUnitList(v, ls, ls + after[1]!.length, date, 1);
      if (co) {
        groups.push({ units: co, word: wordOfVerb(after[3]!).word === '负责' ? '负责' : wordOfVerb(after[3]!).word });
        end = idx + 2 + after.index + after[0].length;
      }
    }
    // Without 由, "X牵头" must be followed directly by the co-operating units.
    if (!byYou && groups.length < 2) continue;
    out.push({ start: byYou ? a - 1 : a, end, groups, xiatong: false, standing: null });
  }
}

/** A sentence that is nothing but units and their role: "市应急局、市邮政管理局按职责分工负责。" (a duty stated in prose, "X负责全市…的统筹协调", goes on after the verb and is not one). */
function responsibleSentences(sc: ClauseScan): void {
  const { s, ctx, skip, out, inCovered } = sc;
  const ends = (k: number) => k >= s.length || s.charCodeAt(k) === 0x3002 || s.charCodeAt(k) === 0x3b || s.charCodeAt(k) === 0x0a;
  for (let idx = s.indexOf('负责'); idx >= 0; idx = s.indexOf('负责', idx + 2)) {
    // "…负责。" or "…负责落实。" / "…负责实施。" ends the sentence
    const tail = ends(idx + 2) ? 0 : (s.startsWith('落实', idx + 2) || s.startsWith('实施', idx + 2)) && ends(idx + 4) ? 2 : -1;
    if (tail < 0 || skip(idx) || inCovered(idx)) continue;
    const stop = idx + 2 + tail;
    let a = idx;
    while (a > 0 && idx - a < 120 && !/[。;:\n()"“”!?]/.test(s.charAt(a - 1))) a--;
    const c = parseContent(ctx, a, stop, 1);
    if (!c?.groups.length) continue;
    // The whole sentence must be the clause: nothing before its first unit.
    if (c.groups[0]!.units[0]!.start - a > 1) continue;
    out.push({ ...c, start: a, end: stop });
  }
}

/** Standing rules stated in prose, outside any clause ("以下各项任务均由各市州人民政府负责落实，不再一一列出。"). */
function standingSentences(sc: ClauseScan): void {
  const { s, ctx, skip, out, inCovered } = sc;
  for (let idx = s.indexOf('不再'); idx >= 0; idx = s.indexOf('不再', idx + 2)) {
    if (skip(idx) || inCovered(idx)) continue;
    let a = idx;
    while (a > 0 && idx - a < 100 && !/[。;\n()]/.test(s[a - 1]!)) a--;
    let b = idx;
    while (b < s.length && b - idx < 20 && !/[。;\n()]/.test(s[b]!)) b++;
    const c = parseContent(ctx, a, b, 1);
    if (c?.standing) out.push({ ...c, groups: [], start: c.standing.start, end: c.standing.end });
  }
}

/**
 * The clause of one task-table measure: its unit cells, each read with its column's role (a
 * cell that is itself a role phrase, "由县发改局牵头，各乡镇配合", is read as one).
 */
export function tableClause(
  v: TextView,
  cells: readonly { start: number; end: number; word: RoleWord; column: 'lead' | 'other' }[],
  measureId: string,
  date: string | null,
): Clause | null {
  const ctx: Ctx = { v, date };
  const groups: Group[] = [];
  for (const c of cells) {
    const text = v.s.slice(c.start, c.end);
    const phrase = /(?<!\()牵头(?!\))|配合|参与|负责|协办/.test(text) ? parseContent(ctx, c.start, c.end, 0.5) : null;
    if (phrase?.groups.length) {
      groups.push(...phrase.groups);
      continue;
    }
    const units = parseUnitList(v, c.start, c.end, date, 0.5, true);
    if (!units) continue;
    groups.push({ units, word: c.word, ...(c.column === 'lead' ? { lead: 'column' as const } : {}) });
  }
  if (!groups.length) return null;
  const start = Math.min(...cells.map((c) => c.start));
  const end = Math.max(...cells.map((c) => c.end));
  return { start, end, groups, xiatong: false, standing: null, boundMeasure: measureId };
}
