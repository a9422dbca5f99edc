import { describe, it, expect } from 'vitest';
import Dexie from 'dexie';
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import {
  openPolicyLensDb,
  keepDocument,
  getDocumentByUrl,
  listDocuments,
  putAnnotation,
  getAnnotation,
  listAnnotations,
  softDelete,
  undoDelete,
  purgeDeleted,
  search,
  putMeasureNote,
  listMeasureNotes,
  recordAnalysis,
  getAnalysis,
  forgetDocument,
  withRetry,
  StorageError,
  describeError,
  describeStorageError,
  requestPersistence,
  SCHEMA_V1,
  SCHEMA_V4,
  DB_VERSION,
  bigramTokenizer,
  type PolicyLensDb,
} from '../../../lib/store';
import type { PolicyModel } from '../../../lib/analysis/types';
import { catalogGetMessage, createT } from '../../../lib/i18n';
import zhCatalog from '../../../public/_locales/zh_CN/messages.json';
import enCatalog from '../../../public/_locales/en/messages.json';
import { ann, clock, dictTokenizer, openTestDb, SOURCE, uniqueName } from './fixtures';

async function seedDoc(db: PolicyLensDb) {
  return keepDocument(db, {
    url: SOURCE,
    contentHash: 'a'.repeat(64),
    simhash: '0123456789abcdef',
    title: '国务院关于积极推进“互联网+”行动的指导意见',
    docNumber: '国发〔2015〕40号',
    issuer: '国务院',
    date: '2015-07-01',
  });
}

describe('documents', () => {
  it('forgetDocument removes its annotations (with their search tokens), notes and cached analysis', async () => {
    const db = await openTestDb();
    const { document: doc } = await seedDoc(db);
    const other = await keepDocument(db, { url: 'https://www.gov.cn/other.htm', title: '另一文件' });
    await putAnnotation(db, ann({ id: 'a1', exact: '互联网+', start: 10, docId: doc.id, note: '电子商务' }));
    await putAnnotation(db, ann({ id: 'a2', exact: '电子商务', start: 30, docId: other.document.id }));
    await putMeasureNote(db, { docId: doc.id, measureId: '1', measurePath: '一、', status: '推进中', note: 'x' });
    await recordAnalysis(db, doc.id, { engine: 'e@1' } as unknown as PolicyModel);
    await forgetDocument(db, doc.id);
    expect((await listDocuments(db)).map((d) => d.id)).toEqual([other.document.id]);
    expect((await db.annotations.toArray()).map((a) => a.id)).toEqual(['a2']);
    expect(await db.annotations.where('tokens').equals('电子商务').primaryKeys()).toEqual(['a2']);
    expect(await db.measureNotes.count()).toBe(0);
    expect(await getAnalysis(db, doc.id)).toBeUndefined();
  });
});

describe('annotations', () => {
  it('put sets modified and tokens, lists in document order, get returns the public shape', async () => {
    const db = await openTestDb();
    await putAnnotation(db, ann({ id: 'b', exact: '加快推进“互联网+”发展', start: 420, note: '重点' }));
    await putAnnotation(db, ann({ id: 'a', exact: '工业和信 息化部', start: 120, tags: ['牵头'] }));
    await putAnnotation(db, ann({ id: 'c', exact: '发展改革委', start: 120 + 0, note: '更短' }));
    const list = await listAnnotations(db, 'doc-fp1');
    expect(list.map((a) => a.id)).toEqual(['c', 'a', 'b']); // 120-125 before 120-128, then 420
    const a = await getAnnotation(db, 'a');
    expect(a).toBeDefined();
    expect(a).not.toHaveProperty('tokens');
    expect(a).not.toHaveProperty('deletedFlag');
    expect(a!.modified).toMatch(/^2026-03-01T08:00:0\dZ?/);
    const stored = await db.annotations.get('a');
    expect(stored!.tokens).toEqual(expect.arrayContaining(['工业', '信息化', '牵头']));
  });

  it('edit keeps created and moves modified forward', async () => {
    const db = await openTestDb();
    const first = await putAnnotation(db, ann({ id: 'x', exact: '普惠金融', start: 5 }));
    const second = await putAnnotation(db, { ...first, note: '关注小微企业' });
    expect(second.created).toBe(first.created);
    expect(second.modified > first.modified).toBe(true);
    expect((await getAnnotation(db, 'x'))!.note).toBe('关注小微企业');
  });

  it('rejects invalid records with a typed error and writes nothing', async () => {
    const db = await openTestDb();
    const bad = ann({ id: 'bad', exact: '数据', start: 10 });
    bad.target.position.end = 3;
    await expect(putAnnotation(db, bad)).rejects.toMatchObject({ code: 'invalid' });
    await expect(putAnnotation(db, { ...ann({ id: 'z', exact: 'x', start: 0 }), docId: '' })).rejects.toBeInstanceOf(StorageError);
    expect(await db.annotations.count()).toBe(0);
  });

  it('soft delete hides, undo restores, purge removes only old deleted ones', async () => {
    const db = await openTestDb();
    await putAnnotation(db, ann({ id: 'k1', exact: '电子商务', start: 1, note: '跨境电子商务' }));
    await putAnnotation(db, ann({ id: 'k2', exact: '智能制造', start: 50 }));
    await putAnnotation(db, ann({ id: 'k3', exact: '网络安全', start: 90 }));

    await softDelete(db, 'k1');
    expect((await listAnnotations(db, 'doc-fp1')).map((a) => a.id)).toEqual(['k2', 'k3']);
    expect((await listAnnotations(db, 'doc-fp1', { includeDeleted: true })).map((a) => a.id)).toEqual(['k1', 'k2', 'k3']);
    expect(await search(db, '电子商务')).toEqual([]);

    const back = await undoDelete(db, 'k1');
    expect(back.deleted).toBeUndefined();
    expect((await listAnnotations(db, 'doc-fp1')).map((a) => a.id)).toEqual(['k1', 'k2', 'k3']);
    expect((await search(db, '电子商务')).length).toBe(1);

    const d1 = await softDelete(db, 'k1');
    const d3 = await softDelete(db, 'k3');
    expect(d3.modified > d1.modified).toBe(true);
    // purge everything deleted before k3's deletion time: only k1 goes
    expect(await purgeDeleted(db, d3.modified)).toBe(1);
    expect(await db.annotations.get('k1')).toBeUndefined();
    expect((await listAnnotations(db, 'doc-fp1', { includeDeleted: true })).map((a) => a.id)).toEqual(['k2', 'k3']);
    await expect(softDelete(db, 'nope')).rejects.toMatchObject({ code: 'not-found' });
  });
});

describe('purgeDeleted', () => {
  it('compares instants: a limit written in +08:00 purges what was deleted before that instant', async () => {
    const db = await openTestDb({ now: clock('2026-03-01T08:00:00.000Z', 60_000) });
    await putAnnotation(db, ann({ id: 'p1', exact: '普惠金融', start: 1 }));
    await putAnnotation(db, ann({ id: 'p2', exact: '智能制造', start: 9 }));
    const d1 = await softDelete(db, 'p1'); // 08:02Z
    await softDelete(db, 'p2'); // 08:03Z
    expect(d1.modified).toBe('2026-03-01T08:02:00.000Z');
    // 16:02:30+08:00 is 08:02:30Z: after p1's deletion, before p2's (a string comparison purges both)
    expect(await purgeDeleted(db, '2026-03-01T16:02:30+08:00')).toBe(1);
    expect((await db.annotations.toArray()).map((a) => a.id)).toEqual(['p2']);
    expect(await purgeDeleted(db, new Date('2026-03-01T08:02:59Z'))).toBe(0);
  });
});

describe('search', () => {
  async function fill() {
    const db = await openTestDb();
    await putAnnotation(db, ann({ id: 's1', exact: '推动公共数据资源开放', start: 100, note: '各部门共享公共数据，年底前完成' }));
    await putAnnotation(db, ann({ id: 's2', exact: '“互联网+”普惠金融', start: 200, note: '', tags: ['金融'] }));
    await putAnnotation(db, ann({ id: 's3', exact: '工业和信 息化部', start: 300, note: '牵头部门' }));
    await putAnnotation(db, ann({ id: 's4', exact: '数据', start: 400, docId: 'doc-other', note: '数据共享' }));
    await putMeasureNote(db, { docId: 'doc-fp1', measureId: '3.2', measurePath: '三、(二)', status: '关注', note: '数据共享平台建设滞后' });
    return db;
  }

  it('word level finds words in another order than typed (no substring match)', async () => {
    const db = await fill();
    const hits = await search(db, '数据共享');
    const byId = new Map(hits.map((h) => [h.kind === 'annotation' ? h.annotation.id : h.measureNote.id, h.matchedBy]));
    // s1 has 共享 ... 数据 in its note but never the string 数据共享
    expect(byId.get('s1')).toEqual(['word']);
    expect(byId.get('s4')).toEqual(['word', 'substring']);
    expect(byId.get('doc-fp1#3.2')).toEqual(['word', 'substring']);
    expect(byId.has('s2')).toBe(false);
    // both-way matches rank first
    expect(hits[hits.length - 1]!.matchedBy).toEqual(['word']);
  });

  it('substring finds text the tokenizer splits differently, across stray spaces and full-width forms', async () => {
    const db = await fill();
    const plus = await search(db, '网+”普惠');
    expect(plus.map((h) => (h.kind === 'annotation' ? h.annotation.id : ''))).toEqual(['s2']);
    expect(plus[0]!.matchedBy).toContain('substring');
    const spaced = await search(db, '工业和信息化部');
    expect(spaced.map((h) => (h.kind === 'annotation' ? h.annotation.id : ''))).toEqual(['s3']);
    const fullWidth = await search(db, '互联网＋');
    expect(fullWidth.map((h) => (h.kind === 'annotation' ? h.annotation.id : ''))).toEqual(['s2']);
    // the comparison key reads the OCR slip 十 as + and any double quote as any other
    const ocr = await search(db, '「互联网十」');
    expect(ocr.map((h) => (h.kind === 'annotation' ? h.annotation.id : ''))).toEqual(['s2']);
  });

  it('finds tags, limits to a document, returns nothing for blank queries', async () => {
    const db = await fill();
    expect((await search(db, '金融')).some((h) => h.kind === 'annotation' && h.annotation.id === 's2')).toBe(true);
    const scoped = await search(db, '数据', { docId: 'doc-other' });
    expect(scoped.map((h) => (h.kind === 'annotation' ? h.annotation.id : h.measureNote.id))).toEqual(['s4']);
    expect(await search(db, '   ')).toEqual([]);
    expect(await search(db, '区块链')).toEqual([]);
  });
});

describe('measure notes and analysis cache', () => {
  it('one note per measure, listed in measure order, created kept on edit', async () => {
    const db = await openTestDb();
    const n10 = await putMeasureNote(db, { docId: 'd', measureId: '2.10', measurePath: '二、(十)', status: '未开始', note: '' });
    await putMeasureNote(db, { docId: 'd', measureId: '2.9', measurePath: '二、(九)', status: '推进中', note: '已发文' });
    await putMeasureNote(db, { docId: 'd', measureId: '11', measurePath: '十一、', status: null, note: '' });
    const edited = await putMeasureNote(db, { docId: 'd', measureId: '2.10', measurePath: '二、(十)', status: '已完成', note: '验收' });
    expect(edited.id).toBe('d#2.10');
    expect(edited.created).toBe(n10.created);
    const list = await listMeasureNotes(db, 'd');
    expect(list.map((n) => n.measureId)).toEqual(['2.9', '2.10', '11']);
    expect(list[1]!.status).toBe('已完成');
  });

  it('caches analysis per engine version', async () => {
    const db = await openTestDb();
    const model = { engine: 'pl-analysis@1', isPolicy: true } as unknown as PolicyModel;
    await recordAnalysis(db, 'd', model);
    expect(await getAnalysis(db, 'd')).toEqual(model);
    expect(await getAnalysis(db, 'd', 'pl-analysis@1')).toEqual(model);
    expect(await getAnalysis(db, 'd', 'pl-analysis@2')).toBeUndefined();
  });
});

describe('schema upgrade v1 → current', () => {
  it('reopens a v1 database with the current code: data intact, urls/tokens/deletedFlag filled, the visit-only record dropped', async () => {
    const name = uniqueName('pl-upgrade');
    const v1 = new Dexie(name, { indexedDB, IDBKeyRange });
    v1.version(1).stores(SCHEMA_V1);
    await v1.open();
    await v1.table('documents').bulkAdd([
      {
        id: 'doc-a',
        url: 'https://www.gov.cn/a.htm',
        fingerprint: 'fa',
        title: '关于推进数据共享的通知',
        docNumber: '国办发〔2016〕1号',
        issuer: '国务院办公厅',
        date: '2016-01-05',
        created: '2016-02-01T00:00:00.000Z',
        modified: '2016-02-01T00:00:00.000Z',
      },
      {
        id: 'doc-b',
        url: 'https://www.gov.cn/b.htm',
        fingerprint: 'fb',
        title: 'B',
        docNumber: null,
        issuer: null,
        date: null,
        urls: ['https://www.gov.cn/b.htm', 'https://m.gov.cn/b.htm'],
        created: '2016-02-01T00:00:00.000Z',
        modified: '2016-02-01T00:00:00.000Z',
      },
    ]);
    await v1.table('annotations').bulkAdd([
      {
        ...ann({ id: 'u1', exact: '政府数据开放', start: 40, docId: 'doc-a', note: '重点：共享平台' }),
        created: '2016-02-02T00:00:00.000Z',
        modified: '2016-02-02T00:00:00.000Z',
      },
      {
        ...ann({ id: 'u2', exact: '网络安全', start: 10, docId: 'doc-a', deleted: true }),
        created: '2016-02-03T00:00:00.000Z',
        modified: '2016-02-03T00:00:00.000Z',
      },
    ]);
    await v1.table('measureNotes').add({
      id: 'doc-a#1',
      docId: 'doc-a',
      measureId: '1',
      measurePath: '一、',
      status: '推进中',
      note: '季度调度',
      created: '2016-02-04T00:00:00.000Z',
      modified: '2016-02-04T00:00:00.000Z',
    });
    const before = await v1.table('annotations').toArray();
    v1.close();

    const db = await openPolicyLensDb(name, { indexedDB, IDBKeyRange, tokenize: dictTokenizer });
    expect(db.verno).toBe(DB_VERSION);
    expect(db.tables.map((t) => t.name).sort()).toEqual(['analyses', 'annotations', 'documents', 'libraryIndex', 'measureNotes', 'sources']);
    expect(db.annotations.schema.indexes.map((i) => i.name)).toEqual(expect.arrayContaining(['tokens', '[docId+deletedFlag]']));

    const docA = await db.documents.get('doc-a');
    expect(docA).toMatchObject({ title: '关于推进数据共享的通知', docNumber: '国办发〔2016〕1号', urls: [], site: 'www.gov.cn', hashes: [], simhash: null });
    // doc-b holds no annotation and no measure note: it was a visit, not a kept document
    expect(await getDocumentByUrl(db, 'https://m.gov.cn/b.htm')).toBeUndefined();
    expect(await db.documents.count()).toBe(1);

    const u1 = await db.annotations.get('u1');
    expect(u1!.tokens).toEqual(expect.arrayContaining(['政府', '数据', '开放', '共享', '平台']));
    expect(u1!.deletedFlag).toBe(0);
    expect((await db.annotations.get('u2'))!.deletedFlag).toBe(1);
    // user content untouched
    const after = (await db.annotations.toArray()).map(({ tokens: _t, deletedFlag: _d, ...rest }) => rest);
    expect(after).toEqual(before);
    expect((await listAnnotations(db, 'doc-a')).map((a) => a.id)).toEqual(['u1']);
    expect((await search(db, '共享平台')).map((h) => (h.kind === 'annotation' ? h.annotation.id : h.measureNote.id))).toEqual(['u1']);
    expect(await listMeasureNotes(db, 'doc-a')).toHaveLength(1);
    db.close();

    // and opening again is a no-op
    const again = await openPolicyLensDb(name, { indexedDB, IDBKeyRange, tokenize: dictTokenizer });
    expect(await again.annotations.count()).toBe(2);
    again.close();
  });

  it('a database left by a newer extension version still opens with its data (downgrade)', async () => {
    const name = uniqueName('pl-newer');
    const newer = new Dexie(name, { indexedDB, IDBKeyRange });
    newer.version(DB_VERSION + 1).stores({ ...SCHEMA_V4, documents: 'id, url, *urls, site, *hashes, title', collections: 'id' });
    await newer.open();
    await newer.table('annotations').add({
      ...ann({ id: 'n1', exact: '标准体系', start: 3 }),
      tokens: ['标准'],
      deletedFlag: 0,
      created: '2026-01-01T00:00:00Z',
      modified: '2026-01-01T00:00:00Z',
    });
    await newer.table('collections').add({ id: 'c1' });
    newer.close();
    const db = await openPolicyLensDb(name, { indexedDB, IDBKeyRange, tokenize: dictTokenizer });
    expect((await listAnnotations(db, 'doc-fp1')).map((a) => a.id)).toEqual(['n1']);
    expect(Array.from(db.backendDB().objectStoreNames)).toContain('collections');
    db.close();
  });
});

/** Dexie middleware that makes the next `n` writes fail with the given DOMException name. */
function failNextWrites(n: number, name: string) {
  const state = { left: n, calls: 0 };
  const addon = (db: Dexie) =>
    db.use({
      stack: 'dbcore',
      name: 'fail-writes',
      create(down) {
        return {
          ...down,
          table(tableName) {
            const t = down.table(tableName);
            return {
              ...t,
              mutate(req) {
                state.calls++;
                if (state.left > 0) {
                  state.left--;
                  return Promise.reject(new DOMException(`simulated ${name}`, name));
                }
                return t.mutate(req);
              },
            };
          },
        };
      },
    });
  return { state, addon };
}

describe('write failures', () => {
  it('retries a transient AbortError and then succeeds', async () => {
    const delays: number[] = [];
    const { state, addon } = failNextWrites(2, 'AbortError');
    const db = await openTestDb({ addons: [addon], retry: { retries: 3, baseDelayMs: 10, sleep: async (ms) => void delays.push(ms) } });
    await putAnnotation(db, ann({ id: 'r1', exact: '试点示范', start: 7 }));
    expect(state.calls).toBe(3);
    expect(delays).toEqual([10, 20]);
    expect(await getAnnotation(db, 'r1')).toBeDefined();
  });

  it('gives up after the bounded retries with a failed StorageError', async () => {
    const { state, addon } = failNextWrites(10, 'TransactionInactiveError');
    const db = await openTestDb({ addons: [addon], retry: { retries: 2, sleep: async () => {} } });
    const err = await putAnnotation(db, ann({ id: 'r2', exact: '试点', start: 7 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect(err).toMatchObject({ code: 'failed', attempts: 3 });
    expect(state.calls).toBe(3);
  });

  it('reports a quota error at once, worded in the UI language, without retrying', async () => {
    const { state, addon } = failNextWrites(1, 'QuotaExceededError');
    const db = await openTestDb({ addons: [addon] });
    const err = (await putMeasureNote(db, { docId: 'd', measureId: '1', measurePath: '一、', status: null, note: '长批注' }).catch(
      (e: unknown) => e,
    )) as StorageError;
    expect(err).toBeInstanceOf(StorageError);
    expect(err.code).toBe('quota');
    expect(err.attempts).toBe(1);
    expect(err.key).toBe('storeErr_quota');
    expect(describeStorageError(err, createT(catalogGetMessage(zhCatalog)))).toContain('存储空间不足');
    expect(describeStorageError(err, createT(catalogGetMessage(enCatalog)))).toContain('quota');
    expect(describeError(err, createT(catalogGetMessage(enCatalog)))).toContain('quota');
    expect(state.calls).toBe(1);
    expect(await db.measureNotes.count()).toBe(0);
  });

  it('withRetry sees a quota error hidden inside a Dexie/abort chain', async () => {
    const wrapped = Object.assign(new Error('Transaction aborted'), {
      name: 'AbortError',
      inner: new DOMException('full', 'QuotaExceededError'),
    });
    let calls = 0;
    const err = await withRetry(async () => {
      calls++;
      throw wrapped;
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'quota' });
    expect(calls).toBe(1);
  });
});

describe('requestPersistence', () => {
  it('asks once, reports already-persisted, and survives missing APIs', async () => {
    let asked = 0;
    const nav = { storage: { persisted: async () => false, persist: async () => (asked++, true), estimate: async () => ({ usage: 10, quota: 100 }) } };
    expect(await requestPersistence(nav)).toEqual({ supported: true, persisted: true, already: false, usage: 10, quota: 100 });
    expect(asked).toBe(1);
    expect(await requestPersistence({ storage: { persisted: async () => true, persist: async () => (asked++, false) } })).toMatchObject({
      persisted: true,
      already: true,
    });
    expect(asked).toBe(1);
    expect(await requestPersistence({})).toEqual({ supported: false, persisted: false, already: false });
    expect(
      await requestPersistence({
        storage: {
          persist: async () => {
            throw new DOMException('denied', 'NotAllowedError');
          },
        },
      }),
    ).toMatchObject({ supported: true, persisted: false, error: 'NotAllowedError: denied' });
  });
});

describe('bigram fallback tokenizer', () => {
  it('splits CJK into bigrams and keeps Latin words', () => {
    expect(bigramTokenizer('数据共享 API接口')).toEqual(['数据', '据共', '共享', 'api', '接口']);
    expect(bigramTokenizer('网')).toEqual(['网']);
  });
});

void clock;
