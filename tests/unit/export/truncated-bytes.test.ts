/**
 * A file cut short inside a multi-byte character (the usual case for Chinese text: 3 bytes per
 * character) is reported as truncated, not as "not UTF-8"; genuinely foreign bytes still are.
 */
import { describe, expect, it } from 'vitest';
import { buildExport, parseImport, serializeExport } from '../../../lib/export';
import { ANNOTATIONS, DOC, MODEL, NOTES } from './fixtures';
import { describeValidationIssue, type ValidationIssue } from '../../../lib/export/import';
import { catalogGetMessage, createT } from '../../../lib/i18n';
import zhCatalog from '../../../public/_locales/zh_CN/messages.json';
import enCatalog from '../../../public/_locales/en/messages.json';

/** A refusal as the user reads it, in both UI languages. */
const said = (e: ValidationIssue) =>
  `${describeValidationIssue(e, createT(catalogGetMessage(zhCatalog)))} / ${describeValidationIssue(e, createT(catalogGetMessage(enCatalog)))}`;

const bytes = new TextEncoder().encode(
  serializeExport(
    buildExport({
      documents: [DOC],
      analyses: { [DOC.id]: MODEL },
      annotations: ANNOTATIONS,
      measureNotes: NOTES,
      extensionVersion: '0.1.0',
      now: '2026-11-28T00:00:00.000Z',
    }),
  ),
);

/** Offset just after the first byte of a 3-byte (CJK) character past the middle of the file. */
function midCharacterCut(b: Uint8Array): number {
  for (let i = b.length >> 1; i < b.length; i++) if (b[i]! >= 0xe0 && b[i]! < 0xf0) return i + 1;
  throw new Error('no multi-byte character in the second half');
}

describe('import of a file cut inside a character', () => {
  it('is refused as truncated, naming the byte where it ends', () => {
    const cut = midCharacterCut(bytes);
    const r = parseImport(bytes.subarray(0, cut));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(1);
    expect(said(r.errors[0]!)).toMatch(/^文件不完整/);
    expect(said(r.errors[0]!)).toContain(`第 ${cut} 个字节`);
    expect(said(r.errors[0]!)).toMatch(/truncated/);
  });

  it('cut on a character boundary it is a truncated JSON text, with line and column', () => {
    const text = new TextDecoder().decode(bytes);
    const r = parseImport(new TextEncoder().encode(text.slice(0, text.length >> 1)));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(said(r.errors[0]!)).toMatch(/^文件不完整：内容在第 \d+ 行第 \d+ 列/);
  });

  it('GBK bytes (a file saved in the legacy Chinese encoding) are still "not UTF-8"', () => {
    // "国务院" in GBK, inside a JSON string
    const gbk = Uint8Array.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xb9, 0xfa, 0xce, 0xf1, 0xd4, 0xba, 0x22, 0x7d]);
    const r = parseImport(gbk);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(said(r.errors[0]!)).toMatch(/not UTF-8/);
  });

  it('the whole file still imports', () => {
    expect(parseImport(bytes).ok).toBe(true);
  });
});
