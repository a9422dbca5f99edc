/**
 * Repositories used by the background and the side panel: annotations, search, measure notes,
 * analysis cache (documents and their identity: lib/store/documents).
 *
 * Contract: every write clamps its input where that keeps the meaning (lib/schema/clamp), passes
 * the same schema check as import (lib/schema), and runs in a Dexie transaction wrapped by
 * `withRetry`. A refused record is a StorageError('invalid') naming each field.
 */
import type { Annotation, MeasureNote } from '../annotations/types';
import type { AnalysisInput, PolicyModel } from '../analysis/types';
import { check, type KindTypes } from '../schema';
import { clampAnnotation } from '../schema/clamp';
import { PolicyLensDb, type StoredAnnotation, type StoredInput } from './db';
import { StorageError, withRetry } from './errors';
import { annotationSearchText, computeTokens, joinHanSpaces, normalizeTokens } from './tokens';
import { searchKey } from '../text/search';

// ---------------------------------------------------------------- helpers

export function write<T>(db: PolicyLensDb, fn: () => Promise<T>): Promise<T> {
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
export function checked<K extends 'annotation' | 'documentRecord' | 'measureNote'>(kind: K, value: unknown, subject?: string): KindTypes[K] {
  const r = check(kind, value);
  if (!r.ok) throw new StorageError('invalid', { issues: r.issues, subject });
  return r.value;
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
export async function listAnnotations(db: PolicyLensDb, docId: string, opts: { includeDeleted?: boolean } = {}): Promise<Annotation[]> {
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
    db.transaction('rw', db.annotations, () => db.annotations.filter((a) => a.deletedFlag === 1 && Date.parse(a.modified) < limit).delete()),
  );
}

// ---------------------------------------------------------------- search

type MatchKind = 'word' | 'substring';

export type SearchHit =
  { kind: 'annotation'; annotation: Annotation; matchedBy: MatchKind[] } | { kind: 'measureNote'; measureNote: MeasureNote; matchedBy: MatchKind[] };

/**
 * Searches notes, quotes and tags of all (non-deleted) annotations, and measure notes.
 * Word level: every token of the query (same tokenizer as the index) must be among the
 * record's tokens. Substring: the query occurs in the text, both compared by searchKey (lib/text/search).
 * Results are merged and de-duplicated; records matching both ways come first, then newer first.
 */
export async function search(db: PolicyLensDb, query: string, opts: { docId?: string; limit?: number } = {}): Promise<SearchHit[]> {
  const needle = searchKey(query ?? '');
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

  const scan = opts.docId ? db.annotations.where('[docId+deletedFlag]').equals([opts.docId, 0]) : db.annotations.filter((a) => a.deletedFlag === 0);
  await scan.each((r) => {
    if (!searchKey(annotationSearchText(r)).includes(needle)) return;
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
    if (searchKey(text).includes(needle)) by.add('substring');
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

function measureNoteId(docId: string, measureId: string): string {
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

function compareMeasureIds(a: string, b: string): number {
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

/**
 * Record a kept document's analysis, and with `input` what it ran on (so the library can analyse
 * it again). The document's library entry is dropped with it: lib/library/load builds the new one.
 */
export async function recordAnalysis(db: PolicyLensDb, docId: string, model: PolicyModel, input?: AnalysisInput): Promise<void> {
  const recorded = db.now();
  await write(db, () =>
    db.transaction('rw', [db.analyses, db.libraryIndex, db.sources], async () => {
      await db.analyses.put({ docId, engine: model.engine, recorded, model });
      await db.libraryIndex.delete(docId);
      if (input) await db.sources.put({ docId, recorded, input: storedInput(input) });
    }),
  );
}

/** What of an analysis input is kept: the page's own data, not the run's options. */
function storedInput(input: AnalysisInput): StoredInput {
  const { text, range, url, pageTitle, metaFields, tables } = input;
  return {
    text,
    ...(range ? { range } : {}),
    ...(url ? { url } : {}),
    ...(pageTitle ? { pageTitle } : {}),
    ...(metaFields ? { metaFields } : {}),
    ...(tables ? { tables } : {}),
  };
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
function stableStringify(v: unknown): string {
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
