/**
 * Markdown outline: level-1 measures as "##", level-2 as "###", deeper ones as nested bullets,
 * each with lead/responsible units, normalized deadlines, the user's status and notes and the
 * annotations (quote + note). All page and user text is escaped: nothing becomes a link, HTML
 * or formatting that the author did not write.
 */
import type { Annotation } from '../annotations/types';
import { buildLedger, formatCo, formatDeadline, measureLabel, type DocumentBundle, type LedgerRow } from './ledger';

/**
 * Escapes inline Markdown: \ ` * _ [ ] < > & | ~ # and a leading block marker (- + > = digits.),
 * and what GFM would turn into a link by itself: a scheme's ":" (http://…), the "." after www
 * and the "@" of an address are backslash-escaped, which renders the same characters unlinked.
 */
export function escapeMd(s: string): string {
  return s
    .replace(/[\\`*_[\]<>&|~#]/g, '\\$&')
    .replace(/^(\s*)([-+>=])/gm, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/gm, '$1\\$2')
    .replace(/\b([a-z][a-z0-9+.-]{1,20}):(?=\/\/)/gi, '$1\\:')
    .replace(/\b(www)\./gi, '$1\\.')
    .replace(/@/g, '\\@');
}

/** Text for a heading line: one line (a line break in a title would end the heading), escaped. */
function headingText(s: string): string {
  return escapeMd(s.replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' ').trim());
}

/** Multi-line user text inside a list item: continuation lines indented, each escaped. */
function block(s: string, indent: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l, i) => (i === 0 ? escapeMd(l) : `${indent}${escapeMd(l)}`))
    .join('  \n');
}

function safeLink(url: string): string {
  if (!/^https?:\/\//i.test(url)) return escapeMd(url);
  const href = url.replace(/[()<>\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return `<${href}>`;
}

/** "- 「quote」" then the note and tags on hard-broken lines of the same list item. */
function annotationLines(a: Annotation, indent: string): string[] {
  const parts = [`「${block(a.target.quote.exact, `${indent}  `)}」`];
  if (a.note) parts.push(block(a.note, `${indent}  `));
  if (a.tags.length) parts.push(a.tags.map((t) => `\\#${escapeMd(t)}`).join(' '));
  return [`${indent}- ${parts.join(`  \n${indent}  `)}`];
}

function details(r: LedgerRow, indent: string): string[] {
  const out: string[] = [];
  const units: string[] = [];
  if (r.lead.length) units.push(`牵头：${escapeMd(r.lead.join('、'))}`);
  if (r.co.length) units.push(`其他：${escapeMd(formatCo(r))}`);
  if (units.length) out.push(`${indent}- ${units.join('；')}`);
  if (r.deadlines.length) out.push(`${indent}- 时限：${escapeMd(r.deadlines.map(formatDeadline).join('；'))}`);
  if (r.note?.status) out.push(`${indent}- 状态：${escapeMd(r.note.status)}`);
  if (r.note?.note) out.push(`${indent}- 我的批注：${block(r.note.note, `${indent}  `)}`);
  if (r.annotations.length) {
    out.push(`${indent}- 划线批注：`);
    for (const a of r.annotations) out.push(...annotationLines(a, `${indent}  `));
  }
  return out;
}

export function buildMarkdown(b: DocumentBundle, opts: { exported?: string } = {}): string {
  const d = b.document;
  const title = d.title || b.analysis.meta.title || d.docNumber || d.url;
  const lines: string[] = [`# ${headingText(title)}`, ''];
  const meta: [string, string | null][] = [
    ['发文字号', d.docNumber ?? b.analysis.meta.docNumber],
    ['发文机关', d.issuer ?? b.analysis.meta.issuer],
    ['成文日期', d.date ?? b.analysis.meta.date],
  ];
  for (const [k, v] of meta) if (v) lines.push(`- ${k}：${escapeMd(v)}`);
  lines.push(`- 来源：${safeLink(d.url)}`);
  if (opts.exported) lines.push(`- 导出：${escapeMd(opts.exported)}（Policy Lens）`);
  lines.push('');

  const ledger = buildLedger(b);
  for (const r of ledger.rows) {
    const m = r.measure;
    if (m.level <= 2) {
      lines.push(`${'#'.repeat(m.level + 1)} ${headingText(measureLabel(m))}`, '');
      const det = details(r, '');
      if (det.length) lines.push(...det, '');
    } else {
      const indent = '  '.repeat(m.level - 3);
      lines.push(`${indent}- **${headingText(measureLabel(m))}**`);
      lines.push(...details(r, `${indent}  `));
      const next = ledger.rows[ledger.rows.indexOf(r) + 1];
      if (!next || next.measure.level <= 2) lines.push('');
    }
  }
  if (ledger.unplaced.length) {
    lines.push('## 其他批注', '');
    for (const a of ledger.unplaced) lines.push(...annotationLines(a, ''));
    lines.push('');
  }
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
