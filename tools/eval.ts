/**
 * `npm run eval [-- --verbose] [--check-floor] [--docs 05,07] [--no-pdf]`
 *
 * Scores the engine on two corpora with the real-document corpus's own scorer
 * (`../shared/corpus/score.mjs`, used as it is, so both tables count the same way):
 *   1. the real documents in `../shared/corpus` (read in place, never copied);
 *   2. the project's own seeds (`seeds/gold/*.json`, same label format, pages under `seeds/`),
 *      laid out for the scorer in a temporary folder of links.
 * The real table comes first. With --check-floor the exit code is 1 when a field of the real
 * corpus is below `tools/corpus-floor.json` (CI runs this through tests/unit/eval/floor.test.ts).
 * Then the real corpus again as PDFs (tools/eval-pdf.ts: every page printed by Chromium, read
 * through the PDF path, the same scorer), side by side with the HTML figures; skipped with a
 * message when Chromium is missing, and never part of --check-floor (CI's floor is the HTML path).
 * Then the citations (tools/eval-citations.ts): precision, recall and relation on the real
 * corpus's hand-made baseline and on the citation seeds.
 * Exit 2 when a corpus or the scorer cannot be found.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { citationLine, citationScores } from './eval-citations';
import { compareTable, pdfCorpus, statLines } from './eval-pdf';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CORPUS_DIR = resolve(process.env.POLICY_LENS_CORPUS ?? join(ROOT, '..', 'shared', 'corpus'));
export const SEEDS_DIR = join(ROOT, 'seeds');
export const FLOOR_FILE = join(ROOT, 'tools', 'corpus-floor.json');

export const FIELDS = ['detection', 'outline', 'assignments', 'leads', 'deadlines', 'dates', 'meta'] as const;
export type Field = (typeof FIELDS)[number];
export type Summary = Record<Field, number>;

export interface Scored {
  /** The scorer's whole output (per-document lines, the table, SUMMARY). */
  output: string;
  summary: Summary;
}

const SUMMARY_KEYS: Record<string, Field> = {
  detection: 'detection',
  outlineF1: 'outline',
  assignF1: 'assignments',
  leadF1: 'leads',
  deadlineF1: 'deadlines',
  dates: 'dates',
  meta: 'meta',
};

/** The figures of the scorer's last line: "SUMMARY detection=1.000 outlineF1=0.932 …". */
export function parseSummary(output: string): Summary {
  const line = output.split('\n').find((l) => l.startsWith('SUMMARY '));
  if (!line) throw new Error(`the scorer printed no SUMMARY line:\n${output.slice(-2000)}`);
  const out: Partial<Summary> = {};
  for (const [, k, v] of line.matchAll(/(\w+)=([\d.]+)/g)) {
    const f = SUMMARY_KEYS[k!];
    if (f) out[f] = Number(v);
  }
  for (const f of FIELDS) if (typeof out[f] !== 'number') throw new Error(`SUMMARY has no ${f}: ${line}`);
  return out as Summary;
}

/** Run the shared scorer on `corpus` (a folder with docs/ and gold/). */
export function score(corpus: string, extra: string[] = []): Scored {
  const scorer = join(CORPUS_DIR, 'score.mjs');
  if (!existsSync(scorer)) throw new Error(`the real-document corpus is not at ${CORPUS_DIR} (set POLICY_LENS_CORPUS to its folder)`);
  let output: string;
  try {
    output = execFileSync(process.execPath, [scorer, ROOT, '--corpus', corpus, ...extra], {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    // The scorer exits 1 when a field is below its own aims; its output is still the score.
    const out = (e as { stdout?: string }).stdout;
    if (typeof out !== 'string' || !out.includes('SUMMARY ')) throw e;
    output = out;
  }
  return { output, summary: parseSummary(output) };
}

/** One labelled seed: its gold file (the corpus's format, plus "page") and the page it labels. */
export interface SeedDoc {
  doc: string;
  /** Page path under seeds/ (the site folder and the path of its canonical URL). */
  page: string;
  pagePath: string;
  gold: Gold;
}

/** The fields of a gold label file the project reads (format: ../shared/corpus/README.md). */
export interface Gold {
  doc: string;
  page?: string;
  is_policy: boolean;
  title: string | null;
  doc_number: string | null;
  issuer: string | null;
  date: string | null;
  outline: { id: string; level: number; marker: string; title: string }[];
  assignments: { outline_id: string | null; units: string[]; lead: string[]; source_text?: string }[];
  deadlines: { text: string; normalized: string | null; outline_id: string | null; kind: string }[];
  action_areas: unknown[];
}

/** Every seeds/gold/*.json with its page; throws one error listing every problem. */
export function seedDocs(): SeedDoc[] {
  const goldDir = join(SEEDS_DIR, 'gold');
  const problems: string[] = [];
  const out: SeedDoc[] = [];
  for (const name of readdirSync(goldDir)
    .filter((n) => n.endsWith('.json'))
    .sort()) {
    let gold: Gold;
    try {
      gold = JSON.parse(readFileSync(join(goldDir, name), 'utf8')) as Gold;
    } catch (e) {
      problems.push(`seeds/gold/${name}: not JSON (${(e as Error).message})`);
      continue;
    }
    if (gold.doc !== name.slice(0, -5)) problems.push(`seeds/gold/${name}: "doc" must be the file name`);
    if (!gold.page) problems.push(`seeds/gold/${name}: needs "page" (the page under seeds/)`);
    else if (!existsSync(join(SEEDS_DIR, gold.page))) problems.push(`seeds/gold/${name}: page ${gold.page} does not exist`);
    else out.push({ doc: gold.doc, page: gold.page, pagePath: join(SEEDS_DIR, gold.page), gold });
  }
  if (problems.length) throw new Error(problems.join('\n'));
  return out;
}

/** The seeds as the scorer expects a corpus: docs/NAME.html (links to the pages) and gold/. */
export function seedCorpus(): { dir: string; dispose(): void } {
  const docs = seedDocs();
  const dir = mkdtempSync(join(tmpdir(), 'policy-lens-seeds-'));
  mkdirSync(join(dir, 'docs'));
  symlinkSync(join(SEEDS_DIR, 'gold'), join(dir, 'gold'));
  // The .txt seed is scored as text, as the scorer does for a corpus document without a page.
  for (const d of docs) symlinkSync(d.pagePath, join(dir, 'docs', `${d.doc}${d.page.endsWith('.txt') ? '.txt' : '.html'}`));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

export function readFloor(): Summary {
  const f = JSON.parse(readFileSync(FLOOR_FILE, 'utf8')) as Partial<Summary>;
  for (const k of FIELDS) if (typeof f[k] !== 'number') throw new Error(`${FLOOR_FILE}: missing ${k}`);
  return f as Summary;
}

/** Fields below the floor, as "outline 0.912 < 0.949". */
export function belowFloor(s: Summary, floor: Summary): string[] {
  return FIELDS.filter((k) => s[k] + 1e-9 < floor[k]).map((k) => `${k} ${s[k].toFixed(3)} < ${floor[k].toFixed(3)}`);
}

function table(s: Scored, verbose: boolean): string {
  const lines = s.output.trimEnd().split('\n');
  const at = lines.findIndex((l) => l.startsWith('field '));
  return (verbose ? lines : lines.slice(at)).join('\n');
}

async function main(argv: string[]): Promise<number> {
  const verbose = argv.includes('--verbose') || argv.includes('-v');
  const check = argv.includes('--check-floor');
  const di = argv.indexOf('--docs');
  const docs = di >= 0 ? ['--docs', argv[di + 1] ?? ''] : [];
  const extra = [...(verbose ? ['--verbose'] : []), ...docs];
  let real: Scored;
  let seeds: Scored;
  try {
    real = score(CORPUS_DIR, extra);
    const sc = seedCorpus();
    try {
      seeds = score(sc.dir, extra);
    } finally {
      sc.dispose();
    }
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    return 2;
  }
  console.log(`Real documents (${CORPUS_DIR}):\n${table(real, verbose)}\n`);
  console.log(`Own seeds (seeds/gold):\n${table(seeds, verbose)}`);
  if (!argv.includes('--no-pdf')) {
    const pc = await pdfCorpus(ROOT, CORPUS_DIR, di >= 0 ? (argv[di + 1] ?? '').split(',') : undefined);
    if ('skipped' in pc) console.log(`\nReal documents as PDF: skipped (${pc.skipped})`);
    else {
      try {
        const pdf = score(pc.dir, extra);
        console.log(`\nReal documents as PDF (printed by Chromium, ${pc.printed} printed now, the rest from .cache/pdf-eval):\n${table(pdf, verbose)}`);
        console.log(`\nHTML vs PDF (aim: within 0.02 on every field):\n${compareTable(FIELDS, real.summary, pdf.summary)}`);
        console.log(`\nPDF → text model, per document:\n${statLines(pc.stats)}`);
      } finally {
        pc.dispose();
      }
    }
  }
  const cites = await citationScores(ROOT, CORPUS_DIR);
  console.log('\nCitations (tools/eval-citations.ts)');
  if (cites.real) console.log(citationLine('  real documents (tools/citations-real.json)', cites.real, verbose));
  console.log(citationLine('  own seeds (seeds/citations)', cites.seeds, verbose));
  if (!check) return 0;
  const low = belowFloor(real.summary, readFloor());
  if (low.length) {
    console.log(`\nbelow the floor in tools/corpus-floor.json: ${low.join(', ')}`);
    return 1;
  }
  console.log('\nreal-corpus floor holds (tools/corpus-floor.json)');
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      console.error(e);
      process.exit(2);
    },
  );
}
