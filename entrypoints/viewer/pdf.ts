/**
 * The viewer's adapter over pdf.js (pdfjs-dist), the only module that imports it: a PDF's bytes
 * → its pages drawn into a container (a canvas each, drawn when it nears the screen, and the
 * text layer, laid out at once: the highlights and selections live on it) and lib/pdf's input
 * (each page's items at scale 1). pdf.js runs its parser in its worker, shipped as an extension
 * asset (no eval: `isEvalSupported: false`); its CMaps and standard fonts are extension assets
 * too (a PDF naming UniGB-UCS2-H without embedding its font would read empty without them).
 *
 * Failures are `PdfOpenError`s with a code the page words: 'encrypted' (a password is needed) or
 * 'broken' (not a PDF, or damaged).
 */
import { getDocument, GlobalWorkerOptions, TextLayer, type PDFDocumentProxy } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { pageText, type PdfjsItem } from '../../lib/pdf/text-layer';
import type { PdfPageText } from '../../lib/pdf/types';

GlobalWorkerOptions.workerSrc = workerUrl;

export class PdfOpenError extends Error {
  constructor(
    readonly code: 'encrypted' | 'broken',
    message: string,
  ) {
    super(message);
    this.name = 'PdfOpenError';
  }
}

export interface OpenedPdf {
  pages: PdfPageText[];
  /** Per page, the text layer's span of each item (pdf.js TextLayer.textDivs). */
  spans: Element[][];
  /** pdf.js's fingerprint of the file (its first ID, else a hash of its start): the PDF's identity beside its URL. */
  fingerprint: string;
  title: string | null;
  destroy(): Promise<void>;
}

/** CSS pixels per PDF point on screen. */
const SCALE = 1.3;

export async function openPdf(
  data: Uint8Array,
  container: HTMLElement,
  assets: { cMapUrl: string; standardFontDataUrl: string },
  /** A page's canvas is drawn (1-based). */
  drawn?: (page: number) => void,
): Promise<OpenedPdf> {
  const task = getDocument({ data, isEvalSupported: false, cMapPacked: true, ...assets, verbosity: 0 });
  let doc: PDFDocumentProxy;
  try {
    doc = await task.promise;
  } catch (e) {
    await task.destroy().catch(() => {});
    const name = (e as Error)?.name;
    if (name === 'PasswordException') throw new PdfOpenError('encrypted', (e as Error).message);
    throw new PdfOpenError('broken', (e as Error)?.message ?? String(e));
  }
  let title: string | null = null;
  try {
    const t = ((await doc.getMetadata()).info as { Title?: unknown } | undefined)?.Title;
    if (typeof t === 'string' && t.trim()) title = t.trim();
  } catch {
    /* no information dictionary */
  }
  const pages: PdfPageText[] = [];
  const spans: Element[][] = [];
  const draws = new Map<Element, () => void>();
  const observer = new IntersectionObserver(
    (entries) => {
      for (const en of entries) {
        if (!en.isIntersecting) continue;
        observer.unobserve(en.target);
        draws.get(en.target)?.();
        draws.delete(en.target);
      }
    },
    { rootMargin: '800px 0px' },
  );
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const at1 = page.getViewport({ scale: 1 });
    const viewport = page.getViewport({ scale: SCALE });
    const box = document.createElement('div');
    box.className = 'pl-pdf-page';
    box.dataset.page = String(n);
    box.style.width = `${viewport.width}px`;
    box.style.height = `${viewport.height}px`;
    box.style.setProperty('--total-scale-factor', String(SCALE));
    const canvas = document.createElement('canvas');
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.floor(viewport.width * ratio);
    canvas.height = Math.floor(viewport.height * ratio);
    const layer = document.createElement('div');
    layer.className = 'textLayer';
    box.append(canvas, layer);
    container.append(box);
    const paint = () => {
      const ctx = canvas.getContext('2d');
      if (!ctx) return Promise.resolve();
      return page
        .render({ canvas, canvasContext: ctx, viewport, transform: ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : undefined })
        .promise.then(() => drawn?.(n))
        .catch(() => {});
    };
    // the first page is drawn before anything else is read: it is what the reader waits for
    if (n === 1) await paint();
    const content = await page.getTextContent();
    const items = content.items.filter((x): x is PdfjsItem & (typeof content.items)[number] => 'str' in x);
    pages.push(pageText(items, at1.transform, at1.width, at1.height));
    const text = new TextLayer({ textContentSource: { ...content, items }, container: layer, viewport });
    await text.render();
    spans.push(text.textDivs);
    if (n > 1) {
      draws.set(box, () => void paint());
      observer.observe(box);
    }
  }
  return {
    pages,
    spans,
    fingerprint: doc.fingerprints[0] ?? '',
    title,
    async destroy() {
      observer.disconnect();
      await doc.destroy();
    },
  };
}
