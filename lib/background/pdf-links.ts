/**
 * PDF links opened in Policy Lens (Settings.openPdfLinks): which frames get the PDF-link script,
 * and where a clicked link goes. Pure of extension APIs (the background passes them in).
 *
 * The script runs on the auto hosts whose permission the extension holds (the built-in ones and
 * the analyst's own), only while the setting is on. A clicked link opens in the viewer when the
 * extension may fetch from the file's host (the viewer's fetch needs it: government sites send no
 * CORS headers); otherwise, as the browser would have opened it — a click is never lost.
 */
import type { Settings } from '../settings';
import type { PdfLinkMessage } from '../protocol';
import { pdfLinkUrl } from '../viewer/formats';
import { fileHostPattern } from '../hosts';

export const PDF_LINKS_SCRIPT_ID = 'policy-lens-pdf-links';
const PDF_LINKS_JS = 'pdf-links.js';

/** The registration of the PDF-link script (none while the setting is off or no host is granted). */
export function pdfLinksRegistration(s: Settings, grantedMatches: readonly string[]) {
  if (!s.openPdfLinks || grantedMatches.length === 0) return null;
  return {
    id: PDF_LINKS_SCRIPT_ID,
    matches: [...grantedMatches],
    js: [PDF_LINKS_JS],
    runAt: 'document_start' as const,
    allFrames: true,
    persistAcrossSessions: true,
  };
}

export interface PdfLinkDeps {
  settings(): Promise<Settings>;
  /** May the extension fetch from this host (its permission pattern, lib/hosts fileHostPattern)? */
  canFetch(hostPattern: string): Promise<boolean>;
  viewerUrl(src: string): string;
  openTab(url: string, besideTabId: number): Promise<unknown>;
  navigateTab(tabId: number, url: string): Promise<unknown>;
}

/**
 * Open a clicked PDF link from a page's frame in tab `tabId`: in the viewer when the setting is
 * on and the file's host may be fetched, else the link itself; in a new tab beside it when the
 * link opens one. Answers the URL opened (null: the message named no PDF link, nothing opened).
 */
export async function openPdfLink(msg: PdfLinkMessage, tabId: number, deps: PdfLinkDeps): Promise<string | null> {
  const url = pdfLinkUrl(msg.url);
  if (!url) return null;
  const inViewer = (await deps.settings()).openPdfLinks && (await deps.canFetch(fileHostPattern(url)!).catch(() => false));
  const target = inViewer ? deps.viewerUrl(url) : url;
  await (msg.newTab ? deps.openTab(target, tabId) : deps.navigateTab(tabId, target));
  return target;
}
