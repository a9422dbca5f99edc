/**
 * Outline filters. Criteria combine with AND; the tree shows the matching measures plus their
 * ancestors (so the context of a match stays visible).
 *
 * - unit: by identity key (canonical name when known, so 发展改革委 and 国家发展改革委 are one);
 *   `unitRole: 'lead'` keeps measures the unit leads. Units are the measure's effective units
 *   (its own clause, or the nearest ancestor's), so filtering by 工业和信息化部 keeps (二) and
 *   its items 1.–4. that fall under (二)'s clause.
 * - year: a dated deadline of the measure falls in that year (periods: any year they span).
 * - due: 'overdue' = a by/period/relative deadline before today (measures marked 已完成 are not
 *   overdue); 'within' = a dated deadline from today to today + withinDays.
 * - area: the measure's action area (own or inherited from its heading).
 * - query: whitespace-separated terms, all must occur (compared by searchKey, lib/text/search) in marker + title + path + key terms + area names + the measure's own text
 *   when the caller supplies measure texts (ReadyState.measureTexts; whole spans are cut at the
 *   first child).
 */
import { DONE_STATUS } from '../annotations/types';
import type { MeasureStatus } from '../annotations/types';
import { ancestorsOf, type ViewIndex } from './model-index';
import { daysBetween, isIsoDate, isPastDeadline, yearOf } from './dates';
import { searchKey } from '../text/search';

export interface FilterSpec {
  unit?: string | null;
  unitRole?: 'lead' | 'any';
  year?: number | null;
  due?: 'overdue' | 'within' | null;
  /** For due = 'within'; default 30. */
  withinDays?: number;
  area?: string | null;
  query?: string;
}

export interface FilterContext {
  today: string;
  measureTexts?: Record<string, string>;
  statuses?: ReadonlyMap<string, MeasureStatus | null>;
}

export interface FilterResult {
  /** False when the spec has no criterion: everything is visible. */
  active: boolean;
  matched: Set<string>;
  /** matched ∪ their ancestors. */
  visible: Set<string>;
}

export const EMPTY_FILTER: FilterSpec = { unit: null, unitRole: 'any', year: null, due: null, withinDays: 30, area: null, query: '' };

export function isFilterActive(spec: FilterSpec): boolean {
  return Boolean(spec.unit || spec.year != null || spec.due || spec.area || (spec.query && spec.query.trim()));
}

const haystackCache = new WeakMap<ViewIndex, Map<string, string>>();
const textsSeen = new WeakMap<ViewIndex, Record<string, string> | undefined>();

function haystack(index: ViewIndex, id: string, texts?: Record<string, string>): string {
  if (textsSeen.get(index) !== texts || !haystackCache.has(index)) {
    haystackCache.set(index, new Map());
    textsSeen.set(index, texts);
  }
  const cache = haystackCache.get(index)!;
  let h = cache.get(id);
  if (h === undefined) {
    const n = index.nodes.get(id)!;
    const m = n.measure;
    h = searchKey([m.marker, m.title, m.path, ...m.keyTerms, ...n.effectiveAreas, ownText(index, id, texts?.[id] ?? '')].join('\u0001'));
    cache.set(id, h);
  }
  return h;
}

/**
 * The measure's own text. Callers may pass either own texts (measureOwnTexts) or whole spans
 * (text.slice(start, end), children included); a whole span is cut at the first child so a hit
 * inside item 2. does not also make its section a match.
 */
function ownText(index: ViewIndex, id: string, text: string): string {
  const n = index.nodes.get(id)!;
  const first = n.children[0] ? index.nodes.get(n.children[0]) : undefined;
  if (!first || text.length !== n.measure.end - n.measure.start) return text;
  const cut = first.measure.start - n.measure.start;
  return cut > 0 && cut < text.length ? text.slice(0, cut) : text;
}

function matchesOne(index: ViewIndex, id: string, spec: FilterSpec, ctx: FilterContext, terms: string[]): boolean {
  const n = index.nodes.get(id)!;
  if (spec.unit) {
    const u = n.units.find((x) => x.key === spec.unit);
    if (!u || (spec.unitRole === 'lead' && u.role !== 'lead')) return false;
  }
  if (spec.area && !n.effectiveAreas.includes(spec.area)) return false;
  if (spec.year != null) {
    const y = spec.year;
    const hit = n.deadlines.some((d) => {
      if (!isIsoDate(d.date)) return false;
      const end = yearOf(d.date);
      const start = isIsoDate(d.startDate) ? yearOf(d.startDate) : end;
      return y >= Math.min(start, end) && y <= Math.max(start, end);
    });
    if (!hit) return false;
  }
  if (spec.due === 'overdue') {
    if (ctx.statuses?.get(id) === DONE_STATUS) return false;
    const hit = n.deadlines.some((d) => isPastDeadline(d, ctx.today));
    if (!hit) return false;
  } else if (spec.due === 'within') {
    const days = spec.withinDays ?? 30;
    const hit = n.deadlines.some((d) => {
      if (!isIsoDate(d.date) || d.kind === 'recurring' || d.kind === 'ongoing') return false;
      const diff = daysBetween(ctx.today, d.date);
      return diff >= 0 && diff <= days;
    });
    if (!hit) return false;
  }
  if (terms.length) {
    const h = haystack(index, id, ctx.measureTexts);
    if (!terms.every((t) => h.includes(t))) return false;
  }
  return true;
}

export function filterMeasures(index: ViewIndex, spec: FilterSpec, ctx: FilterContext): FilterResult {
  if (!isIsoDate(ctx.today)) throw new Error(`filterMeasures: today must be YYYY-MM-DD, got ${JSON.stringify(ctx.today)}`);
  const all = new Set(index.measures.map((m) => m.id));
  if (!isFilterActive(spec)) return { active: false, matched: all, visible: all };
  const terms = (spec.query ?? '').split(/\s+/).map(searchKey).filter(Boolean);
  const matched = new Set<string>();
  for (const m of index.measures) if (matchesOne(index, m.id, spec, ctx, terms)) matched.add(m.id);
  const visible = new Set(matched);
  for (const id of matched) {
    for (const a of ancestorsOf(index, id)) {
      if (visible.has(a)) break;
      visible.add(a);
    }
  }
  return { active: true, matched, visible };
}
