import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { generateValidators, OUTPUT } from '../../../tools/gen-validators';
import { check, describeIssue, describeIssues, type SchemaIssue } from '../../../lib/schema';
import { catalogGetMessage, createT, type Catalog } from '../../../lib/i18n';
import { DEFAULT_SETTINGS, normalizeSettings } from '../../../lib/settings';
import zhCatalog from '../../../public/_locales/zh_CN/messages.json';
import enCatalog from '../../../public/_locales/en/messages.json';

const zh = createT(catalogGetMessage(zhCatalog as Catalog));
const en = createT(catalogGetMessage(enCatalog as Catalog));

const ANN = {
  id: '3f1c2b9e-8a47-4d2e-9b1a-5c6d7e8f9a01',
  docId: 'doc-1',
  target: {
    source: 'https://www.gov.cn/a.htm',
    quote: { type: 'TextQuoteSelector', exact: '预约诊疗', prefix: '普遍提供', suffix: '服务' },
    position: { type: 'TextPositionSelector', start: 10, end: 14 },
    measureId: '1.1',
    measurePath: '一、(一)',
  },
  color: 'pink',
  note: '',
  tags: ['督办'],
  created: '2026-03-02T09:00:00.000Z',
  modified: '2026-03-02T09:00:00+08:00',
};

function issues(kind: Parameters<typeof check>[0], v: unknown): SchemaIssue[] {
  const r = check(kind, v);
  return r.ok ? [] : r.issues;
}

describe('generated validators', () => {
  it('the generated module is the current compilation of schema/*.json', () => {
    expect(readFileSync(OUTPUT, 'utf8')).toBe(generateValidators());
  });

  it('is standalone code: no eval, no new Function, no require (MV3 CSP, ES module)', () => {
    const code = readFileSync(OUTPUT, 'utf8');
    expect(code).not.toMatch(/new Function|\beval\(|\brequire\(/);
    expect(code).toMatch(/^export const annotation = /m);
  });

  it('a schema error is caught when generating (strict mode)', () => {
    const records = JSON.parse(readFileSync(new URL('../../../schema/records.schema.json', import.meta.url), 'utf8'));
    records.$defs.annotation.properties.color = { enumm: ['yellow'] };
    const others = ['policy-model.schema.json', 'export.schema.json'].map((f) =>
      JSON.parse(readFileSync(new URL(`../../../schema/${f}`, import.meta.url), 'utf8')),
    );
    expect(() => generateValidators([records, ...others])).toThrow(/strict mode|unknown keyword/);
  });
});

describe('check', () => {
  it('accepts a good annotation and returns the same value', () => {
    const r = check('annotation', ANN);
    expect(r).toEqual({ ok: true, value: ANN });
  });

  it('names the field and the rule: colour "red", created "yesterday", an unknown member', () => {
    const got = issues('annotation', { ...ANN, color: 'red', created: 'yesterday', extra: 1 });
    expect(got).toEqual(
      expect.arrayContaining([
        { path: 'color', key: 'schemaErr_enum', subs: ['yellow | green | blue | pink | purple', '"red"'] },
        { path: 'created', key: 'schemaErr_dateTime', subs: ['"yesterday"'] },
        { path: 'extra', key: 'schemaErr_unknownField', subs: [] },
      ]),
    );
    expect(got).toHaveLength(3);
  });

  it('caps: quote, context, tags; paths with indexes', () => {
    const long = {
      ...ANN,
      target: { ...ANN.target, quote: { ...ANN.target.quote, exact: '政'.repeat(100_001), prefix: ' '.repeat(257) } },
      tags: ['a', 'x'.repeat(101)],
    };
    expect(issues('annotation', long)).toEqual([
      { path: 'target.quote.exact', key: 'schemaErr_maxLength', subs: ['100000', '100001'] },
      { path: 'target.quote.prefix', key: 'schemaErr_maxLength', subs: ['256', '257'] },
      { path: 'tags[1]', key: 'schemaErr_maxLength', subs: ['100', '101'] },
    ]);
    // maxLength counts characters: 100,000 supplementary-plane characters are 200,000 UTF-16 units
    expect(check('annotation', { ...ANN, target: { ...ANN.target, quote: { ...ANN.target.quote, exact: '𠮷'.repeat(100_000) } } }).ok).toBe(true);
  });

  it('rules JSON Schema cannot state: end before start, a note id, an impossible instant', () => {
    expect(issues('annotation', { ...ANN, target: { ...ANN.target, position: { type: 'TextPositionSelector', start: 9, end: 3 } } })).toEqual([
      { path: 'target.position.end', key: 'schemaErr_positionOrder', subs: ['9', '3'] },
    ]);
    const note = {
      id: 'doc-1#1',
      docId: 'doc-1',
      measureId: '2',
      measurePath: '',
      status: null,
      note: '',
      created: ANN.created,
      modified: '2026-13-45T99:00:00Z',
    };
    expect(issues('measureNote', note).map((i) => [i.path, i.key])).toEqual([
      ['id', 'schemaErr_noteId'],
      ['modified', 'schemaErr_dateTime'],
    ]);
  });

  it('settings: the defaults and anything normalizeSettings returns pass', () => {
    expect(check('settings', DEFAULT_SETTINGS).ok).toBe(true);
    expect(check('settings', normalizeSettings({ master: false, autoHosts: ['*.example.org', 7] })).ok).toBe(true);
    expect(issues('settings', { ...DEFAULT_SETTINGS, master: 'yes' })).toEqual([{ path: 'master', key: 'schemaErr_type', subs: ['boolean', 'string'] }]);
  });

  it('document record v3: site, hashes and simhash shapes', () => {
    const doc = {
      id: 'doc-x',
      url: 'https://www.gov.cn/a',
      urls: [],
      site: 'www.gov.cn',
      hashes: [`www.gov.cn ${'a'.repeat(64)}`],
      simhash: null,
      title: '',
      docNumber: null,
      issuer: null,
      date: '2015-07-01',
      created: ANN.created,
      modified: ANN.created,
    };
    expect(check('documentRecord', doc).ok).toBe(true);
    expect(issues('documentRecord', { ...doc, simhash: 'xyz', hashes: ['nohost'], date: '2015年' }).map((i) => [i.path, i.key])).toEqual([
      ['hashes[0]', 'schemaErr_pattern'],
      ['simhash', 'schemaErr_pattern'],
      ['date', 'schemaErr_date'],
    ]);
    expect(issues('documentRecord', { ...doc, urls: Array(51).fill('https://x/') })).toEqual([{ path: 'urls', key: 'schemaErr_maxItems', subs: ['50', '51'] }]);
  });
});

describe('describeIssue', () => {
  it('words an issue in Chinese or English through the catalog', () => {
    const [i] = issues('annotation', { ...ANN, color: 'red' });
    expect(describeIssue(i!, zh)).toBe('字段 color：应为 yellow | green | blue | pink | purple 之一，实为 "red"');
    expect(describeIssue(i!, en)).toBe('color: must be one of yellow | green | blue | pink | purple, got "red"');
    const many = issues('annotation', {});
    expect(describeIssues(many, en, 2)).toBe(`id: required field is missing; docId: required field is missing; ${many.length - 2} more problems not shown`);
  });

  it('every key check() can produce is in both catalogs', () => {
    const src = readFileSync(new URL('../../../lib/schema/index.ts', import.meta.url), 'utf8');
    const keys = [...new Set([...src.matchAll(/'(schemaErr_\w+)'/g)].map((m) => m[1]!))];
    expect(keys.length).toBeGreaterThan(10);
    for (const k of keys) {
      expect(zhCatalog, k).toHaveProperty(k);
      expect(enCatalog, k).toHaveProperty(k);
    }
  });
});
