/**
 * benchSidePanel(): renders the side panel for a generated large model (default 500 measures)
 * and times the interactions that must feel instant. Runs in a browser page or in Node (creates
 * a jsdom document when there is none). For `npm run bench`:
 *
 *   import { benchSidePanel } from './sidepanel';
 *   console.table(await benchSidePanel());
 *
 * Node / bench only.
 */
import { options, render } from 'preact';
import { SidePanelApp } from '../../components/sidepanel/SidePanelApp';
import { I18nProvider, defaultT } from '../../components/common/i18n';
import { DEFAULT_HIGHLIGHT_SETTINGS, type PanelActions, type ReadyState } from '../../components/sidepanel/types';
import { generateLargeModel } from '../fixtures/model/generate';

export interface SidePanelBench {
  measures: number;
  /** First render of the ready panel (header + filters + outline, top levels open). */
  renderMs: number;
  renderedItemsInitial: number;
  /** Unit filter (lead only) applied through the select, until the DOM is updated. */
  filterUnitMs: number;
  /** Mean time per keystroke of a 4-character search over titles + measure texts. */
  searchKeystrokeMs: number;
  /** A broad search that opens most of the tree (worst case: many items rendered). */
  broadSearchMs: number;
  renderedItemsBroad: number;
  matrixTabMs: number;
  timelineTabMs: number;
}

const noop = () => {};
const actions: PanelActions = {
  scrollToMeasure: noop,
  analyzeAnyway: noop,
  setHighlightSetting: noop,
  setMeasureStatus: noop,
  setMeasureNote: noop,
  openAnnotation: noop,
  deleteAnnotation: noop,
  undoDelete: noop,
  exportFile: noop,
  importFile: noop,
  searchAll: async () => [],
  reattachOrphan: noop,
};

export async function ensureDocument(): Promise<() => void> {
  if (typeof document !== 'undefined') return noop;
  // Node only (bench runner): jsdom is a devDependency, loaded lazily.
  // (typed at this boundary: @types/jsdom is not installed; the module name is not a literal so
  // bundlers leave it alone.)
  const moduleName = 'jsdom';
  const { JSDOM } = (await import(/* @vite-ignore */ moduleName)) as {
    JSDOM: new (html: string, o?: { pretendToBeVisual?: boolean }) => { window: Window & typeof globalThis };
  };
  const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true });
  const g = globalThis as Record<string, unknown>;
  const keys = ['window', 'document', 'Node', 'HTMLElement', 'Event', 'KeyboardEvent'] as const;
  const saved = keys.map((k) => [k, g[k]] as const);
  g.window = dom.window;
  g.document = dom.window.document;
  g.Node = dom.window.Node;
  g.HTMLElement = dom.window.HTMLElement;
  g.Event = dom.window.Event;
  g.KeyboardEvent = dom.window.KeyboardEvent;
  return () => {
    for (const [k, v] of saved) g[k] = v;
    dom.window.close();
  };
}

/**
 * Median figures over `runs` (default 3) after one untimed warm-up run (JIT, jsdom caches).
 * The host machine's load matters: compare figures from the same machine only.
 */
export async function benchSidePanel(opts: { measures?: number; today?: string; runs?: number; warmup?: boolean } = {}): Promise<SidePanelBench> {
  const restoreDom = await ensureDocument();
  try {
    if (opts.warmup !== false) runOnce(opts);
    const all = Array.from({ length: Math.max(1, opts.runs ?? 3) }, () => runOnce(opts));
    const median = (k: keyof SidePanelBench) => {
      const v = all.map((r) => r[k]).sort((a, b) => a - b);
      return v[Math.floor(v.length / 2)]!;
    };
    const out = { ...all[0]! };
    for (const k of Object.keys(out) as (keyof SidePanelBench)[]) out[k] = median(k);
    return out;
  } finally {
    restoreDom();
  }
}

function runOnce(opts: { measures?: number; today?: string }): SidePanelBench {
  const prevDebounce = options.debounceRendering;
  // Synchronous re-render so the timings include DOM updates.
  options.debounceRendering = (cb) => cb();
  const host = document.createElement('div');
  document.body.appendChild(host);
  try {
    const built = generateLargeModel(opts.measures ?? 500);
    const state: ReadyState = {
      kind: 'ready',
      model: built.model,
      url: 'https://www.gov.cn/zhengce/content/bench.htm',
      today: opts.today ?? '2022-06-01',
      annotations: [],
      measureNotes: [],
      orphans: [],
      settings: { ...DEFAULT_HIGHLIGHT_SETTINGS },
      currentMeasureId: null,
      measureTexts: built.measureTexts,
    };
    const time = (f: () => void) => {
      const t0 = performance.now();
      f();
      return performance.now() - t0;
    };
    const items = () => host.querySelectorAll('[role="treeitem"]').length;
    const fire = (el: Element, type: string) => el.dispatchEvent(new el.ownerDocument.defaultView!.Event(type, { bubbles: true }));

    const renderMs = time(() =>
      render(
        <I18nProvider t={defaultT}>
          <SidePanelApp state={state} actions={actions} />
        </I18nProvider>,
        host,
      ),
    );
    const renderedItemsInitial = items();

    const unitSel = host.querySelector<HTMLSelectElement>('#pl-f-unit')!;
    const leadRadio = host.querySelectorAll<HTMLInputElement>('input[name="pl-f-role"]')[1]!;
    const filterUnitMs = time(() => {
      unitSel.value = unitSel.options[1]!.value;
      fire(unitSel, 'change');
      leadRadio.checked = true;
      fire(leadRadio, 'change');
    });
    unitSel.value = '';
    fire(unitSel, 'change');

    const q = host.querySelector<HTMLInputElement>('#pl-f-query')!;
    const word = '数据资源';
    const searchTotal = time(() => {
      for (let i = 1; i <= word.length; i++) {
        q.value = word.slice(0, i);
        fire(q, 'input');
      }
    });
    const broadSearchMs = time(() => {
      q.value = '互联网';
      fire(q, 'input');
    });
    const renderedItemsBroad = items();
    q.value = '';
    fire(q, 'input');

    const tab = (i: number) => host.querySelectorAll<HTMLElement>('[role="tab"]')[i]!;
    const matrixTabMs = time(() => tab(1).click());
    const timelineTabMs = time(() => tab(2).click());

    const r = (n: number) => Math.round(n * 10) / 10;
    return {
      measures: built.model.measures.length,
      renderMs: r(renderMs),
      renderedItemsInitial,
      filterUnitMs: r(filterUnitMs),
      searchKeystrokeMs: r(searchTotal / word.length),
      broadSearchMs: r(broadSearchMs),
      renderedItemsBroad,
      matrixTabMs: r(matrixTabMs),
      timelineTabMs: r(timelineTabMs),
    };
  } finally {
    render(null, host);
    host.remove();
    options.debounceRendering = prevDebounce;
  }
}
