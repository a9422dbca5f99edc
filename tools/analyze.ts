/**
 * `npm run --silent analyze -- FILE...`
 *
 * Prints ONE PolicyModel JSON object for one file, a JSON array for several (in argument
 * order). A file that cannot be read or parsed is reported on stderr and left out; the
 * other files are still analysed; the exit code is then 1. Usage errors exit 2.
 *
 * Options: --no-key-terms (skip jieba), --today YYYY-MM-DD, --url URL (single file), --text
 * (include the analysed text next to the model: { file, model, text }).
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzeFile, type AnalyzeFileOptions } from './pipeline/node';

function usage(): string {
  return 'usage: npm run --silent analyze -- [--no-key-terms] [--today YYYY-MM-DD] [--url URL] [--text] FILE...';
}

export async function main(argv: string[]): Promise<number> {
  const files: string[] = [];
  const opts: AnalyzeFileOptions = {};
  let withText = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--no-key-terms') opts.keyTerms = false;
    else if (a === '--text') withText = true;
    else if (a === '--today' || a === '--url') {
      const val = argv[++i];
      if (!val) {
        console.error(`${a} needs a value\n${usage()}`);
        return 2;
      }
      if (a === '--today') {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(val)) {
          console.error(`--today must be YYYY-MM-DD, got ${val}`);
          return 2;
        }
        opts.today = val;
      } else opts.url = val;
    } else if (a === '-h' || a === '--help') {
      console.log(usage());
      return 0;
    } else if (a.startsWith('--')) {
      console.error(`unknown option ${a}\n${usage()}`);
      return 2;
    } else files.push(a);
  }
  if (!files.length) {
    console.error(usage());
    return 2;
  }
  const results: unknown[] = [];
  let failed = 0;
  for (const f of files) {
    try {
      const { model, text } = await analyzeFile(f, opts);
      results.push(withText ? { file: f, model, text } : model);
    } catch (e) {
      failed++;
      console.error(`analyze: ${f}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (files.length === 1) {
    if (results.length) process.stdout.write(JSON.stringify(results[0], null, 2) + '\n');
  } else {
    process.stdout.write(JSON.stringify(results, null, 2) + '\n');
  }
  return failed ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      console.error(e);
      process.exitCode = 2;
    },
  );
}
