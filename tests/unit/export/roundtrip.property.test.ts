/**
 * Property: any state the store can reach exports to a file that imports back identically.
 * Random sequences of store operations → exportAll → parseImport + applyImport into a fresh
 * database → the exported state (lib/export exportedState) is the same, and the import reports
 * nothing to repair.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import {
  openPolicyLensDb,
  keepDocument,
  putAnnotation,
  softDelete,
  undoDelete,
  putMeasureNote,
  forgetDocument,
  purgeDeleted,
  listDocuments,
  getAnnotation,
  type PolicyLensDb,
} from '../../../lib/store';
import { applyImport, exportAll, exportedState, parseImport, serializeExport } from '../../../lib/export';
import { HIGHLIGHT_COLORS, MEASURE_STATUSES, type Annotation, type HighlightColor, type MeasureStatus } from '../../../lib/annotations/types';
import { clock, dictTokenizer } from '../store/fixtures';

let n = 0;
function freshDb(): Promise<PolicyLensDb> {
  return openPolicyLensDb(`pl-prop-${Date.now()}-${++n}`, {
    indexedDB,
    IDBKeyRange,
    tokenize: dictTokenizer,
    now: clock('2026-03-01T08:00:00.000Z', 1500),
    retry: { sleep: async () => {} },
  });
}

const URLS = [
  'https://www.gov.cn/zhengce/content/2015-07/04/content_10002.htm',
  'https://www.gov.cn/zhengce/content/2015-07/04/content_10002.htm?index=2',
  'https://www.hubei.gov.cn/zfwj/ezbf/201904/t20190402_1713421.shtml',
  'http://www.hzxh.gov.cn/art/2021/4/12/art_1229290590_3864123.html',
];
const HASHES = [null, 'a'.repeat(64), 'b'.repeat(64), 'c'.repeat(64)];
const SIMHASHES = [null, '0123456789abcdef', '0123456789abcdee', 'fedcba9876543210'];
const COLORS = HIGHLIGHT_COLORS;
const STATUSES = [...MEASURE_STATUSES, null];

/** Text as users type it: Chinese, punctuation, spaces and line breaks, the odd supplementary character. */
const text = fc.string({ unit: fc.constantFrom('政', '策', '数', '据', '，', '。', ' ', '\n', '\t', 'a', '𠮷', '"', '<', '=', '#'), maxLength: 40 });
const title = fc.string({ unit: fc.constantFrom('关', '于', '推', '进', ' ', '“', '”'), maxLength: 30 });

type Op =
  | { op: 'keep'; url: number; hash: number; simhash: number; title: string; docNumber: string | null }
  | {
      op: 'annotate';
      doc: number;
      id: number;
      exact: string;
      prefix: string;
      suffix: string;
      start: number;
      note: string;
      tags: string[];
      color: HighlightColor;
      measureId: string | null;
    }
  | { op: 'edit'; id: number; note: string; tags: string[]; color: HighlightColor }
  | { op: 'delete'; id: number }
  | { op: 'undo'; id: number }
  | { op: 'measure'; doc: number; measureId: string; status: MeasureStatus | null; note: string }
  | { op: 'forget'; doc: number }
  | { op: 'purge' };

const keepOp = fc.record({
  op: fc.constant('keep' as const),
  url: fc.nat(URLS.length - 1),
  hash: fc.nat(HASHES.length - 1),
  simhash: fc.nat(SIMHASHES.length - 1),
  title,
  docNumber: fc.option(fc.constantFrom('国发〔2015〕40号', '鄂政办发〔2019〕21号'), { nil: null }),
});

const ops: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: keepOp, weight: 3 },
  {
    arbitrary: fc.record({
      op: fc.constant('annotate' as const),
      doc: fc.nat(5),
      id: fc.nat(3),
      exact: text.filter((s) => s.length > 0),
      prefix: fc.string({ unit: fc.constantFrom('上', '文', ' ', '\n'), maxLength: 120 }),
      suffix: fc.string({ unit: fc.constantFrom('下', '文', ' ', '\u3000'), maxLength: 120 }),
      start: fc.nat(5000),
      note: text,
      tags: fc.array(fc.constantFrom('牵头', ' 督办 ', '时限', '', '牵头'), { maxLength: 4 }),
      color: fc.constantFrom(...COLORS),
      measureId: fc.option(fc.constantFrom('1', '2.1', ''), { nil: null }),
    }),
    weight: 4,
  },
  fc.record({
    op: fc.constant('edit' as const),
    id: fc.nat(3),
    note: text,
    tags: fc.array(fc.constantFrom('新', '旧'), { maxLength: 2 }),
    color: fc.constantFrom(...COLORS),
  }),
  { arbitrary: fc.record({ op: fc.constant('delete' as const), id: fc.nat(3) }), weight: 2 },
  fc.record({ op: fc.constant('undo' as const), id: fc.nat(3) }),
  fc.record({
    op: fc.constant('measure' as const),
    doc: fc.nat(5),
    measureId: fc.constantFrom('1', '1.1', '2.10'),
    status: fc.constantFrom(...STATUSES),
    note: text,
  }),
  fc.record({ op: fc.constant('forget' as const), doc: fc.nat(5) }),
  fc.constant({ op: 'purge' as const }),
);

const annId = (i: number) => `0f0e0d0c-0b0a-4000-8000-${String(i).padStart(12, '0')}`;

async function run(db: PolicyLensDb, seq: Op[]): Promise<void> {
  for (const o of seq) {
    const docs = (await listDocuments(db)).sort((a, b) => (a.created < b.created ? -1 : 1));
    const doc = 'doc' in o ? docs[o.doc % Math.max(docs.length, 1)] : undefined;
    switch (o.op) {
      case 'keep':
        await keepDocument(db, { url: URLS[o.url]!, contentHash: HASHES[o.hash], simhash: SIMHASHES[o.simhash], title: o.title, docNumber: o.docNumber });
        break;
      case 'annotate': {
        if (!doc) break;
        const a: Annotation = {
          id: annId(o.id),
          docId: doc.id,
          target: {
            source: doc.url,
            quote: { type: 'TextQuoteSelector', exact: o.exact, prefix: o.prefix, suffix: o.suffix },
            position: { type: 'TextPositionSelector', start: o.start, end: o.start + o.exact.length },
            measureId: o.measureId,
            measurePath: o.measureId ? `第${o.measureId}项` : null,
          },
          color: o.color,
          note: o.note,
          tags: o.tags,
          created: '',
          modified: '',
        };
        await putAnnotation(db, a);
        break;
      }
      case 'edit': {
        const a = await getAnnotation(db, annId(o.id));
        if (a) await putAnnotation(db, { ...a, note: o.note, tags: o.tags, color: o.color });
        break;
      }
      case 'delete':
        if (await getAnnotation(db, annId(o.id))) await softDelete(db, annId(o.id));
        break;
      case 'undo':
        if ((await getAnnotation(db, annId(o.id)))?.deleted) await undoDelete(db, annId(o.id));
        break;
      case 'measure':
        if (doc) await putMeasureNote(db, { docId: doc.id, measureId: o.measureId, measurePath: '', status: o.status, note: o.note });
        break;
      case 'forget':
        if (doc) await forgetDocument(db, doc.id);
        break;
      case 'purge':
        await purgeDeleted(db, db.now());
        break;
    }
  }
}

describe('export → import round trip over random store histories', () => {
  it('imports back to the same exported state, with nothing to repair', async () => {
    // What the runs reached, so the property is known not to hold vacuously.
    const reached = { annotations: 0, deleted: 0, measureNotes: 0, twoDocuments: 0 };
    await fc.assert(
      fc.asyncProperty(keepOp, fc.array(ops, { minLength: 1, maxLength: 30, size: 'max' }), async (first, rest) => {
        const seq = [first, ...rest];
        const db = await freshDb();
        await run(db, seq);
        const before = await exportedState(db);
        const anns = before.documents.flatMap((d) => d.annotations);
        if (anns.length) reached.annotations++;
        if (anns.some((a) => a['pl:deleted'])) reached.deleted++;
        if (before.documents.some((d) => d.measureNotes.length)) reached.measureNotes++;
        if (before.documents.length > 1) reached.twoDocuments++;
        const file = serializeExport(await exportAll(db, { extensionVersion: '0.1.0', now: '2026-12-01T00:00:00.000Z', includeDeleted: true }));
        const parsed = parseImport(file);
        if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
        expect(parsed.data.report).toEqual([]);
        const fresh = await freshDb();
        const r = await applyImport(fresh, parsed.data);
        expect(r.report).toEqual([]);
        expect(r.remapped).toEqual({});
        expect(await exportedState(fresh)).toEqual(before);
        // and importing the same file again changes nothing
        const again = await applyImport(fresh, parsed.data);
        expect(again).toMatchObject({ added: 0, updated: 0 });
        db.close();
        fresh.close();
      }),
      { numRuns: 60 },
    );
    expect(reached.annotations).toBeGreaterThan(10);
    expect(Math.min(reached.deleted, reached.measureNotes, reached.twoDocuments)).toBeGreaterThan(3);
  }, 120_000);
});
