/**
 * Node adapter: a PDF file → lib/pdf's input (per page, positioned text runs in top-left
 * coordinates) → the PDF text model → the engine's AnalysisInput.
 *
 * pdf.js is read here and only here (lib/pdf knows nothing of it): the legacy build (Node 20),
 * no worker thread (pdf.js's in-process fallback), no eval, no font loading (only the text
 * content is read, never rendered). One `PdfTextItem` per pdf.js text item, in pdf.js's order,
 * so an item index is the index of the span pdf.js's text layer would make for it.
 *
 * Failures are errors with a message a reader can act on: an encrypted file ("encrypted PDF"),
 * a file that is not a PDF or is damaged ("not a readable PDF"), and a PDF whose pages carry no
 * text (`ScannedPdfError`, "扫描件，无文字层": scanned pages; OCR them first).
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { AnalysisInput } from '../../lib/analysis/types';
import { pdfMetaFields } from '../../lib/pdf/meta';
import { buildPdfModel } from '../../lib/pdf/model';
import { pageText, type PdfjsItem } from '../../lib/pdf/text-layer';
import type { PdfPageText, PdfTextModel } from '../../lib/pdf/types';

const PDFJS_DIR = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')) + '/';

/** The message of a PDF without a text layer (the viewer will show the same words). */
export const SCANNED_MESSAGE = '扫描件，无文字层';

export class ScannedPdfError extends Error {
  readonly code = 'scanned';
  constructor(
    readonly file: string,
    readonly pages: number,
  ) {
    super(`${SCANNED_MESSAGE} (scanned PDF: its ${pages} page(s) carry no text layer to read; OCR it first)`);
    this.name = 'ScannedPdfError';
  }
}

export interface ReadPdf {
  pages: PdfPageText[];
  /** The document information dictionary's Title, when there is one. */
  title: string | null;
  /** Milliseconds spent in pdf.js (parse + text content of every page). */
  readMs: number;
}

/** Read every page's text content. Throws the errors described above (not ScannedPdfError). */
export async function readPdf(data: Uint8Array, file = 'PDF'): Promise<ReadPdf> {
  const t0 = performance.now();
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  // pdf.js may transfer (detach) the buffer it is given: hand it a copy.
  const task = pdfjs.getDocument({
    data: new Uint8Array(data),
    // PDFs that name a standard CJK encoding (UniGB-UCS2-H …) instead of embedding their font
    // need pdf.js's CMaps, or their text comes back empty.
    cMapUrl: PDFJS_DIR + 'cmaps/',
    cMapPacked: true,
    standardFontDataUrl: PDFJS_DIR + 'standard_fonts/',
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: 0,
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (e) {
    await task.destroy().catch(() => {});
    const name = (e as Error).name;
    if (name === 'PasswordException') throw new Error(`cannot read ${file}: encrypted PDF (it needs a password); save an unprotected copy first`);
    throw new Error(`cannot read ${file}: not a readable PDF (damaged or not a PDF: ${(e as Error).message})`);
  }
  try {
    let title: string | null = null;
    try {
      const meta = await doc.getMetadata();
      const t = (meta.info as { Title?: unknown } | undefined)?.Title;
      if (typeof t === 'string' && t.trim()) title = t.trim();
    } catch {
      /* no information dictionary: no title */
    }
    const pages: PdfPageText[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const vp = page.getViewport({ scale: 1 });
      const content = await page.getTextContent();
      // the text items only (no marked content is asked for): item i is the viewer's text-layer span i
      const items = (content.items as Partial<PdfjsItem>[]).filter((x): x is PdfjsItem => typeof x.str === 'string' && Array.isArray(x.transform));
      pages.push(pageText(items, vp.transform, vp.width, vp.height));
      page.cleanup();
    }
    return { pages, title, readMs: performance.now() - t0 };
  } catch (e) {
    throw new Error(`cannot read ${file}: damaged PDF (${(e as Error).message})`);
  } finally {
    await doc.destroy();
  }
}

export interface PdfInput {
  input: AnalysisInput;
  model: PdfTextModel;
  readMs: number;
  modelMs: number;
}

/** A PDF file's bytes → the engine's input (and the PDF text model it came from). */
export async function inputFromPdf(data: Uint8Array, file = 'PDF'): Promise<PdfInput> {
  const read = await readPdf(data, file);
  const t0 = performance.now();
  const model = buildPdfModel(read.pages);
  const modelMs = performance.now() - t0;
  if (model.textChars === 0) throw new ScannedPdfError(file, read.pages.length);
  const input: AnalysisInput = { text: model.text, range: model.content, tables: model.tables, metaFields: pdfMetaFields(model.text) };
  if (read.title) input.pageTitle = read.title;
  return { input, model, readMs: read.readMs, modelMs };
}
