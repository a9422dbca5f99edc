/**
 * Citations: the documents a policy cites, and how. Pure: view in, citations out (offsets into
 * the original text).
 *
 * What counts, as Chinese policy documents print it:
 *   - 《标题》 followed by its 发文字号 in parentheses: 根据《国务院关于…的实施意见》（国发〔2016〕56号）;
 *   - 《标题》 alone: 落实《医疗废物管理条例》, 根据《2016年政府工作报告》;
 *   - a 发文字号 alone: 按照国办发〔2016〕82号文件要求.
 * An issuer printed before the title (国务院《关于…》, 国家发展改革委《关于…》) stays outside the
 * title. The relation comes from the nearest verb before the citation in its clause, scanned
 * across the other citations of a list (根据《A》、《B》（…）和《C》（…）有关要求: all three 根据);
 * the title line's verb counts too (关于贯彻落实《…》的实施意见 implements it).
 *
 * What does not: the document itself and what it transmits as its own text (关于印发《X》的通知,
 * 现将《X》印发给你们, 《X》已经国务院同意), its short names (（以下简称《方案》）, 《意见》), and
 * forms (《申请表》, 《承诺书》); its own 发文字号.
 */
import { normalizeString, rawSlice, origAt, origEnd, type TextView } from './normalize';
import type { Citation, CitationRelation } from './types';

const VERBS: [RegExp, CitationRelation][] = [
  [/(贯彻落实|贯彻执行|深入贯彻|全面贯彻|贯彻|落实|实施|执行)$/, 'implements'],
  [/(根据|依据|依照|基于)$/, 'basis'],
  [/(按照|遵照|遵循|对照)$/, 'follows'],
  [/(参照|参考|借鉴)$/, 'refers'],
  [/(转发)$/, 'transmits'],
];
const VERB_ANY =
  /深入贯彻落实|全面贯彻落实|认真贯彻落实|贯彻落实|贯彻执行|深入贯彻|全面贯彻|贯彻|落实|实施|执行|根据|依据|依照|基于|按照|遵照|遵循|对照|参照|参考|借鉴|转发/g;
/** Where a clause ends, scanning back from a citation (outside titles). */
const CLAUSE_END = /[。；;！？!?:：\n,，]/;
/** How far back a verb is looked for (compact units, titles of a list not counted). */
const VERB_WINDOW = 40;

/** A 发文字号 in the compact view (full-width brackets are ASCII there). */
const DOCNO = /([\u4e00-\u9fff]{1,14})[〔[【(]((?:19|20)\d{2})[〕\]】)](\d{1,4})号/g;
/** A 令 number (国务院令第722号, 国家市场监督管理总局令第95号), as printed after a regulation's title. */
const ORDER_NO = /^[\u4e00-\u9fff]{2,14}令第\d{1,4}号/;
/** Words that run into the 文号's issuer abbreviation in the CJK run before it. */
const DOCNO_LEAD = /^.*(根据|依据|依照|按照|参照|落实|贯彻|执行|印发|转发|精神|文件|要求|的|和|及|与|或|见|即|以)/;

/** Short names and generic document-type words: the document's own aliases, not citations. */
const GENERIC_TITLE =
  /^(方案|意见|通知|规划|纲要|办法|细则|决定|计划|条例|规定|清单|报告|措施|政策|目录|指南|标准|要点|分工方案|实施方案|实施意见|实施细则|实施办法|总体方案|工作方案|行动方案|行动计划|若干措施|若干意见|管理办法|指导意见|三年行动计划)$/;
/** Forms and certificates (申请表, 承诺书, 登记册 …), not documents; 清单 is a document. */
const FORM_TITLE = /(表|书|证|册|卡|(?<!清)单)$/;

const norm = (s: string) => s.replace(/[《》〈〉<>“”"'‘’\s]/g, '');

/**
 * Find the citations of view `v`. `own`: the document's own title and 发文字号, never cited by
 * itself. `measureAt`: the measure id at a compact offset (null outside the outline).
 */
export function findCitations(v: TextView, own: { title: string | null; docNumber: string | null }, measureAt: (pos: number) => string | null): Citation[] {
  const s = v.s;
  const out: Citation[] = [];
  const ownTitle = own.title ? norm(own.title) : null;
  const ownNo = own.docNumber ? normalizeString(own.docNumber.replace(/\s+/g, '')) : null;
  const aliases = new Set<string>();
  /** Compact spans already taken by a title citation (a 文号 inside is not cited again). */
  const taken: [number, number][] = [];
  /** Titles as [start, end] in compact offsets, in text order. */
  const titles: [number, number][] = [];
  /** A title's start by its end, for the verb scan to skip over titles (one lookup per step). */
  const titleAt = new Map<number, number>();

  for (let i = s.indexOf('《'); i >= 0; i = s.indexOf('《', i + 1)) {
    const close = matchingClose(s, i);
    if (close < 0) continue;
    titles.push([i, close + 1]);
    titleAt.set(close + 1, i);
    const inner = s.slice(i + 1, close);
    // （以下简称《X》）: X is an alias of the title before it
    if (/(以下简称|下称|简称)$/.test(s.slice(Math.max(0, i - 6), i))) {
      aliases.add(norm(inner));
      continue;
    }
    const key = norm(inner);
    if (key.length < 2 || aliases.has(key) || (ownTitle && key === ownTitle)) continue;
    let end = close + 1;
    let docNumber: string | null = null;
    const after = /^\s*\(([^()]{0,40})\)/.exec(s.slice(end, end + 48));
    if (after) {
      DOCNO.lastIndex = 0;
      const m = DOCNO.exec(after[1]!);
      const open = end + after[0].indexOf('(') + 1;
      if (m) {
        const issuer = trimIssuer(m[1]!);
        const from = open + m.index + m[1]!.length - issuer.length;
        docNumber = rawSlice(v, from, from + issuer.length + m[0].length - m[1]!.length);
        end += after[0].length;
      } else {
        const o = ORDER_NO.exec(after[1]!);
        if (o) {
          docNumber = rawSlice(v, open + o.index, open + o.index + o[0].length);
          end += after[0].length;
        }
      }
    }
    // a short name is never followed by a 文号; a form is not a document
    if (!docNumber && (GENERIC_TITLE.test(key) || FORM_TITLE.test(key))) continue;
    if (transmitted(s, i, end)) continue;
    const { relation, verb } = relationBefore(s, i, titleAt);
    taken.push([i, end]);
    out.push({
      title: asWritten(v, i + 1, close),
      docNumber,
      relation,
      verb,
      measureId: measureAt(i),
      start: origAt(v, i),
      end: origEnd(v, end),
    });
  }

  // Matches come in text order, as both span lists are: a cursor into each, not a scan per match.
  const inTaken = cursor(taken);
  const inTitle = cursor(titles);
  DOCNO.lastIndex = 0;
  for (let m = DOCNO.exec(s); m; m = DOCNO.exec(s)) {
    const issuer = trimIssuer(m[1]!);
    const start = m.index + m[1]!.length - issuer.length;
    const end = m.index + m[0].length;
    if (inTaken(start, end)) continue;
    if (inTitle(start, start + 1)) continue; // inside a title
    const text = s.slice(start, end);
    if (ownNo && text === ownNo) continue;
    if (issuer.length < 1) continue;
    // a 文号 alone on its line is the document's own when its metadata found none
    const lineStart = s.lastIndexOf('\n', start - 1) + 1;
    const lineEnd = s.indexOf('\n', end);
    if (s.slice(lineStart, lineEnd < 0 ? s.length : lineEnd) === text && !ownNo) continue;
    const { relation, verb } = relationBefore(s, start, titleAt);
    out.push({
      title: null,
      docNumber: rawSlice(v, start, end),
      relation,
      verb,
      measureId: measureAt(start),
      start: origAt(v, start),
      end: origEnd(v, end),
    });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The original text of compact [a, b): whitespace runs as one space (标准 names keep theirs). */
function asWritten(v: TextView, a: number, b: number): string {
  return v.text.slice(origAt(v, a), origEnd(v, b)).replace(/\s+/g, ' ').trim();
}

/** For spans in text order: does [start, end) overlap one? Asked with non-decreasing starts. */
function cursor(spans: readonly [number, number][]): (start: number, end: number) => boolean {
  let k = 0;
  return (start, end) => {
    while (k < spans.length && spans[k]![1] <= start) k++;
    return k < spans.length && spans[k]![0] < end;
  };
}

/** The 》 closing the 《 at `i` (nested 《》 counted), or -1 within 120 units on the same line. */
function matchingClose(s: string, i: number): number {
  let depth = 0;
  for (let j = i; j < s.length && j < i + 120; j++) {
    const c = s[j];
    if (c === '\n') return -1;
    if (c === '《') depth++;
    else if (c === '》' && --depth === 0) return j;
  }
  return -1;
}

/** The issuer abbreviation of a 文号 (国办发, 苏政办发, 发改投资), without the words run into it. */
function trimIssuer(run: string): string {
  const t = run.replace(DOCNO_LEAD, '');
  return t.length > 8 ? t.slice(-8) : t;
}

/** The document's own text, transmitted by this notice: 印发《X》, 现将《X》印发, 《X》已经…同意. */
function transmitted(s: string, start: number, end: number): boolean {
  const before = s.slice(Math.max(0, start - 4), start);
  if (/(印发|现将|颁布|发布|公布)$/.test(before)) return true;
  const rest = s.slice(end, end + 30);
  const sentence = rest.split(/[。；;\n]/)[0]!;
  return /^(已经|经)[^，,]{0,16}(同意|通过|审议)|^(印发|现印发|予以印发|发给|印发给)|印发给你们|现印发给|现予印发|现予公布/.test(sentence);
}

/** The nearest relation verb before compact offset `at` within its clause, titles skipped. */
function relationBefore(s: string, at: number, titleAt: ReadonlyMap<number, number>): { relation: CitationRelation; verb: string | null } {
  let prefix = '';
  let j = at;
  while (j > 0 && prefix.length < VERB_WINDOW) {
    const t = titleAt.get(j);
    if (t !== undefined && t < j) {
      j = t;
      continue;
    }
    const c = s[j - 1]!;
    // a 文号 in parentheses after a listed title: skipped like the title
    if (c === ')') {
      const open = s.lastIndexOf('(', j - 1);
      if (open >= 0 && j - open < 40) {
        j = open;
        continue;
      }
    }
    // a clause that goes on a list (…，以及国办督函〔2018〕12号文件要求): the verb is the list's
    if (CLAUSE_END.test(c) && !((c === ',' || c === '，') && /^(以及|及|和|并|与)/.test(prefix))) break;
    prefix = c + prefix;
    j--;
  }
  let last: RegExpExecArray | null = null;
  VERB_ANY.lastIndex = 0;
  for (let m = VERB_ANY.exec(prefix); m; m = VERB_ANY.exec(prefix)) last = m;
  if (!last) return { relation: 'mentions', verb: null };
  const verb = last[0];
  const relation = VERBS.find(([re]) => re.test(verb))?.[1] ?? 'mentions';
  return { relation, verb };
}
