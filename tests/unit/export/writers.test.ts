import { describe, it, expect } from 'vitest';
import { parseCsv as parseCsvText } from '../../support/csv';
import { buildCsv, CSV_HEADER, buildMarkdown, escapeMd, buildIcs, foldLine, unfold, escapeIcsText, exportFileName, buildLedger } from '../../../lib/export';
import { ANNOTATIONS, BUNDLE, DOC, MODEL, NOTES, TEXT } from './fixtures';

const parseCsv = (src: string) => parseCsvText(src, { strict: true });

describe('CSV task ledger', () => {
  const csv = buildCsv(BUNDLE);
  const rows = parseCsv(csv.slice(1));

  it('is UTF-8 with BOM, CRLF records, one row per measure plus the unplaced-annotation row', () => {
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(rows[0]).toEqual([...CSV_HEADER]);
    expect(rows.every((r) => r.length === 7)).toBe(true);
    // 6 measures + 1 row for annotations outside any measure (preamble, closing)
    expect(rows.length).toBe(1 + MODEL.measures.length + 1);
    expect(rows.slice(1, 7).map((r) => r[0])).toEqual(['一、', '一、(一)', '一、(二)', '一、(二) 1.', '二、', '二、(一)']);
  });

  it('fills lead/co units, normalized deadlines, status and notes from the right measure', () => {
    const r11 = rows.find((r) => r[0] === '一、(一)')!;
    expect(r11[1]).toBe('发展“互联网+”医疗服务');
    expect(r11[2]).toBe('国家卫生健康委员会');
    expect(r11[3]).toBe('国家发展改革委（负责）'); // with the role the clause prints
    expect(r11[4]).toBe('2018年底前（2018-12-31）');
    expect(r11[5]).toBe('推进中');
    // measure note + the annotation positioned inside (一) (no measureId stored: placed by offset)
    expect(r11[6]).toBe(
      '措施批注：季度调度，牵头处室：医政处\n「二级以上医院普遍提供预约诊疗服务」 本市进度：三级医院已完成，二级医院约60%，需督办 #督办 #预约诊疗',
    );
    const r12 = rows.find((r) => r[0] === '一、(二)')!;
    expect(r12[3]).toBe('民政部（参与）、国家医保局（参与）');
    const r21 = rows.find((r) => r[0] === '二、(一)')!;
    expect(r21[3]).toBe('国家发展改革委（负责）、工业和信息化部（负责）');
    expect(r21[4]).toBe('2018—2020年（2018-01-01 至 2020-12-31）');
    expect(r21[5]).toBe('关注');
    expect(rows.find((r) => r[0] === '一、(二) 1.')![4]).toBe('每年');
  });

  it('quotes commas, quotes and line breaks so they round-trip, and keeps notes literal', () => {
    const r21 = rows.find((r) => r[0] === '二、(一)')!;
    expect(r21[6]).toBe(`「全民健康信息平台建设」 ${ANNOTATIONS[1]!.note}`);
    expect(csv).toContain('""卫健委""');
  });

  it('neutralizes formula injection in every cell', () => {
    const evil = {
      ...BUNDLE,
      annotations: [],
      measureNotes: [{ ...NOTES[0]!, note: 'x' }],
      analysis: {
        ...MODEL,
        measures: MODEL.measures.map((m, i) => (i === 0 ? { ...m, title: '=1+1', path: '+SUM(A1)' } : i === 1 ? { ...m, title: '@cmd', path: '-2' } : m)),
      },
    };
    const r = parseCsv(buildCsv(evil).slice(1));
    expect(r[1]![0]).toBe("'+SUM(A1)");
    expect(r[1]![1]).toBe("'=1+1");
    expect(r[2]![0]).toBe("'-2");
    expect(r[2]![1]).toBe("'@cmd");
    // a note cell starting with = (the annotation line starts with 「 so it is safe; the measure note is prefixed)
    const n = parseCsv(buildCsv({ ...BUNDLE, annotations: [], measureNotes: [{ ...NOTES[0]!, note: 'x' }] }).slice(1));
    expect(n.flat().some((c) => /^[=+\-@]/.test(c))).toBe(false);
  });
});

describe('Markdown outline', () => {
  const md = buildMarkdown(BUNDLE, { exported: '2026-11-28' });

  it('uses headings for levels 1-2 and bullets below, with units, deadlines and notes', () => {
    const lines = md.split('\n');
    expect(lines[0]).toBe('# 国务院办公厅关于促进“互联网+医疗健康”发展的意见');
    expect(lines).toContain('## 一、健全“互联网+医疗健康”服务体系');
    expect(lines).toContain('### （一）发展“互联网+”医疗服务');
    expect(lines).toContain('- **1\\.完善“互联网+”家庭医生签约服务**');
    expect(lines).toContain('- 牵头：国家卫生健康委员会；其他：国家发展改革委（负责）');
    expect(lines).toContain('- 时限：2018年底前（2018-12-31）');
    expect(lines).toContain('- 状态：推进中');
    expect(md).toContain('- 「二级以上医院普遍提供预约诊疗服务」  \n    本市进度：三级医院已完成，二级医院约60%，需督办  \n    \\#督办 \\#预约诊疗\n');
    expect(md).toContain('\\#督办 \\#预约诊疗');
    expect(md).toContain('- 来源：<https://www.gov.cn/zhengce/content/2018-04/28/content_5286645.htm>');
    // heading order follows the document
    expect(md.indexOf('## 一、')).toBeLessThan(md.indexOf('### （二）创新'));
    expect(md.indexOf('### （二）创新')).toBeLessThan(md.indexOf('## 二、'));
  });

  it('escapes user text: no raw HTML, links or emphasis, multi-line notes stay in their item', () => {
    expect(md).not.toContain('<script>');
    expect(md).toContain('\\<script\\>alert(1)\\</script\\>');
    expect(escapeMd('[点此](javascript:alert(1)) *重点* _下划线_ `代码` a|b')).toBe('\\[点此\\](javascript:alert(1)) \\*重点\\* \\_下划线\\_ \\`代码\\` a\\|b');
    expect(escapeMd('- 不是列表\n1. 也不是\n# 不是标题')).toBe('\\- 不是列表\n1\\. 也不是\n\\# 不是标题');
    const noteLine = md.split('\n').findIndex((l) => l.includes('HYPERLINK'));
    expect(md.split('\n')[noteLine + 1]).toMatch(/^\s+第二行：/);
  });
});

describe('iCalendar', () => {
  const ics = buildIcs(BUNDLE, { now: '2026-11-28T10:20:30.000Z' });
  const physical = ics.split('\r\n').slice(0, -1);

  it('uses CRLF only, folds at 75 octets without breaking UTF-8, balances BEGIN/END', () => {
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const enc = new TextEncoder();
    for (const l of physical) expect(enc.encode(l).length).toBeLessThanOrEqual(75);
    expect(physical.some((l) => l.startsWith(' '))).toBe(true); // long Chinese lines were folded
    // every physical line is valid UTF-16 (no lone surrogates) and decodes back identically
    for (const l of physical) expect(new TextDecoder('utf-8', { fatal: true }).decode(enc.encode(l))).toBe(l);
    const logical = unfold(ics).split('\r\n').filter(Boolean);
    const depth = logical.reduce((d, l) => (l.startsWith('BEGIN:') ? d + 1 : l.startsWith('END:') ? d - 1 : d), 0);
    expect(depth).toBe(0);
    expect(logical[0]).toBe('BEGIN:VCALENDAR');
    expect(logical.at(-1)).toBe('END:VCALENDAR');
  });

  it('one all-day VEVENT per dated deadline with stable UID, summary, description', () => {
    const logical = unfold(ics).split('\r\n');
    const events = logical.filter((l) => l === 'BEGIN:VEVENT');
    expect(events.length).toBe(MODEL.deadlines.filter((d) => d.date).length); // 每年 has no date
    expect(logical).toContain('DTSTART;VALUE=DATE:20181231');
    expect(logical).toContain('DTEND;VALUE=DATE:20190101');
    expect(logical.filter((l) => l === 'DTSTAMP:20261128T102030Z').length).toBe(events.length);
    const uid = logical.find((l) => l.startsWith('UID:'))!;
    expect(uid).toMatch(/^UID:doc-5f2a9c-1\.1-\d+@policylens$/);
    expect(buildIcs(BUNDLE, { now: '2030-01-01T00:00:00Z' })).toContain(uid); // stable across exports
    const summary = logical.find((l) => l.startsWith('SUMMARY:发展'))!;
    expect(summary).toBe('SUMMARY:发展“互联网+”医疗服务（2018年底前）');
    const desc = logical.find((l) => l.startsWith('DESCRIPTION:') && l.includes('预约诊疗'))!;
    expect(desc).toContain('措施：一、(一) 发展“互联网+”医疗服务');
    expect(desc).toContain('\\n牵头单位：国家卫生健康委员会\\n');
    expect(desc).toContain('原文：2018年底前，二级以上医院普遍提供预约诊疗服务。');
  });

  it('escapes , ; \\ and newlines, and folding of long Chinese lines round-trips', () => {
    expect(escapeIcsText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
    const long = `DESCRIPTION:${escapeIcsText(`${TEXT}\n𠮷𠮷𠮷, end; \\`)}`;
    const folded = foldLine(long);
    for (const l of folded.split('\r\n')) expect(new TextEncoder().encode(l).length).toBeLessThanOrEqual(75);
    expect(unfold(folded)).toBe(long);
    expect(folded).not.toMatch(/[\ud800-\udbff]\r\n/); // a surrogate pair never split
    expect(foldLine('SUMMARY:short')).toBe('SUMMARY:short');
  });
});

describe('file names', () => {
  it('uses 发文字号, kind label and date; strips illegal characters; caps length', () => {
    expect(exportFileName({ docNumber: '国发〔2015〕40号', title: 'x' }, 'json', '2026-11-28T10:00:00Z')).toBe('国发〔2015〕40号_批注_2026-11-28.json');
    expect(exportFileName({ docNumber: null, title: '关于"互联网+"的意见: 第1/2部分*?' }, 'csv', '2026-01-05')).toBe(
      '关于互联网+的意见 第12部分_任务台账_2026-01-05.csv',
    );
    expect(exportFileName({ docNumber: '  ', title: '' }, 'ics', new Date(2026, 0, 2))).toBe('policy-lens_时间节点_2026-01-02.ics');
    expect(exportFileName({ docNumber: 'CON' }, 'md', '2026-01-02')).toBe('_CON_提纲_2026-01-02.md');
    const long = exportFileName({ title: '国务院关于'.repeat(40) }, 'md', '2026-01-02');
    expect(new TextEncoder().encode(long).length).toBeLessThanOrEqual(200);
    expect(long.endsWith('_提纲_2026-01-02.md')).toBe(true);
    expect(long).not.toMatch(/[/\\:*?"<>|]/);
  });
});

describe('ledger placement', () => {
  it('places annotations by stored measureId, else by innermost measure span, else unplaced', () => {
    const l = buildLedger(BUNDLE);
    const where = (id: string) => l.rows.find((r) => r.annotations.some((a) => a.id === id))?.measure.id ?? 'unplaced';
    expect(where(ANNOTATIONS[0]!.id)).toBe('1.1');
    expect(where(ANNOTATIONS[1]!.id)).toBe('2.1');
    expect(where(ANNOTATIONS[2]!.id)).toBe('unplaced');
    expect(l.unplaced.map((a) => a.target.quote.exact)).toEqual(['𠮷林省试点经验', '抓好贯彻落实']);
    expect(DOC.id).toBe('doc-5f2a9c');
  });
});
