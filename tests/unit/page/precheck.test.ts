// @vitest-environment jsdom
/**
 * The first look (lib/page/precheck.ts): which pages it leaves alone, and how it waits on them.
 * Leaving a policy document alone would lose it, so the corpus test holds every policy page of
 * the seed corpus, read as the browser gives it to the first look (body.textContent + titles).
 */
import { describe, it, expect, beforeEach } from 'vitest';
import { readFileSync } from 'node:fs';
import { seedDocs } from '../../../tools/eval';
import { policySignals, pageTitles, precheck } from '../../../lib/page/precheck';
import { makeAnalysisDocument } from '../../bench/analysis';

function signalsOf(html: string): string[] {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  return policySignals(doc.body?.textContent ?? '', pageTitles(doc));
}

describe('policySignals on the seed corpus', () => {
  const corpus = seedDocs().filter((e) => !e.pagePath.endsWith('.txt'));

  it('finds signals on every policy document (hand-checked expectations)', () => {
    const policy = corpus.filter((e) => e.gold.is_policy);
    expect(policy.length).toBeGreaterThan(15);
    const missed = policy.filter((e) => signalsOf(readFileSync(e.pagePath, 'utf8')).length === 0).map((e) => e.page);
    expect(missed).toEqual([]);
    // and not by luck: each has at least two kinds of sign
    for (const e of policy) expect(signalsOf(readFileSync(e.pagePath, 'utf8')).length, e.page).toBeGreaterThanOrEqual(2);
  });

  it('leaves the news and list pages alone, even when they link to a document by its title', () => {
    const file = (f: string) => corpus.find((e) => e.page === f)!.pagePath;
    const news = readFileSync(file('gov/xinwen/2015-07/04/content_20001.htm'), 'utf8');
    expect(news).toContain('国务院关于积极推进“互联网+”行动的指导意见'); // in the body, not the page's title
    expect(signalsOf(news)).toEqual([]);
    expect(signalsOf(readFileSync(file('hubei/hbyw/202309/t20230915_4851234.shtml'), 'utf8'))).toEqual([]);
    expect(signalsOf(readFileSync(file('gov/zhengce/zuixin.htm'), 'utf8'))).toEqual([]);
    expect(signalsOf(readFileSync('seeds/e2e/pages/list.html.tmpl', 'utf8'))).toEqual([]);
  });

  it('hands pages with signs of a document to the engine (a policy interpretation: 发文字号, outline, 牵头)', () => {
    const f = corpus.find((e) => e.page === 'gov/zhengce/2024-08/21/content_10456.htm')!;
    expect(f.gold.is_policy).toBe(false);
    expect(signalsOf(readFileSync(f.pagePath, 'utf8'))).toEqual(expect.arrayContaining(['docNumber', 'outline']));
  });

  it('reads minified markup, where textContent runs the blocks together', () => {
    const seed = readFileSync('seeds/gov/zhengce/content/2015-07/04/content_10002.htm', 'utf8');
    const minified = seed.replace(/>\s+</g, '><');
    const doc = new DOMParser().parseFromString(minified, 'text/html');
    expect(doc.body.textContent).not.toMatch(/\n\s*一、/);
    expect(signalsOf(minified)).toEqual(expect.arrayContaining(['docNumber', 'outline', 'assignment', 'addressee']));
    // each sign on its own, without the others, in run-together text
    expect(policySignals('现将有关事项通知如下。一、总体要求坚持')).toEqual(['outline']);
    expect(policySignals('主要任务（三）加强协同')).toEqual(['outline']);
    expect(policySignals('各省、自治区、直辖市人民政府，国务院各部委：现就推进工作提出以下意见')).toEqual(['addressee']);
    expect(policySignals('（工业和信息化部牵头）')).toEqual(['assignment']);
    expect(policySignals('国发〔2015〕40号')).toEqual(['docNumber']);
    expect(policySignals('', ['国务院关于积极推进“互联网+”行动的指导意见_政府信息公开专栏'])).toEqual(['title']);
    expect(policySignals('', ['浙江省数字政府建设“十四五”规划(征求意见稿)'])).toEqual(['title']);
  });

  it('reads traditional characters too (gov.cn big5 gateway, Hong Kong and Macao pages)', () => {
    expect(policySignals('國辦發〔2018〕45號')).toEqual(['docNumber']);
    expect(policySignals('發文字號：國辦發〔2018〕45號')).toEqual(['docNumber', 'metaFields']);
    expect(policySignals('（工業和信息化部牽頭，各有關部門按職責分工負責）')).toEqual(['assignment']);
    expect(policySignals('責任單位：市發展改革委')).toEqual(['assignment']);
    expect(policySignals('各省、自治區、直轄市人民政府，國務院各部委、各直屬機構：')).toEqual(['addressee']);
    expect(policySignals('', ['國務院辦公廳關於推進政務服務「一網通辦」的指導意見'])).toEqual(['title']);
    expect(policySignals('第一條　為了規範')).toEqual(['outline']);
  });

  it('does not take portal furniture for a document', () => {
    const furniture = ['首页', '通知公告', '政策解读', '发展规划', '政府信息公开', '一图读懂', '2024-06-18', '当前位置：首页 > 新闻'].join('\n');
    expect(policySignals(furniture, ['某某市人民政府门户网站', '通知公告', '政策文件'])).toEqual([]);
  });
});

describe('precheck: waiting on a page it leaves alone', () => {
  beforeEach(() => {
    document.title = '示例政府网';
    document.body.innerHTML = '<div id="nav">首页 新闻 通知公告</div><div id="main"><p>今天天气晴。</p></div>';
    performance.clearMarks();
    performance.clearMeasures();
  });
  const never = new Promise<void>(() => {});

  it('marks the page left alone and resolves when late content brings a sign', async () => {
    const reads: string[] = [];
    const p = precheck({ win: window, woken: never, settleMs: 20 }).then((r) => (reads.push(r), r));
    await new Promise((r) => setTimeout(r, 50));
    expect(reads).toEqual([]);
    expect(performance.getEntriesByName('pl:precheck-no')).toHaveLength(1);
    // a change without a sign: still waiting
    document.getElementById('main')!.append(Object.assign(document.createElement('p'), { textContent: '明天多云。' }));
    await new Promise((r) => setTimeout(r, 60));
    expect(reads).toEqual([]);
    // the body arrives (a script-rendered article)
    document.getElementById('main')!.insertAdjacentHTML('beforeend', '<p>一、总体要求</p><p>（一）加快建设。（发展改革委牵头）</p>');
    expect(await p).toBe('signals');
  });

  it('resolves at once on a page with signs, and for a long article container (its head is read at once)', async () => {
    document.body.innerHTML = '<p>国办发〔2024〕12号</p>';
    expect(await precheck({ win: window, woken: never })).toBe('signals');
    expect(performance.getEntriesByName('pl:precheck-no')).toHaveLength(0);
    document.body.innerHTML = `<div id="UCAP-CONTENT"><p>${'文字'.repeat(7000)}</p></div>`;
    expect(await precheck({ win: window, woken: never })).toBe('article');
  });

  it('stops waiting when woken, and then watches nothing', async () => {
    let wake!: () => void;
    const woken = new Promise<void>((r) => (wake = r));
    const p = precheck({ win: window, woken, settleMs: 10 });
    await new Promise((r) => setTimeout(r, 20));
    wake();
    expect(await p).toBe('woken');
    // later changes find no observer (a resolved first look must not look again)
    const seen: string[] = [];
    const q = precheck({ win: window, woken: Promise.resolve() }).then((r) => seen.push(r));
    await q;
    expect(seen).toEqual(['woken']);
  });

  it('a page that never stops changing is looked at once per maxWait, not never', async () => {
    const p = precheck({ win: window, woken: never, settleMs: 30, maxWaitMs: 60 });
    let n = 0;
    const ticker = setInterval(() => {
      n++;
      document.getElementById('nav')!.textContent = `首页 新闻 ${n}`;
      if (n === 8) document.getElementById('main')!.insertAdjacentHTML('beforeend', '<p>（工业和信息化部牵头）</p>');
    }, 10);
    try {
      expect(await p).toBe('signals');
    } finally {
      clearInterval(ticker);
    }
  });

  it('a long article is handed over at once, before any search of its text', async () => {
    const paras = makeAnalysisDocument(20_000)
      .split('\n')
      .map((t) => `<p>${t.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`);
    document.body.innerHTML = `<div class="header">首页</div><div class="pages_content">${paras.join('')}</div>`;
    expect(await precheck({ win: window, woken: never })).toBe('article');
    expect(performance.getEntriesByName('pl:precheck')).toHaveLength(0);
  });
});
