/**
 * The attachment links of a page: PDF and Word files (and the formats the viewer names but does
 * not read: .doc, .wps, .ofd), in document order, one per URL, with their link text. Run in the
 * page by the side panel (`scripting.executeScript({ func: findAttachments })`), so the content
 * script carries none of it: the function is self-contained, reads only the DOM and returns
 * plain data.
 */
export interface Attachment {
  url: string;
  text: string;
  /** The extension: pdf, docx, doc, wps, ofd. */
  kind: string;
}

export function findAttachments(): Attachment[] {
  const out: Attachment[] = [];
  const seen = new Set<string>();
  for (const a of Array.from(document.querySelectorAll('a[href]'))) {
    let url: URL;
    try {
      url = new URL(a.getAttribute('href') ?? '', document.baseURI);
    } catch {
      continue;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') continue;
    const kind = /\.(pdf|docx|doc|wps|ofd)$/i.exec(url.pathname)?.[1]?.toLowerCase();
    if (!kind) continue;
    url.hash = '';
    if (seen.has(url.href)) continue;
    seen.add(url.href);
    const text = (a.textContent ?? '').replace(/\s+/g, ' ').trim() || decodeURIComponent(url.pathname.split('/').pop() ?? url.href);
    out.push({ url: url.href, text: text.slice(0, 200), kind });
  }
  return out.slice(0, 50);
}
