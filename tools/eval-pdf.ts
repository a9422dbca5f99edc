/**
 * The PDF half of `npm run eval`: every page of the real corpus printed as a PDF by Chromium
 * (tools/pipeline/print-pdf.ts), read back through the PDF path (tools/pipeline/pdf.ts →
 * lib/pdf → the engine) and scored by the corpus's own scorer, next to the HTML path.
 *
 * The PDFs are cached under .cache/pdf-eval/ (outside git; the corpus itself is never copied
 * into the project), keyed by the page's bytes and PRINT_VERSION, so a second run prints
 * nothing. The scorer gets a folder of links: docs/NAME.html → the cached PDF (the pipeline
 * knows a PDF by its %PDF- header, whatever the name) and gold/ → the corpus's labels.
 * Without Chromium the step says so and is skipped (the HTML eval stands on its own).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inputFromPdf } from './pipeline/pdf';
import { chromiumPath, printPdfs, type PrintJob } from './pipeline/print-pdf';

/** Change to print every page again (new print options, a new Chromium). */
const PRINT_VERSION = 'a4-25x20mm-header-footer-scale0.8-v2';

export interface PdfDocStat {
  doc: string;
  pages: number;
  kB: number;
  /** pdf.js: parse and read every page's text content. */
  readMs: number;
  /** lib/pdf: items → text model. */
  modelMs: number;
}

export interface PdfCorpus {
  dir: string;
  stats: PdfDocStat[];
  printed: number;
  dispose(): void;
}

/** Print (or take from the cache) the corpus's pages as PDFs and lay them out for the scorer. */
export async function pdfCorpus(root: string, corpusDir: string, only?: string[]): Promise<PdfCorpus | { skipped: string }> {
  const exe = chromiumPath();
  if ('missing' in exe) return { skipped: exe.missing };
  const cache = join(root, '.cache', 'pdf-eval');
  mkdirSync(cache, { recursive: true });
  const docs = readdirSync(join(corpusDir, 'docs'))
    .filter((n) => n.endsWith('.html'))
    .map((n) => n.slice(0, -5))
    .filter((d) => !only || only.some((o) => d.startsWith(o)))
    .sort();
  const pdfOf = new Map<string, string>();
  const jobs: PrintJob[] = [];
  for (const d of docs) {
    const html = join(corpusDir, 'docs', `${d}.html`);
    const key = createHash('sha256').update(PRINT_VERSION).update(readFileSync(html)).digest('hex').slice(0, 12);
    const pdf = join(cache, `${d}-${key}.pdf`);
    pdfOf.set(d, pdf);
    if (!existsSync(pdf)) jobs.push({ html, pdf });
  }
  if (jobs.length) {
    try {
      await printPdfs(jobs);
    } catch (e) {
      return { skipped: `Chromium could not print: ${(e as Error).message.split('\n')[0]}` };
    }
  }
  const stats: PdfDocStat[] = [];
  for (const d of docs) {
    const buf = readFileSync(pdfOf.get(d)!);
    const r = await inputFromPdf(buf, d);
    stats.push({ doc: d, pages: r.model.pageStarts.length, kB: Math.round(buf.length / 1024), readMs: r.readMs, modelMs: r.modelMs });
  }
  const dir = mkdtempSync(join(tmpdir(), 'policy-lens-pdf-'));
  mkdirSync(join(dir, 'docs'));
  symlinkSync(join(corpusDir, 'gold'), join(dir, 'gold'));
  for (const d of docs) symlinkSync(pdfOf.get(d)!, join(dir, 'docs', `${d}.html`));
  return { dir, stats, printed: jobs.length, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** HTML and PDF side by side, with the difference per field; `aim` marks the fields beyond it. */
export function compareTable(fields: readonly string[], html: Record<string, number>, pdf: Record<string, number>, aim = 0.02): string {
  const f = (x: number) => x.toFixed(3);
  const lines = ['field         HTML    PDF     diff'];
  for (const k of fields) {
    const d = (pdf[k] ?? 0) - (html[k] ?? 0);
    lines.push(`${k.padEnd(12)}  ${f(html[k] ?? 0)}   ${f(pdf[k] ?? 0)}   ${d >= 0 ? '+' : ''}${f(d)}${-d > aim + 1e-9 ? `  (more than ${aim} below)` : ''}`);
  }
  return lines.join('\n');
}

/** One line per document: pages, size, pdf.js and lib/pdf milliseconds. */
export function statLines(stats: PdfDocStat[]): string {
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? 0;
  const rows = stats.map(
    (s) =>
      `  ${s.doc.padEnd(28)} ${String(s.pages).padStart(3)} p ${String(s.kB).padStart(5)} kB   pdf.js ${s.readMs.toFixed(0).padStart(5)} ms   model ${s.modelMs.toFixed(1).padStart(6)} ms`,
  );
  rows.push(`  median: pdf.js ${med(stats.map((s) => s.readMs)).toFixed(0)} ms, model ${med(stats.map((s) => s.modelMs)).toFixed(1)} ms per document`);
  return rows.join('\n');
}
