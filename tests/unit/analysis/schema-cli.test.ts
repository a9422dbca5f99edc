import { describe, it, expect, vi, afterEach } from 'vitest';
import { readFileSync, readdirSync, statSync, writeFileSync, mkdtempSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import Ajv2020 from 'ajv/dist/2020';
import { analyzeFile } from '../../../tools/pipeline/node';
import { main } from '../../../tools/analyze';
import type { PolicyModel } from '../../../lib/analysis/types';

const root = resolve(__dirname, '../../..');
const schema = JSON.parse(readFileSync(join(root, 'schema/policy-model.schema.json'), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true });
const validate = ajv.compile(schema);

function seedPages(dir = join(root, 'seeds')): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'expected') out.push(...seedPages(p));
    } else if (/\.(s?html?|txt)$/.test(name) && name !== 'index.html') out.push(p);
  }
  return out.sort();
}

function checkOffsets(model: PolicyModel, text: string): void {
  const [a, b] = model.range;
  expect(a).toBeLessThanOrEqual(b);
  expect(b).toBeLessThanOrEqual(text.length);
  const spans: [number, number][] = [
    ...model.measures.flatMap(
      (x) =>
        [
          [x.start, x.end],
          [x.headStart, x.headEnd],
        ] as [number, number][],
    ),
    ...model.assignments.flatMap((x) => [[x.start, x.end] as [number, number], ...x.mentions.map((u) => [u.start, u.end] as [number, number])]),
    ...model.deadlines.map((x) => [x.start, x.end] as [number, number]),
  ];
  for (const [s, e] of spans) {
    expect(s).toBeGreaterThanOrEqual(a);
    expect(e).toBeLessThanOrEqual(b);
    expect(s).toBeLessThanOrEqual(e);
  }
  // Mentions point at the unit as written (whitespace aside).
  for (const as of model.assignments) for (const u of as.mentions) expect(text.slice(u.start, u.end).replace(/\s+/g, '')).toBe(u.text);
  for (const d of model.deadlines) expect(text.slice(d.start, d.end).replace(/\s+/g, '')).toBe(d.text);
}

describe('schema/policy-model.schema.json validates real engine output', () => {
  const pages = seedPages();
  it('finds the seed pages', () => {
    expect(pages.length).toBeGreaterThanOrEqual(10);
  });
  for (const p of pages) {
    it(p.slice(root.length + 1), async () => {
      const { model, text } = await analyzeFile(p, { keyTerms: false });
      const ok = validate(model);
      if (!ok) throw new Error(ajv.errorsText(validate.errors, { separator: '\n' }));
      checkOffsets(model, text);
    });
  }
  it('rejects a model that breaks the contract', async () => {
    const { model } = await analyzeFile(join(root, 'seeds/000_a8d5c490817db3bf.txt'), { keyTerms: false });
    const bad = structuredClone(model) as unknown as { deadlines: { date: string }[]; measures: { start: number }[] };
    bad.deadlines[0]!.date = '2018/12/31';
    bad.measures[0]!.start = -1;
    expect(validate(bad)).toBe(false);
    expect(validate.errors!.length).toBeGreaterThanOrEqual(2);
  });
});

describe('pipeline + CLI', () => {
  afterEach(() => vi.restoreAllMocks());

  it('fills keyTerms through lib/segment', async () => {
    const { model } = await analyzeFile(join(root, 'seeds/000_a8d5c490817db3bf.txt'));
    expect(validate(model)).toBe(true);
    expect(model.measures.some((x) => x.keyTerms.length > 0)).toBe(true);
  }, 60_000);

  it('one file → one object; several → an array; a bad file → stderr, exit 1, others still analysed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pl-analyze-'));
    const bin = join(dir, 'binary.txt');
    writeFileSync(bin, Buffer.from([0x00, 0x01, 0x02, 0xff]));
    const out: string[] = [];
    const err: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => (out.push(String(c)), true));
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
    const seed = join(root, 'seeds/000_a8d5c490817db3bf.txt');

    expect(await main(['--no-key-terms', seed])).toBe(0);
    const one = JSON.parse(out.join(''));
    expect(Array.isArray(one)).toBe(false);
    expect(one.meta.title).toContain('互联网+');

    out.length = 0;
    expect(await main(['--no-key-terms', join(dir, 'missing.html'), seed, bin])).toBe(1);
    const arr = JSON.parse(out.join(''));
    expect(arr).toHaveLength(1);
    expect(arr[0].isPolicy).toBe(true);
    expect(err.join('\n')).toMatch(/missing\.html: cannot read .*no such file/);
    expect(err.join('\n')).toMatch(/binary\.txt: .*binary/);

    expect(await main([])).toBe(2);
  });
});
