/** The formats the viewer knows: a PDF by its header, .docx by its name, the rest named and refused; attachment links of the same formats. */
// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { findAttachments } from '../../../lib/page/attachments';
import { FILE_EXTENSIONS, fileKind, looksLikePdf } from '../../../lib/viewer/formats';

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

describe('findAttachments (run in the page)', () => {
  it('finds links of exactly the formats the viewer knows, once per URL', () => {
    document.body.innerHTML = [...FILE_EXTENSIONS, 'txt', 'xlsx']
      .map((x) => `<a href="/files/a.${x}">附件 ${x}</a><a href="/files/a.${x}#page=2">同上</a>`)
      .join('');
    expect(findAttachments().map((a) => a.kind)).toEqual([...FILE_EXTENSIONS]);
  });
});
