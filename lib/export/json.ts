/**
 * The JSON export (schema/export.schema.json): an envelope of documents, each with its record
 * (records.schema.json shape v3), analysis, W3C annotations and measure notes.
 * Version 2: document records with site, hashes and simhash (version 1 had a `fingerprint`).
 */
import type { Annotation, DocumentRecord, MeasureNote } from '../annotations/types';
import type { PolicyModel } from '../analysis/types';
import { toW3C, type W3CAnnotation } from './w3c';

export const EXPORT_FORMAT = 'policy-lens-export';
export const EXPORT_VERSION = 2;

interface ExportedDocument {
  document: DocumentRecord;
  analysis: PolicyModel | null;
  annotations: W3CAnnotation[];
  measureNotes: MeasureNote[];
}

export interface ExportEnvelope {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exported: string;
  extensionVersion: string;
  documents: ExportedDocument[];
}

export interface BuildExportInput {
  documents: DocumentRecord[];
  analyses: Record<string, PolicyModel | undefined>;
  annotations: Annotation[];
  measureNotes: MeasureNote[];
  extensionVersion: string;
  now: Date | string;
  /** Document texts by docId, for exact code-point TextPositionSelectors (optional). */
  texts?: Record<string, string | undefined>;
  /** Include soft-deleted annotations (default false). */
  includeDeleted?: boolean;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function measureOrder(a: string, b: string): number {
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = Number(x);
    const ny = Number(y);
    const d = Number.isNaN(nx) || Number.isNaN(ny) ? cmp(x, y) : nx - ny;
    if (d) return d;
  }
  return 0;
}

/**
 * Builds the export object. Deterministic: documents by id, annotations in document order,
 * measure notes in measure order — the same data always gives the same JSON.
 * Annotations and notes whose document is not in `documents` are left out.
 */
export function buildExport(input: BuildExportInput): ExportEnvelope {
  const exported = typeof input.now === 'string' ? input.now : input.now.toISOString();
  const docs = [...input.documents].sort((a, b) => cmp(a.id, b.id));
  const byDoc = new Map<string, ExportedDocument>();
  for (const d of docs) {
    byDoc.set(d.id, {
      document: { ...d, urls: [...(d.urls ?? [])], hashes: [...(d.hashes ?? [])] },
      analysis: input.analyses[d.id] ?? null,
      annotations: [],
      measureNotes: [],
    });
  }
  const anns = input.annotations
    .filter((a) => byDoc.has(a.docId) && (input.includeDeleted || !a.deleted))
    .sort(
      (a, b) => cmp(a.docId, b.docId) || a.target.position.start - b.target.position.start || a.target.position.end - b.target.position.end || cmp(a.id, b.id),
    );
  for (const a of anns) byDoc.get(a.docId)!.annotations.push(toW3C(a, input.texts?.[a.docId]));
  const notes = input.measureNotes.filter((n) => byDoc.has(n.docId)).sort((a, b) => cmp(a.docId, b.docId) || measureOrder(a.measureId, b.measureId));
  for (const n of notes) byDoc.get(n.docId)!.measureNotes.push({ ...n });
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exported,
    extensionVersion: input.extensionVersion,
    documents: [...byDoc.values()],
  };
}

export function serializeExport(env: ExportEnvelope): string {
  return `${JSON.stringify(env, null, 2)}\n`;
}
