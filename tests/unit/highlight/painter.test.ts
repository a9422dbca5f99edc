// @vitest-environment jsdom
import { describe, it, expect, beforeEach, vi } from 'vitest';
import { extractTextModel } from '../../../lib/text/extract';
import { createPainter, highlightCss, injectedHighlightCss, CATEGORIES, PRIORITY, userCategory, type Category } from '../../../lib/highlight/painter';
import type { TextModel } from '../../../lib/text/types';

/** Test-only stand-ins for the CSS Custom Highlight API and constructable stylesheets (jsdom has neither). */
class FakeHighlight extends Set<AbstractRange> {
  priority = 0;
  constructor(...ranges: AbstractRange[]) {
    super(ranges);
  }
}
class FakeSheet {
  cssText = '';
  replaceSync(t: string) {
    this.cssText = t;
  }
}
function install(win: Window): Map<string, FakeHighlight> {
  const registry = new Map<string, FakeHighlight>();
  const w = win as unknown as Record<string, unknown>;
  w.Highlight = FakeHighlight;
  w.CSS = { highlights: registry };
  w.CSSStyleSheet = FakeSheet;
  let adopted: unknown[] = [];
  Object.defineProperty(win.document, 'adoptedStyleSheets', {
    configurable: true,
    get: () => adopted,
    set: (v: unknown[]) => {
      adopted = v;
    },
  });
  return registry;
}
function uninstall(win: Window) {
  const w = win as unknown as Record<string, unknown>;
  delete w.Highlight;
  delete w.CSS;
  delete (win.document as unknown as Record<string, unknown>).adoptedStyleSheets;
}

const BODY = `<div class="pages_content">
<p>　　<strong>（四）“互联网+”智慧能源。</strong>通过互联网促进能源系统扁平化，推进能源生产与消费模式革命。（能源局、发展改革委、工业和信息化部等负责）</p>
<p>　　<strong>（五）“互联网+”普惠金融。</strong>促进互联网金融健康发展，到2018年底前完善相关制度。（人民银行、银监会、证监会、保监会等负责）</p>
</div>`;

let model: TextModel;
let registry: Map<string, FakeHighlight>;

function find(q: string, from = 0) {
  const start = model.text.indexOf(q, from);
  if (start < 0) throw new Error(q);
  return { start, end: start + q.length };
}

beforeEach(() => {
  document.body.innerHTML = BODY;
  registry = install(window);
  model = extractTextModel(document);
});

describe('createPainter', () => {
  it('registers a Highlight per category with ranges over the right text and the right priority', () => {
    const p = createPainter(window, { model });
    expect(p.status).toEqual({ ok: true });
    const res = p.paint('pl-lead', [
      { ...find('能源局'), key: 'a1' },
      { ...find('人民银行'), key: 'a2' },
    ]);
    expect(res).toEqual({ painted: 2, skipped: 0, visible: true });
    const h = registry.get('pl-lead')!;
    expect([...h].map((r) => (r as Range).toString())).toEqual(['能源局', '人民银行']);
    p.paint('pl-user-pink', [find('普惠金融')]);
    expect(registry.get('pl-user-pink')!.priority).toBeGreaterThan(registry.get('pl-lead')!.priority);
    expect(PRIORITY['pl-user-yellow']).toBeGreaterThan(PRIORITY['pl-deadline']);
    // Nothing was added to the page DOM.
    expect(document.body.innerHTML).toBe(BODY);
    expect(document.querySelectorAll('style').length).toBe(0);
  });

  it('adopts one stylesheet with a ::highlight rule per category, each with its own decoration', () => {
    const p = createPainter(window, { model, theme: 'light' });
    const sheets = document.adoptedStyleSheets as unknown as FakeSheet[];
    expect(sheets).toHaveLength(1);
    for (const c of CATEGORIES) expect(sheets[0]!.cssText).toContain(`::highlight(${c})`);
    // Colour-blind safety: the user colours and the analysis unit/deadline categories differ in decoration style.
    const css = highlightCss('light');
    const deco = (c: Category) => new RegExp(`::highlight\\(${c}\\) \\{[^}]*text-decoration: (\\w+ \\w+)`).exec(css)?.[1];
    const userDecos = (['yellow', 'green', 'blue', 'pink', 'purple'] as const).map((c) => deco(userCategory(c)));
    expect(new Set(userDecos).size).toBe(5);
    const analysisDecos = (['pl-area', 'pl-lead', 'pl-co', 'pl-deadline', 'pl-deadline-past'] as const).map(deco);
    expect(new Set(analysisDecos).size).toBe(5);
    expect(p.setTheme('dark')).toBe('dark');
    expect(sheets[0]!.cssText).toBe(highlightCss('dark'));
    p.destroy();
    expect(document.adoptedStyleSheets).toHaveLength(0);
  });

  it("adoptSheet: 'lazy' leaves the page's stylesheets alone until prepare() or the first paint, and puts ours back if the page drops it", () => {
    const p = createPainter(window, { model, adoptSheet: 'lazy' });
    expect(document.adoptedStyleSheets).toHaveLength(0);
    p.paint('pl-lead', []); // nothing to draw: still nothing adopted
    expect(document.adoptedStyleSheets).toHaveLength(0);
    p.prepare();
    expect(document.adoptedStyleSheets).toHaveLength(1);
    p.prepare();
    expect(document.adoptedStyleSheets).toHaveLength(1);
    // a page script replaces the array: the next paint puts our sheet back, once
    document.adoptedStyleSheets = [];
    const { start: s, end: e } = find('工业和信息化部');
    p.paint('pl-lead', [{ start: s, end: e }]);
    expect(document.adoptedStyleSheets).toHaveLength(1);
    p.destroy();
    expect(document.adoptedStyleSheets).toHaveLength(0);

    const q = createPainter(window, { model, adoptSheet: 'lazy' });
    q.paint('pl-co', [{ start: s, end: e }]);
    expect(document.adoptedStyleSheets).toHaveLength(1);
    q.destroy();
  });

  it("pageSheet: with the content script's stylesheet in the page, nothing is adopted for its theme; another theme is adopted with !important and dropped again", () => {
    const { start: s, end: e } = find('工业和信息化部');
    const p = createPainter(window, { model, theme: 'light', adoptSheet: 'lazy', pageSheet: 'light' });
    p.prepare();
    p.paint('pl-lead', [{ start: s, end: e }]);
    expect(registry.get('pl-lead')?.size).toBe(1);
    expect(document.adoptedStyleSheets).toHaveLength(0);
    // a dark page: its palette must win over the injected light rules, whatever the cascade order
    expect(p.setTheme('dark')).toBe('dark');
    const sheets = document.adoptedStyleSheets as unknown as FakeSheet[];
    expect(sheets).toHaveLength(1);
    expect(sheets[0]!.cssText).toBe(highlightCss('dark', { important: true }));
    expect(sheets[0]!.cssText).toMatch(
      /::highlight\(pl-lead\) \{ background-color: rgba\(86, 180, 233, 0\.20\) !important; text-decoration: underline solid #7cc6f2 2px !important; \}/,
    );
    p.setTheme('light');
    expect(document.adoptedStyleSheets).toHaveLength(0);
    p.destroy();

    // dark before anything is painted: adopted with the first paint, not before
    const q = createPainter(window, { model, theme: 'light', adoptSheet: 'lazy', pageSheet: 'light' });
    q.setTheme('dark');
    expect(document.adoptedStyleSheets).toHaveLength(0);
    q.paint('pl-co', [{ start: s, end: e }]);
    expect(document.adoptedStyleSheets).toHaveLength(1);
    q.destroy();
    expect(document.adoptedStyleSheets).toHaveLength(0);
  });

  it('injectedHighlightCss: the light rules, on the root element for Chromium (inherited), on every element for Firefox', () => {
    const ff = injectedHighlightCss('firefox');
    expect(ff.trim()).toBe(highlightCss('light'));
    const cr = injectedHighlightCss('chrome').trim().split('\n');
    expect(cr).toHaveLength(CATEGORIES.length);
    expect(cr.map((l) => l.replace(/^:root/, ''))).toEqual(highlightCss('light').split('\n'));
    for (const l of cr) expect(l).toMatch(/^:root::highlight\(pl-[a-z-]+\) \{ .+ \}$/);
  });

  it('setEnabled / setMasterEnabled unregister and re-register without losing spans', () => {
    const p = createPainter(window, { model });
    p.paint('pl-deadline', [find('到2018年底前')]);
    p.paint('pl-area', [find('“互联网+”智慧能源')]);
    p.setEnabled('pl-deadline', false);
    expect(registry.has('pl-deadline')).toBe(false);
    expect(registry.has('pl-area')).toBe(true);
    expect(p.hitTest(find('到2018年底前').start)).toEqual([]);
    p.setEnabled('pl-deadline', true);
    expect(registry.get('pl-deadline')!.size).toBe(1);
    p.setMasterEnabled(false);
    expect(registry.size).toBe(0);
    expect(p.hitTest(find('智慧能源').start)).toEqual([]);
    p.setMasterEnabled(true);
    expect(registry.size).toBe(2);
  });

  it('clear removes one category or all; destroy unregisters only its own highlights', () => {
    const p = createPainter(window, { model });
    p.paint('pl-lead', [find('能源局')]);
    p.paint('pl-co', [find('发展改革委')]);
    p.clear('pl-lead');
    expect(registry.has('pl-lead')).toBe(false);
    expect(registry.has('pl-co')).toBe(true);
    p.clear();
    expect(registry.size).toBe(0);
    p.paint('pl-co', [find('发展改革委')]);
    const foreign = new FakeHighlight();
    registry.set('page-own', foreign);
    p.destroy();
    expect([...registry.keys()]).toEqual(['page-own']);
    expect(p.status.ok).toBe(false);
    expect(() => p.paint('pl-co', [])).toThrow(/destroyed/);
  });

  it('hitTest finds overlapping spans by binary search, priority first, innermost first', () => {
    const p = createPainter(window, { model });
    const measure4 = find('（四）“互联网+”智慧能源。');
    const para4 = { start: measure4.start, end: find('等负责）').end };
    const unit = find('工业和信息化部');
    p.paint('pl-area', [
      { ...find('（五）'), key: 'm5' },
      { ...para4, key: 'm4' },
      { ...measure4, key: 'm4-head' },
    ]);
    p.paint('pl-co', [{ ...unit, key: 'u3' }]);
    p.paint('pl-user-green', [{ start: unit.start + 2, end: unit.end + 3, key: 'note-1' }]);
    const hits = p.hitTest(unit.start + 3);
    expect(hits.map((h) => `${h.category}:${h.key}`)).toEqual(['pl-user-green:note-1', 'pl-co:u3', 'pl-area:m4']);
    const headHits = p.hitTest(measure4.start + 1);
    expect(headHits.map((h) => h.key)).toEqual(['m4-head', 'm4']);
    expect(p.hitTest(model.text.length + 5)).toEqual([]);
    expect(p.hitTest(para4.end)).toEqual([]);
  });

  it('rejects unknown categories with a clear error and skips invalid spans', () => {
    const p = createPainter(window, { model });
    expect(() => p.paint('pl-red' as Category, [])).toThrow(/unknown highlight category "pl-red"/);
    const res = p.paint('pl-lead', [
      { start: 5, end: 2 },
      { start: Number.NaN, end: 3 },
      { start: model.text.length + 10, end: model.text.length + 20 },
      find('银监会'),
    ]);
    expect(res).toEqual({ painted: 1, skipped: 3, visible: true });
  });

  it('repaints when the model changes (page re-extracted after a DOM change)', () => {
    const p = createPainter(window, { model });
    const span = find('证监会');
    p.paint('pl-co', [span]);
    document.body.innerHTML = BODY.replace('<p>', '<p>新增一段前言。</p><p>');
    const m2 = extractTextModel(document);
    // The old live range collapsed when its nodes were replaced.
    expect([...registry.get('pl-co')!][0]!.collapsed).toBe(true);
    p.setModel(m2);
    expect(registry.get('pl-co')!.size).toBe(1);
    // Same offsets now point elsewhere in the new model; the registered range follows the new DOM.
    expect([...registry.get('pl-co')!][0]!.toString()).toBe(m2.text.slice(span.start, span.end));
  });

  it('flash paints pl-flash and clears it after the delay', () => {
    vi.useFakeTimers();
    try {
      const p = createPainter(window, { model });
      p.flash([find('（五）“互联网+”普惠金融。')], 500);
      expect(registry.get('pl-flash')!.priority).toBe(PRIORITY['pl-flash']);
      vi.advanceTimersByTime(600);
      expect(registry.has('pl-flash')).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('degrades with a clear status where the Highlight API is missing, still hit-testing', () => {
    uninstall(window);
    const p = createPainter(window, { model });
    expect(p.status).toMatchObject({ ok: false, reason: 'no-highlight-api' });
    const res = p.paint('pl-lead', [{ ...find('能源局'), key: 'k' }]);
    expect(res.visible).toBe(false);
    expect(p.hitTest(find('能源局').start)[0]?.key).toBe('k');
    p.destroy();
  });

  it('paints 2,000 ranges quickly (figure logged)', () => {
    const paras = Array.from(
      { length: 400 },
      (_, i) => `<p>　　（${i}）推进<span>工业和信息化部</span>、发展改革委、科技部牵头，到2018年底前完成第${i}项任务。</p>`,
    ).join('');
    document.body.innerHTML = `<div class="pages_content">${paras}</div>`;
    const m = extractTextModel(document);
    const spans: { start: number; end: number; key: string }[] = [];
    let from = 0;
    for (let i = 0; i < 2000; i++) {
      const q = ['工业和信息化部', '发展改革委', '科技部', '到2018年底前', '任务'][i % 5]!;
      const s = m.text.indexOf(q, from);
      spans.push({ start: s, end: s + q.length, key: String(i) });
      from = i % 5 === 4 ? s + 1 : from;
    }
    const p = createPainter(window, { model: m });
    const t0 = performance.now();
    const res = p.paint('pl-lead', spans);
    const ms = performance.now() - t0;
    console.log(`painter: ${res.painted} ranges in ${ms.toFixed(1)} ms (jsdom, fake registry)`);
    expect(res.painted).toBe(2000);
    // jsdom Ranges are slow and the machine is shared: a loose bound that still catches quadratic work.
    expect(ms).toBeLessThan(4000);
    const t1 = performance.now();
    for (let i = 0; i < 2000; i++) p.hitTest(spans[i]!.start);
    console.log(`hitTest: 2000 lookups in ${(performance.now() - t1).toFixed(1)} ms`);
  });
});
