/**
 * The library as the library page reads it: every kept document with its last analysis and the
 * analyst's measure statuses, from the database in the extension's origin. Documents kept
 * before their analysis was recorded come without a model (the page says so).
 */
import type { DocumentRecord } from '../annotations/types';
import type { PolicyLensDb } from '../store';
import { listDocuments } from '../store/documents';
import type { LedgerDocument } from './ledger';

export interface LibraryContents {
  /** Kept documents with their analysis, newest first. */
  documents: LedgerDocument[];
  /** Kept documents with no analysis recorded yet. */
  unanalysed: DocumentRecord[];
}

export async function loadLibrary(db: PolicyLensDb): Promise<LibraryContents> {
  // three reads, not two per document: a library of hundreds opens in one pass
  const [docs, analyses, notes] = await db.transaction('r', [db.documents, db.analyses, db.measureNotes], () =>
    Promise.all([listDocuments(db), db.analyses.toArray(), db.measureNotes.toArray()]),
  );
  const models = new Map(analyses.map((a) => [a.docId, a.model]));
  const statusesOf = new Map<string, Record<string, string>>();
  for (const n of notes) if (n.status) (statusesOf.get(n.docId) ?? statusesOf.set(n.docId, {}).get(n.docId)!)[n.measureId] = n.status;
  docs.sort((a, b) => (b.modified > a.modified ? 1 : b.modified < a.modified ? -1 : 0));
  const documents: LedgerDocument[] = [];
  const unanalysed: DocumentRecord[] = [];
  for (const d of docs) {
    const model = models.get(d.id);
    if (!model) {
      unanalysed.push(d);
      continue;
    }
    documents.push({
      id: d.id,
      title: d.title || model.meta.title,
      docNumber: d.docNumber ?? model.meta.docNumber,
      issuer: d.issuer ?? model.meta.issuer,
      date: d.date ?? model.meta.date,
      model,
      statuses: statusesOf.get(d.id) ?? {},
      url: d.url,
    });
  }
  return { documents, unanalysed };
}
