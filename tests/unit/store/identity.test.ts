/**
 * Document identity: the same document is the same canonical URL, or the same site and SHA-256
 * of the normalised text. A SimHash only suggests ("looks like … — link?"). Each case below is a
 * way the SimHash-as-id store of version 2 gave one document's notes to another.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { documentFingerprints, contentHash, MIN_FINGERPRINT_CHARS, normalizeForFingerprint } from '../../../lib/anchoring/fingerprint';
import {
  getDocumentByUrl,
  keepDocument,
  linkDocument,
  listDocuments,
  resolveDocument,
  putAnnotation,
  StorageError,
  type PolicyLensDb,
} from '../../../lib/store';
import { check } from '../../../lib/schema';
import { ann, openTestDb } from './fixtures';

const TEXT = readFileSync(new URL('../../../seeds/000_a8d5c490817db3bf.txt', import.meta.url), 'utf8');
const GOV = 'https://www.gov.cn/zhengce/content/2015-07/04/content_10002.htm';
const COPY = 'http://www.example-province.gov.cn/zwgk/2015/07/t20150710_1.htm';
const META = { title: '国务院关于积极推进“互联网+”行动的指导意见', docNumber: '国发〔2015〕40号', issuer: '国务院', date: '2015-07-01' };

const fps = new Map<string, Awaited<ReturnType<typeof documentFingerprints>>>();
async function keep(db: PolicyLensDb, url: string, text: string, meta: Partial<typeof META> = META) {
  let fp = fps.get(text);
  if (!fp) fps.set(text, (fp = await documentFingerprints(text)));
  return keepDocument(db, { url, ...fp, title: meta.title ?? '', docNumber: meta.docNumber ?? null, issuer: meta.issuer ?? null, date: meta.date ?? null });
}

/** The text with the n-th Han character replaced by another one. */
function edited(text: string, n: number): string {
  let seen = -1;
  return text.replace(/\p{Script=Han}/gu, (c) => (++seen === n ? (c === '甲' ? '乙' : '甲') : c));
}

describe('fingerprints of a page', () => {
  it('empty and short content is never fingerprinted; 200 normalised characters are', async () => {
    expect(await documentFingerprints('')).toEqual({ contentHash: null, simhash: null });
    expect(await documentFingerprints('   。，、  ')).toEqual({ contentHash: null, simhash: null });
    const short = TEXT.slice(0, 400);
    const norm = normalizeForFingerprint(short);
    const cut = [...norm].slice(0, MIN_FINGERPRINT_CHARS - 1).join('');
    expect(await contentHash(cut)).toBeNull();
    expect(await contentHash(`${cut}政`)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('the hash ignores what the SimHash ignores (spaces, punctuation width) and nothing else', async () => {
    const a = await documentFingerprints(TEXT);
    expect(a.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.simhash).toMatch(/^[0-9a-f]{16}$/);
    expect((await documentFingerprints(TEXT.replace(/，/g, ',').replace(/\n/g, '\n\n'))).contentHash).toBe(a.contentHash);
    expect((await documentFingerprints(TEXT.replace('2018年', '2019年'))).contentHash).not.toBe(a.contentHash);
  });
});

describe('resolveDocument / keepDocument', () => {
  it('ids are random, and resolving writes nothing (a visit keeps no record)', async () => {
    const db = await openTestDb();
    const fp = await documentFingerprints(TEXT);
    const r = await resolveDocument(db, { url: GOV, ...fp });
    expect(r).toEqual({ document: null, matchedBy: null, near: [] });
    expect(await db.documents.count()).toBe(0);
    const kept = await keep(db, GOV, TEXT);
    expect(kept.status).toBe('created');
    expect(kept.document.id).toMatch(/^doc-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(kept.document).toMatchObject({ url: GOV, urls: [], site: 'www.gov.cn', hashes: [`www.gov.cn ${fp.contentHash}`], simhash: fp.simhash, ...META });
    expect(check('documentRecord', kept.document).ok).toBe(true);
  });

  it('a copy of the text on another host is not the document: offered as a near match, never merged', async () => {
    const db = await openTestDb();
    const original = await keep(db, GOV, TEXT);
    await putAnnotation(db, ann({ id: 'n1', exact: '互联网', start: 0, docId: original.document.id, note: '本市落实情况' }));
    const fp = await documentFingerprints(TEXT);
    const there = await resolveDocument(db, { url: COPY, ...fp });
    expect(there.document).toBeNull();
    expect(there.near).toEqual([{ id: original.document.id, title: META.title, docNumber: META.docNumber, site: 'www.gov.cn', distance: 0 }]);
    // kept there (the user annotates the copy): a record of its own, the original untouched
    const copy = await keep(db, COPY, TEXT, { title: '转发：国务院关于积极推进“互联网+”行动的指导意见', docNumber: '某政发〔2015〕9号' });
    expect(copy.status).toBe('created');
    expect(copy.document.id).not.toBe(original.document.id);
    expect(await db.documents.get(original.document.id)).toEqual(original.document);
  });

  it('an edited version at another URL of the same site is another document (only near)', async () => {
    const db = await openTestDb();
    const original = await keep(db, GOV, TEXT);
    const revised = TEXT.replace('到2018年', '到2019年');
    const r = await resolveDocument(db, { url: 'https://www.gov.cn/zhengce/content/2016-01/01/content_1.htm', ...(await documentFingerprints(revised)) });
    expect(r.document).toBeNull();
    expect(r.near.map((n) => n.id)).toEqual([original.document.id]);
    expect(r.near[0]!.distance).toBeLessThanOrEqual(3);
  });

  it('300 single-character edits: none resolves to the original (v2 gave 290 of them its id)', async () => {
    const db = await openTestDb();
    await keep(db, GOV, TEXT);
    let resolved = 0;
    let near = 0;
    for (let i = 0; i < 300; i++) {
      const r = await resolveDocument(db, { url: `https://www.gov.cn/copy/${i}.htm`, ...(await documentFingerprints(edited(TEXT, i * 7))) });
      if (r.document) resolved++;
      if (r.near.length) near++;
    }
    expect(resolved).toBe(0);
    expect(near).toBeGreaterThan(250); // still offered as "looks like"
  });

  it('the same text at another URL of the same site is the document (by hash); its URL is added', async () => {
    const db = await openTestDb();
    const original = await keep(db, GOV, TEXT);
    const mirror = `${GOV}?index=2`;
    const r = await keep(db, mirror, TEXT, { title: '' });
    expect(r).toMatchObject({ status: 'updated', matchedBy: 'hash' });
    expect(r.document.id).toBe(original.document.id);
    expect(r.document.urls).toEqual([mirror]);
    expect((await resolveDocument(db, { url: mirror })).matchedBy).toBe('url');
  });

  it('a visiting page never overwrites title, 文号, issuer or date: it only fills what is missing', async () => {
    const db = await openTestDb();
    const first = await keep(db, GOV, TEXT, { title: META.title, docNumber: META.docNumber });
    const again = await keep(db, GOV, TEXT, { title: '假标题', docNumber: '假〔2099〕1号', issuer: '国务院', date: '2015-07-01' });
    expect(again.document.id).toBe(first.document.id);
    expect(again.document).toMatchObject({ title: META.title, docNumber: META.docNumber, issuer: '国务院', date: '2015-07-01' });
    const third = await keep(db, GOV, TEXT, { title: '又一个标题', issuer: '别的机关', date: '2099-01-01' });
    expect(third.status).toBe('unchanged');
  });

  it('near matches: at most 3, nearest first, never the matched document itself', async () => {
    const db = await openTestDb();
    for (let i = 0; i < 5; i++) await keep(db, `https://site${i}.gov.cn/a.htm`, edited(TEXT, 100 + i));
    const own = await keep(db, GOV, TEXT);
    const r = await resolveDocument(db, { url: GOV, ...(await documentFingerprints(TEXT)) });
    expect(r.document?.id).toBe(own.document.id);
    expect(r.near).toHaveLength(3);
    expect(r.near.map((n) => n.id)).not.toContain(own.document.id);
    expect(r.near.map((n) => n.distance)).toEqual([...r.near.map((n) => n.distance)].sort((a, b) => a - b));
  });

  it('linkDocument: what the user accepts — the copy then resolves to the document; a URL of another document is refused', async () => {
    const db = await openTestDb();
    const original = await keep(db, GOV, TEXT);
    const fp = await documentFingerprints(TEXT);
    const linked = await linkDocument(db, original.document.id, { url: COPY, contentHash: fp.contentHash });
    expect(linked.urls).toEqual([COPY]);
    expect(linked.hashes).toEqual([`www.gov.cn ${fp.contentHash}`, `www.example-province.gov.cn ${fp.contentHash}`]);
    expect(await resolveDocument(db, { url: COPY, ...fp })).toMatchObject({ matchedBy: 'url', document: { id: original.document.id } });
    expect((await resolveDocument(db, { url: `${COPY}?p=1`, ...fp })).matchedBy).toBe('hash');
    const other = await keep(db, 'https://www.gov.cn/other.htm', edited(TEXT, 5));
    await expect(linkDocument(db, other.document.id, { url: COPY })).rejects.toMatchObject({ code: 'constraint' });
    await expect(linkDocument(db, 'doc-none', { url: 'https://x.gov.cn/' })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('1,000 visits with changing query strings keep the last 50 URLs, and the record stays valid', async () => {
    const db = await openTestDb();
    await keep(db, GOV, TEXT);
    for (let i = 0; i < 1000; i++) await keep(db, `${GOV}?t=${i}`, TEXT, { title: '' });
    const [doc] = await listDocuments(db);
    expect(doc!.urls).toHaveLength(50);
    expect(doc!.urls[0]).toBe(`${GOV}?t=950`);
    expect(doc!.urls[49]).toBe(`${GOV}?t=999`);
    expect(doc!.hashes).toHaveLength(1);
    expect(check('documentRecord', doc).ok).toBe(true);
    // the last URL still resolves, the evicted ones are new visits (same site + hash: the same document)
    expect((await resolveDocument(db, { url: `${GOV}?t=999` })).matchedBy).toBe('url');
    expect((await resolveDocument(db, { url: `${GOV}?t=3`, ...(await documentFingerprints(TEXT)) })).matchedBy).toBe('hash');
    expect(await getDocumentByUrl(db, `${GOV}?t=3`)).toBeUndefined();
    // a thousand write transactions on fake-indexeddb: time for a loaded machine (behaviour, not speed)
  }, 60_000);

  it('refuses what is no key: a relative URL, a malformed hash', async () => {
    const db = await openTestDb();
    await expect(keepDocument(db, { url: 'content_10002.htm', title: '' })).rejects.toBeInstanceOf(StorageError);
    const err = (await keepDocument(db, { url: GOV, contentHash: 'abc', title: '' }).catch((e: unknown) => e)) as StorageError;
    expect(err.code).toBe('invalid');
    expect(err.issues.map((i) => i.path)).toEqual(['contentHash']);
  });
});

describe('one text at one site names one document', () => {
  it('a page whose text became that of another kept page does not take that page’s hash', async () => {
    const db = await openTestDb();
    const [h1, h2] = ['1'.repeat(64), '2'.repeat(64)];
    const a = await keepDocument(db, { url: 'https://www.gov.cn/a.htm', contentHash: h1, title: 'A' });
    const b = await keepDocument(db, { url: 'https://www.gov.cn/b.htm', contentHash: h2, title: 'B' });
    const again = await keepDocument(db, { url: 'https://www.gov.cn/a.htm', contentHash: h2, title: 'A' });
    expect(again.document.id).toBe(a.document.id);
    expect(again.document.hashes).toEqual([`www.gov.cn ${h1}`]);
    expect((await resolveDocument(db, { url: 'https://www.gov.cn/c.htm', contentHash: h2 })).document?.id).toBe(b.document.id);
  });
});
