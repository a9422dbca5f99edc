/**
 * Side panel (Chrome side panel / Firefox sidebar): wires the props-driven views in
 * components/sidepanel to the browser. It follows the active tab, or the tab named by
 * ?tabId=N / ?tabUrl=URL (tests, and "open for this tab" links).
 */
import { render } from 'preact';
import { describeError } from '../../lib/store/errors';
import { browser } from 'wxt/browser';
import { SidePanelApp, I18nProvider, type PanelActions, type PanelDoc, type PanelState, type SearchResult } from '../../components/sidepanel';
import type { Annotation } from '../../lib/annotations/types';
import { createT } from '../../lib/i18n';
import { initWebSegmenter, } from '../../lib/segment/web';
import type { Segmenter } from '../../lib/segment/core';
import { openPolicyLensDb, requestPersistence, listAnnotations, listMeasureNotes, putMeasureNote, search, listDocuments, listAllAnnotations, recordAnalysis, getAnnotation, type PolicyLensDb } from '../../lib/store';
import { toBackground, toPage, toPanel, type DataOf, type PageProtocol, type PageSnapshot, type PanelProtocol, type ReplyOf } from '../../lib/protocol';
import { serve, type Routes } from '../../lib/protocol/serve';
import * as g from '../../lib/protocol/guards';
import { normalizeSettings, type Settings } from '../../lib/settings';
import { settingsStore } from '../../lib/settings-item';
import { addHostPattern, removeHostPattern, toMatchPattern } from '../../lib/hosts';
import { localToday } from '../../lib/view/dates';
import { injectContentScript, wakeContentScript, type ScriptingLike } from '../../lib/page/inject';
import { buildExportFile, download, importFile } from './io';

const params = new URLSearchParams(location.search);
const pinnedTabId = params.has('tabId') ? Number(params.get('tabId')) : null;
const pinnedTabUrl = params.get('tabUrl');
const t = createT((k, s) => browser.i18n.getMessage(k as any, s as any));
const root = document.getElementById('app')!;

let tabId: number | null = null;
let frameId = 0;
let tabUrl = '';
let snapshot: PageSnapshot | null = null;
let settings: Settings = normalizeSettings(null);
let state: PanelState = { kind: 'loading' };
let segmenter: Promise<Segmenter | null> = initWebSegmenter(browser.runtime.getURL('/jieba_rs_wasm_bg.wasm' as any)).catch(() => null);
let dbp: Promise<PolicyLensDb> | null = null;

const db = () =>
  (dbp ??= (async () => {
    const seg = await segmenter;
    const d = await openPolicyLensDb('policy-lens', seg ? { tokenize: (x) => seg.searchTokens(x) } : {});
    // Asked from a page: in the service worker navigator.storage.persist does not exist (Chrome)
    // or is never granted.
    requestPersistence(navigator).catch(() => {});
    return d;
  })().catch((e) => {
    dbp = null;
    throw e;
  }));

function draw() {
  root.dataset.state = state.kind;
  render(
    <I18nProvider t={t}>
      <SidePanelApp state={state} actions={actions} />
    </I18nProvider>,
    root,
  );
}

function setState(s: PanelState) {
  state = s;
  draw();
}

const RESTRICTED = /^(chrome|edge|about|moz-extension|chrome-extension|view-source|devtools|resource|file):|^https:\/\/(chrome\.google\.com\/webstore|chromewebstore\.google\.com|addons\.mozilla\.org)/;

async function resolveTab(): Promise<{ id: number; url: string } | null> {
  if (pinnedTabId !== null) {
    const tab = await browser.tabs.get(pinnedTabId).catch(() => null);
    return tab?.id !== undefined ? { id: tab.id, url: tab.url ?? '' } : null;
  }
  if (pinnedTabUrl) {
    const tabs = await browser.tabs.query({});
    const tab = tabs.find((x) => x.url === pinnedTabUrl) ?? tabs.find((x) => x.url?.split('#')[0] === pinnedTabUrl.split('#')[0]);
    return tab?.id !== undefined ? { id: tab.id, url: tab.url ?? '' } : null;
  }
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id !== undefined ? { id: tab.id, url: tab.url ?? '' } : null;
}

let refreshSeq = 0;
/** Tabs (id + URL) whose content script this panel has woken: once each. */
const woken = new Set<string>();
async function refresh() {
  const seq = ++refreshSeq;
  const tab = await resolveTab();
  if (seq !== refreshSeq) return;
  // A tab on a host we have no permission for hides its URL: then it cannot be found by URL.
  if (!tab) return setState(pinnedTabUrl ? { kind: 'no-content-script', url: pinnedTabUrl, autoHosts: settings.autoHosts } : { kind: 'error', message: t('stateErrorTitle') });
  tabId = tab.id;
  tabUrl = tab.url;
  if (RESTRICTED.test(tabUrl) && !/^file:/.test(tabUrl)) return setState({ kind: 'restricted', url: tabUrl });
  let snap: PageSnapshot | null = null;
  try {
    const f = await toBackground.sendMessage('bg:getTabFrame', { tabId: tab.id }).catch(() => null);
    frameId = typeof f?.frameId === 'number' ? f.frameId : 0;
    snap = await toPage.sendMessage('page:getSnapshot', undefined, { tabId: tab.id, frameId });
  } catch {
    snap = null;
  }
  if (seq !== refreshSeq) return;
  if (!snap || !snap.state) {
    // On the auto hosts the content script may be leaving a page alone (no sign of a policy
    // document, lib/page/precheck.ts): wake it once; it asks the engine and reports, and the
    // background's panel:tabUpdated brings us back here.
    const key = `${tab.id} ${tabUrl}`;
    if (!woken.has(key)) {
      woken.add(key);
      if (await wakeContentScript(browser.scripting as unknown as ScriptingLike, tab.id)) {
        if (seq === refreshSeq) setState({ kind: 'loading' });
        return;
      }
    }
    if (seq !== refreshSeq) return;
    return setState({ kind: 'no-content-script', url: tabUrl, autoHosts: settings.autoHosts });
  }
  snapshot = snap;
  // While the same page re-analyses (reload, 展开全文), keep showing what we have: switching
  // to 'loading' would reset the open tab and the reader's place in the outline.
  const sameDocument = state.kind === 'ready' && state.url === tabUrl;
  if (snap.state.status === 'analysing') return sameDocument ? undefined : setState({ kind: 'loading' });
  if (snap.state.status === 'error') return setState({ kind: 'error', message: snap.state.error ?? t('errAnalysisFailed') });
  if (!snap.model) return sameDocument ? undefined : setState({ kind: 'loading' });
  if (snap.state.status === 'not-policy') return setState({ kind: 'not-policy', model: snap.model, url: tabUrl });

  const model = snap.model;
  // Show the outline at once; key terms and stored annotations follow.
  const ready = (): PanelState => ({
    kind: 'ready', model, url: tabUrl, today: localToday(),
    // same page: keep the stored items on screen until the fresh read below replaces them
    annotations: sameDocument && state.kind === 'ready' ? state.annotations : [],
    measureNotes: sameDocument && state.kind === 'ready' ? state.measureNotes : [],
    orphans: sameDocument && state.kind === 'ready' ? state.orphans : [],
    settings: panelSettings(), currentMeasureId: snap!.currentMeasureId, measureTexts: snap!.measureTexts,
  });
  // On a refresh of the same page the new model is shown once its key terms are back (below).
  if (!sameDocument) setState(ready());
  const seg = await segmenter;
  if (seg && model.measures.length && model.measures.every((m) => m.keyTerms.length === 0)) {
    // jieba over a long document takes ~0.5 s: reuse the terms while the analysis is the same
    // (the panel refreshes on every annotation change).
    const key = snap.docId ? analysisKey(snap.docId, model) : '';
    if (key && keyTermsCache.key === key) for (const m of model.measures) m.keyTerms = keyTermsCache.terms.get(m.id) ?? [];
    else {
      seg.addKeyTerms(model, snap.content.text, 5, snap.content.start);
      keyTermsCache = { key, terms: new Map(model.measures.map((m) => [m.id, m.keyTerms])) };
    }
  }
  await loadStored(seq);
}

let recordedKey = '';
let keyTermsCache: { key: string; terms: Map<string, string[]> } = { key: '', terms: new Map() };
function analysisKey(docId: string, m: NonNullable<PageSnapshot['model']>): string {
  const last = (xs: { start: number; end: number }[]) => (xs.length ? `${xs[xs.length - 1]!.start}-${xs[xs.length - 1]!.end}` : '');
  return [docId, m.engine, m.range.join('-'), m.measures.length, m.assignments.length, m.deadlines.length, m.actionAreas.length, last(m.measures), last(m.deadlines), m.meta.title, m.meta.docNumber, m.meta.date].join('|');
}

/** The stored record of the frame's document, as the background knows it (it decides identity). */
let panelDoc: PanelDoc | null = null;
/** An annotation deleted from the page's card, offered for Undo until the next one. */
let deletedInPage: Annotation | null = null;
const docIdNow = () => panelDoc?.docId ?? snapshot?.docId ?? null;

async function loadStored(seq = refreshSeq) {
  const snap = snapshot;
  if (!snap?.model) return;
  try {
    if (tabId !== null) panelDoc = await toBackground.sendMessage('bg:frameDoc', { tabId, frameId }).catch(() => panelDoc);
    if (seq !== refreshSeq) return;
    const d = await db();
    let annotations: Awaited<ReturnType<typeof listAnnotations>> = [];
    let measureNotes: Awaited<ReturnType<typeof listMeasureNotes>> = [];
    const docId = docIdNow();
    if (docId) {
      // The cache feeds exports; write it only when this analysis differs from the last one written.
      const key = analysisKey(docId, snap.model);
      if (key !== recordedKey) {
        await recordAnalysis(d, docId, snap.model);
        recordedKey = key;
      }
      annotations = await listAnnotations(d, docId);
      measureNotes = await listMeasureNotes(d, docId);
    }
    if (seq !== refreshSeq) return;
    const orphanIds = new Map(snap.orphans.map((o) => [o.id, o.reason]));
    setState({
      kind: 'ready', model: snap.model, url: tabUrl, today: localToday(),
      annotations: annotations.filter((a) => !orphanIds.has(a.id)),
      measureNotes,
      orphans: annotations.filter((a) => orphanIds.has(a.id)).map((a) => ({ annotation: a, reason: orphanIds.get(a.id)! })),
      settings: panelSettings(),
      currentMeasureId: snap.currentMeasureId,
      measureTexts: snap.measureTexts,
      doc: panelDoc ?? undefined,
      deletedInPage,
    });
  } catch (e) {
    // Keep (and refresh) the analysis; storage errors are shown where the user acts.
    if (state.kind === 'ready') setState({ ...state, model: snap.model, measureTexts: snap.measureTexts, currentMeasureId: snap.currentMeasureId });
    console.warn('Policy Lens: storage', e);
  }
}

const panelSettings = () => ({ master: settings.master, ...settings.categories, autoHosts: settings.autoHosts });

/** A message to the content script of the frame that holds the document. */
function toTab<K extends keyof PageProtocol>(type: K, ...data: DataOf<PageProtocol[K]> extends undefined ? [] : [DataOf<PageProtocol[K]>]): Promise<ReplyOf<PageProtocol[K]>> {
  if (tabId === null) return Promise.reject(new Error('no tab'));
  return (toPage.sendMessage as any)(type, data[0], { tabId, frameId });
}

async function saveSettings(next: Settings) {
  settings = next;
  await settingsStore().set(next);
  if (state.kind === 'ready') setState({ ...state, settings: panelSettings() });
}

const actions: PanelActions = {
  scrollToMeasure(id) {
    toTab('page:scrollTo', { measureId: id }).catch(() => {});
    if (state.kind === 'ready') setState({ ...state, currentMeasureId: id });
  },
  async analyzeAnyway() {
    if (tabId === null) return;
    try {
      await injectContentScript(browser.scripting as unknown as ScriptingLike, tabId);
      await toTab('page:analyzeAnyway');
      await refresh();
    } catch (e) {
      setState({ kind: 'error', message: t('errCannotAnalyse', e instanceof Error ? e.message : String(e)) });
    }
  },
  setHighlightSetting(category, on) {
    const next: Settings = structuredClone(settings);
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
    if (state.kind === 'ready' && state.annotations.some((a) => a.id === id)) {
      toTab('page:scrollToAnnotation', { id }).catch(() => {});
      return;
    }
    const a = await getAnnotation(await db(), id);
    if (!a) return;
    const url = a.target.source;
    if (!/^https?:/i.test(url)) return;
    await browser.tabs.create({ url: `${url.split('#')[0]}#pl-annotation=${encodeURIComponent(id)}` });
  },
  // Deletes are soft (the background keeps them for undo); the toast here names the annotation
  // it restores, by id, so Undo works whatever happened to the worker meanwhile.
  async deleteAnnotation(id) {
    await toBackground.sendMessage('bg:deleteAnnotation', { id });
    await toTab('page:annotationsChanged').catch(() => {});
    await loadStored();
  },
  async undoDelete(id) {
    await toBackground.sendMessage('bg:undoDelete', { id });
    await toTab('page:annotationsChanged').catch(() => {});
    await loadStored();
  },
  async linkDocument(docId) {
    if (tabId === null) return;
    panelDoc = await toBackground.sendMessage('bg:linkDocument', { tabId, frameId, docId });
    await toTab('page:annotationsChanged').catch(() => {});
    await loadStored();
  },
  async forgetDocument() {
    const docId = docIdNow();
    if (!docId) return;
    await toBackground.sendMessage('bg:forgetDocument', { docId });
    if (panelDoc) panelDoc = { ...panelDoc, docId: null };
    await toTab('page:annotationsChanged').catch(() => {});
    await loadStored();
  },
  async exportFile(kind, scope) {
    const f = await buildExportFile(await db(), kind, scope, {
      docId: docIdNow(),
      extensionVersion: browser.runtime.getManifest().version,
      t,
    });
    download(f.name, f.content, f.type);
  },
  async importFile(file) {
    const r = await importFile(await db(), file, t);
    await toTab('page:annotationsChanged').catch(() => {});
    await loadStored();
    return r;
  },
  async searchAll(query) {
    const d = await db();
    const hits = await search(d, query, { limit: 100 });
    const docs = new Map((await listDocuments(d)).map((x) => [x.id, x]));
    return hits.map((h): SearchResult => {
      if (h.kind === 'annotation') {
        const a = h.annotation;
        const doc = docs.get(a.docId);
        return { kind: 'annotation', docId: a.docId, docTitle: doc?.title ?? a.docId, url: doc?.url ?? a.target.source, annotationId: a.id, measureId: a.target.measureId ?? undefined, measurePath: a.target.measurePath ?? undefined, text: a.target.quote.exact, note: a.note };
      }
      const n = h.measureNote;
      const doc = docs.get(n.docId);
      return { kind: 'measureNote', docId: n.docId, docTitle: doc?.title ?? n.docId, url: doc?.url ?? '', measureId: n.measureId, measurePath: n.measurePath, text: n.measurePath, note: n.note };
    });
  },
  async listAllAnnotations() {
    const d = await db();
    const docs = new Map((await listDocuments(d)).map((x) => [x.id, x]));
    const all = await listAllAnnotations(d);
    return all.map((a): SearchResult => {
      const doc = docs.get(a.docId);
      return { kind: 'annotation', docId: a.docId, docTitle: doc?.title ?? a.docId, url: doc?.url ?? a.target.source, annotationId: a.id, measureId: a.target.measureId ?? undefined, measurePath: a.target.measurePath ?? undefined, text: a.target.quote.exact, note: a.note };
    });
  },
  addAutoHost(pattern) {
    // permissions.request must be the first call inside the user's gesture.
    const asked = browser.permissions.request({ origins: [toMatchPattern(pattern)] });
    return (async () => {
      let granted = false;
      try {
        granted = await asked;
      } catch (e) {
        return { ok: false as const, error: t('errHostPermissionRequest', e instanceof Error ? e.message : String(e)) };
      }
      if (!granted) return { ok: false as const, error: t('errHostPermissionDenied') };
      try {
        await saveSettings({ ...structuredClone(settings), autoHosts: addHostPattern(settings.autoHosts, pattern) });
      } catch (e) {
        return { ok: false as const, error: t('errSaveFailed', describeError(e, t)) };
      }
      return { ok: true as const };
    })();
  },
  async removeAutoHost(pattern) {
    try {
      await saveSettings({ ...structuredClone(settings), autoHosts: removeHostPattern(settings.autoHosts, pattern) });
    } catch (e) {
      return { ok: false as const, error: t('errSaveFailed', describeError(e, t)) };
    }
    await browser.permissions.remove({ origins: [toMatchPattern(pattern)] }).catch(() => false);
    return { ok: true as const };
  },
  async reattachOrphan(id) {
    const r = await toTab('page:reattach', { id }).catch(() => null);
    if (!r?.ok) throw new Error(r?.reason ?? t('errReattachSelectFirst'));
    await loadStored();
  },
};

async function saveMeasureNote(measureId: string, patch: { status?: any; note?: string }) {
  if (state.kind !== 'ready' || tabId === null) throw new Error(t('errNoDocumentRecord'));
  // A status or note is the analyst's: the document is kept from now on.
  const docId = docIdNow() ?? (await toBackground.sendMessage('bg:keepFrameDocument', { tabId, frameId })).docId;
  const m = state.model.measures.find((x) => x.id === measureId);
  const old = state.measureNotes.find((n) => n.measureId === measureId);
  await putMeasureNote(await db(), {
    docId, measureId, measurePath: m?.path ?? '',
    status: patch.status !== undefined ? patch.status : old?.status ?? null,
    note: patch.note !== undefined ? patch.note : old?.note ?? '',
  });
  await loadStored();
}

// Follow the tab: the background's broadcasts (content scripts cannot send these: 'extension').
const panelRoutes: Routes<PanelProtocol> = {
  'panel:tabUpdated': {
    from: 'extension',
    valid: g.hasTabId,
    run(d) {
      if (tabId === null || d.tabId === tabId) void refresh();
    },
  },
  'panel:currentMeasure': {
    from: 'extension',
    valid: (d) => g.hasTabId(d) && g.hasNullableMeasureId(d),
    run(d) {
      if (d.tabId === tabId && state.kind === 'ready') setState({ ...state, currentMeasureId: d.measureId });
    },
  },
  'panel:deleted': {
    from: 'extension',
    valid: (d) => g.hasTabId(d) && g.hasId(d),
    async run(d) {
      // Deleted from the page's card: offer Undo here (the list itself follows panel:tabUpdated).
      if (d.tabId !== tabId) return;
      deletedInPage = (await getAnnotation(await db(), d.id)) ?? null;
      if (state.kind === 'ready') setState({ ...state, deletedInPage });
    },
  },
};
serve(toPanel, panelRoutes, { ext: { id: browser.runtime.id, origin: browser.runtime.getURL('/' as any) }, panelPages: [] });
if (pinnedTabId === null && !pinnedTabUrl) {
  browser.tabs.onActivated.addListener(() => void refresh());
}
browser.tabs.onUpdated.addListener((id, info) => {
  // a new document in the tab (reload, navigation): its first look may leave it alone again
  if (info.status === 'loading') for (const k of [...woken]) if (k.startsWith(`${id} `)) woken.delete(k);
  if ((id === tabId || (pinnedTabId === null && !pinnedTabUrl)) && (info.status === 'complete' || info.url)) void refresh();
});
settingsStore().watch((next) => {
  settings = next;
  if (state.kind === 'ready') setState({ ...state, settings: panelSettings() });
});

(async () => {
  draw();
  settings = await settingsStore().get();
  await refresh();
})();
