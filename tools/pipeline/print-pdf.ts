/**
 * HTML pages → PDFs, printed by Chromium (`page.pdf()` through playwright-core, Debian's
 * /usr/bin/chromium or CHROMIUM_PATH): real PDFs with embedded CJK font subsets, as a reader's
 * "print to PDF" or a site's own PDF export makes them. Node only: the PDF accuracy eval
 * (tools/eval-pdf.ts) and the test fixtures' generator (tests/fixtures/pdf/make.ts) use it.
 *
 * Pages are printed offline with scripts off (the engine's HTML path runs no script either),
 * on A4 with GB/T 9704-like margins, shrunk to 80 % so a wide page's lines fit inside them; by default with a running header (the page's title) and a
 * footer page number "— N —", so the PDF path meets the furniture it must remove.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export interface PrintJob {
  /** The HTML file to print. */
  html: string;
  /** Where to write the PDF. */
  pdf: string;
}

export interface PrintOptions {
  /** Running header (title) and footer (— N —); default true. */
  furniture?: boolean;
}

/** The browser to print with, or a message saying why there is none. */
export function chromiumPath(): { path: string } | { missing: string } {
  const explicit = process.env.CHROMIUM_PATH;
  if (explicit) return existsSync(explicit) ? { path: explicit } : { missing: `CHROMIUM_PATH=${explicit} does not exist` };
  const found = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  return found ? { path: found } : { missing: 'Chromium is not installed (apt-get install -y chromium fonts-wqy-microhei, or set CHROMIUM_PATH)' };
}

const HEADER = '<div style="font-size:8px;width:100%;text-align:center;color:#555"><span class="title"></span></div>';
const FOOTER = '<div style="font-size:10px;width:100%;text-align:center">— <span class="pageNumber"></span> —</div>';

/** Print every job; returns the milliseconds each took. Throws when Chromium cannot start. */
export async function printPdfs(jobs: PrintJob[], opts: PrintOptions = {}): Promise<number[]> {
  const exe = chromiumPath();
  if ('missing' in exe) throw new Error(exe.missing);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: exe.path, headless: true, args: ['--no-sandbox'] });
  const furniture = opts.furniture !== false;
  try {
    const context = await browser.newContext({ offline: true, javaScriptEnabled: false, locale: 'zh-CN' });
    const page = await context.newPage();
    const times: number[] = [];
    for (const job of jobs) {
      const t0 = performance.now();
      await page.goto(pathToFileURL(job.html).href, { waitUntil: 'load' });
      await page.pdf({
        path: job.pdf,
        format: 'A4',
        margin: { top: '25mm', bottom: '25mm', left: '20mm', right: '20mm' },
        // Shrunk as a reader's "fit to page" does: at 100 % the glyphs of a wide page's lines
        // that run into the margins are clipped (and missing from the PDF).
        scale: 0.8,
        displayHeaderFooter: furniture,
        headerTemplate: furniture ? HEADER : '<span></span>',
        footerTemplate: furniture ? FOOTER : '<span></span>',
      });
      times.push(performance.now() - t0);
    }
    return times;
  } finally {
    await browser.close();
  }
}
