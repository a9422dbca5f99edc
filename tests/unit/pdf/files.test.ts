import { copyFileSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PolicyModel } from '../../../lib/analysis/types';
import { buildLedgerOf } from '../../../tools/ledger';
import { analyzeFile } from '../../../tools/pipeline/node';
import { inputFromPdf, readPdf, SCANNED_MESSAGE, ScannedPdfError } from '../../../tools/pipeline/pdf';
import { encryptedPdf } from '../../fixtures/pdf/encrypted';

// Real PDFs printed by Chromium from two seeds (tests/fixtures/pdf/make.ts), read with pdf.js:
// the PDF path must give what the HTML path gives for the same page.
const FIX = join(__dirname, '../../fixtures/pdf');
const SEEDS = join(__dirname, '../../../seeds');
const POLICY = { pdf: join(FIX, 'policy.pdf'), html: join(SEEDS, 'gov/zhengce/content/2016-09/26/content_10121.htm') };
const TABLE = { pdf: join(FIX, 'table.pdf'), html: join(SEEDS, 'wuhan/zwgk/xxgk/zfwj/bgtwj/202003/t20200316_972123.shtml') };

const view = (m: PolicyModel) => ({
  isPolicy: m.isPolicy,
  outline: m.measures.map((x) => `${x.id} ${x.marker}`),
  leads: m.assignments.map((a) => `${a.measureId}: ${a.lead.join('、')}`),
  units: m.assignments.map((a) => `${a.measureId}: ${a.units.join('、')}`),
  deadlines: m.deadlines.map((d) => `${d.measureId} ${d.text} ${d.date}`),
});

let tmp = '';
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'policy-lens-pdf-test-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('PDFs printed from the seeds read as their pages do', () => {
  it.each([
    ['policy (一、/（一） outline, 下同 leads, deadlines)', POLICY],
    ['分工表 (a table of 序号/重点任务/牵头单位/责任单位/完成时限 across two pages)', TABLE],
  ])(
    '%s: outline ids, lead units, units and deadlines equal the HTML path',
    async (_, f) => {
      const html = await analyzeFile(f.html, { keyTerms: false, today: '2024-01-01' });
      const pdf = await analyzeFile(f.pdf, { keyTerms: false, today: '2024-01-01' });
      const h = view(html.model);
      const p = view(pdf.model);
      expect(h.outline.length).toBeGreaterThan(4);
      expect(p).toEqual(h);
    },
    30_000,
  );

  it('the table PDF yields its rows: each row its lead unit, its other units and its deadline', async () => {
    const { model } = await analyzeFile(TABLE.pdf, { keyTerms: false });
    const rows = model.measures.filter((m) => m.markerKind === 'row');
    expect(rows.map((r) => r.marker)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    const lead = (id: string) => model.assignments.filter((a) => a.measureId === id).flatMap((a) => a.lead);
    expect(rows.map((r) => lead(r.id).join('、'))).toEqual([
      '市市场监管局',
      '市住房城乡建设局',
      '市发展改革委',
      '武汉海关',
      '市市场监管局',
      '市政务服务管理局',
      '市发展改革委',
    ]);
    const units1 = model.assignments.filter((a) => a.measureId === rows[0]!.id).flatMap((a) => a.units);
    expect(units1).toEqual(expect.arrayContaining(['市公安局', '市税务局', '市人社局']));
  }, 30_000);

  it('the running header (the page title) and the "— N —" page numbers are gone from the text', async () => {
    const { model, readMs } = await inputFromPdf(readFileSync(POLICY.pdf), 'policy.pdf');
    expect(model.pageStarts.length).toBeGreaterThanOrEqual(2);
    expect(model.text).not.toMatch(/—\s*\d+\s*—/);
    const title = (await readPdf(readFileSync(POLICY.pdf))).title!;
    expect(title).toContain('检验检测认证');
    expect(model.text).not.toContain(title);
    expect(model.furniture.every((items) => items.length >= 1)).toBe(true);
    expect(readMs).toBeGreaterThan(0);
  }, 30_000);

  it('a PDF is known by its header whatever its name (the eval hands the scorer PDFs named .html)', async () => {
    const renamed = join(tmp, 'policy.html');
    await writeFile(renamed, readFileSync(POLICY.pdf));
    const a = await analyzeFile(renamed, { keyTerms: false });
    expect(a.model.measures.length).toBeGreaterThan(4);
  }, 30_000);
});

describe('PDFs the path cannot read say why', () => {
  it('an image-only PDF (a scan) gives the scanned message, not a crash', async () => {
    const err = await analyzeFile(join(FIX, 'scanned.pdf'), { keyTerms: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScannedPdfError);
    expect((err as Error).message).toContain(SCANNED_MESSAGE);
    expect((err as ScannedPdfError).pages).toBe(1);
  });

  it('a password-protected PDF says it is encrypted and how to get on (the file itself opens with its password)', async () => {
    const bytes = encryptedPdf('policy');
    // the fixture is a real encrypted PDF: pdf.js reads its text with the password, refuses without
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), password: 'policy', isEvalSupported: false, verbosity: 0 }).promise;
    const text = (await (await doc.getPage(1)).getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join('');
    expect(text).toBe('Protected policy text');
    await doc.destroy();
    await expect(readPdf(bytes, '分工方案.pdf')).rejects.toThrow(/cannot read 分工方案\.pdf: encrypted PDF \(it needs a password\)/);
  });

  it.each([
    ['truncated', () => readFileSync(POLICY.pdf).subarray(0, 3000)],
    ['garbage after a PDF header', () => Buffer.from('%PDF-1.7\n' + 'x'.repeat(5000))],
    ['empty', () => Buffer.alloc(0)],
  ])('a %s file gives the broken-file message', async (name, bytes) => {
    const file = join(tmp, `${name.replace(/\W+/g, '-')}.pdf`);
    await writeFile(file, bytes());
    const err = await analyzeFile(file, { keyTerms: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(ScannedPdfError);
    expect((err as Error).message).toMatch(/cannot read .*: (not a readable|damaged) PDF/);
  });
});

describe('npm run ledger reads PDFs', () => {
  it('a folder with a PDF, its HTML page and a scan: the PDF gives the same rows, the scan is reported and skipped', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'policy-lens-pdf-ledger-'));
    try {
      copyFileSync(TABLE.pdf, join(dir, 'table.pdf'));
      copyFileSync(TABLE.html, join(dir, 'table.html'));
      copyFileSync(join(FIX, 'scanned.pdf'), join(dir, 'scan.pdf'));
      const r = await buildLedgerOf(dir, { jobs: 1 });
      expect(r.files).toBe(3);
      expect(r.failed).toEqual([{ file: 'scan.pdf', reason: expect.stringContaining(SCANNED_MESSAGE) }]);
      const rows = (id: string) => r.rows.filter((x) => x.docId === id).map((x) => [x.measureId, x.unit, x.role, x.deadline].join(' '));
      expect(rows('table.pdf').length).toBeGreaterThan(10);
      expect(rows('table.pdf')).toEqual(rows('table.html'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
