import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate, loadCorpus } from '../../../lib/cli/eval';
import type { PolicyModel } from '../../../lib/analysis/types';

function corpusDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pl-eval-'));
  mkdirSync(join(dir, 'expected'));
  for (const [name, body] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), body);
  }
  return dir;
}

const good = {
  file: 'gov/a.htm',
  isPolicy: true,
  meta: { title: '国务院关于加强数字政府建设的指导意见', docNumber: '国发〔2022〕14号', issuer: '国务院', date: '2022-06-06' },
  measures: [{ id: '1', marker: '一、', title: '总体要求' }],
  assignments: [{ measureId: '1', unit: '国务院办公厅', canonical: '国务院办公厅', lead: true, inherited: false }],
  deadlines: [{ text: '到2025年', date: '2025-12-31', kind: 'by', measureId: '1' }],
  actionAreas: [],
};

describe('loadCorpus', () => {
  it('reports every bad file by name and does not stop at the first', () => {
    const dir = corpusDir({
      'gov/a.htm': '<p>一、总体要求</p>',
      'expected/a.json': JSON.stringify(good),
      'expected/b.json': '{ "file": "gov/b.htm", ',
      'expected/c.json': JSON.stringify({ ...good, file: 'gov/missing.htm' }),
      'expected/README.md': '# not a json file',
    });
    expect(() => loadCorpus(dir)).toThrow(/b\.json[\s\S]*c\.json: page gov\/missing\.htm does not exist/);
  });

  it('loads valid files and skips non-JSON ones', () => {
    const dir = corpusDir({ 'gov/a.htm': '<p>一、总体要求</p>', 'expected/a.json': JSON.stringify(good), 'expected/README.md': '#' });
    const entries = loadCorpus(dir);
    expect(entries.map((e) => e.expected.file)).toEqual(['gov/a.htm']);
  });

  it('an engine that throws on one page is reported and that page counts as missed', async () => {
    const dir = corpusDir({ 'gov/a.htm': '<p>一、总体要求</p>', 'expected/a.json': JSON.stringify(good) });
    const { score, errors } = await evaluate(loadCorpus(dir), async () => {
      throw new Error('jsdom: parse error');
    });
    expect(errors[0]).toContain('gov/a.htm: engine failed: jsdom: parse error');
    expect(score.categories.detection.fn).toBe(1);
    expect(score.categories.assignments.recall).toBe(0);
  });

  it('a perfect engine passes', async () => {
    const dir = corpusDir({ 'gov/a.htm': '<p>一、总体要求</p>', 'expected/a.json': JSON.stringify(good) });
    const model: PolicyModel = {
      isPolicy: true,
      detection: { score: 0.9, reasons: [] },
      meta: { ...good.meta },
      measures: [{ id: '1', parentId: null, level: 1, marker: '一、', markerKind: 'cn', ordinal: 1, title: '总体要求', start: 0, end: 5, headStart: 0, headEnd: 5, path: '一、', keyTerms: [] }],
      assignments: [{ measureId: '1', units: ['国务院办公厅'], lead: ['国务院办公厅'], canonical: ['国务院办公厅'], inherited: false, sourceText: '', start: 0, end: 0, mentions: [], rule: 'single' }],
      deadlines: [{ text: '到2025年', date: '2025-12-31', kind: 'by', measureId: '1', start: 0, end: 0 }],
      actionAreas: [],
      range: [0, 5],
      engine: 'test',
    };
    const { score, errors } = await evaluate(loadCorpus(dir), async () => ({ model }));
    expect(errors).toEqual([]);
    for (const c of Object.values(score.categories)) expect(c.f1).toBe(1);
  });
});
