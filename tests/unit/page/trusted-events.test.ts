// @vitest-environment jsdom
/**
 * What a page's own scripts can do to the in-page UI: dispatch keyboard and mouse events. Those
 * are untrusted (Event.isTrusted false, as every event jsdom dispatches) and must do nothing —
 * no annotation made by a synthetic Alt+Shift+H, no toolbar or note editor opened. The same
 * events counted as the user's (the `trusted` option, as a real browser would set it) work: the
 * test can fail.
 */
import { describe, expect, it, beforeEach } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createPageController, type PageController } from '../../../lib/page/controller';
import { createPageUi } from '../../../components/page/ui';
import { analyze } from '../../../lib/analysis';
import { rangeFromOffsets } from '../../../lib/highlight/ranges';
import type { BackgroundProtocol, Send } from '../../../lib/protocol';
import { zhT } from '../../fixtures/catalog';

const SEED = readFileSync(resolve(process.cwd(), 'seeds/gov/zhengce/content/2015-07/04/content_10002.htm'), 'utf8');
const QUOTE = '积极发展众创空间';

function load() {
  document.open();
  document.write(SEED);
  document.close();
  window.history.replaceState(null, '', '/zhengce/content/2015-07/04/content_10002.htm');
}

function background() {
  const sent: string[] = [];
  const put: any[] = [];
  const send = (async (type: string, data?: any): Promise<any> => {
    sent.push(type);
    if (type === 'bg:putAnnotation') put.push(data);
    switch (type) {
      case 'bg:docOpened':
        return { docId: 'doc-1', near: [] };
      case 'bg:anchorAnnotations':
      case 'bg:listAnnotations':
        return [];
      case 'bg:putAnnotation':
        return { ...data, docId: 'doc-1' };
      case 'bg:openNote':
        return { token: '0'.repeat(32) };
      default:
        return undefined;
    }
  }) as Send<BackgroundProtocol>;
  return { send, sent, put };
}

async function ready(trusted?: (e: Event) => boolean, note: 'frame' | 'inline' = 'frame'): Promise<{ ctl: PageController; sent: string[]; put: any[] }> {
  const bg = background();
  const ui = createPageUi({
    t: zhT,
    note: note === 'inline' ? 'inline' : { frame: (tk) => `chrome-extension://x/note.html#${tk}` },
    ...(trusted ? { trusted } : {}),
  });
  const ctl = createPageController({ win: window, analyze, useComputedStyle: false, send: bg.send, today: () => '2026-11-28', ui, t: zhT });
  await ctl.run();
  expect(ctl.state().status).toBe('policy');
  // select the quote in the page
  const tm = ctl.textModel()!;
  const at = tm.text.indexOf(QUOTE);
  const r = rangeFromOffsets(tm, at, at + QUOTE.length, document)!;
  window.getSelection()!.removeAllRanges();
  window.getSelection()!.addRange(r);
  expect(ctl.selectionOffsets()).toEqual([at, at + QUOTE.length]);
  return { ctl, sent: bg.sent, put: bg.put };
}

const key = (k: string) => new KeyboardEvent('keydown', { key: k, code: `Key${k.toUpperCase()}`, altKey: true, shiftKey: true, bubbles: true });
const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
};

describe('the in-page UI acts only on events the browser made for the user', () => {
  beforeEach(() => load());

  it("a synthetic Alt+Shift+H makes no annotation; counted as the user's, it does", async () => {
    const page = await ready();
    window.dispatchEvent(key('h'));
    document.body.dispatchEvent(key('h'));
    await settle();
    expect(page.sent).not.toContain('bg:putAnnotation');
    expect(page.ctl.annotations()).toEqual([]);
    page.ctl.destroy();

    load();
    const user = await ready(() => true);
    window.dispatchEvent(key('h'));
    await settle();
    expect(user.sent).toContain('bg:putAnnotation');
    expect(user.ctl.annotations().map((a) => a.annotation.target.quote.exact)).toEqual([QUOTE]);
    user.ctl.destroy();
  });

  it('a synthetic mouseup or Alt+Shift+N opens no toolbar and asks for no note editor', async () => {
    const page = await ready();
    document.body.dispatchEvent(new MouseEvent('mouseup', { bubbles: true, clientX: 10, clientY: 10 }));
    window.dispatchEvent(key('n'));
    await settle();
    expect(document.querySelector('[data-policy-lens-ui]')).toBeNull();
    expect(page.sent).not.toContain('bg:openNote');
    page.ctl.destroy();

    load();
    const user = await ready(() => true);
    window.dispatchEvent(key('n'));
    await settle();
    expect(user.sent).toContain('bg:openNote');
    expect(document.querySelectorAll('[data-policy-lens-ui]')).toHaveLength(1);
    // the note editor is done: the background says so, the toolbar goes
    await user.ctl.handle('page:noteClosed', { id: 'x', saved: false });
    expect(document.querySelector('[data-policy-lens-ui]')).toBeNull();
    user.ctl.destroy();
  });

  it("on an extension page (note: 'inline') the note form is in the toolbar itself: no note frame, saved with its colour, note and tags", async () => {
    // the toolbar's shadow root is closed: the test keeps the roots the UI attaches to read inside
    const roots: ShadowRoot[] = [];
    const attach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = function (init) {
      const r = attach.call(this, init);
      roots.push(r);
      return r;
    };
    try {
      const user = await ready(() => true, 'inline');
      window.dispatchEvent(key('n'));
      await settle();
      expect(user.sent).not.toContain('bg:openNote');
      const form = roots.map((r) => r.querySelector('form.pl-noteform')).find(Boolean) as HTMLFormElement;
      expect(form.querySelector('.pl-quote')!.textContent).toBe(QUOTE);
      expect(roots.some((r) => r.querySelector('iframe'))).toBe(false);
      (form.querySelector('[data-color="pink"]') as HTMLButtonElement).click();
      const note = form.querySelector('textarea')!;
      note.value = '  <b>重点</b>跟进 ';
      note.dispatchEvent(new Event('input', { bubbles: true }));
      const tags = form.querySelector('input[data-field="tags"]') as HTMLInputElement;
      tags.value = '督办，双创';
      tags.dispatchEvent(new Event('input', { bubbles: true }));
      await settle();
      form.requestSubmit();
      await settle();
      expect(user.put.map((a) => [a.target.quote.exact, a.color, a.note, a.tags])).toEqual([[QUOTE, 'pink', '<b>重点</b>跟进', ['督办', '双创']]]);
      // saved: the toolbar goes
      expect(document.querySelector('[data-policy-lens-ui="toolbar"]')).toBeNull();
      user.ctl.destroy();
    } finally {
      Element.prototype.attachShadow = attach;
    }
  });
});
