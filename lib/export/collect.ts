/**
 * Reads the store and builds exports (used by the background / side panel).
 * `exportedState(db)` is the canonical content of a database as an export sees it (every
 * record, soft-deleted annotations included, without the export's timestamp): two databases
 * hold the same user data exactly when their exported states are equal (round-trip tests).
 */
import type { PolicyModel } from '../analysis/types';
import type { PolicyLensDb } from '../store/db';
import { getAnalysis, listAllAnnotations, listAnnotations, listMeasureNotes } from '../store/repo';
import { listDocuments } from '../store/documents';
import { buildExport, type ExportEnvelope } from './json';

export type ExportedState = Omit<ExportEnvelope, 'exported'>;
import type { DocumentBundle } from './ledger';

export async function exportAll(
  db: PolicyLensDb,
  opts: { extensionVersion: string; now: Date | string; docIds?: string[]; includeDeleted?: boolean; texts?: Record<string, string | undefined> },
): Promise<ExportEnvelope> {
  let documents = await listDocuments(db);
  if (opts.docIds) documents = documents.filter((d) => opts.docIds!.includes(d.id));
  const analyses: Record<string, PolicyModel | undefined> = {};
  for (const d of documents) analyses[d.id] = await getAnalysis(db, d.id);
  const annotations = await listAllAnnotations(db, { includeDeleted: opts.includeDeleted });
  const measureNotes = await db.measureNotes.toArray();
  return buildExport({
    documents,
    analyses,
    annotations,
    measureNotes,
    extensionVersion: opts.extensionVersion,
    now: opts.now,
    texts: opts.texts,
    includeDeleted: opts.includeDeleted,
  });
}

/** Everything the CSV/Markdown/ICS writers need for one document; null when it has no analysis. */
export async function loadBundle(db: PolicyLensDb, docId: string, text?: string): Promise<DocumentBundle | null> {
  const document = await db.documents.get(docId);
  const analysis = await getAnalysis(db, docId);
  if (!document || !analysis) return null;
  const annotations = await listAnnotations(db, docId);
  const measureNotes = await listMeasureNotes(db, docId);
  return { document, analysis, annotations, measureNotes, ...(text !== undefined ? { text } : {}) };
}

/** The canonical exported state of a database: exportAll of everything, without `exported`. */
export async function exportedState(db: PolicyLensDb, opts: { extensionVersion?: string } = {}): Promise<ExportedState> {
  const { exported: _e, ...state } = await exportAll(db, {
    extensionVersion: opts.extensionVersion ?? '0',
    now: '1970-01-01T00:00:00.000Z',
    includeDeleted: true,
  });
  return state;
}
