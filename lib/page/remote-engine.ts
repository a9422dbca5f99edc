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
import type { T } from '../i18n';

type Perf = Pick<Performance, 'now' | 'timeOrigin'> & { measure?: Performance['measure'] };

/**
 * What one answer carries at most. A real document has hundreds of measures and a few thousand
 * unit mentions; past these a page is a list or a dump, and a model of all of it would be a reply
 * of 100 MB that the page cannot use (the panel, the cards and the painter work on what is sent).
 */
export const MODEL_LIMITS = { measures: 20_000, assignments: 20_000, mentions: 100_000, deadlines: 20_000, actionAreas: 5_000 };
/** The answer's JSON is refused past this (UTF-16 units): well under Chrome's 64 MiB message cap. */
export const MAX_ANSWER_CHARS = 32 * 1024 * 1024;

/** The model cut to MODEL_LIMITS, in document order; `truncated` says so. The same object when it fits. */
export function capModel(m: PolicyModel, limits = MODEL_LIMITS): PolicyModel {
  let mentions = 0;
  for (const a of m.assignments) mentions += a.mentions.length;
  const fits =
    m.measures.length <= limits.measures &&
    m.assignments.length <= limits.assignments &&
    mentions <= limits.mentions &&
    m.deadlines.length <= limits.deadlines &&
    m.actionAreas.length <= limits.actionAreas;
  if (fits) return m;
  const measures = m.measures.slice(0, limits.measures);
  const kept = new Set(measures.map((x) => x.id));
  const ofKept = (id: string | null) => id === null || kept.has(id);
  const assignments: PolicyModel['assignments'] = [];
  let n = 0;
  for (const a of m.assignments) {
    if (assignments.length >= limits.assignments || n + a.mentions.length > limits.mentions) break;
    if (!ofKept(a.measureId)) continue;
    assignments.push(a);
    n += a.mentions.length;
  }
  const deadlines = m.deadlines.filter((d) => ofKept(d.measureId)).slice(0, limits.deadlines);
  const actionAreas = m.actionAreas.filter((x) => kept.has(x.measureId)).slice(0, limits.actionAreas);
  return { ...m, measures, assignments, deadlines, actionAreas, truncated: true };
}

/** Background half: run the engine and package its model. Engine errors propagate (the sender's promise rejects with them). */
export function answerAnalyze(input: AnalysisInput, analyze: (input: AnalysisInput) => PolicyModel, perf: Perf = performance): AnalyzeAnswer {
  const t0 = perf.now();
  const model = capModel(analyze(input));
  const engineMs = perf.now() - t0;
  const json = JSON.stringify(model);
  if (json.length > MAX_ANSWER_CHARS) throw new RangeError(`the analysis is too large to send (${Math.round(json.length / 1048576)} MB)`);
  return { json, engineMs, startedAt: perf.timeOrigin + t0, doneAt: perf.timeOrigin + perf.now() };
}

/**
 * Content half: an `analyze` that asks the background. Records User Timing measures in the page
 * for the benchmark: `pl:send` (serialising the request), `pl:receive` (parsing the answer),
 * `pl:engine`, and the round trip split by wall clock into `pl:to-engine`, `pl:in-engine`,
 * `pl:from-engine`. A missing or failed answer is an Error with the background's reason.
 */
export function remoteAnalyze(
  send: Send<BackgroundProtocol>,
  perf: Perf = performance,
  t: T = (key, ...subs) => [key, ...subs].join(': '),
): (input: AnalysisInput) => Promise<PolicyModel> {
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
      throw new Error(t('pgAnalysisFailed', e instanceof Error ? e.message : String(e)));
    }
    const gotAt = perf.now();
    if (typeof answer?.json !== 'string') throw new Error(t('pgAnalysisFailed', t('pgNoAnswer')));
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
