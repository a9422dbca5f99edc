import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import { importFile } from '../../../entrypoints/sidepanel/io';
import { exportAll, serializeExport } from '../../../lib/export';
import { catalogGetMessage, createT, type Catalog } from '../../../lib/i18n';
import { keepDocument, listAnnotations, openPolicyLensDb, putAnnotation } from '../../../lib/store';
import type { Annotation } from '../../../lib/annotations/types';

const catalog = (loc: string) => JSON.parse(readFileSync(resolve(process.cwd(), `public/_locales/${loc}/messages.json`), 'utf8')) as Catalog;
const zh = createT(catalogGetMessage(catalog('zh_CN')));
const en = createT(catalogGetMessage(catalog('en')));
const URL = 'https://www.gov.cn/zhengce/content/2015-07/04/content_10002.htm';

function ann(id: string, start: number, over: Partial<Annotation> = {}): Annotation {
  return {
    id,
    docId: '',
    color: 'yellow',
    note: `批注 ${id}`,
    tags: [],
    created: '2026-12-01T00:00:00.000Z',
    modified: '2026-12-01T00:00:00.000Z',
    target: {
      source: URL,
      quote: { type: 'TextQuoteSelector', exact: `引文${id}`, prefix: '', suffix: '' },
      position: { type: 'TextPositionSelector', start, end: start + 4 },
    },
    ...over,
  };
}

/** A backup of three annotations in which one has an unknown colour and one lost its quote. */
async function damagedBackup(): Promise<File> {
  const src = await openPolicyLensDb(`io-src-${Math.random()}`, { indexedDB, IDBKeyRange });
  const doc = (await keepDocument(src, { url: URL, title: '国务院关于积极推进“互联网+”行动的指导意见' })).document;
  for (const [i, id] of ['a1', 'a2', 'a3'].entries()) await putAnnotation(src, ann(id, 10 * i, { docId: doc.id }));
  const env = JSON.parse(serializeExport(await exportAll(src, { extensionVersion: '0.1.0', now: '2026-12-02T00:00:00Z' })));
  env.documents[0].annotations[1]['pl:color'] = 'red';
  env.documents[0].annotations[2].target.selector = [];
  src.close();
  return new File([JSON.stringify(env)], 'backup.json', { type: 'application/json' });
}

describe('importing a damaged backup from the side panel', () => {
  it('imports what is sound, repairs what can be repaired, and names each record it changed or skipped', async () => {
    const db = await openPolicyLensDb(`io-dst-${Math.random()}`, { indexedDB, IDBKeyRange });
    const r = await importFile(db, await damagedBackup(), zh);
    expect(r.errors).toEqual([]);
    expect(r.summary).toBe('已导入 3 条，未变 0 条；修复 1 条，跳过 1 条。');
    expect(r.report).toHaveLength(2);
    expect(r.report![0]).toContain('documents[0].annotations[1]');
    expect(r.report![1]).toContain('documents[0].annotations[2]');
    const kept = (await db.documents.toArray())[0]!;
    expect((await listAnnotations(db, kept.id)).map((a) => [a.id, a.color])).toEqual([
      ['a1', 'yellow'],
      ['a2', 'yellow'],
    ]);
    db.close();
  });

  it('says the same in English', async () => {
    const db = await openPolicyLensDb(`io-en-${Math.random()}`, { indexedDB, IDBKeyRange });
    const r = await importFile(db, await damagedBackup(), en);
    expect(r.summary).toBe('Imported 3, unchanged 0; repaired 1, skipped 1.');
    expect(r.report!.join('\n')).not.toMatch(/[\u4e00-\u9fff]{2}/);
    db.close();
  });
});
