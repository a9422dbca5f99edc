/**
 * The file viewer (an extension page in its own tab): a PDF or .docx the analyst opens — from
 * this page's file input, dropped on it, handed over by the library page that opened it, or a
 * link's URL (`?src=`) — drawn by pdf.js (entrypoints/viewer/pdf.ts) or mammoth (docx.ts), its
 * text layer read into a text model, analysed by the engine here (WASM and the engine may run on
 * extension pages), and painted with the same painter and highlight names as a web page. The
 * page's cards and selection toolbar (components/page/ui) work on it as on a web page, on the
 * file's kept document (lib/viewer/file-document). The side panel follows it over the viewer
 * channel. The one request made is fetching a link's file; a file from the disk is only read.
 */
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { analyze } from '../../lib/analysis';
import type { AnalysisInput, PolicyModel } from '../../lib/analysis/types';
import type { PageSnapshot, PageState } from '../../lib/protocol';
import { serveViewer, VIEWER_CHANNEL, type ViewerProtocol } from '../../lib/protocol/viewer-channel';
import { measureOwnTexts } from '../../lib/view/model-index';
import { extensionT } from '../../lib/i18n/extension';
import { offsetsFromRange, rangeFromOffsets } from '../../lib/highlight/ranges';
import type { Painter } from '../../lib/highlight/painter';
import { createPageUi } from '../../components/page/ui';
import { ANNOTATE_CSS } from '../../components/annotate/SelectionToolbar';
import type { AnnotatedView } from '../../lib/page/controller';
import type { Annotation } from '../../lib/annotations/types';
import { createPagePaint } from '../../lib/page/paint';
import { analysisSpans } from '../../lib/page/spans';
import { pdfMetaFields } from '../../lib/pdf/meta';
import { buildPdfModel } from '../../lib/pdf/model';
import { textLayerModel } from '../../lib/pdf/text-layer';
import { extractTextModel } from '../../lib/text/extract';
import type { TextModel } from '../../lib/text/types';
import { settingsStore } from '../../lib/settings-item';
import { localToday } from '../../lib/view/dates';
import { I18nProvider } from '../../components/sidepanel';
import { Viewer, type OutlineLine, type ViewerActions, type ViewerState } from '../../components/viewer/Viewer';

import { openPolicyLensDb } from '../../lib/store';
import { describeError } from '../../lib/store/errors';
import { fileKind } from '../../lib/viewer/formats';
import { fileKey, fileUrl, openFileDocument, type FileDocument } from '../../lib/viewer/file-document';
import { canonicalUrl } from '../../lib/anchoring/url';
import { openDocx } from './docx';
import { openPdf, PdfOpenError, type OpenedPdf } from './pdf';
import './viewer.css';

const t = extensionT();
const root = document.getElementById('app')!;
const pages = document.getElementById('pages')!;
let opened: OpenedPdf | null = null;
let jumpTo: (measureId: string) => void = () => {};
let generation = 0;
let shownState: ViewerState = { phase: 'empty' };
/** The file shown as a (kept or not yet kept) document, and its text model: what keep / highlight act on. */
let current: { file: FileDocument; tm: TextModel } | null = null;
/** The analysis shown, for the side panel's questions (lib/protocol/viewer-channel). */
let shown: { analysis: PolicyModel; tm: TextModel; input: AnalysisInput; painted(): number; painter: Painter } | null = null;
/** This tab's end of the viewer channel, once the tab is known. */
let served: { changed(): void } | null = null;
const db = openPolicyLensDb('policy-lens');

/** The text-model offsets of the analyst's selection on the pages, or null. */
function selectionOffsets(tm: TextModel): [number, number] | null {
  const sel = window.getSelection();
  const offsets = sel && !sel.isCollapsed && sel.rangeCount ? offsetsFromRange(tm, sel.getRangeAt(0)) : null;
  return offsets && offsets[0] < offsets[1] ? offsets : null;
}

const actions: ViewerActions = {
  open: (f) => void openFile(f),
  jump: (id) => jumpTo(id),
  keep: () => void act(async (c) => void (await c.file.keep())),
  restore: (id) =>
    void act(async (c) => {
      await c.file.restore(id);
    }),
};
/** The highlight the analyst deleted last in this viewer (offered for undo until the next change). */
let deleted: string | null = null;

/**
 * The page's cards and selection toolbar (components/page/ui), as on a web page, attached to the
 * file shown: colours, note and tags of a highlight (the note typed in the toolbar itself — this
 * is an extension page, no page listens here), a click on one to edit or delete it.
 */
let lastError: string | null = null;
async function saving(run: () => Promise<Annotation>): Promise<Annotation | null> {
  try {
    const saved = await run();
    lastError = null;
    deleted = null;
    redraw();
    return saved;
  } catch (e) {
    lastError = t('vwActionFailed', describeError(e, t));
    return null;
  }
}
const view: AnnotatedView = {
  win: window,
  state: () => pageState(),
  model: () => shown?.analysis ?? null,
  textModel: () => (current && shown ? current.tm : null),
  // asked only after textModel() (components/page/ui), which is null without a file shown
  painter: () => shown!.painter,
  annotations: () => current?.file.list() ?? [],
  selectionOffsets: () => (current ? selectionOffsets(current.tm) : null),
  createAnnotation: (start, end, init) => saving(() => current!.file.highlight(start, end, init)),
  updateAnnotation: (a) => saving(() => current!.file.update(a.id, { color: a.color, note: a.note, tags: a.tags })),
  openNote: async () => null,
  deleteAnnotation: async (id) => {
    const c = current;
    if (!c) return;
    try {
      await c.file.remove(id);
      deleted = id;
      lastError = null;
    } catch (e) {
      lastError = t('vwActionFailed', describeError(e, t));
    }
    redraw(lastError);
  },
  lastError: () => lastError,
};
const ui = createPageUi({ t, note: 'inline' });

/** Run a keep / highlight on the current file and draw what it changed (or why it did not). */
async function act(run: (c: NonNullable<typeof current>) => Promise<string | void>) {
  const c = current;
  if (!c || shownState.phase !== 'ready') return;
  let status: string | null = null;
  try {
    status = (await run(c)) ?? null;
  } catch (e) {
    status = t('vwActionFailed', describeError(e, t));
  }
  if (c === current) {
    if (!status) deleted = null;
    redraw(status);
  }
}

/** Draw the ready state again with what the file's highlights are now (after a change). */
function redraw(status: string | null = null) {
  const c = current;
  if (!c || shownState.phase !== 'ready') return;
  draw({ ...shownState, kept: !!c.file.docId(), highlights: c.file.list().length, deleted, status });
}

function draw(state: ViewerState) {
  shownState = state;
  // another file on its way, or none: nothing of the last one is acted on (the toolbar, the panel)
  if (state.phase !== 'ready') {
    shown = null;
    current = null;
  }
  served?.changed();
  document.body.dataset.state = state.phase;
  render(
    <I18nProvider t={t}>
      <Viewer state={state} actions={actions} t={t} />
    </I18nProvider>,
    root,
  );
}

function outlineOf(model: PolicyModel): OutlineLine[] {
  return [...model.measures]
    .sort((a, b) => a.start - b.start || a.level - b.level)
    .map((m) => ({
      id: m.id,
      path: m.path,
      title: m.title,
      level: m.level,
      leads: [...new Set(model.assignments.filter((a) => a.measureId === m.id).flatMap((a) => a.lead))],
      deadlines: [...new Set(model.deadlines.filter((d) => d.measureId === m.id).map((d) => d.text))],
    }));
}

/** Analyse the text model of what is shown (a PDF's text layer, a .docx's page), paint it, find its kept document and highlights, and draw the side. */
async function show(tm: TextModel, name: string, pageCount: number, fileTitle: string | null, url: string, aliases: string[] = []) {
  const today = localToday();
  const input = { text: tm.text, range: tm.content, tables: tm.tables, metaFields: tm.metaFields, pageTitle: tm.pageTitle, today, force: true };
  const analysis = analyze(input);
  const paint = createPagePaint({ win: window, settings: await settingsStore().get(), text: () => tm, model: () => analysis });
  paint.painter.setModel(tm);
  paint.analysis(analysisSpans(analysis, today, tm.text));
  // the pages scroll in their own box, not the window: the heading's span is brought into it
  jumpTo = (id) => {
    const m = analysis.measures.find((x) => x.id === id);
    const range = m && rangeFromOffsets(tm, m.headStart, Math.max(m.headEnd, m.headStart + 1));
    if (!m || !range) return;
    (range.startContainer.parentElement ?? pages).scrollIntoView({ block: 'start' });
    paint.painter.flash([{ start: m.headStart, end: m.headEnd }]);
  };
  performance.mark('pl:viewer-analysed');
  shown = { analysis, tm, input, painted: () => paint.count(), painter: paint.painter };
  let kept = false;
  let status: string | null = null;
  let highlights = 0;
  current = null;
  deleted = null;
  try {
    const file = await openFileDocument({ db: await db, key: await fileKey(url, tm, aliases), tm, model: analysis, input, paint: paint.paint });
    current = { file, tm };
    highlights = (await file.load()).anchored;
    kept = !!file.docId();
  } catch (e) {
    status = t('vwActionFailed', describeError(e, t));
  }
  draw({
    phase: 'ready',
    name,
    pages: pageCount,
    title: analysis.meta.title ?? fileTitle,
    docNumber: analysis.meta.docNumber,
    notice: analysis.isPolicy ? null : t('vwNotPolicy', analysis.detection.reasons.slice(0, 2).join('；')),
    outline: outlineOf(analysis),
    counts: { leads: analysis.assignments.reduce((n, a) => n + a.lead.length, 0), deadlines: analysis.deadlines.length },
    kept,
    highlights,
    status,
  });
}

async function sha256Hex(data: ArrayBuffer): Promise<string> {
  return [...new Uint8Array(await crypto.subtle.digest('SHA-256', data))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function openFile(file: File, from?: string) {
  const gen = ++generation;
  // for the benchmark (tests/bench/pdf.ts): chosen, first page on screen, analysis painted
  performance.clearMarks();
  performance.mark('pl:viewer-open');
  draw({ phase: 'loading', name: file.name });
  await opened?.destroy().catch(() => {});
  opened = null;
  pages.replaceChildren();
  const kind = fileKind(file.name, new Uint8Array(await file.slice(0, 1024).arrayBuffer()), file.type);
  if (typeof kind === 'object') return draw({ phase: 'failed', name: file.name, message: t('vwNotRead', kind.notRead) });
  const bareName = file.name.replace(/\.(pdf|docx)$/i, '');
  if (kind === 'docx') {
    try {
      const bytes = await file.arrayBuffer();
      const { page } = await openDocx(bytes, pages);
      if (gen !== generation) return;
      const tm = extractTextModel(document, { root: page });
      const urn = fileUrl({ sha256: await sha256Hex(bytes) });
      return await show({ ...tm, pageTitle: bareName }, file.name, 1, null, from ?? urn, [urn]);
    } catch (e) {
      if (gen === generation) draw({ phase: 'failed', name: file.name, message: t('vwBroken', e instanceof Error ? e.message : String(e)) });
      return;
    }
  }
  try {
    const pdf = await openPdf(
      new Uint8Array(await file.arrayBuffer()),
      pages,
      {
        cMapUrl: browser.runtime.getURL('/pdfjs/cmaps/' as '/'),
        standardFontDataUrl: browser.runtime.getURL('/pdfjs/standard_fonts/' as '/'),
      },
      (n) => void (n === 1 && performance.mark('pl:viewer-first-page')),
    );
    if (gen !== generation) return void pdf.destroy();
    opened = pdf;
    const model = buildPdfModel(pdf.pages);
    if (model.textChars === 0)
      return draw({
        phase: 'ready',
        name: file.name,
        pages: pdf.pages.length,
        title: pdf.title,
        docNumber: null,
        notice: t('vwScanned'),
        outline: [],
        counts: { leads: 0, deadlines: 0 },
      });
    const metaFields = pdfMetaFields(model.text);
    const urn = fileUrl({
      pdfFingerprint: /^[0-9a-f]{16,128}$/i.test(pdf.fingerprint) ? pdf.fingerprint : null,
      sha256: await sha256Hex(await file.arrayBuffer()),
    });
    await show(textLayerModel(model, pdf.spans, { metaFields, pageTitle: pdf.title ?? bareName }), file.name, pdf.pages.length, pdf.title, from ?? urn, [urn]);
  } catch (e) {
    if (gen !== generation) return;
    const message = e instanceof PdfOpenError && e.code === 'encrypted' ? t('vwEncrypted') : t('vwBroken', e instanceof Error ? e.message : String(e));
    draw({ phase: 'failed', name: file.name, message });
  }
}

const annotateCss = document.createElement('style');
annotateCss.textContent = ANNOTATE_CSS;
document.head.append(annotateCss);
ui.attach(view);

// a file dropped anywhere on the page (the analyst's own gesture: no page but ours can script this one)
document.addEventListener('dragover', (e) => e.preventDefault());
document.addEventListener('drop', (e) => {
  e.preventDefault();
  const f = e.dataTransfer?.files?.[0];
  if (f) void openFile(f);
});

document.title = t('vwTitle');
draw({ phase: 'empty' });
// opened by the library page with a file the analyst chose there
const handed = (window.opener as { plTakeFile?: () => File | null } | null)?.plTakeFile?.();
if (handed) void openFile(handed);

/**
 * Opened from a page's attachment link (the side panel, the link's context menu): `?src=` the
 * file's URL, fetched here — the one request the extension makes, to that file's host — and
 * kept, when kept, under that URL as a web page is.
 */
async function openLink(src: string) {
  let url: URL;
  try {
    url = new URL(src);
  } catch {
    return draw({ phase: 'failed', name: src, message: t('vwFetchFailed', src, 'not a URL') });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return draw({ phase: 'failed', name: src, message: t('vwFetchFailed', src, url.protocol) });
  const name = decodeURIComponent(url.pathname.split('/').pop() || url.hostname);
  draw({ phase: 'loading', name });
  try {
    const res = await fetch(url.href, { credentials: 'omit', redirect: 'follow' });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const blob = await res.blob();
    await openFile(new File([blob], name, { type: blob.type }), canonicalUrl(url.href));
  } catch (e) {
    draw({ phase: 'failed', name, message: t('vwFetchFailed', url.href, e instanceof Error ? e.message : String(e)) });
  }
}
const src = new URLSearchParams(location.search).get('src');
if (src && !handed) void openLink(src);

/** The tab's state as a web page's content script reports it, for the side panel. */
function pageState(): PageState {
  const base = { url: location.href, title: document.title, highlightCount: 0, measures: 0, reasons: [] as string[] };
  const st = shownState;
  if (st.phase === 'loading') return { ...base, status: 'analysing' };
  if (st.phase === 'failed') return { ...base, status: 'error', error: st.message };
  if (st.phase === 'empty') return { ...base, status: 'empty', notice: t('vwPanelEmpty') };
  // a file without text (a scan): its pages are shown, there is nothing to analyse
  if (!shown) return { ...base, status: 'empty', notice: st.notice ?? t('vwScanned') };
  const a = shown.analysis;
  return {
    ...base,
    status: 'policy',
    title: a.meta.title ?? base.title,
    highlightCount: shown.painted(),
    measures: a.measures.length,
    reasons: a.detection.reasons,
  };
}

/** The side panel's questions, answered from what the viewer shows (a file is always "analysed anyway"). */
async function answer(type: keyof ViewerProtocol, data: unknown): Promise<unknown> {
  const s = shown;
  switch (type) {
    case 'page:getState':
    case 'page:analyzeAnyway':
      return pageState();
    case 'page:getSnapshot':
      return {
        state: pageState(),
        model: s?.analysis ?? null,
        measureTexts: s ? measureOwnTexts(s.analysis.measures, s.tm.text) : {},
        content: s ? { start: s.tm.content[0], text: s.tm.text.slice(s.tm.content[0], s.tm.content[1]) } : { start: 0, text: '' },
        docId: current?.file.docId() ?? null,
        orphans: [],
        currentMeasureId: null,
      } satisfies PageSnapshot;
    case 'page:getAnalysisInput':
      return s?.input ?? null;
    case 'page:scrollTo':
      jumpTo(String((data as { measureId?: unknown })?.measureId ?? ''));
      return { ok: !!s };
    case 'page:annotationsChanged':
      if (current) {
        await current.file.load();
        redraw();
      }
      return { ok: true };
    case 'viewer:keep': {
      if (!current) throw new Error('no file shown');
      const docId = await current.file.keep();
      if (shownState.phase === 'ready') draw({ ...shownState, kept: true });
      return { docId };
    }
    default:
      return { ok: false };
  }
}

void browser.tabs.getCurrent().then((tab) => {
  if (tab?.id !== undefined) served = serveViewer(new BroadcastChannel(VIEWER_CHANNEL), tab.id, answer);
});
