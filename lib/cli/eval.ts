/**
 * `npm run eval [-- --verbose] [--min-f1 0.9] [FILTER...]`
 *
 * Runs every seeds/expected/*.json against the engine (analyzeFile from lib/pipeline/node.ts),
 * prints P/R/F1 per category (micro-averaged over the corpus) and exits 1 when any F1 is
 * below the gate, 2 when the corpus or the engine cannot be loaded.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { PolicyModel } from '../analysis/types';
import { parseExpected, type ExpectedDoc } from '../eval/expected';
import {
  failingCategories,
  formatMisses,
  formatTable,
  scoreCorpus,
  scoreDocument,
  type CorpusScore,
} from '../eval/score';

export const SEEDS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../seeds');

export interface CorpusEntry {
  /** The expected JSON file. */
  expectedPath: string;
  /** The page it describes. */
  pagePath: string;
  expected: ExpectedDoc;
}

/** Reads and validates every expected file; throws one error listing all problems. */
export function loadCorpus(seedsDir = SEEDS_DIR): CorpusEntry[] {
  const dir = join(seedsDir, 'expected');
  if (!existsSync(dir)) throw new Error(`no expected files: ${dir} does not exist`);
  const problems: string[] = [];
  const entries: CorpusEntry[] = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    const expectedPath = join(dir, name);
    try {
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(expectedPath, 'utf8'));
      } catch (e) {
        throw new Error(`${name}: not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
      }
      const expected = parseExpected(json, name);
      const pagePath = join(seedsDir, expected.file);
      if (!existsSync(pagePath)) throw new Error(`${name}: page ${expected.file} does not exist`);
      entries.push({ expectedPath, pagePath, expected });
    } catch (e) {
      problems.push(e instanceof Error ? e.message : String(e));
    }
  }
  if (problems.length) throw new Error(problems.join('\n'));
  if (!entries.length) throw new Error(`no expected files in ${dir}`);
  return entries;
}

export type AnalyzeFile = (path: string) => Promise<{ model: PolicyModel }>;

/** Loads analyzeFile from lib/pipeline/node.ts (a colleague's module) with a runtime check. */
export async function loadEngine(): Promise<AnalyzeFile> {
  const url = new URL('../pipeline/node.ts', import.meta.url);
  let mod: unknown;
  try {
    mod = await import(/* @vite-ignore */ url.href);
  } catch (e) {
    throw new Error(`cannot load the engine pipeline (${fileURLToPath(url)}): ${e instanceof Error ? e.message : String(e)}`);
  }
  const fn = (mod as { analyzeFile?: unknown }).analyzeFile;
  if (typeof fn !== 'function') throw new Error('lib/pipeline/node.ts does not export analyzeFile(path)');
  return fn as AnalyzeFile;
}

/** Analyses every page and scores it. A page the engine throws on is reported and scored as empty. */
export async function evaluate(entries: CorpusEntry[], analyzeFile: AnalyzeFile): Promise<{ score: CorpusScore; errors: string[] }> {
  const errors: string[] = [];
  const docs = [];
  for (const entry of entries) {
    let model: PolicyModel;
    try {
      ({ model } = await analyzeFile(entry.pagePath));
    } catch (e) {
      errors.push(`${entry.expected.file}: engine failed: ${e instanceof Error ? e.message : String(e)}`);
      model = emptyModel();
    }
    docs.push(scoreDocument(model, entry.expected));
  }
  return { score: scoreCorpus(docs), errors };
}

function emptyModel(): PolicyModel {
  return {
    isPolicy: false,
    detection: { score: 0, reasons: ['engine error'] },
    meta: { title: null, docNumber: null, issuer: null, date: null },
    measures: [],
    assignments: [],
    deadlines: [],
    actionAreas: [],
    range: [0, 0],
    engine: 'none',
  };
}

async function main(argv: string[]): Promise<number> {
  let verbose = false;
  let minF1 = 0.9;
  const filters: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--verbose' || a === '-v') verbose = true;
    else if (a === '--min-f1') {
      minF1 = Number(argv[++i]);
      if (!(minF1 >= 0 && minF1 <= 1)) {
        console.error('--min-f1 needs a number between 0 and 1');
        return 2;
      }
    } else if (a === '--help' || a === '-h') {
      console.log('usage: npm run eval -- [--verbose] [--min-f1 0.9] [FILTER...]  (FILTER: substring of the page path)');
      return 0;
    } else filters.push(a);
  }
  let entries: CorpusEntry[];
  let analyzeFile: AnalyzeFile;
  try {
    entries = loadCorpus();
    if (filters.length) entries = entries.filter((e) => filters.some((f) => e.expected.file.includes(f)));
    if (!entries.length) throw new Error(`no expected file matches ${filters.join(', ')}`);
    analyzeFile = await loadEngine();
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    return 2;
  }
  const { score, errors } = await evaluate(entries, analyzeFile);
  for (const err of errors) console.error(err);
  console.log(`${entries.length} documents\n`);
  console.log(formatTable(score, minF1));
  if (verbose) {
    console.log('');
    for (const doc of score.docs) console.log(formatMisses(doc));
  }
  const failing = failingCategories(score, minF1);
  if (failing.length) {
    console.log(`\nF1 below ${minF1}: ${failing.join(', ')}`);
    return 1;
  }
  return errors.length ? 1 : 0;
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
