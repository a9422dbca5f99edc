/** Exports of all documents: one CSV ledger and one calendar holding every document. */
import { describe, it, expect } from 'vitest';
import { buildCsv, buildCsvAll, buildIcs, buildIcsAll, CSV_HEADER, unfold } from '../../../lib/export';
import { BUNDLE, DOC } from './fixtures';
import { parseCsv } from '../../support/csv';

const OTHER = {
  ...BUNDLE,
  document: { ...DOC, id: 'doc-other', docNumber: '鄂政办发〔2019〕9号', title: '湖北省数字经济发展方案', url: 'https://www.hubei.gov.cn/a.shtml' },
};

describe('export of all documents', () => {
  it('CSV: one header, a 文件 column first, every document’s rows, no blank records', () => {
    const one = parseCsv(buildCsv(BUNDLE, { bom: false }));
    const all = buildCsvAll([BUNDLE, OTHER]);
    expect(all.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(all.slice(1));
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
