/** Download file names: "国发〔2015〕40号_批注_2026-11-28.json". */

export type ExportKind = 'json' | 'csv' | 'md' | 'ics';

const KIND_LABEL: Record<ExportKind, string> = { json: '批注', csv: '任务台账', md: '提纲', ics: '时间节点' };

// Path characters, controls, and the invisible format characters that can make a name read
// differently from what it is ("‮fdp.exe" shows as "exe.pdf"): bidi controls, zero widths, BOM.
// eslint-disable-next-line no-control-regex -- control characters are what this removes
const ILLEGAL = /[/\\:*?"<>|\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;
const MAX_BASE_BYTES = 150; // well under the 255-byte limit of common file systems
const encoder = new TextEncoder();

function sanitize(s: string): string {
  return s
    .replace(ILLEGAL, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[. ]+|[. ]+$/g, '');
}

function capBytes(s: string, max: number): string {
  if (encoder.encode(s).length <= max) return s;
  let out = '';
  let n = 0;
  for (const ch of s) {
    const b = encoder.encode(ch).length;
    if (n + b > max) break;
    out += ch;
    n += b;
  }
  return out.replace(/[. ]+$/, '');
}

function ymd(date: Date | string): string {
  if (typeof date === 'string') {
    const m = /^\d{4}-\d{2}-\d{2}/.exec(date);
    if (m) return m[0];
    date = new Date(date);
  }
  if (Number.isNaN(date.getTime())) throw new RangeError(`invalid date: ${String(date)}`);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}`;
}

export function exportFileName(doc: { docNumber?: string | null; title?: string | null }, kind: ExportKind, date: Date | string): string {
  let base = sanitize(doc.docNumber ?? '') || sanitize(doc.title ?? '') || 'policy-lens';
  if (RESERVED.test(base)) base = `_${base}`;
  base = capBytes(base, MAX_BASE_BYTES) || 'policy-lens';
  return `${base}_${KIND_LABEL[kind]}_${ymd(date)}.${kind}`;
}
