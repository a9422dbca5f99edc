/**
 * Typed messages between the extension's contexts, with runtime validation of everything
 * that arrives: a message is data from another context, not a trusted object.
 *
 * Web pages cannot reach these listeners (no externally_connectable, no window.postMessage
 * listener); the receivers still check the sender is this extension (see `isFromExtension`).
 */
import type { AnalysisInput, PolicyModel } from './analysis/types';
import type { Annotation, AnchorResult, DocumentRecord, MeasureNote } from './annotations/types';

export type PageStatus = 'analysing' | 'policy' | 'not-policy' | 'error';

export interface PageState {
  status: PageStatus;
  url: string;
  title: string;
  highlightCount: number;
  measures: number;
  /** Why the page was (not) recognised. */
  reasons: string[];
  error?: string;
}

export interface PageSnapshot {
  state: PageState;
  model: PolicyModel | null;
  /** Own text of each measure (up to its first child), for the side panel's search, keyed by measure id. */
  measureTexts: Record<string, string>;
  /** The analysed content text and its start offset in the text model. */
  content: { start: number; text: string };
  docId: string | null;
  orphans: { id: string; reason: string }[];
  currentMeasureId: string | null;
}

/** Content script → background. */
export type ToBackground =
  | { type: 'pl:pageState'; state: PageState }
  | { type: 'pl:docOpened'; url: string; title: string; docNumber: string | null; issuer: string | null; date: string | null; fingerprint: string }
  | { type: 'pl:listAnnotations'; docId: string }
  | { type: 'pl:putAnnotation'; annotation: Annotation }
  | { type: 'pl:deleteAnnotation'; id: string }
  | { type: 'pl:undoDelete' }
  | { type: 'pl:currentMeasure'; measureId: string | null }
  | { type: 'pl:getSettings' }
  /**
   * Run the analysis engine on a page's text model. The engine runs in the background, where it
   * stays compiled and warm between pages, off the page's main thread (issue 4): the content
   * script only extracts the text and paints.
   */
  | { type: 'pl:analyze'; input: AnalysisInput }
  /** From the side panel: which frame of the tab holds the document (policy frame first). */
  | { type: 'pl:getTabFrame'; tabId: number }
  /**
   * From the first-look script (entrypoints/first-look.ts): this frame shows signs of a
   * policy document (or holds a long article, or could not be looked at): inject the content
   * script into it. Pages without a sign never send anything.
   */
  | { type: 'pl:firstLook'; look: 'article' | 'signals' | 'unknown' };

/** Extension pages / background → content script (tabs.sendMessage). */
export type ToContent =
  | { type: 'pl:getState' }
  | { type: 'pl:getSnapshot' }
  | { type: 'pl:scrollTo'; measureId: string }
  | { type: 'pl:scrollToAnnotation'; id: string }
  | { type: 'pl:analyzeAnyway' }
  | { type: 'pl:annotationsChanged' }
  | { type: 'pl:reattach'; id: string };

/** Broadcasts the side panel listens to (runtime.sendMessage from background). */
export type ToPanel =
  | { type: 'pl:tabUpdated'; tabId: number }
  | { type: 'pl:currentMeasure'; tabId: number; measureId: string | null };

export type Message = ToBackground | ToContent | ToPanel;

const TYPES = new Set([
  'pl:pageState', 'pl:docOpened', 'pl:listAnnotations', 'pl:putAnnotation', 'pl:deleteAnnotation', 'pl:undoDelete',
  'pl:currentMeasure', 'pl:getSettings', 'pl:getState', 'pl:getSnapshot', 'pl:scrollTo', 'pl:scrollToAnnotation',
  'pl:analyzeAnyway', 'pl:annotationsChanged', 'pl:reattach', 'pl:tabUpdated', 'pl:getTabFrame', 'pl:analyze', 'pl:firstLook',
]);

/**
 * Longest text the background analyses for a page (UTF-16 units), even when the user forces it.
 * Chrome caps an extension message at 64 MiB of JSON; the answer runs to about 5 bytes of model
 * per character of text (1 MB for 200,000), so 8 million characters stay well under it.
 */
export const MAX_ANALYZE_CHARS = 8_000_000;

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isStr = (x: unknown, max = 100_000): x is string => typeof x === 'string' && x.length <= max;
const isStrOrNull = (x: unknown) => x === null || isStr(x);

function isAnnotation(a: unknown): a is Annotation {
  if (!isObj(a) || !isObj(a.target)) return false;
  const t = a.target;
  const q = t.quote, p = t.position;
  return (
    isStr(a.id, 100) && isStr(a.docId, 200) && isStr(a.note) && Array.isArray(a.tags) && a.tags.every((x) => isStr(x, 200)) &&
    isStr(a.color, 20) && isStr(a.created, 40) && isStr(a.modified, 40) && isStr(t.source, 4000) &&
    isObj(q) && q.type === 'TextQuoteSelector' && isStr(q.exact, 20_000) && isStr(q.prefix, 200) && isStr(q.suffix, 200) &&
    isObj(p) && p.type === 'TextPositionSelector' && Number.isInteger(p.start) && Number.isInteger(p.end) && (p.end as number) >= (p.start as number)
  );
}

const isRange = (r: unknown): r is [number, number] =>
  Array.isArray(r) && r.length === 2 && Number.isInteger(r[0]) && Number.isInteger(r[1]) && (r[0] as number) >= 0 && (r[1] as number) >= (r[0] as number);

/** An analysis request's input: bounded strings, a valid range inside the text, string-valued metadata. */
export function isAnalysisInput(x: unknown): x is AnalysisInput {
  if (!isObj(x) || !isStr(x.text, MAX_ANALYZE_CHARS)) return false;
  if (x.range !== undefined && !(isRange(x.range) && x.range[1] <= x.text.length)) return false;
  if (x.url !== undefined && !isStr(x.url, 4000)) return false;
  if (x.pageTitle !== undefined && !isStr(x.pageTitle, 4000)) return false;
  if (x.today !== undefined && !(isStr(x.today, 10) && /^\d{4}-\d{2}-\d{2}$/.test(x.today))) return false;
  if (x.metaFields !== undefined) {
    if (!isObj(x.metaFields)) return false;
    const entries = Object.entries(x.metaFields);
    if (entries.length > 200 || !entries.every(([k, v]) => k.length <= 200 && isStr(v, 4000))) return false;
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
          r.every((n: unknown, i: number) => Number.isInteger(n) && (n as number) >= -1 && (n as number) <= len && (i % 2 === 0 || (n as number) >= (r[i - 1] as number))),
      ),
  );
}

/** Validate the shape of an incoming message. Unknown or malformed → null (ignored). */
export function parseMessage(x: unknown): Message | null {
  if (!isObj(x) || typeof x.type !== 'string' || !TYPES.has(x.type)) return null;
  switch (x.type) {
    case 'pl:pageState': {
      const s = x.state;
      if (!isObj(s) || !isStr(s.status, 20) || !isStr(s.url, 4000) || !isStr(s.title, 2000) || typeof s.highlightCount !== 'number' || typeof s.measures !== 'number') return null;
      return x as Message;
    }
    case 'pl:docOpened':
      return isStr(x.url, 4000) && isStr(x.title, 2000) && isStrOrNull(x.docNumber) && isStrOrNull(x.issuer) && isStrOrNull(x.date) && isStr(x.fingerprint, 200) ? (x as Message) : null;
    case 'pl:listAnnotations':
      return isStr(x.docId, 200) ? (x as Message) : null;
    case 'pl:putAnnotation':
      return isAnnotation(x.annotation) ? (x as Message) : null;
    case 'pl:deleteAnnotation':
    case 'pl:scrollToAnnotation':
    case 'pl:reattach':
      return isStr(x.id, 100) ? (x as Message) : null;
    case 'pl:scrollTo':
      return isStr(x.measureId, 100) ? (x as Message) : null;
    case 'pl:currentMeasure':
      return x.measureId === null || isStr(x.measureId, 100) ? (x as Message) : null;
    case 'pl:analyze':
      return isAnalysisInput(x.input) ? (x as Message) : null;
    case 'pl:firstLook':
      return x.look === 'article' || x.look === 'signals' || x.look === 'unknown' ? (x as Message) : null;
    case 'pl:tabUpdated':
    case 'pl:getTabFrame':
      return Number.isInteger(x.tabId) ? (x as Message) : null;
    default:
      return x as Message;
  }
}

/** Minimal sender shape of runtime.onMessage (both browsers). */
export interface SenderLike {
  id?: string;
  url?: string;
  tab?: { id?: number; url?: string };
  frameId?: number;
}

/** True when the message comes from this extension (its pages or its content scripts). */
export function isFromExtension(sender: SenderLike, extensionId: string): boolean {
  return sender.id === extensionId;
}

export type { DocumentRecord, MeasureNote, AnchorResult };
