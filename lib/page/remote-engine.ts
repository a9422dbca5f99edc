/**
 * The analysis engine across contexts: the background runs `analyze` (warm between pages, off
 * the page's main thread) and the content script asks it with `pl:analyze`. Both halves of that
 * exchange live here, so the answer's shape is written once.
 *
 * The model crosses as one JSON string, not as an object tree: Chrome converts message objects
 * value by value (tens of thousands of values for a 200k page) on both sides, which cost more
 * than the engine itself; a string crosses as one value.
 *
 * No engine import here (the background passes it in): the content bundle must not carry it.
 */
import type { AnalysisInput, PolicyModel } from '../analysis/types';
import type { ToBackground } from '../messages';

/** What the background answers to `pl:analyze` (or `{ error }` from its message wrapper). */
export interface AnalyzeAnswer {
  json?: string;
  error?: string;
  /** The engine's own time (ms). */
  engineMs?: number;
  /** Wall clock (ms since the epoch) when the engine started and when the JSON was ready. */
  startedAt?: number;
  doneAt?: number;
}

type Perf = Pick<Performance, 'now' | 'timeOrigin'> & { measure?: Performance['measure'] };

/** Background half: run the engine and package its model. Engine errors propagate (the message wrapper answers `{ error }`). */
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
export function remoteAnalyze(send: (msg: ToBackground) => Promise<unknown>, perf: Perf = performance): (input: AnalysisInput) => Promise<PolicyModel> {
  const measure = (name: string, start: number, end: number) => {
    try {
      perf.measure?.(name, { start, end });
    } catch {
      /* no User Timing L3 */
    }
  };
  return async (input) => {
    const t0 = perf.now();
    const request = send({ type: 'pl:analyze', input });
    measure('pl:send', t0, perf.now());
    const answer = (await request) as AnalyzeAnswer | undefined;
    const gotAt = perf.now();
    if (typeof answer?.json !== 'string') throw new Error(`分析失败：${answer?.error ?? '后台无响应'} (analysis failed)`);
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
