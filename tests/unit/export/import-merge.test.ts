/**
 * Import: repair or skip each record and report it; read version-1 exports; match documents by
 * the store's identity rules; merge by time value; refuse id collisions across documents.
 */
import { describe, it, expect } from 'vitest';
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import { applyImport, buildExport, describeReportEntry, parseImport, serializeExport, toW3C, type ImportData } from '../../../lib/export';
import { openPolicyLensDb, putAnnotation, getAnnotation, type PolicyLensDb } from '../../../lib/store';
import { check } from '../../../lib/schema';
import { catalogGetMessage, createT, type Catalog } from '../../../lib/i18n';
import zhCatalog from '../../../public/_locales/zh_CN/messages.json';
import enCatalog from '../../../public/_locales/en/messages.json';
import type { DocumentRecord } from '../../../lib/annotations/types';
import { ANNOTATIONS, DOC, NOTES } from './fixtures';

const NOW = '2026-11-28T10:00:00.000Z';
let n = 0;
function db(): Promise<PolicyLensDb> {
  return openPolicyLensDb(`pl-merge-${Date.now()}-${++n}`, { indexedDB, IDBKeyRange, retry: { sleep: async () => {} } });
}

function file(docs: { document: DocumentRecord; annotations?: typeof ANNOTATIONS; notes?: typeof NOTES }[]): string {
  return serializeExport(
    buildExport({
      documents: docs.map((d) => d.document),
      analyses: {},
      annotations: docs.flatMap((d) => (d.annotations ?? []).map((a) => ({ ...a, docId: d.document.id }))),
      measureNotes: docs.flatMap((d) => (d.notes ?? []).map((m) => ({ ...m, docId: d.document.id, id: `${d.document.id}#${m.measureId}` }))),
      extensionVersion: '0.1.0',
      now: NOW,
    }),
  );
}

function parsed(text: string): ImportData {
  const r = parseImport(text, { now: NOW });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.data;
}

describe('reading', () => {
  it('a version-1 export (documents with a fingerprint) is read as v3 records', () => {
    const v1 = JSON.parse(file([{ document: DOC, annotations: ANNOTATIONS.slice(0, 1), notes: NOTES }]));
    v1.version = 1;
    const { site: _s, hashes: _h, simhash: _m, ...doc } = v1.documents[0].document;
    v1.documents[0].document = { ...doc, fingerprint: 'a8d5c490817db3bf' };
    const data = parsed(JSON.stringify(v1));
    expect(data.version).toBe(1);
    expect(data.report).toEqual([]);
    expect(data.documents[0]!.document).toEqual({ ...doc, site: 'www.gov.cn', hashes: [], simhash: 'a8d5c490817db3bf' });
    expect(data.documents[0]!.annotations).toHaveLength(1);
    expect(data.documents[0]!.measureNotes).toHaveLength(2);
  });

  it('repairs: urls/tags missing, unknown colour, bad created, 1,000 urls, long context; skips: no quote, no document id', () => {
    const env = JSON.parse(
      file([{ document: DOC, annotations: ANNOTATIONS }, { document: { ...DOC, id: 'doc-z', url: 'https://www.gov.cn/2.htm', urls: [] } }]),
    );
    const d0 = env.documents[0];
    d0.document.urls = Array.from({ length: 1000 }, (_, i) => `${DOC.url}?t=${i}`);
    delete d0.annotations[0].body; // no tags, no note: fine as it is
    d0.annotations[1]['pl:color'] = 'red';
    d0.annotations[1].created = 'yesterday';
    d0.annotations[2].target.selector[0].prefix = `${' '.repeat(5000)}上文`;
    delete d0.annotations[3].target.selector[0];
    d0.annotations[3].target.selector = d0.annotations[3].target.selector.filter(Boolean);
    delete env.documents[1].document.id;
    const data = parsed(JSON.stringify(env));
    expect(data.report.map((e) => [e.path, e.action, e.issues.map((i) => i.key)])).toEqual([
      ['documents[0].document', 'repaired', ['schemaErr_maxItems']],
      ['documents[0].annotations[1]', 'repaired', ['schemaErr_enum', 'schemaErr_dateTime']],
      ['documents[0].annotations[2]', 'repaired', ['schemaErr_maxLength']],
      ['documents[0].annotations[3]', 'skipped', ['schemaErr_noQuote']],
      ['documents[1].document', 'skipped', ['schemaErr_required']],
    ]);
    const [doc] = data.documents;
    expect(data.documents).toHaveLength(1);
    expect(doc!.document.urls).toHaveLength(50);
    expect(doc!.document.urls[49]).toBe(`${DOC.url}?t=999`);
    const [a0, a1, a2] = doc!.annotations;
    expect(a1).toMatchObject({ color: 'yellow', created: a1!.modified });
    expect(a2!.target.quote.prefix).toBe(' 上文');
    expect(a0!.tags).toEqual([]);
    for (const a of doc!.annotations) expect(check('annotation', a).ok).toBe(true);
    // the report in the UI language
    const en = createT(catalogGetMessage(enCatalog as Catalog));
    const zh = createT(catalogGetMessage(zhCatalog as Catalog));
    expect(describeReportEntry(data.report[1]!, en)).toBe(
      'documents[0].annotations[1] repaired: ["pl:color"]: must be one of yellow | green | blue | pink | purple, got "red"; created: must be an ISO 8601 date-time (e.g. 2026-03-01T08:00:00Z), got "yesterday"',
    );
    expect(describeReportEntry(data.report[4]!, zh)).toBe('documents[1].document 已跳过：字段 id：缺少必填字段');
  });
});

describe('applyImport', () => {
  it('merges by time value: +08:00 and Z are the same instant', async () => {
    const d = await db();
    const a = ANNOTATIONS[0]!;
    await applyImport(d, parsed(file([{ document: DOC, annotations: [{ ...a, modified: '2024-01-01T00:00:00Z' }] }])));
    // the same instant written in +08:00: no change (a string comparison calls it newer)
    const same = await applyImport(
      d,
      parsed(file([{ document: DOC, annotations: [{ ...a, note: '同一时刻的另一版本', modified: '2024-01-01T08:00:00+08:00' }] }])),
    );
    expect(same.byTable.annotations).toMatchObject({ updated: 0, keptLocal: 1 });
    // an hour EARLIER, though its string sorts later
    const earlier = await applyImport(d, parsed(file([{ document: DOC, annotations: [{ ...a, note: '更早', modified: '2024-01-01T07:00:00+08:00' }] }])));
    expect(earlier.byTable.annotations).toMatchObject({ updated: 0, keptLocal: 1 });
    // a minute later, though its string sorts earlier
    const later = await applyImport(d, parsed(file([{ document: DOC, annotations: [{ ...a, note: '更晚', modified: '2024-01-01T08:01:00+08:00' }] }])));
    expect(later.byTable.annotations).toMatchObject({ updated: 1 });
    expect((await getAnnotation(d, a.id))!.note).toBe('更晚');
  });

  it('matches documents by id, URL, or site + hash; never by SimHash alone', async () => {
    const d = await db();
    await applyImport(d, parsed(file([{ document: DOC }])));
    const byUrl = { ...DOC, id: 'doc-other-machine-1', hashes: [], simhash: null };
    const byHash = { ...DOC, id: 'doc-other-machine-2', url: `${DOC.url}?from=mirror`, urls: [] };
    const bySimhashOnly = {
      ...DOC,
      id: 'doc-copy-elsewhere',
      url: 'https://www.example-province.gov.cn/copy.htm',
      urls: [],
      site: 'www.example-province.gov.cn',
      hashes: [`www.example-province.gov.cn ${DOC.hashes[0]!.split(' ')[1]}`],
    };
    const r = await applyImport(d, parsed(file([{ document: byUrl }, { document: byHash }, { document: bySimhashOnly }])));
    expect(r.remapped).toEqual({ 'doc-other-machine-1': DOC.id, 'doc-other-machine-2': DOC.id });
    expect(r.byTable.documents).toMatchObject({ added: 1 });
    expect((await d.documents.get(DOC.id))!.urls).toEqual([...DOC.urls, `${DOC.url}?from=mirror`]);
    expect(await d.documents.get('doc-copy-elsewhere')).toBeDefined();
  });

  it('refuses an annotation whose id is kept here under another document: skipped and reported, the local one untouched', async () => {
    const d = await db();
    await applyImport(d, parsed(file([{ document: DOC, annotations: ANNOTATIONS }])));
    const other = { ...DOC, id: 'doc-other', url: 'https://www.hubei.gov.cn/x.shtml', urls: [], site: 'www.hubei.gov.cn', hashes: [] };
    const stolen = { ...ANNOTATIONS[0]!, note: '想搬到别的文档下', modified: '2030-01-01T00:00:00Z' };
    const r = await applyImport(d, parsed(file([{ document: other, annotations: [stolen, { ...ANNOTATIONS[1]!, id: 'fresh-id' }] }])));
    expect(r.byTable.annotations).toMatchObject({ added: 1, refused: 1 });
    expect(r.report).toEqual([
      {
        path: 'documents[0].annotations[0]',
        action: 'skipped',
        issues: [{ path: 'documents[0].annotations[0].id', key: 'importReport_idCollision', subs: [DOC.id] }],
      },
    ]);
    expect(await getAnnotation(d, stolen.id)).toMatchObject({ docId: DOC.id, note: ANNOTATIONS[0]!.note });
    expect(await getAnnotation(d, 'fresh-id')).toMatchObject({ docId: 'doc-other' });
  });

  it('an annotation made here that the file also holds under its own document merges as usual', async () => {
    const d = await db();
    await d.documents.put(DOC);
    await putAnnotation(d, { ...ANNOTATIONS[0]!, note: '本机' });
    const r = await applyImport(d, parsed(file([{ document: DOC, annotations: [{ ...ANNOTATIONS[0]!, note: '文件', modified: '2099-01-01T00:00:00Z' }] }])));
    expect(r.byTable.annotations).toMatchObject({ updated: 1, refused: 0 });
  });

  it('a plain W3C list of our annotations (no pl:docId) lands on the kept document with that URL', async () => {
    const d = await db();
    await applyImport(d, parsed(file([{ document: DOC, annotations: ANNOTATIONS }])));
    const list = ANNOTATIONS.map((a) => {
      const { 'pl:docId': _d, ...w } = toW3C({ ...a, id: `e${a.id.slice(1)}` });
      return w;
    });
    const r = await applyImport(d, parsed(JSON.stringify(list)));
    expect(r.remapped).toEqual({ [`url:${DOC.url}`]: DOC.id });
    expect(r.byTable.annotations.added).toBe(ANNOTATIONS.length);
  });
});
