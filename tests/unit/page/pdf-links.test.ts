// @vitest-environment jsdom
/** Which clicks the PDF-link script takes: the analyst's plain click on a PDF link, nothing else. */
import { beforeEach, describe, expect, it } from 'vitest';
import { pdfLinkClick } from '../../../lib/page/pdf-links';

/** Click the element matching `sel` with `init`; answers what the script reads of it (trusted as the browser's own unless said). */
function clickOn(sel: string, init: MouseEventInit = {}, trusted = true, prevented = false) {
  const el = document.querySelector(sel)!;
  let seen: ReturnType<typeof pdfLinkClick> | undefined;
  const on = (e: Event) => {
    seen = pdfLinkClick(e as MouseEvent, trusted);
    e.preventDefault(); // jsdom would navigate
  };
  window.addEventListener('click', on);
  if (prevented) el.addEventListener('click', (e) => e.preventDefault(), { once: true });
  el.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, composed: true, button: 0, ...init }));
  window.removeEventListener('click', on);
  return seen;
}

describe('pdfLinkClick', () => {
  beforeEach(() => {
    window.history.replaceState(null, '', '/zhengce/content/2024-01/05/content_1.htm');
    document.head.innerHTML = '';
    document.body.innerHTML = `
      <a id="rel" href="files/分工表.pdf#page=2"><span id="inner">1. 重点任务分工表</span></a>
      <a id="blank" href="/att/a.PDF" target="_blank">附件</a>
      <a id="dl" href="/att/a.pdf" download>下载</a>
      <a id="doc" href="/att/a.docx">Word</a>
      <a id="js" href="javascript:void(0)">打印</a>
      <a id="none">无链接</a>`;
  });

  it('a plain click on a PDF link, or on what is inside it: its URL, in the same tab unless the link opens a new one', () => {
    expect(clickOn('#rel')).toEqual({ url: `${location.origin}/zhengce/content/2024-01/05/files/%E5%88%86%E5%B7%A5%E8%A1%A8.pdf`, newTab: false });
    expect(clickOn('#inner')?.url).toMatch(/files\/.+\.pdf$/);
    expect(clickOn('#blank')).toEqual({ url: `${location.origin}/att/a.PDF`, newTab: true });
  });

  it('the page’s <base target="_blank"> opens its links in a new tab', () => {
    document.head.innerHTML = '<base target="_blank">';
    expect(clickOn('#rel')?.newTab).toBe(true);
  });

  it.each([
    ['a click the page made (untrusted)', '#rel', {}, false, false],
    ['a click the page handled itself', '#rel', {}, true, true],
    ['Ctrl+click (a new tab, as the analyst meant)', '#rel', { ctrlKey: true }, true, false],
    ['Shift+click', '#rel', { shiftKey: true }, true, false],
    ['Alt+click (save the link)', '#rel', { altKey: true }, true, false],
    ['Meta+click', '#rel', { metaKey: true }, true, false],
    ['the middle button', '#rel', { button: 1 }, true, false],
    ['a download link', '#dl', {}, true, false],
    ['a Word link', '#doc', {}, true, false],
    ['a javascript: link', '#js', {}, true, false],
    ['an anchor without href', '#none', {}, true, false],
  ] as const)('not taken: %s', (_what, sel, init, trusted, prevented) => {
    expect(clickOn(sel, init, trusted, prevented)).toBeNull();
  });
});
