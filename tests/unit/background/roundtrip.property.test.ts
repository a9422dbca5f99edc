import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import { analyze } from '../../../lib/analysis';
import { backgroundRoutes } from '../../../lib/background/routes';
import { createFrameStore, memorySessionArea } from '../../../lib/background/frames';
import { createModelCache } from '../../../lib/background/models';
import { createNoteTokens } from '../../../lib/background/notes';
import { toBackground } from '../../../lib/protocol';
import { serve } from '../../../lib/protocol/serve';
import { applyImport, exportedState, parseImport, serializeExport } from '../../../lib/export';
import { listDocuments, openPolicyLensDb, putMeasureNote } from '../../../lib/store';
import { HIGHLIGHT_COLORS, type Annotation } from '../../../lib/annotations/types';
import { installFakeChrome } from '../protocol/fake-chrome';

/**
 * Every state the analyst can reach through the background's messages (frames opening pages,
 * annotating, deleting, undoing, keeping, linking, forgetting; the panel's measure notes)
 * exports to a file that imports back into an empty database identically.
 */
const EXT = { id: 'policy-lens', origin: 'chrome-extension://policy-lens/' };
const PANEL = { id: 'policy-lens', url: 'chrome-extension://policy-lens/sidepanel.html' };
const CENTRAL =
  '国务院关于积极推进“互联网+”行动的指导意见。' + '加快推进“互联网+”发展，有利于重塑创新体系、激发创新活力、培育新兴业态和创新公共服务模式。'.repeat(8);
const LOCAL = '上海市人民政府关于印发本市促进数字经济发展若干措施的通知。' + '推动数字技术与实体经济深度融合，加快建设具有世界影响力的国际数字之都。'.repeat(8);
/** The frames of the run: the central text at its site, a reprint elsewhere, another document, a page too short to fingerprint. */
const FRAMES = [
  { tabId: 1, frameId: 0, url: 'http://www.gov.cn/zhengce/content/2015-07/04/content_10002.htm', text: CENTRAL },
  { tabId: 2, frameId: 3, url: 'http://www.hubei.gov.cn/zfwj/2015/copy.html?from=weibo', text: CENTRAL },
  { tabId: 3, frameId: 0, url: 'https://www.shanghai.gov.cn/nw12344/20240101/a.html', text: LOCAL },
  { tabId: 4, frameId: 0, url: 'http://www.gov.cn/xinwen/short.htm', text: '国务院常务会议' },
] as const;
const pageSender = (f: (typeof FRAMES)[number]) => ({ id: 'policy-lens', url: f.url, tab: { id: f.tabId, url: f.url }, frameId: f.frameId });
const COLORS = HIGHLIGHT_COLORS;
const text = (units: string[], max: number) => fc.string({ unit: fc.constantFrom(...units), maxLength: max });
const annId = (i: number) => `7a6b5c4d-0000-4000-8000-${String(i).padStart(12, '0')}`;

type Op =
  | { op: 'open'; f: number; title: string }
  | { op: 'annotate'; f: number; id: number; exact: string; prefix: string; note: string; tags: string[]; color: number; start: number }
  | { op: 'delete'; f: number | null; id: number }
  | { op: 'undo'; id: number }
  | { op: 'keep'; f: number }
  | { op: 'link'; f: number; doc: number }
  | { op: 'forget'; doc: number }
  | { op: 'measure'; f: number; measureId: string; status: '未开始' | '推进中' | '已完成' | '关注' | null; note: string };

const frame = fc.nat(FRAMES.length - 1);
const ops: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('open' as const), f: frame, title: text(['关', '于', '“', '”', ' '], 20) }), weight: 3 },
  {
    arbitrary: fc.record({
      op: fc.constant('annotate' as const),
      f: frame,
      id: fc.nat(5),
      exact: text(['互', '联', '网', '+', ' ', '\n', '𠮷', '<', '"'], 60).filter((s) => s.trim().length > 0),
      prefix: text(['上', ' ', '\u3000', '\n'], 400),
      note: text(['注', '释', ' ', '\n', '&', '#', 'h', 't', 'p', ':', '/'], 60),
      tags: fc.array(text(['双', '创', 'a', ' '], 8), { maxLength: 4 }),
      color: fc.nat(COLORS.length - 1),
      start: fc.nat(400),
    }),
    weight: 5,
  },
  { arbitrary: fc.record({ op: fc.constant('delete' as const), f: fc.option(frame, { nil: null }), id: fc.nat(5) }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('undo' as const), id: fc.nat(5) }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('keep' as const), f: frame }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('link' as const), f: frame, doc: fc.nat(3) }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('forget' as const), doc: fc.nat(3) }), weight: 1 },
  {
    arbitrary: fc.record({
      op: fc.constant('measure' as const),
      f: frame,
      measureId: fc.constantFrom('1', '1.2', '2.10'),
      status: fc.constantFrom('未开始' as const, '推进中' as const, '已完成' as const, '关注' as const, null),
      note: text(['备', '注', ' '], 20),
    }),
    weight: 1,
  },
);

describe('what messages can reach exports and imports back identically', () => {
  let fake: ReturnType<typeof installFakeChrome>;
  beforeEach(() => (fake = installFakeChrome()));
  afterEach(() => fake.uninstall());

  it('random sessions through the background routes round-trip through the export file', async () => {
    const reached = { annotations: 0, deleted: 0, documents: 0, linked: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(ops, { minLength: 1, maxLength: 25 }), async (seq) => {
        const db = await openPolicyLensDb(`msg-rt-${Math.random()}`, { indexedDB, IDBKeyRange });
        const stop = serve(
          toBackground,
          backgroundRoutes({
            db: async () => db,
            frames: createFrameStore(memorySessionArea()),
            analyze,
            models: createModelCache(),
            notes: createNoteTokens(memorySessionArea()),
            notifyPanel: () => {},
            notifyFrame: () => {},
          }),
          { ext: EXT, panelPages: ['/sidepanel.html'] },
        );
        const opened = new Set<number>();
        /** A content script opens its document before anything else: do it for the frame when the run has not. */
        const ensureOpen = async (f: number) => {
          if (opened.has(f)) return;
          fake.as(pageSender(FRAMES[f]!));
          await toBackground.sendMessage('bg:docOpened', { title: '', docNumber: null, issuer: null, date: null, content: FRAMES[f]!.text });
          opened.add(f);
        };
        // A refused request (another document's annotation, a frame that opened nothing) is a reachable outcome too.
        const attempt = async (f: () => Promise<unknown>) => f().catch(() => void reached.refused++);
        try {
          for (const o of seq) {
            const docs = (await listDocuments(db)).sort((a, b) => (a.created < b.created ? -1 : a.created > b.created ? 1 : a.id < b.id ? -1 : 1));
            switch (o.op) {
              case 'open':
                fake.as(pageSender(FRAMES[o.f]!));
                await toBackground.sendMessage('bg:docOpened', { title: o.title, docNumber: null, issuer: null, date: null, content: FRAMES[o.f]!.text });
                opened.add(o.f);
                break;
              case 'annotate': {
                await ensureOpen(o.f);
                fake.as(pageSender(FRAMES[o.f]!));
                const a: Annotation = {
                  id: annId(o.id),
                  docId: 'whatever',
                  color: COLORS[o.color]!,
                  note: o.note,
                  tags: o.tags,
                  created: '',
                  modified: '',
                  target: {
                    source: 'https://ignored.example/',
                    position: { type: 'TextPositionSelector', start: o.start, end: o.start + o.exact.length },
                    quote: { type: 'TextQuoteSelector', exact: o.exact, prefix: o.prefix, suffix: o.prefix },
                  },
                };
                await attempt(() => toBackground.sendMessage('bg:putAnnotation', a));
                break;
              }
              case 'delete': {
                // one of the annotations that exist (from a frame: maybe another document's, refused)
                const live = (await db.annotations.toArray()).filter((a) => !a.deleted);
                const id = live.length ? live[o.id % live.length]!.id : annId(o.id);
                fake.as(o.f === null ? PANEL : pageSender(FRAMES[o.f]!));
                await attempt(() => toBackground.sendMessage('bg:deleteAnnotation', { id }));
                break;
              }
              case 'undo': {
                const gone = (await db.annotations.toArray()).filter((a) => a.deleted);
                const id = gone.length ? gone[o.id % gone.length]!.id : annId(o.id);
                fake.as(PANEL);
                await attempt(() => toBackground.sendMessage('bg:undoDelete', { id }));
                break;
              }
              case 'keep':
                await ensureOpen(o.f);
                fake.as(PANEL);
                await attempt(() => toBackground.sendMessage('bg:keepFrameDocument', { tabId: FRAMES[o.f]!.tabId, frameId: FRAMES[o.f]!.frameId }));
                break;
              case 'link': {
                const d = docs[o.doc % Math.max(docs.length, 1)];
                if (!d) break;
                fake.as(PANEL);
                await attempt(async () => {
                  await toBackground.sendMessage('bg:linkDocument', { tabId: FRAMES[o.f]!.tabId, frameId: FRAMES[o.f]!.frameId, docId: d.id });
                  reached.linked++;
                });
                break;
              }
              case 'forget': {
                const d = docs[o.doc % Math.max(docs.length, 1)];
                if (!d) break;
                fake.as(PANEL);
                await toBackground.sendMessage('bg:forgetDocument', { docId: d.id });
                break;
              }
              case 'measure': {
                // the panel writes measure notes itself, into the document it keeps through the background
                const fr = FRAMES[o.f]!;
                await ensureOpen(o.f);
                fake.as(PANEL);
                const { docId } = await toBackground.sendMessage('bg:keepFrameDocument', { tabId: fr.tabId, frameId: fr.frameId });
                await putMeasureNote(db, { docId, measureId: o.measureId, measurePath: '', status: o.status, note: o.note });
                break;
              }
            }
          }
          const before = await exportedState(db);
          reached.documents += before.documents.length;
          for (const d of before.documents) {
            reached.annotations += d.annotations.length;
            reached.deleted += d.annotations.filter((a) => (a as unknown as Record<string, unknown>)['pl:deleted']).length;
          }
          const file = serializeExport({ ...before, exported: '2026-12-02T00:00:00.000Z' } as never);
          const parsed = parseImport(file);
          if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors).slice(0, 400));
          expect(parsed.data.report).toEqual([]);
          const fresh = await openPolicyLensDb(`msg-rt-back-${Math.random()}`, { indexedDB, IDBKeyRange });
          const applied = await applyImport(fresh, parsed.data);
          expect(applied.report).toEqual([]);
          expect(await exportedState(fresh)).toEqual(before);
          fresh.close();
        } finally {
          stop();
          db.close();
        }
      }),
      { numRuns: 80 },
    );
    // the runs reached the interesting states (the property is not vacuous)
    expect(reached.annotations).toBeGreaterThan(60);
    expect(reached.deleted).toBeGreaterThanOrEqual(3);
    expect(reached.documents).toBeGreaterThan(20);
    expect(reached.refused).toBeGreaterThan(3);
  }, 120_000);
});
