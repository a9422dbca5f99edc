import { describe, it, expect } from 'vitest';
import { MAX_ANALYZE_CHARS } from '../../../lib/protocol';
import { isAnalysisInput, isAnnotationShape, isDocOpened, isPageState } from '../../../lib/protocol/guards';

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

describe('message data is checked at the gate', () => {
  it('an analysis request carries a bounded text, a range inside it and string metadata', () => {
    const ok = { text: '一、总体要求' };
    for (const input of [
      undefined,
      {},
      { text: 5 },
      { ...ok, range: [3, 2] },
      { ...ok, range: [0, 99] },
      { ...ok, range: [0.5, 2] },
      { ...ok, range: [0] },
      { ...ok, today: '28/11/2026' },
      { ...ok, metaFields: { a: 1 } },
      { ...ok, metaFields: ['x'] },
      { ...ok, metaFields: Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, 'v'])) },
      // table grids: numbers only, pairs, inside the text; force is a boolean
      { ...ok, tables: {} },
      { ...ok, tables: [{ rows: [[0, 1, 2]] }] },
      { ...ok, tables: [{ rows: [[0, 99]] }] },
      { ...ok, tables: [{ rows: [[3, 1]] }] },
      { ...ok, tables: [{ rows: [['0', '1']] }] },
      { ...ok, tables: [{ rows: Array(5001).fill([0, 1]) }] },
      { ...ok, force: 'yes' },
    ]) {
      expect(isAnalysisInput(input), JSON.stringify(input)?.slice(0, 80)).toBe(false);
    }
    expect(isAnalysisInput(ok)).toBe(true);
    expect(isAnalysisInput({ ...ok, url: 'http://www.gov.cn/a?' + 'x'.repeat(5000), pageTitle: 't'.repeat(3000) })).toBe(true);
    expect(isAnalysisInput({ ...ok, force: true, tables: [{ rows: [[0, 2, -1, -1, 3, 6]] }] })).toBe(true);
    expect(isAnalysisInput({ text: 'x'.repeat(MAX_ANALYZE_CHARS + 1) })).toBe(false);
  });

  it('an annotation is checked for its structure; long parts pass to the store, which clamps them', () => {
    expect(isAnnotationShape(annotation)).toBe(true);
    expect(isAnnotationShape({ ...annotation, note: 'x'.repeat(200_000) })).toBe(true);
    expect(
      isAnnotationShape({
        ...annotation,
        target: { ...annotation.target, quote: { ...annotation.target.quote, exact: '字'.repeat(30_000), prefix: ' '.repeat(5000) } },
      }),
    ).toBe(true);
    for (const bad of [
      null,
      {},
      { ...annotation, tags: [{}] },
      { ...annotation, note: 5 },
      { ...annotation, deleted: 'yes' },
      { ...annotation, target: { ...annotation.target, position: { type: 'TextPositionSelector', start: 9, end: 3 } } },
      { ...annotation, target: { ...annotation.target, position: { type: 'TextPositionSelector', start: -1, end: 3 } } },
      { ...annotation, target: { ...annotation.target, quote: { type: 'TextQuoteSelector', exact: 1, prefix: '', suffix: '' } } },
    ])
      expect(isAnnotationShape(bad), JSON.stringify(bad)?.slice(0, 80)).toBe(false);
  });

  it('page state and the opened document', () => {
    expect(isPageState({ status: 'policy', url: 'u', title: 't', highlightCount: 3, measures: 2, reasons: [] })).toBe(true);
    expect(isPageState({ status: 'policy' })).toBe(false);
    expect(isPageState({ status: 'owned', url: 'u', title: 't', highlightCount: 3, measures: 2, reasons: [] })).toBe(false);
    expect(isDocOpened({ title: 't', docNumber: null, issuer: null, date: null, content: '正文' })).toBe(true);
    expect(isDocOpened({ title: 't', docNumber: 5, issuer: null, date: null, content: '' })).toBe(false);
    expect(isDocOpened({ title: 't', docNumber: null, issuer: null, date: null })).toBe(false);
  });
});
