import { describe, it, expect } from 'vitest';
import Ajv2020 from 'ajv/dist/2020';
import { readFileSync } from 'node:fs';
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import type Dexie from 'dexie';
import {
  buildExport,
  serializeExport,
  exportAll,
  parseImport,
  applyImport,
  toW3C,
  fromW3C,
  W3CImportError,
  utf16ToCodePoints,
  codePointsToUtf16,
  type ExportEnvelope,
  type ImportData,
} from '../../../lib/export';
import {
  openPolicyLensDb,
  putAnnotation,
  putMeasureNote,
  recordAnalysis,
  listAnnotations,
  getAnnotation,
  search,
  type OpenOptions,
  type PolicyLensDb,
} from '../../../lib/store';
import { ANNOTATIONS, DOC, MODEL, NOTES, TEXT, URL, span } from './fixtures';
import { describeValidationIssue, type ValidationIssue } from '../../../lib/export/import';
import { catalogGetMessage, createT } from '../../../lib/i18n';
import zhCatalog from '../../../public/_locales/zh_CN/messages.json';
import enCatalog from '../../../public/_locales/en/messages.json';

/** A refusal as the user reads it, in both UI languages. */
const said = (e: ValidationIssue) =>
  `${describeValidationIssue(e, createT(catalogGetMessage(zhCatalog)))} / ${describeValidationIssue(e, createT(catalogGetMessage(enCatalog)))}`;

const schemaFile = (f: string) => JSON.parse(readFileSync(new globalThis.URL(`../../../schema/${f}`, import.meta.url), 'utf8')) as object;
const ajv = new Ajv2020({ allErrors: true, strict: false, schemas: [schemaFile('records.schema.json'), schemaFile('policy-model.schema.json')] });
const validateSchema = ajv.compile(schemaFile('export.schema.json'));

const NOW = '2026-11-28T10:00:00.000Z';
let n = 0;
async function db(opts: OpenOptions = {}): Promise<PolicyLensDb> {
  return openPolicyLensDb(`pl-export-${Date.now()}-${++n}`, { indexedDB, IDBKeyRange, retry: { sleep: async () => {} }, ...opts });
}

function envelope(extra: Partial<Parameters<typeof buildExport>[0]> = {}): ExportEnvelope {
  return buildExport({
    documents: [DOC],
    analyses: { [DOC.id]: MODEL },
    annotations: ANNOTATIONS,
    measureNotes: NOTES,
    extensionVersion: '0.1.0',
    now: NOW,
    texts: { [DOC.id]: TEXT },
    ...extra,
  });
}

function parsed(input: string | Uint8Array, opts = {}): ImportData {
  const r = parseImport(input, { now: NOW, ...opts });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.data;
}

function errorsOf(input: string | Uint8Array, opts = {}) {
  const r = parseImport(input, { now: NOW, ...opts });
  expect(r.ok).toBe(false);
  return r.ok ? [] : r.errors;
}

describe('W3C mapping', () => {
  it('exports a Web Annotation with quote + code-point position, bodies and pl: members', () => {
    const a = ANNOTATIONS[0]!;
    const w = toW3C(a, TEXT);
    expect(w['@context']).toEqual(['http://www.w3.org/ns/anno.jsonld', { pl: 'https://policylens.local/ns#' }]);
    expect(w.id).toBe(`urn:uuid:${a.id}`);
    expect(w.type).toBe('Annotation');
    expect(w.motivation).toBe('commenting');
    expect(w.body).toEqual([
      { type: 'TextualBody', value: a.note, purpose: 'commenting', format: 'text/plain', language: 'zh' },
      { type: 'TextualBody', value: '督办', purpose: 'tagging' },
      { type: 'TextualBody', value: '预约诊疗', purpose: 'tagging' },
    ]);
    expect(w.target.selector[0]).toEqual({
      type: 'TextQuoteSelector',
      ...{ exact: a.target.quote.exact, prefix: a.target.quote.prefix, suffix: a.target.quote.suffix },
    });
    expect(w['pl:color']).toBe('pink');
    expect(w['pl:docId']).toBe(DOC.id);
    expect(fromW3C(w)).toEqual(a);
  });

  it('converts UTF-16 to code points after a supplementary-plane character, and back', () => {
    // 𠮷 (U+20BB7) is two UTF-16 units but one character
    const [s, e] = span('全民健康信息平台建设');
    const w = toW3C(ANNOTATIONS[1]!, TEXT);
    expect(w.target.selector[1]).toEqual({ type: 'TextPositionSelector', start: s - 1, end: e - 1 });
    expect([...TEXT].slice(s - 1, e - 1).join('')).toBe('全民健康信息平台建设');
    // the annotation on 𠮷 itself: the character counts once
    const onJi = toW3C(ANNOTATIONS[2]!, TEXT).target.selector[1];
    expect(onJi.end - onJi.start).toBe([...'𠮷林省试点经验'].length);
    expect(utf16ToCodePoints(TEXT, s)).toBe(s - 1);
    expect(codePointsToUtf16(TEXT, s - 1)).toBe(s);
    // a foreign annotation (no pl:utf16) is converted back with the text
    const { 'pl:utf16': _drop, ...foreign } = w;
    expect(fromW3C(foreign, { text: TEXT }).target.position).toEqual({ type: 'TextPositionSelector', start: s, end: e });
  });

  it('reads another tool’s annotation (single target/body objects, html body kept literal, no pl: members)', () => {
    const hyp = {
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      id: 'https://hypothes.is/a/Xy12AbC',
      type: 'Annotation',
      created: '2025-05-01T12:00:00+08:00',
      body: { type: 'TextualBody', value: '<b>注意</b><img src=x onerror=alert(1)>', format: 'text/html' },
      target: { source: URL, selector: { type: 'TextQuoteSelector', exact: '预约诊疗服务' } },
    };
    const a = fromW3C(hyp);
    expect(a.id).toBe('https://hypothes.is/a/Xy12AbC');
    expect(a.note).toBe('<b>注意</b><img src=x onerror=alert(1)>');
    expect(a.docId).toBe(`url:${URL}`);
    expect(a.color).toBe('yellow');
    expect(a.modified).toBe('2025-05-01T12:00:00+08:00');
    expect(() => fromW3C({ ...hyp, target: URL })).toThrow(W3CImportError);
  });
});

describe('JSON export', () => {
  it('validates against schema/export.schema.json (ajv, tests only)', () => {
    const env = envelope();
    const ok = validateSchema(JSON.parse(serializeExport(env)));
    expect(validateSchema.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(env.documents[0]!.annotations.map((a) => a.target.selector[0].exact)).toEqual([
      '𠮷林省试点经验',
      '二级以上医院普遍提供预约诊疗服务',
      '全民健康信息平台建设',
      '抓好贯彻落实',
    ]);
    // the schema rejects what our importer rejects
    const bad = JSON.parse(serializeExport(env));
    bad.documents[0].annotations[0].target.selector[1].start = -1;
    expect(validateSchema(bad)).toBe(false);
  });

  it('leaves soft-deleted annotations out unless asked', () => {
    const withDeleted = [...ANNOTATIONS, { ...ANNOTATIONS[0]!, id: '11111111-2222-4333-8444-555555555555', deleted: true }];
    expect(envelope({ annotations: withDeleted }).documents[0]!.annotations).toHaveLength(4);
    const all = envelope({ annotations: withDeleted, includeDeleted: true });
    expect(all.documents[0]!.annotations.filter((a) => a['pl:deleted'])).toHaveLength(1);
    expect(validateSchema(all)).toBe(true);
  });
});

describe('parseImport: bad input gets a clear error', () => {
  const good = serializeExport(envelope());

  it('not JSON: position with line and column', () => {
    const [e] = errorsOf('{"format": "policy-lens-export", version: 1}');
    expect(said(e!)).toMatch(/不是有效的 JSON/);
    expect(said(e!)).toMatch(/line 1, column \d+/);
  });

  it('truncated file', () => {
    const [e] = errorsOf(good.slice(0, Math.floor(good.length * 0.6)));
    expect(said(e!)).toMatch(/文件不完整/);
    expect(said(e!)).toMatch(/truncated/);
  });

  it('wrong format and version', () => {
    expect(errorsOf(JSON.stringify({ format: 'hypothesis-export', version: 1 }))[0]).toMatchObject({ path: 'format' });
    const v3 = errorsOf(good.replace('"version": 2', '"version": 3'))[0]!;
    expect(v3.path).toBe('version');
    expect(said(v3)).toMatch(/请更新扩展/);
    expect(errorsOf(JSON.stringify({ ...JSON.parse(good), documents: {} }))[0]).toMatchObject({ path: 'documents' });
    expect(said(errorsOf('"hello"')[0]!)).toMatch(/无法识别/);
    expect(said(errorsOf('')[0]!)).toMatch(/文件为空/);
  });

  it('refuses a file over the limit before parsing (string and bytes)', () => {
    const big = `[${' '.repeat(50 * 1024 * 1024)}]`;
    const [e] = errorsOf(big);
    expect(said(e!)).toMatch(/文件过大.*50\.0 MiB/);
    const bytes = new Uint8Array(1024 * 1024 + 1).fill(0x20);
    expect(said(errorsOf(bytes, { maxBytes: 1024 * 1024 })[0]!)).toMatch(/file too large/i);
    // the limit counts UTF-8 bytes: 400 Chinese chars = 1200 bytes
    expect(parseImport(`["${'政'.repeat(400)}"]`, { maxBytes: 1000 }).ok).toBe(false);
  });

  it('bytes: BOM accepted, invalid UTF-8 refused', () => {
    const enc = new TextEncoder().encode(`\uFEFF${good}`);
    expect(parsed(enc).documents[0]!.annotations).toHaveLength(4);
    expect(said(errorsOf(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))[0]!)).toMatch(/UTF-8/);
  });

  it('repairs or skips each bad record and reports it by path, instead of refusing the file', () => {
    const env = JSON.parse(good);
    env.documents[0].annotations[2].target.selector[1].start = 'x';
    env.documents[0].annotations[1]['pl:color'] = 'red';
    env.documents[0].annotations[3].target.selector[0].exact = '';
    env.documents[0].measureNotes[0].status = 'done';
    delete env.documents[0].document.urls;
    env.documents[0].analysis.deadlines[1].date = '2020年';
    const data = parsed(JSON.stringify(env));
    const byPath = new Map(data.report.map((e) => [e.path, e]));
    expect(byPath.get('documents[0].annotations[1]')).toMatchObject({
      action: 'repaired',
      issues: [{ path: 'documents[0].annotations[1]["pl:color"]', key: 'schemaErr_enum' }],
    });
    expect(byPath.get('documents[0].annotations[2]')).toMatchObject({
      action: 'repaired',
      issues: [{ path: 'documents[0].annotations[2].target.selector[1].start', key: 'schemaErr_minimum' }],
    });
    expect(byPath.get('documents[0].annotations[3]')).toMatchObject({
      action: 'skipped',
      issues: [{ path: 'documents[0].annotations[3].target.selector[0].exact', key: 'schemaErr_empty' }],
    });
    expect(byPath.get('documents[0].measureNotes[0]')).toMatchObject({
      action: 'repaired',
      issues: [{ path: 'documents[0].measureNotes[0].status', key: 'schemaErr_enum' }],
    });
    expect(byPath.get('documents[0].document')).toMatchObject({
      action: 'repaired',
      issues: [{ path: 'documents[0].document.urls', key: 'schemaErr_required' }],
    });
    expect(byPath.get('documents[0].analysis')!.issues[0]!.key).toBe('importReport_analysisDropped');
    expect(data.report).toHaveLength(6);
    const d = data.documents[0]!;
    expect(d.annotations).toHaveLength(3);
    expect(d.annotations[1]!.color).toBe('yellow'); // was "red"
    expect(d.annotations[2]!.target.position.start).toBe(env.documents[0].annotations[2]['pl:utf16'].start); // the UTF-16 offsets stand in
    expect(d.measureNotes[0]!.status).toBeNull();
    expect(d.document.urls).toEqual([]);
    expect(d.analysis).toBeNull();
  });

  it('drops __proto__ / constructor / prototype keys: no prototype pollution', () => {
    const env = JSON.parse(good);
    const text = JSON.stringify(env).replace('{"format"', '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"format"');
    const withNested = text.replace('"note":"季度调度', '"__proto__":{"isAdmin":true},"note":"季度调度');
    const data = parsed(withNested);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(data.documents[0]!.measureNotes[0]!, '__proto__')).toBe(false);
    expect(data.documents[0]!.measureNotes[0]!.note).toBe(NOTES[0]!.note);
  });

  it('HTML and script in notes stay literal text', () => {
    const data = parsed(good);
    const a = data.documents[0]!.annotations.find((x) => x.id === ANNOTATIONS[1]!.id)!;
    expect(a.note).toBe(ANNOTATIONS[1]!.note);
    expect(a.note).toContain('<script>alert(1)</script>');
  });

  it('accepts plain W3C lists: array, AnnotationPage, AnnotationCollection', () => {
    const items = envelope().documents[0]!.annotations.map(({ 'pl:docId': _d, ...rest }) => rest);
    const arr = parsed(JSON.stringify(items));
    expect(arr.source).toBe('w3c');
    expect(arr.documents).toHaveLength(1);
    expect(arr.documents[0]!.stub).toBe(true);
    expect(arr.documents[0]!.document.url).toBe(URL);
    expect(arr.documents[0]!.annotations.map((a) => a.docId)).toEqual(Array(4).fill(`url:${URL}`));
    expect(arr.documents[0]!.document.site).toBe('www.gov.cn');
    const page = parsed(JSON.stringify({ '@context': 'http://www.w3.org/ns/anno.jsonld', type: 'AnnotationPage', items }));
    expect(page.documents[0]!.annotations).toHaveLength(4);
    const coll = parsed(JSON.stringify({ type: 'AnnotationCollection', total: 4, first: { type: 'AnnotationPage', items } }));
    expect(coll.documents[0]!.annotations).toHaveLength(4);
    const broken = JSON.parse(JSON.stringify(items));
    broken[3].target.selector = [{ type: 'TextPositionSelector', start: 5, end: 2 }];
    const partly = parsed(JSON.stringify({ type: 'AnnotationCollection', first: { items: broken } }));
    expect(partly.documents[0]!.annotations).toHaveLength(3);
    expect(partly.report).toEqual([
      {
        path: 'first.items[3]',
        action: 'skipped',
        issues: [{ path: 'first.items[3].target.selector', key: 'schemaErr_noQuote', subs: [] }],
      },
    ]);
  });
});

async function fill(d: PolicyLensDb) {
  await d.documents.put(DOC);
  for (const a of ANNOTATIONS) await putAnnotation(d, a);
  for (const m of NOTES) await putMeasureNote(d, m);
  await recordAnalysis(d, DOC.id, MODEL);
}

function withoutStamp(env: ExportEnvelope) {
  const { exported: _e, ...rest } = env;
  return rest;
}

describe('applyImport', () => {
  it('round trip: export all → clear → import → export again gives the same content', async () => {
    const d = await db();
    await fill(d);
    const first = await exportAll(d, { extensionVersion: '0.1.0', now: NOW });
    expect(validateSchema(first)).toBe(true);
    await Promise.all(d.tables.map((t) => t.clear()));
    const data = parsed(serializeExport(first));
    const r = await applyImport(d, data);
    expect(r).toMatchObject({ added: 1 + 4 + 2 + 1, updated: 0, unchanged: 0 });
    const second = await exportAll(d, { extensionVersion: '0.1.0', now: '2027-01-01T00:00:00.000Z' });
    expect(withoutStamp(second)).toEqual(withoutStamp(first));
    // imported annotations are searchable (tokens rebuilt)
    expect((await search(d, '预约诊疗')).length).toBeGreaterThan(0);
    expect((await listAnnotations(d, DOC.id)).map((a) => a.id)).toEqual(
      [...ANNOTATIONS].sort((a, b) => a.target.position.start - b.target.position.start).map((a) => a.id),
    );
  });

  it('import twice: the second time everything is unchanged', async () => {
    const d = await db();
    const data = parsed(serializeExport(envelope()));
    const once = await applyImport(d, data);
    expect(once.added).toBe(8);
    const twice = await applyImport(d, parsed(serializeExport(envelope())));
    expect(twice).toMatchObject({ added: 0, updated: 0, unchanged: 8, keptLocal: 0 });
  });

  it('conflict: the newer modified wins, counted per table', async () => {
    const d = await db();
    await applyImport(d, parsed(serializeExport(envelope())));
    // local edit (newer) on annotation 0; the file has a newer edit on annotation 1 and note 0
    const [a0, a1] = [ANNOTATIONS[0]!, ANNOTATIONS[1]!];
    await d.annotations.update(a0.id, { note: '本地较新的批注', modified: '2026-12-01T00:00:00.000Z' });
    const incoming = envelope({
      annotations: ANNOTATIONS.map((a) =>
        a.id === a0.id
          ? { ...a, note: '文件中较旧的修改', modified: '2026-11-01T00:00:00.000Z' }
          : a.id === a1.id
            ? { ...a, note: '文件中较新的修改', modified: '2026-12-05T00:00:00.000Z' }
            : a,
      ),
      measureNotes: [{ ...NOTES[0]!, status: '已完成', modified: '2026-12-05T00:00:00.000Z' }, NOTES[1]!],
    });
    const r = await applyImport(d, parsed(serializeExport(incoming)));
    expect(r.byTable.annotations).toEqual({ added: 0, updated: 1, unchanged: 3, keptLocal: 1, refused: 0 });
    expect(r.byTable.measureNotes).toEqual({ added: 0, updated: 1, unchanged: 1, keptLocal: 0, refused: 0 });
    expect(r).toMatchObject({ added: 0, updated: 2 });
    expect((await getAnnotation(d, a0.id))!.note).toBe('本地较新的批注');
    expect((await getAnnotation(d, a1.id))!.note).toBe('文件中较新的修改');
    expect((await d.measureNotes.get(NOTES[0]!.id))!.status).toBe('已完成');
    // the updated record's search tokens follow its new text
    expect((await search(d, '较新的修改')).map((h) => (h.kind === 'annotation' ? h.annotation.id : ''))).toEqual([a1.id]);
  });

  it('a W3C list attaches to the known document with that URL (also another URL of it)', async () => {
    const d = await db();
    await fill(d);
    const items = envelope().documents[0]!.annotations.map(({ 'pl:docId': _d, id: _i, ...rest }) => ({
      ...rest,
      id: `https://hypothes.is/a/${rest.target.selector[1].start}`,
      target: { ...rest.target, source: DOC.urls[0]! },
    }));
    const r = await applyImport(d, parsed(JSON.stringify(items)));
    expect(r.remapped).toEqual({ [`url:${DOC.urls[0]}`]: DOC.id });
    expect(r.byTable.annotations.added).toBe(4);
    expect(r.byTable.documents).toMatchObject({ added: 0 });
    expect(await d.documents.count()).toBe(1);
    expect((await listAnnotations(d, DOC.id)).length).toBe(8);
    // again: idempotent
    expect(await applyImport(d, parsed(JSON.stringify(items)))).toMatchObject({ added: 0, updated: 0 });
  });

  it('an export whose document is known locally under another id (a W3C stub) merges into it', async () => {
    const d = await db();
    const items = envelope()
      .documents[0]!.annotations.slice(0, 1)
      .map(({ 'pl:docId': _d, ...rest }) => ({ ...rest, id: 'https://hypothes.is/a/one' }));
    await applyImport(d, parsed(JSON.stringify(items)));
    const stubId = `url:${URL}`;
    expect(await d.documents.get(stubId)).toBeDefined();
    const r = await applyImport(d, parsed(serializeExport(envelope())));
    expect(r.remapped).toEqual({ [DOC.id]: stubId });
    expect(await d.documents.count()).toBe(1);
    expect((await listAnnotations(d, stubId)).length).toBe(5);
    expect((await d.measureNotes.get(`${stubId}#1.1`))?.note).toBe(NOTES[0]!.note);
    expect(await applyImport(d, parsed(serializeExport(envelope())))).toMatchObject({ added: 0, updated: 0 });
  });

  it('nothing is written when a write fails mid-transaction', async () => {
    // a permanent failure on the 3rd write (after the document and the annotations were put): all rolled back
    let writes = 0;
    const addon = (x: Dexie) =>
      x.use({
        stack: 'dbcore',
        name: 'fail-3rd',
        create: (down) => ({
          ...down,
          table: (name) => {
            const t = down.table(name);
            return { ...t, mutate: (req) => (++writes === 3 ? Promise.reject(new DOMException('disk full', 'QuotaExceededError')) : t.mutate(req)) };
          },
        }),
      });
    const f = await db({ addons: [addon] });
    const err = await applyImport(f, parsed(serializeExport(envelope()))).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'quota' });
    expect(writes).toBe(3);
    expect(await f.documents.count()).toBe(0);
    expect(await f.annotations.count()).toBe(0);
  });
});
