// @vitest-environment jsdom
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SEEDS_DIR, seedDocs } from '../../../tools/eval';

// Checks the hand-made seed labels against their pages, independently of the engine: everything
// a label quotes is on the page, ids nest, and every page is reachable through sites.json at the
// path of its canonical URL. (The labels follow ../shared/corpus/README.md; seeds/README.md says
// which calls the seeds make.)

const docs = seedDocs();
const sites = JSON.parse(readFileSync(join(SEEDS_DIR, 'sites.json'), 'utf8')) as Record<string, string>;
const squash = (s: string) => s.replace(/[\s\u3000\u00a0\u200b\ufeff]+/g, '');

function pageOf(path: string) {
  const html = readFileSync(path, 'utf8');
  const doc = new DOMParser().parseFromString(html, 'text/html');
  for (const el of doc.querySelectorAll('script, style')) el.remove();
  return { html, doc, text: squash(doc.body.textContent ?? '') };
}

function allPages(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'gold' && name !== 'e2e') out.push(...allPages(p));
    } else if (/\.(s?html?)$/.test(name) && relative(SEEDS_DIR, p) !== 'index.html') out.push(p);
  }
  return out;
}

describe('seed corpus', () => {
  it('has the seed page, news and list pages and at least 25 more documents, policies and non-policies', () => {
    expect(docs.length).toBeGreaterThanOrEqual(30);
    expect(docs.filter((d) => !d.gold.is_policy).length).toBeGreaterThanOrEqual(5);
    expect(docs.some((d) => d.page === 'gov/zhengce/content/2015-07/04/content_10002.htm')).toBe(true);
  });

  it('every page has a label file, is linked from index.html and described in README.md', () => {
    const labelled = new Set(docs.map((d) => d.page));
    const index = readFileSync(join(SEEDS_DIR, 'index.html'), 'utf8');
    const readme = readFileSync(join(SEEDS_DIR, 'README.md'), 'utf8');
    for (const p of allPages(SEEDS_DIR)) {
      const rel = relative(SEEDS_DIR, p);
      expect(labelled, rel).toContain(rel);
      expect(index, rel).toContain(`href="${rel}"`);
      expect(readme, rel).toContain(rel);
    }
  });

  it('sites.json hosts are plausible and every folder exists', () => {
    for (const [host, folder] of Object.entries(sites)) {
      expect(host).toMatch(/^[a-z0-9.-]+\.[a-z]+$/);
      expect(statSync(join(SEEDS_DIR, folder)).isDirectory(), folder).toBe(true);
    }
  });

  describe.each(docs.map((d) => [d.page, d] as const))('%s', (_page, d) => {
    const { html, doc, text } = pageOf(d.pagePath);
    const g = d.gold;

    it('is UTF-8 HTML with a canonical URL whose host maps to the page folder and path', () => {
      expect(html).toMatch(/<meta charset="utf-8">/i);
      const href = doc.querySelector('link[rel="canonical"]')?.getAttribute('href');
      expect(href).toBeTruthy();
      const url = new URL(href!);
      const folder = sites[url.hostname];
      expect(folder, url.hostname).toBeTruthy();
      expect(join(folder!, decodeURIComponent(url.pathname))).toBe(d.page);
    });

    it('quotes only what is on the page', () => {
      for (const k of ['title', 'doc_number', 'issuer'] as const) {
        const v = g[k];
        if (v) expect(text, k).toContain(squash(v).replace(/^《|》$/g, ''));
      }
      for (const o of g.outline) expect(text, `outline ${o.id}`).toContain(squash(o.marker + o.title).slice(0, 20));
      for (const a of g.assignments) for (const u of a.units) expect(text, `unit ${u}`).toContain(squash(u));
      for (const x of g.deadlines) expect(text, `deadline ${x.text}`).toContain(squash(x.text));
    });

    it('ids nest: every outline node but the top level has its parent, levels follow the ids', () => {
      const ids = new Set(g.outline.map((o) => o.id));
      for (const o of g.outline) {
        const cut = o.id.lastIndexOf('.');
        if (cut > 0) expect(ids, `${o.id}'s parent`).toContain(o.id.slice(0, cut));
        expect(o.level, o.id).toBe(o.id.split('.').length);
      }
      for (const a of g.assignments) if (a.outline_id !== null) expect(ids, `assignment at ${a.outline_id}`).toContain(a.outline_id);
      for (const a of g.assignments) for (const l of a.lead) expect(a.units, `lead ${l}`).toContain(l);
    });

    it('a page that is not a policy document has nothing extracted', () => {
      if (g.is_policy) return;
      expect([g.outline, g.assignments, g.deadlines, g.action_areas].map((x) => x.length)).toEqual([0, 0, 0, 0]);
    });
  });
});
