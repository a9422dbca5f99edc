/** The formats the viewer knows: a PDF by its header, .docx by its name, the rest named and refused; attachment links of the same formats. */
// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { findAttachments } from '../../../lib/page/attachments';
import { FILE_EXTENSIONS, fileKind, looksLikePdf, pdfLinkUrl } from '../../../lib/viewer/formats';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('fileKind', () => {
  it.each([
    ['通知.pdf', '%PDF-1.7\n…', 'pdf'],
    ['download.aspx', `${' '.repeat(600)}%PDF-1.4`, 'pdf'], // a PDF by its header whatever its name
    ['附件.pdf', 'PK\u0003\u0004 not a pdf', 'pdf'], // named .pdf: pdf.js says what is wrong with it
    ['分工表.DOCX', 'PK\u0003\u0004', 'docx'],
    ['通知.doc', '\u00d0\u00cf\u0011\u00e0', { notRead: '.doc' }],
    ['通知.ofd', 'PK\u0003\u0004', { notRead: '.ofd' }],
    ['noextension', 'hello', { notRead: 'noextension' }],
  ])('%s', (name, head, kind) => expect(fileKind(name, bytes(head))).toEqual(kind));

  it('looks for the header in the first kilobyte only', () => {
    expect(looksLikePdf(bytes(`${' '.repeat(1100)}%PDF-1.4`))).toBe(false);
    expect(looksLikePdf(new Uint8Array())).toBe(false);
  });
});

describe('pdfLinkUrl: a link the viewer may fetch, by its name', () => {
  it.each([
    ['https://www.gov.cn/zhengce/files/分工表.pdf', 'https://www.gov.cn/zhengce/files/%E5%88%86%E5%B7%A5%E8%A1%A8.pdf'],
    ['http://xxgk.example.gov.cn/att/P020230101.PDF#page=3', 'http://xxgk.example.gov.cn/att/P020230101.PDF'],
    ['https://www.gov.cn/a.pdf?v=2', 'https://www.gov.cn/a.pdf?v=2'],
    ['https://www.gov.cn/download.jsp?file=a.pdf', null], // a script that names a PDF: not known to be one until fetched
    ['https://www.gov.cn/a.docx', null],
    ['https://www.gov.cn/pdf/', null],
    ['ftp://files.gov.cn/a.pdf', null],
    ['javascript:open("a.pdf")', null],
    ['not a url', null],
  ])('%s', (href, url) => expect(pdfLinkUrl(href)).toBe(url));
});

describe('findAttachments (run in the page)', () => {
  it('finds links of exactly the formats the viewer knows, once per URL', () => {
    document.body.innerHTML = [...FILE_EXTENSIONS, 'txt', 'xlsx']
      .map((x) => `<a href="/files/a.${x}">附件 ${x}</a><a href="/files/a.${x}#page=2">同上</a>`)
      .join('');
    expect(findAttachments().map((a) => a.kind)).toEqual([...FILE_EXTENSIONS]);
  });
});
