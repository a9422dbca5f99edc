/**
 * Kept documents and their identity.
 *
 * A page is a kept document when it has the same canonical URL (`url` or one of `urls`), or the
 * same site and SHA-256 of its normalised content (`hashes`, "host hash"); a SimHash within 3
 * bits only suggests one (`near`). resolveDocument never writes; keepDocument creates a record
 * (random id) when none resolves and otherwise adds the URL and hash and fills only missing
 * metadata; linkDocument is the analyst's "this page is that document"; forgetDocument removes a
 * document with everything of it.
 */
import type { DocumentRecord, NearMatch } from '../annotations/types';
import { hammingDistance, NEAR_MATCH_DISTANCE } from '../anchoring/fingerprint';
import { issue, shown, type SchemaIssue } from '../schema';
import { clampDocument, clampMeta, clampTitle, MAX_DOC_NUMBER_CHARS, MAX_ISSUER_CHARS } from '../schema/clamp';
import type { PolicyLensDb } from './db';
import { StorageError } from './errors';
import { hostOf } from './migrate';
import { checked, sameJson, write } from './repo';

/** What identifies the page being read. Hash and SimHash come from lib/anchoring documentFingerprints (null for short text). */
export interface DocumentKey {
  /** Canonical URL (lib/anchoring canonicalUrl). */
  url: string;
  contentHash?: string | null;
  simhash?: string | null;
}

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

const MAX_NEAR = 3;

/** A file opened in the viewer is named by its content (lib/viewer/file-document: urn:pdf:…, urn:sha256:…): its "site" is the analyst's disk. */
const FILE_URN = /^urn:(pdf|sha256):[0-9a-f]{16,128}$/;
const FILE_SITE = 'local-file';

/** Lower-cased host of a URL (a file's document URL: FILE_SITE); refuses what is not an absolute URL. */
function siteOf(url: string): string {
  const host = hostOf(url) ?? (FILE_URN.test(url) ? FILE_SITE : null);
  if (!host) throw new StorageError('invalid', { issues: [issue('url', 'schemaErr_pattern', shown(url))] });
  return host;
}

/** The site-qualified form of a content hash kept in DocumentRecord.hashes. */
function siteHash(site: string, hash: string): string {
  return `${site} ${hash}`;
}

const HASH = /^[0-9a-f]{64}$/;
const SIMHASH = /^[0-9a-f]{16}$/;

function keyIssues(key: DocumentKey): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  if (typeof key?.url !== 'string' || !key.url) out.push(issue('url', 'schemaErr_required'));
  if (key?.contentHash != null && !(typeof key.contentHash === 'string' && HASH.test(key.contentHash)))
    out.push(issue('contentHash', 'schemaErr_pattern', shown(key.contentHash)));
  if (key?.simhash != null && !(typeof key.simhash === 'string' && SIMHASH.test(key.simhash)))
    out.push(issue('simhash', 'schemaErr_pattern', shown(key.simhash)));
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
    const byHash = await db.documents
      .where('hashes')
      .equals(siteHash(siteOf(key.url), key.contentHash))
      .first();
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
    db.transaction('rw', [db.documents, db.annotations, db.measureNotes, db.analyses, db.libraryIndex, db.sources], async () => {
      await db.annotations.where('docId').equals(id).delete();
      await db.measureNotes.where('docId').equals(id).delete();
      await db.analyses.delete(id);
      await db.libraryIndex.delete(id);
      await db.sources.delete(id);
      await db.documents.delete(id);
    }),
  );
}
