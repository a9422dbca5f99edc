/** A file opened in the viewer as a kept document: its identity, keeping it with its analysis, and the analyst's highlights on it. */
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../lib/analysis';
import { keepDocument, listDocuments, openPolicyLensDb } from '../../../lib/store';
import type { TextModel } from '../../../lib/text/types';
import { fileKey, fileUrl, openFileDocument } from '../../../lib/viewer/file-document';

const TEXT = readFileSync('seeds/library/guofa-shuzi.txt', 'utf8');
const tm: TextModel = { text: TEXT, segments: [], content: [0, TEXT.length], metaFields: {}, pageTitle: '数字政府', tables: [] };
const input = { text: TEXT, range: tm.content };
const model = analyze({ ...input, today: '2026-12-02' });

async function open(
  db: Awaited<ReturnType<typeof openPolicyLensDb>>,
  text = tm,
  url = fileUrl({ pdfFingerprint: 'A1B2C3D4E5F60718293A4B5C6D7E8F90', sha256: 'f'.repeat(64) }),
) {
  const painted = new Map<string, { start: number; end: number }[]>();
  const file = await openFileDocument({ db, key: await fileKey(url, text), tm: text, model, input, paint: (c, spans) => void painted.set(c, spans) });
  return { file, painted };
}

describe('a file in the viewer as a document', () => {
  it('is named by its PDF fingerprint, else by the SHA-256 of its bytes', () => {
    expect(fileUrl({ pdfFingerprint: 'A1B2C3D4E5F60718293A4B5C6D7E8F90', sha256: 'ab'.repeat(32) })).toBe('urn:pdf:a1b2c3d4e5f60718293a4b5c6d7e8f90');
    expect(fileUrl({ pdfFingerprint: null, sha256: 'ab'.repeat(32) })).toBe(`urn:sha256:${'ab'.repeat(32)}`);
  });

  it('the store takes a file’s name as a document URL, and no other URN', async () => {
    const db = await openPolicyLensDb(`viewer-${Math.random()}`, { indexedDB, IDBKeyRange });
    await expect(keepDocument(db, { url: `urn:sha256:${'ab'.repeat(32)}`, title: '文件' })).resolves.toMatchObject({ status: 'created' });
    await expect(keepDocument(db, { url: 'urn:isbn:9787010000000', title: '书' })).rejects.toThrow();
    db.close();
  });

  it('keeps nothing until asked; a highlight keeps it with its analysis and source; reopened, the highlight is anchored and painted again', async () => {
    const db = await openPolicyLensDb(`viewer-${Math.random()}`, { indexedDB, IDBKeyRange });
    const first = await open(db);
    expect(first.file.docId()).toBeNull();
    expect(await first.file.load()).toEqual({ anchored: 0, orphans: 0 });
    const at = TEXT.indexOf('国家数据局');
    const saved = await first.file.highlight(at, at + 5);
    expect(saved.target).toMatchObject({
      source: 'urn:pdf:a1b2c3d4e5f60718293a4b5c6d7e8f90',
      quote: { exact: '国家数据局' },
      position: { start: at, end: at + 5 },
    });
    expect(saved.target.measureId).toBeTruthy();
    expect(first.painted.get('pl-user-yellow')).toEqual([{ start: at, end: at + 5, key: `user:${saved.id}` }]);
    const docs = await listDocuments(db);
    expect(docs.map((d) => [d.url, d.site, d.docNumber])).toEqual([['urn:pdf:a1b2c3d4e5f60718293a4b5c6d7e8f90', 'local-file', model.meta.docNumber]]);
    expect((await db.analyses.get(docs[0]!.id))!.model.measures.length).toBe(model.measures.length);
    expect((await db.sources.get(docs[0]!.id))!.input.text).toBe(TEXT);

    // the same file opened again (its text a little changed: the highlight still finds its words)
    const edited = { ...tm, text: `附件\n${TEXT}`, content: [0, TEXT.length + 3] as [number, number] };
    const again = await open(db, edited);
    expect(again.file.docId()).toBe(docs[0]!.id);
    expect(await again.file.load()).toEqual({ anchored: 1, orphans: 0 });
    expect(again.painted.get('pl-user-yellow')).toEqual([{ start: at + 3, end: at + 8, key: `user:${saved.id}` }]);
    // keeping again is the same document
    expect(await again.file.keep()).toBe(docs[0]!.id);
    expect(await db.documents.count()).toBe(1);
    db.close();
  });

  it('the same PDF from its link and from the disk is one document: its fingerprint names it beside its URL', async () => {
    const db = await openPolicyLensDb(`viewer-${Math.random()}`, { indexedDB, IDBKeyRange });
    const urn = fileUrl({ pdfFingerprint: 'A1B2C3D4E5F60718293A4B5C6D7E8F90', sha256: 'f'.repeat(64) });
    const link = 'https://www.gov.cn/zhengce/files/fengong.pdf';
    const fromLink = await openFileDocument({ db, key: await fileKey(link, tm, [urn]), tm, model, input, paint: () => {} });
    const id = await fromLink.keep();
    expect((await listDocuments(db))[0]).toMatchObject({ url: link, urls: [urn] });
    const fromDisk = await open(db);
    expect(fromDisk.file.docId()).toBe(id);

    // the other way round: kept from the disk first, then opened from its link
    const db2 = await openPolicyLensDb(`viewer-${Math.random()}`, { indexedDB, IDBKeyRange });
    const disk = (await open(db2)).file;
    const id2 = await disk.keep();
    const linked = await openFileDocument({ db: db2, key: await fileKey(link, tm, [urn]), tm, model, input, paint: () => {} });
    expect(linked.docId()).toBe(id2);
    expect((await listDocuments(db2))[0]).toMatchObject({ url: urn, urls: [link] });
    db.close();
    db2.close();
  });

  it('a highlight takes its colour, note and tags; is recoloured and noted again; deleted softly and brought back', async () => {
    const db = await openPolicyLensDb(`viewer-${Math.random()}`, { indexedDB, IDBKeyRange });
    const { file, painted } = await open(db);
    const at = TEXT.indexOf('国家数据局');
    const a = await file.highlight(at, at + 5, { color: 'green', note: '核对', tags: ['督办'] });
    expect(a).toMatchObject({ color: 'green', note: '核对', tags: ['督办'] });
    expect(painted.get('pl-user-green')).toEqual([{ start: at, end: at + 5, key: `user:${a.id}` }]);
    expect(file.list().map((x) => [x.annotation.id, x.start, x.end])).toEqual([[a.id, at, at + 5]]);

    const changed = await file.update(a.id, { color: 'blue', note: '已核对' });
    expect(changed).toMatchObject({ id: a.id, color: 'blue', note: '已核对', tags: ['督办'] });
    expect(painted.get('pl-user-green')).toEqual([]);
    expect(painted.get('pl-user-blue')).toEqual([{ start: at, end: at + 5, key: `user:${a.id}` }]);

    await file.remove(a.id);
    expect(painted.get('pl-user-blue')).toEqual([]);
    expect(file.list()).toEqual([]);
    expect((await db.annotations.get(a.id))?.deletedFlag).toBe(1);
    // a deleted highlight is not there to change or delete again
    await expect(file.update(a.id, { color: 'pink' })).rejects.toThrow(/no highlight/);
    await expect(file.remove(a.id)).rejects.toThrow(/no highlight/);

    await file.restore(a.id);
    expect(painted.get('pl-user-blue')).toEqual([{ start: at, end: at + 5, key: `user:${a.id}` }]);
    // another document's highlight is not this file's to change
    const other = await keepDocument(db, { url: 'https://www.gov.cn/x.html', title: '别的' });
    const foreign = await db.annotations.put({ ...(await db.annotations.get(a.id))!, id: 'foreign', docId: other.document.id });
    await expect(file.update(String(foreign), { color: 'pink' })).rejects.toThrow(/no highlight/);
    db.close();
  });
});
