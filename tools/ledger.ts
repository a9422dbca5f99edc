/**
 * `npm run ledger -- DIR [--out ledger.xlsx|ledger.csv|ledger.jsonl] [--jobs N] [--today YYYY-MM-DD]`
 *
 * The cross-document ledger of a folder of policy files, as the library builds it
 * (lib/library/ledger.ts): every .html/.htm/.shtml/.txt/.pdf under DIR is analysed — in parallel, in
 * worker threads (--jobs, default: all cores) — and its rows (document, measure, unit, role,
 * deadline) and citations written:
 *   .xlsx   a workbook: the ledger, the documents and the citations, one sheet each
 *           (lib/library/workbook.ts, as the library page writes it);
 *   .csv    the ledger (UTF-8 with BOM, CRLF, formula-guarded), and the citations beside it
 *           (NAME.citations.csv);
 *   .jsonl  one JSON object per line: {"kind":"row",…} and {"kind":"citation",…}.
 * Progress goes to stderr (a bar on a terminal, a line per tenth otherwise). A file that fails
 * is reported with its reason and the others go on; the exit code is then 1 (2: usage).
 */
import { availableParallelism } from 'node:os';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { libraryEntry } from '../lib/library/entry';
import { crossLedger, ledgerCsv, tableCsv, type CrossLedgerRow, type LedgerDocument } from '../lib/library/ledger';
import { ledgerWorkbook, RELATION_WORD } from '../lib/library/workbook';
import type { Citation } from '../lib/analysis/types';

const EXTS = new Set(['.html', '.htm', '.shtml', '.txt', '.pdf']);

export interface LedgerResult {
  /** The policy documents analysed (pages the engine calls no policy are left out). */
  documents: LedgerDocument[];
  rows: CrossLedgerRow[];
  citations: (Citation & { docId: string })[];
  failed: { file: string; reason: string }[];
  files: number;
}

/** Every policy file under `dir`, sorted (deterministic output). */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (EXTS.has(extname(name).toLowerCase())) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** A worker's answer: the document as the ledger takes it, and its citations with their offsets (the .jsonl keeps them). */
type Answer = { i: number; ok: true; doc: LedgerDocument; isPolicy: boolean; citations: Citation[] } | { i: number; ok: false; reason: string };

/** Analyse `files` with `jobs` worker threads; `progress(done, total)` after each file. */
export async function buildLedgerOf(
  dir: string,
  opts: { jobs?: number; today?: string; progress?: (done: number, total: number, file: string) => void } = {},
): Promise<LedgerResult> {
  const files = listFiles(dir);
  const jobs = Math.max(1, Math.min(opts.jobs ?? availableParallelism(), files.length || 1));
  const docs: ({ doc: LedgerDocument; citations: Citation[] } | null)[] = files.map(() => null);
  const failed: LedgerResult['failed'] = [];
  let next = 0;
  let done = 0;
  const self = fileURLToPath(import.meta.url);
  await Promise.all(
    Array.from({ length: jobs }, async () => {
      // tsx's loader is registered in the worker first: workers do not inherit it.
      const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(self).href)}); })`;
      const w = new Worker(boot, { eval: true, workerData: { today: opts.today } });
      try {
        await new Promise<void>((resolveAll, reject) => {
          const send = () => (next < files.length ? w.postMessage({ i: next, file: files[next++] }) : resolveAll());
          w.on('message', (a: Answer) => {
            const file = relative(dir, files[a.i]!);
            if (a.ok) docs[a.i] = a.isPolicy ? { doc: { ...a.doc, id: file }, citations: a.citations } : null;
            else failed.push({ file, reason: a.reason });
            opts.progress?.(++done, files.length, file);
            send();
          });
          w.on('error', reject);
          send();
        });
      } finally {
        await w.terminate();
      }
    }),
  );
  const kept = docs.filter((d) => d !== null);
  const documents = kept.map((d) => d.doc);
  return {
    documents,
    rows: crossLedger(documents),
    citations: kept.flatMap((d) => d.citations.map((c) => ({ docId: d.doc.id, ...c }))),
    failed: failed.sort((a, b) => a.file.localeCompare(b.file)),
    files: files.length,
  };
}

const CITATION_COLUMNS: [keyof (Citation & { docId: string }), string][] = [
  ['docId', '文件'],
  ['title', '引用文件'],
  ['docNumber', '发文字号'],
  ['relation', '关系'],
  ['verb', '原文'],
  ['measureId', '措施'],
];

/** Write the result to `out` (.xlsx, .csv or .jsonl); answers the files written. */
export async function writeLedger(r: LedgerResult, out: string): Promise<string[]> {
  const ext = extname(out).toLowerCase();
  if (ext === '.xlsx') {
    const blob = await ledgerWorkbook({ rows: r.rows, documents: r.documents });
    writeFileSync(out, Buffer.from(await blob.arrayBuffer()));
    return [out];
  }
  if (ext === '.jsonl') {
    const lines = [...r.rows.map((x) => JSON.stringify({ kind: 'row', ...x })), ...r.citations.map((c) => JSON.stringify({ kind: 'citation', ...c }))];
    writeFileSync(out, lines.length ? `${lines.join('\n')}\n` : '');
    return [out];
  }
  if (ext === '.csv') {
    const cites = out.replace(/\.csv$/i, '.citations.csv');
    writeFileSync(out, ledgerCsv(r.rows));
    writeFileSync(
      cites,
      tableCsv(
        CITATION_COLUMNS.map(([, h]) => h),
        r.citations.map((c) => CITATION_COLUMNS.map(([k]) => (k === 'relation' ? RELATION_WORD[c.relation] : ((c[k] as string | null) ?? null)))),
      ),
    );
    return [out, cites];
  }
  throw new Error(`--out must end in .xlsx, .csv or .jsonl (got ${out})`);
}

function bar(done: number, total: number, file: string, tty: boolean, last: { tenth: number }): string | null {
  if (tty) {
    const w = 30;
    const k = Math.round((done / total) * w);
    return `\r[${'='.repeat(k)}${' '.repeat(w - k)}] ${done}/${total} ${file.slice(-40).padEnd(40)}`;
  }
  const tenth = Math.floor((done / total) * 10);
  if (tenth === last.tenth && done !== total) return null;
  last.tenth = tenth;
  return `${done}/${total} files\n`;
}

export async function main(argv: string[]): Promise<number> {
  const usage = 'usage: npm run ledger -- DIR [--out ledger.xlsx|ledger.csv|ledger.jsonl] [--jobs N] [--today YYYY-MM-DD]';
  let dir: string | null = null;
  let out = 'ledger.csv';
  let jobs: number | undefined;
  let today: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--out' || a === '--jobs' || a === '--today') {
      const v = argv[++i];
      if (!v) return (console.error(`${a} needs a value\n${usage}`), 2);
      if (a === '--out') out = v;
      else if (a === '--jobs') jobs = Number(v);
      else today = v;
    } else if (!dir) dir = a;
    else return (console.error(`unexpected ${a}\n${usage}`), 2);
  }
  if (!dir || (jobs !== undefined && !(jobs >= 1))) return (console.error(usage), 2);
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a folder');
  } catch (e) {
    console.error(`cannot read ${dir}: ${(e as Error).message}\n${usage}`);
    return 2;
  }
  if (!/\.(xlsx|csv|jsonl)$/i.test(out)) return (console.error(`--out must end in .xlsx, .csv or .jsonl\n${usage}`), 2);
  // before minutes of analysis, not after: the folder the ledger goes to must be there
  try {
    if (!statSync(dirname(resolve(out))).isDirectory()) throw new Error('not a folder');
  } catch (e) {
    console.error(`cannot write ${out}: ${dirname(resolve(out))}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such folder' : (e as Error).message}`);
    return 2;
  }
  const tty = process.stderr.isTTY === true;
  const last = { tenth: -1 };
  const r = await buildLedgerOf(resolve(dir), {
    jobs,
    today,
    progress: (d, t, f) => {
      const s = bar(d, t, f, tty, last);
      if (s) process.stderr.write(s);
    },
  });
  if (tty) process.stderr.write('\n');
  for (const f of r.failed) console.error(`failed: ${f.file}: ${f.reason}`);
  const written = await writeLedger(r, out);
  console.error(
    `${r.files} files, ${r.files - r.failed.length} analysed, ${r.failed.length} failed; ${r.rows.length} ledger rows, ${r.citations.length} citations → ${written.join(', ')}`,
  );
  return r.failed.length ? 1 : 0;
}

if (!isMainThread) {
  // A worker: analyse the files it is given, one at a time.
  const { analyzeFile } = await import('./pipeline/node');
  const { today } = workerData as { today?: string };
  parentPort!.on('message', async ({ i, file }: { i: number; file: string }) => {
    try {
      const { model } = await analyzeFile(file, { keyTerms: false, ...(today ? { today } : {}) });
      const a: Answer = {
        i,
        ok: true,
        doc: {
          id: file,
          title: model.meta.title,
          docNumber: model.meta.docNumber,
          issuer: model.meta.issuer,
          date: model.meta.date,
          entry: libraryEntry(file, '', model),
        },
        isPolicy: model.isPolicy,
        citations: model.citations ?? [],
      };
      parentPort!.postMessage(a);
    } catch (e) {
      parentPort!.postMessage({ i, ok: false, reason: e instanceof Error ? e.message : String(e) } satisfies Answer);
    }
  });
} else if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      console.error(e);
      process.exit(2);
    },
  );
}
