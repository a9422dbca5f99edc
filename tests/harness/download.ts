/**
 * Capture a file the page downloads (Blob + <a download>, as the side panel's export does).
 * Chromium only: Playwright reports downloads of a persistent context as 'download' events.
 */
import { readFile } from 'node:fs/promises';
import type { Page as PwPage } from 'playwright-core';
import type { BrowserHarness, PageHandle } from './types';

export interface CapturedDownload {
  /** File name the page asked for (`<a download="…">`). */
  name: string;
  bytes: Buffer;
  /** The bytes decoded as UTF-8 (a leading BOM is kept, so tests can check it). */
  text: string;
}

/**
 * Run `trigger` (e.g. a click on an export button) and return the file it downloads.
 * Fails with the browser's reason when the download fails, or after `timeoutMs`.
 */
export async function captureDownload(h: BrowserHarness, page: PageHandle, trigger: () => Promise<void>, timeoutMs = 30_000): Promise<CapturedDownload> {
  if (h.name !== 'chromium') {
    throw new Error(`captureDownload: downloads are only observable in the Chromium harness (got ${h.name})`);
  }
  const raw = page.raw as PwPage;
  const [dl] = await Promise.all([raw.waitForEvent('download', { timeout: timeoutMs }), trigger()]);
  const path = await dl.path();
  const failure = await dl.failure();
  if (failure || !path) throw new Error(`download of ${dl.suggestedFilename()} failed: ${failure ?? 'no file'}`);
  const bytes = await readFile(path);
  return { name: dl.suggestedFilename(), bytes, text: bytes.toString('utf8') };
}
