/**
 * The side panel's state and what changes it: one store. The views (components/sidepanel) only
 * render `state.view` and call `actions`; main.tsx wires this store to the browser.
 *
 * - `reduce` is pure: the panel's state and the events that change it (what the page's snapshot
 *   shows, what the store read, the settings, the measure the page is at).
 * - `createPanelStore` runs the effects (messages to the background and the page, the database,
 *   the settings) through the ports it is given, and dispatches events to `reduce`; `subscribe`
 *   tells the wiring when to draw.
 *
 * The database is read here directly (annotations, measure notes, search, export); writes that
 * another context must hear of go through the background (delete, undo, link, forget, keep), and
 * its broadcasts (panel:tabUpdated) bring the panel back to `refresh`.
 */
import type { Annotation, MeasureNote, MeasureStatus } from '../../lib/annotations/types';
import type { AnalysisInput, PolicyModel } from '../../lib/analysis/types';
import type { T } from '../../lib/i18n';
import type { BackgroundProtocol, PageProtocol, PageSnapshot, PanelProtocol, Send } from '../../lib/protocol';
import type { ViewerProtocol } from '../../lib/protocol/viewer-channel';
import type { Routes } from '../../lib/protocol/serve';
import * as g from '../../lib/protocol/guards';
import type { Settings } from '../../lib/settings';
import { addHostPattern, fileHostPattern, removeHostPattern, toMatchPattern } from '../../lib/hosts';
import { localToday } from '../../lib/view/dates';
import { describeError } from '../../lib/store/errors';
import { injectContentScript, wakeContentScript, type ScriptingLike } from '../../lib/page/inject';
import { findAttachments, type Attachment } from '../../lib/page/attachments';
import type { Segmenter } from '../../lib/segment/core';
import {
  getAnnotation,
  listAllAnnotations,
  listAnnotations,
  listDocuments,
  listMeasureNotes,
  putMeasureNote,
  recordAnalysis,
  search,
  type PolicyLensDb,
} from '../../lib/store';
import type { PanelActions, PanelDoc, PanelSettings, PanelState, SearchResult } from '../../components/sidepanel/types';
import { buildExportFile, importFile } from './io';

// ---------------------------------------------------------------- state

/** The library page (entrypoints/library), opened in a tab. */
const LIBRARY_PAGE = '/library.html';
/** The file viewer (entrypoints/viewer): `?src=` a file's URL. */
const VIEWER_PAGE = '/viewer.html';

export interface PanelStoreState {
  /** What the views render. */
  view: PanelState;
  /** The followed tab, and the frame of it that holds the document (kept while no tab is found). */
  tab: { id: number; url: string; frameId: number } | null;
  /** The page's last answer to page:getSnapshot. */
  snapshot: PageSnapshot | null;
  settings: Settings;
  /** The stored record of the frame's document, as the background knows it (it decides identity). */
  doc: PanelDoc | null;
  /** An annotation deleted from the page's card, offered for Undo until the next one. */
  deletedInPage: Annotation | null;
  /** The attachment links read from the page at `url` (read once a page: every ready view of it shows them). */
  attachments: { url: string; list: Attachment[] } | null;
}

export type PanelEvent =
  /** No tab to follow: a pinned URL that no tab shows (a host we may not read hides its URL), or none at all. */
  | { type: 'noTab'; pinnedTabUrl: string | null }
  /** The tab to follow; a page extensions may not read is said so at once. */
  | { type: 'tab'; id: number; url: string }
  | { type: 'frame'; frameId: number }
  | { type: 'loading' }
  /** The tab has no content script that answers. */
  | { type: 'noScript' }
  | { type: 'snapshot'; snapshot: PageSnapshot; today: string }
  /** The stored items of the snapshot's document were read. */
  | { type: 'stored'; snapshot: PageSnapshot; annotations: Annotation[]; measureNotes: MeasureNote[]; today: string }
  /** Reading them failed: keep the stored items on screen, refresh the analysis. */
  | { type: 'storedFailed'; snapshot: PageSnapshot }
  | { type: 'doc'; doc: PanelDoc | null }
  /** Settings the panel is saving: shown once `settings` follows. */
  | { type: 'settingsChosen'; settings: Settings }
  | { type: 'settings'; settings: Settings }
  | { type: 'currentMeasure'; measureId: string | null }
  | { type: 'deletedInPage'; annotation: Annotation | null }
  | { type: 'error'; message: string }
  /** The page's attachment links were read (for the snapshot's page). */
  | { type: 'attachments'; url: string; list: Attachment[] };

const RESTRICTED =
  /^(chrome|edge|about|moz-extension|chrome-extension|view-source|devtools|resource|file):|^https:\/\/(chrome\.google\.com\/webstore|chromewebstore\.google\.com|addons\.mozilla\.org)/;
/** The file viewer (entrypoints/viewer) in a tab: the panel follows it over the viewer channel (lib/protocol/viewer-channel). */
const isViewer = (url: string) => /^(chrome|moz)-extension:\/\/[^/]+\/viewer\.html(\?|#|$)/.test(url);
/** Pages extensions may not read (file: pages may be, when the user allows it; the viewer is ours). */
const isRestricted = (url: string) => RESTRICTED.test(url) && !/^file:/.test(url) && !isViewer(url);

export function initialState(settings: Settings): PanelStoreState {
  return { view: { kind: 'loading' }, tab: null, snapshot: null, settings, doc: null, deletedInPage: null, attachments: null };
}

const panelSettings = (s: Settings): PanelSettings => ({ master: s.master, ...s.categories, autoHosts: s.autoHosts, openPdfLinks: s.openPdfLinks });

/** The model of a snapshot that the panel shows as a policy document (null: it shows a state instead). */
function policyModel(snap: PageSnapshot): PolicyModel | null {
  if (!snap.state || snap.state.status !== 'policy') return null;
  return snap.model;
}

/** The attachments read from the page at `url`, for a ready view of it (none: no member, as before they are read). */
const attachmentsOf = (s: PanelStoreState, url: string): { attachments?: Attachment[] } =>
  s.attachments?.url === url && s.attachments.list.length ? { attachments: s.attachments.list } : {};

/** The panel's state after an event. Pure; `t` words the states it shows. */
export function reduce(s: PanelStoreState, e: PanelEvent, t: T): PanelStoreState {
  const view = s.view;
  const patchReady = (patch: Partial<Extract<PanelState, { kind: 'ready' }>>): PanelState => (view.kind === 'ready' ? { ...view, ...patch } : view);
  switch (e.type) {
    case 'noTab':
      return {
        ...s,
        view: e.pinnedTabUrl
          ? { kind: 'no-content-script', url: e.pinnedTabUrl, autoHosts: s.settings.autoHosts }
          : { kind: 'error', message: t('stateErrorTitle') },
      };
    case 'tab': {
      const tab = { id: e.id, url: e.url, frameId: s.tab?.frameId ?? 0 };
      return isRestricted(e.url) ? { ...s, tab, view: { kind: 'restricted', url: e.url } } : { ...s, tab };
    }
    case 'frame':
      return s.tab ? { ...s, tab: { ...s.tab, frameId: e.frameId } } : s;
    case 'attachments': {
      const next = { ...s, attachments: { url: e.url, list: e.list } };
      // a page without attachments (most) draws nothing again
      if (view.kind !== 'ready' || view.url !== e.url || (!e.list.length && !view.attachments?.length)) return next;
      return { ...next, view: patchReady({ attachments: e.list }) };
    }
    case 'loading':
      return { ...s, view: { kind: 'loading' } };
    case 'noScript':
      return { ...s, view: { kind: 'no-content-script', url: s.tab?.url ?? '', autoHosts: s.settings.autoHosts } };
    case 'snapshot': {
      const snap = e.snapshot;
      const url = s.tab?.url ?? '';
      const next = { ...s, snapshot: snap };
      // While the same page re-analyses (reload, 展开全文), keep showing what we have: switching
      // to 'loading' would reset the open tab and the reader's place in the outline.
      const sameDocument = view.kind === 'ready' && view.url === url;
      if (snap.state.status === 'analysing') return sameDocument ? next : { ...next, view: { kind: 'loading' } };
      if (snap.state.status === 'error') return { ...next, view: { kind: 'error', message: snap.state.error ?? t('errAnalysisFailed') } };
      if (snap.state.status === 'empty') return { ...next, view: { kind: 'empty', message: snap.state.notice ?? t('stateEmptyTitle') } };
      if (!snap.model) return sameDocument ? next : { ...next, view: { kind: 'loading' } };
      if (snap.state.status === 'not-policy') return { ...next, view: { kind: 'not-policy', model: snap.model, url } };
      // A new page: show its outline at once; key terms and stored annotations follow. The same
      // page shows the new model once those are back (`stored`).
      if (sameDocument) return next;
      return {
        ...next,
        view: {
          kind: 'ready',
          model: snap.model,
          url,
          today: e.today,
          annotations: [],
          measureNotes: [],
          orphans: [],
          settings: panelSettings(s.settings),
          currentMeasureId: snap.currentMeasureId,
          measureTexts: snap.measureTexts,
          ...attachmentsOf(s, url),
        },
      };
    }
    case 'stored': {
      const snap = e.snapshot;
      if (!snap.model) return s;
      const orphanIds = new Map(snap.orphans.map((o) => [o.id, o.reason]));
      return {
        ...s,
        view: {
          kind: 'ready',
          model: snap.model,
          url: s.tab?.url ?? '',
          today: e.today,
          annotations: e.annotations.filter((a) => !orphanIds.has(a.id)),
          measureNotes: e.measureNotes,
          orphans: e.annotations.filter((a) => orphanIds.has(a.id)).map((a) => ({ annotation: a, reason: orphanIds.get(a.id)! })),
          settings: panelSettings(s.settings),
          currentMeasureId: snap.currentMeasureId,
          measureTexts: snap.measureTexts,
          doc: s.doc ?? undefined,
          deletedInPage: s.deletedInPage,
          ...attachmentsOf(s, s.tab?.url ?? ''),
        },
      };
    }
    case 'storedFailed': {
      const snap = e.snapshot;
      return view.kind === 'ready' && snap.model
        ? { ...s, view: patchReady({ model: snap.model, measureTexts: snap.measureTexts, currentMeasureId: snap.currentMeasureId }) }
        : s;
    }
    case 'doc':
      return e.doc === s.doc ? s : { ...s, doc: e.doc };
    case 'settingsChosen':
      return { ...s, settings: e.settings };
    case 'settings':
      return { ...s, settings: e.settings, view: patchReady({ settings: panelSettings(e.settings) }) };
    case 'currentMeasure':
      return view.kind === 'ready' ? { ...s, view: patchReady({ currentMeasureId: e.measureId }) } : s;
    case 'deletedInPage':
      return { ...s, deletedInPage: e.annotation, view: patchReady({ deletedInPage: e.annotation }) };
    case 'error':
      return { ...s, view: { kind: 'error', message: e.message } };
  }
}

// ---------------------------------------------------------------- effects

interface TabLike {
  id?: number;
  url?: string;
}

/** What the store needs of the browser and the rest of the extension (main.tsx passes the real ones; tests, fakes). */
export interface PanelPorts {
  t: T;
  /** ?tabId=N / ?tabUrl=URL: follow that tab rather than the active one. */
  pinned: { tabId: number | null; tabUrl: string | null };
  tabs: {
    get(id: number): Promise<TabLike>;
    query(q: { active?: boolean; currentWindow?: boolean }): Promise<TabLike[]>;
    create(o: { url: string }): Promise<unknown>;
  };
  toBackground: Send<BackgroundProtocol>;
  /** A sender to one frame's content script. */
  toPage(target: { tabId: number; frameId: number }): Send<PageProtocol>;
  /** The file viewer of a tab (lib/protocol/viewer-channel); absent where there is none (tests). */
  toViewer?: (tabId: number) => Send<ViewerProtocol>;
  scripting: ScriptingLike;
  permissions: {
    request(p: { origins: string[] }): Promise<boolean>;
    remove(p: { origins: string[] }): Promise<boolean>;
  };
  settings: { get(): Promise<Settings>; set(s: Settings): Promise<void> };
  /** Opens the database (called again after a failure). */
  openDb(): Promise<PolicyLensDb>;
  segmenter: Promise<Pick<Segmenter, 'addKeyTerms'> | null>;
  extensionVersion: string;
  download(name: string, content: string, type: string): void;
  /** "Today" as YYYY-MM-DD (lib/view/dates localToday by default). */
  today?: () => string;
}

export interface PanelStore {
  getState(): PanelStoreState;
  /** Called after every change of the state; returns the function that stops it. */
  subscribe(listener: (s: PanelStoreState) => void): () => void;
  actions: Required<PanelActions>;
  /** The background's broadcasts (panel:*), to serve on the panel's messenger. */
  routes: Routes<PanelProtocol>;
  /** Load the settings, then follow the tab. */
  start(): Promise<void>;
  /** Ask the tab again what it shows. */
  refresh(): Promise<void>;
  /** tabs.onActivated (followed only when no tab is pinned). */
  tabActivated(): void;
  /** tabs.onUpdated. */
  tabUpdated(id: number, info: { status?: string; url?: string }): void;
  /** The settings changed in storage (another panel, the options, this panel). */
  settingsChanged(next: Settings): void;
}

/** What identifies one analysis of a document (the key terms and the analysis cache are reused while it is the same). */
function analysisKey(docId: string, m: PolicyModel): string {
  const last = (xs: { start: number; end: number }[]) => (xs.length ? `${xs[xs.length - 1]!.start}-${xs[xs.length - 1]!.end}` : '');
  return [
    docId,
    m.engine,
    m.range.join('-'),
    m.measures.length,
    m.assignments.length,
    m.deadlines.length,
    m.actionAreas.length,
    last(m.measures),
    last(m.deadlines),
    m.meta.title,
    m.meta.docNumber,
    m.meta.date,
  ].join('|');
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function createPanelStore(ports: PanelPorts, settings: Settings): PanelStore {
  const { t, pinned } = ports;
  const today = ports.today ?? (() => localToday());
  let state = initialState(settings);
  const listeners = new Set<(s: PanelStoreState) => void>();

  function dispatch(e: PanelEvent) {
    const next = reduce(state, e, t);
    if (next === state) return;
    state = next;
    for (const l of [...listeners]) l(state);
  }

  let dbp: Promise<PolicyLensDb> | null = null;
  const db = () =>
    (dbp ??= ports.openDb().catch((e) => {
      dbp = null;
      throw e;
    }));

  /** A message to the content script of the frame that holds the document. */
  const toTab: Send<PageProtocol> = (type, ...data) => {
    if (!state.tab) return Promise.reject(new Error('no tab'));
    if (isViewer(state.tab.url) && ports.toViewer) return ports.toViewer(state.tab.id)(type, ...data);
    return ports.toPage({ tabId: state.tab.id, frameId: state.tab.frameId })(type, ...data);
  };
  const docIdNow = () => state.doc?.docId ?? state.snapshot?.docId ?? null;

  async function resolveTab(): Promise<{ id: number; url: string } | null> {
    const found = (tab: TabLike | null | undefined) => (tab?.id !== undefined ? { id: tab.id, url: tab.url ?? '' } : null);
    if (pinned.tabId !== null) return found(await ports.tabs.get(pinned.tabId).catch(() => null));
    if (pinned.tabUrl) {
      const url = pinned.tabUrl;
      const tabs = await ports.tabs.query({});
      return found(tabs.find((x) => x.url === url) ?? tabs.find((x) => x.url?.split('#')[0] === url.split('#')[0]));
    }
    const [tab] = await ports.tabs.query({ active: true, currentWindow: true });
    return found(tab);
  }

  let refreshSeq = 0;
  /** Tabs (id + URL) whose content script this panel has woken: once each. */
  const woken = new Set<string>();
  let recordedKey = '';
  let keyTermsCache: { key: string; terms: Map<string, string[]> } = { key: '', terms: new Map() };

  async function refresh() {
    const seq = ++refreshSeq;
    const tab = await resolveTab();
    if (seq !== refreshSeq) return;
    if (!tab) return dispatch({ type: 'noTab', pinnedTabUrl: pinned.tabUrl });
    dispatch({ type: 'tab', id: tab.id, url: tab.url });
    if (isRestricted(tab.url)) return;
    let snap: PageSnapshot | null = null;
    try {
      const f = await ports.toBackground('bg:getTabFrame', { tabId: tab.id }).catch(() => null);
      dispatch({ type: 'frame', frameId: typeof f?.frameId === 'number' ? f.frameId : 0 });
      snap = await toTab('page:getSnapshot');
    } catch {
      snap = null;
    }
    if (seq !== refreshSeq) return;
    if (!snap || !snap.state) {
      // On the auto hosts the content script may be leaving a page alone (no sign of a policy
      // document, lib/page/precheck.ts): wake it once; it asks the engine and reports, and the
      // background's panel:tabUpdated brings us back here.
      const key = `${tab.id} ${tab.url}`;
      if (!woken.has(key)) {
        woken.add(key);
        if (await wakeContentScript(ports.scripting, tab.id)) {
          if (seq === refreshSeq) dispatch({ type: 'loading' });
          return;
        }
      }
      if (seq !== refreshSeq) return;
      return dispatch({ type: 'noScript' });
    }
    dispatch({ type: 'snapshot', snapshot: snap, today: today() });
    const model = policyModel(snap);
    if (!model) return;
    const seg = await ports.segmenter;
    if (seg && model.measures.length && model.measures.every((m) => m.keyTerms.length === 0)) {
      // jieba over a long document takes ~0.5 s: reuse the terms while the analysis is the same
      // (the panel refreshes on every annotation change). Filled in place: the model on screen
      // shows them at the next draw.
      const key = snap.docId ? analysisKey(snap.docId, model) : '';
      if (key && keyTermsCache.key === key) for (const m of model.measures) m.keyTerms = keyTermsCache.terms.get(m.id) ?? [];
      else {
        seg.addKeyTerms(model, snap.content.text, 5, snap.content.start);
        keyTermsCache = { key, terms: new Map(model.measures.map((m) => [m.id, m.keyTerms])) };
      }
    }
    await loadStored(seq);
  }

  /** What the page's analysis ran on, when it is the one in `snap` (the library analyses it again later). */
  async function inputOf(snap: PageSnapshot): Promise<AnalysisInput | undefined> {
    const input = await toTab('page:getAnalysisInput').catch(() => null);
    const { start, text } = snap.content;
    return input && typeof input.text === 'string' && input.text.slice(start, start + text.length) === text ? input : undefined;
  }

  /** The page's attachment links, read in the frame (no content-script code: lib/page/attachments). */
  async function readAttachments() {
    const tab = state.tab;
    if (!tab || state.view.kind !== 'ready' || isViewer(tab.url)) return;
    const url = state.view.url;
    // a panel refreshes on every change of the page's annotations: the links are read once a page
    if (state.attachments?.url === url) return;
    try {
      const results = (await ports.scripting.executeScript({ target: { tabId: tab.id, frameIds: [tab.frameId] }, func: findAttachments })) as {
        result?: unknown;
      }[];
      const list = Array.isArray(results?.[0]?.result) ? (results[0]!.result as Attachment[]) : [];
      dispatch({ type: 'attachments', url, list });
    } catch {
      /* a frame we may not script: no list */
    }
  }

  async function loadStored(seq = refreshSeq) {
    const snap = state.snapshot;
    if (!snap?.model) return;
    try {
      const tab = state.tab;
      // the viewer holds its file's document itself; a web page's frame, the background
      if (tab && isViewer(tab.url)) dispatch({ type: 'doc', doc: { docId: snap.docId, near: [] } });
      else if (tab) dispatch({ type: 'doc', doc: await ports.toBackground('bg:frameDoc', { tabId: tab.id, frameId: tab.frameId }).catch(() => state.doc) });
      if (seq !== refreshSeq) return;
      const d = await db();
      let annotations: Annotation[] = [];
      let measureNotes: MeasureNote[] = [];
      const docId = docIdNow();
      if (docId) {
        // The cache feeds exports; write it only when this analysis differs from the last one written.
        const key = analysisKey(docId, snap.model);
        if (key !== recordedKey) {
          await recordAnalysis(d, docId, snap.model, await inputOf(snap));
          recordedKey = key;
        }
        annotations = await listAnnotations(d, docId);
        measureNotes = await listMeasureNotes(d, docId);
      }
      if (seq !== refreshSeq) return;
      dispatch({ type: 'stored', snapshot: snap, annotations, measureNotes, today: today() });
      void readAttachments();
    } catch (e) {
      // Keep (and refresh) the analysis; storage errors are shown where the user acts.
      dispatch({ type: 'storedFailed', snapshot: snap });
      console.warn('Policy Lens: storage', e);
    }
  }

  async function saveSettings(next: Settings) {
    dispatch({ type: 'settingsChosen', settings: next });
    await ports.settings.set(next);
    dispatch({ type: 'settings', settings: next });
  }

  async function saveMeasureNote(measureId: string, patch: { status?: MeasureStatus | null; note?: string }) {
    const view = state.view;
    const tab = state.tab;
    if (view.kind !== 'ready' || !tab) throw new Error(t('errNoDocumentRecord'));
    // A status or note is the analyst's: the document is kept from now on.
    const docId = docIdNow() ?? (await ports.toBackground('bg:keepFrameDocument', { tabId: tab.id, frameId: tab.frameId })).docId;
    const m = view.model.measures.find((x) => x.id === measureId);
    const old = view.measureNotes.find((n) => n.measureId === measureId);
    await putMeasureNote(await db(), {
      docId,
      measureId,
      measurePath: m?.path ?? '',
      status: patch.status !== undefined ? patch.status : (old?.status ?? null),
      note: patch.note !== undefined ? patch.note : (old?.note ?? ''),
    });
    await loadStored();
  }

  /** After a change the page must hear of: it reloads its annotations, the panel its stored items. */
  async function changed() {
    await toTab('page:annotationsChanged').catch(() => {});
    await loadStored();
  }

  const annotationResult = (a: Annotation, doc: { title: string; url: string } | undefined): SearchResult => ({
    kind: 'annotation',
    docId: a.docId,
    docTitle: doc?.title ?? a.docId,
    url: doc?.url ?? a.target.source,
    annotationId: a.id,
    measureId: a.target.measureId ?? undefined,
    measurePath: a.target.measurePath ?? undefined,
    text: a.target.quote.exact,
    note: a.note,
  });

  const actions: Required<PanelActions> = {
    scrollToMeasure(id) {
      toTab('page:scrollTo', { measureId: id }).catch(() => {});
      dispatch({ type: 'currentMeasure', measureId: id });
    },
    async analyzeAnyway() {
      const tab = state.tab;
      if (!tab) return;
      try {
        await injectContentScript(ports.scripting, tab.id);
        await toTab('page:analyzeAnyway');
        await refresh();
      } catch (e) {
        dispatch({ type: 'error', message: t('errCannotAnalyse', errorText(e)) });
      }
    },
    setHighlightSetting(category, on) {
      const next: Settings = structuredClone(state.settings);
      if (category === 'master') next.master = on;
      else next.categories[category] = on;
      void saveSettings(next);
    },
    async setMeasureStatus(id, status) {
      await saveMeasureNote(id, { status });
    },
    async setMeasureNote(id, text) {
      await saveMeasureNote(id, { note: text });
    },
    async openAnnotation(id) {
      // On this page: scroll to it. Elsewhere (search across documents): open its page; the
      // content script scrolls to #pl-annotation=<id> once it has re-attached it.
      if (state.view.kind === 'ready' && state.view.annotations.some((a) => a.id === id)) {
        toTab('page:scrollToAnnotation', { id }).catch(() => {});
        return;
      }
      const a = await getAnnotation(await db(), id);
      if (!a) return;
      const url = a.target.source;
      if (!/^https?:/i.test(url)) return;
      await ports.tabs.create({ url: `${url.split('#')[0]}#pl-annotation=${encodeURIComponent(id)}` });
    },
    // Deletes are soft (the background keeps them for undo); the toast here names the annotation
    // it restores, by id, so Undo works whatever happened to the worker meanwhile.
    async deleteAnnotation(id) {
      await ports.toBackground('bg:deleteAnnotation', { id });
      await changed();
    },
    async undoDelete(id) {
      await ports.toBackground('bg:undoDelete', { id });
      await changed();
    },
    async linkDocument(docId) {
      const tab = state.tab;
      if (!tab) return;
      dispatch({ type: 'doc', doc: await ports.toBackground('bg:linkDocument', { tabId: tab.id, frameId: tab.frameId, docId }) });
      await changed();
    },
    async keepDocument() {
      const tab = state.tab;
      if (!tab || docIdNow()) return;
      // a file in the viewer is kept by the viewer, which holds it (no frame of a web page to keep)
      if (isViewer(tab.url) && ports.toViewer) {
        await ports.toViewer(tab.id)('viewer:keep');
        return changed();
      }
      await ports.toBackground('bg:keepFrameDocument', { tabId: tab.id, frameId: tab.frameId });
      // the record exists now: changed() reads it back and records the analysis with it
      await changed();
    },
    openAttachment(url) {
      const pattern = fileHostPattern(url);
      if (!pattern) return Promise.resolve(null);
      // in the click: the browsers grant a host only inside the user's gesture; the file is fetched by the viewer
      const asked = ports.permissions.request({ origins: [pattern] }).catch(() => false);
      return asked.then(async (granted) => {
        if (!granted) return ports.t('attNoPermission', new URL(url).origin);
        await ports.tabs.create({ url: `${VIEWER_PAGE}?src=${encodeURIComponent(url)}` }).catch(() => {});
        return null;
      });
    },
    openLibrary() {
      void ports.tabs.create({ url: LIBRARY_PAGE }).catch(() => {});
    },
    async forgetDocument() {
      const docId = docIdNow();
      if (!docId) return;
      await ports.toBackground('bg:forgetDocument', { docId });
      if (state.doc) dispatch({ type: 'doc', doc: { ...state.doc, docId: null } });
      await changed();
    },
    async exportFile(kind, scope) {
      const f = await buildExportFile(await db(), kind, scope, { docId: docIdNow(), extensionVersion: ports.extensionVersion, t });
      ports.download(f.name, f.content, f.type);
    },
    async importFile(file) {
      const r = await importFile(await db(), file, t);
      await changed();
      return r;
    },
    async searchAll(query) {
      const d = await db();
      const hits = await search(d, query, { limit: 100 });
      const docs = new Map((await listDocuments(d)).map((x) => [x.id, x]));
      return hits.map((h): SearchResult => {
        if (h.kind === 'annotation') return annotationResult(h.annotation, docs.get(h.annotation.docId));
        const n = h.measureNote;
        const doc = docs.get(n.docId);
        return {
          kind: 'measureNote',
          docId: n.docId,
          docTitle: doc?.title ?? n.docId,
          url: doc?.url ?? '',
          measureId: n.measureId,
          measurePath: n.measurePath,
          text: n.measurePath,
          note: n.note,
        };
      });
    },
    async listAllAnnotations() {
      const d = await db();
      const docs = new Map((await listDocuments(d)).map((x) => [x.id, x]));
      return (await listAllAnnotations(d)).map((a) => annotationResult(a, docs.get(a.docId)));
    },
    addAutoHost(pattern) {
      // permissions.request must be the first call inside the user's gesture.
      const asked = ports.permissions.request({ origins: [toMatchPattern(pattern)] });
      return (async () => {
        let granted = false;
        try {
          granted = await asked;
        } catch (e) {
          return { ok: false as const, error: t('errHostPermissionRequest', errorText(e)) };
        }
        if (!granted) return { ok: false as const, error: t('errHostPermissionDenied') };
        try {
          await saveSettings({ ...structuredClone(state.settings), autoHosts: addHostPattern(state.settings.autoHosts, pattern) });
        } catch (e) {
          return { ok: false as const, error: t('errSaveFailed', describeError(e, t)) };
        }
        return { ok: true as const };
      })();
    },
    async setOpenPdfLinks(on) {
      await saveSettings({ ...structuredClone(state.settings), openPdfLinks: on });
    },
    async removeAutoHost(pattern) {
      try {
        await saveSettings({ ...structuredClone(state.settings), autoHosts: removeHostPattern(state.settings.autoHosts, pattern) });
      } catch (e) {
        return { ok: false as const, error: t('errSaveFailed', describeError(e, t)) };
      }
      await ports.permissions.remove({ origins: [toMatchPattern(pattern)] }).catch(() => false);
      return { ok: true as const };
    },
    async reattachOrphan(id) {
      const r = await toTab('page:reattach', { id }).catch(() => null);
      if (!r?.ok) throw new Error(r?.reason ?? t('errReattachSelectFirst'));
      await loadStored();
    },
  };

  // Follow the tab: the background's broadcasts (content scripts cannot send these: 'extension').
  const routes: Routes<PanelProtocol> = {
    'panel:tabUpdated': {
      from: 'extension',
      valid: g.hasTabId,
      run(d) {
        if (!state.tab || d.tabId === state.tab.id) void refresh();
      },
    },
    'panel:currentMeasure': {
      from: 'extension',
      valid: (d) => g.hasTabId(d) && g.hasNullableMeasureId(d),
      run(d) {
        if (d.tabId === state.tab?.id) dispatch({ type: 'currentMeasure', measureId: d.measureId });
      },
    },
    'panel:deleted': {
      from: 'extension',
      valid: (d) => g.hasTabId(d) && g.hasId(d),
      async run(d) {
        // Deleted from the page's card: offer Undo here (the list itself follows panel:tabUpdated).
        if (d.tabId !== state.tab?.id) return;
        dispatch({ type: 'deletedInPage', annotation: (await getAnnotation(await db(), d.id)) ?? null });
      },
    },
  };

  const followsActiveTab = pinned.tabId === null && !pinned.tabUrl;
  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    actions,
    routes,
    async start() {
      dispatch({ type: 'settingsChosen', settings: await ports.settings.get() });
      await refresh();
    },
    refresh,
    tabActivated() {
      if (followsActiveTab) void refresh();
    },
    tabUpdated(id, info) {
      // a new document in the tab (reload, navigation): its first look may leave it alone again
      if (info.status === 'loading') for (const k of [...woken]) if (k.startsWith(`${id} `)) woken.delete(k);
      if ((id === state.tab?.id || followsActiveTab) && (info.status === 'complete' || info.url)) void refresh();
    },
    settingsChanged(next) {
      dispatch({ type: 'settings', settings: next });
    },
  };
}
