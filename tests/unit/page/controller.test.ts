// @vitest-environment jsdom
import { describe, it, expect, beforeEach, beforeAll, afterAll, vi } from 'vitest';
import { anchorAll } from '../../../lib/anchoring';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createPageController } from '../../../lib/page/controller';
import { HEAD_CHARS } from '../../../lib/page/read';
import { makeAnalysisDocument } from '../../bench/analysis';
import { analyze } from '../../../lib/analysis';
import { analysisSpans, areaNameSpan, measureAt } from '../../../lib/page/spans';
import { localPaint } from '../../../lib/page/remote-engine';
import { daysBetween } from '../../../lib/view/dates';
import type { Annotation } from '../../../lib/annotations/types';
import type { BackgroundProtocol, Send } from '../../../lib/protocol';
import { zhT } from '../../fixtures/catalog';

const SEED = readFileSync(resolve(process.cwd(), 'seeds/gov/zhengce/content/2015-07/04/content_10002.htm'), 'utf8');
const NEWS = readFileSync(resolve(process.cwd(), 'seeds/gov/xinwen/2015-07/04/content_20001.htm'), 'utf8');

function load(html: string, url: string) {
  document.open();
  document.write(html);
  document.close();
  window.history.replaceState(null, '', url.replace(/^https?:\/\/[^/]+/, ''));
}

/** A background double: documents and annotations in memory, every message recorded. */
function fakeBackground() {
  const sent: { type: string; data: any }[] = [];
  const annotations = new Map<string, Annotation>();
  let failPut = false;
  // One document: the real background finds it again by the frame's URL.
  let docId: string | null = null;
  const send = (async (type: string, data?: any): Promise<any> => {
    sent.push({ type, data });
    switch (type) {
      case 'bg:docOpened':
        docId = 'doc-seed';
        return { docId, near: [] };
      case 'bg:anchorAnnotations': {
        const list = [...annotations.values()].filter((a) => a.docId === docId && !a.deleted);
        const at = anchorAll(
          data.text,
          list.map((a: Annotation) => a.target),
        );
        return list.map((annotation: Annotation, i: number) => ({ annotation, anchor: at[i] }));
      }
      case 'bg:listAnnotations':
        return [...annotations.values()].filter((a) => a.docId === docId && !a.deleted);
      case 'bg:putAnnotation': {
        if (failPut) throw new Error('QuotaExceededError');
        const a = { ...data, docId };
        annotations.set(a.id, a);
        return a;
      }
      case 'bg:deleteAnnotation':
        annotations.get(data.id)!.deleted = true;
        return annotations.get(data.id);
      default:
        return undefined;
    }
  }) as Send<BackgroundProtocol>;
  return { send, sent, annotations, setFailPut: (v: boolean) => (failPut = v) };
}

describe('page controller on the seed gov.cn page (jsdom)', () => {
  beforeEach(() => load(SEED, 'http://www.gov.cn/zhengce/content/2015-07/04/content_10002.htm'));

  it('analyses, reports the state and offers a snapshot for the side panel', async () => {
    const bg = fakeBackground();
    const ctl = createPageController({ t: zhT, win: window, analyze, useComputedStyle: false, send: bg.send, today: () => '2026-11-28' });
    const st = await ctl.run();
    expect(st.status).toBe('policy');
    expect(st.measures).toBeGreaterThan(30);
    expect(st.title).toContain('互联网+');
    expect(bg.sent.map((m) => m.type)).toEqual(expect.arrayContaining(['bg:docOpened', 'bg:anchorAnnotations', 'bg:pageState']));
    const snap = ctl.snapshot();
    expect(snap.docId).toMatch(/^doc-/);
    const m = snap.model!.measures.find((x) => x.title.includes('协同制造'))!;
    expect(snap.measureTexts[m.id]).toContain('共同牵头');
    expect(snap.content.text).toContain('各省、自治区、直辖市人民政府');
    ctl.destroy();
  });

  it('paints from the paint payload; the whole model arrives after the highlights, and what needs it waits for it', async () => {
    const bg = fakeBackground();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let fetched = 0;
    const paint = async (input: Parameters<typeof analyze>[0]) => {
      const r = await localPaint(analyze)(input);
      // as remotePaint: the model is not here until fetched
      return { payload: r.payload, model: async () => (fetched++, await gate, r.now!) };
    };
    const ctl = createPageController({ t: zhT, win: window, analyze, paint, useComputedStyle: false, send: bg.send, today: () => '2026-11-28' });
    const st = await ctl.run();
    expect(st.status).toBe('policy');
    expect(st.measures).toBeGreaterThan(30);
    expect(st.title).toContain('互联网+');
    expect(ctl.model()).toBeNull(); // painted and reported without it
    const text = ctl.textModel()!.text;
    const offsets = [...text.matchAll(/工业和信息化部/g)].map((x) => x.index!);
    expect(
      offsets.some((at) =>
        ctl
          .painter()
          .hitTest(at)
          .some((h) => h.category === 'pl-lead' && /^unit:\d+:\d+$/.test(h.key ?? '')),
      ),
    ).toBe(true);
    const snapshot = ctl.handle('page:getSnapshot', undefined as never);
    const made = ctl.createAnnotation(ctl.textModel()!.text.indexOf('协同制造'), ctl.textModel()!.text.indexOf('协同制造') + 4, { color: 'yellow' });
    release();
    const snap = await snapshot;
    expect(snap.model!.measures.length).toBe(st.measures);
    expect((await made)!.target.measureId).toBe(measureAt(ctl.model()!, ctl.textModel()!.text.indexOf('协同制造'))!.id);
    expect(fetched).toBe(1);
    ctl.destroy();
  });

  it('paints the area name only, lead and co units where written, deadlines past/upcoming by today', async () => {
    const ctl = createPageController({ t: zhT, win: window, analyze, useComputedStyle: false, send: fakeBackground().send, today: () => '2020-01-01' });
    await ctl.run();
    const text = ctl.textModel()!.text;
    const spans = analysisSpans(ctl.model()!, '2020-01-01', text);
    const areaTexts = spans['pl-area'].map((s) => text.slice(s.start, s.end));
    expect(areaTexts[0]).toMatch(/^["“]互联网\+["”]创业创新$/);
    expect(areaTexts.some((t) => /互联网十/.test(t))).toBe(true); // OCR slip painted as written
    const leads = spans['pl-lead'].map((s) => text.slice(s.start, s.end).replace(/\s/g, ''));
    expect(leads).toEqual(expect.arrayContaining(['发展改革委', '工业和信息化部', '科技部']));
    const deadlines = (k: 'pl-deadline' | 'pl-deadline-past') => spans[k].map((s) => text.slice(s.start, s.end).replace(/\s/g, ''));
    expect(deadlines('pl-deadline-past')).toContain('到2018年');
    expect(deadlines('pl-deadline')).toContain('到2025年');
    // hit-testing the painter finds the lead unit at its offset
    const lead = spans['pl-lead'][0]!;
    const hits = ctl.painter().hitTest(lead.start);
    expect(hits.some((h) => h.category === 'pl-lead' && h.key === lead.key)).toBe(true);
    ctl.destroy();
  });

  it('creates an annotation from offsets, re-attaches it on the next load, deletes it', async () => {
    const bg = fakeBackground();
    const ctl = createPageController({ t: zhT, win: window, analyze, useComputedStyle: false, send: bg.send, today: () => '2026-11-28' });
    await ctl.run();
    const text = ctl.textModel()!.text;
    const start = text.indexOf('积极发展众创空间');
    const a = await ctl.createAnnotation(start, start + 8, { color: 'green', note: '<b>重点</b>', tags: ['双创'] });
    expect(a).not.toBeNull();
    expect(a!.target.quote.exact).toBe('积极发展众创空间');
    expect(a!.target.measurePath).toMatch(/二、.*\(一\).*2\./);
    ctl.destroy();

    // next visit: same page, one more sentence at the top shifts every offset
    const p = document.querySelector('#UCAP-CONTENT p')!;
    p.insertAdjacentHTML('beforebegin', '<p>　　（本文有删节，编者注。）</p>');
    const again = createPageController({ t: zhT, win: window, analyze, useComputedStyle: false, send: bg.send, today: () => '2026-11-28' });
    await again.run();
    const got = again.annotations();
    expect(got).toHaveLength(1);
    const t2 = again.textModel()!.text;
    expect(t2.slice(got[0]!.start, got[0]!.end)).toBe('积极发展众创空间');
    expect(got[0]!.start).not.toBe(start);
    await again.deleteAnnotation(a!.id);
    expect(again.annotations()).toHaveLength(0);
    again.destroy();
  });

  it('opens the document record once per text, not on every annotation change', async () => {
    const bg = fakeBackground();
    const ctl = createPageController({ t: zhT, win: window, analyze, useComputedStyle: false, send: bg.send, today: () => '2026-11-28' });
    await ctl.run();
    await ctl.handle('page:annotationsChanged', undefined);
    await ctl.handle('page:annotationsChanged', undefined);
    expect(bg.sent.filter((m) => m.type === 'bg:docOpened')).toHaveLength(1);
    expect(bg.sent.filter((m) => m.type === 'bg:anchorAnnotations')).toHaveLength(3);
    ctl.destroy();
  });

  it('a failed write is reported and the optimistic highlight rolled back', async () => {
    const bg = fakeBackground();
    const ctl = createPageController({ t: zhT, win: window, analyze, useComputedStyle: false, send: bg.send, today: () => '2026-11-28' });
    await ctl.run();
    bg.setFailPut(true);
    const text = ctl.textModel()!.text;
    const s = text.indexOf('发展开放式创新');
    expect(await ctl.createAnnotation(s, s + 7, { color: 'yellow' })).toBeNull();
    expect(ctl.annotations()).toHaveLength(0);
    expect(ctl.lastError()).toMatch(/未保存.*Quota/);
    ctl.destroy();
  });

  it('answers scrollTo for a known measure and refuses an unknown one', async () => {
    const ctl = createPageController({ t: zhT, win: window, analyze, useComputedStyle: false, send: fakeBackground().send, today: () => '2026-11-28' });
    await ctl.run();
    const id = ctl.model()!.measures[3]!.id;
    expect(await ctl.handle('page:scrollTo', { measureId: 'nope' })).toEqual({ ok: false });
    const r = await ctl.handle('page:scrollTo', { measureId: id });
    // jsdom has no layout: no scroll, but the heading maps to a range and is flashed
    expect(r.ok).toBe(true);
    expect(
      ctl
        .painter()
        .hitTest(ctl.model()!.measures[3]!.headStart)
        .some((h) => h.category === 'pl-flash'),
    ).toBe(true);
    ctl.destroy();
  });
});

/** An engine whose answers the test releases, in any order. */
function heldEngine() {
  const calls: { text: string; range?: [number, number]; release: () => void }[] = [];
  const engine = (input: Parameters<typeof analyze>[0]) =>
    new Promise<ReturnType<typeof analyze>>((resolve) => calls.push({ text: input.text, range: input.range, release: () => resolve(analyze(input)) }));
  return { engine, calls };
}

/** Wait (up to 1 s) for a condition the controller reaches asynchronously, and assert it. */
async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(cond()).toBe(true);
}

describe("where the reader is: the library's link to a measure, the panel's jump", () => {
  const URL0 = 'http://www.gov.cn/zhengce/content/2015-07/04/content_10002.htm';
  const sentMeasures = (bg: ReturnType<typeof fakeBackground>) => bg.sent.filter((m) => m.type === 'bg:currentMeasure').map((m) => m.data.measureId);

  it('opened at #pl-measure=<id> (a ledger row in the library), the page goes to that measure and makes it current', async () => {
    load(SEED, `${URL0}#pl-measure=2.5`);
    const bg = fakeBackground();
    const ctl = createPageController({ t: zhT, win: window, analyze, useComputedStyle: false, send: bg.send, today: () => '2026-11-28' });
    await ctl.run();
    await until(() => sentMeasures(bg).includes('2.5'));
    expect(ctl.model()!.measures.find((m) => m.id === '2.5')!.title).toContain('普惠金融');
    expect(ctl.snapshot().currentMeasureId).toBe('2.5');
    ctl.destroy();
  });

  it("after the panel's jump the jumped-to measure stays current until the reader scrolls elsewhere", async () => {
    load(SEED, URL0);
    const bg = fakeBackground();
    const ctl = createPageController({ t: zhT, win: window, analyze, useComputedStyle: false, send: bg.send, today: () => '2026-11-28' });
    await ctl.run();
    await new Promise((r) => setTimeout(r, 250)); // the first scroll-spy report after the analysis
    const before = sentMeasures(bg).length;
    expect(await ctl.handle('page:scrollTo', { measureId: '2.5' })).toEqual({ ok: true });
    window.dispatchEvent(new Event('scroll')); // the jump's own scroll event
    await new Promise((r) => setTimeout(r, 250));
    expect(sentMeasures(bg).length).toBe(before);
    expect(ctl.snapshot().currentMeasureId).toBe('2.5');
    // the reader scrolls: the spy reports again (jsdom has no layout: no measure in view)
    Object.defineProperty(window, 'scrollY', { value: window.scrollY + 500, configurable: true });
    window.dispatchEvent(new Event('scroll'));
    await until(() => sentMeasures(bg).length === before + 1);
    Object.defineProperty(window, 'scrollY', { value: 0, configurable: true });
    ctl.destroy();
  });
});

describe('the engine answers asynchronously (in the extension it runs in the background)', () => {
  beforeEach(() => load(SEED, 'http://www.gov.cn/zhengce/content/2015-07/04/content_10002.htm'));

  it('paints nothing until the answer, then the answer for the text model it was asked about', async () => {
    const { engine, calls } = heldEngine();
    const ctl = createPageController({
      t: zhT,
      win: window,
      analyze: engine,
      useComputedStyle: false,
      send: fakeBackground().send,
      today: () => '2026-11-28',
      settleMs: 0,
    });
    const running = ctl.run();
    await until(() => calls.length === 1);
    expect(ctl.state().status).toBe('analysing');
    expect(ctl.model()).toBeNull();
    const expected = analyze({ text: ctl.textModel()!.text, range: ctl.textModel()!.content, today: '2026-11-28' });
    const unitAt = expected.assignments.find((a) => a.mentions.length)!.mentions[0]!.start;
    expect(ctl.painter().hitTest(unitAt)).toEqual([]);
    calls[0]!.release();
    await running;
    expect(ctl.state().status).toBe('policy');
    expect(ctl.model()!.measures.length).toBeGreaterThan(20);
    expect(
      ctl
        .painter()
        .hitTest(unitAt)
        .map((h) => h.category),
    ).toContain('pl-lead');
    ctl.destroy();
  });

  it('one analysis at a time: changes while the engine works are read once it has answered, and the last read wins', async () => {
    const { engine, calls } = heldEngine();
    const ctl = createPageController({
      t: zhT,
      win: window,
      analyze: engine,
      useComputedStyle: false,
      send: fakeBackground().send,
      today: () => '2026-11-28',
      settleMs: 0,
    });
    const running = ctl.run();
    await until(() => calls.length === 1);
    calls[0]!.release();
    await running;
    // The page adds a section; while its analysis is pending, a second change comes.
    const body = document.querySelector('#UCAP-CONTENT') ?? document.body;
    const add = (t: string) => body.appendChild(Object.assign(document.createElement('p'), { textContent: t }));
    add('（九）新增措施甲。由工业和信息化部牵头负责，2027年底前完成。');
    await until(() => calls.length === 2);
    add('（十）新增措施乙。由商务部牵头负责，2028年底前完成。');
    await new Promise((r) => setTimeout(r, 30));
    expect(calls).toHaveLength(2); // not a second request in flight
    calls[1]!.release();
    await until(() => calls.length === 3);
    calls[2]!.release();
    await until(() => ctl.model()?.measures.some((m) => m.title.includes('新增措施乙')) ?? false);
    expect(ctl.textModel()!.text).toContain('新增措施乙');
    ctl.destroy();
  });

  it('a clock ticking outside the article never re-reads the page; a change in the article does', async () => {
    const { engine, calls } = heldEngine();
    const clock = document.body.appendChild(Object.assign(document.createElement('div'), { id: 'clock', textContent: '2026-12-02 08:00:00' }));
    const ctl = createPageController({
      t: zhT,
      win: window,
      analyze: engine,
      useComputedStyle: false,
      send: fakeBackground().send,
      today: () => '2026-11-28',
      settleMs: 0,
    });
    const running = ctl.run();
    await until(() => calls.length === 1);
    calls[0]!.release();
    await running;
    expect(ctl.state().status).toBe('policy');
    for (let i = 1; i <= 20; i++) {
      clock.textContent = `2026-12-02 08:00:${String(i).padStart(2, '0')}`;
      await new Promise((r) => setTimeout(r, 5));
    }
    await new Promise((r) => setTimeout(r, 30));
    expect(calls).toHaveLength(1);
    const body = document.querySelector('#UCAP-CONTENT')!;
    body.appendChild(Object.assign(document.createElement('p'), { textContent: '（九）新增措施甲。由工业和信息化部牵头负责，2027年底前完成。' }));
    await until(() => calls.length === 2);
    calls[1]!.release();
    await until(() => ctl.model()?.measures.some((m) => m.title.includes('新增措施甲')) ?? false);
    clock.remove();
    ctl.destroy();
  });

  it('an engine failure is an error state with its reason, and nothing is painted', async () => {
    const ctl = createPageController({
      t: zhT,
      win: window,
      useComputedStyle: false,
      send: fakeBackground().send,
      analyze: async () => {
        throw new Error('分析失败：后台无响应 (analysis failed)');
      },
    });
    const st = await ctl.run();
    expect(st.status).toBe('error');
    expect(st.error).toMatch(/后台无响应/);
    expect(st.highlightCount).toBe(0);
    ctl.destroy();
  });
});

describe('a long document is painted head first', () => {
  // 40,000 characters: the generated bench document (seed paragraphs, numbering, clauses, deadlines).
  const doc = makeAnalysisDocument(40_000);
  const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const [title, ...body] = doc.split('\n');
  const page = `<html><head><title>${esc(title!)}</title></head><body><h1>${esc(title!)}</h1><div id="UCAP-CONTENT">${body.map((l) => `<p>${esc(l)}</p>`).join('')}</div></body></html>`;
  beforeEach(() => load(page, 'http://www.gov.cn/zhengce/content/2026-11/28/content_40000.htm'));

  it('reads the first screens from the article container, paints them at once, then the whole replaces them', async () => {
    const { engine, calls } = heldEngine();
    const ctl = createPageController({ t: zhT, win: window, analyze: engine, useComputedStyle: false, send: fakeBackground().send, today: () => '2026-11-28' });
    const running = ctl.run();
    // the head request goes out before the page is read
    expect(calls).toHaveLength(1);
    expect(ctl.textModel()).toBeNull();
    const headText = calls[0]!.text;
    expect(calls[0]!.range).toBeUndefined();
    expect(headText.length).toBeGreaterThanOrEqual(HEAD_CHARS);
    expect(headText.length).toBeLessThan(HEAD_CHARS + 1000);
    expect(headText.endsWith('\n') || /\S$/.test(headText)).toBe(true);
    calls[0]!.release();
    // … painted from the head's own text model: every unit the head analysis found is painted
    const headModel = analyze({ text: headText, today: '2026-11-28' });
    const headUnits = headModel.assignments.flatMap((a) => a.mentions);
    expect(headUnits.length).toBeGreaterThan(5);
    await until(() => calls.length === 2); // then the whole page is read and sent
    const tm = ctl.textModel()!;
    const [c0, c1] = tm.content;
    expect(calls[1]!.range).toEqual([c0, c1]);
    expect(tm.text.slice(c0, c0 + headText.length)).toBe(headText); // the head is the article's beginning
    // (until the whole answer, the painter works in the head's own offsets)
    for (const m of headUnits) {
      expect(
        ctl
          .painter()
          .hitTest(m.start)
          .map((h) => h.category),
        headText.slice(m.start, m.end),
      ).toContain(m.role === 'lead' ? 'pl-lead' : 'pl-co');
    }
    const whole = analyze({ text: tm.text, range: tm.content, today: '2026-11-28' });
    const later = whole.assignments.flatMap((a) => a.mentions).find((m) => m.start > c0 + HEAD_CHARS * 3)!;
    expect(ctl.painter().hitTest(later.start)).toEqual([]);
    expect(ctl.state().status).toBe('analysing');
    expect(ctl.model()).toBeNull();

    calls[1]!.release();
    await running;
    expect(ctl.state().status).toBe('policy');
    expect(ctl.model()!.measures.length).toBe(whole.measures.length);
    expect(ctl.painter().hitTest(later.start).length).toBeGreaterThan(0);
    ctl.destroy();
  });

  it('a head answer that comes after the whole one paints nothing over it', async () => {
    const { engine, calls } = heldEngine();
    const ctl = createPageController({ t: zhT, win: window, analyze: engine, useComputedStyle: false, send: fakeBackground().send, today: () => '2026-11-28' });
    const running = ctl.run();
    await until(() => calls.length === 2); // the head is not answered: the page is read anyway
    calls[1]!.release();
    await running;
    const c0 = ctl.textModel()!.content[0];
    const before = ctl.painter().hitTest(c0 + 200);
    const count = ctl.state().highlightCount;
    calls[0]!.release();
    await new Promise((r) => setTimeout(r, 30));
    expect(ctl.painter().hitTest(c0 + 200)).toEqual(before);
    expect(ctl.state().highlightCount).toBe(count);
    ctl.destroy();
  });

  it('a head that is not clearly a policy document is not painted', async () => {
    const ctl = createPageController({
      t: zhT,
      win: window,
      useComputedStyle: false,
      send: fakeBackground().send,
      today: () => '2026-11-28',
      analyze: (input) => (input.range ? analyze(input) : { ...analyze(input), isPolicy: true, detection: { score: 0.6, reasons: [] } }),
    });
    let headPainted = false;
    const p = ctl.painter();
    const orig = p.setModel.bind(p);
    let models = 0;
    p.setModel = (m) => {
      models++;
      return orig(m);
    };
    await ctl.run();
    headPainted = models > 1;
    expect(headPainted).toBe(false);
    expect(ctl.state().status).toBe('policy');
    ctl.destroy();
  });

  it('short documents, pages without a known container and progressive: false ask once', async () => {
    for (const variant of ['progressive-off', 'no-container', 'short'] as const) {
      if (variant === 'no-container') document.querySelector('#UCAP-CONTENT')!.removeAttribute('id');
      if (variant === 'short') load(SEED, 'http://www.gov.cn/zhengce/content/2015-07/04/content_10002.htm');
      const { engine, calls } = heldEngine();
      const ctl = createPageController({
        t: zhT,
        win: window,
        analyze: engine,
        useComputedStyle: false,
        send: fakeBackground().send,
        progressive: variant !== 'progressive-off',
      });
      const running = ctl.run();
      await until(() => calls.length === 1);
      expect(calls[0]!.range, variant).toEqual(ctl.textModel()!.content);
      calls[0]!.release();
      await running;
      expect(calls, variant).toHaveLength(1);
      ctl.destroy();
    }
  });
});

describe('the quick check on the rendered text (browsers have innerText; jsdom gets a stand-in here)', () => {
  const desc = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'innerText');
  beforeAll(() => {
    // Blocks on their own lines, like a browser's innerText.
    Object.defineProperty(HTMLElement.prototype, 'innerText', {
      configurable: true,
      get(this: HTMLElement) {
        const out: string[] = [];
        const walk = (n: Node) => {
          if (n.nodeType === 3) out.push((n as Text).data.replace(/\s+/g, ' '));
          else if (n.nodeType === 1 && !/^(SCRIPT|STYLE)$/.test((n as Element).tagName)) {
            const block = /^(P|DIV|H\d|LI|TR|TABLE|UL|OL|SECTION|ARTICLE)$/.test((n as Element).tagName);
            if (block) out.push('\n');
            n.childNodes.forEach(walk);
            if (block) out.push('\n');
          }
        };
        walk(this);
        return out
          .join('')
          .replace(/\n\s*\n+/g, '\n')
          .trim();
      },
    });
  });
  afterAll(() => {
    if (desc) Object.defineProperty(HTMLElement.prototype, 'innerText', desc);
    else delete (HTMLElement.prototype as { innerText?: string }).innerText;
  });
  const counting = () => {
    const calls: { range?: [number, number] }[] = [];
    return { calls, engine: (input: Parameters<typeof analyze>[0]) => (calls.push({ range: input.range }), analyze(input)) };
  };

  it('a news page is turned down from its rendered text, without walking the page', async () => {
    load(NEWS, 'http://www.gov.cn/xinwen/2015-07/04/content_20001.htm');
    const { calls, engine } = counting();
    const bg = fakeBackground();
    const ctl = createPageController({ t: zhT, win: window, analyze: engine, useComputedStyle: true, send: bg.send, today: () => '2026-11-28' });
    const st = await ctl.run();
    expect(st.status).toBe('not-policy');
    expect(st.reasons.length).toBeGreaterThan(0);
    expect(calls).toEqual([{ range: undefined }]);
    expect(ctl.textModel()).toBeNull();
    expect(bg.sent.some((m) => m.type === 'bg:docOpened')).toBe(false);
    // the side panel gets the verdict and its reasons
    const snap = ctl.snapshot();
    expect(snap.model?.isPolicy).toBe(false);
    expect(snap.model?.detection.reasons).toEqual(st.reasons);
    expect(ctl.model()).toBeNull();
    // the user asks anyway: the whole pipeline runs
    expect((await ctl.handle('page:analyzeAnyway', undefined)).status).toBe('policy');
    expect(ctl.textModel()).not.toBeNull();
    ctl.destroy();
  });

  it('a policy document goes on to the text model and is analysed and painted as usual', async () => {
    load(SEED, 'http://www.gov.cn/zhengce/content/2015-07/04/content_10002.htm');
    const { calls, engine } = counting();
    const ctl = createPageController({ t: zhT, win: window, analyze: engine, useComputedStyle: true, send: fakeBackground().send, today: () => '2026-11-28' });
    const st = await ctl.run();
    expect(st.status).toBe('policy');
    expect(calls).toHaveLength(2);
    expect(calls[1]!.range).toEqual(ctl.textModel()!.content);
    ctl.destroy();
  });

  it('a page turned down is checked again when its text changes (a body rendered late)', async () => {
    load(
      '<html><head><title>政策文件</title></head><body><div id="app">加载中……</div></body></html>',
      'http://www.gov.cn/zhengce/content/2015-07/04/content_10002.htm',
    );
    const { calls, engine } = counting();
    const ctl = createPageController({
      t: zhT,
      win: window,
      analyze: engine,
      useComputedStyle: true,
      send: fakeBackground().send,
      today: () => '2026-11-28',
      settleMs: 0,
    });
    expect((await ctl.run()).status).toBe('not-policy');
    // an attribute flip that changes nothing visible: no new analysis
    document.querySelector('#app')!.setAttribute('class', 'x');
    await new Promise((r) => setTimeout(r, 30));
    expect(calls).toHaveLength(1);
    const seedBody = new DOMParser().parseFromString(SEED, 'text/html').body;
    document.querySelector('#app')!.replaceChildren(...Array.from(seedBody.childNodes).map((n) => document.importNode(n, true)));
    for (let i = 0; i < 200 && ctl.state().status !== 'policy'; i++) await new Promise((r) => setTimeout(r, 5));
    expect(ctl.state().status).toBe('policy');
    expect(calls.length).toBe(3); // quick check, then the whole analysis
    ctl.destroy();
  });
});

describe('page controller on a non-policy page', () => {
  it('does nothing visible: no spans, no document record, state not-policy', async () => {
    load(NEWS, 'http://www.gov.cn/xinwen/2015-07/04/content_20001.htm');
    const bg = fakeBackground();
    const ctl = createPageController({ t: zhT, win: window, analyze, useComputedStyle: false, send: bg.send });
    const st = await ctl.run();
    expect(st.status).toBe('not-policy');
    expect(st.highlightCount).toBe(0);
    expect(bg.sent.some((m) => m.type === 'bg:docOpened')).toBe(false);
    // the user asks anyway
    const forced = await ctl.handle('page:analyzeAnyway', undefined);
    expect(forced.status).toBe('policy');
    ctl.destroy();
  });
});

describe('spans helpers', () => {
  it('daysBetween counts calendar days both ways', () => {
    expect(daysBetween('2026-11-28', '2026-12-31')).toBe(33);
    expect(daysBetween('2026-11-28', '2018-12-31')).toBeLessThan(-2800);
  });
  it('measureAt finds the innermost measure and areaNameSpan stays inside the heading', async () => {
    load(SEED, 'http://www.gov.cn/zhengce/content/2015-07/04/content_10002.htm');
    const ctl = createPageController({ t: zhT, win: window, analyze, useComputedStyle: false, send: fakeBackground().send });
    await ctl.run();
    const model = ctl.model()!;
    const text = ctl.textModel()!.text;
    const off = text.indexOf('大力发展智能制造');
    const m = measureAt(model, off)!;
    expect(m.title).toContain('大力发展智能制造');
    expect(m.parentId).not.toBeNull();
    const area = model.actionAreas[1]!;
    const span = areaNameSpan(model, area, text);
    const head = model.measures.find((x) => x.id === area.measureId)!;
    expect(span.start).toBeGreaterThanOrEqual(head.headStart);
    expect(span.end).toBeLessThanOrEqual(head.headEnd);
    ctl.destroy();
  });
});

describe('page controller on a huge page', () => {
  it('does not analyse automatically past the size limit, but does when asked', async () => {
    const mod = await import('../../../lib/page/controller');
    document.open();
    // ~4.2 M characters of policy-looking text
    const para = '<p>（一）推进智能制造。加快推动工业互联网建设（工业和信息化部负责）。到2025年基本建成。</p>';
    document.write(`<html><body><div id="UCAP-CONTENT">${para.repeat(Math.ceil(mod.MAX_AUTO_CHARS / 40) + 10)}</div></body></html>`);
    document.close();
    const ctl = mod.createPageController({
      t: zhT,
      win: window,
      analyze,
      useComputedStyle: false,
      send: (async (type: string) =>
        type === 'bg:listAnnotations' || type === 'bg:anchorAnnotations'
          ? []
          : type === 'bg:docOpened'
            ? { docId: 'doc-x', near: [] }
            : undefined) as Send<BackgroundProtocol>,
    });
    const st = await ctl.run();
    expect(st.status).toBe('error');
    expect(st.error).toMatch(/页面文字过多/);
    expect(st.highlightCount).toBe(0);
    ctl.destroy();
  }, 60_000);

  it('a page refused for its size is not walked again at each change while it stays that large', async () => {
    const mod = await import('../../../lib/page/controller');
    document.open();
    const para = '<p>（一）推进智能制造。加快推动工业互联网建设（工业和信息化部负责）。到2025年基本建成。</p>';
    document.write(
      `<html><body><div id="UCAP-CONTENT">${para.repeat(Math.ceil(mod.MAX_AUTO_CHARS / 40) + 10)}</div><div id="clock">08:00:00</div></body></html>`,
    );
    document.close();
    const ctl = mod.createPageController({
      t: zhT,
      win: window,
      analyze,
      useComputedStyle: false,
      settleMs: 0,
      send: (async (type: string) =>
        type === 'bg:listAnnotations' || type === 'bg:anchorAnnotations'
          ? []
          : type === 'bg:docOpened'
            ? { docId: 'doc-x', near: [] }
            : undefined) as Send<BackgroundProtocol>,
    });
    expect((await ctl.run()).status).toBe('error');
    // a walk of the page asks every element whether it is our UI: count those questions
    const asked = vi.spyOn(Element.prototype, 'hasAttribute');
    for (let i = 1; i <= 5; i++) {
      document.getElementById('clock')!.textContent = `08:00:0${i}`;
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 50));
    expect(asked.mock.calls.length).toBeLessThan(1000);
    asked.mockRestore();
    expect(ctl.state().status).toBe('error');
    ctl.destroy();
  }, 60_000);
});
