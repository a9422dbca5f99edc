/**
 * Shape checks of message data at the receiving gate: types and structure, nothing more. Limits
 * that keep a record storable are the store's (it clamps what can be clamped and validates with
 * the one schema, lib/schema); the engine's own input bounds are here because nothing behind the
 * gate clamps them.
 */
import type { AnalysisInput } from '../analysis/types';
import type { Annotation } from '../annotations/types';
import type { DocOpened, PageState } from './index';
import { MAX_ANALYZE_CHARS } from './index';

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isStr = (x: unknown, max = Infinity): x is string => typeof x === 'string' && x.length <= max;
const isStrOrNull = (x: unknown, max = Infinity) => x === null || isStr(x, max);
const isInt = (x: unknown): x is number => Number.isInteger(x);

export const isNothing = (x: unknown) => x === undefined || x === null;
export const hasId = (x: unknown) => isObj(x) && isStr(x.id, 200) && x.id.length > 0;
export const hasTabId = (x: unknown) => isObj(x) && isInt(x.tabId) && (x.tabId as number) >= 0;
export const hasTabFrame = (x: unknown) => hasTabId(x) && isInt((x as { frameId: unknown }).frameId) && (x as { frameId: number }).frameId >= 0;
export const hasMeasureId = (x: unknown) => isObj(x) && isStr(x.measureId, 200);
export const hasNullableMeasureId = (x: unknown) => isObj(x) && (x.measureId === null || isStr(x.measureId, 200));
export const hasToken = (x: unknown) => isObj(x) && isStr(x.token, 100) && /^[0-9a-f]{32}$/.test(x.token);
export const hasAnnotation = (x: unknown) => isObj(x) && isAnnotationShape(x.annotation);
/** A note frame's save: its token and the three fields it edits (the store clamps their lengths). */
export const isNoteSave = (x: unknown) =>
  hasToken(x) && isObj(x) && isStr(x.color, 20) && isStr(x.note) && Array.isArray(x.tags) && x.tags.every((t) => isStr(t));
export const hasNoteClosed = (x: unknown) => hasId(x) && typeof (x as { saved?: unknown }).saved === 'boolean';
/** A frame's text model to anchor on (bounded as the engine's input is). */
export const hasText = (x: unknown) => isObj(x) && isStr(x.text, MAX_ANALYZE_CHARS);
export const hasDocId = (x: unknown) => isObj(x) && isStr(x.docId, 200) && x.docId.length > 0;

export function isPageState(s: unknown): s is PageState {
  return (
    isObj(s) &&
    (s.status === 'analysing' || s.status === 'policy' || s.status === 'not-policy' || s.status === 'error' || s.status === 'empty') &&
    isStr(s.url) &&
    isStr(s.title) &&
    typeof s.highlightCount === 'number' &&
    typeof s.measures === 'number' &&
    Array.isArray(s.reasons) &&
    s.reasons.every((r) => isStr(r)) &&
    (s.error === undefined || isStr(s.error)) &&
    (s.notice === undefined || isStr(s.notice))
  );
}

export function isDocOpened(d: unknown): d is DocOpened {
  return isObj(d) && isStr(d.title) && isStrOrNull(d.docNumber) && isStrOrNull(d.issuer) && isStrOrNull(d.date) && isStr(d.content, MAX_ANALYZE_CHARS);
}

/** The structure of an annotation (the store clamps over-long parts and validates the rest). */
export function isAnnotationShape(a: unknown): a is Annotation {
  if (!isObj(a) || !isObj(a.target)) return false;
  const t = a.target;
  const q = t.quote,
    p = t.position;
  return (
    isStr(a.id) &&
    isStr(a.docId) &&
    isStr(a.note) &&
    Array.isArray(a.tags) &&
    a.tags.every((x) => isStr(x)) &&
    isStr(a.color) &&
    isStr(a.created) &&
    isStr(a.modified) &&
    isStr(t.source) &&
    (t.measureId === undefined || isStrOrNull(t.measureId)) &&
    (t.measurePath === undefined || isStrOrNull(t.measurePath)) &&
    isObj(q) &&
    q.type === 'TextQuoteSelector' &&
    isStr(q.exact) &&
    isStr(q.prefix) &&
    isStr(q.suffix) &&
    isObj(p) &&
    p.type === 'TextPositionSelector' &&
    isInt(p.start) &&
    isInt(p.end) &&
    (p.end as number) >= (p.start as number) &&
    (p.start as number) >= 0 &&
    (a.deleted === undefined || typeof a.deleted === 'boolean')
  );
}

const isRange = (r: unknown): r is [number, number] =>
  Array.isArray(r) && r.length === 2 && isInt(r[0]) && isInt(r[1]) && (r[0] as number) >= 0 && (r[1] as number) >= (r[0] as number);

/** An analysis request's input: bounded text, a valid range inside it, string-valued metadata. */
export function isAnalysisInput(x: unknown): x is AnalysisInput {
  if (!isObj(x) || !isStr(x.text, MAX_ANALYZE_CHARS)) return false;
  if (x.range !== undefined && !(isRange(x.range) && x.range[1] <= x.text.length)) return false;
  if (x.url !== undefined && !isStr(x.url, 100_000)) return false;
  if (x.pageTitle !== undefined && !isStr(x.pageTitle, 100_000)) return false;
  if (x.today !== undefined && !(isStr(x.today, 10) && /^\d{4}-\d{2}-\d{2}$/.test(x.today))) return false;
  if (x.metaFields !== undefined) {
    if (!isObj(x.metaFields)) return false;
    const entries = Object.entries(x.metaFields);
    if (entries.length > 200 || !entries.every(([k, v]) => k.length <= 200 && isStr(v, 100_000))) return false;
  }
  if (x.force !== undefined && typeof x.force !== 'boolean') return false;
  if (x.tables !== undefined && !areTables(x.tables, x.text.length)) return false;
  return true;
}

/** Data-table grids: at most 500 tables, 5,000 rows each, 64 columns, spans inside the text (or -1, -1). */
function areTables(t: unknown, len: number): boolean {
  if (!Array.isArray(t) || t.length > 500) return false;
  return t.every(
    (tb) =>
      isObj(tb) &&
      Array.isArray(tb.rows) &&
      tb.rows.length <= 5000 &&
      tb.rows.every(
        (r: unknown) =>
          Array.isArray(r) &&
          r.length <= 128 &&
          r.length % 2 === 0 &&
          r.every((n: unknown, i: number) => isInt(n) && n >= -1 && n <= len && (i % 2 === 0 || n >= (r[i - 1] as number))),
      ),
  );
}
