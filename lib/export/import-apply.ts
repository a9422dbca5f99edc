/**
 * Writing parsed import data: ONE Dexie transaction (all or nothing). Imported documents are
 * matched to kept ones by the store's identity rules (same id; same canonical URL; same site +
 * content hash — never by SimHash). Records merge by time value (Date.parse: +08:00 and Z compare
 * as instants): the later `modified` wins. An annotation or measure note whose id is kept here
 * under ANOTHER document is skipped and reported, never moved or overwritten.
 */
import type { Annotation, DocumentRecord, MeasureNote } from '../annotations/types';
import { PolicyLensDb } from '../store/db';
import { withRetry } from '../store/errors';
import { sameJson, toPublicAnnotation, toStoredAnnotation } from '../store/repo';
import { at, issue } from '../schema';
import { clampDocument } from '../schema/clamp';
import { isRecord } from './import-records';
import type { ImportData, ImportReportEntry } from './import';

interface TableCounts {
  added: number;
  updated: number;
  unchanged: number;
  /** Records that differed but the local copy was as new or newer (kept; included in `unchanged`). */
  keptLocal: number;
  /** Records refused because their id belongs to another document here. */
  refused: number;
}

export interface ImportResult {
  added: number;
  updated: number;
  unchanged: number;
  keptLocal: number;
  refused: number;
  byTable: Record<'documents' | 'annotations' | 'measureNotes' | 'analyses', TableCounts>;
  /** Imported document ids that matched a kept document under another id: file id → local id. */
  remapped: Record<string, string>;
  /** Records refused while writing (id collisions across documents). */
  report: ImportReportEntry[];
}

function emptyCounts(): TableCounts {
  return { added: 0, updated: 0, unchanged: 0, keptLocal: 0, refused: 0 };
}

/** The kept document an imported one is, by the store's identity rules (never by SimHash). */
async function matchDocument(db: PolicyLensDb, d: DocumentRecord): Promise<DocumentRecord | undefined> {
  const own = await db.documents.get(d.id);
  if (own) return own;
  for (const url of [d.url, ...d.urls]) {
    const byUrl = (await db.documents.where('url').equals(url).first()) ?? (await db.documents.where('urls').equals(url).first());
    if (byUrl) return byUrl;
  }
  for (const h of d.hashes) {
    const byHash = await db.documents.where('hashes').equals(h).first();
    if (byHash) return byHash;
  }
  return undefined;
}

/** A kept document that matched another record of the same document: gains its URLs and hashes, and fills what it lacks. */
function joinDocument(local: DocumentRecord, incoming: DocumentRecord): DocumentRecord {
  return clampDocument({
    ...local,
    urls: [...local.urls, ...[incoming.url, ...incoming.urls].filter((u) => u !== local.url)],
    hashes: [...local.hashes, ...incoming.hashes],
    simhash: local.simhash ?? incoming.simhash,
    title: local.title || incoming.title,
    docNumber: local.docNumber ?? incoming.docNumber,
    issuer: local.issuer ?? incoming.issuer,
    date: local.date ?? incoming.date,
  });
}

/**
 * Writes parsed import data in one transaction across all tables. Ids make re-imports
 * idempotent; when both sides changed a record, the later `modified` (as an instant) wins.
 */
export async function applyImport(db: PolicyLensDb, data: ImportData): Promise<ImportResult> {
  return withRetry(
    () =>
      db.transaction('rw', [db.documents, db.annotations, db.measureNotes, db.analyses], async () => {
        const byTable = { documents: emptyCounts(), annotations: emptyCounts(), measureNotes: emptyCounts(), analyses: emptyCounts() };
        const remapped: Record<string, string> = {};
        const report: ImportReportEntry[] = [];

        for (const entry of data.documents) {
          const incoming = entry.document;
          const local = await matchDocument(db, incoming);
          let docId = incoming.id;
          if (!local) {
            await db.documents.add(incoming);
            byTable.documents.added++;
          } else if (local.id === incoming.id && !entry.stub) {
            const put: DocumentRecord[] = [];
            decide(byTable.documents, local, incoming, put);
            if (put.length) await db.documents.put(put[0]!);
          } else {
            docId = local.id;
            if (local.id !== incoming.id) remapped[incoming.id] = local.id;
            const joined = entry.stub ? local : joinDocument(local, incoming);
            if (sameJson(joined, local)) byTable.documents.unchanged++;
            else {
              await db.documents.put({ ...joined, modified: latest(local.modified, incoming.modified) });
              byTable.documents.updated++;
            }
          }

          const anns = entry.annotations.map((a) => (a.docId === docId ? a : { ...a, docId }));
          const localAnns = await db.annotations.bulkGet(anns.map((a) => a.id));
          const annPuts: Annotation[] = [];
          anns.forEach((a, i) => {
            const l = localAnns[i];
            if (l && l.docId !== docId) {
              byTable.annotations.refused++;
              const path = entry.paths.annotations[i] ?? entry.paths.document;
              report.push({ path, action: 'skipped', issues: [issue(at(path, 'id'), 'importReport_idCollision', l.docId)] });
              return;
            }
            decide(byTable.annotations, l ? toPublicAnnotation(l) : undefined, a, annPuts);
          });
          if (annPuts.length) await db.annotations.bulkPut(annPuts.map((a) => toStoredAnnotation(db, a)));

          const notes = entry.measureNotes.map((n) => (n.docId === docId ? n : { ...n, docId, id: `${docId}#${n.measureId}` }));
          const localNotes = await db.measureNotes.bulkGet(notes.map((n) => n.id));
          const notePuts: MeasureNote[] = [];
          notes.forEach((n, i) => {
            const l = localNotes[i];
            if (l && l.docId !== docId) {
              byTable.measureNotes.refused++;
              const path = entry.paths.measureNotes[i] ?? entry.paths.document;
              report.push({ path, action: 'skipped', issues: [issue(at(path, 'id'), 'importReport_idCollision', l.docId)] });
              return;
            }
            decide(byTable.measureNotes, l, n, notePuts);
          });
          if (notePuts.length) await db.measureNotes.bulkPut(notePuts);

          if (entry.analysis) {
            const localAnalysis = await db.analyses.get(docId);
            const c = byTable.analyses;
            if (!localAnalysis) {
              await db.analyses.put({ docId, engine: entry.analysis.engine, recorded: data.exported ?? db.now(), model: entry.analysis });
              c.added++;
            } else if (sameJson(localAnalysis.model, entry.analysis)) c.unchanged++;
            else {
              // The local cache was computed from the live page: keep it.
              c.unchanged++;
              c.keptLocal++;
            }
          }
        }
        const total = (k: keyof TableCounts) => Object.values(byTable).reduce((s, c) => s + c[k], 0);
        return {
          added: total('added'),
          updated: total('updated'),
          unchanged: total('unchanged'),
          keptLocal: total('keptLocal'),
          refused: total('refused'),
          byTable,
          remapped,
          report,
        };
      }),
    db.retry,
  );
}

function latest(a: string, b: string): string {
  return Date.parse(b) > Date.parse(a) ? b : a;
}

/** The later `modified` (as an instant) wins; records to write are pushed to `out`. */
function decide<T extends { modified: string }>(c: TableCounts, local: T | undefined, incoming: T, out: T[]): void {
  if (!local) {
    out.push(incoming);
    c.added++;
  } else if (sameJson(normalizeForCompare(local), normalizeForCompare(incoming))) c.unchanged++;
  else if (Date.parse(incoming.modified) > Date.parse(local.modified)) {
    out.push(incoming);
    c.updated++;
  } else {
    c.unchanged++;
    c.keptLocal++;
  }
}

/** null and missing optional members compare equal (measureId: null vs absent). */
function normalizeForCompare(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalizeForCompare);
  if (isRecord(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== null && x !== undefined && x !== false) out[k] = normalizeForCompare(x);
    return out;
  }
  return v;
}
