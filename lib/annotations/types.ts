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

export interface AnnotationTarget {
  /** Canonical URL of the document (no hash, tracking params removed). */
  source: string;
  quote: TextQuoteSelector;
  position: TextPositionSelector;
  /** Measure id ("2.3.1") and path ("二、(三) 3.") the selection was in, when known. */
  measureId?: string | null;
  measurePath?: string | null;
}

export type HighlightColor = 'yellow' | 'green' | 'blue' | 'pink' | 'purple';

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

export type MeasureStatus = '未开始' | '推进中' | '已完成' | '关注';

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

export interface DocumentRecord {
  /** Stable id: derived from the text fingerprint, so the same document at another URL maps here. */
  id: string;
  url: string;
  /** Other URLs this document was seen at. */
  urls: string[];
  title: string;
  docNumber: string | null;
  issuer: string | null;
  date: string | null;
  /** Fingerprint of the normalized content text (see lib/anchoring/fingerprint). */
  fingerprint: string;
  created: string;
  modified: string;
}

/** Result of re-attaching one annotation on a page. */
export type AnchorResult =
  | { status: 'anchored'; start: number; end: number; method: 'position' | 'quote' | 'fuzzy'; errors?: number }
  | { status: 'orphan'; reason: string };
