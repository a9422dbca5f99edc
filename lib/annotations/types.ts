/** User annotations, as stored (lib/store) and exchanged (lib/protocol, lib/export). */

export interface TextQuoteSelector {
  type: 'TextQuoteSelector';
  exact: string;
  prefix: string;
  suffix: string;
}

/** UTF-16 offsets into the text model's text (converted to code points only in W3C export). */
export interface TextPositionSelector {
  type: 'TextPositionSelector';
  start: number;
  end: number;
}

interface AnnotationTarget {
  /** Canonical URL of the document (no hash, tracking params removed). */
  source: string;
  quote: TextQuoteSelector;
  position: TextPositionSelector;
  /** Measure id ("2.3.1") and path ("二、(三) 3.") the selection was in, when known. */
  measureId?: string | null;
  measurePath?: string | null;
}

/**
 * The highlight colours a user annotation can have, in the order the toolbar offers them and
 * the page paints them. The one list: the store's schema (schema/records.schema.json#/$defs/color)
 * is checked equal to it by a unit test, and import, export and the page import it from here.
 */
export const HIGHLIGHT_COLORS = ['yellow', 'green', 'blue', 'pink', 'purple'] as const;

export type HighlightColor = (typeof HIGHLIGHT_COLORS)[number];

/** The colour an annotation gets when none (or an unknown one) is given. */
export const DEFAULT_HIGHLIGHT_COLOR: HighlightColor = 'yellow';

export function isHighlightColor(v: unknown): v is HighlightColor {
  return (HIGHLIGHT_COLORS as readonly unknown[]).includes(v);
}

export interface Annotation {
  /** UUID (crypto.randomUUID). */
  id: string;
  /** Document id (see DocumentRecord.id). */
  docId: string;
  target: AnnotationTarget;
  color: HighlightColor;
  note: string;
  tags: string[];
  /** ISO 8601 timestamps. */
  created: string;
  modified: string;
  /** Soft delete for undo; purged later. */
  deleted?: boolean;
}

/**
 * The statuses a user can give a measure, in the order the outline offers them; a measure note
 * without one has status null. The one list: schema/records.schema.json#/$defs/measureStatus
 * is checked equal to it (plus null) by a unit test.
 */
export const MEASURE_STATUSES = ['未开始', '推进中', '已完成', '关注'] as const;

export type MeasureStatus = (typeof MEASURE_STATUSES)[number];

/** The status that means a measure is done: no longer overdue, counted as progress. */
export const DONE_STATUS: MeasureStatus = '已完成';

export function isMeasureStatus(v: unknown): v is MeasureStatus {
  return (MEASURE_STATUSES as readonly unknown[]).includes(v);
}

export interface MeasureNote {
  /** `${docId}#${measureId}` */
  id: string;
  docId: string;
  measureId: string;
  measurePath: string;
  status: MeasureStatus | null;
  note: string;
  created: string;
  modified: string;
}

/**
 * A document the user kept (annotated it, or added it to the library) — not every page visited.
 * Shape v3 (schema/records.schema.json#/$defs/documentRecord). The same document is the same
 * canonical URL (`url` or one of `urls`), or the same site and SHA-256 of its normalised text
 * (one of `hashes`); the SimHash only suggests near copies.
 */
export interface DocumentRecord {
  /** "doc-" + a random UUID (records from before v3 keep their SimHash-derived id). */
  id: string;
  /** The canonical URL the document was first kept at. */
  url: string;
  /** Other canonical URLs of the document, the most recent last (at most 50). */
  urls: string[];
  /** Lower-cased host of `url`. */
  site: string;
  /** "host sha256hex" of the normalised content text per site and version seen, the most recent last (at most 20). */
  hashes: string[];
  /** SimHash of the last text seen (lib/anchoring/fingerprint), for near-match suggestions; null for short or unknown text. */
  simhash: string | null;
  title: string;
  docNumber: string | null;
  issuer: string | null;
  date: string | null;
  created: string;
  modified: string;
}

/** Result of re-attaching one annotation on a page. */
export type AnchorResult =
  { status: 'anchored'; start: number; end: number; method: 'position' | 'quote' | 'fuzzy'; errors?: number } | { status: 'orphan'; reason: string };

/** A kept document whose text is nearly the same as a page's (SimHash within 3 bits): offered to the user, never merged. */
export interface NearMatch {
  id: string;
  title: string;
  docNumber: string | null;
  site: string;
  /** Hamming distance of the SimHashes (0–3). */
  distance: number;
}
