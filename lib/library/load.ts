/**
 * The library as the library page reads it: every kept document with its library entry (the
 * compact form of its last analysis, lib/library/entry) and the analyst's measure statuses, from
 * the database in the extension's origin. Documents kept before their analysis was recorded come
 * without one (the page says so).
 *
 * One read of the small tables and of the analyses' keys (docId + recorded stamp) tells which
 * entries are missing or older than their analysis (a new analysis, an import, a database an
 * older version wrote): only those analyses are read, and their entries written back, so a
 * library opens from its entries however it was filled.
 */
import type { DocumentRecord } from '../annotations/types';
import type { PolicyLensDb } from '../store';
import { listDocuments } from '../store/documents';
import { ENTRY_SHAPE, libraryEntry, type LibraryEntry } from './entry';
import type { LedgerDocument } from './ledger';

export interface LibraryContents {
  /** Kept documents with their analysis, newest first. */
  documents: LedgerDocument[];
  /** Kept documents with no analysis recorded yet. */
  unanalysed: DocumentRecord[];
}

/** The analyses' stamps and the stored entries, read beside the documents (two transactions at once). */
function readEntries(db: PolicyLensDb): Promise<[[string, string][], LibraryEntry[]]> {
  return db.transaction('r', [db.analyses, db.libraryIndex], () =>
    Promise.all([db.analyses.orderBy('[docId+recorded]').keys() as unknown as Promise<[string, string][]>, db.libraryIndex.toArray()]),
  );
}

async function entries(db: PolicyLensDb, docIds: Set<string>, [stamps, stored]: [[string, string][], LibraryEntry[]]): Promise<Map<string, LibraryEntry>> {
  const byDoc = new Map(stored.map((e) => [e.docId, e]));
  const current = (id: string, recorded: string) => {
    const e = byDoc.get(id);
    return e?.recorded === recorded && e.shape === ENTRY_SHAPE;
  };
  const stale = stamps.filter(([id, recorded]) => docIds.has(id) && !current(id, recorded)).map(([id]) => id);
  const orphans = stored.filter((e) => !docIds.has(e.docId)).map((e) => e.docId);
  if (stale.length || orphans.length) {
    const analyses = await db.analyses.bulkGet(stale);
    const fresh = analyses.flatMap((a) => (a ? [libraryEntry(a.docId, a.recorded, a.model)] : []));
    for (const e of fresh) byDoc.set(e.docId, e);
    // a read-only page still opens when the write fails (quota, a closing database): the entries are rebuilt next time
    await db
      .transaction('rw', db.libraryIndex, async () => {
        await db.libraryIndex.bulkPut(fresh);
        await db.libraryIndex.bulkDelete(orphans);
      })
      .catch((e: unknown) => console.warn('Policy Lens: library entries not written', e));
  }
  return byDoc;
}

export async function loadLibrary(db: PolicyLensDb): Promise<LibraryContents> {
  const [[docs, notes], read] = await Promise.all([
    db.transaction('r', [db.documents, db.measureNotes], () => Promise.all([listDocuments(db), db.measureNotes.toArray()])),
    readEntries(db),
  ]);
  const byDoc = await entries(db, new Set(docs.map((d) => d.id)), read);
  const statusesOf = new Map<string, Record<string, string>>();
  for (const n of notes) if (n.status) (statusesOf.get(n.docId) ?? statusesOf.set(n.docId, {}).get(n.docId)!)[n.measureId] = n.status;
  docs.sort((a, b) => (b.modified > a.modified ? 1 : b.modified < a.modified ? -1 : 0));
  const documents: LedgerDocument[] = [];
  const unanalysed: DocumentRecord[] = [];
  for (const d of docs) {
    const entry = byDoc.get(d.id);
    if (!entry) {
      unanalysed.push(d);
      continue;
    }
    documents.push({
      id: d.id,
      title: d.title || entry.meta.title,
      docNumber: d.docNumber ?? entry.meta.docNumber,
      issuer: d.issuer ?? entry.meta.issuer,
      date: d.date ?? entry.meta.date,
      entry,
      statuses: statusesOf.get(d.id) ?? {},
      url: d.url,
    });
  }
  return { documents, unanalysed };
}

/** The stored texts of the kept documents (their content part), for the full-text search. */
export async function loadTexts(db: PolicyLensDb): Promise<{ docId: string; text: string }[]> {
  const out: { docId: string; text: string }[] = [];
  await db.sources.each((s) => {
    const [from, to] = s.input.range ?? [0, s.input.text.length];
    out.push({ docId: s.docId, text: s.input.text.slice(from, to) });
  });
  return out;
}
