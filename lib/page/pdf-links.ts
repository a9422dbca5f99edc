/**
 * A click on a PDF link, as the PDF-link script (entrypoints/pdf-links.ts) reads it on the auto
 * hosts when the analyst asked for PDF links to open in Policy Lens (Settings.openPdfLinks): the
 * analyst's own plain click (left button, no modifier: a modified click keeps its meaning — a new
 * tab, a download, a window), not one the page handled itself, on a link that is not a download,
 * to a URL the viewer can fetch. Pure of extension APIs; imports only lib/viewer/formats.
 */
import { pdfLinkUrl } from '../viewer/formats';

export interface PdfLinkClick {
  /** The file's URL (fragment dropped). */
  url: string;
  /** The link opens a new tab (`target="_blank"`, its own or the page's <base>). */
  newTab: boolean;
}

/** The PDF link a click follows, or null for any other click. `trusted`: the browser made it for the user (Event.isTrusted). */
export function pdfLinkClick(e: MouseEvent, trusted: boolean = e.isTrusted): PdfLinkClick | null {
  if (!trusted || e.defaultPrevented || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return null;
  // the link may be in an open shadow root, or the click on an element inside it
  const a = e.composedPath().find((n): n is Element => (n as Element).localName === 'a' && !!(n as Element).getAttribute?.('href'));
  if (!a || a.hasAttribute('download')) return null;
  let href: string;
  try {
    href = new URL(a.getAttribute('href')!, a.baseURI).href;
  } catch {
    return null;
  }
  const url = pdfLinkUrl(href);
  if (!url) return null;
  const target = a.getAttribute('target') || a.ownerDocument.querySelector('base[target]')?.getAttribute('target') || '';
  return { url, newTab: target.toLowerCase() === '_blank' };
}
