/**
 * iCalendar (RFC 5545): one all-day VEVENT per dated deadline. CRLF line ends, lines folded at
 * 75 octets without splitting a UTF-8 character, TEXT values escaped (\\ ; , and newlines).
 */
import { buildLedger, formatCo, measureLabel, sentenceAround, type DocumentBundle } from './ledger';

const encoder = new TextEncoder();

/** TEXT value: control characters removed (RFC 5545 allows none but tab), then \\ ; , and line breaks escaped. */
export function escapeIcsText(s: string): string {
  return (
    s
      // eslint-disable-next-line no-control-regex -- control characters are what this removes
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
      .replace(/\\/g, '\\\\')
      .replace(/;/g, '\\;')
      .replace(/,/g, '\\,')
      .replace(/\r\n?|\n/g, '\\n')
  );
}

/** Folds one content line into ≤ 75-octet physical lines (continuations start with a space). */
export function foldLine(line: string): string {
  if (encoder.encode(line).length <= 75) return line;
  const parts: string[] = [];
  let cur = '';
  let curBytes = 0;
  let limit = 75;
  for (const ch of line) {
    const b = ch.codePointAt(0)! < 0x80 ? 1 : ch.codePointAt(0)! < 0x800 ? 2 : ch.codePointAt(0)! < 0x10000 ? 3 : 4;
    if (curBytes + b > limit) {
      parts.push(cur);
      cur = '';
      curBytes = 0;
      limit = 74; // the leading space counts
    }
    cur += ch;
    curBytes += b;
  }
  parts.push(cur);
  return parts.join('\r\n ');
}

/** Reverses folding (for tests and readers). */
export function unfold(ics: string): string {
  return ics.replace(/\r\n[ \t]/g, '');
}

function compactDate(iso: string): string {
  return iso.slice(0, 10).replace(/-/g, '');
}

function nextDay(iso: string): string {
  const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10).replace(/-/g, '');
}

function icsTimestamp(now: Date | string): string {
  const d = typeof now === 'string' ? new Date(now) : now;
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function uidPart(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]/g, (c) => `%${[...encoder.encode(c)].map((x) => x.toString(16).toUpperCase().padStart(2, '0')).join('%')}`);
}

const VALID_DATE = /^\d{4}-\d{2}-\d{2}$/;

function docTitleOf(b: DocumentBundle): string {
  const d = b.document;
  return d.title || b.analysis.meta.title || d.docNumber || d.url;
}

function calendar(name: string, events: string[]): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Policy Lens//Policy Lens//ZH',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeIcsText(name)}`,
    ...events,
    'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}

export function buildIcs(b: DocumentBundle, opts: { now: Date | string; calendarName?: string }): string {
  const d = b.document;
  return calendar(opts.calendarName ?? `${d.docNumber ? `${d.docNumber} ` : ''}${docTitleOf(b)}`, icsEvents(b, icsTimestamp(opts.now)));
}

/** One calendar with the deadlines of several documents (export of all documents). */
export function buildIcsAll(bundles: readonly DocumentBundle[], opts: { now: Date | string; calendarName: string }): string {
  const stamp = icsTimestamp(opts.now);
  return calendar(
    opts.calendarName,
    bundles.flatMap((b) => icsEvents(b, stamp)),
  );
}

/** VEVENT lines (unfolded) for the dated deadlines of one document. */
function icsEvents(b: DocumentBundle, stamp: string): string[] {
  const d = b.document;
  const docTitle = docTitleOf(b);
  const lines: string[] = [];
  const ledger = buildLedger(b);
  const seen = new Set<string>();
  const rowsById = new Map(ledger.rows.map((r) => [r.measure.id, r]));
  for (const dl of b.analysis.deadlines) {
    if (!dl.date || !VALID_DATE.test(dl.date)) continue;
    const row = dl.measureId ? rowsById.get(dl.measureId) : undefined;
    const uid = `${uidPart(d.id)}-${uidPart(dl.measureId ?? 'doc')}-${dl.start}@policylens`;
    if (seen.has(uid)) continue;
    seen.add(uid);
    const title = row ? row.measure.title || measureLabel(row.measure) : docTitle;
    const desc: string[] = [];
    desc.push(`文件：${d.docNumber ? `${d.docNumber} ` : ''}${docTitle}`);
    if (row) desc.push(`措施：${row.measure.path} ${row.measure.title}`.trim());
    if (row?.lead.length) desc.push(`牵头单位：${row.lead.join('、')}`);
    if (row?.co.length) desc.push(`其他单位：${formatCo(row)}`);
    desc.push(`时限：${dl.text}`);
    if (b.text && dl.end <= b.text.length) desc.push(`原文：${sentenceAround(b.text, dl.start, dl.end)}`);
    if (row?.note?.status) desc.push(`状态：${row.note.status}`);
    lines.push(
      'BEGIN:VEVENT',
      `UID:${uid}`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${compactDate(dl.date)}`,
      `DTEND;VALUE=DATE:${nextDay(dl.date)}`,
      `SUMMARY:${escapeIcsText(`${title}（${dl.text}）`)}`,
      `DESCRIPTION:${escapeIcsText(desc.join('\n'))}`,
      ...(/^https?:\/\//i.test(d.url) ? [`URL:${d.url.replace(/[\r\n]/g, '')}`] : []),
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    );
  }
  return lines;
}
