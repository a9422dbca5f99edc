/**
 * Analysis-engine benchmark (issue 3): a realistic 200,000-character policy document and a
 * 2,000,000-character one, analysed with lib/analysis `analyze`.
 *
 *   npx tsx tests/bench/analysis.ts          # prints the figures
 *   import { runAnalysisBench } from './analysis'   # returns them
 *
 * The document: a title, 发文字号, addressee line, then top-level sections 一、二、… each with
 * （一）… items, 1. / （1） sub-items, paragraphs reused from the seed (国发〔2015〕40号) with
 * varied years, and every responsibility and deadline format the engine reads (列第一位者为牵头部门
 * 下同 chains, 共同牵头, "X牵头，Y、Z按职责分工负责", 牵头单位：…；责任单位：… lines,
 * 【牵头单位】, 完成时限, task-division table rows), ending with a signature. Numbering restarts
 * per section so the 2M document stays a valid outline (up to 九十九、).
 *
 * Figures: median (and fastest) analyse() time over ≥ 7 runs after 10 warm-up runs, the cold first call, one plain pass over the
 * characters (a loop summing charCodeAt, median of as many runs), their ratio, the 2M/200k
 * time ratio, and jieba segmentation time (cut + addKeyTerms) for the 200k text.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { analyze } from '../../lib/analysis/index';
import type { PolicyModel } from '../../lib/analysis/types';
import { mulberry32 } from './random';

const HERE = dirname(fileURLToPath(import.meta.url));
const SEED = join(HERE, '../../seeds/000_a8d5c490817db3bf.txt');

function pick<T>(rnd: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rnd() * xs.length)]!;
}

const CN = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
/** 1..99 in Chinese numerals. */
export function cnNum(n: number): string {
  if (n < 10) return CN[n]!;
  const t = Math.floor(n / 10);
  return `${t === 1 ? '' : CN[t]}十${CN[n % 10]}`;
}

const CENTRAL = [
  '发展改革委',
  '教育部',
  '科技部',
  '工业和信息化部',
  '财政部',
  '人力资源社会保障部',
  '自然资源部',
  '生态环境部',
  '住房城乡建设部',
  '交通运输部',
  '农业农村部',
  '商务部',
  '人民银行',
  '市场监管总局',
  '国家统计局',
  '国家能源局',
  '中央网信办',
  '国家数据局',
];
const LOCAL = [
  '省发展改革委',
  '省财政厅',
  '省自然资源厅',
  '省教育厅',
  '省科技厅',
  '省工业和信息化厅',
  '省商务厅',
  '省交通运输厅',
  '省市场监管局',
  '省大数据局',
  '各市（州）人民政府',
  '省人力资源社会保障厅',
];
const DEADLINE_PHRASES = (y: number) => [
  `${y}年底前`,
  `到${y}年`,
  `${y}年6月底前`,
  `${y}年上半年`,
  `${y}年第三季度`,
  `${y}—${y + 2}年`,
  '每半年',
  '每季度',
  '长期坚持',
  '持续推进',
  `${y}年起`,
  '“十四五”时期',
];

function units(rnd: () => number, pool: readonly string[], n: number): string[] {
  const out: string[] = [];
  while (out.length < n) {
    const u = pick(rnd, pool);
    if (!out.includes(u)) out.push(u);
  }
  return out;
}

function clause(rnd: () => number, year: number): string {
  const c = units(rnd, CENTRAL, 4);
  const l = units(rnd, LOCAL, 4);
  switch (Math.floor(rnd() * 7)) {
    case 0:
      return `（${c.join('、')}等负责，列第一位者为牵头部门，下同）`;
    case 1:
      return `（${c.slice(0, 2).join('、')}共同牵头）`;
    case 2:
      return `（${l[0]}牵头，${l.slice(1).join('、')}按职责分工负责）`;
    case 3:
      return `\n牵头单位：${l[0]}；责任单位：${l.slice(1).join('、')}；完成时限：${year}年6月底前`;
    case 4:
      return `\n【牵头单位】${l[0]}\n【配合单位】${l.slice(1, 3).join('、')}`;
    case 5:
      return `（${c[0]}会同${c[1]}负责）`;
    default:
      return '';
  }
}

/** Seed body paragraphs (not headings, not the title), as reusable filler. */
function seedParagraphs(): string[] {
  const text = readFileSync(SEED, 'utf8').replace(/\r\n?/g, '\n');
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 40 && !/^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+[.．、])/.test(l));
}

/** A realistic policy document of about `targetLength` characters. */
export function makeAnalysisDocument(targetLength: number, seed = 20240601): string {
  const rnd = mulberry32(seed);
  const paras = seedParagraphs();
  const para = (y: number) => {
    let p = pick(rnd, paras);
    // Vary years so deadlines differ.
    p = p.replace(/20(1\d|2\d)/g, () => String(2024 + Math.floor(rnd() * 8)));
    if (rnd() < 0.4) p += `${pick(rnd, DEADLINE_PHRASES(y))}完成相关工作。`;
    return p;
  };
  const parts: string[] = [
    'XX省人民政府关于印发XX省数字经济高质量发展实施方案的通知',
    'X政发〔2024〕12号',
    '各市（州）人民政府，省政府各部门、各直属机构：',
    '现将《XX省数字经济高质量发展实施方案》印发给你们，请认真贯彻执行。',
    'XX省人民政府',
    '2024年3月15日',
    'XX省数字经济高质量发展实施方案',
  ];
  let len = parts.reduce((n, p) => n + p.length + 1, 0);
  // Leave room for the signature; each section ≈ targetLength / sections.
  const sections = Math.min(99, Math.max(3, Math.round(targetLength / 20_000)));
  const perSection = (targetLength - 200) / sections;
  for (let k = 1; k <= sections && len < targetLength - 200; k++) {
    const year = 2024 + (k % 6);
    const sec = [`${cnNum(k)}、${k % 4 === 1 ? '重点任务' : pick(rnd, ['主要任务', '工作任务', '保障措施', '重点工作'])}`];
    let secLen = sec[0]!.length + 1;
    let item = 0;
    let tableRow = 0;
    while (secLen < perSection && len + secLen < targetLength - 200) {
      item++;
      const kind = Math.floor(rnd() * 10);
      if (kind === 9 && item > 1) {
        // A small task-division table.
        if (tableRow === 0) sec.push('序号\t重点任务\t牵头单位\t责任单位\t完成时限');
        for (let r = 0; r < 3; r++) {
          tableRow++;
          const l = units(rnd, LOCAL, 3);
          sec.push(`${tableRow}\t${pick(rnd, paras).slice(0, 40)}\t${l[0]}\t${l.slice(1).join('、')}\t${pick(rnd, DEADLINE_PHRASES(year))}`);
        }
        sec.push('');
        item--;
      } else {
        tableRow = 0;
        const title = pick(rnd, paras)
          .slice(0, 8 + Math.floor(rnd() * 10))
          .replace(/[，,。"“”]/g, '');
        sec.push(`（${cnNum(((item - 1) % 99) + 1)}）${title}。${para(year)}${clause(rnd, year)}`);
        const subs = Math.floor(rnd() * 4);
        for (let j = 1; j <= subs; j++) {
          sec.push(
            `${j}.${pick(rnd, paras)
              .slice(0, 10)
              .replace(/[，,。"“”]/g, '')}。${para(year)}${rnd() < 0.3 ? clause(rnd, year) : ''}`,
          );
          if (rnd() < 0.25) for (let q = 1; q <= 2; q++) sec.push(`（${q}）${para(year)}`);
        }
        if (item >= 99) item = 0;
      }
      secLen = sec.reduce((n, p) => n + p.length + 1, 0);
    }
    parts.push(...sec);
    len += secLen;
  }
  parts.push('XX省人民政府办公厅', '2024年3月20日');
  return parts.join('\n');
}

function median(xs: number[]): number {
  const a = [...xs].sort((x, y) => x - y);
  return a[a.length >> 1]!;
}

/** One plain pass over the characters (the baseline the issue compares with). */
function plainPass(text: string): number {
  let sum = 0;
  for (let i = 0; i < text.length; i++) sum = (sum + text.charCodeAt(i)) | 0;
  return sum;
}

function timeIt(fn: () => unknown, runs: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
  }
  return out;
}

export interface AnalysisBenchFigures {
  chars200k: number;
  chars2m: number;
  runs: number;
  /** Median analyse() time for the 200k document after warm-up, ms. */
  analyzeMs200k: number;
  /** Fastest of those runs (the engine's own cost on a quiet machine; the median includes GC pauses and load). */
  analyzeMinMs200k: number;
  /** The very first call in the process (cold JIT). */
  analyzeColdMs200k: number;
  /** Median time of one plain pass over the same characters, ms. */
  plainPassMs200k: number;
  /** analyzeMs200k / plainPassMs200k (aim: ≤ 30). */
  ratioToPlainPass: number;
  analyzeMs2m: number;
  analyzeMinMs2m: number;
  /** analyzeMs2m / analyzeMs200k (aim: ≈ 10, linear). */
  scaling2mOver200k: number;
  /** jieba cut of the 200k text, ms (one run after warm-up). */
  jiebaCutMs200k: number;
  /** addKeyTerms for the 200k model, ms. */
  addKeyTermsMs200k: number;
  /** What the 200k analysis found (sanity: the document is not trivially empty for the engine). */
  found200k: { measures: number; assignments: number; deadlines: number; actionAreas: number; isPolicy: boolean };
}

export async function runAnalysisBench(opts: { runs?: number; jieba?: boolean } = {}): Promise<AnalysisBenchFigures> {
  const runs = Math.max(7, opts.runs ?? 9);
  const doc200k = makeAnalysisDocument(200_000);
  const doc2m = makeAnalysisDocument(2_000_000, 20240602);
  // The first call in a fresh process (cold JIT, normalization table, regex compilation) —
  // what a content script pays once per page.
  let t0 = performance.now();
  let model: PolicyModel = analyze({ text: doc200k });
  const cold = performance.now() - t0;
  // Warm-up: the background and side panel re-run the engine; time the optimised code.
  for (let r = 0; r < 10; r++) analyze({ text: doc200k });
  const times200 = timeIt(() => (model = analyze({ text: doc200k })), runs);
  const t200 = median(times200);
  let sink = 0;
  for (let r = 0; r < 5; r++) sink ^= plainPass(doc200k);
  const tPlain = median(timeIt(() => (sink ^= plainPass(doc200k)), Math.max(runs, 21)));
  analyze({ text: doc2m });
  analyze({ text: doc2m });
  const times2m = timeIt(() => analyze({ text: doc2m }), Math.max(7, Math.ceil(runs / 2)));
  const t2m = median(times2m);
  let cutMs = NaN;
  let ktMs = NaN;
  if (opts.jieba !== false) {
    const seg = await import('../../lib/segment/index');
    const s = seg.getNodeSegmenter();
    s.cut('预热分词器');
    t0 = performance.now();
    s.cut(doc200k);
    cutMs = performance.now() - t0;
    t0 = performance.now();
    seg.addKeyTerms(model, doc200k);
    ktMs = performance.now() - t0;
  }
  if (sink === 0.5) console.log(''); // keep the plain pass from being optimised away
  return {
    chars200k: doc200k.length,
    chars2m: doc2m.length,
    runs,
    analyzeMs200k: t200,
    analyzeMinMs200k: Math.min(...times200),
    analyzeColdMs200k: cold,
    plainPassMs200k: tPlain,
    ratioToPlainPass: t200 / tPlain,
    analyzeMs2m: t2m,
    analyzeMinMs2m: Math.min(...times2m),
    scaling2mOver200k: t2m / t200,
    jiebaCutMs200k: cutMs,
    addKeyTermsMs200k: ktMs,
    found200k: {
      measures: model.measures.length,
      assignments: model.assignments.length,
      deadlines: model.deadlines.length,
      actionAreas: model.actionAreas.length,
      isPolicy: model.isPolicy,
    },
  };
}

function formatAnalysisBench(f: AnalysisBenchFigures): string {
  const ms = (x: number) => (Number.isFinite(x) ? `${x.toFixed(2)} ms` : 'n/a');
  return [
    `analysis benchmark (median of ${f.runs} runs)`,
    `  200k document: ${f.chars200k} chars, found ${f.found200k.measures} measures, ${f.found200k.assignments} assignments, ${f.found200k.deadlines} deadlines, ${f.found200k.actionAreas} action areas (isPolicy ${f.found200k.isPolicy})`,
    `  analyze 200k:          ${ms(f.analyzeMs200k)} median, ${ms(f.analyzeMinMs200k)} fastest, ${ms(f.analyzeColdMs200k)} first call (cold)`,
    `  plain pass 200k:       ${ms(f.plainPassMs200k)}`,
    `  ratio to plain pass:   ${f.ratioToPlainPass.toFixed(1)}× median, ${(f.analyzeMinMs200k / f.plainPassMs200k).toFixed(1)}× fastest (aim ≤ 30×)`,
    `  analyze 2M (${f.chars2m} chars): ${ms(f.analyzeMs2m)} median, ${ms(f.analyzeMinMs2m)} fastest`,
    `  2M / 200k:             ${f.scaling2mOver200k.toFixed(1)}× (aim ≈ 10×)`,
    `  jieba cut 200k:        ${ms(f.jiebaCutMs200k)}`,
    `  addKeyTerms 200k:      ${ms(f.addKeyTermsMs200k)}`,
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const runsArg = process.argv.find((a) => a.startsWith('--runs='));
  void runAnalysisBench({ runs: runsArg ? Number(runsArg.slice(7)) : undefined, jieba: !process.argv.includes('--no-jieba') }).then((f) =>
    console.log(formatAnalysisBench(f)),
  );
}

/** Prints the figures (used by tests/bench/run.ts, `npm run bench`). */
export function printAnalysisBench(f: AnalysisBenchFigures): void {
  console.log(formatAnalysisBench(f));
}
