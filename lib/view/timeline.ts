/**
 * Deadline timeline relative to today:
 *   past      dated deadlines before today (ascending)
 *   upcoming  dated deadlines today or later (ascending)
 *   recurring 每年/每季度… (kind 'recurring'), in document order
 *   ongoing   长期/持续推进 (kind 'ongoing'), in document order
 *   undated   relative or unparsed ones without a date ("三年内" with no base date …)
 * Each item carries its measure and the measure's effective lead units.
 */
import type { Deadline } from '../analysis/types';
import { leadLabels, type ViewIndex } from './model-index';
import { daysBetween, isIsoDate } from './dates';

export interface TimelineItem {
  deadline: Deadline;
  measureId: string | null;
  measurePath: string;
  measureTitle: string;
  lead: string[];
  date: string | null;
  /** date − today in days (negative = past); null when undated. */
  days: number | null;
}

export interface Timeline {
  past: TimelineItem[];
  upcoming: TimelineItem[];
  recurring: TimelineItem[];
  ongoing: TimelineItem[];
  undated: TimelineItem[];
}

export function buildTimeline(index: ViewIndex, today: string): Timeline {
  if (!isIsoDate(today)) throw new Error(`buildTimeline: today must be YYYY-MM-DD, got ${JSON.stringify(today)}`);
  const t: Timeline = { past: [], upcoming: [], recurring: [], ongoing: [], undated: [] };
  const deadlines = [...index.model.deadlines].sort((a, b) => a.start - b.start);
  for (const d of deadlines) {
    const node = d.measureId ? index.nodes.get(d.measureId) : undefined;
    const date = isIsoDate(d.date) ? d.date : null;
    const item: TimelineItem = {
      deadline: d,
      measureId: node ? node.measure.id : null,
      measurePath: node?.measure.path ?? '',
      measureTitle: node?.measure.title ?? '',
      lead: leadLabels(index, node ? node.measure.id : null),
      date,
      days: date ? daysBetween(today, date) : null,
    };
    if (d.kind === 'recurring') t.recurring.push(item);
    else if (d.kind === 'ongoing') t.ongoing.push(item);
    else if (!date) t.undated.push(item);
    else if (date < today) t.past.push(item);
    else t.upcoming.push(item);
  }
  const byDate = (a: TimelineItem, b: TimelineItem) => (a.date! < b.date! ? -1 : a.date! > b.date! ? 1 : 0) || a.deadline.start - b.deadline.start;
  t.past.sort(byDate);
  t.upcoming.sort(byDate);
  return t;
}
