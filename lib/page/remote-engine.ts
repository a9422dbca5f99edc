/**
 * The analysis engine across contexts: the background runs `analyze` (warm between pages, off
 * the page's main thread) and the content script asks it with `bg:analyze`. Both halves of that
 * exchange live here, so the answer's shape is written once.
 *
 * The model crosses as one JSON string, not as an object tree: Chrome converts message objects
 * value by value (tens of thousands of values for a 200k page) on both sides, which cost more
 * than the engine itself; a string crosses as one value.
 *
 * No engine import here (the background passes it in): the content bundle must not carry it.
 */
import type { AnalysisInput, PolicyModel } from '../analysis/types';
import type { AnalyzeAnswer, BackgroundProtocol, Send } from '../protocol';

type Perf = Pick<Performance, 'now' | 'timeOrigin'> & { measure?: Performance['measure'] };

/** Background half: run the engine and package its model. Engine errors propagate (the sender's promise rejects with them). */
export function answerAnalyze(input: AnalysisInput, analyze: (input: AnalysisInput) => PolicyModel, perf: Perf = performance): AnalyzeAnswer {
  const t0 = perf.now();
  const model = analyze(input);
  const engineMs = perf.now() - t0;
  const json = JSON.stringify(model);
  return { json, engineMs, startedAt: perf.timeOrigin + t0, doneAt: perf.timeOrigin + perf.now() };
}

/**
 * Content half: an `analyze` that asks the background. Records User Timing measures in the page
 * for the benchmark: `pl:send` (serialising the request), `pl:receive` (parsing the answer),
 * `pl:engine`, and the round trip split by wall clock into `pl:to-engine`, `pl:in-engine`,
 * `pl:from-engine`. A missing or failed answer is an Error with the background's reason.
 */
export function remoteAnalyze(send: Send<BackgroundProtocol>, perf: Perf = performance): (input: AnalysisInput) => Promise<PolicyModel> {
  const measure = (name: string, start: number, end: number) => {
    try {
      perf.measure?.(name, { start, end });
    } catch {
      /* no User Timing L3 */
    }
  };
  return async (input) => {
    const t0 = perf.now();
    const request = send('bg:analyze', input);
    measure('pl:send', t0, perf.now());
    let answer: AnalyzeAnswer | undefined;
    try {
      answer = await request;
    } catch (e) {
      throw new Error(`分析失败：${e instanceof Error ? e.message : String(e)} (analysis failed)`);
    }
    const gotAt = perf.now();
    if (typeof answer?.json !== 'string') throw new Error('分析失败：后台无响应 (analysis failed: no answer)');
    const model = JSON.parse(answer.json) as PolicyModel;
    measure('pl:receive', gotAt, perf.now());
    if (typeof answer.engineMs === 'number') measure('pl:engine', t0, t0 + answer.engineMs);
    if (typeof answer.startedAt === 'number' && typeof answer.doneAt === 'number') {
      const startedAt = answer.startedAt - perf.timeOrigin;
      const doneAt = answer.doneAt - perf.timeOrigin;
      // Clocks of two processes: only a consistent order is worth reporting.
      if (startedAt >= t0 && doneAt >= startedAt && gotAt >= doneAt) {
        measure('pl:to-engine', t0, startedAt);
        measure('pl:in-engine', startedAt, doneAt);
        measure('pl:from-engine', doneAt, gotAt);
      }
    }
    return model;
  };
}
