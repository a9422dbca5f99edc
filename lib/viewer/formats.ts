/**
 * The file formats the viewer knows, in one place: what it reads (PDF, by its header whatever
 * the name says; .docx by its name), what it names and refuses with a way out (.doc, .wps, .ofd),
 * the file pickers' `accept` list, and the extensions an attachment link may have. (The side
 * panel's `findAttachments` runs in the page as a self-contained function and spells the same
 * extensions again; a unit test keeps the two equal.)
 */

/** Extensions of attachment links, readable first. */
export const FILE_EXTENSIONS = ['pdf', 'docx', 'doc', 'wps', 'ofd'] as const;

/** The file pickers' accept attribute. */
export const FILE_ACCEPT = ['.pdf', 'application/pdf', '.docx', '.doc', '.wps', '.ofd'].join(',');

/** Does the file start like a PDF (%PDF- within its first kilobyte, as readers accept)? */
export function looksLikePdf(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 1024);
  for (let i = 0; i + 4 < head.length; i++) {
    if (head[i] === 0x25 && head[i + 1] === 0x50 && head[i + 2] === 0x44 && head[i + 3] === 0x46 && head[i + 4] === 0x2d) return true;
  }
  return false;
}

/** What a file is, from its first bytes and its name: a PDF, a .docx, or a format not read (named by its extension, else its type or name). */
export function fileKind(name: string, head: Uint8Array, type = ''): 'pdf' | 'docx' | { notRead: string } {
  if (looksLikePdf(head)) return 'pdf';
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
  if (ext === 'docx') return 'docx';
  if (ext === 'pdf') return 'pdf'; // not a PDF inside: pdf.js says what is wrong with it
  return { notRead: ext ? `.${ext}` : type || name };
}

/**
 * The URL of a link to a PDF, as the viewer may fetch it (http or https, its path ending in .pdf,
 * the fragment dropped), or null. By its name only: the click that follows it cannot wait for
 * the server to say what the file is.
 */
export function pdfLinkUrl(href: string): string | null {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (!/\.pdf$/i.test(url.pathname)) return null;
  url.hash = '';
  return url.href;
}
