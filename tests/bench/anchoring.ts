/**
 * Anchoring benchmark: 1,000 annotations on a ~200,000-character Chinese policy-like page,
 * re-attached after edits, with lib/anchoring's anchorAll vs a Hypothesis-style baseline
 * (position + quote check, then exact search, then approx-string-match with
 * maxErrors = ⌊len/2⌋ scored as in Hypothesis' match-quote.ts).
 *
 *   npx tsx tests/bench/anchoring.ts            # prints the figures
 *   import { runAnchoringBench } from './anchoring'   # returns them
 *
 * The page: paragraphs of the seed document (国发〔2015〕40号) reused with varied ordinals,
 * years and sometimes a swapped topic word (so there are exact and near-exact repeats, as in
 * real plans), interleaved with generated policy sentences. The edit: a tenth of the quoted
 * passages get one character changed, inserted or deleted inside them; ~150 unrelated
 * sentences are inserted elsewhere (never inside a quoted passage), shifting positions.
 * "Right" = the returned range overlaps the passage's true new location.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import approxSearch from 'approx-string-match';
import { anchorAll, describe, type DescribedTarget } from '../../lib/anchoring';
import type { AnchorResult } from '../../lib/annotations/types';
import { mulberry32 } from './random';

const HERE = dirname(fileURLToPath(import.meta.url));
const SEED = join(HERE, '../../seeds/000_a8d5c490817db3bf.txt');

const UNITS = [
  '国家发展改革委',
  '工业和信息化部',
  '教育部',
  '科技部',
  '财政部',
  '人力资源社会保障部',
  '自然资源部',
  '生态环境部',
  '住房城乡建设部',
  '交通运输部',
  '农业农村部',
  '商务部',
  '国家卫生健康委',
  '人民银行',
  '市场监管总局',
  '国家统计局',
  '国家能源局',
  '国家网信办',
  '金融监管总局',
  '国家知识产权局',
];
const TOPICS = [
  '数字经济',
  '智能制造',
  '普惠金融',
  '电子政务',
  '工业互联网',
  '农村电子商务',
  '智慧能源',
  '公共服务',
  '网络安全保障',
  '人工智能产业',
  '绿色生态',
  '便捷交通',
  '益民服务',
  '高效物流',
  '协同制造',
  '现代农业',
  '创业创新',
  '数据开放共享',
  '标准体系',
  '知识产权保护',
  '信用体系建设',
  '跨境电子商务',
];
const VERBS = ['加快推进', '大力发展', '积极探索', '着力完善', '深入实施', '稳步推进', '统筹推进', '进一步健全', '有序开展', '切实加强'];
const GOALS = [
  '基本形成较为完善的政策体系',
  '建成一批示范工程',
  '取得明显成效',
  '培育一批骨干企业',
  '形成可复制可推广的经验',
  '显著提升服务能力和水平',
  '基本实现全覆盖',
];
const SWAPS: Array<[string, string]> = [
  ['互联网', '物联网'],
  ['互联网', '大数据'],
  ['创新', '创造'],
  ['发展', '建设'],
  ['企业', '主体'],
  ['服务', '保障'],
];
const ORDINALS = '一二三四五六七八九十';
const EDIT_CHARS = '的国家发展改革委员会推进建设体系服务创新网络数据平台管理制度机制政策标准产业';

function pick<T>(rnd: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rnd() * xs.length)]!;
}
function ordinal(rnd: () => number): string {
  const n = 1 + Math.floor(rnd() * 19);
  return n <= 10 ? ORDINALS[n - 1]! : `十${n === 10 ? '' : ORDINALS[n - 11]}`;
}

function sentence(rnd: () => number): string {
  switch (Math.floor(rnd() * 5)) {
    case 0:
      return `${pick(rnd, UNITS)}牵头，${pick(rnd, UNITS)}、${pick(rnd, UNITS)}等按职责分工负责。`;
    case 1:
      return `到${2016 + Math.floor(rnd() * 20)}年，${pick(rnd, TOPICS)}${pick(rnd, GOALS)}。`;
    case 2:
      return `${pick(rnd, VERBS)}${pick(rnd, TOPICS)}，${pick(rnd, VERBS)}${pick(rnd, TOPICS)}，${pick(rnd, GOALS)}。`;
    case 3:
      return `各地区、各部门要${pick(rnd, VERBS)}${pick(rnd, TOPICS)}，确保${pick(rnd, TOPICS)}工作取得实效。`;
    default:
      return `支持有条件的地方开展${pick(rnd, TOPICS)}试点，覆盖率达到${10 + Math.floor(rnd() * 90)}%以上。`;
  }
}

/** Seed paragraph with varied ordinals/years and sometimes one swapped topic word. */
function variedParagraph(rnd: () => number, p: string): string {
  let out = p
    .replace(/[（(][一二三四五六七八九十]+[）)]/g, () => `（${ordinal(rnd)}）`)
    .replace(/^[一二三四五六七八九十]+、/, () => `${ordinal(rnd)}、`)
    .replace(/20\d\d年/g, () => `${2016 + Math.floor(rnd() * 20)}年`);
  if (rnd() < 0.4) {
    const [a, b] = pick(rnd, SWAPS);
    const at = out.indexOf(a, Math.floor(rnd() * out.length * 0.8));
    if (at >= 0) out = out.slice(0, at) + b + out.slice(at + a.length);
  }
  return out;
}

export function makePolicyText(rnd: () => number, targetLength: number): string {
  const seed = readFileSync(SEED, 'utf8');
  const paragraphs = seed
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  const parts: string[] = [];
  let len = 0;
  let section = 0;
  while (len < targetLength) {
    let para: string;
    const r = rnd();
    if (r < 0.06) para = `${ORDINALS[section++ % 10]}、${pick(rnd, VERBS)}${pick(rnd, TOPICS)}`;
    else if (r < 0.55) para = variedParagraph(rnd, pick(rnd, paragraphs));
    else {
      const k = 2 + Math.floor(rnd() * 5);
      para = `（${ordinal(rnd)}）${pick(rnd, VERBS)}${pick(rnd, TOPICS)}。` + Array.from({ length: k }, () => sentence(rnd)).join('');
    }
    parts.push(para);
    len += para.length + 1;
  }
  return parts.join('\n').slice(0, targetLength);
}

interface Op {
  pos: number;
  del: number;
  ins: string;
}

function applyOps(text: string, ops: Op[]): { text: string; map: (x: number) => number } {
  const sorted = [...ops].sort((a, b) => a.pos - b.pos);
  let out = '';
  let at = 0;
  for (const op of sorted) {
    out += text.slice(at, op.pos) + op.ins;
    at = op.pos + op.del;
  }
  out += text.slice(at);
  const positions = sorted.map((o) => o.pos);
  const deltas: number[] = [];
  let acc = 0;
  for (const o of sorted) deltas.push((acc += o.ins.length - o.del));
  // New offset of old offset x: shifted by every op strictly before x.
  const map = (x: number): number => {
    let lo = 0;
    let hi = positions.length - 1;
    let idx = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (positions[mid]! < x) {
        idx = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return x + (idx >= 0 ? deltas[idx]! : 0);
  };
  return { text: out, map };
}

export interface BenchCase {
  oldText: string;
  newText: string;
  targets: DescribedTarget[];
  truth: Array<[number, number]>;
  editedQuotes: number;
  insertions: number;
}

export function makeBenchCase(seed = 20150704, textLength = 200_000, annotations = 1000): BenchCase {
  const rnd = mulberry32(seed);
  const oldText = makePolicyText(rnd, textLength);
  const spans: Array<[number, number]> = [];
  const targets: DescribedTarget[] = [];
  while (targets.length < annotations) {
    const len = 4 + Math.floor(rnd() * 57);
    const s = Math.floor(rnd() * (oldText.length - len));
    const exact = oldText.slice(s, s + len);
    if (exact.replace(/\s/g, '').length < 4 || /^\s|\s$/.test(exact)) continue;
    targets.push(describe(oldText, s, s + len));
    spans.push([s, s + len]);
  }
  const covered = new Uint8Array(oldText.length + 1);
  for (const [s, e] of spans) covered.fill(1, s, e + 1);

  const ops: Op[] = [];
  const used = new Set<number>();
  const editCount = Math.round(annotations / 10);
  const editedIdx = new Set<number>();
  while (editedIdx.size < editCount) {
    const i = Math.floor(rnd() * targets.length);
    if (editedIdx.has(i)) continue;
    const [s, e] = spans[i]!;
    const inner: number[] = [];
    for (let p = s + 1; p < e - 1; p++) if (/\S/.test(oldText[p]!) && !used.has(p)) inner.push(p);
    if (inner.length === 0) continue;
    const pos = pick(rnd, inner);
    const kind = Math.floor(rnd() * 3);
    let ch = pick(rnd, [...EDIT_CHARS]);
    while (ch === oldText[pos]) ch = pick(rnd, [...EDIT_CHARS]);
    ops.push(kind === 0 ? { pos, del: 1, ins: ch } : kind === 1 ? { pos, del: 0, ins: ch } : { pos, del: 1, ins: '' });
    used.add(pos);
    editedIdx.add(i);
  }
  const insertions = 150;
  let added = 0;
  while (added < insertions) {
    const p = Math.floor(rnd() * oldText.length);
    const at = oldText.indexOf('。', p);
    if (at < 0 || covered[at + 1] || used.has(at + 1)) continue;
    const k = 1 + Math.floor(rnd() * 3);
    ops.push({ pos: at + 1, del: 0, ins: Array.from({ length: k }, () => sentence(rnd)).join('') });
    used.add(at + 1);
    added++;
  }
  const { text: newText, map } = applyOps(oldText, ops);
  const truth = spans.map(([s, e]) => [map(s), map(e)] as [number, number]);
  return { oldText, newText, targets, truth, editedQuotes: editCount, insertions };
}

// ---------------------------------------------------------------------------------------------
// Hypothesis-style baseline (src/annotator/anchoring/{html,text-position,match-quote}.ts).

interface Match {
  start: number;
  end: number;
  errors: number;
}

function hSearch(text: string, str: string, maxErrors: number): Match[] {
  const exact: Match[] = [];
  let at = text.indexOf(str);
  while (at !== -1) {
    exact.push({ start: at, end: at + str.length, errors: 0 });
    at = text.indexOf(str, at + 1);
  }
  if (exact.length > 0) return exact;
  return approxSearch(text, str, maxErrors);
}

function textMatchScore(text: string, str: string): number {
  if (str.length === 0 || text.length === 0) return 0;
  const matches = hSearch(text, str, str.length);
  return 1 - matches[0]!.errors / str.length;
}

function matchQuote(
  text: string,
  quote: string,
  context: { prefix?: string; suffix?: string; hint?: number },
): { start: number; end: number; score: number } | null {
  if (quote.length === 0) return null;
  const maxErrors = Math.min(256, Math.floor(quote.length / 2));
  const matches = hSearch(text, quote, maxErrors);
  if (matches.length === 0) return null;
  const scoreMatch = (match: Match): number => {
    const quoteWeight = 50;
    const prefixWeight = 20;
    const suffixWeight = 20;
    const posWeight = 2;
    const quoteScore = 1 - match.errors / quote.length;
    const prefixScore = context.prefix ? textMatchScore(text.slice(Math.max(0, match.start - context.prefix.length), match.start), context.prefix) : 1;
    const suffixScore = context.suffix ? textMatchScore(text.slice(match.end, match.end + context.suffix.length), context.suffix) : 1;
    let posScore = 1;
    if (typeof context.hint === 'number') posScore = 1 - Math.abs(match.start - context.hint) / text.length;
    const raw = quoteWeight * quoteScore + prefixWeight * prefixScore + suffixWeight * suffixScore + posWeight * posScore;
    return raw / (quoteWeight + prefixWeight + suffixWeight + posWeight);
  };
  const scored = matches.map((m) => ({ start: m.start, end: m.end, score: scoreMatch(m) }));
  scored.sort((a, b) => b.score - a.score);
  return scored[0]!;
}

function hypothesisAnchorAll(text: string, targets: readonly DescribedTarget[]): AnchorResult[] {
  return targets.map((t) => {
    const { start, end } = t.position;
    if (text.slice(start, end) === t.quote.exact) return { status: 'anchored', start, end, method: 'position' };
    const m = matchQuote(text, t.quote.exact, { prefix: t.quote.prefix, suffix: t.quote.suffix, hint: start });
    return m ? { status: 'anchored', start: m.start, end: m.end, method: 'quote' } : { status: 'orphan', reason: 'not-found' };
  });
}

// ---------------------------------------------------------------------------------------------

export interface Accuracy {
  right: number;
  wrong: number;
  orphaned: number;
  /** The same split for the edited passages only. */
  edited: { right: number; wrong: number; orphaned: number };
}

export function score(results: readonly AnchorResult[], truth: ReadonlyArray<[number, number]>, edited: ReadonlySet<number>): Accuracy {
  const acc: Accuracy = { right: 0, wrong: 0, orphaned: 0, edited: { right: 0, wrong: 0, orphaned: 0 } };
  results.forEach((r, i) => {
    const [s, e] = truth[i]!;
    const key = r.status === 'orphan' ? 'orphaned' : r.start < e && r.end > s ? 'right' : 'wrong';
    acc[key]++;
    if (edited.has(i)) acc.edited[key]++;
  });
  return acc;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * One untimed warm-up run (JIT), then the median of `runs` timed runs (wall clock and, since the
 * machine may be shared, CPU time of this process); also the wall time of the cold first run.
 */
function timeIt<T>(runs: number, f: () => T): { ms: number; cpuMs: number; coldMs: number; result: T } {
  const c0 = performance.now();
  let result = f();
  const coldMs = performance.now() - c0;
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const u0 = process.cpuUsage();
    const t0 = performance.now();
    result = f();
    times.push(performance.now() - t0);
    const u = process.cpuUsage(u0);
    cpu.push((u.user + u.system) / 1000);
  }
  return { ms: median(times), cpuMs: median(cpu), coldMs, result };
}

interface Timing {
  /** Median wall-clock ms of 3 warm runs. */
  ms: number;
  /** Median process CPU ms of the same runs. */
  cpuMs: number;
  /** Wall-clock ms of the first (cold) run. */
  coldMs: number;
}

export interface AnchoringBenchFigures {
  textLength: number;
  newTextLength: number;
  annotations: number;
  editedQuotes: number;
  insertions: number;
  describeMs: number;
  /** anchorAll (neighbour hints on). ms = median of 3 warm runs; coldMs = first run in the process. */
  ours: Accuracy & Timing;
  /** anchorAll with neighbourHints: false, i.e. anchor() per annotation on one prepared text. */
  oursNoHints: Accuracy & Timing;
  baseline: Accuracy & Timing;
  /** baseline ms / ours ms (warm wall-clock medians) */
  speedup: number;
  /** baseline cpuMs / ours cpuMs */
  cpuSpeedup: number;
}

export function runAnchoringBench(opts: { seed?: number; runs?: number } = {}): AnchoringBenchFigures {
  const bc = makeBenchCase(opts.seed);
  const runs = opts.runs ?? 3;
  const edited = new Set<number>();
  bc.targets.forEach((t, i) => {
    const [s, e] = bc.truth[i]!;
    if (bc.newText.slice(s, e) !== t.quote.exact) edited.add(i);
  });
  const d = timeIt(runs, () => bc.targets.map((t) => describe(bc.oldText, t.position.start, t.position.end)));
  const ours = timeIt(runs, () => anchorAll(bc.newText, bc.targets));
  const noHints = timeIt(runs, () => anchorAll(bc.newText, bc.targets, { neighbourHints: false }));
  const base = timeIt(runs, () => hypothesisAnchorAll(bc.newText, bc.targets));
  return {
    textLength: bc.oldText.length,
    newTextLength: bc.newText.length,
    annotations: bc.targets.length,
    editedQuotes: edited.size,
    insertions: bc.insertions,
    describeMs: d.ms,
    ours: { ms: ours.ms, cpuMs: ours.cpuMs, coldMs: ours.coldMs, ...score(ours.result, bc.truth, edited) },
    oursNoHints: { ms: noHints.ms, cpuMs: noHints.cpuMs, coldMs: noHints.coldMs, ...score(noHints.result, bc.truth, edited) },
    baseline: { ms: base.ms, cpuMs: base.cpuMs, coldMs: base.coldMs, ...score(base.result, bc.truth, edited) },
    speedup: base.ms / ours.ms,
    cpuSpeedup: base.cpuMs / ours.cpuMs,
  };
}

function fmt(a: Accuracy & Timing): string {
  const e = a.edited;
  return (
    `${a.ms.toFixed(1).padStart(7)} ms (cpu ${a.cpuMs.toFixed(0)}, cold ${a.coldMs.toFixed(0)})` +
    `   right ${a.right}  wrong ${a.wrong}  orphaned ${a.orphaned}` +
    `   (edited: right ${e.right}, wrong ${e.wrong}, orphaned ${e.orphaned})`
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const seedArg = process.argv.find((a) => a.startsWith('--seed='));
  const f = runAnchoringBench({ seed: seedArg ? Number(seedArg.slice(7)) : undefined });
  console.log(
    `anchoring bench: ${f.annotations} annotations, text ${f.textLength} → ${f.newTextLength} chars, ` +
      `${f.editedQuotes} quoted passages edited, ${f.insertions} unrelated insertions ` +
      `(median of 3 runs after a warm-up; cold = first run)`,
  );
  console.log(`describe x${f.annotations}: ${f.describeMs.toFixed(1)} ms`);
  console.log(`ours (anchorAll)          ${fmt(f.ours)}`);
  console.log(`ours, no neighbour hints  ${fmt(f.oursNoHints)}`);
  console.log(`hypothesis-style baseline ${fmt(f.baseline)}`);
  console.log(`speedup: ${f.speedup.toFixed(1)}x wall, ${f.cpuSpeedup.toFixed(1)}x cpu, ` + `${(f.baseline.coldMs / f.ours.coldMs).toFixed(1)}x cold`);
}
