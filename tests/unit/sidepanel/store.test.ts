/**
 * The side panel's store (entrypoints/sidepanel/store.ts): the reducer event by event, and the
 * store driven through a fake protocol (background, page, tabs, scripting, permissions, settings)
 * over a real database in fake-indexeddb.
 */
import { describe, expect, it, vi, type Mock } from 'vitest';
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import { createPanelStore, initialState, reduce, type PanelEvent, type PanelPorts, type PanelStoreState } from '../../../entrypoints/sidepanel/store';
import type { Annotation } from '../../../lib/annotations/types';
import type { PageSnapshot, PageStatus } from '../../../lib/protocol';
import { normalizeSettings, type Settings } from '../../../lib/settings';
import {
  getAnalysis,
  getAnnotation,
  keepDocument,
  listMeasureNotes,
  openPolicyLensDb,
  putAnnotation,
  softDelete,
  undoDelete,
  type PolicyLensDb,
} from '../../../lib/store';
import type { ReadyState } from '../../../components/sidepanel/types';
import { seedFixture } from '../components/fixtures/seed-model';
import { loadT } from '../components/helpers';

const t = loadT('en');
const URL = 'https://www.gov.cn/zhengce/content/2015-07/04/content_10002.htm';
const OTHER = 'https://www.gov.cn/zhengce/content/2016-05/20/content_5075099.htm';
const SETTINGS = normalizeSettings(null);

function snapshot(status: PageStatus, over: Partial<PageSnapshot> = {}): PageSnapshot {
  const built = seedFixture();
  return {
    state: { status, url: URL, title: built.model.meta.title ?? '', highlightCount: 0, measures: built.model.measures.length, reasons: [] },
    model: built.model,
    measureTexts: built.measureTexts,
    content: { start: 0, text: built.text },
    docId: null,
    orphans: [],
    currentMeasureId: null,
    ...over,
  };
}

function ann(id: string, docId: string, start: number): Annotation {
  return {
    id,
    docId,
    color: 'yellow',
    note: `note ${id}`,
    tags: [],
    created: '2026-12-01T00:00:00.000Z',
    modified: '2026-12-01T00:00:00.000Z',
    target: {
      source: URL,
      quote: { type: 'TextQuoteSelector', exact: `quote ${id}`, prefix: '', suffix: '' },
      position: { type: 'TextPositionSelector', start, end: start + 4 },
    },
  };
}

const withTab = (s: PanelStoreState, url = URL): PanelStoreState => ({ ...s, tab: { id: 7, url, frameId: 0 } });
const ready = (over: Partial<PanelStoreState> = {}): PanelStoreState => {
  const base = withTab(initialState(SETTINGS));
  const s = reduce(base, { type: 'snapshot', snapshot: snapshot('policy'), today: '2026-12-02' }, t);
  return { ...s, ...over };
};

describe('reduce', () => {
  const loading = withTab(initialState(SETTINGS));
  const readyView = ready();
  const cases: { name: string; from: PanelStoreState; event: PanelEvent; view: unknown }[] = [
    {
      name: 'no tab, a pinned URL: offer to analyse it',
      from: initialState(SETTINGS),
      event: { type: 'noTab', pinnedTabUrl: URL },
      view: { kind: 'no-content-script', url: URL, autoHosts: SETTINGS.autoHosts },
    },
    {
      name: 'no tab at all: an error',
      from: initialState(SETTINGS),
      event: { type: 'noTab', pinnedTabUrl: null },
      view: { kind: 'error', message: t('stateErrorTitle') },
    },
    {
      name: 'a browser page is restricted',
      from: initialState(SETTINGS),
      event: { type: 'tab', id: 1, url: 'chrome://extensions/' },
      view: { kind: 'restricted', url: 'chrome://extensions/' },
    },
    {
      name: 'the web store is restricted',
      from: initialState(SETTINGS),
      event: { type: 'tab', id: 1, url: 'https://chromewebstore.google.com/detail/x' },
      view: { kind: 'restricted', url: 'https://chromewebstore.google.com/detail/x' },
    },
    {
      name: 'a file: page is not restricted',
      from: initialState(SETTINGS),
      event: { type: 'tab', id: 1, url: 'file:///tmp/a.html' },
      view: { kind: 'loading' },
    },
    { name: 'a web page is not (yet) shown', from: initialState(SETTINGS), event: { type: 'tab', id: 1, url: URL }, view: { kind: 'loading' } },
    { name: 'no content script', from: loading, event: { type: 'noScript' }, view: { kind: 'no-content-script', url: URL, autoHosts: SETTINGS.autoHosts } },
    {
      name: 'a new page analysing: loading',
      from: loading,
      event: { type: 'snapshot', snapshot: snapshot('analysing'), today: '2026-12-02' },
      view: { kind: 'loading' },
    },
    {
      name: 'the engine failed: its error',
      from: readyView,
      event: { type: 'snapshot', snapshot: snapshot('error', { state: { ...snapshot('error').state, error: 'boom' } }), today: '2026-12-02' },
      view: { kind: 'error', message: 'boom' },
    },
    {
      name: 'the engine failed silently: a generic error',
      from: loading,
      event: { type: 'snapshot', snapshot: snapshot('error'), today: '2026-12-02' },
      view: { kind: 'error', message: t('errAnalysisFailed') },
    },
    {
      name: 'no model yet on a new page: loading',
      from: loading,
      event: { type: 'snapshot', snapshot: snapshot('policy', { model: null }), today: '2026-12-02' },
      view: { kind: 'loading' },
    },
    {
      name: 'not a policy document',
      from: loading,
      event: { type: 'snapshot', snapshot: snapshot('not-policy'), today: '2026-12-02' },
      view: { kind: 'not-policy', model: snapshot('not-policy').model, url: URL },
    },
    {
      // the file viewer with no file yet, or a scan: what it says, not "analysing" for ever
      name: 'nothing to analyse: the tab says why',
      from: loading,
      event: {
        type: 'snapshot',
        snapshot: snapshot('empty', { model: null, state: { ...snapshot('empty').state, notice: '阅读器里还没有文件' } }),
        today: '2026-12-02',
      },
      view: { kind: 'empty', message: '阅读器里还没有文件' },
    },
    {
      name: 'nothing to analyse replaces a document shown before',
      from: readyView,
      event: { type: 'snapshot', snapshot: snapshot('empty', { model: null }), today: '2026-12-02' },
      view: { kind: 'empty', message: t('stateEmptyTitle') },
    },
    { name: 'an error replaces whatever was shown', from: readyView, event: { type: 'error', message: 'cannot' }, view: { kind: 'error', message: 'cannot' } },
  ];
  it.each(cases)('$name', ({ from, event, view }) => {
    expect(reduce(from, event, t).view).toEqual(view);
  });

  it('a new policy page shows its outline at once, with nothing stored yet', () => {
    const snap = snapshot('policy', { currentMeasureId: '2.1' });
    const s = reduce(withTab(initialState(SETTINGS)), { type: 'snapshot', snapshot: snap, today: '2026-12-02' }, t);
    expect(s.snapshot).toBe(snap);
    expect(s.view).toEqual({
      kind: 'ready',
      model: snap.model,
      url: URL,
      today: '2026-12-02',
      annotations: [],
      measureNotes: [],
      orphans: [],
      settings: { master: true, ...SETTINGS.categories, autoHosts: SETTINGS.autoHosts, openPdfLinks: false },
      currentMeasureId: '2.1',
      measureTexts: snap.measureTexts,
    });
  });

  it.each<[string, PageSnapshot]>([
    ['analysing again', snapshot('analysing')],
    ['no model yet', snapshot('policy', { model: null })],
    ['a new model', snapshot('policy')],
  ])('the same page (%s) keeps what is shown: the open tab and the place in the outline survive', (_, snap) => {
    const s = reduce(readyView, { type: 'snapshot', snapshot: snap, today: '2026-12-02' }, t);
    expect(s.view).toBe(readyView.view);
    expect(s.snapshot).toBe(snap);
  });

  it('another page in the same tab is a new document', () => {
    const s = reduce({ ...readyView, tab: { id: 7, url: OTHER, frameId: 0 } }, { type: 'snapshot', snapshot: snapshot('analysing'), today: '2026-12-02' }, t);
    expect(s.view).toEqual({ kind: 'loading' });
  });

  it('the stored items: orphans apart with their reason, the document record and the undo offer', () => {
    const snap = snapshot('policy', { docId: 'd1', orphans: [{ id: 'a2', reason: 'quote not found' }], currentMeasureId: '1.1' });
    const deleted = ann('a9', 'd1', 90);
    const doc = { docId: 'd1', near: [] };
    const s = reduce(
      { ...readyView, doc, deletedInPage: deleted },
      { type: 'stored', snapshot: snap, annotations: [ann('a1', 'd1', 0), ann('a2', 'd1', 10)], measureNotes: [], today: '2026-12-03' },
      t,
    );
    const v = s.view as ReadyState;
    expect(v.annotations.map((a) => a.id)).toEqual(['a1']);
    expect(v.orphans).toEqual([{ annotation: ann('a2', 'd1', 10), reason: 'quote not found' }]);
    expect([v.doc, v.deletedInPage, v.today, v.currentMeasureId, v.model]).toEqual([doc, deleted, '2026-12-03', '1.1', snap.model]);
  });

  it('a failed read keeps the stored items and refreshes the analysis', () => {
    const shown = reduce(
      readyView,
      { type: 'stored', snapshot: snapshot('policy'), annotations: [ann('a1', 'd1', 0)], measureNotes: [], today: '2026-12-02' },
      t,
    );
    const snap = snapshot('policy', { currentMeasureId: '2' });
    const v = reduce(shown, { type: 'storedFailed', snapshot: snap }, t).view as ReadyState;
    expect([v.annotations.length, v.model, v.currentMeasureId]).toEqual([1, snap.model, '2']);
    expect(reduce(loading, { type: 'storedFailed', snapshot: snap }, t)).toBe(loading);
  });

  it('settings: shown once saved (`settings`), not while being saved (`settingsChosen`)', () => {
    const off: Settings = { ...SETTINGS, master: false };
    const chosen = reduce(readyView, { type: 'settingsChosen', settings: off }, t);
    expect([chosen.settings.master, (chosen.view as ReadyState).settings.master]).toEqual([false, true]);
    const saved = reduce(chosen, { type: 'settings', settings: off }, t);
    expect((saved.view as ReadyState).settings.master).toBe(false);
    expect(reduce(loading, { type: 'settings', settings: off }, t).view).toEqual({ kind: 'loading' });
  });

  it('the current measure and the undo offer patch a ready panel only', () => {
    expect((reduce(readyView, { type: 'currentMeasure', measureId: '2.3' }, t).view as ReadyState).currentMeasureId).toBe('2.3');
    expect(reduce(loading, { type: 'currentMeasure', measureId: '2.3' }, t)).toBe(loading);
    const a = ann('a1', 'd1', 0);
    const s = reduce(loading, { type: 'deletedInPage', annotation: a }, t);
    expect([s.deletedInPage, s.view]).toEqual([a, { kind: 'loading' }]);
  });

  it('the frame and the document record change no view', () => {
    const s = reduce(readyView, { type: 'frame', frameId: 3 }, t);
    expect([s.tab?.frameId, s.view]).toEqual([3, readyView.view]);
    const doc = { docId: 'd1', near: [] };
    expect(reduce(readyView, { type: 'doc', doc }, t).doc).toBe(doc);
    expect(reduce({ ...readyView, doc }, { type: 'doc', doc }, t)).toEqual({ ...readyView, doc });
  });
});

// ---------------------------------------------------------------- the store over a fake protocol

interface Fake {
  db: PolicyLensDb;
  ports: PanelPorts;
  sent: string[];
  page: { snapshot: PageSnapshot | null; reattach: { ok: boolean; reason?: string } };
  frameDoc: { docId: string | null; near: [] };
  savedSettings: Settings[];
  permissions: { request: Mock<(p: { origins: string[] }) => Promise<boolean>>; remove: Mock<(p: { origins: string[] }) => Promise<boolean>> };
  inPage: 'content' | 'first-look' | 'none';
  keyTermRuns: number;
}

async function fake(over: Partial<PanelPorts> = {}): Promise<Fake> {
  const db = await openPolicyLensDb(`panel-store-${Math.random()}`, { indexedDB, IDBKeyRange });
  const f: Fake = {
    db,
    sent: [],
    page: { snapshot: snapshot('policy'), reattach: { ok: true } },
    frameDoc: { docId: null, near: [] },
    savedSettings: [],
    permissions: { request: vi.fn(async (_p: { origins: string[] }) => true), remove: vi.fn(async (_p: { origins: string[] }) => true) },
    inPage: 'content',
    keyTermRuns: 0,
    ports: undefined as unknown as PanelPorts,
  };
  f.ports = {
    t,
    pinned: { tabId: null, tabUrl: null },
    tabs: { get: async (id) => ({ id, url: URL }), query: async () => [{ id: 7, url: URL }], create: vi.fn(async () => ({})) },
    toBackground: (async (type: string, d: any) => {
      f.sent.push(type);
      switch (type) {
        case 'bg:getTabFrame':
          return { frameId: 0 };
        case 'bg:frameDoc':
          return f.frameDoc;
        case 'bg:keepFrameDocument': {
          const doc = (await keepDocument(db, { url: URL, title: 'kept' })).document;
          f.frameDoc = { docId: doc.id, near: [] };
          return { docId: doc.id };
        }
        case 'bg:deleteAnnotation':
          return softDelete(db, d.id);
        case 'bg:undoDelete':
          return undoDelete(db, d.id);
        case 'bg:linkDocument':
          return (f.frameDoc = { docId: d.docId, near: [] });
        case 'bg:forgetDocument':
          return undefined;
      }
      throw new Error(`unexpected ${type}`);
    }) as PanelPorts['toBackground'],
    toPage: (target) =>
      (async (type: string) => {
        f.sent.push(`${type}@${target.tabId}/${target.frameId}`);
        switch (type) {
          case 'page:getSnapshot':
            if (!f.page.snapshot) throw new Error('no receiver');
            return f.page.snapshot;
          case 'page:reattach':
            return f.page.reattach;
          default:
            return { ok: true };
        }
      }) as any,
    scripting: {
      insertCSS: async () => undefined,
      executeScript: async (o) => {
        f.sent.push(o.func ? 'probe' : `inject ${o.files?.join()}`);
        return o.func ? [{ result: f.inPage }] : [];
      },
    },
    permissions: f.permissions,
    settings: { get: async () => SETTINGS, set: async (s) => void f.savedSettings.push(s) },
    openDb: async () => db,
    segmenter: Promise.resolve({ addKeyTerms: (m) => (f.keyTermRuns++, m) }),
    extensionVersion: '0.1.0',
    download: vi.fn(),
    today: () => '2026-12-02',
    ...over,
  };
  return f;
}

const view = (s: { getState(): PanelStoreState }) => s.getState().view;
const kinds = (s: ReturnType<typeof createPanelStore>) => {
  const seen: string[] = [];
  let last = s.getState().view;
  s.subscribe((x) => {
    if (x.view !== last) seen.push(x.view.kind);
    last = x.view;
  });
  return seen;
};

describe('the panel store', () => {
  it('start: the outline at once, then the stored items of the kept document; the analysis cached once', async () => {
    const f = await fake();
    const doc = (await keepDocument(f.db, { url: URL, title: 'doc' })).document;
    await putAnnotation(f.db, ann('a1', doc.id, 0));
    await putAnnotation(f.db, ann('a2', doc.id, 10));
    f.page.snapshot = snapshot('policy', { docId: doc.id, orphans: [{ id: 'a2', reason: 'gone' }] });
    f.frameDoc = { docId: doc.id, near: [] };
    const store = createPanelStore(f.ports, SETTINGS);
    const seen = kinds(store);
    await store.start();
    expect(seen).toEqual(['ready', 'ready']);
    const v = view(store) as ReadyState;
    expect(v.annotations.map((a) => a.id)).toEqual(['a1']);
    expect(v.orphans.map((o) => [o.annotation.id, o.reason])).toEqual([['a2', 'gone']]);
    expect(v.doc).toEqual({ docId: doc.id, near: [] });
    expect(await getAnalysis(f.db, doc.id)).toBeTruthy();
    expect(f.sent.slice(0, 3)).toEqual(['bg:getTabFrame', 'page:getSnapshot@7/0', 'bg:frameDoc']);
    expect(f.keyTermRuns).toBe(0); // the fixture's measures have key terms
  });

  it('key terms are computed once per analysis and reused on the refreshes that follow', async () => {
    const f = await fake();
    const bare = () => {
      const s = snapshot('policy', { docId: 'd1' });
      for (const m of s.model!.measures) m.keyTerms = [];
      return s;
    };
    f.page.snapshot = bare();
    const store = createPanelStore(f.ports, SETTINGS);
    await store.start();
    f.page.snapshot = bare();
    await store.refresh();
    expect(f.keyTermRuns).toBe(1);
  });

  it('a restricted tab is said so, and the page is never asked', async () => {
    const f = await fake();
    f.ports.tabs.query = async () => [{ id: 7, url: 'about:addons' }];
    const store = createPanelStore(f.ports, SETTINGS);
    await store.start();
    expect(view(store)).toEqual({ kind: 'restricted', url: 'about:addons' });
    expect(f.sent).toEqual([]);
  });

  it('a page whose first look left it alone is woken once; then it is "no content script"', async () => {
    const f = await fake();
    f.page.snapshot = null;
    f.inPage = 'first-look';
    const store = createPanelStore(f.ports, SETTINGS);
    await store.start();
    expect(view(store)).toEqual({ kind: 'loading' });
    expect(f.sent.filter((x) => x.startsWith('inject'))).toEqual(['inject /content-scripts/content.js']);
    await store.refresh();
    expect(view(store)).toEqual({ kind: 'no-content-script', url: URL, autoHosts: SETTINGS.autoHosts });
    // a reload of the tab lets it be woken again
    store.tabUpdated(7, { status: 'loading' });
    await store.refresh();
    expect(f.sent.filter((x) => x.startsWith('inject'))).toHaveLength(2);
  });

  it('a pinned URL that no tab shows offers to analyse it', async () => {
    const f = await fake({ pinned: { tabId: null, tabUrl: OTHER } });
    const store = createPanelStore(f.ports, SETTINGS);
    await store.start();
    expect(view(store)).toMatchObject({ kind: 'no-content-script', url: OTHER });
  });

  it('an older refresh that answers late is dropped', async () => {
    const f = await fake();
    let release!: () => void;
    const first = snapshot('not-policy');
    const toPage = f.ports.toPage;
    let calls = 0;
    f.ports.toPage = (target) =>
      (async (type: string, ...d: any[]) => {
        if (type === 'page:getSnapshot' && calls++ === 0) {
          await new Promise<void>((r) => (release = r));
          return first;
        }
        return (toPage(target) as any)(type, ...d);
      }) as any;
    const store = createPanelStore(f.ports, SETTINGS);
    const a = store.start();
    await vi.waitFor(() => expect(calls).toBe(1));
    await store.refresh();
    release();
    await a;
    expect(view(store).kind).toBe('ready');
  });

  it('a measure status keeps the document first, then shows the note', async () => {
    const f = await fake();
    const store = createPanelStore(f.ports, SETTINGS);
    await store.start();
    await store.actions.setMeasureStatus('2.1', '已完成');
    await store.actions.setMeasureNote('2.1', 'checked');
    expect(f.sent.filter((x) => x === 'bg:keepFrameDocument')).toHaveLength(1);
    const notes = (view(store) as ReadyState).measureNotes;
    expect(notes.map((n) => [n.measureId, n.status, n.note])).toEqual([['2.1', '已完成', 'checked']]);
    expect(await listMeasureNotes(f.db, f.frameDoc.docId!)).toHaveLength(1);
  });

  it('a measure status without a ready panel is refused', async () => {
    const f = await fake();
    const store = createPanelStore(f.ports, SETTINGS);
    await expect(store.actions.setMeasureStatus('1', '已完成')).rejects.toThrow(t('errNoDocumentRecord'));
  });

  it('delete and undo go through the background, tell the page, and reload the list', async () => {
    const f = await fake();
    const doc = (await keepDocument(f.db, { url: URL, title: 'doc' })).document;
    await putAnnotation(f.db, ann('a1', doc.id, 0));
    f.frameDoc = { docId: doc.id, near: [] };
    const store = createPanelStore(f.ports, SETTINGS);
    await store.start();
    f.sent.length = 0;
    await store.actions.deleteAnnotation('a1');
    expect(f.sent.slice(0, 2)).toEqual(['bg:deleteAnnotation', 'page:annotationsChanged@7/0']);
    expect((view(store) as ReadyState).annotations).toEqual([]);
    await store.actions.undoDelete('a1');
    expect((view(store) as ReadyState).annotations.map((a) => a.id)).toEqual(['a1']);
  });

  it('forgetting the document clears its id from the record shown', async () => {
    const f = await fake();
    f.frameDoc = { docId: 'd1', near: [] };
    const store = createPanelStore(f.ports, SETTINGS);
    await store.start();
    f.frameDoc = { docId: null, near: [] };
    await store.actions.forgetDocument();
    expect(f.sent).toContain('bg:forgetDocument');
    expect((view(store) as ReadyState).doc).toEqual({ docId: null, near: [] });
  });

  it('an attachment opens in the viewer once its host is allowed; refused, the panel says so and opens nothing', async () => {
    const f = await fake();
    const store = createPanelStore(f.ports, SETTINGS);
    await store.start();
    const file = 'https://www.gov.cn/zhengce/files/fengong.pdf';
    expect(await store.actions.openAttachment!(file)).toBeNull();
    expect(f.permissions.request).toHaveBeenLastCalledWith({ origins: ['https://www.gov.cn/*'] });
    expect(f.ports.tabs.create).toHaveBeenLastCalledWith({ url: `/viewer.html?src=${encodeURIComponent(file)}` });
    f.permissions.request.mockResolvedValueOnce(false);
    const calls = (f.ports.tabs.create as ReturnType<typeof vi.fn>).mock.calls.length;
    expect(await store.actions.openAttachment!('https://other.example/a.pdf')).toMatch(/other\.example/);
    expect((f.ports.tabs.create as ReturnType<typeof vi.fn>).mock.calls.length).toBe(calls);
    // a host with a port is asked for without it (match patterns have none; Firefox refuses one that does)
    await store.actions.openAttachment!('http://xxgk.example.gov.cn:8080/att/a.pdf');
    expect(f.permissions.request).toHaveBeenLastCalledWith({ origins: ['http://xxgk.example.gov.cn/*'] });
  });

  it('the broadcasts: only those about the followed tab count', async () => {
    const f = await fake();
    const doc = (await keepDocument(f.db, { url: URL, title: 'doc' })).document;
    await putAnnotation(f.db, ann('a1', doc.id, 0));
    const store = createPanelStore(f.ports, SETTINGS);
    await store.start();
    const ext = { kind: 'extension', path: '/background.js', tabId: null } as const;
    store.routes['panel:currentMeasure'].run({ tabId: 8, measureId: '2' }, ext);
    expect((view(store) as ReadyState).currentMeasureId).toBe(null);
    store.routes['panel:currentMeasure'].run({ tabId: 7, measureId: '2' }, ext);
    expect((view(store) as ReadyState).currentMeasureId).toBe('2');
    await store.routes['panel:deleted'].run({ tabId: 7, id: 'a1' }, ext);
    expect((view(store) as ReadyState).deletedInPage).toEqual(await getAnnotation(f.db, 'a1'));
    const before = f.sent.length;
    store.routes['panel:tabUpdated'].run({ tabId: 8 }, ext);
    expect(f.sent.length).toBe(before);
    // the guards refuse malformed data
    expect(store.routes['panel:currentMeasure'].valid({ tabId: 7 })).toBe(false);
    expect(store.routes['panel:deleted'].valid({ tabId: -1, id: 'a' })).toBe(false);
  });

  it('a highlight toggle is saved, then shown', async () => {
    const f = await fake();
    const store = createPanelStore(f.ports, SETTINGS);
    await store.start();
    store.actions.setHighlightSetting('lead', false);
    await vi.waitFor(() => expect((view(store) as ReadyState).settings.lead).toBe(false));
    expect(f.savedSettings.map((s) => s.categories.lead)).toEqual([false]);
    store.settingsChanged({ ...SETTINGS, master: false });
    expect((view(store) as ReadyState).settings.master).toBe(false);
  });

  it('adding a host asks the permission first, inside the gesture; refused, nothing is stored', async () => {
    const f = await fake();
    const store = createPanelStore(f.ports, SETTINGS);
    await store.start();
    f.permissions.request.mockResolvedValueOnce(false);
    const p = store.actions.addAutoHost('policy.example.org');
    expect(f.permissions.request).toHaveBeenCalledTimes(1); // before any await
    expect(await p).toEqual({ ok: false, error: t('errHostPermissionDenied') });
    expect(f.savedSettings).toEqual([]);
    expect(await store.actions.addAutoHost('policy.example.org')).toEqual({ ok: true });
    expect(store.getState().settings.autoHosts).toContain('policy.example.org');
    expect(await store.actions.removeAutoHost('policy.example.org')).toEqual({ ok: true });
    expect(store.getState().settings.autoHosts).not.toContain('policy.example.org');
    expect(f.permissions.remove).toHaveBeenCalledTimes(1);
  });

  it("re-attaching an orphan fails with the page's reason", async () => {
    const f = await fake();
    const store = createPanelStore(f.ports, SETTINGS);
    await store.start();
    f.page.reattach = { ok: false };
    await expect(store.actions.reattachOrphan('a1')).rejects.toThrow(t('errReattachSelectFirst'));
    f.page.reattach = { ok: false, reason: 'no selection' };
    await expect(store.actions.reattachOrphan('a1')).rejects.toThrow('no selection');
  });

  it('analyse anyway injects the content script, asks the page, and refreshes; a refusal is shown', async () => {
    const f = await fake();
    f.inPage = 'none';
    const store = createPanelStore(f.ports, SETTINGS);
    await store.start();
    f.sent.length = 0;
    await store.actions.analyzeAnyway();
    expect(f.sent.slice(0, 3)).toEqual(['probe', 'inject /content-scripts/content.js', 'page:analyzeAnyway@7/0']);
    f.ports.scripting.executeScript = async () => {
      throw new Error('Cannot access');
    };
    await store.actions.analyzeAnyway();
    expect(view(store)).toEqual({ kind: 'error', message: t('errCannotAnalyse', 'Cannot access') });
  });

  it("search across documents names each hit's document", async () => {
    const f = await fake();
    const doc = (await keepDocument(f.db, { url: URL, title: '互联网+ 行动' })).document;
    await putAnnotation(f.db, ann('a1', doc.id, 0));
    const store = createPanelStore(f.ports, SETTINGS);
    const hits = await store.actions.searchAll('quote a1');
    expect(hits.map((h) => [h.kind, h.docTitle, h.annotationId])).toEqual([['annotation', '互联网+ 行动', 'a1']]);
    expect((await store.actions.listAllAnnotations()).map((h) => h.url)).toEqual([URL]);
  });

  it('an annotation of another page opens that page at the annotation', async () => {
    const f = await fake();
    const doc = (await keepDocument(f.db, { url: OTHER, title: 'other' })).document;
    await putAnnotation(f.db, { ...ann('a1', doc.id, 0), target: { ...ann('a1', doc.id, 0).target, source: `${OTHER}#x` } });
    const store = createPanelStore(f.ports, SETTINGS);
    await store.start();
    await store.actions.openAnnotation('a1');
    expect(f.ports.tabs.create).toHaveBeenCalledWith({ url: `${OTHER}#pl-annotation=a1` });
  });
});
