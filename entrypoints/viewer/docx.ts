/**
 * The viewer's adapter over mammoth (a maintained .docx → HTML converter; loaded only when a
 * .docx is opened): the document's HTML, rebuilt element by element into the viewer's page with
 * an allow-list — the structure a policy document has (paragraphs, headings, lists, tables,
 * emphasis, links to the web, images mammoth inlines) and nothing else. The file's HTML is never
 * assigned as markup: it is parsed inert (DOMParser) and its allowed nodes are recreated.
 */

const BLOCKS = new Set(['P', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'UL', 'OL', 'LI', 'TABLE', 'THEAD', 'TBODY', 'TR', 'TD', 'TH', 'BR', 'BLOCKQUOTE']);
const INLINE = new Set(['STRONG', 'EM', 'U', 'S', 'SUB', 'SUP', 'SPAN', 'A', 'IMG']);

function rebuild(from: Node, into: Element, doc: Document): void {
  for (const n of Array.from(from.childNodes)) {
    if (n.nodeType === 3) {
      into.append(doc.createTextNode((n as Text).data));
      continue;
    }
    if (n.nodeType !== 1) continue;
    const el = n as Element;
    if (!BLOCKS.has(el.tagName) && !INLINE.has(el.tagName)) {
      rebuild(el, into, doc); // unknown wrapper: its content, not itself
      continue;
    }
    const out = doc.createElement(el.tagName.toLowerCase());
    if (el.tagName === 'A') {
      const href = el.getAttribute('href') ?? '';
      if (/^https?:\/\//i.test(href)) {
        out.setAttribute('href', href);
        out.setAttribute('target', '_blank');
        out.setAttribute('rel', 'noopener noreferrer');
      }
    } else if (el.tagName === 'IMG') {
      const src = el.getAttribute('src') ?? '';
      if (!/^data:image\/(png|jpe?g|gif|bmp|webp);base64,/i.test(src)) continue;
      out.setAttribute('src', src);
      out.setAttribute('alt', el.getAttribute('alt') ?? '');
    } else if (el.tagName === 'TD' || el.tagName === 'TH') {
      for (const a of ['colspan', 'rowspan']) {
        const v = el.getAttribute(a);
        if (v && /^\d{1,3}$/.test(v)) out.setAttribute(a, v);
      }
    }
    rebuild(el, out, doc);
    into.append(out);
  }
}

/** The .docx's content as the viewer's page (a `div.pl-docx-page` appended to `container`). */
export async function openDocx(data: ArrayBuffer, container: HTMLElement): Promise<{ page: HTMLElement; warnings: string[] }> {
  const mammoth = await import('mammoth');
  const { value, messages } = await mammoth.convertToHtml({ arrayBuffer: data });
  const parsed = new DOMParser().parseFromString(`<!DOCTYPE html><body>${value}`, 'text/html');
  const page = document.createElement('div');
  page.className = 'pl-docx-page';
  rebuild(parsed.body, page, document);
  container.append(page);
  return { page, warnings: messages.filter((m) => m.type === 'warning').map((m) => m.message) };
}
