/**
 * The first look at a page (entrypoints/first-look.ts), before anything touches an extension API.
 *
 * On a government site most pages are not policy documents (news, lists, portals). Asking the
 * background engine about such a page costs the page's renderer more than all our own work
 * there: in a fresh tab, the first `runtime.onMessage` listener and the first
 * `runtime.sendMessage` are the most expensive things we would do (figures: tests/bench/inpage.ts). So the page's
 * text is first searched for the signals every policy document carries at least one of; a page
 * with none is left alone without a single extension call, and watched, as cheaply, for content
 * that arrives later. Any signal hands the page to the content script (whose engine check
 * decides): a false "maybe" costs one engine round trip, a false "no" would lose a document, so
 * the signals are broad.
 *
 * Why these signals are enough: the detector (lib/analysis/detect.ts) calls a page a policy
 * document at a score of 0.5. Without a 发文字号, metadata fields, an addressee line, a document
 * title, a numbered outline or a responsibility clause, a page scores at most 0.2 (government
 * host) + 0.2 (a signature-like date line) + 0.05 (deadlines) = 0.45.
 */
import { findArticleContainer } from '../text/article';

/** Where a heading can start in a page's textContent: markup without line breaks runs blocks together ("…要求。一、总体要求"). */
const AT_BLOCK = '(?:^|[\\n\\r\\t \\u3000\\u00a0。；;：:！!？?])';
/** [name, pattern] for each signal found in the text; names are what the tests report. */
const SIGNALS: [string, RegExp][] = [
  // 国发〔2015〕40号, 〔2015〕, [2015]12号, (2015)12号
  // (each in simplified and traditional characters: gov.cn's big5 gateway, Hong Kong and Macao pages)
  ['docNumber', /〔\s*(?:19|20)\d{2}\s*〕|(?:19|20)\d{2}\s*[\]）)］】〕]\s*第?\s*\d{1,4}\s*[号號]/],
  ['metaFields', /[发發]文字[号號]|索引[号號]|[发發]文[机機][关關]|成文日期|主[题題]分[类類]/],
  // 一、 (一) （一） 第一条 第一章
  [
    'outline',
    new RegExp(
      `${AT_BLOCK}(?:[一二三四五六七八九十]{1,3}\\s*[、．]|第[一二三四五六七八九十百零〇]{1,4}[条章节條節])|[(（]\\s*[一二三四五六七八九十]{1,3}\\s*[)）]`,
    ),
  ],
  ['assignment', /[牵牽][头頭]|[责責]任(?:[单單]位|部[门門])|配合[单單]位|[参參]与[单單]位|[参參]與[单單]位|[负負][责責][)）]|[职職][责責]分工/],
  // 各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
  // (anywhere: in run-together text it follows the page's toolbar, "分享到：微博 微信 QQ空间各省…")
  [
    'addressee',
    /(?:各|有[关關])[^\n。:：]{0,160}(?:政府|部[门門]|部委|[单單]位|[机機]构|[机機]構|委[员員]会|委[员員]會|委|[厅廳]|局|[办辦]公室|[办辦])\s*[:：]/,
  ],
];

/**
 * A line (or the page title) that reads as a document title: 关于…的通知, …实施方案, …办法(试行),
 * …任务分解表 (a page may be only the table), with a site suffix (_中国政府网). Not a menu item such as 通知公告 or 发展规划: those are what
 * portal pages are made of.
 */
const TITLE_LINE =
  /^(?:.{0,40}[关關][于於].{2,90}?的?(?:通知|意[见見]|[决決]定|[办辦]法|方案|[规規][划劃]|[细細][则則]|[条條]例|[规規]定|通[报報]|批[复覆]|[复覆]函|函|[纲綱][要]|[计計][划劃]|措施|公告|指南|要[点點]|[报報]告|[决決][议議])|.{6,60}(?:[规規][划劃]|方案|[条條]例|[细細][则則]|[办辦]法|[规規]定|[纲綱]要|行[动動][计計][划劃]|工作要[点點]|若干措施|指[导導]意[见見]|[实實]施意[见見]|分解表|分工表|任[务務]清[单單]|推[广廣]清[单單]))(?:[(（][^()（）]{1,30}[)）])?(?:\s*[_|\-–—].{0,40})?$/;

function hasTitleLine(text: string): boolean {
  let from = 0;
  while (from <= text.length) {
    let nl = text.indexOf('\n', from);
    if (nl < 0) nl = text.length;
    // only short lines can be titles: the regex never runs over paragraphs
    if (nl - from <= 160) {
      const line = text.slice(from, nl).trim();
      if (line.length >= 4 && TITLE_LINE.test(line)) return true;
    }
    from = nl + 1;
  }
  return false;
}

/**
 * The signals found in a page's rendered text and its titles (document.title, the headings);
 * [] when the page is plainly not a policy document. A document title counts only as the page's
 * title: news and portal pages link to documents by their titles all the time.
 */
export function policySignals(text: string, titles: readonly string[] = []): string[] {
  const found: string[] = [];
  for (const [name, re] of SIGNALS) if (re.test(text)) found.push(name);
  if (hasTitleLine(titles.join('\n'))) found.push('title');
  return found;
}

/** The page's titles: document.title and its first headings (no layout, no walk of the page). */
export function pageTitles(doc: Document): string[] {
  const out = [doc.title];
  const hs = doc.querySelectorAll('h1, h2, h3, .title, #title');
  for (let i = 0; i < hs.length && i < 8; i++) out.push((hs[i]!.textContent ?? '').replace(/\s+/g, ' ').trim());
  return out;
}

/** Pages with more text than this skip the first look (the controller decides, as for a long article). */
const PRECHECK_MAX_CHARS = 1_000_000;
/** An article container with more raw text than this is read at once (the controller's head). */
const ARTICLE_MIN_CHARS = 12_000;

export interface PrecheckOptions {
  win: Window;
  /** Resolves when the extension asks for the page (toolbar, side panel): stop waiting. */
  woken: Promise<void>;
  /** Quiet time before late content is looked at again (ms); a page that keeps changing is looked at every maxWaitMs. */
  settleMs?: number;
  maxWaitMs?: number;
}

/**
 * How the first look ended: 'article' (a long article container: read at once), 'signals' (the
 * text has some), 'unknown' (nothing to look at: no body, a huge page) or 'woken' (the extension asked for the page while it was being left alone).
 */
export type PrecheckResult = 'article' | 'signals' | 'unknown' | 'woken';

/**
 * Resolve once the page may hold a policy document (or the extension asks for it). Until then
 * nothing but DOM reads: the page's text once, and again when the page has changed and settled
 * (MutationObserver, debounced; a page that never settles is looked at once per maxWaitMs).
 *
 * The text is the body's textContent, not its rendered innerText: it needs no layout (so it is
 * read at once, even before the page's first frame) and costs less. It holds hidden text too (collapsed 展开全文 parts, menus): a
 * superset, which can only turn a "no" into a "maybe", never lose a document.
 */
export async function precheck(opts: PrecheckOptions): Promise<PrecheckResult> {
  const { win } = opts;
  const doc = win.document;
  const t0 = win.performance?.now?.() ?? 0;
  const whole = doc.body?.textContent;
  if (typeof whole !== 'string') return 'unknown';
  // A long article is read at once, head first (the selector query is not free: only on pages long enough to hold one).
  if (whole.length >= ARTICLE_MIN_CHARS) {
    const article = findArticleContainer(doc);
    if (article && (article.textContent?.length ?? 0) >= ARTICLE_MIN_CHARS) return 'article';
  }
  const read = (): string | null => {
    const t = doc.body?.textContent;
    return typeof t === 'string' && t.length <= PRECHECK_MAX_CHARS ? t : null;
  };
  let text: string | null = whole.length <= PRECHECK_MAX_CHARS ? whole : null;
  if (text === null) return 'unknown';
  const has = (t: string) => policySignals(t, pageTitles(doc)).length > 0;
  const first = has(text);
  try {
    // what the first look cost the page (reading the text and searching it)
    win.performance?.measure?.('pl:precheck', { start: t0, duration: win.performance.now() - t0 });
    if (!first) win.performance?.mark?.('pl:precheck-no');
  } catch {
    /* no User Timing L3 */
  }
  if (first) return 'signals';
  if (!('MutationObserver' in win)) return (await opts.woken, 'woken');

  // Left alone: wait for the page to change (late body, 展开全文) or for the extension to ask.
  return new Promise<PrecheckResult>((resolve) => {
    const quiet = opts.settleMs ?? 400;
    const maxWait = Math.max(quiet, opts.maxWaitMs ?? 2000);
    let timer: ReturnType<typeof setTimeout> | null = null;
    let since: number | null = null;
    const done = (r: PrecheckResult) => {
      observer.disconnect();
      if (timer) clearTimeout(timer);
      resolve(r);
    };
    const look = () => {
      timer = null;
      since = null;
      const now = read();
      if (now === null) return done('unknown');
      if (now === text) return;
      text = now;
      if (has(now)) done('signals');
    };
    const observer = new (win as Window & typeof globalThis).MutationObserver(() => {
      const t = Date.now();
      since ??= t;
      if (timer) clearTimeout(timer);
      timer = setTimeout(look, Math.max(0, Math.min(quiet, since + maxWait - t)));
    });
    // (text only: showing or hiding does not change textContent)
    observer.observe(doc.documentElement, { childList: true, subtree: true, characterData: true });
    void opts.woken.then(() => done('woken'));
  });
}
