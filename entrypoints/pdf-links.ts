/**
 * The PDF-link script: registered by the background in every frame of the auto hosts only while
 * the analyst has asked for PDF links to open in Policy Lens (Settings.openPdfLinks; off by
 * default, and then this script is on no page). The analyst's plain click on a PDF link goes to
 * the background instead of the browser's PDF viewer (lib/page/pdf-links says which clicks).
 * Tiny and without the protocol library: it runs on every page of those sites.
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { browser } from 'wxt/browser';
import { pdfLinkClick } from '../lib/page/pdf-links';
import type { PdfLinkMessage } from '../lib/protocol';

export default defineUnlistedScript(() => {
  const g = globalThis as { __policyLensPdfLinks?: true };
  if (g.__policyLensPdfLinks) return;
  g.__policyLensPdfLinks = true;
  // on the window, bubbling: the page's own handlers run first, and one that took the click keeps it
  window.addEventListener('click', (e) => {
    const link = pdfLinkClick(e);
    if (!link) return;
    e.preventDefault();
    const msg: PdfLinkMessage = { type: 'pl:openPdfLink', ...link };
    // the extension gone (updated, removed): the link goes where it would have
    browser.runtime.sendMessage(msg).catch(() => {
      if (link.newTab) window.open(link.url, '_blank', 'noopener');
      else location.href = link.url;
    });
  });
});
