/**
 * Stage "parts": where the document's parts begin and end — the body (a notice or the plan
 * itself), the plan printed after a 印发 notice's signature, and each 附件. Each part has its own
 * outline; the measures of a part after the first carry its letter (A1, B2.3).
 */
import { lastAtOrBefore, type Line } from './lines';
import type { SignatureBlock } from './meta';
import type { TextView } from './normalize';

export interface Part {
  /** First line of the part. */
  line: number;
  start: number;
  end: number;
  /** Where its measures end: the part's end, or the signature inside it. */
  stop?: number;
  attachment: boolean;
  /** The letter of its measure ids ("" for the first part with measures); set by the measures stage. */
  prefix: string;
}

/** "附件", "附件1", "附件2：…" as a line of its own. */
const ATTACHMENT_LINE = /^附件\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})?\s*(?:[:：]\s*(.{0,60}))?$/;

/**
 * The document's parts: the body, then after the signature the plan it prints or its 附件, each
 * attachment heading starting another. Without a signature, a bare "附件" line starts one (a
 * "附件：…" line inside a notice lists the attachments instead).
 */
export function findParts(v: TextView, lines: readonly Line[], signature: SignatureBlock | null): Part[] {
  const s = v.s;
  const bounds: { line: number; attachment: boolean }[] = [];
  let afterSig = -1;
  if (signature) {
    afterSig = lastAtOrBefore(lines, signature.end, (l) => l.start) + 1;
    while (
      afterSig < lines.length &&
      (lines[afterSig]!.end === lines[afterSig]!.start || /^\((?:此件|本件)/.test(s.slice(lines[afterSig]!.start, lines[afterSig]!.end)))
    )
      afterSig++;
  }
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.tab || l.end - l.start > 64) continue;
    const m = ATTACHMENT_LINE.exec(s.slice(l.start, l.end));
    if (!m) continue;
    const after = afterSig >= 0 && i >= afterSig;
    if (after || (!signature && !m[1] && !/[:：]/.test(s.slice(l.start, l.end)))) bounds.push({ line: i, attachment: true });
  }
  if (afterSig >= 0 && afterSig < lines.length && !bounds.some((b) => b.line === afterSig)) bounds.push({ line: afterSig, attachment: false });
  bounds.sort((a, b) => a.line - b.line);
  const parts: Part[] = [{ line: 0, start: 0, end: s.length, attachment: false, prefix: '' }];
  for (const b of bounds) {
    if (b.line === 0) continue;
    const start = lines[b.line]!.start;
    parts[parts.length - 1]!.end = start;
    parts.push({ line: b.line, start, end: s.length, attachment: b.attachment, prefix: '' });
  }
  // A measure never runs across the signature block (a 印发通知 signs before what it prints).
  if (signature) for (const p of parts) if (signature.start > p.start && signature.start < p.end) p.stop = signature.start;
  return parts;
}
