import { describe, expect, it } from 'vitest';
import { enT, zhT } from '../../fixtures/catalog';
import { analyze } from '../../../lib/analysis';
import {
  answerAnalyze,
  answerModel,
  answerPaint,
  capModel,
  localPaint,
  MAX_ANSWER_CHARS,
  MODEL_LIMITS,
  paintSpans,
  remoteAnalyze,
  remotePaint,
  toPaintPayload,
} from '../../../lib/page/remote-engine';
import { analysisSpans } from '../../../lib/page/spans';
import { createModelCache } from '../../../lib/background/models';
import { makeAnalysisDocument } from '../../bench/analysis';
import type { AnalyzeAnswer, BackgroundProtocol, Send } from '../../../lib/protocol';
import { isAnalysisInput } from '../../../lib/protocol/guards';

/** A sender that answers `bg:analyze` with `answer` (typed loosely: the tests also send wrong answers). */
const sendAnswering = (answer: (type: string, data: unknown) => Promise<unknown>) => answer as unknown as Send<BackgroundProtocol>;

const TEXT =
  '国务院关于积极推进“互联网+”行动的指导意见\n国发〔2015〕40号\n一、重点行动\n（一）“互联网+”创业创新。（发展改革委、科技部负责，2018年底前完成）\n（二）“互联网+”协同制造。（工业和信息化部牵头）\n国务院\n2015年7月1日';

/** A performance object whose measures the test can read (start/end as given). */
function recordingPerf(origin = 1_000_000) {
  let now = 0;
  const measures: Record<string, { start: number; end: number }> = {};
  return {
    perf: {
      timeOrigin: origin,
      now: () => (now += 1),
      measure: ((name: string, opts: { start: number; end: number }) => {
        measures[name] = { start: opts.start, end: opts.end };
      }) as unknown as Performance['measure'],
    },
    measures,
    /** Move this clock forward (the time the answer spends travelling). */
    advance: (to: number) => void (now = Math.max(now, to)),
  };
}

describe('the engine across contexts (bg:analyze)', () => {
  it('the page gets the model the background computed, through a validated message and one JSON string', async () => {
    const sent: unknown[] = [];
    const page = recordingPerf();
    const bg = recordingPerf(page.perf.timeOrigin); // same clock origin: a consistent order
    const send = sendAnswering(async (type, data) => {
      sent.push({ type, data });
      // what crosses is JSON-like data, checked at the gate
      const input = JSON.parse(JSON.stringify(data));
      if (type !== 'bg:analyze' || !isAnalysisInput(input)) return undefined;
      // the background's clock runs after the page's request
      bg.perf.now = (() => {
        let t = 10;
        return () => (t += 5);
      })();
      const answer = answerAnalyze(input, analyze, bg.perf);
      page.advance(100); // the answer reaches the page after the background is done
      return answer;
    });
    const remote = remoteAnalyze(send, page.perf);
    const model = await remote({ text: TEXT, today: '2026-11-28' });
    expect(model).toEqual(JSON.parse(JSON.stringify(analyze({ text: TEXT, today: '2026-11-28' }))));
    expect(model.isPolicy).toBe(true);
    expect(sent).toHaveLength(1);
    expect(Object.keys(page.measures).sort()).toEqual(['pl:engine', 'pl:from-engine', 'pl:in-engine', 'pl:receive', 'pl:send', 'pl:to-engine']);
  });

  it('the answer carries the model as a string, the engine time and wall-clock stamps', () => {
    const { perf } = recordingPerf(5_000);
    const a: AnalyzeAnswer = answerAnalyze({ text: TEXT }, analyze, perf);
    expect(typeof a.json).toBe('string');
    expect(JSON.parse(a.json).measures.length).toBeGreaterThan(1);
    expect(a.engineMs).toBeGreaterThan(0);
    expect(a.startedAt).toBeGreaterThan(5_000);
    expect(a.doneAt).toBeGreaterThan(a.startedAt);
  });

  it('clock stamps out of order are not reported as a split', async () => {
    const page = recordingPerf(1_000_000);
    const remote = remoteAnalyze(
      sendAnswering(async () => ({ json: '{"isPolicy":false}', engineMs: 3, startedAt: 1, doneAt: 2 })),
      page.perf,
    );
    await remote({ text: 'x' });
    expect(Object.keys(page.measures).sort()).toEqual(['pl:engine', 'pl:receive', 'pl:send']);
  });

  it('no answer, a rejected request or bad input is an Error with the reason', async () => {
    await expect(
      remoteAnalyze(
        sendAnswering(async () => undefined),
        performance,
        zhT,
      )({ text: 'x' }),
    ).rejects.toThrow(/^分析失败：后台无响应/);
    await expect(
      remoteAnalyze(
        sendAnswering(async () => undefined),
        performance,
        enT,
      )({ text: 'x' }),
    ).rejects.toThrow(/^Analysis failed: no answer/);
    await expect(remoteAnalyze(sendAnswering(async () => Promise.reject(new Error('bg:analyze: malformed data'))))({ text: 'x' })).rejects.toThrow(
      /malformed data/,
    );
    expect(() => answerAnalyze({ text: 'x', range: [5, 1] }, analyze)).toThrow(RangeError);
  });
});

describe('the answer is bounded', () => {
  /** A dense "task list": numbered items each naming units and a deadline, as a dump of one would. */
  const dense = (items: number) =>
    '关于印发重点任务分工方案的通知\n' +
    Array.from({ length: items }, (_, i) => `（${i + 1}）推进第${i + 1}项工作。（工业和信息化部、科技部、财政部、商务部负责，2027年底前完成）`).join('\n');

  it('a model within the limits goes as it is', () => {
    const m = analyze({ text: TEXT });
    expect(capModel(m)).toBe(m);
    expect(m.truncated).toBeUndefined();
  });

  it('a page of thousands of clauses is cut in document order, its references kept whole', () => {
    const m = analyze({ text: dense(400) });
    expect(m.assignments.length).toBeGreaterThan(300);
    const limits = { measures: 100, assignments: 50, mentions: 150, deadlines: 80, actionAreas: 10 };
    const c = capModel(m, limits);
    expect(c.truncated).toBe(true);
    expect(c.measures).toEqual(m.measures.slice(0, 100));
    expect(c.assignments.length).toBeLessThanOrEqual(50);
    expect(c.assignments.reduce((n, a) => n + a.mentions.length, 0)).toBeLessThanOrEqual(150);
    expect(c.deadlines.length).toBeLessThanOrEqual(80);
    const ids = new Set(c.measures.map((x) => x.id));
    for (const a of c.assignments) expect(a.measureId === null || ids.has(a.measureId)).toBe(true);
    for (const d of c.deadlines) expect(d.measureId === null || ids.has(d.measureId)).toBe(true);
    // the first clauses are the first clauses
    expect(c.assignments[0]).toEqual(m.assignments[0]);
  });

  it('the background answers the capped model', () => {
    const big = analyze({ text: dense(50) });
    const huge = { ...big, measures: Array.from({ length: MODEL_LIMITS.measures + 5 }, (_, i) => ({ ...big.measures[0]!, id: `m${i}` })) };
    const a = answerAnalyze({ text: 'x' }, () => huge);
    const sent = JSON.parse(a.json) as typeof huge & { truncated?: boolean };
    expect(sent.measures).toHaveLength(MODEL_LIMITS.measures);
    expect(sent.truncated).toBe(true);
    expect(MAX_ANSWER_CHARS).toBeLessThan(64 * 1024 * 1024);
  });
});

describe('the paint answer (bg:paint, then bg:model)', () => {
  /** A background for one frame: bg:paint keeps the model under a key, bg:model hands it over once. */
  function background() {
    const cache = createModelCache();
    const calls: string[] = [];
    const send = sendAnswering(async (type, data) => {
      calls.push(type);
      const d = JSON.parse(JSON.stringify(data));
      if (type === 'bg:paint' && isAnalysisInput(d)) return answerPaint(d, analyze, (m) => cache.put(7, 0, m));
      if (type === 'bg:model') return answerModel(cache.take(d.id, 7, 0));
      if (type === 'bg:analyze' && isAnalysisInput(d)) return answerAnalyze(d, analyze);
      return undefined;
    });
    return { cache, calls, send };
  }

  it('the payload paints exactly the spans of the whole model, at a fraction of its size', async () => {
    const text = makeAnalysisDocument(60_000);
    const m = analyze({ text, today: '2026-12-02' });
    const payload = toPaintPayload(m, '2026-12-02', text);
    expect(paintSpans(payload)).toEqual(analysisSpans(m, '2026-12-02', text));
    expect(payload.measureCount).toBe(m.measures.length);
    expect(payload.meta).toEqual(m.meta);
    expect(JSON.stringify(payload).length).toBeLessThan(JSON.stringify(m).length / 5);
    // the past rule is the background's today's
    const later = paintSpans(toPaintPayload(m, '2099-01-01', text));
    expect(later['pl-deadline-past'].length).toBeGreaterThan(paintSpans(payload)['pl-deadline-past'].length);
  });

  it('the page gets the payload first and the whole model on demand, once', async () => {
    const bg = background();
    const page = recordingPerf();
    const result = await remotePaint(bg.send, page.perf)({ text: TEXT, today: '2026-11-28' });
    expect(bg.calls).toEqual(['bg:paint']);
    expect(result.now).toBeUndefined();
    expect(result.payload.isPolicy).toBe(true);
    expect(Object.keys(page.measures)).toEqual(expect.arrayContaining(['pl:send', 'pl:receive', 'pl:engine']));
    expect(bg.cache.size).toBe(1);
    const [a, b] = await Promise.all([result.model(), result.model()]);
    expect(a).toBe(b);
    expect(a).toEqual(JSON.parse(JSON.stringify(analyze({ text: TEXT, today: '2026-11-28' }))));
    expect(bg.calls).toEqual(['bg:paint', 'bg:model']);
    expect(bg.cache.size).toBe(0); // handed over: the background holds nothing more
  });

  it('a background that no longer holds the model (its worker restarted) analyses again', async () => {
    const bg = background();
    const result = await remotePaint(bg.send)({ text: TEXT, today: '2026-11-28' });
    bg.cache.dropTab(7);
    const m = await result.model();
    expect(m.measures.length).toBeGreaterThan(1);
    expect(bg.calls).toEqual(['bg:paint', 'bg:model', 'bg:analyze']);
  });

  it('a local engine has its model at once', async () => {
    const r = await localPaint(analyze)({ text: TEXT, today: '2026-11-28' });
    expect(r.now).toBe(await r.model());
    expect(paintSpans(r.payload)).toEqual(analysisSpans(r.now!, '2026-11-28', TEXT));
  });
});

describe('the background keeps whole models per frame, bounded', () => {
  const m = analyze({ text: TEXT });
  it('a model goes only to the frame it was made for, and only once', () => {
    const c = createModelCache();
    const key = c.put(1, 0, m);
    expect(c.take(key, 1, 3)).toBeUndefined();
    expect(c.take(key, 2, 0)).toBeUndefined();
    expect(c.take(key, 1, 0)).toBe(m);
    expect(c.take(key, 1, 0)).toBeUndefined();
  });
  it('a newer analysis of the frame replaces the older; the oldest frames go past the limit', () => {
    const c = createModelCache(3);
    const old = c.put(1, 0, m);
    const newer = c.put(1, 0, m);
    expect(c.take(old, 1, 0)).toBeUndefined();
    expect(c.size).toBe(1);
    for (let tab = 2; tab <= 5; tab++) c.put(tab, 0, m);
    expect(c.size).toBe(3);
    expect(c.take(newer, 1, 0)).toBeUndefined();
    c.dropTab(5);
    expect(c.size).toBe(2);
  });
});
