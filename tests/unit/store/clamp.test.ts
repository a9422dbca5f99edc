/**
 * The store accepts what import accepts: ordinary input is clamped where that keeps its meaning,
 * what cannot be clamped is refused with a StorageError('invalid') that names the field.
 */
import { describe, it, expect } from 'vitest';
import { describeStorageError, keepDocument, putAnnotation, putMeasureNote, StorageError, type PolicyLensDb } from '../../../lib/store';
import { exportAll, parseImport, applyImport, serializeExport, exportedState } from '../../../lib/export';
import { catalogGetMessage, createT, type Catalog } from '../../../lib/i18n';
import zhCatalog from '../../../public/_locales/zh_CN/messages.json';
import enCatalog from '../../../public/_locales/en/messages.json';
import { ann, openTestDb } from './fixtures';

const zh = createT(catalogGetMessage(zhCatalog as Catalog));
const en = createT(catalogGetMessage(enCatalog as Catalog));

async function refusal(p: Promise<unknown>): Promise<StorageError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(StorageError);
  return e as StorageError;
}

/** What the store holds survives an export and an import into a fresh database. */
async function roundTrips(db: PolicyLensDb): Promise<void> {
  const file = serializeExport(await exportAll(db, { extensionVersion: '0.1.0', now: '2026-03-05T00:00:00Z', includeDeleted: true }));
  const parsed = parseImport(file);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  expect(parsed.data.report).toEqual([]);
  const fresh = await openTestDb();
  await applyImport(fresh, parsed.data);
  expect(await exportedState(fresh)).toEqual(await exportedState(db));
}

describe('the store clamps what it can and refuses the rest by field', () => {
  it('a selection of 20,000+ characters is stored whole', async () => {
    const db = await openTestDb();
    const { document } = await keepDocument(db, { url: 'https://www.gov.cn/a.htm', title: 'A' });
    const exact = '推进“互联网+”协同制造，'.repeat(2000);
    expect(exact.length).toBeGreaterThan(20_000);
    const saved = await putAnnotation(db, ann({ id: 'long', exact, start: 5, docId: document.id }));
    expect(saved.target.quote.exact).toBe(exact);
    await roundTrips(db);
  });

  it('a quote context with a long whitespace run is collapsed and cut to 64 characters', async () => {
    const db = await openTestDb();
    const { document } = await keepDocument(db, { url: 'https://www.gov.cn/a.htm', title: 'A' });
    const a = ann({ id: 'ws', exact: '数据共享', start: 900, docId: document.id });
    a.target.quote.prefix = `第一段${' \n\t\u3000'.repeat(300)}上文${'甲'.repeat(80)}`;
    a.target.quote.suffix = `${'\n'.repeat(500)}下文${'乙'.repeat(80)}`;
    const saved = await putAnnotation(db, a);
    expect(saved.target.quote.prefix).toBe('甲'.repeat(64));
    expect(saved.target.quote.suffix).toBe(` 下文${'乙'.repeat(61)}`);
    await roundTrips(db);
  });

  it('a URL and a title over the old caps: the URL is kept whole, the title trimmed to 1,000 characters', async () => {
    const db = await openTestDb();
    const url = `https://www.gov.cn/search.htm?q=${'x'.repeat(5000)}`;
    const title = `  ${'关于'.repeat(1500)}  `;
    const { document } = await keepDocument(db, { url, title });
    expect(document.url).toBe(url);
    expect(document.title).toBe('关于'.repeat(500));
    await putAnnotation(db, {
      ...ann({ id: 'u', exact: '关于', start: 0, docId: document.id }),
      target: { ...ann({ id: 'u', exact: '关于', start: 0 }).target, source: url },
    });
    await roundTrips(db);
    const tooLong = await refusal(keepDocument(db, { url: `https://www.gov.cn/${'y'.repeat(8200)}`, title: '' }));
    expect(tooLong.issues.map((i) => [i.path, i.key])).toEqual([['url', 'schemaErr_maxLength']]);
  });

  it('tags: trimmed, de-duplicated, at most 50', async () => {
    const db = await openTestDb();
    const tags = [' 牵头 ', '牵头', '', ...Array.from({ length: 80 }, (_, i) => `标签${i}`)];
    const saved = await putAnnotation(db, ann({ id: 't', exact: '牵头', start: 1, tags }));
    expect(saved.tags).toHaveLength(50);
    expect(saved.tags.slice(0, 2)).toEqual(['牵头', '标签0']);
  });

  it('colour "red" is refused, naming the field, in Chinese and English', async () => {
    const db = await openTestDb();
    const e = await refusal(putAnnotation(db, { ...ann({ id: 'r', exact: '数据', start: 1 }), color: 'red' as never }));
    expect(e.code).toBe('invalid');
    expect(e.issues).toEqual([{ path: 'color', key: 'schemaErr_enum', subs: ['yellow | green | blue | pink | purple', '"red"'] }]);
    expect(describeStorageError(e, zh)).toBe('数据无效，未保存：字段 color：应为 yellow | green | blue | pink | purple 之一，实为 "red"');
    expect(describeStorageError(e, en)).toBe('Invalid data, nothing was saved: color: must be one of yellow | green | blue | pink | purple, got "red"');
    expect(await db.annotations.count()).toBe(0);
  });

  it('created "yesterday" is refused, naming the field', async () => {
    const db = await openTestDb();
    const e = await refusal(putAnnotation(db, { ...ann({ id: 'y', exact: '数据', start: 1 }), created: 'yesterday' }));
    expect(e.issues).toEqual([{ path: 'created', key: 'schemaErr_dateTime', subs: ['"yesterday"'] }]);
    expect(describeStorageError(e, en)).toContain('created: must be an ISO 8601 date-time');
    const n = await refusal(putMeasureNote(db, { docId: 'd', measureId: '1', measurePath: '', status: '完成' as never, note: '' }));
    expect(n.issues.map((i) => [i.path, i.key])).toEqual([['status', 'schemaErr_enum']]);
  });
});
