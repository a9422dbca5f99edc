/**
 * Repositories used by the background and the side panel: documents, annotations, measure
 * notes, analysis cache.
 *
 * Contract
 * - Every write clamps its input where that keeps the meaning (lib/schema/clamp), passes the
 *   same schema check as import (lib/schema), and runs in a Dexie transaction wrapped by
 *   `withRetry`. A refused record is a StorageError('invalid') naming each field.
 * - Documents: resolveDocument (never writes) / keepDocument / linkDocument / forgetDocument.
 *   Identity is the canonical URL or site + content hash; a SimHash only suggests.
 */
import type { Annotation, DocumentRecord, MeasureNote, NearMatch } from '../annotations/types';
import type { PolicyModel } from '../analysis/types';
import { hammingDistance, NEAR_MATCH_DISTANCE } from '../anchoring/fingerprint';
import { check, issue, shown, type KindTypes, type SchemaIssue } from '../schema';
import { clampAnnotation, clampDocument, clampMeta, clampTitle, MAX_DOC_NUMBER_CHARS, MAX_ISSUER_CHARS } from '../schema/clamp';
import { PolicyLensDb, type StoredAnnotation } from './db';
import { StorageError, withRetry } from './errors';
import { hostOf } from './migrate';
import { annotationSearchText, computeTokens, joinHanSpaces, normalizeForSearch, normalizeTokens } from './tokens';

// ---------------------------------------------------------------- helpers

function write<T>(db: PolicyLensDb, fn: () => Promise<T>): Promise<T> {
  return withRetry(fn, db.retry);
}

/** Public annotation shape (index fields removed). */
export function toPublicAnnotation(s: StoredAnnotation): Annotation {
  const { tokens: _t, deletedFlag: _d, ...rest } = s;
  const a: Annotation = rest;
  if (!a.deleted) delete a.deleted;
  return a;
}

export function toStoredAnnotation(db: PolicyLensDb, a: Annotation): StoredAnnotation {
  const copy: Annotation = { ...a, tags: [...(a.tags ?? [])], target: { ...a.target } };
  if (!copy.deleted) delete copy.deleted;
  return { ...copy, tokens: computeTokens(db.tokenize, copy), deletedFlag: copy.deleted ? 1 : 0 };
}

function byDocumentOrder(a: Annotation, b: Annotation): number {
  return (
    a.target.position.start - b.target.position.start ||
    a.target.position.end - b.target.position.end ||
    (a.created < b.created ? -1 : a.created > b.created ? 1 : 0)
  );
}

/** Refuses a record the schema refuses, naming each field. */
function checked<K extends 'annotation' | 'documentRecord' | 'measureNote'>(kind: K, value: unknown, subject?: string): KindTypes[K] {
  const r = check(kind, value);
  if (!r.ok) throw new StorageError('invalid', { issues: r.issues, subject });
  return r.value;
}

// ---------------------------------------------------------------- documents

/** What identifies the page being read. Hash and SimHash come from lib/anchoring documentFingerprints (null for short text). */
export interface DocumentKey {
  /** Canonical URL (lib/anchoring canonicalUrl). */
  url: string;
  contentHash?: string | null;
  simhash?: string | null;
}

export type { NearMatch } from '../annotations/types';

export interface Resolution {
  document: DocumentRecord | null;
  matchedBy: 'url' | 'hash' | null;
  /** Other kept documents whose text is nearly the same: offered to the user, never merged. */
  near: NearMatch[];
}

export interface KeepInput extends DocumentKey {
  title: string;
  docNumber?: string | null;
  issuer?: string | null;
  date?: string | null;
}

export interface KeepResult {
  document: DocumentRecord;
  status: 'created' | 'updated' | 'unchanged';
  matchedBy: Resolution['matchedBy'];
}

export const MAX_NEAR = 3;

/** Lower-cased host of a URL; refuses what is not an absolute URL. */
export function siteOf(url: string): string {
  const host = hostOf(url);
  if (!host) throw new StorageError('invalid', { issues: [issue('url', 'schemaErr_pattern', shown(url))] });
  return host;
}

/** The site-qualified form of a content hash kept in DocumentRecord.hashes. */
export function siteHash(site: string, hash: string): string {
  return `${site} ${hash}`;
}

const HASH = /^[0-9a-f]{64}$/;
const SIMHASH = /^[0-9a-f]{16}$/;

function keyIssues(key: DocumentKey): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  if (typeof key?.url !== 'string' || !key.url) out.push(issue('url', 'schemaErr_required'));
  if (key?.contentHash != null && !(typeof key.contentHash === 'string' && HASH.test(key.contentHash))) out.push(issue('contentHash', 'schemaErr_pattern', shown(key.contentHash)));
  if (key?.simhash != null && !(typeof key.simhash === 'string' && SIMHASH.test(key.simhash))) out.push(issue('simhash', 'schemaErr_pattern', shown(key.simhash)));
  return out;
}

function checkKey(key: DocumentKey): void {
  const issues = keyIssues(key);
  if (issues.length) throw new StorageError('invalid', { issues });
}

export async function getDocument(db: PolicyLensDb, id: string): Promise<DocumentRecord | undefined> {
  return db.documents.get(id);
}

/** The document kept at this URL (its main URL or one of the other URLs). */
export async function getDocumentByUrl(db: PolicyLensDb, url: string): Promise<DocumentRecord | undefined> {
  return (await db.documents.where('url').equals(url).first()) ?? (await db.documents.where('urls').equals(url).first());
}

export async function listDocuments(db: PolicyLensDb): Promise<DocumentRecord[]> {
  const all = await db.documents.toArray();
  return all.sort((a, b) => Date.parse(b.modified) - Date.parse(a.modified) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

async function findDocument(db: PolicyLensDb, key: DocumentKey): Promise<{ document: DocumentRecord | null; matchedBy: Resolution['matchedBy'] }> {
  const byUrl = await getDocumentByUrl(db, key.url);
  if (byUrl) return { document: byUrl, matchedBy: 'url' };
  if (key.contentHash) {
    const byHash = await db.documents.where('hashes').equals(siteHash(siteOf(key.url), key.contentHash)).first();
    if (byHash) return { document: byHash, matchedBy: 'hash' };
  }
  return { document: null, matchedBy: null };
}

async function nearMatches(db: PolicyLensDb, simhash: string | null | undefined, except: string | null): Promise<NearMatch[]> {
  if (!simhash) return [];
  const near: NearMatch[] = [];
  await db.documents.each((d) => {
    if (d.id === except || !d.simhash) return;
    const distance = hammingDistance(d.simhash, simhash);
    if (distance <= NEAR_MATCH_DISTANCE) near.push({ id: d.id, title: d.title, docNumber: d.docNumber, site: d.site, distance });
  });
  return near.sort((a, b) => a.distance - b.distance || (a.id < b.id ? -1 : 1)).slice(0, MAX_NEAR);
}

/**
 * Which kept document this page is, if any: the same canonical URL, else the same site and
 * content hash. Never by SimHash: those are the `near` suggestions. Writes nothing.
 */
export async function resolveDocument(db: PolicyLensDb, key: DocumentKey): Promise<Resolution> {
  checkKey(key);
  const found = await findDocument(db, key);
  return { ...found, near: await nearMatches(db, key.simhash, found.document?.id ?? null) };
}

/**
 * The record with this URL and content hash added. A site-qualified hash another record already
 * holds is not added: one text at one site names one document (an import matches by it).
 */
async function withUrlAndHash(
  db: PolicyLensDb,
  d: DocumentRecord,
  url: string,
  contentHash: string | null | undefined,
  simhash: string | null | undefined,
): Promise<DocumentRecord> {
  const urls = url === d.url ? d.urls : [...d.urls, url];
  let hashes = d.hashes;
  if (contentHash) {
    const sh = siteHash(siteOf(url), contentHash);
    const holder = await db.documents.where('hashes').equals(sh).first();
    if (!holder || holder.id === d.id) hashes = [...d.hashes, sh];
  }
  return clampDocument({ ...d, urls, hashes, simhash: simhash ?? d.simhash });
}

function fillMissing(d: DocumentRecord, input: KeepInput): DocumentRecord {
  return {
    ...d,
    title: d.title || clampTitle(input.title ?? ''),
    docNumber: d.docNumber ?? clampMeta(input.docNumber, MAX_DOC_NUMBER_CHARS),
    issuer: d.issuer ?? clampMeta(input.issuer, MAX_ISSUER_CHARS),
    date: d.date ?? input.date ?? null,
  };
}

/**
 * Keeps the document the user annotates or adds to the library. A new record (random id) when
 * none resolves; otherwise the URL and hash are added (the last 50 / 20 kept) and only MISSING
 * metadata is filled: a visiting page never overwrites the title, 文号, issuer or date.
 */
export async function keepDocument(db: PolicyLensDb, input: KeepInput): Promise<KeepResult> {
  checkKey(input);
  const site = siteOf(input.url);
  return write(db, () =>
    db.transaction('rw', db.documents, async () => {
      const { document: existing, matchedBy } = await findDocument(db, input);
      const now = db.now();
      if (!existing) {
        const doc = checked(
          'documentRecord',
          clampDocument({
            id: `doc-${globalThis.crypto.randomUUID()}`,
            url: input.url,
            urls: [],
            site,
            hashes: input.contentHash ? [siteHash(site, input.contentHash)] : [],
            simhash: input.simhash ?? null,
            title: clampTitle(input.title ?? ''),
            docNumber: clampMeta(input.docNumber, MAX_DOC_NUMBER_CHARS),
            issuer: clampMeta(input.issuer, MAX_ISSUER_CHARS),
            date: input.date ?? null,
            created: now,
            modified: now,
          }),
        );
        await db.documents.add(doc);
        return { document: doc, status: 'created' as const, matchedBy };
      }
      const next = fillMissing(await withUrlAndHash(db, existing, input.url, input.contentHash, input.simhash), input);
      if (sameJson(next, existing)) return { document: existing, status: 'unchanged' as const, matchedBy };
      const rec = checked('documentRecord', { ...next, modified: now }, existing.id);
      await db.documents.put(rec);
      return { document: rec, status: 'updated' as const, matchedBy };
    }),
  );
}

/**
 * Adds a URL and content hash to a kept document: what the user accepts when a near match is
 * offered ("link"). A URL already kept under another document is refused ('constraint').
 */
export async function linkDocument(db: PolicyLensDb, docId: string, key: { url: string; contentHash?: string | null }): Promise<DocumentRecord> {
  checkKey(key);
  return write(db, () =>
    db.transaction('rw', db.documents, async () => {
      const d = await db.documents.get(docId);
      if (!d) throw new StorageError('not-found', { subject: docId });
      const other = await getDocumentByUrl(db, key.url);
      if (other && other.id !== docId) throw new StorageError('constraint', { subject: key.url, detail: other.id });
      const next = await withUrlAndHash(db, d, key.url, key.contentHash, undefined);
      if (sameJson(next, d)) return d;
      const rec = checked('documentRecord', { ...next, modified: db.now() }, docId);
      await db.documents.put(rec);
      return rec;
    }),
  );
}

/** "Forget this document": the record with its annotations (and their search tokens), measure notes and cached analysis. */
export async function forgetDocument(db: PolicyLensDb, id: string): Promise<void> {
  await write(db, () =>
    db.transaction('rw', [db.documents, db.annotations, db.measureNotes, db.analyses], async () => {
      await db.annotations.where('docId').equals(id).delete();
      await db.measureNotes.where('docId').equals(id).delete();
      await db.analyses.delete(id);
      await db.documents.delete(id);
    }),
  );
}

// ---------------------------------------------------------------- annotations

/** Saves an annotation (new or edited): clamps, checks, sets `modified`, computes search tokens. */
export async function putAnnotation(db: PolicyLensDb, a: Annotation): Promise<Annotation> {
  const now = db.now();
  const input = a && typeof a === 'object' ? clampAnnotation({ ...a, created: a.created || now, modified: now }) : a;
  const valid = checked('annotation', input, typeof a?.id === 'string' ? a.id : undefined);
  const rec = toStoredAnnotation(db, valid);
  await write(db, () => db.transaction('rw', db.annotations, () => db.annotations.put(rec)));
  return toPublicAnnotation(rec);
}

export async function getAnnotation(db: PolicyLensDb, id: string): Promise<Annotation | undefined> {
  const s = await db.annotations.get(id);
  return s ? toPublicAnnotation(s) : undefined;
}

/** Annotations of a document in document order (position.start). Deleted ones only on request. */
export async function listAnnotations(
  db: PolicyLensDb,
  docId: string,
  opts: { includeDeleted?: boolean } = {},
): Promise<Annotation[]> {
  const rows = opts.includeDeleted
    ? await db.annotations.where('docId').equals(docId).toArray()
    : await db.annotations.where('[docId+deletedFlag]').equals([docId, 0]).toArray();
  return rows.map(toPublicAnnotation).sort(byDocumentOrder);
}

export async function listAllAnnotations(db: PolicyLensDb, opts: { includeDeleted?: boolean } = {}): Promise<Annotation[]> {
  const rows = await db.annotations.toArray();
  return rows
    .filter((r) => opts.includeDeleted || r.deletedFlag === 0)
    .map(toPublicAnnotation)
    .sort((a, b) => (a.docId < b.docId ? -1 : a.docId > b.docId ? 1 : byDocumentOrder(a, b)));
}

async function setDeleted(db: PolicyLensDb, id: string, deleted: boolean): Promise<Annotation> {
  return write(db, () =>
    db.transaction('rw', db.annotations, async () => {
      const s = await db.annotations.get(id);
      if (!s) throw new StorageError('not-found', { subject: id });
      const next: StoredAnnotation = { ...s, modified: db.now(), deletedFlag: deleted ? 1 : 0 };
      if (deleted) next.deleted = true;
      else delete next.deleted;
      await db.annotations.put(next);
      return toPublicAnnotation(next);
    }),
  );
}

/** Marks an annotation deleted (kept for undo until purged). */
export function softDelete(db: PolicyLensDb, id: string): Promise<Annotation> {
  return setDeleted(db, id, true);
}

export function undoDelete(db: PolicyLensDb, id: string): Promise<Annotation> {
  return setDeleted(db, id, false);
}

/** Removes soft-deleted annotations deleted before `olderThan` (their `modified` is the deletion time). Returns the count. */
export async function purgeDeleted(db: PolicyLensDb, olderThan: Date | string): Promise<number> {
  const limit = typeof olderThan === 'string' ? Date.parse(olderThan) : olderThan.getTime();
  return write(db, () =>
    db.transaction('rw', db.annotations, () =>
      db.annotations.filter((a) => a.deletedFlag === 1 && Date.parse(a.modified) < limit).delete(),
    ),
  );
}

// ---------------------------------------------------------------- search

export type MatchKind = 'word' | 'substring';

export type SearchHit =
  | { kind: 'annotation'; annotation: Annotation; matchedBy: MatchKind[] }
  | { kind: 'measureNote'; measureNote: MeasureNote; matchedBy: MatchKind[] };

/**
 * Searches notes, quotes and tags of all (non-deleted) annotations, and measure notes.
 * Word level: every token of the query (same tokenizer as the index) must be among the
 * record's tokens. Substring: the whitespace/width-normalized query occurs in the text.
 * Results are merged and de-duplicated; records matching both ways come first, then newer first.
 */
export async function search(
  db: PolicyLensDb,
  query: string,
  opts: { docId?: string; limit?: number } = {},
): Promise<SearchHit[]> {
  const needle = normalizeForSearch(query ?? '');
  if (!needle) return [];
  const qTokens = normalizeTokens(db.tokenize(joinHanSpaces(query)));
  const hits = new Map<string, { a: StoredAnnotation; by: Set<MatchKind> }>();

  if (qTokens.length) {
    let ids: string[] | null = null;
    for (const t of qTokens) {
      const keys: string[] = await db.annotations.where('tokens').equals(t).primaryKeys();
      const set = new Set<string>(keys);
      const prev: string[] = ids ?? keys;
      ids = prev.filter((k) => set.has(k));
      if (!ids.length) break;
    }
    if (ids && ids.length) {
      const rows = await db.annotations.bulkGet(ids);
      for (const r of rows) {
        if (!r || r.deletedFlag || (opts.docId && r.docId !== opts.docId)) continue;
        hits.set(r.id, { a: r, by: new Set(['word']) });
      }
    }
  }

  const scan = opts.docId
    ? db.annotations.where('[docId+deletedFlag]').equals([opts.docId, 0])
    : db.annotations.filter((a) => a.deletedFlag === 0);
  await scan.each((r) => {
    if (!normalizeForSearch(annotationSearchText(r)).includes(needle)) return;
    const h = hits.get(r.id);
    if (h) h.by.add('substring');
    else hits.set(r.id, { a: r, by: new Set(['substring']) });
  });

  const out: { hit: SearchHit; both: boolean; modified: string }[] = [];
  for (const { a, by } of hits.values()) {
    out.push({ hit: { kind: 'annotation', annotation: toPublicAnnotation(a), matchedBy: order(by) }, both: by.size === 2, modified: a.modified });
  }

  const notes = opts.docId ? await db.measureNotes.where('docId').equals(opts.docId).toArray() : await db.measureNotes.toArray();
  for (const n of notes) {
    const by = new Set<MatchKind>();
    const text = `${n.note}\n${n.status ?? ''}`;
    if (normalizeForSearch(text).includes(needle)) by.add('substring');
    if (qTokens.length) {
      const toks = new Set(normalizeTokens(db.tokenize(joinHanSpaces(n.note))));
      if (qTokens.every((t) => toks.has(t))) by.add('word');
    }
    if (by.size) out.push({ hit: { kind: 'measureNote', measureNote: n, matchedBy: order(by) }, both: by.size === 2, modified: n.modified });
  }

  out.sort((x, y) => Number(y.both) - Number(x.both) || (x.modified < y.modified ? 1 : x.modified > y.modified ? -1 : 0));
  const limited = opts.limit ? out.slice(0, opts.limit) : out;
  return limited.map((o) => o.hit);
}

function order(by: Set<MatchKind>): MatchKind[] {
  return (['word', 'substring'] as const).filter((k) => by.has(k));
}

// ---------------------------------------------------------------- measure notes

export function measureNoteId(docId: string, measureId: string): string {
  return `${docId}#${measureId}`;
}

export async function putMeasureNote(
  db: PolicyLensDb,
  n: Omit<MeasureNote, 'id' | 'created' | 'modified'> & Partial<Pick<MeasureNote, 'id' | 'created' | 'modified'>>,
): Promise<MeasureNote> {
  const now = db.now();
  const input = n && typeof n === 'object' ? n : ({} as typeof n);
  const rec = checked('measureNote', {
    id: measureNoteId(input.docId, input.measureId),
    docId: input.docId,
    measureId: input.measureId,
    measurePath: input.measurePath ?? '',
    status: input.status ?? null,
    note: input.note,
    created: input.created || now,
    modified: now,
  });
  await write(db, () =>
    db.transaction('rw', db.measureNotes, async () => {
      const old = await db.measureNotes.get(rec.id);
      if (old) rec.created = old.created;
      await db.measureNotes.put(rec);
    }),
  );
  return rec;
}

/** Measure notes of a document, in measure order ("2.10" after "2.9"). */
export async function listMeasureNotes(db: PolicyLensDb, docId: string): Promise<MeasureNote[]> {
  const rows = await db.measureNotes.where('docId').equals(docId).toArray();
  return rows.sort((a, b) => compareMeasureIds(a.measureId, b.measureId));
}

export function compareMeasureIds(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? -1;
    const y = pb[i] ?? -1;
    if (Number.isNaN(x) || Number.isNaN(y)) return a < b ? -1 : a > b ? 1 : 0;
    if (x !== y) return x - y;
  }
  return 0;
}

// ---------------------------------------------------------------- analysis cache

export async function recordAnalysis(db: PolicyLensDb, docId: string, model: PolicyModel): Promise<void> {
  await write(db, () =>
    db.transaction('rw', db.analyses, () => db.analyses.put({ docId, engine: model.engine, recorded: db.now(), model })),
  );
}

/** Cached analysis; with `engine`, only when produced by that engine version. */
export async function getAnalysis(db: PolicyLensDb, docId: string, engine?: string): Promise<PolicyModel | undefined> {
  const r = await db.analyses.get(docId);
  if (!r || (engine && r.engine !== engine)) return undefined;
  return r.model;
}

// ---------------------------------------------------------------- misc

export function sameJson(a: unknown, b: unknown): boolean {
  return stableStringify(a) === stableStringify(b);
}

/** JSON with sorted object keys; `undefined` members dropped (as JSON does). */
export function stableStringify(v: unknown): string {
  return JSON.stringify(sortKeys(v));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as object).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = sortKeys(x);
    }
    return out;
  }
  return v;
}
