/**
 * A 50-page policy PDF (`npm run bench -- pdf`): the real corpus's policy texts printed by
 * Chromium into one document of at least 50 pages, then
 *   1. in Node: pdf.js reading every page's text, the PDF text model, the engine, and the heap
 *      they leave (the same path `npm run analyze` / `npm run ledger` take);
 *   2. in real Chromium, the built extension's viewer: the file chosen → the first page drawn →
 *      the analysis painted on the text layer, and the page's JS heap after it.
 * Figures, not pass/fail: the aims (first page ≤ 500 ms, text model and analysis ≤ 2 s) are
 * printed beside them.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../lib/analysis';
import { buildPdfModel } from '../../lib/pdf/model';
import { printPdfs } from '../../tools/pipeline/print-pdf';
import { readPdf } from '../../tools/pipeline/pdf';
import { CORPUS_DIR } from '../../tools/eval';

export interface PdfBench {
  pages: number;
  bytes: number;
  chars: number;
  node: { readMs: number; modelMs: number; analyzeMs: number; heapMB: number };
  browser: { firstPageMs: number; analysedMs: number; heapMB: number | null } | { skipped: string };
}

/** One long policy page: the corpus's texts one after the other, as paragraphs. */
function longPolicyHtml(minChars: number): string {
  const dir = join(CORPUS_DIR, 'docs');
  const texts = readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8'));
  const lines: string[] = [];
  for (let i = 0, n = 0; n < minChars; i++) {
    const t = texts[i % texts.length]!;
    lines.push(...t.split('\n').filter((l) => l.trim()));
    n += t.length;
  }
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(lines[0]!)}</title>
<style>body{font-family:'WenQuanYi Micro Hei',sans-serif;font-size:16pt;line-height:1.6}p{margin:0 0 .4em;text-indent:2em}</style></head>
<body>${lines.map((l) => `<p>${esc(l)}</p>`).join('\n')}</body></html>`;
}

async function inViewer(pdf: Buffer): Promise<PdfBench['browser']> {
  const { launchBrowser } = await import('../harness/index');
  const { start } = await import('../harness/server');
  const server = await start(0);
  const h = await launchBrowser('chromium', { serverPort: server.port });
  try {
    const viewer = await h.openExtensionPage('viewer.html');
    await h.waitFor(viewer, () => document.body.dataset.state === 'empty', 30_000, 'viewer drawn');
    await h.evaluate(
      viewer,
      (b64: string) => {
        const dt = new DataTransfer();
        dt.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], 'bench.pdf'));
        const input = document.querySelector<HTMLInputElement>('[data-input="file"]')!;
        input.files = dt.files;
        input.dispatchEvent(new Event('change', { bubbles: true }));
      },
      pdf.toString('base64'),
    );
    await h.waitFor(
      viewer,
      () => document.body.dataset.state === 'ready' && performance.getEntriesByName('pl:viewer-first-page').length > 0,
      120_000,
      'the PDF analysed and its first page drawn',
    );
    return await h.evaluate(viewer, () => {
      const at = (n: string) => performance.getEntriesByName(n)[0]!.startTime;
      const open = at('pl:viewer-open');
      const heap = (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize;
      return { firstPageMs: at('pl:viewer-first-page') - open, analysedMs: at('pl:viewer-analysed') - open, heapMB: heap ? heap / 2 ** 20 : null };
    });
  } finally {
    await h.close();
    await server.close();
  }
}

export async function runPdfBench(): Promise<PdfBench> {
  const dir = mkdtempSync(join(tmpdir(), 'pl-bench-pdf-'));
  try {
    let chars = 45_000;
    let data: Buffer;
    let read: Awaited<ReturnType<typeof readPdf>>;
    // print, and print longer until the document has 50 pages
    for (;;) {
      writeFileSync(join(dir, 'long.html'), longPolicyHtml(chars));
      await printPdfs([{ html: join(dir, 'long.html'), pdf: join(dir, 'long.pdf') }]);
      data = readFileSync(join(dir, 'long.pdf'));
      read = await readPdf(data, 'long.pdf');
      if (read.pages.length >= 50) break;
      chars = Math.ceil((chars * 52) / read.pages.length);
      if (read.pages.length === 0) throw new Error('the bench PDF has no page');
    }
    const heap0 = process.memoryUsage().heapUsed;
    const again = await readPdf(data, 'long.pdf'); // warm: the module is loaded
    const m0 = performance.now();
    const model = buildPdfModel(again.pages);
    const m1 = performance.now();
    const analysis = analyze({ text: model.text, range: model.content, tables: model.tables });
    const m2 = performance.now();
    const heapMB = (process.memoryUsage().heapUsed - heap0) / 2 ** 20;
    if (!analysis.measures.length) throw new Error('the bench PDF gave no measures');
    let browser: PdfBench['browser'];
    try {
      browser = await inViewer(data);
    } catch (e) {
      browser = { skipped: (e as Error).message };
    }
    return {
      pages: read.pages.length,
      bytes: data.length,
      chars: model.text.length,
      node: { readMs: again.readMs, modelMs: m1 - m0, analyzeMs: m2 - m1, heapMB },
      browser,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printPdfBench(f: PdfBench): void {
  const ms = (x: number) => `${x.toFixed(0)} ms`.padStart(8);
  console.log(`${f.pages} pages, ${(f.bytes / 2 ** 20).toFixed(1)} MB, ${f.chars} characters of text`);
  console.log(
    `in Node: pdf.js reads the text ${ms(f.node.readMs)}, text model ${ms(f.node.modelMs)}, analysis ${ms(f.node.analyzeMs)}; heap +${f.node.heapMB.toFixed(0)} MB`,
  );
  if ('skipped' in f.browser) return console.log(`in Chromium: skipped (${f.browser.skipped})`);
  const b = f.browser;
  console.log(`in Chromium (the viewer): first page drawn ${ms(b.firstPageMs)}   aim ≤ 500 ms`);
  console.log(
    `                          analysis painted ${ms(b.analysedMs)}   aim ≤ 2,000 ms (every page's text layer, the text model, the engine, the painter)`,
  );
  console.log(`                          JS heap after ${b.heapMB === null ? 'n/a' : `${b.heapMB.toFixed(0)} MB`}`);
}
