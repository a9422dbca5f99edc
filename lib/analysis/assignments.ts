/**
 * Responsibility clauses → who leads, who co-operates.
 *
 * Formats recognised:
 *  (A、B、C等负责，列第一位者为牵头部门，下同)   first listed leads (the convention holds for
 *                                               later "(X、Y等负责)" clauses in the document)
 *  (A、B、C共同牵头)                           all lead (joint-lead)
 *  (A牵头，B、C按职责分工负责) / A牵头，B参与    lead-marker
 *  (A负责)                                     single responsible unit → lead
 *  牵头单位：A；责任单位：B、C / 【牵头单位】A   labelled fields, in parentheses or on lines
 *  task-table rows (牵头单位 / 责任单位 columns) lead-column
 */
import type { Assignment, UnitRole } from './types';
import type { TextView } from './normalize';
import { parseUnitList, type UnitSpan } from './units';
import type { TaskRow, TaskTable } from './tables';

export interface Clause {
  /** Compact span of the clause. */
  start: number;
  end: number;
  units: UnitSpan[];
  roles: UnitRole[];
  rule: Assignment['rule'];
  /** "下同": applies to following measures of the same level. */
  xiatong: boolean;
  /** Measure this clause is bound to regardless of position (table rows). */
  boundMeasure?: string;
}

const CONVENTION_RE =
  /(?:列|排|排列|排名|位列)(?:在)?(?:第一位|第一|首位|前面|最前)(?:的|者)?(?:单位|部门)?(?:为|是)(?:牵头|主要负责)|(?:第一个|首个|首位)(?:单位|部门)?为牵头/;

/** Position of the first "first listed leads" convention, or Infinity. */
export function conventionPosition(s: string): number {
  const m = CONVENTION_RE.exec(s);
  return m ? m.index : Infinity;
}

const LABEL_SRC = '(牵头单位|牵头部门|主责单位|主办单位|责任单位|责任部门|责任主体|配合单位|配合部门|参与单位|参与部门|协办单位|协同单位|协助单位)';
const LABEL_RE = new RegExp(`【?${LABEL_SRC}】?(?::|(?<=】))`, 'g');
const LABEL_AT = new RegExp(`【?${LABEL_SRC}】?(?::|(?<=】))`, 'y');
/** 。 ; \n: a labelled field starts a line or follows a sentence end. */
const LABEL_BEFORE = new Set([0x3002, 0x3b, 0x0a]);
const RESP_TAIL = /(?:等)?(?:有关|相关)?(?:部门|单位)?(?:按照职责分工|按职责分工|按照职责|按职责|依职责|根据职责|分别)?(?:共同)?(?:负责|落实|承担|参与|配合|协同|协助)/;

const OTHER_LABEL = /[;,，；]?【?(?:完成时限|完成时间|时间节点|时限要求|完成期限|时间安排|进度安排|工作目标|预期成效)】?(?::|(?<=】))/;
const VALUE_VERB_TAIL =
  /(?:等)?(?:有关|相关)?(?:部门|单位)?(?:按照职责分工|按职责分工|按照职责|按职责|依职责|根据职责|分别)?(?:共同)?(?:负责|落实|承担|参与|配合)(?:落实)?$/;

function roleOfLabel(label: string): 'lead' | 'resp' | 'co' {
  if (/牵头|主责|主办/.test(label)) return 'lead';
  if (/责任/.test(label)) return 'resp';
  return 'co';
}

interface Ctx {
  v: TextView;
  date: string | null;
  convention: number;
}

function responsible(ctx: Ctx, units: UnitSpan[], at: number, extraCo: UnitSpan[] = []): Pick<Clause, 'units' | 'roles' | 'rule'> {
  // "A（牵头）、B、C负责": the marked units lead.
  if (units.some((u) => u.lead)) {
    return { units: [...units, ...extraCo], roles: [...units.map((u): UnitRole => (u.lead ? 'lead' : 'co')), ...extraCo.map((): UnitRole => 'co')], rule: 'lead-marker' };
  }
  if (extraCo.length) {
    return { units: [...units, ...extraCo], roles: [...units.map((): UnitRole => 'lead'), ...extraCo.map((): UnitRole => 'co')], rule: 'lead-marker' };
  }
  if (units.length === 1) return { units, roles: ['lead'], rule: 'single' };
  if (at >= ctx.convention) return { units, roles: units.map((_, i): UnitRole => (i === 0 ? 'lead' : 'co')), rule: 'first-listed' };
  return { units, roles: units.map((): UnitRole => 'co'), rule: 'responsible-only' };
}

/** Labelled fields inside [a, b): 牵头单位：…；责任单位：… */
function labelled(ctx: Ctx, a: number, b: number): Pick<Clause, 'units' | 'roles' | 'rule'> | null {
  const s = ctx.v.s;
  const seg = s.slice(a, b);
  const fields: { role: 'lead' | 'resp' | 'co'; vs: number; ve: number }[] = [];
  LABEL_RE.lastIndex = 0;
  const found: { idx: number; end: number; label: string }[] = [];
  for (let m = LABEL_RE.exec(seg); m; m = LABEL_RE.exec(seg)) found.push({ idx: m.index, end: m.index + m[0]!.length, label: m[1]! });
  for (let k = 0; k < found.length; k++) {
    let vs = a + found[k]!.end;
    let ve = k + 1 < found.length ? a + found[k + 1]!.idx : b;
    while (vs < ve && /[\s:]/.test(s[vs]!)) vs++;
    // A value stops at a non-unit label on the same line ("；完成时限：2024年6月底前").
    const other = OTHER_LABEL.exec(s.slice(vs, ve));
    if (other) ve = vs + other.index;
    while (ve > vs && /[\s;,。.、)】〕]/.test(s[ve - 1]!)) ve--;
    // "责任单位：A、B按职责分工负责" — the verb is not part of the last unit.
    const verb = VALUE_VERB_TAIL.exec(s.slice(vs, ve));
    if (verb && verb.index > 0) ve = vs + verb.index;
    fields.push({ role: roleOfLabel(found[k]!.label), vs, ve });
  }
  if (!fields.length) return null;
  const lead: UnitSpan[] = [];
  const resp: UnitSpan[] = [];
  const co: UnitSpan[] = [];
  for (const f of fields) {
    const list = parseUnitList(ctx.v, f.vs, f.ve, ctx.date, 0.5);
    if (!list) continue;
    (f.role === 'lead' ? lead : f.role === 'resp' ? resp : co).push(...list);
  }
  if (lead.length) {
    const units = [...lead, ...resp, ...co];
    return { units, roles: units.map((u, i): UnitRole => (i < lead.length || u.lead ? 'lead' : 'co')), rule: 'lead-marker' };
  }
  if (resp.length) return responsible(ctx, resp, a, co);
  return null;
}

/** Classify the content of a parenthetical (or a bare sentence) [a, b). */
function classify(ctx: Ctx, a: number, b0: number): Pick<Clause, 'units' | 'roles' | 'rule'> | null {
  const s = ctx.v.s;
  let b = b0;
  // "…等负责，列第一位者为牵头部门，下同": the convention and 下同 are not part of the unit list.
  const conv = CONVENTION_RE.exec(s.slice(a, b));
  if (conv) {
    b = a + conv.index;
    while (b > a && /[,;、\s]/.test(s[b - 1] ?? '')) b--;
  }
  const xt = /[,;]?下同$/.exec(s.slice(a, b));
  if (xt) b -= xt[0].length;
  const content = s.slice(a, b);
  if (!/负责|牵头|单位|部门|责任主体|落实|承担/.test(content)) return null;
  const lab = /^【?(?:牵头单位|牵头部门|主责单位|主办单位|责任单位|责任部门|责任主体|配合单位|配合部门|参与单位|协办单位)/.exec(content);
  if (lab) return labelled(ctx, a, b);
  const lead = content.indexOf('牵头');
  if (lead > 0) {
    const joint = /(?:共同|联合)牵头$/.exec(content.slice(0, lead + 2));
    const listEnd = joint ? a + lead + 2 - joint[0].length : a + lead;
    const leads = parseUnitList(ctx.v, a, listEnd, ctx.date, 1);
    if (!leads) return null;
    // What follows 牵头: ", B、C 按职责分工负责 / 参与 / 配合".
    let p = a + lead + 2;
    while (p < b && /[,;、\s]/.test(s[p]!)) p++;
    if (s.startsWith('负责', p)) p += 2;
    while (p < b && /[,;、\s]/.test(s[p]!)) p++;
    if (s.startsWith('会同', p)) p += 2;
    let co: UnitSpan[] = [];
    const tail = RESP_TAIL.exec(s.slice(p, b));
    if (tail) {
      const list = parseUnitList(ctx.v, p, p + tail.index, ctx.date, 0.6);
      if (list) co = list;
    } else if (p < b) {
      const list = parseUnitList(ctx.v, p, b, ctx.date, 1);
      if (list) co = list;
    }
    const units = [...leads, ...co];
    if (joint) {
      return { units, roles: units.map((_, i): UnitRole => (i < leads.length ? 'lead' : 'co')), rule: 'joint-lead' };
    }
    return { units, roles: units.map((_, i): UnitRole => (i < leads.length ? 'lead' : 'co')), rule: 'lead-marker' };
  }
  const resp = /(?:等)?(?:有关|相关)?(?:部门|单位)?(?:按照职责分工|按职责分工|按照职责|按职责|依职责|根据职责|分别)?(?:共同)?(?:负责|落实|承担)/.exec(content);
  if (resp && resp.index > 0) {
    // "X会同Y、Z负责": X leads, the units after 会同 co-operate.
    const hui = content.lastIndexOf('会同', resp.index);
    if (hui > 0) {
      const leads = parseUnitList(ctx.v, a, a + hui, ctx.date, 1);
      const co = parseUnitList(ctx.v, a + hui + 2, a + resp.index, ctx.date, 0.6);
      if (leads && co) {
        const units = [...leads, ...co];
        return { units, roles: units.map((_, i): UnitRole => (i < leads.length ? 'lead' : 'co')), rule: 'lead-marker' };
      }
    }
    const units = parseUnitList(ctx.v, a, a + resp.index, ctx.date, 0.6);
    if (!units) return null;
    // ", B、C配合/参与" after 负责.
    let co: UnitSpan[] = [];
    let p = a + resp.index + resp[0].length;
    while (p < b && /[,;、\s]/.test(s[p]!)) p++;
    const tail = /(?:等)?(?:有关|相关)?(?:部门|单位)?(?:配合|参与|协同|协助)/.exec(s.slice(p, b));
    if (tail && tail.index > 0) {
      const list = parseUnitList(ctx.v, p, p + tail.index, ctx.date, 0.6);
      if (list) co = list;
    }
    return responsible(ctx, units, b0, co);
  }
  return null;
}

const CLAUSE_HINT = /负责|牵头|单位|部门|责任主体|落实|承担/;

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

/**
 * All responsibility clauses in v.s, in text order. `skip` marks compact positions not to scan
 * (task tables, handled by `tableClauses`).
 */
export function findClauses(v: TextView, date: string | null, skip: (pos: number) => boolean): Clause[] {
  const s = v.s;
  const ctx: Ctx = { v, date, convention: conventionPosition(s) };
  const out: Clause[] = [];
  const covered: [number, number][] = [];
  // 1. Parentheticals: （…） and the 〔…〕 brackets some provinces use ("〔责任单位：省商务厅〕"),
  // with one level of nesting ("（各县（市、区）人民政府负责）"). One pass over the brackets.
  const nextOpen = openScanner(s);
  for (let i = nextOpen(0); i >= 0; ) {
    const j = closeOf(s, i);
    if (j < 0 || j - i - 1 < 2 || skip(i)) {
      i = nextOpen(i + 1);
      continue;
    }
    const a = i + 1;
    const c = CLAUSE_HINT.test(s.slice(a, j)) ? classify(ctx, a, j) : null;
    if (!c) {
      i = nextOpen(i + 1);
      continue;
    }
    out.push({ units: c.units, roles: c.roles, rule: c.rule, start: i, end: j + 1, xiatong: s.slice(a, j).includes('下同') });
    covered.push([i, j + 1]);
    i = nextOpen(j + 1);
  }
  const inCovered = (pos: number) => {
    // covered is sorted by start
    let lo = 0;
    let hi = covered.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (covered[mid]![1] <= pos) lo = mid + 1;
      else if (covered[mid]![0] > pos) hi = mid - 1;
      else return true;
    }
    return false;
  };
  // 2. Labelled fields outside parentheses: at line start or after 。；, possibly on consecutive lines.
  // Every label ends in 单位/部门/主体: find those with indexOf, then check the label and that it
  // starts a line or follows 。/；.
  const labels: { start: number; valStart: number }[] = [];
  {
    const anchors = ['单位', '部门', '主体'];
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
      let start = p - 2;
      if (start < 0) continue;
      if (s.charCodeAt(start - 1) === 0x3010) start--; // 【
      LABEL_AT.lastIndex = start;
      const m = LABEL_AT.exec(s);
      if (!m) continue;
      let b = start - 1;
      while (b >= 0 && (s.charCodeAt(b) === 0x20 || s.charCodeAt(b) === 0x09)) b--;
      if (b >= 0 && !LABEL_BEFORE.has(s.charCodeAt(b))) continue;
      if (skip(start) || inCovered(start)) continue;
      labels.push({ start, valStart: start + m[0].length });
    }
  }
  for (let k = 0; k < labels.length; ) {
    // Group: following labels whose gap from this one's line is at most one line break away.
    let j = k + 1;
    const lineEndOf = (pos: number) => {
      const e = s.indexOf('\n', pos);
      return e < 0 ? s.length : e;
    };
    let end = lineEndOf(labels[k]!.start);
    const kinds = new Set([roleOfLabel(s.slice(labels[k]!.start, labels[k]!.valStart))]);
    while (j < labels.length) {
      const nextStart = labels[j]!.start;
      const kind = roleOfLabel(s.slice(nextStart, labels[j]!.valStart));
      if (kinds.has(kind) && kind === 'lead') break;
      // Same line, or the very next line.
      if (nextStart <= end || (s[end] === '\n' && lineEndOf(end + 1) >= nextStart && nextStart === end + 1)) {
        kinds.add(kind);
        end = lineEndOf(nextStart);
        j++;
      } else break;
    }
    // Value of the last field ends at the sentence end.
    let stop = end;
    const dot = s.indexOf('。', labels[j - 1]!.valStart);
    if (dot >= 0 && dot < stop) stop = dot;
    const c = labelled(ctx, labels[k]!.start, stop);
    if (c) out.push({ units: c.units, roles: c.roles, rule: c.rule, start: labels[k]!.start, end: stop, xiatong: false });
    k = j;
  }
  // 3. Bare "A牵头，B、C按职责分工负责" / "由A牵头" in sentences.
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
    // Bare form needs either 由 or a co-operating list after it.
    let b = idx + 2;
    while (b < s.length && b - idx < 120 && !/[。;\n()]/.test(s[b]!)) b++;
    const after = s.slice(idx + 2, b);
    const hasCo = RESP_TAIL.test(after);
    if (!byYou && !hasCo) continue;
    const leads = parseUnitList(v, a, idx, date, 1);
    if (!leads) continue;
    let units = leads;
    let end = idx + 2;
    let coFound = false;
    if (hasCo) {
      let p = idx + 2;
      while (p < b && /[,、\s]/.test(s[p]!)) p++;
      if (s.startsWith('会同', p)) p += 2;
      const tail = RESP_TAIL.exec(s.slice(p, b));
      if (tail && tail.index > 0) {
        const co = parseUnitList(v, p, p + tail.index, date, 1);
        if (co) {
          units = [...leads, ...co];
          end = p + tail.index + tail[0].length;
          coFound = true;
        }
      }
    }
    // Without 由, "X牵头" must be followed directly by the co-operating units.
    if (!byYou && !coFound) continue;
    const start = byYou ? a - 1 : a;
    out.push({
      start,
      end,
      units,
      roles: units.map((_, i): UnitRole => (i < leads.length ? 'lead' : 'co')),
      rule: 'lead-marker',
      xiatong: false,
    });
  }
  // 4. A sentence that starts with a unit and 负责: "第三条 省大数据发展管理局负责全省…".
  for (let idx = s.indexOf('负责'); idx >= 0; idx = s.indexOf('负责', idx + 2)) {
    if (skip(idx) || inCovered(idx)) continue;
    let a = idx;
    while (a > 0 && idx - a < 40 && !/[。;,:\n()"“”!?]/.test(s.charAt(a - 1))) a--;
    if (a > 0 && !/[。;\n]/.test(s.charAt(a - 1))) continue; // only at a sentence start
    const marker = SENTENCE_MARKER.exec(s.slice(a, idx));
    if (marker) a += marker[0].length;
    if (s.charAt(a) === '由') a++;
    if (idx - a < 2) continue;
    const hui = a + s.slice(a, idx).lastIndexOf('会同');
    if (hui >= a) {
      const leads = parseUnitList(v, a, hui, date, 1);
      const co = leads ? parseUnitList(v, hui + 2, idx, date, 1) : null;
      if (leads && co && !leads.some((u) => /^各/.test(u.text))) {
        const units = [...leads, ...co];
        out.push({ units, roles: units.map((_, i): UnitRole => (i < leads.length ? 'lead' : 'co')), rule: 'lead-marker', start: a, end: idx + 2, xiatong: false });
      }
      continue;
    }
    const units = parseUnitList(v, a, idx, date, 1);
    if (!units || units.some((u) => /^各/.test(u.text))) continue;
    const r = responsible(ctx, units, idx);
    out.push({ units: r.units, roles: r.roles, rule: r.rule, start: a, end: idx + 2, xiatong: false });
  }
  out.sort((x, y) => x.start - y.start);
  return out;
}

const SENTENCE_MARKER = /^(?:第[一二三四五六七八九十百\d]+条|[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十\d]+\)|\d{1,2}[.、]|[①-⑳])/;

/** One clause per task-table row with units. */
export function tableClauses(
  v: TextView,
  table: TaskTable,
  row: TaskRow,
  measureId: string,
  date: string | null,
  convention: number,
): Clause | null {
  const ctx: Ctx = { v, date, convention };
  const lead = row.lead ? parseUnitList(v, row.lead.start, row.lead.end, date, 0.5) ?? [] : [];
  const resp = row.resp ? parseUnitList(v, row.resp.start, row.resp.end, date, 0.5) ?? [] : [];
  if (!lead.length && !resp.length) return null;
  const start = (row.lead ?? row.resp)!.start;
  const end = Math.max(row.lead?.end ?? 0, row.resp?.end ?? 0);
  if (table.hasLead && lead.length) {
    const units = [...lead, ...resp];
    return {
      start: Math.min(start, row.resp?.start ?? start),
      end,
      units,
      roles: units.map((_, i): UnitRole => (i < lead.length ? 'lead' : 'co')),
      rule: 'lead-column',
      xiatong: false,
      boundMeasure: measureId,
    };
  }
  // Only a 责任单位 column: the document's first-listed convention or a single unit decides.
  const r = responsible(ctx, resp, row.start);
  return { ...r, start: row.resp!.start, end: row.resp!.end, xiatong: false, boundMeasure: measureId };
}
