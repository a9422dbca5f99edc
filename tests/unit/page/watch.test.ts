// @vitest-environment jsdom
/** lib/page/watch: what counts as the document changing, backoff on churn, one look at a time. */
import { describe, expect, it } from 'vitest';
import { watchPage, MAX_BACKOFF } from '../../../lib/page/watch';

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));
async function until(f: () => boolean, ms = 2000) {
  const end = Date.now() + ms;
  while (!f()) {
    if (Date.now() > end) throw new Error('condition not met');
    await tick(1);
  }
}

function setup(opts: { changed?: boolean; hold?: boolean } = {}): {
  w: ReturnType<typeof watchPage>;
  article: HTMLElement;
  looks: () => number;
  release: () => void;
} {
  document.body.innerHTML = '<div id="nav">首页</div><div id="article"><p>第一条</p></div><div data-policy-lens-ui=""></div>';
  const article = document.getElementById('article')!;
  let looks = 0;
  let release: (() => void) | null = null;
  const w = watchPage({
    win: window,
    quietMs: 1,
    maxWaitMs: 1,
    scope: () => article,
    isOurs: (n) => !!(n.nodeType === 1 ? (n as Element) : n.parentElement)?.closest('[data-policy-lens-ui]'),
    visibilityChanged: () => true,
    onSettled: async () => {
      looks++;
      if (opts.hold) await new Promise<void>((r) => (release = r));
      return opts.changed ?? true;
    },
  });
  w.start();
  return { w, article, looks: () => looks, release: () => release?.() };
}

describe('watchPage', () => {
  it.each<[string, (a: HTMLElement) => void, number]>([
    ['text added in the article', (a: HTMLElement): void => a.append('新增'), 1],
    ['text changed in the article', (a: HTMLElement): void => void (a.firstElementChild!.textContent = '第二条'), 1],
    ['a clock outside the article', () => (document.getElementById('nav')!.textContent = '08:00:01'), 0],
    ['our own UI', () => (document.querySelector('[data-policy-lens-ui]')!.textContent = '卡片'), 0],
    ['a banner added beside the article', () => document.body.append(Object.assign(document.createElement('div'), { textContent: '广告' })), 0],
    ['the article replaced', (a: HTMLElement) => a.replaceWith(Object.assign(document.createElement('div'), { textContent: '新正文' })), 1],
  ])('%s → %i look(s)', async (_what, change, expected) => {
    const s = setup();
    change(s.article);
    await tick(30);
    expect(s.looks()).toBe(expected);
    s.w.stop();
  });

  it('backs off on a page whose article keeps changing, up to ×64', async () => {
    const s = setup();
    const seen: number[] = [];
    for (let i = 0; i < MAX_BACKOFF + 2; i++) {
      const before = s.looks();
      s.article.append(`变化${i}`);
      await until(() => s.looks() > before, 5000);
      seen.push(s.w.waits().quiet);
    }
    expect(seen.slice(0, 4)).toEqual([1, 2, 4, 8]);
    expect(Math.max(...seen)).toBe(2 ** MAX_BACKOFF);
    s.w.stop();
  });

  it('no backoff when the looks find nothing changed', async () => {
    const s = setup({ changed: false });
    for (let i = 0; i < 3; i++) {
      const before = s.looks();
      s.article.append(`x${i}`);
      await until(() => s.looks() > before);
    }
    expect(s.w.waits().quiet).toBe(1);
    s.w.stop();
  });

  it('one look at a time: changes during a look make one more look after it', async () => {
    const s = setup({ hold: true });
    s.article.append('一');
    await until(() => s.looks() === 1);
    s.article.append('二');
    s.article.append('三');
    await tick(20);
    expect(s.looks()).toBe(1);
    s.release();
    await until(() => s.looks() === 2);
    s.release();
    await tick(20);
    expect(s.looks()).toBe(2);
    s.w.stop();
  });
});
