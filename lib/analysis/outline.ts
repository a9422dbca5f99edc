/**
 * Outline: numbered headings → nested measures.
 *
 * Only markers at the start of a line count (a "1." inside a sentence, "1.5倍" or "2018年" are
 * not headings). Nesting follows the marker kinds as this document uses them: a kind already
 * open on the stack continues its list (its next ordinal, tolerating one skipped number); a kind
 * not open starts a nested list at ordinal 1 under the innermost open heading. Anything else
 * breaks the numbering and is rejected as a heading. With the usual order of first appearance
 * (一、 → （一） → 1. → （1） → ①, or 第一章 → 第一节 → 第一条) this yields the same tree as a
 * rank table, and it also handles documents that start at （一） or skip a level.
 */
import type { MarkerKind } from './types';
import { rawSlice, type TextView } from './normalize';
import type { Line } from './lines';
import { parseCnNumber, parseCircled } from './numerals';

interface RawHeading {
  kind: MarkerKind;
  ordinal: number;
  /** Compact positions. */
  markerStart: number;
  markerEnd: number;
  titleEnd: number;
  marker: string;
  title: string;
  lineEnd: number;
}

const CN = '[一二三四五六七八九十百〇零两]';
const RE_CHAPTER = new RegExp(`^第(${CN}{1,4}|\\d{1,3})(章|节|条|部分|篇)`);
const RE_CN = new RegExp(`^(${CN}{1,4})[、.,](?!\\d)`);
const RE_PAREN_CN = new RegExp(`^\\((${CN}{1,4})\\)`);
const RE_ARABIC = /^(\d{1,2})(?:[、]|\.(?!\d))/;
const RE_PAREN_ARABIC = /^\((\d{1,2})\)/;
const RE_CIRCLED = /^([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])/;
const TIGHT_ARABIC = /^(\d{1,2})\.(?=\d)/;

/** Recognise a heading marker at compact position `pos` (a line start). */
export function matchMarker(s: string, pos: number, lineEnd: number): { kind: MarkerKind; ordinal: number; len: number } | null {
  const head = s.slice(pos, Math.min(lineEnd, pos + 12));
  let m: RegExpExecArray | null;
  if ((m = RE_CHAPTER.exec(head))) {
    const n = parseCnNumber(m[1]!);
    if (n === null || n < 1) return null;
    // 第一部分 / 第一篇 are chapter-like divisions.
    const kind: MarkerKind = m[2] === '节' ? 'section' : m[2] === '条' ? 'article' : 'chapter';
    return { kind, ordinal: n, len: m[0].length };
  }
  if ((m = RE_PAREN_CN.exec(head))) {
    const n = parseCnNumber(m[1]!);
    return n && n >= 1 && n <= 199 ? { kind: 'paren-cn', ordinal: n, len: m[0].length } : null;
  }
  if ((m = RE_CN.exec(head))) {
    // "一是…" is not matched (needs 、or .). Reject "十分" etc. by the punctuation requirement.
    const n = parseCnNumber(m[1]!);
    return n && n >= 1 && n <= 199 ? { kind: 'cn', ordinal: n, len: m[0].length } : null;
  }
  if ((m = RE_PAREN_ARABIC.exec(head))) {
    const n = Number(m[1]);
    return n >= 1 ? { kind: 'paren-arabic', ordinal: n, len: m[0].length } : null;
  }
  if ((m = RE_ARABIC.exec(head))) {
    const n = Number(m[1]);
    return n >= 1 ? { kind: 'arabic', ordinal: n, len: m[0].length } : null;
  }
  if ((m = RE_CIRCLED.exec(head))) {
    const n = parseCircled(m[1]!);
    return n ? { kind: 'circled', ordinal: n, len: 1 } : null;
  }
  return null;
}

const TITLE_MAX = 60;

/**
 * A deliberate gap after a short heading ("一、工作目标　到2025年，…": a full-width space, a
 * no-break space or two spaces in the original) ends the title. Single ASCII spaces are OCR
 * noise ("工业和信 息化部") and do not.
 */
function isTitleGap(v: TextView, i: number): boolean {
  const a = v.map[i - 1]! + 1;
  const b = v.map[i]!;
  if (b - a < 1) return false;
  if (b - a >= 2) return true;
  const c = v.text.charCodeAt(a);
  return c === 0x3000 || c === 0xa0;
}

/** Heading title: after the marker up to the first 。 or ：/: (or ；), or the whole short line. */
function titleSpan(v: TextView, from: number, lineEnd: number): number {
  const s = v.s;
  const limit = Math.min(lineEnd, from + 200);
  for (let i = from; i < limit; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x3002 || c === 0x3a || c === 0x21 || c === 0x3f) return i; // 。 : ! ?
    if (c === 0x2c || c === 0xff0c) break; // a comma: the title is a sentence, no gap cut after it
    if (i - from >= 2 && i - from <= 30 && i < lineEnd - 2 && v.map[i]! - v.map[i - 1]! > 1 && isTitleGap(v, i)) return i;
  }
  for (let i = from; i < limit; i++) {
    const c = s[i];
    if (c === '。' || c === ':' || c === '!' || c === '?') return i;
  }
  if (lineEnd - from <= TITLE_MAX) return lineEnd;
  // Long line without a stop: cut at the first comma-like break, else TITLE_MAX.
  for (let i = from; i < Math.min(lineEnd, from + TITLE_MAX); i++) if (s[i] === ',') return i;
  return from + TITLE_MAX;
}

interface Open {
  kind: MarkerKind;
  ordinal: number;
  index: number;
}

export interface OutlineNode extends RawHeading {
  parent: number; // index in the list, -1 for top level
  depth: number; // 1-based
}

/**
 * Find headings in lines [fromLine .. endPos). Lines containing \t (table rows) and lines for
 * which `skip(lineStart)` holds (task tables) are skipped.
 */
export function parseOutline(v: TextView, lines: readonly Line[], endPos: number, fromLine = 0, skip?: (pos: number) => boolean): OutlineNode[] {
  const s = v.s;
  const nodes: OutlineNode[] = [];
  const stack: Open[] = [];
  const lastByKind = new Map<MarkerKind, number>();
  // All line-start markers first, so a skipped number can look ahead.
  const cands: { line: Line; mk: NonNullable<ReturnType<typeof matchMarker>>; inline: boolean; tight?: boolean }[] = [];
  // Headings a CMS merged into the previous paragraph: "…。（二）主要目标。…" (only （N） and
  // N、 kinds right after a full stop; accepted below only when they continue an open list).
  let inl = s.indexOf('。(', fromLine < lines.length ? lines[fromLine]!.start : s.length);
  for (let li = fromLine; li < lines.length; li++) {
    const line = lines[li]!;
    if (line.start >= endPos) break;
    if (line.end - line.start < 2 || line.tab || skip?.(line.start)) continue;
    const mk = matchMarker(s, line.start, line.end);
    if (mk) cands.push({ line, mk, inline: false });
    else {
      // "11.121人才梯队项目": a number right after the dot, taken only where it continues the list.
      const t = TIGHT_ARABIC.exec(s.slice(line.start, Math.min(line.end, line.start + 4)));
      if (t) cands.push({ line, mk: { kind: 'arabic', ordinal: Number(t[1]), len: t[0].length }, inline: false, tight: true });
    }
    while (inl >= 0 && inl < line.start) inl = s.indexOf('。(', inl + 1);
    while (inl >= 0 && inl + 1 < line.end) {
      const at = inl + 1;
      const mi = matchMarker(s, at, line.end);
      if (mi && mi.kind === 'paren-cn') cands.push({ line: { start: at, end: line.end, tab: false }, mk: mi, inline: true });
      inl = s.indexOf('。(', inl + 1);
    }
  }
  const nextSameKind = new Int32Array(cands.length).fill(-1);
  {
    const last = new Map<MarkerKind, number>();
    for (let i = cands.length - 1; i >= 0; i--) {
      const k = cands[i]!.mk.kind;
      nextSameKind[i] = last.get(k) ?? -1;
      last.set(k, i);
    }
  }
  for (let ci = 0; ci < cands.length; ci++) {
    const { line, mk, inline, tight } = cands[ci]!;
    const markerEnd = line.start + mk.len;
    if (inline) {
      // Must continue the innermost open list of its kind, with a short title ending in 。.
      const top = stack.length ? stack[stack.length - 1]! : null;
      if (!top || top.kind !== mk.kind || mk.ordinal !== top.ordinal + 1) continue;
      const dot = s.indexOf('。', markerEnd);
      if (dot < 0 || dot > line.end || dot - markerEnd > 30 || dot - markerEnd < 2) continue;
      if (/[,;]/.test(s.slice(markerEnd, dot))) continue;
    }
    // A marker followed by nothing but punctuation is noise.
    if (markerEnd >= line.end && mk.kind !== 'chapter' && mk.kind !== 'section') continue;
    // Sequence sanity.
    let at = -1;
    for (let k = stack.length - 1; k >= 0; k--) {
      if (stack[k]!.kind === mk.kind) {
        at = k;
        break;
      }
    }
    if (tight && !(at >= 0 ? mk.ordinal === stack[at]!.ordinal + 1 : continuesAcrossSections(nodes, stack, mk, lastByKind.get(mk.kind) ?? -1))) continue;
    if (at >= 0) {
      const prev = stack[at]!.ordinal;
      if (mk.ordinal !== prev + 1) {
        // Tolerate one missing number (OCR drop) unless the missing one follows.
        if (mk.ordinal !== prev + 2) continue;
        const nx = nextSameKind[ci]!;
        if (nx >= 0 && cands[nx]!.mk.ordinal === prev + 1) continue;
      }
      stack.length = at;
    } else if (mk.ordinal !== 1 && !(nodes.length === 0 && (mk.kind === 'cn' || mk.kind === 'paren-cn' || mk.kind === 'chapter'))) {
      // (The very first heading may start later: an excerpt that begins at 二、 or （三）.)
      // A nested list must start at 1, except that articles (第N条) are numbered through a
      // whole regulation across chapters and sections.
      if (!(mk.kind === 'article' && lastArticle(nodes) + 1 === mk.ordinal) && !continuesAcrossSections(nodes, stack, mk, lastByKind.get(mk.kind) ?? -1))
        continue;
    }
    const parent = stack.length ? stack[stack.length - 1]!.index : -1;
    let tStart = markerEnd;
    const tEnd = titleSpan(v, tStart, line.end);
    let titleEnd = tEnd;
    while (titleEnd > tStart && /[\s。,，;；]/.test(s[titleEnd - 1]!)) titleEnd--;
    while (tStart < titleEnd && /\s/.test(s[tStart]!)) tStart++;
    const node: OutlineNode = {
      kind: mk.kind,
      ordinal: mk.ordinal,
      markerStart: line.start,
      markerEnd,
      titleEnd,
      marker: rawSlice(v, line.start, markerEnd),
      title: rawSlice(v, tStart, titleEnd),
      lineEnd: line.end,
      parent,
      depth: parent >= 0 ? nodes[parent]!.depth + 1 : 1,
    };
    stack.push({ kind: mk.kind, ordinal: mk.ordinal, index: nodes.length });
    lastByKind.set(mk.kind, nodes.length);
    nodes.push(node);
  }
  return nodes;
}

/**
 * Numbering that runs straight through the document: State Council documents number the second
 * level across sections (一、 holds （一）–（三）, 二、 goes on with （四）), and municipal plans
 * number their items 1.–45. straight through, directly under 一、 in one section and under （一）
 * in the next. A nested list may therefore start at N when the last heading of its kind was N−1
 * and sat under another heading: nesting follows the heading that is open now, not the kind.
 */
function continuesAcrossSections(nodes: readonly OutlineNode[], stack: readonly Open[], mk: { kind: MarkerKind; ordinal: number }, last: number): boolean {
  if (last < 0 || nodes[last]!.ordinal + 1 !== mk.ordinal) return false;
  const lastParent = nodes[last]!.parent;
  const openParent = stack.length ? stack[stack.length - 1]!.index : -1;
  if (lastParent < 0 || openParent < 0) return false;
  return lastParent !== openParent;
}

function lastArticle(nodes: readonly OutlineNode[]): number {
  for (let i = nodes.length - 1; i >= 0; i--) if (nodes[i]!.kind === 'article') return nodes[i]!.ordinal;
  return 0;
}

/** Display form of a marker for paths: full-width brackets/dots normalised to ASCII "(三)" "3.". */
export function pathMarker(kind: MarkerKind, marker: string): string {
  switch (kind) {
    case 'paren-cn':
    case 'paren-arabic':
      return marker.replace(/[（(]\s*/, '(').replace(/\s*[）)]/, ')');
    case 'arabic':
      return marker.replace(/[．.、]$/, '.').replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
    case 'cn':
      return marker.replace(/[．.]$/, '、');
    default:
      return marker;
  }
}
