// @vitest-environment jsdom
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpus, SEEDS_DIR } from '../../../lib/cli/eval';
import { squash } from '../../../lib/eval/score';

// Checks the hand-written expectations against their pages, independently of the engine:
// everything an expectation quotes must be on the page, and every page must be reachable
// through sites.json at the path of its canonical URL.

const corpus = loadCorpus();
const sites = JSON.parse(readFileSync(join(SEEDS_DIR, 'sites.json'), 'utf8')) as Record<string, string>;
const gazetteer = new Set(
  readFileSync(join(SEEDS_DIR, '../lib/analysis/data/central-units.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t')[0])
    .filter((s): s is string => !!s),
);

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
      if (name !== 'expected') out.push(...allPages(p));
    } else if (/\.(s?html?)$/.test(name) && relative(SEEDS_DIR, p) !== 'index.html') out.push(p);
  }
  return out;
}

describe('seed corpus', () => {
  it('has the seed page, a news page and at least 12 more documents, policies and non-policies', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(14);
    expect(corpus.filter((c) => !c.expected.isPolicy).length).toBeGreaterThanOrEqual(3);
    expect(corpus.some((c) => c.expected.file === 'gov/zhengce/content/2015-07/04/content_10002.htm')).toBe(true);
  });

  it('every page has an expected file, is linked from index.html and described in README.md', () => {
    const expectedFiles = new Set(corpus.map((c) => c.expected.file));
    const index = readFileSync(join(SEEDS_DIR, 'index.html'), 'utf8');
    const readme = readFileSync(join(SEEDS_DIR, 'README.md'), 'utf8');
    for (const p of allPages(SEEDS_DIR)) {
      const rel = relative(SEEDS_DIR, p);
      expect(expectedFiles, rel).toContain(rel);
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

  describe.each(corpus.map((c) => [c.expected.file, c] as const))('%s', (_file, entry) => {
    const { html, doc, text } = pageOf(entry.pagePath);
    const e = entry.expected;

    it('is UTF-8 HTML with a canonical URL whose host maps to the page folder and path', () => {
      expect(html).toMatch(/<meta charset="utf-8">/i);
      const href = doc.querySelector('link[rel="canonical"]')?.getAttribute('href');
      expect(href).toBeTruthy();
      const url = new URL(href!);
      const folder = sites[url.hostname];
      expect(folder, url.hostname).toBeTruthy();
      expect(join(folder!, decodeURIComponent(url.pathname))).toBe(e.file);
      if (e.isPolicy === false) return;
      if (!url.hostname.endsWith('gov.cn')) expect(e.file.startsWith('reprint/')).toBe(true);
    });

    it('quotes only what is on the page', () => {
      for (const k of ['title', 'docNumber', 'issuer'] as const) {
        const v = e.meta[k];
        if (v) expect(text, `meta.${k}`).toContain(squash(v));
      }
      for (const m of e.measures) expect(text, `measure ${m.id}`).toContain(squash(m.marker + m.title));
      for (const a of e.assignments) expect(text, `unit ${a.unit}`).toContain(a.unit);
      for (const d of e.deadlines) expect(text, `deadline ${d.text}`).toContain(squash(d.text));
    });

    it('uses canonical names from the gazetteer, only where the gazetteer has the unit', () => {
      for (const a of e.assignments) {
        if (a.canonical !== null) expect(gazetteer, a.unit).toContain(a.canonical);
        // local units (省/市/区/县…, not 市场监管总局) and ministries' internal 司 are outside the gazetteer
        if (/^(省|市(?!场)|区|县|各)/.test(a.unit) || /[^公]司$/.test(a.unit)) expect(a.canonical, a.unit).toBeNull();
      }
    });

    it('has one row per unit and measure, and inherited rows only where a direct clause exists', () => {
      const keys = e.assignments.map((a) => `${a.measureId}|${a.unit}`);
      expect(new Set(keys).size).toBe(keys.length);
      const direct = e.assignments.filter((a) => !a.inherited);
      for (const a of e.assignments.filter((x) => x.inherited)) {
        const source = direct.some((d) => d.unit === a.unit && d.lead === a.lead);
        expect(source, `${a.measureId} ${a.unit}`).toBe(true);
      }
    });

    it('action areas are measures under a 重点任务/重点行动-type section', () => {
      for (const a of e.actionAreas) {
        const parent = e.measures.find((m) => m.id === a.measureId.split('.').slice(0, -1).join('.'));
        expect(parent?.title, a.name).toMatch(/^(重点行动|重点任务|主要任务|重点工作)$/);
      }
    });
  });
});
