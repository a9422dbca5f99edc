/** Exports of all documents: one CSV ledger and one calendar holding every document. */
import { describe, it, expect } from 'vitest';
import { buildCsv, buildCsvAll, buildIcs, buildIcsAll, CSV_HEADER, unfold } from '../../../lib/export';
import { BUNDLE, DOC } from './fixtures';

const OTHER = {
  ...BUNDLE,
  document: { ...DOC, id: 'doc-other', docNumber: '鄂政办发〔2019〕9号', title: '湖北省数字经济发展方案', url: 'https://www.hubei.gov.cn/a.shtml' },
};

/** RFC 4180 records (quoted fields may hold line breaks). */
function records(src: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let f = '';
  let q = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (q) {
      if (c === '"' && src[i + 1] === '"') (f += '"'), i++;
      else if (c === '"') q = false;
      else f += c;
    } else if (c === '"') q = true;
    else if (c === ',') row.push(f), (f = '');
    else if (c === '\r' && src[i + 1] === '\n') row.push(f), rows.push(row), (row = []), (f = ''), i++;
    else f += c;
  }
  return rows;
}

describe('export of all documents', () => {
  it('CSV: one header, a 文件 column first, every document’s rows, no blank records', () => {
    const one = records(buildCsv(BUNDLE, { bom: false }));
    const all = buildCsvAll([BUNDLE, OTHER]);
    expect(all.startsWith('\uFEFF')).toBe(true);
    const rows = records(all.slice(1));
    expect(rows[0]).toEqual(['文件', ...CSV_HEADER]);
    expect(rows.filter((r) => r[0] === '文件')).toHaveLength(1);
    expect(rows.length - 1).toBe(2 * (one.length - 1));
    expect(rows.every((r) => r.length === CSV_HEADER.length + 1)).toBe(true);
    expect(rows.filter((r) => r[0] === '鄂政办发〔2019〕9号')).toHaveLength(one.length - 1);
    expect(rows[1]!.slice(1)).toEqual(one[1]);
  });

  it('ICS: one calendar with the events of every document, UIDs distinct', () => {
    const single = unfold(buildIcs(BUNDLE, { now: '2026-11-28T00:00:00Z' }));
    const all = unfold(buildIcsAll([BUNDLE, OTHER], { now: '2026-11-28T00:00:00Z', calendarName: 'Policy Lens 全部文档' }));
    const count = (s: string, x: string) => s.split('\r\n').filter((l) => l === x).length;
    expect(count(all, 'BEGIN:VCALENDAR')).toBe(1);
    expect(count(all, 'END:VCALENDAR')).toBe(1);
    expect(count(single, 'BEGIN:VEVENT')).toBeGreaterThan(0);
    expect(count(all, 'BEGIN:VEVENT')).toBe(2 * count(single, 'BEGIN:VEVENT'));
    const uids = all.split('\r\n').filter((l) => l.startsWith('UID:'));
    expect(new Set(uids).size).toBe(uids.length);
    expect(all).toContain('X-WR-CALNAME:Policy Lens 全部文档');
  });
});
