import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import { analyze } from '../../../lib/analysis';
import { backgroundRoutes } from '../../../lib/background/routes';
import { createFrameStore, memorySessionArea } from '../../../lib/background/frames';
import { createModelCache } from '../../../lib/background/models';
import { createNoteTokens, NOTE_TOKEN_TTL_MS } from '../../../lib/background/notes';
import { toBackground } from '../../../lib/protocol';
import { serve } from '../../../lib/protocol/serve';
import { openPolicyLensDb, getAnnotation, listDocuments, type PolicyLensDb } from '../../../lib/store';
import type { Annotation } from '../../../lib/annotations/types';
import { installFakeChrome } from '../protocol/fake-chrome';

const EXT = { id: 'policy-lens', origin: 'chrome-extension://policy-lens/' };
const PANEL = { id: 'policy-lens', url: 'chrome-extension://policy-lens/sidepanel.html' };
const pageSender = (url: string, tabId = 1, frameId = 0) => ({ id: 'policy-lens', url, tab: { id: tabId, url }, frameId });
const GOV = 'http://www.gov.cn/zhengce/content/2015-07/04/content_10002.htm';
const OTHER = 'http://www.sh.gov.cn/nw12344/20240101/a.html';
const TEXT_A =
  '国务院关于积极推进“互联网+”行动的指导意见。' + '加快推进“互联网+”发展，有利于重塑创新体系、激发创新活力、培育新兴业态和创新公共服务模式。'.repeat(8);
const TEXT_B =
  '上海市人民政府关于印发本市促进数字经济发展若干措施的通知。' + '推动数字技术与实体经济深度融合，加快建设具有世界影响力的国际数字之都。'.repeat(8);

function annotation(id: string, over: Partial<Annotation> = {}): Annotation {
  return {
    id,
    docId: 'whatever-the-page-says',
    target: {
      source: 'https://evil.example/',
      quote: { type: 'TextQuoteSelector', exact: '互联网', prefix: '', suffix: '' },
      position: { type: 'TextPositionSelector', start: 10, end: 13 },
    },
    color: 'yellow',
    note: '',
    tags: [],
    created: '2026-12-01T00:00:00.000Z',
    modified: '2026-12-01T00:00:00.000Z',
    ...over,
  };
}

describe('the background answers each sender only for what it may touch', () => {
  let fake: ReturnType<typeof installFakeChrome>;
  let db: PolicyLensDb;
  let session: ReturnType<typeof memorySessionArea>;
  let panel: { type: string; data: unknown }[];
  let toFrames: { tabId: number; frameId: number; type: string; data: unknown }[];
  let clock: number;
  let stop: () => void;
  const start = () => {
    stop?.();
    stop = serve(
      toBackground,
      backgroundRoutes({
        db: async () => db,
        frames: createFrameStore(session),
        analyze,
        models: createModelCache(),
        notes: createNoteTokens(session, () => clock),
        notifyPanel: (type, data) => void panel.push({ type, data }),
        notifyFrame: (tabId, frameId, type, data) => void toFrames.push({ tabId, frameId, type, data }),
      }),
      { ext: EXT, panelPages: ['/sidepanel.html'] },
    );
  };
  beforeEach(async () => {
    fake = installFakeChrome();
    db = await openPolicyLensDb(`routes-${Math.random()}`, { indexedDB, IDBKeyRange });
    session = memorySessionArea();
    panel = [];
    toFrames = [];
    clock = Date.parse('2026-12-02T00:00:00Z');
    start();
  });
  afterEach(() => {
    stop();
    db.close();
    fake.uninstall();
  });
  const open = async (url: string, text: string, tabId = 1, frameId = 0) => {
    fake.as(pageSender(url, tabId, frameId));
    return toBackground.sendMessage('bg:docOpened', { title: text.slice(0, 20), docNumber: null, issuer: null, date: null, content: text });
  };

  it("a visit keeps nothing; the first annotation keeps the document, under the frame's URL whatever the message says", async () => {
    const { docId } = await open(GOV, TEXT_A);
    expect(docId).toBeNull();
    expect(await listDocuments(db)).toEqual([]);
    const saved = await toBackground.sendMessage('bg:putAnnotation', annotation('a1'));
    expect(saved.docId).toMatch(/^doc-[0-9a-f-]{36}$/);
    expect(saved.target.source).toBe(GOV);
    expect((await listDocuments(db)).map((d) => [d.id, d.url])).toEqual([[saved.docId, GOV]]);
    // the same page opened again is that document
    expect((await open(GOV, TEXT_A)).docId).toBe(saved.docId);
    expect((await toBackground.sendMessage('bg:listAnnotations')).map((a) => a.id)).toEqual(['a1']);
    expect(panel.map((p) => p.type)).toContain('panel:tabUpdated');
  });

  it("a frame cannot read, overwrite or delete another document's annotations", async () => {
    await open(GOV, TEXT_A, 1);
    await toBackground.sendMessage('bg:putAnnotation', annotation('a1', { note: '我的批注' }));
    await open(OTHER, TEXT_B, 2);
    expect(await toBackground.sendMessage('bg:listAnnotations')).toEqual([]);
    await expect(toBackground.sendMessage('bg:putAnnotation', annotation('a1', { note: '覆盖' }))).rejects.toThrow(/another document/);
    await expect(toBackground.sendMessage('bg:deleteAnnotation', { id: 'a1' })).rejects.toThrow(/another document/);
    expect((await getAnnotation(db, 'a1'))?.note).toBe('我的批注');
  });

  it('panel-only requests are refused from a content script', async () => {
    await open(GOV, TEXT_A);
    for (const [type, data] of [
      ['bg:getTabFrame', { tabId: 1 }],
      ['bg:frameDoc', { tabId: 1, frameId: 0 }],
      ['bg:undoDelete', { id: 'a1' }],
      ['bg:forgetDocument', { docId: 'doc-x' }],
      ['bg:linkDocument', { tabId: 1, frameId: 0, docId: 'doc-x' }],
      ['bg:keepFrameDocument', { tabId: 1, frameId: 0 }],
    ] as const) {
      await expect((toBackground.sendMessage as any)(type, data), type).rejects.toThrow(/not accepted from this sender/);
    }
    fake.as(PANEL);
    expect(await toBackground.sendMessage('bg:getTabFrame', { tabId: 1 })).toEqual({ frameId: 0 });
  });

  it('a frame paints from a compact answer and fetches its own whole model, once; another frame cannot', async () => {
    const text = '国务院关于推进工作的意见\n国发〔2025〕1号\n一、重点任务\n（一）推进改革。（发展改革委牵头，2026年底前完成）\n（二）加强保障。（财政部负责）';
    fake.as(pageSender(GOV, 1, 0));
    const paint = await toBackground.sendMessage('bg:paint', { text, today: '2026-12-02' });
    const payload = JSON.parse(paint.json);
    expect(payload.isPolicy).toBe(true);
    expect(payload.spans['pl-lead'].length).toBe(8); // 发展改革委 and 财政部 (alone, 负责 leads), packed [start, end, a, b]
    expect(payload.measures).toBeUndefined();
    fake.as(pageSender(GOV, 1, 2)); // another frame of the tab
    await expect(toBackground.sendMessage('bg:model', { id: paint.key })).rejects.toThrow(/no longer holds/);
    fake.as(pageSender(GOV, 1, 0));
    const whole = JSON.parse((await toBackground.sendMessage('bg:model', { id: paint.key })).json);
    expect(whole.measures.length).toBe(payload.measureCount);
    await expect(toBackground.sendMessage('bg:model', { id: paint.key })).rejects.toThrow(/no longer holds/);
    fake.as(PANEL);
    await expect(toBackground.sendMessage('bg:model', { id: paint.key })).rejects.toThrow(/not accepted from this sender/);
  });

  it('a frame gets its annotations re-anchored on the text it sends, orphans with their reason', async () => {
    await open(GOV, TEXT_A);
    const a = annotation('a1');
    await toBackground.sendMessage('bg:putAnnotation', a);
    const at = a.target.position.start;
    const moved = 'NEW PREFACE ' + TEXT_A;
    const [r] = await toBackground.sendMessage('bg:anchorAnnotations', { text: moved });
    expect(r!.annotation.id).toBe('a1');
    expect(r!.anchor).toMatchObject({ status: 'anchored', start: at + 12 });
    const [gone] = await toBackground.sendMessage('bg:anchorAnnotations', { text: '完全不同的文字' });
    expect(gone!.anchor.status).toBe('orphan');
    await expect((toBackground.sendMessage as any)('bg:anchorAnnotations', { text: 42 })).rejects.toThrow(/malformed/);
  });

  it('a content script must open its document before it lists or saves', async () => {
    fake.as(pageSender(GOV));
    await expect(toBackground.sendMessage('bg:listAnnotations')).rejects.toThrow(/not opened a document/);
    await expect(toBackground.sendMessage('bg:putAnnotation', annotation('a1'))).rejects.toThrow(/not opened a document/);
  });

  it('a copy of a kept document on another host gets nothing of it: offered as a near match, never merged', async () => {
    await open(GOV, TEXT_A, 1);
    const kept = await toBackground.sendMessage('bg:putAnnotation', annotation('a1', { note: '只给 www.gov.cn 上的这份' }));
    const copy = 'http://attacker.example.gov.cn/copy.html';
    const opened = await open(copy, TEXT_A, 2);
    expect(opened.docId).toBeNull();
    expect(opened.near.map((n) => n.id)).toEqual([kept.docId]);
    expect(await toBackground.sendMessage('bg:listAnnotations')).toEqual([]);
    // what the copy annotates is its own document; the kept one's record is untouched
    const mine = await toBackground.sendMessage('bg:putAnnotation', annotation('a2'));
    expect(mine.docId).not.toBe(kept.docId);
    expect((await listDocuments(db)).find((d) => d.id === kept.docId)?.urls).toEqual([]);
    // the user links a near match from the panel: then it is that document
    await open('http://www.hubei.gov.cn/zfwj/copy.html', TEXT_A, 3);
    fake.as(PANEL);
    expect((await toBackground.sendMessage('bg:linkDocument', { tabId: 3, frameId: 0, docId: kept.docId })).docId).toBe(kept.docId);
    fake.as(pageSender('http://www.hubei.gov.cn/zfwj/copy.html', 3, 0));
    expect((await toBackground.sendMessage('bg:listAnnotations')).map((a) => a.id)).toEqual(['a1']);
  });

  it('a visiting page never overwrites the kept title, 文号, issuer or date', async () => {
    fake.as(pageSender(GOV));
    await toBackground.sendMessage('bg:docOpened', {
      title: '国务院关于积极推进“互联网+”行动的指导意见',
      docNumber: '国发〔2015〕40号',
      issuer: '国务院',
      date: '2015-07-01',
      content: TEXT_A,
    });
    const kept = await toBackground.sendMessage('bg:putAnnotation', annotation('a1'));
    await toBackground.sendMessage('bg:docOpened', { title: '篡改的标题', docNumber: '假〔2099〕1号', issuer: '某某', date: '2099-01-01', content: TEXT_A });
    await toBackground.sendMessage('bg:putAnnotation', annotation('a2'));
    const d = (await listDocuments(db)).find((x) => x.id === kept.docId)!;
    expect([d.title, d.docNumber, d.issuer, d.date]).toEqual(['国务院关于积极推进“互联网+”行动的指导意见', '国发〔2015〕40号', '国务院', '2015-07-01']);
  });

  it('what a frame shows survives a stopped worker (storage.session)', async () => {
    await open(GOV, TEXT_A, 3, 2);
    fake.as(pageSender(GOV, 3, 2));
    const { docId } = await toBackground.sendMessage('bg:putAnnotation', annotation('a0'));
    await toBackground.sendMessage('bg:pageState', { status: 'policy', url: GOV, title: 't', highlightCount: 5, measures: 9, reasons: [] });
    start(); // a new worker: fresh routes, nothing in memory but the session area
    fake.as(PANEL);
    expect(await toBackground.sendMessage('bg:getTabFrame', { tabId: 3 })).toEqual({ frameId: 2 });
    expect((await toBackground.sendMessage('bg:frameDoc', { tabId: 3, frameId: 2 })).docId).toBe(docId);
    fake.as(pageSender(GOV, 3, 2));
    expect((await toBackground.sendMessage('bg:putAnnotation', annotation('a9'))).docId).toBe(docId);
  });

  it('undo restores the annotation it names, after a worker restart too', async () => {
    await open(GOV, TEXT_A);
    await toBackground.sendMessage('bg:putAnnotation', annotation('a1'));
    await toBackground.sendMessage(
      'bg:putAnnotation',
      annotation('a2', { target: { ...annotation('a2').target, position: { type: 'TextPositionSelector', start: 20, end: 23 } } }),
    );
    fake.as(PANEL);
    await toBackground.sendMessage('bg:deleteAnnotation', { id: 'a1' });
    await toBackground.sendMessage('bg:deleteAnnotation', { id: 'a2' });
    start();
    fake.as(PANEL);
    expect((await toBackground.sendMessage('bg:undoDelete', { id: 'a1' })).id).toBe('a1');
    expect((await getAnnotation(db, 'a1'))?.deleted).toBeUndefined();
    expect((await getAnnotation(db, 'a2'))?.deleted).toBe(true);
  });

  it('ordinary long input is stored, clamped where clamping keeps the meaning — not dropped', async () => {
    const longUrl = `${GOV}?${'utm_x=1&'.repeat(10)}q=${'x'.repeat(5000)}`; // over the 4,000 the gate used to refuse
    await open(longUrl, TEXT_A);
    const exact = '政策'.repeat(15_000); // a 30,000-character selection
    const saved = await toBackground.sendMessage(
      'bg:putAnnotation',
      annotation('big', {
        target: {
          source: '',
          quote: { type: 'TextQuoteSelector', exact, prefix: `前文${' '.repeat(5000)}`, suffix: `${'\u3000'.repeat(3000)}后文` },
          position: { type: 'TextPositionSelector', start: 0, end: exact.length },
        },
        note: '长批注'.repeat(1000),
      }),
    );
    expect(saved.target.quote.exact).toBe(exact);
    expect(saved.target.quote.prefix.length).toBeLessThanOrEqual(64);
    expect(saved.target.quote.prefix).toContain('前文');
    expect(saved.target.quote.suffix).toContain('后文');
    expect(saved.note).toBe('长批注'.repeat(1000));
    fake.as(pageSender(longUrl));
    expect(
      (await toBackground.sendMessage('bg:docOpened', { title: '标'.repeat(5000), docNumber: null, issuer: null, date: null, content: TEXT_A })).docId,
    ).toBe(saved.docId);
  });

  describe('the note editor: typed in an extension frame, speaking for one annotation of one frame', () => {
    const NOTE = { id: 'policy-lens', url: 'chrome-extension://policy-lens/note.html', tab: { id: 1, url: GOV }, frameId: 3 };
    const openNote = async (a: Annotation) => {
      fake.as(pageSender(GOV));
      return (await toBackground.sendMessage('bg:openNote', { annotation: a })).token;
    };

    it("a new highlight with its note: saved on 保存 under the frame's document, the frame told to close", async () => {
      await open(GOV, TEXT_A);
      const token = await openNote(annotation('n1', { color: 'green' }));
      expect(token).toMatch(/^[0-9a-f]{32}$/);
      fake.as(NOTE);
      expect(await toBackground.sendMessage('bg:noteDraft', { token })).toEqual({ quote: '互联网', color: 'green', note: '', tags: [], existing: false });
      const saved = await toBackground.sendMessage('bg:noteSave', { token, color: 'blue', note: '重点关注', tags: ['跟踪'] });
      expect(saved).toMatchObject({ id: 'n1', color: 'blue', note: '重点关注', tags: ['跟踪'], target: { source: GOV } });
      expect((await getAnnotation(db, 'n1'))?.docId).toBe(saved.docId);
      expect(toFrames).toEqual([{ tabId: 1, frameId: 0, type: 'page:noteClosed', data: { id: 'n1', saved: true } }]);
      // one time: the token is spent
      await expect(toBackground.sendMessage('bg:noteSave', { token, color: 'blue', note: 'again', tags: [] })).rejects.toThrow(/expired/);
    });

    it('an existing annotation: the draft is what is stored now, closing saves nothing', async () => {
      await open(GOV, TEXT_A);
      await toBackground.sendMessage('bg:putAnnotation', annotation('n2', { note: '原来的' }));
      const token = await openNote(annotation('n2', { note: 'stale copy from the page' }));
      fake.as(NOTE);
      expect(await toBackground.sendMessage('bg:noteDraft', { token })).toMatchObject({ note: '原来的', existing: true });
      await toBackground.sendMessage('bg:noteClose', { token });
      expect(toFrames.at(-1)).toEqual({ tabId: 1, frameId: 0, type: 'page:noteClosed', data: { id: 'n2', saved: false } });
      expect((await getAnnotation(db, 'n2'))?.note).toBe('原来的');
      await expect(toBackground.sendMessage('bg:noteDraft', { token })).rejects.toThrow(/expired/);
    });

    it('only the note page may use a token, only a frame may ask for one, and only for its own document', async () => {
      await open(GOV, TEXT_A, 1);
      await toBackground.sendMessage('bg:putAnnotation', annotation('mine'));
      const token = await openNote(annotation('n3'));
      // a content script (or the page it runs in) cannot read or save through the token
      fake.as(pageSender(GOV));
      await expect(toBackground.sendMessage('bg:noteDraft', { token })).rejects.toThrow(/not accepted/);
      await expect(toBackground.sendMessage('bg:noteSave', { token, color: 'yellow', note: 'x', tags: [] })).rejects.toThrow(/not accepted/);
      // nor the side panel (another extension page)
      fake.as(PANEL);
      await expect(toBackground.sendMessage('bg:noteDraft', { token })).rejects.toThrow(/not accepted/);
      // a guessed token is refused as malformed or unknown
      fake.as(NOTE);
      await expect(toBackground.sendMessage('bg:noteDraft', { token: 'a'.repeat(32) })).rejects.toThrow(/expired/);
      await expect(toBackground.sendMessage('bg:noteDraft', { token: 'not-a-token' })).rejects.toThrow(/malformed/);
      // a frame of another document cannot ask to edit this document's annotation
      await open(OTHER, TEXT_B, 2);
      await expect(toBackground.sendMessage('bg:openNote', { annotation: annotation('mine') })).rejects.toThrow(/another document/);
    });

    it('a note of a page the frame has left is not filed under the page it shows now', async () => {
      await open(GOV, TEXT_A);
      const token = await openNote(annotation('n5'));
      await open(OTHER, TEXT_B); // the same tab and frame, navigated
      fake.as(NOTE);
      await expect(toBackground.sendMessage('bg:noteSave', { token, color: 'yellow', note: '迟到的保存', tags: [] })).rejects.toThrow(
        /page of this note has changed/,
      );
      expect(await getAnnotation(db, 'n5')).toBeUndefined();
    });

    it('a token expires; the worker restarting in between does not lose it', async () => {
      await open(GOV, TEXT_A);
      const token = await openNote(annotation('n4'));
      start(); // a fresh worker: the binding is in storage.session
      fake.as(NOTE);
      expect((await toBackground.sendMessage('bg:noteDraft', { token })).existing).toBe(false);
      clock += NOTE_TOKEN_TTL_MS + 1;
      await expect(toBackground.sendMessage('bg:noteSave', { token, color: 'yellow', note: 'late', tags: [] })).rejects.toThrow(/expired/);
      expect(await getAnnotation(db, 'n4')).toBeUndefined();
    });
  });
});
