/**
 * Lines → paragraphs: where a PDF's visual line ends a paragraph, and how two lines of one
 * paragraph join.
 *
 * Contract:
 * - `breaksBefore(prev, next, frame)`: false between two lines of a title (the same font, larger
 *   than the body's, no wider gap than a line's); otherwise true when `next` begins a new paragraph: `prev` ends short
 *   of the frame's right edge (by more than SHORT_EM font heights) or is set to the right (it
 *   starts more than three font heights in: a signature, a date) or is shorter than MIN_LINE_EM
 *   font heights (a menu's item), `next` begins with a heading
 *   number (一、 （一） 1. （1） ① 第一条 …) or is indented from the frame's left edge, the font
 *   size changes, or the gap between them is wider than the frame's usual line gap by more than
 *   half a line;
 * - `joiner(a, b)`: the text between the last line of a paragraph so far and the next one: a
 *   space between two Latin letters or digits, nothing otherwise (Chinese lines join directly;
 *   a space there would split a word, a unit or a date).
 * Why: the engine reads paragraphs (a measure's clauses, a unit list that wraps) as the web
 * page's text model gives them: one paragraph per line of text.
 */
import type { Line } from './lines';

const SHORT_EM = 2.5;
const INDENT_EM = 1;
const MIN_LINE_EM = 8;

const HEADING_RE =
  /^\s*(第[一二三四五六七八九十百零〇\d]+[章节条部分篇]|[一二三四五六七八九十]+[、．.]|[（(]\s*[一二三四五六七八九十\d]+\s*[)）]|\d{1,2}[.．、](?!\d)|[①-⑳]|附件|附表)/;

export interface Frame {
  left: number;
  right: number;
  /** The usual gap between two lines of this frame (the median). */
  lineGap: number;
  /** The body text's font height (the median line's). */
  bodySize: number;
}

/**
 * The frame of a region's text lines: its left edge, and its right edge as the line ends that
 * two or more lines reach (within a font height): a right edge only one line reaches is that
 * line's own length (a menu, a list of short items), not a margin, so no line there runs on.
 */
export function frameOf(lines: Line[]): Frame {
  // The left edge: where most lines start (a footer or a caption further left does not move it).
  const starts = lines.map((l) => [l.fragments[0]!.x0, l.size] as const).sort((a, b) => a[0] - b[0]);
  let left = starts[0]?.[0] ?? 0;
  let most = 0;
  for (let i = 0; i < starts.length; i++) {
    let n = 0;
    for (let k = i; k < starts.length && starts[k]![0] - starts[i]![0] <= 0.5 * starts[i]![1]; k++) n++;
    if (n > most) {
      most = n;
      left = starts[i]![0];
    }
  }
  const ends = lines.map((l) => [l.fragments[l.fragments.length - 1]!.x1, l.size] as const).sort((a, b) => b[0] - a[0]);
  let right = Infinity;
  for (let i = 1; i < ends.length; i++) {
    if (ends[i - 1]![0] - ends[i]![0] <= ends[i]![1]) {
      right = ends[i - 1]![0];
      break;
    }
  }
  const gaps: number[] = [];
  for (let i = 1; i < lines.length; i++) gaps.push(lines[i]!.top - lines[i - 1]!.bottom);
  gaps.sort((a, b) => a - b);
  const sizes = lines.map((l) => l.size).sort((a, b) => a - b);
  return { left, right, lineGap: gaps.length ? gaps[gaps.length >> 1]! : 0, bodySize: sizes[sizes.length >> 1] ?? 0 };
}

export function breaksBefore(prev: Line, next: Line, nextText: string, frame: Frame): boolean {
  const size = Math.max(prev.size, next.size);
  if (HEADING_RE.test(nextText)) return true;
  // A title in a larger font, wrapped (centred or not): its lines are one paragraph.
  const title = Math.abs(prev.size - next.size) <= 0.05 * size && prev.size >= 1.2 * frame.bodySize;
  if (title && next.page === prev.page && next.top - prev.bottom <= 0.8 * size) return false;
  const prevEnd = prev.fragments[prev.fragments.length - 1]!.x1;
  if (!Number.isFinite(frame.right) || prevEnd < frame.right - SHORT_EM * size) return true;
  // A line of a few characters (a menu's item) never runs on, however alike its neighbours' ends are.
  if (prevEnd - prev.fragments[0]!.x0 < MIN_LINE_EM * prev.size) return true;
  // A line set to the right (a signature, a date) is a paragraph of its own, long or short.
  if (prev.fragments[0]!.x0 > frame.left + 3 * prev.size) return true;
  if (HEADING_RE.test(nextText)) return true;
  if (next.fragments[0]!.x0 > frame.left + INDENT_EM * next.size) return true;
  if (Math.abs(prev.size - next.size) > 0.15 * size) return true;
  if (next.page === prev.page && next.top - prev.bottom > frame.lineGap + 0.5 * size) return true;
  return false;
}

export function joiner(a: string, b: string): string {
  return /[A-Za-z0-9]$/.test(a) && /^[A-Za-z0-9]/.test(b) ? ' ' : '';
}
