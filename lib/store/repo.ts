/**
 * Repositories used by the background: documents, annotations, measure notes, analysis cache.
 * Every write runs in a Dexie transaction wrapped by `withRetry`.
 */
import type { Annotation, DocumentRecord, MeasureNote } from '../annotations/types';
import type { PolicyModel } from '../analysis/types';
import { PolicyLensDb, computeTokens, annotationSearchText, type StoredAnnotation } from './db';
import { StorageError, withRetry } from './errors';
import { joinHanSpaces, normalizeForSearch, normalizeTokens } from './tokens';

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

export function validateAnnotation(a: Annotation): string | null {
  if (!a || typeof a !== 'object') return 'annotation is not an object';
  if (typeof a.id !== 'string' || !a.id) return 'id is missing';
  if (typeof a.docId !== 'string' || !a.docId) return 'docId is missing';
  const p = a.target?.position;
  if (!p || !Number.isInteger(p.start) || !Number.isInteger(p.end) || p.start < 0 || p.end < p.start)
    return `target.position is invalid (${p ? `${p.start}-${p.end}` : 'missing'})`;
  if (typeof a.target?.quote?.exact !== 'string') return 'target.quote.exact is missing';
  if (typeof a.note !== 'string') return 'note must be a string';
  if (!Array.isArray(a.tags) || a.tags.some((t) => typeof t !== 'string')) return 'tags must be strings';
  return null;
}

// ---------------------------------------------------------------- documents

export interface DocumentInput {
  /** Optional explicit id; default: derived from the fingerprint. */
  id?: string;
  url: string;
  fingerprint: string;
  title: string;
  docNumber?: string | null;
  issuer?: string | null;
  date?: string | null;
}

export interface UpsertResult {
  document: DocumentRecord;
  status: 'created' | 'updated' | 'unchanged';
  /** How an existing record was found. */
  matchedBy: 'fingerprint' | 'url' | null;
}

export function documentIdFromFingerprint(fingerprint: string): string {
  return `doc-${fingerprint}`;
}

export async function getDocument(db: PolicyLensDb, id: string): Promise<DocumentRecord | undefined> {
  return db.documents.get(id);
}

/** The document seen at this URL (its main URL or one of the other URLs). */
export async function getDocumentByUrl(db: PolicyLensDb, url: string): Promise<DocumentRecord | undefined> {
  return (await db.documents.where('url').equals(url).first()) ?? (await db.documents.where('urls').equals(url).first());
}

export async function getDocumentByFingerprint(db: PolicyLensDb, fingerprint: string): Promise<DocumentRecord | undefined> {
  if (!fingerprint) return undefined;
  return db.documents.where('fingerprint').equals(fingerprint).first();
}

export async function listDocuments(db: PolicyLensDb): Promise<DocumentRecord[]> {
  const all = await db.documents.toArray();
  return all.sort((a, b) => (a.modified < b.modified ? 1 : a.modified > b.modified ? -1 : 0));
}

/**
 * Creates or updates the record for a page. The same text reached by another URL (same
 * fingerprint) maps to the existing document and the URL is remembered in `urls`; the same URL
 * with changed text (a revised page) keeps its document id and takes the new fingerprint.
 */
export async function upsertDocument(db: PolicyLensDb, input: DocumentInput): Promise<UpsertResult> {
  if (!input || typeof input.url !== 'string' || !input.url) throw new StorageError('invalid', { detail: 'url is missing' });
  if (typeof input.fingerprint !== 'string') throw new StorageError('invalid', { detail: 'fingerprint is missing' });
  return write(db, () =>
    db.transaction('rw', db.documents, async () => {
      const now = db.now();
      let matchedBy: UpsertResult['matchedBy'] = null;
      let existing = await getDocumentByFingerprint(db, input.fingerprint);
      if (existing) matchedBy = 'fingerprint';
      else {
        existing = await getDocumentByUrl(db, input.url);
        if (existing) matchedBy = 'url';
      }
      if (!existing) {
        const doc: DocumentRecord = {
          id: input.id ?? documentIdFromFingerprint(input.fingerprint || encodeURIComponent(input.url)),
          url: input.url,
          urls: [],
          title: input.title ?? '',
          docNumber: input.docNumber ?? null,
          issuer: input.issuer ?? null,
          date: input.date ?? null,
          fingerprint: input.fingerprint,
          created: now,
          modified: now,
        };
        await db.documents.add(doc);
        return { document: doc, status: 'created' as const, matchedBy };
      }
      const urls = new Set(existing.urls ?? []);
      if (input.url !== existing.url) urls.add(input.url);
      const next: DocumentRecord = {
        ...existing,
        urls: [...urls],
        // Keep known metadata when the new visit could not read it.
        title: input.title || existing.title,
        docNumber: input.docNumber ?? existing.docNumber,
        issuer: input.issuer ?? existing.issuer,
        date: input.date ?? existing.date,
        fingerprint: input.fingerprint || existing.fingerprint,
      };
      if (sameJson({ ...next, modified: '' }, { ...existing, modified: '' })) {
        return { document: existing, status: 'unchanged' as const, matchedBy };
      }
      next.modified = now;
      await db.documents.put(next);
      return { document: next, status: 'updated' as const, matchedBy };
    }),
  );
}

/** Deletes a document with its annotations, measure notes and cached analysis. */
export async function deleteDocument(db: PolicyLensDb, id: string): Promise<void> {
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

/** Saves an annotation (new or edited): sets `modified`, computes search tokens. */
export async function putAnnotation(db: PolicyLensDb, a: Annotation): Promise<Annotation> {
  const problem = validateAnnotation(a);
  if (problem) throw new StorageError('invalid', { detail: problem });
  const now = db.now();
  const rec = toStoredAnnotation(db, { ...a, created: a.created || now, modified: now });
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
      if (!s) throw new StorageError('not-found', { detail: id });
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
  const limit = typeof olderThan === 'string' ? olderThan : olderThan.toISOString();
  return write(db, () =>
    db.transaction('rw', db.annotations, () =>
      db.annotations.filter((a) => a.deletedFlag === 1 && a.modified < limit).delete(),
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
  if (!n || typeof n.docId !== 'string' || !n.docId || typeof n.measureId !== 'string' || !n.measureId)
    throw new StorageError('invalid', { detail: 'docId and measureId are required' });
  if (typeof n.note !== 'string') throw new StorageError('invalid', { detail: 'note must be a string' });
  const now = db.now();
  const rec: MeasureNote = {
    id: measureNoteId(n.docId, n.measureId),
    docId: n.docId,
    measureId: n.measureId,
    measurePath: n.measurePath ?? '',
    status: n.status ?? null,
    note: n.note,
    created: n.created || now,
    modified: now,
  };
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
