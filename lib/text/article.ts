/**
 * Where a government page keeps its article: the containers the usual CMSs use (gov.cn's
 * #UCAP-CONTENT, TRS and UCAP editors, #zoom …), in order of trust. The text model's walk asks
 * `selectorIndex` for each element it passes; the head read finds the container at once with
 * `findArticleContainer`, without walking the page.
 */

/** Known article containers, in order of trust (gov.cn and the TRS/UCAP CMSs most sites use). */
export const CONTENT_SELECTORS: { id?: string; cls?: string; tag?: string }[] = [
  // ids compare case-insensitively ("zoom" / "Zoom" both occur on provincial sites)
  { id: 'ucap-content' },
  { cls: 'pages_content' },
  { cls: 'TRS_Editor' },
  { cls: 'TRS_UEDITOR' },
  { cls: 'trs_editor_view' },
  { id: 'zoom' },
  { id: 'zoomcon' },
  { cls: 'article-content' },
  { cls: 'art_con' },
  { cls: 'article' },
  { cls: 'content' },
  { tag: 'article' },
  { tag: 'main' },
];
const CONTENT_IDS = new Set(CONTENT_SELECTORS.map((s) => s.id).filter((x): x is string => !!x));
const CONTENT_CLASSES = new Set(CONTENT_SELECTORS.map((s) => s.cls).filter((x): x is string => !!x));

/** The rank of `el` among the known containers (lower is more trusted), or -1. */
export function selectorIndex(el: Element): number {
  const t = el.localName;
  let best = -1;
  if (t === 'article' || t === 'main') best = CONTENT_SELECTORS.findIndex((s) => s.tag === t);
  if (!el.hasAttributes()) return best;
  const id = el.id.toLowerCase();
  if (id && CONTENT_IDS.has(id)) {
    const i = CONTENT_SELECTORS.findIndex((s) => s.id === id);
    if (best < 0 || i < best) best = i;
  }
  const cls = el.getAttribute('class');
  if (cls) {
    for (const c of cls.split(/\s+/)) {
      if (!CONTENT_CLASSES.has(c)) continue;
      const i = CONTENT_SELECTORS.findIndex((s) => s.cls === c);
      if (best < 0 || i < best) best = i;
    }
  }
  return best;
}

/** The most trusted known article containers (gov.cn, TRS/UCAP CMSs): found with selectors, no page walk. */
const ARTICLE_CONTAINER_SELECTOR = CONTENT_SELECTORS.slice(
  0,
  CONTENT_SELECTORS.findIndex((x) => x.cls === 'article'),
)
  .map((x) => (x.id ? `[id="${x.id}" i]` : `.${x.cls}`))
  .join(',');

/**
 * The article container of a page built by the usual government CMSs (#UCAP-CONTENT,
 * .TRS_Editor, #zoom …), without walking the page: the first in document order that is not
 * hidden by its own attributes. Null when the page has none.
 */
export function findArticleContainer(doc: Document): Element | null {
  for (const el of Array.from(doc.querySelectorAll(ARTICLE_CONTAINER_SELECTOR))) {
    // No computed style here (it would force a style pass before the page's first frame).
    if (el.hasAttribute('hidden') || /display\s*:\s*none/i.test(el.getAttribute('style') ?? '')) continue;
    return el;
  }
  return null;
}
