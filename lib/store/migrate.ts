/**
 * From version-2 rows to version-3 rows: the Dexie upgrade to v3 and the repair pass on open
 * run this one function, on the document rows that lack the v3 members.
 *
 * Version 2 identified a document by the SimHash of its text, across all sites, and kept a record
 * for every page visited. Version 3 ids are random and a record is what the user kept. For each
 * v2-shaped document record:
 *  - its id stays; `fingerprint` becomes `simhash` (null when it is no SimHash or the empty
 *    text's 0000000000000000); `site` is its URL's host; `hashes` is empty (v2 never stored the
 *    text: the next visit by URL adds the hash); `urls` keeps the last 50;
 *  - annotations whose `target.source` sits on another host than the record's were filed there
 *    by the SimHash match: they move to a new record (random id) for that host, with the same
 *    metadata, taking that host's URLs along. No annotation is lost; none stays under a
 *    document of another site. Measure notes and the analysis stay with the original id;
 *  - a record with the same URL as a v3 record (written by the old code after a downgrade) is
 *    the same document: its annotations and measure notes join the v3 record;
 *  - a record left with no annotation (deleted ones count) and no measure note was a visit, not
 *    a kept document: it goes, with its cached analysis.
 * Annotation rows without `tokens` / `deletedFlag` (written by old code) get them.
 * Runs inside the caller's transaction over the four tables; returns what it did.
 */
import type { Table } from 'dexie';
import type { Annotation, DocumentRecord, MeasureNote } from '../annotations/types';
import { clampDocument } from '../schema/clamp';
import type { Tokenizer } from './tokens';
import { computeTokens } from './tokens';

export interface MigrationTables {
  documents: Table;
  annotations: Table;
  measureNotes: Table;
  analyses: Table;
}

export interface MigrationReport {
  /** v2 records rewritten in place (same id). */
  converted: string[];
  /** New records made for annotations of another host: new id → the v2 id they came from. */
  split: Record<string, string>;
  /** v2 records whose rows joined the v3 record with the same URL: v2 id → v3 id. */
  joined: Record<string, string>;
  /** Visit-only records dropped with their analysis. */
  dropped: string[];
  /** Annotation rows given tokens / deletedFlag. */
  annotationsFixed: number;
}

type Row = Record<string, unknown>;

const SIMHASH = /^[0-9a-f]{16}$/;

export function hostOf(url: unknown): string | null {
  if (typeof url !== 'string') return null;
  try {
    const h = new URL(url).hostname.toLowerCase();
    return h || null;
  } catch {
    return null;
  }
}

/** A document row without the v3 members (written by version-2 code). */
function isV2Document(d: Row): boolean {
  return typeof d.site !== 'string' || !Array.isArray(d.hashes) || !('simhash' in d);
}

function v3Record(d: Row): DocumentRecord {
  const fp = typeof d.simhash === 'string' ? d.simhash : d.fingerprint;
  const url = String(d.url ?? '');
  const rec: DocumentRecord = {
    id: String(d.id),
    url,
    urls: Array.isArray(d.urls) ? (d.urls as unknown[]).filter((u): u is string => typeof u === 'string' && !!u) : [],
    site: hostOf(url) ?? '',
    hashes: Array.isArray(d.hashes) ? (d.hashes as unknown[]).filter((h): h is string => typeof h === 'string') : [],
    simhash: typeof fp === 'string' && SIMHASH.test(fp) && fp !== '0000000000000000' ? fp : null,
    title: typeof d.title === 'string' ? d.title : '',
    docNumber: typeof d.docNumber === 'string' ? d.docNumber : null,
    issuer: typeof d.issuer === 'string' ? d.issuer : null,
    date: typeof d.date === 'string' ? d.date : null,
    created: String(d.created ?? ''),
    modified: String(d.modified ?? d.created ?? ''),
  };
  return clampDocument(rec);
}

function byCreated(a: Annotation, b: Annotation): number {
  return Date.parse(a.created) - Date.parse(b.created) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export async function migrateV2Rows(t: MigrationTables, opts: { tokenize: Tokenizer; newId?: () => string }): Promise<MigrationReport> {
  const newId = opts.newId ?? (() => `doc-${globalThis.crypto.randomUUID()}`);
  const report: MigrationReport = { converted: [], split: {}, joined: {}, dropped: [], annotationsFixed: 0 };

  // Annotations first, so every row moved below carries its index fields.
  await t.annotations.toCollection().modify((a: Row) => {
    if (Array.isArray(a.tokens) && (a.deletedFlag === 0 || a.deletedFlag === 1)) return;
    if (!Array.isArray(a.tags)) a.tags = [];
    if (typeof a.note !== 'string') a.note = '';
    a.tokens = computeTokens(opts.tokenize, a as unknown as Annotation);
    a.deletedFlag = a.deleted ? 1 : 0;
    report.annotationsFixed++;
  });

  const docs = (await t.documents.toArray()) as Row[];
  const v2 = docs.filter(isV2Document);
  if (!v2.length) return report;
  const v3ByUrl = new Map<string, string>();
  for (const d of docs) {
    if (isV2Document(d)) continue;
    const rec = d as unknown as DocumentRecord;
    v3ByUrl.set(rec.url, rec.id);
    for (const u of rec.urls) if (!v3ByUrl.has(u)) v3ByUrl.set(u, rec.id);
  }

  for (const row of v2) {
    const rec = v3Record(row);
    const anns = (await t.annotations.where('docId').equals(rec.id).toArray()) as (Annotation & Row)[];
    const notes = (await t.measureNotes.where('docId').equals(rec.id).toArray()) as MeasureNote[];

    const same = v3ByUrl.get(rec.url);
    if (same && same !== rec.id) {
      for (const a of anns) await t.annotations.put({ ...a, docId: same });
      for (const n of notes) {
        const id = `${same}#${n.measureId}`;
        const there = (await t.measureNotes.get(id)) as MeasureNote | undefined;
        if (!there || Date.parse(n.modified) > Date.parse(there.modified))
          await t.measureNotes.put({ ...n, id, docId: same, created: there?.created ?? n.created });
        await t.measureNotes.delete(n.id);
      }
      await t.analyses.delete(rec.id);
      await t.documents.delete(rec.id);
      report.joined[rec.id] = same;
      continue;
    }

    const byHost = new Map<string, (Annotation & Row)[]>();
    let home = 0;
    for (const a of anns) {
      const host = hostOf(a.target?.source);
      if (!host || host === rec.site) home++;
      else {
        let list = byHost.get(host);
        if (!list) byHost.set(host, (list = []));
        list.push(a);
      }
    }
    for (const [host, list] of byHost) {
      list.sort(byCreated);
      const sources = [...new Set(list.map((a) => a.target.source))];
      const id = newId();
      const split = clampDocument({
        ...rec,
        id,
        url: sources[0]!,
        urls: [...rec.urls.filter((u) => hostOf(u) === host), ...sources.slice(1)],
        site: host,
        hashes: [],
      });
      await t.documents.put(split);
      for (const a of list) await t.annotations.put({ ...a, docId: id });
      report.split[id] = rec.id;
    }
    // A URL of another host stays only where its annotations went: kept here it would send the
    // next visit of that copy to this record again.
    rec.urls = rec.urls.filter((u) => hostOf(u) === rec.site);

    if (home === 0 && notes.length === 0) {
      await t.analyses.delete(rec.id);
      await t.documents.delete(rec.id);
      report.dropped.push(rec.id);
      continue;
    }
    await t.documents.put(rec);
    report.converted.push(rec.id);
  }
  return report;
}
