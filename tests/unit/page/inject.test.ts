import { describe, it, expect } from 'vitest';
import {
  CONTENT_CSS,
  CONTENT_JS,
  injectContentScript,
  injectIntoFrame,
  probeInPage,
  wakeContentScript,
  type ContentGlobals,
  type ScriptingLike,
} from '../../../lib/page/inject';
import { isFirstLook } from '../../../lib/protocol';

/** A `scripting` double: runs injected functions against a fake frame's globals, records files. */
function fakeTab(has: 'content' | 'first-look' | 'none', opts: { refuse?: boolean } = {}) {
  const calls: string[] = [];
  const scripting: ScriptingLike = {
    async insertCSS(o) {
      calls.push(`css ${o.files.join()}`);
    },
    async executeScript(o) {
      if (opts.refuse) throw new Error('Cannot access contents of the page');
      if (o.func) {
        const g = globalThis as unknown as ContentGlobals;
        const saved = { a: g.__policyLens, b: g.__policyLensFirstLook };
        g.__policyLens = has === 'content' ? true : undefined;
        g.__policyLensFirstLook = has !== 'none' ? { stop() {}, look: 'signals' } : undefined;
        try {
          calls.push('probe');
          return [{ result: o.func() }];
        } finally {
          g.__policyLens = saved.a;
          g.__policyLensFirstLook = saved.b;
        }
      }
      calls.push(`js ${o.files!.join()}${o.target.frameIds ? ` frames ${o.target.frameIds.join()}` : ''}`);
      return [];
    },
  };
  return { scripting, calls };
}

describe('lib/page/inject', () => {
  it('probeInPage tells the content script, the first look and nothing apart', () => {
    const g = globalThis as unknown as ContentGlobals;
    expect(probeInPage()).toBe('none');
    g.__policyLensFirstLook = { stop() {}, look: null };
    expect(probeInPage()).toBe('first-look');
    g.__policyLens = true;
    expect(probeInPage()).toBe('content');
    delete g.__policyLens;
    delete g.__policyLensFirstLook;
  });

  it('on request: nothing again where the content script runs; the script alone where the first look brought the stylesheet; both elsewhere', async () => {
    let t = fakeTab('content');
    await injectContentScript(t.scripting, 7);
    expect(t.calls).toEqual(['probe']);
    t = fakeTab('first-look');
    await injectContentScript(t.scripting, 7);
    expect(t.calls).toEqual(['probe', `js ${CONTENT_JS}`]);
    t = fakeTab('none');
    await injectContentScript(t.scripting, 7);
    expect(t.calls).toEqual(['probe', `css ${CONTENT_CSS}`, `js ${CONTENT_JS}`]);
    await expect(injectContentScript(fakeTab('none', { refuse: true }).scripting, 7)).rejects.toThrow(/Cannot access/);
  });

  it('the side panel wakes only a page the first look left alone, and never throws', async () => {
    let t = fakeTab('first-look');
    expect(await wakeContentScript(t.scripting, 3)).toBe(true);
    expect(t.calls).toEqual(['probe', `js ${CONTENT_JS}`]);
    for (const has of ['content', 'none'] as const) {
      t = fakeTab(has);
      expect(await wakeContentScript(t.scripting, 3)).toBe(false);
      expect(t.calls).toEqual(['probe']);
    }
    expect(await wakeContentScript(fakeTab('first-look', { refuse: true }).scripting, 3)).toBe(false);
  });

  it('the background injects into the frame that asked', async () => {
    const t = fakeTab('first-look');
    await injectIntoFrame(t.scripting, 5, 12);
    expect(t.calls).toEqual([`js ${CONTENT_JS} frames 12`]);
  });

  it("the first look's raw message is checked like every message", () => {
    expect(isFirstLook({ type: 'pl:firstLook', look: 'signals' })).toBe(true);
    expect(isFirstLook({ type: 'pl:firstLook', look: 'article' })).toBe(true);
    expect(isFirstLook({ type: 'pl:firstLook', look: 'woken' })).toBe(false);
    expect(isFirstLook({ type: 'pl:firstLook' })).toBe(false);
    expect(isFirstLook(null)).toBe(false);
  });
});
