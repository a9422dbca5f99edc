import { describe, it, expect } from 'vitest';
import { MAX_ANALYZE_CHARS, isAnalysisInput, parseMessage, isFromExtension } from '../../lib/messages';

const annotation = {
  id: '5b8a3c1e-1111-4222-8333-944455556666',
  docId: 'doc-abc',
  target: {
    source: 'https://www.gov.cn/zhengce/content/2015-07/04/content_10002.htm',
    quote: { type: 'TextQuoteSelector', exact: '积极发展众创空间', prefix: '2.', suffix: '。充分发挥' },
    position: { type: 'TextPositionSelector', start: 100, end: 108 },
  },
  color: 'yellow',
  note: '<img src=x onerror=alert(1)>',
  tags: ['双创'],
  created: '2026-11-28T00:00:00.000Z',
  modified: '2026-11-28T00:00:00.000Z',
};

describe('messages are validated before use', () => {
  it('accepts well-formed messages of known types', () => {
    expect(parseMessage({ type: 'pl:getState' })).toEqual({ type: 'pl:getState' });
    expect(parseMessage({ type: 'pl:scrollTo', measureId: '2.3.1' })).not.toBeNull();
    expect(parseMessage({ type: 'pl:putAnnotation', annotation })).not.toBeNull();
    expect(parseMessage({ type: 'pl:getTabFrame', tabId: 3 })).not.toBeNull();
    expect(parseMessage({ type: 'pl:analyze', input: { text: '一、总体要求', range: [0, 6], url: 'http://www.gov.cn/a', pageTitle: 't', metaFields: { 发文字号: '国发〔2015〕40号' }, today: '2026-11-28' } })).not.toBeNull();
  });

  it('an analysis request carries a bounded text, a range inside it and string metadata', () => {
    const ok = { text: '一、总体要求' };
    for (const input of [
      undefined, {}, { text: 5 }, { ...ok, range: [3, 2] }, { ...ok, range: [0, 99] }, { ...ok, range: [0.5, 2] }, { ...ok, range: [0] },
      { ...ok, today: '28/11/2026' }, { ...ok, url: 'x'.repeat(5000) }, { ...ok, metaFields: { a: 1 } }, { ...ok, metaFields: ['x'] },
      { ...ok, metaFields: Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, 'v'])) },
      // table grids: numbers only, pairs, inside the text; force is a boolean
      { ...ok, tables: {} }, { ...ok, tables: [{ rows: [[0, 1, 2]] }] }, { ...ok, tables: [{ rows: [[0, 99]] }] },
      { ...ok, tables: [{ rows: [[3, 1]] }] }, { ...ok, tables: [{ rows: [['0', '1']] }] }, { ...ok, tables: [{ rows: Array(5001).fill([0, 1]) }] },
      { ...ok, force: 'yes' },
    ]) {
      expect(parseMessage({ type: 'pl:analyze', input }), JSON.stringify(input)?.slice(0, 80)).toBeNull();
    }
    expect(isAnalysisInput(ok)).toBe(true);
    expect(isAnalysisInput({ ...ok, force: true, tables: [{ rows: [[0, 2, -1, -1, 3, 6]] }] })).toBe(true);
    expect(isAnalysisInput({ text: 'x'.repeat(MAX_ANALYZE_CHARS + 1) })).toBe(false);
  });

  it('rejects unknown types, wrong shapes and oversized fields', () => {
    for (const bad of [
      null, 'pl:getState', 42, [], {}, { type: 'pl:deleteEverything' }, { type: 'pl:scrollTo' },
      { type: 'pl:scrollTo', measureId: 7 }, { type: 'pl:getTabFrame', tabId: '3' },
      { type: 'pl:putAnnotation', annotation: { ...annotation, target: { ...annotation.target, position: { type: 'TextPositionSelector', start: 9, end: 3 } } } },
      { type: 'pl:putAnnotation', annotation: { ...annotation, tags: [{}] } },
      { type: 'pl:putAnnotation', annotation: { ...annotation, note: 'x'.repeat(200_000) } },
      { type: 'pl:docOpened', url: 'http://x', title: 't', docNumber: 5, issuer: null, date: null, fingerprint: 'f' },
      { type: 'pl:pageState', state: { status: 'policy' } },
    ]) {
      expect(parseMessage(bad), JSON.stringify(bad)?.slice(0, 80)).toBeNull();
    }
  });

  it('only this extension is a trusted sender', () => {
    expect(isFromExtension({ id: 'abc' }, 'abc')).toBe(true);
    expect(isFromExtension({ id: 'other-extension' }, 'abc')).toBe(false);
    expect(isFromExtension({ url: 'https://evil.example/' }, 'abc')).toBe(false);
  });
});
