/**
 * The page side of Policy Lens: text model → analysis → highlights, plus the user's
 * annotations re-attached and painted. Runs in the content script; everything browser-specific
 * (messaging, storage) is injected, so it runs in jsdom for tests.
 *
 * It adds nothing to the page DOM but entries in CSS.highlights (names pl-*) and, while a card
 * or the selection toolbar is shown, one shadow host element.
 *
 * The parts with one job each are modules: what is read from the DOM (./read), what the page
 * shows (./paint), the user's annotations (./annotate), when to read again (./watch), the
 * engine's answers (./remote-engine), the page's end of the protocol (./messages). What stays
 * here is the page's state and the reading itself — the head, the quick check, the size
 * refusal, the whole read and the generation that drops a stale answer — which is one sequence
 * over that state (each step decides whether the next runs), so it is kept in one closure
 * rather than passed around in pieces.
 */
import { extractTextModel } from '../text/extract';
import { findContentRoot, plainlyNotPolicy, rawTextLength as rawLengthOf, readHead, renderedText as renderedTextOf, textShownChanged } from './read';
import type { TextModel } from '../text/types';
import type { AnalysisInput, PolicyModel } from '../analysis/types';
import type { Annotation, HighlightColor } from '../annotations/types';
import {
  MAX_ANALYZE_CHARS,
  type BackgroundProtocol,
  type DataOf,
  type PageProtocol,
  type PageSnapshot,
  type PageState,
  type ReplyOf,
  type Send,
} from '../protocol';
import { DEFAULT_SETTINGS, type Settings } from '../settings';
import { localToday } from '../view/dates';
import type { Painter } from '../highlight/painter';
import { offsetsFromRange } from '../highlight/ranges';
import { createPageAnnotations, type AnchoredAnnotation } from './annotate';
import { createPagePaint } from './paint';
import { localPaint, paintSpans, type PaintPayload, type PaintResult } from './remote-engine';
import { afterNextFrame, perfMark, perfMeasure } from './frame';
import { measureOwnTexts } from '../view/model-index';
import { watchPage } from './watch';
import type { T } from '../i18n';

export interface PageDeps {
  win: Window;
  /**
   * The analysis engine (lib/analysis `analyze`). The content script passes one that runs it in
   * the background (warm, off the page's main thread, and not in the content bundle); tests and
   * the CLI pass the function itself.
   */
  analyze: (input: AnalysisInput) => PolicyModel | Promise<PolicyModel>;
  /**
   * The analysis to paint: its spans at once, the whole model on demand (remotePaint, which
   * fetches the model from the background after the highlights are on screen). Default: from
   * `analyze` (localPaint).
   */
  paint?: (input: AnalysisInput) => Promise<PaintResult>;
  /** Send a message to the background; resolves with its answer, rejects with its error. */
  send: Send<BackgroundProtocol>;
  settings?: Settings;
  /** Settings still being read from extension storage: analysis runs meanwhile, painting waits for them. */
  settingsReady?: Promise<Settings>;
  /**
   * Read the settings when the page turns out to be worth it (a long article, or through the
   * quick check): extension storage is not touched on pages we leave alone. Called once.
   */
  loadSettings?: () => Promise<Settings>;
  today?: () => string;
  /** Analyse and paint even when the detector says "not a policy document". */
  forced?: boolean;
  /** Ask the engine about the page's rendered text before walking the page (default true; browsers only). */
  quickCheck?: boolean;
  /** Let the page render its first frame before reading it (the content script at page load). */
  afterFirstFrame?: boolean;
  /** Paint the head of a long document before the whole analysis is back (default true; see HEAD_CHARS). */
  progressive?: boolean;
  /** Debounce for re-analysis after DOM changes (ms). */
  settleMs?: number;
  /** Report a not-policy verdict to the background (top frame: yes; sub-frames stay silent). Default true. */
  reportNotPolicy?: boolean;
  /** Use computed styles to skip hidden content (browsers; default true). jsdom's are not real: tests pass false. */
  useComputedStyle?: boolean;
  /**
   * The page already has the highlight rules of this theme (the content script's stylesheet,
   * injected with the first look: injectedHighlightCss): no stylesheet is adopted for it, so painting restyles nothing.
   */
  pageSheet?: 'light' | 'dark';
  /** UI hooks (cards, toolbar) — optional so the core runs headless in tests. */
  ui?: PageUi;
  /** The user-facing strings (the extension's catalog); the keys themselves when absent (tests of behaviour). */
  t?: T;
}

/**
 * What the page's UI (cards, selection toolbar: components/page/ui) needs of what it is attached
 * to — a web page's controller, or the file viewer's text layer (entrypoints/viewer).
 */
export type AnnotatedView = Pick<
  PageController,
  | 'win'
  | 'state'
  | 'model'
  | 'textModel'
  | 'painter'
  | 'annotations'
  | 'selectionOffsets'
  | 'createAnnotation'
  | 'openNote'
  | 'updateAnnotation'
  | 'deleteAnnotation'
  | 'lastError'
>;

export interface PageUi {
  attach(ctl: AnnotatedView): void;
  /** The note editor of annotation `id` is done (saved or closed). */
  noteClosed?(id: string, saved: boolean): void;
  detach(): void;
}

export interface PageController {
  readonly win: Window;
  state(): PageState;
  snapshot(): PageSnapshot;
  model(): PolicyModel | null;
  textModel(): TextModel | null;
  painter(): Painter;
  annotations(): AnchoredAnnotation[];
  run(): Promise<PageState>;
  /** Answer a message of the page protocol (from the side panel or the background). */
  handle<K extends keyof PageProtocol>(type: K, data: DataOf<PageProtocol[K]>): Promise<ReplyOf<PageProtocol[K]>>;
  applySettings(s: Settings): void;
  /** Offsets of the current selection in the text model, or null. */
  selectionOffsets(): [number, number] | null;
  createAnnotation(start: number, end: number, init: { color: HighlightColor; note?: string; tags?: string[] }): Promise<Annotation | null>;
  /**
   * A token for the note editor of an existing annotation, or of a new one on this text (saved
   * only when its note is); null with lastError() when the document cannot be opened.
   */
  openNote(target: Annotation | { start: number; end: number; color: HighlightColor }): Promise<string | null>;
  updateAnnotation(a: Annotation): Promise<Annotation | null>;
  deleteAnnotation(id: string): Promise<void>;
  scrollToOffsets(start: number, end: number): boolean;
  destroy(): void;
  /** Last storage error shown to the user (null when fine). */
  lastError(): string | null;
}

/** How long the whole analysis waits for the head's answer before reading the page anyway (ms). */
const HEAD_WAIT_MS = 150;
/** The head is painted only when it alone is clearly a policy document (no flash of highlights on a page the whole analysis rejects). */
const HEAD_MIN_SCORE = 0.7;

/** Pages with more text than this are analysed only when the user asks (4,000,000 UTF-16 units). */
export const MAX_AUTO_CHARS = 4_000_000;

/** A page that keeps changing is re-checked at least this often (ms). */
const SETTLE_MAX_WAIT_MS = 2000;

/** Measures between the marks of one analysis (only those it set: no exception, no stale mark). */
const PERF_MEASURES: [string, string, string][] = [
  ['pl:analyse', 'pl:analyse-start', 'pl:analysed'],
  ['pl:extract', 'pl:analyse-start', 'pl:extracted'],
  ['pl:analyze', 'pl:extracted', 'pl:analyzed'],
  ['pl:paint', 'pl:analyzed', 'pl:analysed'],
];

export function createPageController(deps: PageDeps): PageController {
  const { win } = deps;
  /** The User Timing marks set by the current analysis. */
  const marked = new Set<string>();
  const mark = (name: string) => {
    marked.add(name);
    perfMark(win, name);
  };
  const perfDone = () => {
    mark('pl:analysed');
    for (const [name, a, b] of PERF_MEASURES) if (marked.has(a) && marked.has(b)) perfMeasure(win, name, a, b);
  };
  const doc = win.document;
  const t: T = deps.t ?? ((key, ...subs) => (subs.length ? `${key}: ${subs.join(', ')}` : key));
  const today = deps.today ?? (() => localToday());
  let forced = !!deps.forced;
  let tm: TextModel | null = null;
  /** The input of the analysis on screen (kept with a kept document, so the library can analyse it again). */
  let analysedInput: AnalysisInput | null = null;
  /** The whole model of the current analysis, once here (see wholeModel). */
  let model: PolicyModel | null = null;
  /** What the current analysis painted, and the state's fields of it (there before the model). */
  let shown: PaintPayload | null = null;
  /** Fetches the current analysis's whole model (null when there is none to fetch). */
  let fetchModel: (() => Promise<PolicyModel>) | null = null;
  const paintOf = deps.paint ?? localPaint(deps.analyze);
  let currentMeasureId: string | null = null;
  let error: string | null = null;
  let status: PageState['status'] = 'analysing';
  const view = createPagePaint({ win, pageSheet: deps.pageSheet, settings: deps.settings ?? DEFAULT_SETTINGS, text: () => tm, model: () => model });
  const { painter } = view;
  const notes = createPageAnnotations({
    win,
    send: deps.send,
    t,
    text: () => tm,
    shown: () => shown,
    model: () => wholeModel(),
    paint: view.paint,
    scrollToOffsets: view.scrollTo,
    setError: (e) => void (error = e),
    error: () => error,
  });
  let lastTextLength = -1;
  /** Text nodes of the current model (built on the first attribute mutation after an analysis). */
  let modelNodes: WeakSet<Text> | null = null;
  let destroyed = false;

  const state = (): PageState => ({
    status,
    url: win.location.href,
    title: shown?.meta.title ?? tm?.pageTitle ?? doc.title,
    highlightCount: painter.status.ok ? view.count() : 0,
    measures: shown?.measureCount ?? 0,
    reasons: shown?.detection.reasons ?? quickModel?.detection.reasons ?? [],
    ...(error ? { error } : {}),
  });

  /** Start reading the settings (once), in parallel with the text model and the analysis. */
  function startSettings(): void {
    if (!deps.loadSettings) return;
    const load = deps.loadSettings;
    deps.loadSettings = undefined;
    deps.settingsReady = load();
  }

  /** Settings are read in parallel with the text model and the analysis; normally resolved by the time we paint. */
  async function settingsRead(): Promise<void> {
    startSettings();
    const pending = deps.settingsReady;
    if (!pending) return;
    const s = await pending.catch(() => view.settings());
    if (deps.settingsReady === pending) {
      view.applySettings(s);
      deps.settingsReady = undefined;
    }
  }

  /** How the page is read: computed styles where real, our own UI hosts left out. */
  const readOptions = { useComputedStyle: deps.useComputedStyle ?? true, skip: (el: Element) => el.hasAttribute('data-policy-lens-ui') };
  const extract = () => extractTextModel(doc, readOptions);

  /**
   * The head's request: none made, waiting for its answer, painted, turned down (not clearly a
   * policy document, or failed), or superseded (the whole analysis answered first: never painted).
   */
  let headState: 'none' | 'pending' | 'painted' | 'declined' | 'superseded' = 'none';
  /** The rendered text the quick check turned down, and why (null when it did not). */
  let quickText: string | null = null;
  /** The quick check's model of the rendered text: its title, score and reasons for the side panel (offsets are not the page's). */
  let quickModel: PolicyModel | null = null;

  /**
   * The first screens of a long article, read from its container alone (no page walk, a few ms)
   * and sent to the engine at once; painted when the answer is back unless the whole analysis
   * answered first. Resolves when painted or given up. Null when the page is not a long article
   * in a known container.
   */
  function startHead(): Promise<void> | null {
    if (deps.progressive === false || forced) return null;
    perfMark(win, 'pl:head-start');
    const read = readHead(doc, readOptions);
    perfMark(win, 'pl:head-extracted');
    perfMeasure(win, 'pl:head-extract', 'pl:head-start', 'pl:head-extracted');
    if (!read) return null;
    const { head } = read;
    headState = 'pending';
    // Likely a policy document: our stylesheet goes in now, before the page is first styled.
    painter.prepare();
    startSettings();
    return paintOf({ text: read.text, url: win.location.href, pageTitle: head.pageTitle, today: today() })
      .then(async ({ payload: m }) => {
        if (headState !== 'pending') return;
        if (!m.isPolicy || m.detection.score < HEAD_MIN_SCORE) {
          headState = 'declined';
          return;
        }
        await settingsRead();
        if (headState !== 'pending' || destroyed) return;
        perfMark(win, 'pl:head-paint-start');
        painter.setModel(head);
        view.analysis(paintSpans(m));
        perfMark(win, 'pl:head-painted');
        headState = 'painted';
        perfMeasure(win, 'pl:head-paint', 'pl:head-paint-start', 'pl:head-painted');
        // Let the browser show them before the whole page is read (a long synchronous task).
        await afterNextFrame(win);
      })
      .catch(() => {
        if (headState === 'pending') headState = 'declined'; // the whole analysis reports errors
      });
  }

  /** Incremented by every analysis: an engine answer for an older text model is dropped. */
  let generation = 0;

  const rawTextLength = () => rawLengthOf(doc);
  /** The rendered text for the quick check; null in jsdom (its styles are not real). */
  const renderedText = (bodyLength?: number) => (deps.useComputedStyle === false ? null : renderedTextOf(doc, bodyLength));

  /**
   * Before walking the page: is it plainly not a policy document? The engine reads the page's
   * rendered text; no 发文字号, no numbered outline, no responsibility clause and a low score is
   * a plain no, and the page is left alone (the usual case on a government portal: news, lists,
   * home pages). Anything else goes on to the text model, whose analysis decides.
   */
  async function quickCheck(gen: number, bodyLength: number): Promise<'no' | 'maybe' | 'stale'> {
    const t0 = win.performance?.now?.() ?? 0;
    const text = renderedText(bodyLength);
    if (text === null) return 'maybe';
    perfMark(win, 'pl:quick-start');
    // Forced: the quick check reads the engine's counts (outline, clauses) even on a page it will call no.
    const pending = deps.analyze({ text, url: win.location.href, pageTitle: doc.title, today: today(), force: true });
    // reading the rendered text and sending it (the main thread's part of the quick check)
    perfMeasure(win, 'pl:quick-read', t0);
    const q = await pending;
    if (gen !== generation || destroyed) return 'stale';
    if (!plainlyNotPolicy(q)) return 'maybe';
    quickText = text;
    quickModel = q;
    return 'no';
  }

  /** Set while the page is refused for its size: a page that stays that large is not walked again at each change. */
  let refusedForSize = false;
  function tooLarge(key: 'pgTooLargeAuto' | 'pgTooLarge', chars: number): void {
    refusedForSize = true;
    setAnalysis(null);
    if (headState === 'pending') headState = 'superseded';
    status = 'error';
    error = t(key, Math.round(chars / 10000));
    view.clear();
    perfDone();
  }

  /** `fresh`: a text model just extracted (the settle probe), so the DOM is not walked twice. */
  async function analyse(fresh?: TextModel): Promise<void> {
    const gen = ++generation;
    refusedForSize = false;
    marked.clear();
    mark('pl:analyse-start');
    error = null;
    quickText = null;
    quickModel = null;
    // A page this large is a data dump or an archive, not one document: ask before spending
    // seconds on it (the side panel shows the reason with "analyse anyway"). Its raw text length
    // is known without walking it; past the engine's bound even a forced read is refused.
    const rawLength = fresh ? fresh.text.length : rawTextLength();
    if (rawLength > MAX_AUTO_CHARS && !forced) return tooLarge('pgTooLargeAuto', rawLength);
    if (rawLength > 2 * MAX_ANALYZE_CHARS) return tooLarge('pgTooLarge', rawLength);
    // Not when the head is a policy document or still being analysed (a long article in a
    // known container is worth the walk).
    if (!fresh && !forced && (headState === 'none' || headState === 'declined') && deps.quickCheck !== false) {
      const verdict = await quickCheck(gen, rawLength);
      if (verdict === 'stale') return;
      if (verdict === 'no') {
        tm = null;
        setAnalysis(null);
        lastTextLength = -1;
        status = 'not-policy';
        view.clear();
        perfDone();
        return;
      }
    }
    painter.prepare(); // restyles the page: with the text model's style pass, not on pages we leave alone
    startSettings();
    tm = fresh ?? extract();
    modelNodes = null;
    lastTextLength = tm.text.length;
    mark('pl:extracted');
    if (tm.text.length > MAX_AUTO_CHARS && !forced) return tooLarge('pgTooLargeAuto', tm.text.length);
    if (tm.text.length > MAX_ANALYZE_CHARS) return tooLarge('pgTooLarge', tm.text.length);
    const forText = tm;
    const input: AnalysisInput = {
      text: tm.text,
      range: tm.content,
      url: win.location.href,
      pageTitle: tm.pageTitle,
      metaFields: tm.metaFields,
      today: today(),
      tables: tm.tables,
    };
    if (forced) input.force = true;
    const answer = await paintOf(input);
    if (headState === 'pending') headState = 'superseded';
    // The page changed while the engine ran and a newer analysis has started: it paints, not us.
    if (gen !== generation || destroyed || tm !== forText) return;
    // The painter maps offsets through the new text model only now: until the answer is here,
    // the highlights on screen are the previous analysis's, on the previous model.
    painter.setModel(forText);
    setAnalysis(answer);
    analysedInput = input;
    const painted = answer.payload;
    mark('pl:analyzed');
    if (!painted.isPolicy && !forced) {
      status = 'not-policy';
      view.clear();
      perfDone();
      return;
    }
    status = 'policy';
    contentRoot = findContentRoot(doc, forText, painted.range);
    await settingsRead();
    if (shown === painted) view.analysis(paintSpans(painted));
    perfDone();
    // The rest of the model comes once the highlights are on screen; then the scroll spy can say
    // where the reader already is (a reload keeps the scroll position; a scroll may have come first).
    void afterNextFrame(win)
      .then(() => wholeModel())
      .then((m) => {
        if (m && !jumpToHashMeasure(m)) onScroll();
      });
    // Show the highlights before the annotation round trip.
    await notes.load(true);
  }

  /** The current analysis: what it painted, and its whole model when already here. */
  function setAnalysis(answer: PaintResult | null): void {
    shown = answer?.payload ?? null;
    model = answer?.now ?? null;
    fetchModel = answer && !answer.now ? answer.model : null;
    wholeFetch = null;
  }

  let wholeFetch: Promise<PolicyModel | null> | null = null;
  /** The current analysis's whole model: here already, or fetched once (null if it cannot be). */
  function wholeModel(): Promise<PolicyModel | null> {
    if (model || !fetchModel) return Promise.resolve(model);
    const forShown = shown;
    const fetching = fetchModel;
    return (wholeFetch ??= fetching().then(
      (m) => {
        if (shown === forShown) model = m;
        return shown === forShown ? m : null;
      },
      () => null,
    ));
  }

  function report() {
    if (status === 'not-policy' && deps.reportNotPolicy === false) return;
    deps.send('bg:pageState', state()).catch(() => {});
  }

  function isOurs(n: Node): boolean {
    const el = n.nodeType === 1 ? (n as Element) : n.parentElement;
    return !!el?.closest?.('[data-policy-lens-ui]');
  }

  /** An attribute changed on `el`: did text inside it appear or disappear (lib/page/read)? */
  function visibilityChanged(el: Element): boolean {
    if (!tm) return true;
    modelNodes ??= new WeakSet(tm.segments.map((s) => s.node));
    return textShownChanged(doc, el, modelNodes);
  }

  /** The page settled after changes that may be the document's: read again if its text changed. */
  async function settled(): Promise<boolean> {
    if (destroyed) return false;
    if (refusedForSize && !forced && rawTextLength() > MAX_AUTO_CHARS) return false;
    // Re-analyse only when the text really changed (reflow or attribute churn does not count).
    // A page turned down by the quick check is compared by its rendered text, as cheaply.
    const quick = !tm && quickText !== null ? renderedText() : null;
    if (quick !== null && quick === quickText) return false;
    const probe = quick === null ? extract() : undefined;
    if (probe && probe.text.length === lastTextLength && probe.text === tm?.text) return false;
    try {
      await analyse(probe);
    } catch (e) {
      status = 'error';
      error = e instanceof Error ? e.message : String(e);
    }
    report();
    return true;
  }

  /** The element holding the analysed content (the deepest one around all of it), once a policy was read. */
  let contentRoot: Element | null = null;

  const watcher = watchPage({
    win,
    quietMs: deps.settleMs ?? 400,
    maxWaitMs: SETTLE_MAX_WAIT_MS,
    scope: () => (status === 'policy' ? contentRoot : null),
    isOurs,
    visibilityChanged,
    onSettled: settled,
  });

  let hashMeasureDone = false;
  /** Opened from the library (…#pl-measure=<id>): scroll to that measure once, and make it current. */
  function jumpToHashMeasure(m: PolicyModel): boolean {
    const hit = /#pl-measure=([\w.-]{1,100})/.exec(win.location.hash);
    if (!hit || hashMeasureDone) return false;
    hashMeasureDone = true;
    const target = m.measures.find((x) => x.id === decodeURIComponent(hit[1]!));
    if (!target) return false;
    currentMeasureId = target.id;
    view.scrollTo(target.headStart, Math.max(target.headEnd, target.headStart + 1));
    jumpedTo = win.scrollY;
    deps.send('bg:currentMeasure', { measureId: target.id }).catch(() => {});
    return true;
  }

  let scrollTimer: ReturnType<typeof setTimeout> | null = null;
  /** Where the panel's "go to measure" put the page: there, its measure stays the current one (the heading may sit above a child's). */
  let jumpedTo: number | null = null;
  function onScroll() {
    if (scrollTimer || !model || status !== 'policy') return;
    scrollTimer = setTimeout(() => {
      scrollTimer = null;
      if (jumpedTo !== null && win.scrollY === jumpedTo) return;
      jumpedTo = null;
      const id = view.measureInView();
      if (id !== currentMeasureId) {
        currentMeasureId = id;
        deps.send('bg:currentMeasure', { measureId: id }).catch(() => {});
      }
    }, 150);
  }

  const ctl: PageController = {
    win,
    state,
    model: () => model,
    textModel: () => tm,
    painter: () => painter,
    annotations: () => notes.list(),
    lastError: () => error,
    snapshot(): PageSnapshot {
      // Own text only (up to the first child): whole spans repeat the text once per nesting level.
      const measureTexts: Record<string, string> = model && tm ? measureOwnTexts(model.measures, tm.text) : {};
      const range = shown?.range ?? [0, 0];
      return {
        state: state(),
        model: status === 'policy' || model ? model : status === 'not-policy' ? quickModel : null,
        measureTexts,
        content: { start: range[0], text: tm ? tm.text.slice(range[0], range[1]) : '' },
        docId: notes.docId(),
        orphans: notes.orphans(),
        currentMeasureId,
      };
    },
    async run() {
      // The UI listens from the start (its handlers act only once the status is 'policy'): a
      // selection or Alt+Shift+H right after the highlights appear must not be lost while the
      // background is still opening the document record (first start: jieba's dictionary).
      deps.ui?.attach(ctl);
      // The scroll spy too: the user may scroll while the annotations are still being loaded.
      win.addEventListener('scroll', onScroll, { passive: true });
      // At page load, the page goes on screen first: reading it before its first frame delays
      // that frame by the whole text model (and the style recalculation it forces). After the
      // frame, styles are computed and the text model is cheaper too.
      const head = startHead();
      if (deps.afterFirstFrame) await afterNextFrame(win);
      // The head's answer normally arrives while the page renders its first frame: paint it
      // (and let it show) before the long read of the whole page. Not waited for long.
      if (head) await Promise.race([head, new Promise<void>((r) => setTimeout(r, HEAD_WAIT_MS))]);
      try {
        await analyse();
      } catch (e) {
        status = 'error';
        error = e instanceof Error ? e.message : String(e);
      }
      watcher.start();
      report();
      return state();
    },
    async handle(type, data) {
      const d = data as Record<string, string>;
      const answer = async (): Promise<unknown> => {
        switch (type) {
          case 'page:getState':
            return state();
          case 'page:getSnapshot':
            await wholeModel();
            return ctl.snapshot();
          case 'page:getAnalysisInput':
            return tm && analysedInput?.text === tm.text ? analysedInput : null;
          case 'page:scrollTo': {
            const m = (await wholeModel())?.measures.find((x) => x.id === d.measureId);
            if (!m) return { ok: false };
            currentMeasureId = m.id;
            const ok = view.scrollTo(m.headStart, Math.max(m.headEnd, m.headStart + 1));
            jumpedTo = win.scrollY;
            return { ok };
          }
          case 'page:scrollToAnnotation':
            return { ok: notes.scrollTo(d.id!) };
          case 'page:analyzeAnyway':
            forced = true;
            if (status !== 'policy') {
              await analyse();
              report();
            }
            return state();
          case 'page:annotationsChanged':
            await notes.load();
            report();
            return { ok: true };
          case 'page:noteClosed':
            deps.ui?.noteClosed?.(d.id!, (data as { saved: boolean }).saved);
            if ((data as { saved: boolean }).saved) {
              await notes.load();
              report();
            }
            return { ok: true };
          case 'page:reattach':
            return notes.reattach(d.id!, ctl.selectionOffsets());
        }
        throw new Error(`unknown message ${String(type)}`);
      };
      return answer() as never;
    },
    applySettings: (s) => view.applySettings(s),
    selectionOffsets() {
      const sel = win.getSelection();
      if (!tm || !sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
      const r = offsetsFromRange(tm, sel.getRangeAt(0));
      return r && r[1] > r[0] ? r : null;
    },
    createAnnotation: (start, end, init) => notes.create(start, end, init),
    openNote: (target) => notes.openNote(target),
    updateAnnotation: (a) => notes.update(a),
    deleteAnnotation: (id) => notes.remove(id),
    scrollToOffsets: (start, end) => view.scrollTo(start, end),
    destroy() {
      destroyed = true;
      watcher.stop();
      win.removeEventListener('scroll', onScroll);
      deps.ui?.detach();
      painter.destroy();
    },
  };
  return ctl;
}
