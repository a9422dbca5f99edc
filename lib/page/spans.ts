/**
 * Analysis model → highlight spans per page highlight name. Pure: the painter (lib/highlight)
 * paints what this returns; the side panel legend and the page agree through the names.
 */
import type { PolicyModel } from '../analysis/types';
import type { Settings } from '../settings';
import { isPastDeadline } from '../view/dates';

export interface HighlightSpan {
  start: number;
  end: number;
  /** What the span stands for, for the detail card: "area:2.1", "unit:<assignment index>:<mention index>", "deadline:<index>", "cite:<index>". */
  key: string;
}

export type AnalysisHighlightName = 'pl-area' | 'pl-lead' | 'pl-co' | 'pl-deadline' | 'pl-deadline-past' | 'pl-cite';

/**
 * The span to paint for an action area: its name in the heading (after the marker, without the
 * closing 。), not the whole measure — the measure's body is the analyst's reading text.
 */
export function areaNameSpan(model: PolicyModel, area: PolicyModel['actionAreas'][number], text?: string): { start: number; end: number } {
  const m = model.measures.find((x) => x.id === area.measureId);
  if (!m) return { start: area.start, end: area.end };
  let start = Math.min(m.headStart + m.marker.length, m.headEnd);
  let end = m.headEnd;
  if (text) {
    while (start < end && /\s/.test(text[start]!)) start++;
    while (end > start && /[\s。．.：:；;]/.test(text[end - 1]!)) end--;
  }
  return end > start ? { start, end } : { start: m.headStart, end: m.headEnd };
}

export function analysisSpans(model: PolicyModel, today: string, text?: string): Record<AnalysisHighlightName, HighlightSpan[]> {
  const out: Record<AnalysisHighlightName, HighlightSpan[]> = {
    'pl-area': [],
    'pl-lead': [],
    'pl-co': [],
    'pl-deadline': [],
    'pl-deadline-past': [],
    'pl-cite': [],
  };
  if (!model.isPolicy && model.measures.length === 0) return out;
  model.actionAreas.forEach((a, i) => out['pl-area'].push({ ...areaNameSpan(model, a, text), key: `area:${i}` }));
  model.assignments.forEach((as, i) => {
    if (as.inherited) return; // painted where it is written
    as.mentions.forEach((m, j) => {
      out[m.role === 'lead' ? 'pl-lead' : 'pl-co'].push({ start: m.start, end: m.end, key: `unit:${i}:${j}` });
    });
  });
  model.deadlines.forEach((d, i) => {
    const past = isPastDeadline(d, today);
    out[past ? 'pl-deadline-past' : 'pl-deadline'].push({ start: d.start, end: d.end, key: `deadline:${i}` });
  });
  (model.citations ?? []).forEach((c, i) => out['pl-cite'].push({ start: c.start, end: c.end, key: `cite:${i}` }));
  for (const k of Object.keys(out) as AnalysisHighlightName[]) out[k].sort((a, b) => a.start - b.start || a.end - b.end);
  return out;
}

/** Which highlight names are shown under the user's settings. */
export function visibleNames(s: Settings): Record<AnalysisHighlightName, boolean> {
  const on = (c: keyof Settings['categories']) => s.master && s.categories[c];
  return {
    'pl-area': on('area'),
    'pl-lead': on('lead'),
    'pl-co': on('co'),
    'pl-deadline': on('deadline'),
    'pl-deadline-past': on('deadline'),
    'pl-cite': on('cite'),
  };
}

const byIdCache = new WeakMap<PolicyModel, Map<string, PolicyModel['measures'][number]>>();
const byStartCache = new WeakMap<PolicyModel, PolicyModel['measures']>();

/**
 * The innermost measure containing an offset. Measures come in tree order, which is text order
 * except where a page printed a table's section headings before the table: search them by start.
 */
export function measureAt(model: PolicyModel, offset: number): PolicyModel['measures'][number] | null {
  let best: PolicyModel['measures'][number] | null = null;
  // Binary search the last measure starting at or before offset, then walk up its ancestors.
  let ms = byStartCache.get(model);
  if (!ms) byStartCache.set(model, (ms = model.measures.slice().sort((a, b) => a.start - b.start || a.level - b.level)));
  let lo = 0,
    hi = ms.length - 1,
    idx = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ms[mid]!.start <= offset) {
      idx = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (idx < 0) return null;
  let byId = byIdCache.get(model);
  if (!byId) byIdCache.set(model, (byId = new Map(ms.map((m) => [m.id, m]))));
  let m: PolicyModel['measures'][number] | undefined = ms[idx];
  while (m) {
    if (offset < m.end) {
      best = m;
      break;
    }
    m = m.parentId ? byId.get(m.parentId) : undefined;
  }
  return best;
}
