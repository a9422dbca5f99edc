// @vitest-environment jsdom
/**
 * A highlight made before the background answered bg:docOpened (first start of the background:
 * jieba's dictionary is being built) must wait for the document record, not be dropped; when the
 * record cannot be opened the user gets the reason.
 */
import { describe, expect, it, beforeEach } from 'vitest';
import { anchorAll } from '../../../lib/anchoring';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createPageController } from '../../../lib/page/controller';
import { analyze } from '../../../lib/analysis';
import type { Annotation } from '../../../lib/annotations/types';
import type { BackgroundProtocol, Send } from '../../../lib/protocol';
import { zhT } from '../../fixtures/catalog';

const SEED = readFileSync(resolve(process.cwd(), 'seeds/gov/zhengce/content/2015-07/04/content_10002.htm'), 'utf8');
const QUOTE = '积极发展众创空间';

function load(html: string, url: string) {
  document.open();
  document.write(html);
  document.close();
  window.history.replaceState(null, '', url.replace(/^https?:\/\/[^/]+/, ''));
}

/** Background double whose docOpened answers only when `open()` is called (or fails). */
function slowBackground(opts: { failOpen?: boolean } = {}) {
  const puts: Annotation[] = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let opens = 0;
  const send = (async (type: string, data?: any): Promise<any> => {
    switch (type) {
      case 'bg:docOpened':
        opens++;
        await gate;
        if (opts.failOpen) throw new Error('UnknownError: Internal error opening backing store');
        return { docId: 'doc-1', near: [] };
      case 'bg:anchorAnnotations': {
        const list = puts;
        const at = anchorAll(
          data.text,
          list.map((a: Annotation) => a.target),
        );
        return list.map((annotation: Annotation, i: number) => ({ annotation, anchor: at[i] }));
      }
      case 'bg:listAnnotations':
        return puts;
      case 'bg:putAnnotation': {
        const a = { ...data, docId: 'doc-1' };
        puts.push(a);
        return a;
      }
      default:
        return undefined;
    }
  }) as Send<BackgroundProtocol>;
  return { send, puts, open: () => release(), opens: () => opens };
}

/** The engine answered (it is awaited even when synchronous); the document record may still be pending. */
async function analysed(ctl: { state(): { status: string } }): Promise<void> {
  for (let i = 0; i < 100 && ctl.state().status === 'analysing'; i++) await new Promise((r) => setTimeout(r, 0));
  expect(ctl.state().status).toBe('policy');
}

describe('a highlight made while the document record is still being opened', () => {
  beforeEach(() => load(SEED, 'http://www.gov.cn/zhengce/content/2015-07/04/content_10002.htm'));

  it('is painted at once, then saved with the document id once the record is open', async () => {
    const bg = slowBackground();
    const ctl = createPageController({ win: window, analyze, useComputedStyle: false, send: bg.send, today: () => '2026-11-28' });
    const running = ctl.run();
    await analysed(ctl);
    const text = ctl.textModel()!.text;
    const at = text.indexOf(QUOTE);
    expect(at).toBeGreaterThan(0);
    const made = ctl.createAnnotation(at, at + QUOTE.length, { color: 'yellow' });
    // painted at once, before the document record exists …
    await new Promise((r) => setTimeout(r, 10));
    expect(ctl.annotations().map((x) => text.slice(x.start, x.end))).toEqual([QUOTE]);
    expect(
      ctl
        .painter()
        .hitTest(at + 1)
        .map((h) => h.category),
    ).toContain('pl-user-yellow');
    expect(bg.puts).toEqual([]);
    // … and stays painted while the stored annotations are re-anchored, then is saved
    bg.open();
    const a = await made;
    await running;
    expect(a?.docId).toBe('doc-1');
    expect(a?.target.quote.exact).toBe(QUOTE);
    expect(bg.puts.map((x) => x.target.quote.exact)).toEqual([QUOTE]);
    expect(ctl.annotations().map((x) => text.slice(x.start, x.end))).toEqual([QUOTE]);
    expect(ctl.lastError()).toBeNull();
  });

  it('listens for the user (UI attached) before the background has answered', async () => {
    const bg = slowBackground();
    let attached = 0;
    const ctl = createPageController({
      analyze,
      win: window,
      useComputedStyle: false,
      send: bg.send,
      today: () => '2026-11-28',
      ui: { attach: () => void attached++, detach: () => {} },
    });
    const running = ctl.run();
    await analysed(ctl);
    expect(ctl.state().status).toBe('policy');
    expect(attached).toBe(1);
    bg.open();
    await running;
    expect(attached).toBe(1);
  });

  it('reports why when the document record cannot be opened, and writes nothing', async () => {
    const bg = slowBackground({ failOpen: true });
    const ctl = createPageController({ win: window, analyze, useComputedStyle: false, send: bg.send, today: () => '2026-11-28', t: zhT });
    const running = ctl.run();
    await analysed(ctl);
    const text = ctl.textModel()!.text;
    const at = text.indexOf(QUOTE);
    const made = ctl.createAnnotation(at, at + QUOTE.length, { color: 'green' });
    await new Promise((r) => setTimeout(r, 10));
    expect(
      ctl
        .painter()
        .hitTest(at + 1)
        .map((h) => h.category),
    ).toContain('pl-user-green');
    bg.open();
    expect(await made).toBeNull();
    // rolled back: not on screen, not in the list
    expect(ctl.annotations()).toEqual([]);
    expect(
      ctl
        .painter()
        .hitTest(at + 1)
        .map((h) => h.category),
    ).not.toContain('pl-user-green');
    await running;
    expect(bg.puts).toEqual([]);
    expect(ctl.lastError()).toMatch(/^批注未保存：.*backing store/);
    // a later attempt tries to open the record again instead of failing for ever
    const opensBefore = bg.opens();
    expect(await ctl.createAnnotation(at, at + QUOTE.length, { color: 'green' })).toBeNull();
    expect(bg.opens()).toBe(opensBefore + 1);
  });
});
