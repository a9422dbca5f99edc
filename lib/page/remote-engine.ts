/**
 * The analysis engine across contexts: the background runs `analyze` (warm between pages, off
 * the page's main thread) and the content script asks it. Both halves of each exchange live
 * here, so the answers' shapes are written once.
 *
 * - `bg:paint` answers what the page paints: the highlight spans, packed as numbers, and the
 *   few fields the page's state shows (a tenth of the model's size). The whole model stays in
 *   the background under a key, and the page fetches it (`bg:model`) after the highlights are on
 *   screen: the cards, the side panel and new annotations need it, the first paint does not.
 * - `bg:analyze` answers the whole model (the quick check, and the fallback when the background
 *   no longer holds the model: a restarted service worker keeps nothing in memory).
 *
 * Answers cross as one JSON string, not as an object tree: Chrome converts message objects
 * value by value (tens of thousands of values for a 200k page) on both sides, which cost more
 * than the engine itself; a string crosses as one value.
 *
 * No engine import here (the background passes it in): the content bundle must not carry it.
 */
import type { AnalysisInput, PolicyModel } from '../analysis/types';
import type { AnalyzeAnswer, BackgroundProtocol, PaintAnswer, Send } from '../protocol';
import type { T } from '../i18n';
import { analysisSpans, type AnalysisHighlightName, type HighlightSpan } from './spans';

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

/** What the page paints of an analysis, and what its state shows before the whole model is there. */
export interface PaintPayload {
  isPolicy: boolean;
  detection: PolicyModel['detection'];
  meta: PolicyModel['meta'];
  range: [number, number];
  measureCount: number;
  truncated?: true;
  /**
   * Per highlight name, flat quadruples [start, end, a, b]: the span, and the indexes its card key
   * is made of (area:a, unit:a:b, deadline:a, cite:a) — analysisSpans, packed.
   */
  spans: Record<AnalysisHighlightName, number[]>;
}

const KEY_KIND: Record<AnalysisHighlightName, 'area' | 'unit' | 'deadline' | 'cite'> = {
  'pl-area': 'area',
  'pl-lead': 'unit',
  'pl-co': 'unit',
  'pl-deadline': 'deadline',
  'pl-deadline-past': 'deadline',
  'pl-cite': 'cite',
};

/** The paint payload of a model (`text`: the analysed text, for the action areas' name spans). */
export function toPaintPayload(m: PolicyModel, today: string, text?: string): PaintPayload {
  const spans = {} as PaintPayload['spans'];
  for (const [name, list] of Object.entries(analysisSpans(m, today, text)) as [AnalysisHighlightName, HighlightSpan[]][]) {
    const flat: number[] = [];
    for (const s of list) {
      const [, a, b] = s.key.split(':');
      flat.push(s.start, s.end, Number(a), Number(b ?? 0));
    }
    spans[name] = flat;
  }
  return {
    isPolicy: m.isPolicy,
    detection: m.detection,
    meta: m.meta,
    range: m.range,
    measureCount: m.measures.length,
    ...(m.truncated ? { truncated: true as const } : {}),
    spans,
  };
}

/** The payload's spans as the painter takes them (the inverse of the packing in toPaintPayload). */
export function paintSpans(p: PaintPayload): Record<AnalysisHighlightName, HighlightSpan[]> {
  const out = {} as Record<AnalysisHighlightName, HighlightSpan[]>;
  for (const name of Object.keys(KEY_KIND) as AnalysisHighlightName[]) {
    const flat = p.spans[name] ?? [];
    const kind = KEY_KIND[name];
    const list: HighlightSpan[] = [];
    for (let i = 0; i + 3 < flat.length; i += 4) {
      list.push({ start: flat[i]!, end: flat[i + 1]!, key: kind === 'unit' ? `unit:${flat[i + 2]}:${flat[i + 3]}` : `${kind}:${flat[i + 2]}` });
    }
    out[name] = list;
  }
  return out;
}

/** An analysis as the page controller takes it: the payload now, the whole model when asked. */
export interface PaintResult {
  payload: PaintPayload;
  /** The whole model (fetched once, on the first call). */
  model(): Promise<PolicyModel>;
  /** The whole model when it is already here (a local engine). */
  now?: PolicyModel;
}

/** Run the engine, timed, with the model capped (engine errors propagate: the sender's promise rejects with them). */
function runEngine(input: AnalysisInput, analyze: (input: AnalysisInput) => PolicyModel, perf: Perf) {
  const t0 = perf.now();
  const model = capModel(analyze(input));
  return { model, t0, engineMs: perf.now() - t0 };
}

function stamped(json: string, t0: number, engineMs: number, perf: Perf): AnalyzeAnswer {
  if (json.length > MAX_ANSWER_CHARS) throw new RangeError(`the analysis is too large to send (${Math.round(json.length / 1048576)} MB)`);
  return { json, engineMs, startedAt: perf.timeOrigin + t0, doneAt: perf.timeOrigin + perf.now() };
}

/** Background half of `bg:analyze`: run the engine and package its model. */
export function answerAnalyze(input: AnalysisInput, analyze: (input: AnalysisInput) => PolicyModel, perf: Perf = performance): AnalyzeAnswer {
  const { model, t0, engineMs } = runEngine(input, analyze, perf);
  return stamped(JSON.stringify(model), t0, engineMs, perf);
}

/**
 * Background half of `bg:paint`: run the engine, keep the whole model (`keep` answers the key
 * the page fetches it with) and answer the paint payload.
 */
export function answerPaint(
  input: AnalysisInput,
  analyze: (input: AnalysisInput) => PolicyModel,
  keep: (model: PolicyModel) => string,
  perf: Perf = performance,
): PaintAnswer {
  const { model, t0, engineMs } = runEngine(input, analyze, perf);
  const key = keep(model);
  return { ...stamped(JSON.stringify(toPaintPayload(model, input.today ?? '', input.text)), t0, engineMs, perf), key };
}

/** Background half of `bg:model`: the kept model (undefined: not kept, or fetched already). */
export function answerModel(model: PolicyModel | undefined, perf: Perf = performance): AnalyzeAnswer {
  if (!model) throw new Error('the background no longer holds this analysis');
  const t0 = perf.now();
  return stamped(JSON.stringify(model), t0, 0, perf);
}

/** A local engine as the page controller takes it (tests, the CLI): the model is there at once. */
export function localPaint(analyze: (input: AnalysisInput) => PolicyModel | Promise<PolicyModel>): (input: AnalysisInput) => Promise<PaintResult> {
  return async (input) => {
    const m = await analyze(input);
    return { payload: toPaintPayload(m, input.today ?? '', input.text), model: async () => m, now: m };
  };
}

function timer(perf: Perf) {
  return (name: string, start: number, end: number) => {
    try {
      perf.measure?.(name, { start, end });
    } catch {
      /* no User Timing L3 */
    }
  };
}

/**
 * One request to the background, timed: User Timing measures in the page for the benchmark —
 * `pl:send` (serialising the request), `pl:receive` (parsing the answer), `pl:engine`, and the
 * round trip split by wall clock into `pl:to-engine`, `pl:in-engine`, `pl:from-engine`. A
 * missing or failed answer is an Error with the background's reason.
 */
async function timedRequest<A extends AnalyzeAnswer, R>(perf: Perf, t: T, request: () => Promise<A>, parse: (a: A) => R, timed = true): Promise<R> {
  const measure = timed ? timer(perf) : () => {};
  const t0 = perf.now();
  const pending = request();
  measure('pl:send', t0, perf.now());
  let answer: A | undefined;
  try {
    answer = await pending;
  } catch (e) {
    throw new Error(t('pgAnalysisFailed', e instanceof Error ? e.message : String(e)));
  }
  const gotAt = perf.now();
  if (typeof answer?.json !== 'string') throw new Error(t('pgAnalysisFailed', t('pgNoAnswer')));
  const out = parse(answer);
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
  return out;
}

const defaultT: T = (key, ...subs) => [key, ...subs].join(': ');

/** Content half of `bg:analyze`: an `analyze` that asks the background for the whole model. */
export function remoteAnalyze(send: Send<BackgroundProtocol>, perf: Perf = performance, t: T = defaultT): (input: AnalysisInput) => Promise<PolicyModel> {
  return (input) =>
    timedRequest(
      perf,
      t,
      () => send('bg:analyze', input),
      (a) => JSON.parse(a.json) as PolicyModel,
    );
}

/**
 * Content half of `bg:paint`: the paint payload at once; the whole model fetched on demand with
 * `bg:model`, or analysed again when the background no longer holds it.
 */
export function remotePaint(send: Send<BackgroundProtocol>, perf: Perf = performance, t: T = defaultT): (input: AnalysisInput) => Promise<PaintResult> {
  const whole = remoteAnalyze(send, perf, t);
  return async (input) => {
    let key = '';
    const payload = await timedRequest(
      perf,
      t,
      () => send('bg:paint', input),
      (a) => {
        key = a.key;
        return JSON.parse(a.json) as PaintPayload;
      },
    );
    let fetched: Promise<PolicyModel> | null = null;
    const fetchModel = async () => {
      try {
        return await timedRequest(
          perf,
          t,
          () => send('bg:model', { id: key }),
          (a) => JSON.parse(a.json) as PolicyModel,
          false,
        );
      } catch {
        return whole(input);
      }
    };
    return { payload, model: () => (fetched ??= fetchModel()) };
  };
}
