import { describe, it, expect } from 'vitest';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { buildIcs, buildMarkdown, exportFileName, unfold } from '../../../lib/export';
import { ANNOTATIONS, BUNDLE, DOC, MODEL } from './fixtures';

/** What a GFM reader (GitHub, Obsidian, Typora…) makes of the Markdown. */
const render = (md: string) => micromark(md, { extensions: [gfm()], htmlExtensions: [gfmHtml()] });

describe('exports keep page and user text as text', () => {
  it('Markdown: bare URLs, www. names and addresses in titles and notes do not become links', () => {
    const b = {
      ...BUNDLE,
      document: { ...DOC, title: '通知 见 http://evil.example/x 与 www.evil.example' },
      annotations: [{ ...ANNOTATIONS[0]!, note: '联系 someone@evil.example 或访问 https://evil.example/?q=1' }],
    };
    const html = render(buildMarkdown(b));
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    // the one link is the document's own source line
    expect(hrefs).toEqual([DOC.url]);
    expect(html).toContain('http://evil.example/x');
    expect(html).toContain('someone@evil.example');
  });

  it('Markdown: a line break in a title or a measure title does not end its heading', () => {
    const b = {
      ...BUNDLE,
      document: { ...DOC, title: '关于印发\n===\n某方案的通知' },
      analysis: { ...MODEL, measures: MODEL.measures.map((m, i) => (i === 0 ? { ...m, title: `${m.title}\n# 伪造的标题` } : m)) },
    };
    const html = render(buildMarkdown(b));
    expect(html).toMatch(/<h1>关于印发 === 某方案的通知<\/h1>/);
    expect((html.match(/<h1>/g) ?? []).length).toBe(1);
    expect(html).not.toContain('<h1>伪造的标题');
    expect(html).toContain('# 伪造的标题');
  });

  it('file names drop bidi controls and invisible format characters', () => {
    const name = exportFileName({ docNumber: null, title: '\u202e关于\u200b\u2066印发\u2069方案\ufeff' }, 'md', '2026-12-02');
    expect(name).toBe('关于印发方案_提纲_2026-12-02.md');
    expect(exportFileName({ docNumber: '国发〔2015〕\u200f40号', title: 'x' }, 'json', '2026-12-02')).toBe('国发〔2015〕40号_批注_2026-12-02.json');
  });

  it('ICS: control characters are stripped from text values', () => {
    const b = { ...BUNDLE, document: { ...DOC, title: '标题\u0000\u0007\u001b[31m红\u007f' } };
    const ics = unfold(buildIcs(b, { now: '2026-12-02T00:00:00Z' }));
    // eslint-disable-next-line no-control-regex
    expect(ics.replace(/\r\n/g, '\n')).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/);
    expect(ics).toContain('标题[31m红');
  });
});
