/**
 * Where responsibility clauses are (lib/analysis/clause-content reads what they say).
 *
 * Contract: `findClauses(v, date, skip)` returns every responsibility clause outside task tables
 * (compact spans, text order); `tableClause(…)` the clause of one task-table measure.
 *
 *  - brackets （…） (…) 〔…〕, one nesting level ("（各县（市、区）人民政府负责）");
 *  - labelled lines: 牵头单位：X / 责任单位：Y at a line start or after 。；, on one line or on
 *    consecutive lines, and 【牵头单位】X【配合单位】Y;
 *  - sentences "由X牵头，…" / "X牵头，Y、Z配合", and sentences that are nothing but units and
 *    their role ("市应急局、市邮政管理局按职责分工负责。"). A duty stated in prose ("市财政局负责资金
 *    保障", "由市财政局会同…制定") is not a responsibility annotation;
 *  - standing rules stated in prose ("以下各项任务均由各市州人民政府负责落实，不再一一列出。").
 */
import type { RoleWord } from './types';
import type { TextView } from './normalize';
import { parseUnitList } from './units';
import { parseContent, UNIT_LABEL_Y, wordOfLabel, wordOfVerb, type Clause, type Ctx, type Group } from './clause-content';

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
  for (let i = nextOpen(0); i >= 0;) {
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
  for (let k = 0; k < labels.length;) {
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
    const after =
      /^(?:负责)?[,、]?(?:会同)?([^,;。]{2,80}?)(?:等)?(?:有关|相关)?(?:部门|单位)?(按照职责分工|按职责分工|按照职责|按职责|依职责|根据职责|分别|共同)?(负责|落实|承担|参与|配合|协同|协助|协办)/.exec(
        s.slice(idx + 2, b),
      );
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
