/**
 * Stage "schedule": the deadlines of the document, each placed in its measure, with dates
 * normalised against the document's anchors (lib/analysis/deadlines: the document date, the plan
 * year in its title, a programme's start year, the publication date, today).
 *
 * Three sources: the running text (the scanner skips 《book titles》, the signature, the title and
 * 文号 lines, plan-period titles and table cells), the task tables' 完成时限 cells, and labelled
 * fields in the text ("完成时限：2023年12月"), where a bare month is a deadline as in a cell.
 */
import type { AnalysisInput, Deadline } from './types';
import { parseFullDate } from './dates';
import { scanDeadlines, type DeadlineHit } from './deadlines';
import type { DeadlineContext } from './deadline-dates';
import { bookSpans, DEADLINE_ANCHORS } from './deadline-forms';
import { buildCharIndex, lastAtOrBefore, type Line } from './lines';
import type { EngineMeasure } from './measures';
import { TITLE_RE, type MetaResult } from './meta';
import { origAt, origEnd, rawSlice, type TextView } from './normalize';
import { matchMarker } from './outline';

type Hit = { h: DeadlineHit; m: number };

/** The year of an annual plan printed in its title ("2016年民生实事…", "2025年工作要点"), not a period. */
function planYearOf(title: string | null): number | null {
  if (!title) return null;
  if (/(?:19|20)\d{2}\s*[—\-–~～至到]\s*(?:19|20)?\d{2,4}/.test(title)) return null;
  const m = /((?:19|20)\d{2})年/.exec(title);
  return m ? Number(m[1]) : null;
}

const DEADLINE_LABEL_RE = /(?:完成时限|完成时间|时间节点|完成期限|时限要求)】?[:：]|【(?:完成时限|完成时间|时间节点|完成期限)】/g;

/** What relative and year-less dates are resolved against. */
function anchorsOf(s: string, metaRes: MetaResult, input: AnalysisInput): DeadlineContext {
  const pub = input.metaFields ? Object.entries(input.metaFields).find(([k]) => /发布日期|发布时间/.test(k.replace(/\s/g, '')))?.[1] : undefined;
  const programme = /((?:19|20)\d{2})年起(?:的)?(?:[一二两三四五六七八九十]{1,3}|\d{1,2})(?:年|个月)(?:以|之)?内/.exec(s);
  return {
    docDate: metaRes.meta.date,
    today: input.today ?? null,
    planYear: planYearOf(metaRes.meta.title),
    published: pub ? parseFullDate(pub) : null,
    programmeYear: programme ? Number(programme[1]) : null,
  };
}

/** Positions where the running text holds no deadline: book titles, table cells, the signature, title and 文号 lines. */
function skipTest(v: TextView, lines: readonly Line[], metaRes: MetaResult, inTable: (pos: number) => boolean): (pos: number) => boolean {
  const s = v.s;
  const books = bookSpans(s);
  const excluded: [number, number][] = [];
  if (metaRes.signature) excluded.push([metaRes.signature.start, metaRes.signature.end]);
  if (metaRes.titleSpan) excluded.push(metaRes.titleSpan);
  if (metaRes.docNumberSpan) excluded.push(metaRes.docNumberSpan);
  // A standalone title line ("XX实施方案（2024—2026年）", the plan printed after a 印发 notice)
  // carries the plan period as part of its name, not as a deadline.
  const inTitleLine = (pos: number): boolean => {
    const li = lastAtOrBefore(lines, pos, (l) => l.start);
    const line = li >= 0 ? lines[li]! : null;
    if (!line || line.tab || line.end - line.start > 100) return false;
    const t = s.slice(line.start, line.end);
    if (/[。,;:]/.test(t) || matchMarker(s, line.start, line.end)) return false;
    return TITLE_RE.test(t) || /(?:表|清单|目录)$/.test(t);
  };
  return (pos) => books(pos) || inTable(pos) || excluded.some(([a, b]) => pos >= a && pos < b) || inTitleLine(pos);
}

export function buildDeadlines(
  v: TextView,
  lines: readonly Line[],
  ms: readonly EngineMeasure[],
  metaRes: MetaResult,
  input: AnalysisInput,
  inTable: (pos: number) => boolean,
  innermost: (pos: number) => number,
): Deadline[] {
  const s = v.s;
  const ctx = anchorsOf(s, metaRes, input);
  const skip = skipTest(v, lines, metaRes, inTable);
  const hits: Hit[] = scanDeadlines(v, 0, s.length, 'text', ctx, skip, buildCharIndex(s, DEADLINE_ANCHORS)).map((h) => ({ h, m: innermost(h.start) }));
  // Task-table 完成时限 cells: bare months and years are deadlines there, in the plan's year.
  ms.forEach((m, mi) => {
    if (!m.row) return;
    for (const cell of m.row.item.deadlines) for (const h of scanDeadlines(v, cell.start, cell.end, 'cell', ctx)) hits.push({ h, m: mi });
  });
  hits.push(...labelledDeadlines(v, ctx, skip, innermost, hits));
  hits.sort((a, b) => a.h.start - b.h.start);
  return hits.map(({ h, m }) => {
    const d: Deadline = {
      text: rawSlice(v, h.start, h.end),
      date: h.date,
      kind: h.kind,
      measureId: m >= 0 ? ms[m]!.id : null,
      start: origAt(v, h.start),
      end: origEnd(v, h.end),
    };
    if (h.startDate !== undefined) d.startDate = h.startDate;
    if (h.anchor) d.anchor = h.anchor;
    return d;
  });
}

/** Labelled fields ("；完成时限：2023年12月", "【时间节点】2024年6月") not already read as deadlines. */
function labelledDeadlines(
  v: TextView,
  ctx: DeadlineContext,
  skip: (pos: number) => boolean,
  innermost: (pos: number) => number,
  found: readonly Hit[],
): Hit[] {
  const s = v.s;
  const starts = found.map((x) => x.h.start).sort((a, b) => a - b);
  const hitIn = (a: number, b: number) => {
    const i = lastAtOrBefore(starts, b - 1, (x) => x);
    return i >= 0 && starts[i]! >= a;
  };
  const out: Hit[] = [];
  for (const lm of s.matchAll(DEADLINE_LABEL_RE)) {
    const vs = lm.index + lm[0].length;
    let ve = vs;
    while (ve < s.length && ve - vs < 60 && !/[)）;；。\n]/.test(s[ve]!)) ve++;
    if (ve === vs || skip(vs) || hitIn(vs, ve)) continue;
    const mi = innermost(vs);
    for (const h of scanDeadlines(v, vs, ve, 'cell', ctx)) out.push({ h, m: mi });
  }
  return out;
}
