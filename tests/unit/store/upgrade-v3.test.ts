/**
 * The v3 upgrade on real v2 data (tests/fixtures/db/v2-real.json, written by the v2 store from
 * seed pages), and the repair pass after a downgrade: old code opens the v3 database, writes
 * v2-shaped rows, and the current code opens it again (no Dexie upgrade runs then).
 */
import { describe, it, expect } from 'vitest';
import Dexie from 'dexie';
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import { readFileSync } from 'node:fs';
import {
  openPolicyLensDb,
  keepDocument,
  putAnnotation,
  resolveDocument,
  listAnnotations,
  search,
  SCHEMA_V2,
  DB_VERSION,
  type PolicyLensDb,
} from '../../../lib/store';
import { check } from '../../../lib/schema';
import { exportedState } from '../../../lib/export';
import type { Annotation } from '../../../lib/annotations/types';
import { ann, dictTokenizer, uniqueName } from './fixtures';

interface Fixture {
  storeCommit: string;
  dbVersion: number;
  tables: Record<'documents' | 'annotations' | 'measureNotes' | 'analyses', Record<string, unknown>[]>;
}
const V2: Fixture = JSON.parse(readFileSync(new URL('../../fixtures/db/v2-real.json', import.meta.url), 'utf8'));

const GOV_2015 = 'https://www.gov.cn/zhengce/content/2015-07/04/content_10002.htm';
const HUBEI_COPY = 'https://www.hubei.gov.cn/zwgk/zcsd/201507/t20150710_696123.shtml';
const VISITED = 'https://www.gov.cn/zhengce/content/2017-08/14/content_10287.htm';

/** The v2 schema class, as the old code declares it. */
function v2Db(name: string): Dexie {
  const db = new Dexie(name, { indexedDB, IDBKeyRange });
  db.version(1).stores({ documents: 'id, url, fingerprint', annotations: 'id, docId, modified', measureNotes: 'id, docId' });
  db.version(2).stores(SCHEMA_V2);
  return db;
}

async function loadV2(): Promise<string> {
  const name = uniqueName('pl-v2-real');
  const db = v2Db(name);
  await db.open();
  for (const [table, rows] of Object.entries(V2.tables)) await db.table(table).bulkAdd(rows);
  db.close();
  return name;
}

function host(url: string): string {
  return new URL(url).hostname;
}

const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((r) => [r.id, r]));

describe('upgrade v2 → v3 from real v2 data', () => {
  it('the fixture is what the v2 store wrote', () => {
    expect(V2.dbVersion).toBe(2);
    expect(V2.tables.documents).toHaveLength(6);
    expect(V2.tables.annotations).toHaveLength(12);
    const central = V2.tables.documents.find((d) => d.url === GOV_2015)!;
    // v2 merged the provincial copy into the central record by SimHash
    expect(central.urls).toContain(HUBEI_COPY);
    expect(V2.tables.annotations.filter((a) => a.docId === central.id && host((a.target as { source: string }).source) === 'www.hubei.gov.cn')).toHaveLength(3);
  });

  it('keeps every annotation and id, splits the merged copy by host, drops the visit-only record', async () => {
    const name = await loadV2();
    const db = await openPolicyLensDb(name, { indexedDB, IDBKeyRange, tokenize: dictTokenizer });
    expect(db.verno).toBe(DB_VERSION);
    const report = db.upgradeReport!;
    const oldDocs = byId(V2.tables.documents as unknown as { id: string; url: string; fingerprint: string; title: string; docNumber: string | null }[]);
    const central = [...oldDocs.values()].find((d) => d.url === GOV_2015)!;
    const visited = [...oldDocs.values()].find((d) => d.url === VISITED)!;

    const docs = await db.documents.toArray();
    // 6 v2 records − 1 visit + 1 split = 6
    expect(docs).toHaveLength(6);
    for (const d of docs) expect(check('documentRecord', d), d.id).toEqual({ ok: true, value: d });
    expect(report.dropped).toEqual([visited.id]);
    expect(await db.documents.get(visited.id)).toBeUndefined();
    expect(await db.analyses.get(visited.id)).toBeUndefined();
    expect(await db.analyses.get(central.id)).toBeDefined();

    // ids unchanged for every kept v2 record; fingerprint → simhash; site from url; hashes empty
    for (const old of oldDocs.values()) {
      if (old.id === visited.id) continue;
      const now = await db.documents.get(old.id);
      expect(now, old.url).toMatchObject({
        id: old.id,
        url: old.url,
        site: host(old.url),
        hashes: [],
        simhash: old.fingerprint,
        title: old.title,
        docNumber: old.docNumber,
      });
      expect(now).not.toHaveProperty('fingerprint');
    }

    // the copy at www.hubei.gov.cn: a record of its own with the same metadata, its URL moved there
    const splitIds = Object.keys(report.split);
    expect(splitIds).toHaveLength(1);
    expect(report.split[splitIds[0]!]).toBe(central.id);
    const copy = (await db.documents.get(splitIds[0]!))!;
    expect(copy.id).toMatch(/^doc-[0-9a-f-]{36}$/);
    expect(copy).toMatchObject({
      url: HUBEI_COPY,
      urls: [],
      site: 'www.hubei.gov.cn',
      hashes: [],
      simhash: central.fingerprint,
      title: central.title,
      docNumber: central.docNumber,
    });
    expect((await db.documents.get(central.id))!.urls).toEqual([`${GOV_2015}?index=2`]);

    // every annotation is there, unchanged but for the docId of the moved ones, under a record of its own site
    const after = byId((await db.annotations.toArray()) as (Annotation & { tokens: string[]; deletedFlag: number })[]);
    expect(after.size).toBe(12);
    const docsById = byId(docs);
    for (const before of V2.tables.annotations as unknown as (Annotation & { tokens: string[]; deletedFlag: number })[]) {
      const a = after.get(before.id)!;
      const moved = before.docId === central.id && host(before.target.source) === 'www.hubei.gov.cn';
      expect(a, before.id).toEqual({ ...before, docId: moved ? copy.id : before.docId });
      expect(docsById.get(a.docId)!.site, before.id).toBe(host(a.target.source));
    }
    expect((await listAnnotations(db, copy.id, { includeDeleted: true })).map((a) => a.note)).toEqual(
      expect.arrayContaining(['湖北：省金融办对接', '省经信厅']),
    );
    expect(await listAnnotations(db, central.id)).toHaveLength(3);

    // measure notes untouched; the reprint kept for its measure note alone, gd for its deleted annotation
    expect(await db.measureNotes.toArray()).toEqual(V2.tables.measureNotes);
    expect(await db.documents.where('url').equals('https://news.example-daily.com/politics/2024/0306/c1001-40189234.html').count()).toBe(1);
    expect(await db.documents.where('url').equals('https://www.gd.gov.cn/zwgk/wjk/qbwj/yf/content/post_1635892.html').count()).toBe(1);

    // identity now: each URL resolves to its own record; search still finds the moved notes
    expect((await resolveDocument(db, { url: HUBEI_COPY })).document?.id).toBe(copy.id);
    expect((await resolveDocument(db, { url: GOV_2015 })).document?.id).toBe(central.id);
    expect((await search(db, '省金融办')).map((h) => (h.kind === 'annotation' ? h.annotation.docId : ''))).toEqual([copy.id]);
    db.close();

    // opening again changes nothing
    const again = await openPolicyLensDb(name, { indexedDB, IDBKeyRange, tokenize: dictTokenizer });
    expect(again.upgradeReport).toBeNull();
    expect(again.repairReport).toBeNull();
    expect(await again.documents.count()).toBe(6);
    again.close();
  });
});

describe('downgrade, then upgrade again', () => {
  async function downgradeRoundTrip(): Promise<{ name: string; kept: string }> {
    const name = uniqueName('pl-downgrade');
    const db = await openPolicyLensDb(name, { indexedDB, IDBKeyRange, tokenize: dictTokenizer });
    const { document } = await keepDocument(db, { url: 'https://www.gov.cn/a.htm', title: '甲文件' });
    const a = ann({ id: 'v3-ann', exact: '数据共享', start: 10, docId: document.id });
    a.target.source = 'https://www.gov.cn/a.htm';
    await putAnnotation(db, a);
    db.close();

    // the old extension opens the newer database (Dexie 4 allows it) and writes v2-shaped rows
    const old = v2Db(name);
    await old.open();
    const ts = '2026-04-01T00:00:00.000Z';
    const v2doc = (id: string, url: string) => ({
      id,
      url,
      urls: [],
      fingerprint: '0123456789abcdef',
      title: '旧版写入',
      docNumber: null,
      issuer: null,
      date: null,
      created: ts,
      modified: ts,
    });
    await old.table('documents').bulkAdd([
      v2doc('doc-0123456789abcdef', 'https://www.gov.cn/b.htm'), // annotated with the old code
      v2doc('doc-1111111111111111', 'https://www.gov.cn/c.htm'), // visited only
      v2doc('doc-2222222222222222', 'https://www.gov.cn/a.htm'), // the v3 record's URL: the old code did not find it
    ]);
    const onB = { ...ann({ id: 'old-b', exact: '公共数据', start: 3, docId: 'doc-0123456789abcdef', note: '旧版批注' }), created: ts, modified: ts };
    onB.target.source = 'https://www.gov.cn/b.htm';
    await old.table('annotations').add({ ...onB, tokens: ['公共', '数据'], deletedFlag: 0 });
    const onA = { ...ann({ id: 'old-a', exact: '开放', start: 30, docId: 'doc-2222222222222222' }), created: ts, modified: ts };
    onA.target.source = 'https://www.gov.cn/a.htm';
    await old.table('annotations').add(onA); // no tokens, no deletedFlag
    await old.table('measureNotes').add({
      id: 'doc-2222222222222222#1',
      docId: 'doc-2222222222222222',
      measureId: '1',
      measurePath: '一、',
      status: '推进中',
      note: '旧版状态',
      created: ts,
      modified: ts,
    });
    old.close();
    return { name, kept: document.id };
  }

  it('repairs the rows written meanwhile: v3 members filled, visits dropped, same-URL rows joined', async () => {
    const { name, kept } = await downgradeRoundTrip();
    const db: PolicyLensDb = await openPolicyLensDb(name, { indexedDB, IDBKeyRange, tokenize: dictTokenizer });
    expect(db.upgradeReport).toBeNull(); // no Dexie upgrade ran
    const r = db.repairReport!;
    expect(r).toMatchObject({
      converted: ['doc-0123456789abcdef'],
      dropped: ['doc-1111111111111111'],
      joined: { 'doc-2222222222222222': kept },
      annotationsFixed: 1,
    });
    expect(await db.documents.get('doc-0123456789abcdef')).toMatchObject({ site: 'www.gov.cn', hashes: [], simhash: '0123456789abcdef' });
    expect(await db.documents.get('doc-1111111111111111')).toBeUndefined();
    expect(await db.documents.get('doc-2222222222222222')).toBeUndefined();
    for (const d of await db.documents.toArray()) expect(check('documentRecord', d).ok).toBe(true);
    expect((await listAnnotations(db, kept)).map((a) => a.id).sort()).toEqual(['old-a', 'v3-ann']);
    expect((await db.annotations.get('old-a'))!.tokens).toContain('开放');
    expect(await db.measureNotes.get(`${kept}#1`)).toMatchObject({ docId: kept, status: '推进中', note: '旧版状态' });
    expect(await db.annotations.count()).toBe(3);
    const state = await exportedState(db);
    db.close();

    const again = await openPolicyLensDb(name, { indexedDB, IDBKeyRange, tokenize: dictTokenizer });
    expect(again.repairReport).toBeNull();
    expect(await exportedState(again)).toEqual(state);
    again.close();
  });
});
