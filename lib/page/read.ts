/**
 * What the page controller reads from the page, as functions of the DOM with no state of their
 * own: the head of a long article, the rendered text for the quick check and its verdict, the
 * element around the analysed content, and whether an attribute change showed or hid text. The
 * controller (lib/page/controller.ts) decides when each runs.
 */
import type { PolicyModel } from '../analysis/types';
import { findArticleContainer } from '../text/article';
import { extractTextModel, type ExtractOptions } from '../text/extract';
import type { TextModel } from '../text/types';

/**
 * Long documents are painted in two steps: the first HEAD_CHARS characters of the article (the
 * first screens, several times what a window shows) are analysed on their own and painted as
 * soon as that answer is back, then the whole document's analysis replaces them. The engine's
 * rules run forward (numbering, 下同, conventions stated early), so the head's highlights are
 * the whole document's in all but rare cases, and the whole analysis always has the last word.
 */
export const HEAD_CHARS = 6000;
/** The quick check turns a page down only below this detection score (the engine's threshold is 0.5). */
const QUICK_REJECT_BELOW = 0.3;
/** Pages with more text than this skip the quick check (its rendered text would cost more than it saves). */
const QUICK_MAX_CHARS = 1_000_000;

/**
 * The first screens of a long article, read from its container alone (no page walk, a few ms):
 * the text model of that part and the head's text (cut at a line end near HEAD_CHARS). Null
 * when the page is not a long article in a known container.
 */
export function readHead(doc: Document, opts: ExtractOptions): { head: TextModel; text: string } | null {
  const root = findArticleContainer(doc);
  // A short article (its whole analysis is as quick as the head's): first by the container's
  // raw text length (native, no walk), then by the text actually read (hidden parts left out).
  if (!root || (root.textContent?.length ?? 0) < 2 * HEAD_CHARS) return null;
  const head = extractTextModel(doc, { ...opts, root, limit: 2 * HEAD_CHARS });
  if (head.text.length < 2 * HEAD_CHARS) return null;
  const nl = head.text.indexOf('\n', HEAD_CHARS);
  const end = nl > 0 && nl < HEAD_CHARS + 1000 ? nl : HEAD_CHARS;
  return { head, text: head.text.slice(0, end) };
}

/** The page's raw text length (textContent: no walk, no layout), an upper bound of what a read finds. */
export const rawTextLength = (doc: Document) => doc.body?.textContent?.length ?? 0;

/**
 * The page's rendered text, from the browser (innerText: native, and cheap once the page is
 * laid out), or null where there is none (jsdom) or it is too long to be worth it.
 */
export function renderedText(doc: Document, bodyLength = rawTextLength(doc)): string | null {
  const body = doc.body as (HTMLElement & { innerText?: string }) | null;
  if (!body || bodyLength > QUICK_MAX_CHARS) return null;
  const t = body.innerText;
  return typeof t === 'string' ? t : null;
}

/**
 * The quick check's verdict on the engine's model of the rendered text: no 发文字号, no numbered
 * outline, no responsibility clause and a low score is a plain no (news, lists, home pages).
 */
export const plainlyNotPolicy = (q: PolicyModel) =>
  !q.isPolicy && q.detection.score < QUICK_REJECT_BELOW && !q.meta.docNumber && q.assignments.length === 0 && q.measures.length < 3;

/** The element holding text-model range [from, to) (the deepest one around all of it); null when it is the whole page. */
export function findContentRoot(doc: Document, text: TextModel, [from, to]: [number, number]): Element | null {
  let first: Node | null = null;
  let last: Node | null = null;
  for (const seg of text.segments) {
    const end = seg.start + seg.offsets.length;
    if (end <= from || seg.start >= to) continue;
    first ??= seg.node;
    last = seg.node;
  }
  if (!first || !last) return null;
  const r = doc.createRange();
  r.setStartBefore(first);
  r.setEndAfter(last);
  const c = r.commonAncestorContainer;
  const el = c.nodeType === 1 ? (c as Element) : c.parentElement;
  // the whole body is no scope: every change on the page would count anyway
  return el && el !== doc.body && el !== doc.documentElement ? el : null;
}

/**
 * An attribute changed on `el`: did text inside it appear or disappear? Compares, for its first
 * text nodes, "painted by the browser" with "in the text model" (`inModel`: its text nodes).
 * Style churn that moves or recolours text (tickers, hover effects) changes neither.
 */
export function textShownChanged(doc: Document, el: Element, inModel: WeakSet<Text>): boolean {
  const walker = doc.createTreeWalker(el, 4 /* NodeFilter.SHOW_TEXT */);
  let checked = 0;
  for (let n = walker.nextNode() as Text | null; n && checked < 2000; n = walker.nextNode() as Text | null) {
    if (!/\S/.test(n.data)) continue;
    const parent = n.parentElement;
    if (!parent || /^(script|style|noscript|template|textarea|select|option)$/.test(parent.localName)) continue;
    checked++;
    const onScreen = typeof parent.checkVisibility === 'function' ? parent.checkVisibility() : parent.getClientRects().length > 0;
    if (onScreen !== inModel.has(n)) return true;
  }
  return false;
}
