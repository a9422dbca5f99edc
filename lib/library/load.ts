/**
 * The library as the library page reads it: every kept document with its last analysis and the
 * analyst's measure statuses, from the database in the extension's origin. Documents kept
 * before their analysis was recorded come without a model (the page says so).
 */
import type { DocumentRecord } from '../annotations/types';
import type { PolicyLensDb } from '../store';
import { getAnalysis, listMeasureNotes } from '../store/repo';
import { listDocuments } from '../store/documents';
import type { LedgerDocument } from './ledger';

export interface LibraryContents {
  /** Kept documents with their analysis, newest first. */
  documents: LedgerDocument[];
  /** Kept documents with no analysis recorded yet. */
  unanalysed: DocumentRecord[];
}

export async function loadLibrary(db: PolicyLensDb): Promise<LibraryContents> {
  const docs = (await listDocuments(db)).sort((a, b) => (b.modified > a.modified ? 1 : b.modified < a.modified ? -1 : 0));
  const documents: LedgerDocument[] = [];
  const unanalysed: DocumentRecord[] = [];
  for (const d of docs) {
    const model = await getAnalysis(db, d.id);
    if (!model) {
      unanalysed.push(d);
      continue;
    }
    const statuses: Record<string, string> = {};
    for (const n of await listMeasureNotes(db, d.id)) if (n.status) statuses[n.measureId] = n.status;
    documents.push({
      id: d.id,
      title: d.title || model.meta.title,
      docNumber: d.docNumber ?? model.meta.docNumber,
      issuer: d.issuer ?? model.meta.issuer,
      date: d.date ?? model.meta.date,
      model,
      statuses,
      url: d.url,
    });
  }
  return { documents, unanalysed };
}
