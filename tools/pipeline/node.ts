/**
 * Node pipeline: file → text model → PolicyModel (+ key terms).
 *  .txt (and other plain text)  → the text as-is
 *  .html / .htm / .xhtml / .shtml → jsdom + extractTextModel (content range, metaFields, page title);
 *                                  url from <link rel="canonical"> or <meta name="url">.
 *  .pdf (or any file that starts as a PDF) → pdf.js text content → lib/pdf's text model (./pdf.ts);
 *                                  an encrypted, damaged or scanned (no text layer) PDF is an Error.
 * Node-only (fs, jsdom); extension code calls lib/analysis directly.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { createRequire } from 'node:module';
import { analyze } from '../../lib/analysis/index';
import type { AnalysisInput, PolicyModel } from '../../lib/analysis/types';
import { extractTextModel } from '../../lib/text/extract';
import { inputFromPdf } from './pdf';
import { looksLikePdf } from '../../lib/viewer/formats';

export interface AnalyzeFileOptions {
  /** Fill measure keyTerms with jieba (default true). */
  keyTerms?: boolean;
  /** Override the page URL. */
  url?: string;
  /** "Today" for relative deadlines. */
  today?: string;
}

export interface AnalyzeFileResult {
  model: PolicyModel;
  /** The text all offsets in `model` refer to. */
  text: string;
}

// jsdom ships no type declarations (and @types/jsdom is not installed): type the little we use.
interface JsdomWindow {
  document: Document;
  close(): void;
}
interface JsdomModule {
  JSDOM: new (html: string, opts?: { url?: string }) => { window: JsdomWindow };
}
const { JSDOM } = createRequire(import.meta.url)('jsdom') as JsdomModule;

const HTML_EXT = new Set(['.html', '.htm', '.xhtml', '.shtml']);

/** Decode bytes: UTF-8, or GB18030/GBK/Big5 when the page declares it or UTF-8 fails. */
function decode(buf: Buffer, isHtml: boolean): string {
  if (isHtml) {
    const head = buf.subarray(0, 2048).toString('latin1');
    const m = /charset\s*=\s*["']?\s*([\w-]+)/i.exec(head);
    const cs = m?.[1]?.toLowerCase();
    if (cs && cs !== 'utf-8' && cs !== 'utf8') {
      const label = cs === 'gb2312' || cs === 'gbk' ? 'gb18030' : cs;
      try {
        return new TextDecoder(label).decode(buf);
      } catch {
        /* unknown label: fall through to UTF-8 */
      }
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(buf);
  }
}

/** Input for `analyze` from an HTML string (exported for tests and the eval). */
export function inputFromHtml(html: string, url?: string): AnalysisInput {
  const dom = new JSDOM(html, url ? { url } : undefined);
  const doc = dom.window.document;
  const tm = extractTextModel(doc);
  const canonical =
    doc.querySelector('link[rel="canonical"]')?.getAttribute('href') ??
    doc.querySelector('meta[name="url"]')?.getAttribute('content') ??
    doc.querySelector('meta[property="og:url"]')?.getAttribute('content') ??
    undefined;
  const input: AnalysisInput = {
    text: tm.text,
    range: tm.content,
    metaFields: tm.metaFields,
    pageTitle: tm.pageTitle,
  };
  const u = url ?? canonical ?? undefined;
  if (u) input.url = u;
  dom.window.close();
  return input;
}

export async function analyzeFile(path: string, opts: AnalyzeFileOptions = {}): Promise<AnalyzeFileResult> {
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(`cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message}`);
  }
  const ext = extname(path).toLowerCase();
  const isPdf = ext === '.pdf' || looksLikePdf(buf);
  const isHtml = !isPdf && HTML_EXT.has(ext);
  const raw = isPdf ? '' : decode(buf, isHtml);
  if (!isHtml && !isPdf && raw.includes('\u0000')) throw new Error(`cannot analyse ${path}: binary file (NUL bytes), not text`);
  let input: AnalysisInput;
  if (isPdf) {
    input = (await inputFromPdf(buf, path)).input;
    if (opts.url) input.url = opts.url;
  } else if (isHtml) {
    try {
      input = inputFromHtml(raw, opts.url);
    } catch (e) {
      throw new Error(`cannot parse HTML ${path}: ${(e as Error).message}`);
    }
  } else {
    input = { text: raw.replace(/\r\n?/g, '\n') };
    if (opts.url) input.url = opts.url;
  }
  if (opts.today) input.today = opts.today;
  let model = analyze(input);
  if (opts.keyTerms !== false && model.measures.length) {
    try {
      const seg = await import('../../lib/segment/index');
      model = seg.addKeyTerms(model, input.text);
    } catch (e) {
      // Key terms are an enhancement; the analysis stands without them.
      process.emitWarning(`key terms skipped: ${(e as Error).message}`);
    }
  }
  return { model, text: input.text };
}
