/**
 * A realistic 国办-style policy text and a hand-made PolicyModel whose offsets are computed
 * from that text (so the fixture stays consistent if the text is edited).
 */
import type { Annotation, DocumentRecord, MeasureNote } from '../../../lib/annotations/types';
import type { Assignment, Deadline, Measure, PolicyModel } from '../../../lib/analysis/types';

export const TEXT = [
  '国务院办公厅关于促进“互联网+医疗健康”发展的意见',
  '国办发〔2018〕26号',
  '各省、自治区、直辖市人民政府，国务院各部委、各直属机构：',
  '为深入贯彻落实习近平新时代中国特色社会主义思想，经国务院同意，现提出如下意见（附：𠮷林省试点经验）。',
  '一、健全“互联网+医疗健康”服务体系',
  '（一）发展“互联网+”医疗服务。鼓励医疗机构应用互联网等信息技术拓展医疗服务空间和内容。2018年底前，二级以上医院普遍提供预约诊疗服务。（国家卫生健康委员会、国家发展改革委负责）',
  '（二）创新“互联网+”公共卫生服务。推动居民电子健康档案在线查询，到2020年，实现全国统一的电子健康档案平台上线。（国家卫生健康委员会牵头，民政部、国家医保局参与）',
  '1.完善“互联网+”家庭医生签约服务，每年评估一次。',
  '二、完善“互联网+医疗健康”支撑体系',
  '（一）加快实现医疗健康信息互通共享。2018—2020年分步推进全民健康信息平台建设。（国家卫生健康委员会、国家发展改革委、工业和信 息化部等负责，列第一位者为牵头部门）',
  '各地区、各有关部门要结合工作实际，抓好贯彻落实。',
].join('\n');

export function span(s: string, from = 0): [number, number] {
  const i = TEXT.indexOf(s, from);
  if (i < 0) throw new Error(`fixture text lacks ${s}`);
  return [i, i + s.length];
}

function lineOf(prefix: string): [number, number] {
  const [s] = span(prefix);
  const e = TEXT.indexOf('\n', s);
  return [s, e < 0 ? TEXT.length : e];
}

function measure(
  id: string,
  parentId: string | null,
  level: number,
  marker: string,
  kind: Measure['markerKind'],
  ordinal: number,
  title: string,
  path: string,
  end: number,
): Measure {
  const [s] = span(`${marker}${title}`);
  return {
    id,
    parentId,
    level,
    marker,
    markerKind: kind,
    ordinal,
    title,
    start: s,
    end,
    headStart: s,
    headEnd: s + marker.length + title.length,
    path,
    keyTerms: [],
  };
}

const endOfDoc = span('各地区、各有关部门')[0];
const m2start = span('二、完善')[0];
const m12start = span('（二）创新')[0];
const m121start = span('1.完善')[0];

const MEASURES: Measure[] = [
  measure('1', null, 1, '一、', 'cn', 1, '健全“互联网+医疗健康”服务体系', '一、', m2start),
  measure('1.1', '1', 2, '（一）', 'paren-cn', 1, '发展“互联网+”医疗服务', '一、(一)', m12start),
  measure('1.2', '1', 2, '（二）', 'paren-cn', 2, '创新“互联网+”公共卫生服务', '一、(二)', m2start),
  measure('1.2.1', '1.2', 3, '1.', 'arabic', 1, '完善“互联网+”家庭医生签约服务', '一、(二) 1.', m2start),
  measure('2', null, 1, '二、', 'cn', 2, '完善“互联网+医疗健康”支撑体系', '二、', endOfDoc),
  measure('2.1', '2', 2, '（一）', 'paren-cn', 1, '加快实现医疗健康信息互通共享', '二、(一)', endOfDoc),
];
void m121start;

function assignment(
  measureId: string,
  sourceText: string,
  units: string[],
  lead: string[],
  rule: Assignment['rule'],
  roles: Assignment['roles'] = units.map(() => '负责'),
): Assignment {
  const [s, e] = span(sourceText);
  return { measureId, units, lead, roles, canonical: units.map(() => null), inherited: false, sourceText, start: s, end: e, mentions: [], rule };
}

const ASSIGNMENTS: Assignment[] = [
  assignment('1.1', '（国家卫生健康委员会、国家发展改革委负责）', ['国家卫生健康委员会', '国家发展改革委'], ['国家卫生健康委员会'], 'first-listed'),
  assignment(
    '1.2',
    '（国家卫生健康委员会牵头，民政部、国家医保局参与）',
    ['国家卫生健康委员会', '民政部', '国家医保局'],
    ['国家卫生健康委员会'],
    'lead-marker',
    ['牵头', '参与', '参与'],
  ),
  assignment(
    '2.1',
    '（国家卫生健康委员会、国家发展改革委、工业和信 息化部等负责，列第一位者为牵头部门）',
    ['国家卫生健康委员会', '国家发展改革委', '工业和信息化部'],
    ['国家卫生健康委员会'],
    'first-listed',
  ),
];

function deadline(measureId: string, text: string, date: string | null, kind: Deadline['kind'], startDate?: string): Deadline {
  const [s, e] = span(text);
  return { text, date, kind, measureId, start: s, end: e, ...(startDate ? { startDate } : {}) };
}

const DEADLINES: Deadline[] = [
  deadline('1.1', '2018年底前', '2018-12-31', 'by'),
  deadline('1.2', '到2020年', '2020-12-31', 'by'),
  deadline('1.2.1', '每年', null, 'recurring'),
  deadline('2.1', '2018—2020年', '2020-12-31', 'period', '2018-01-01'),
];

export const MODEL: PolicyModel = {
  isPolicy: true,
  detection: { score: 0.95, reasons: ['发文字号 国办发〔2018〕26号'] },
  meta: {
    title: '国务院办公厅关于促进“互联网+医疗健康”发展的意见',
    docNumber: '国办发〔2018〕26号',
    issuer: '国务院办公厅',
    date: '2018-04-25',
    source: { docNumber: 'text' },
  },
  measures: MEASURES,
  assignments: ASSIGNMENTS,
  deadlines: DEADLINES,
  actionAreas: [{ name: '“互联网+”医疗服务', measureId: '1.1', start: span('“互联网+”医疗服务')[0], end: span('“互联网+”医疗服务')[1] }],
  range: [lineOf('各省、自治区')[0], TEXT.length],
  engine: 'test-engine@1',
};

export const URL = 'https://www.gov.cn/zhengce/content/2018-04/28/content_5286645.htm';

export const DOC: DocumentRecord = {
  id: 'doc-5f2a9c',
  url: URL,
  urls: ['http://www.gov.cn/zhengce/content/2018-04/28/content_5286645.htm'],
  site: 'www.gov.cn',
  hashes: [`www.gov.cn ${'5f2a9c'.padEnd(64, '0')}`],
  simhash: '5f2a9c0011223344',
  title: '国务院办公厅关于促进“互联网+医疗健康”发展的意见',
  docNumber: '国办发〔2018〕26号',
  issuer: '国务院办公厅',
  date: '2018-04-25',
  created: '2026-03-01T08:00:00.000Z',
  modified: '2026-03-01T08:00:00.000Z',
};

function annotationOn(id: string, exact: string, extra: Partial<Annotation> = {}, measure: { measureId?: string; measurePath?: string } = {}): Annotation {
  const [s, e] = span(exact);
  return {
    id,
    docId: DOC.id,
    target: {
      source: URL,
      quote: { type: 'TextQuoteSelector', exact, prefix: TEXT.slice(Math.max(0, s - 12), s), suffix: TEXT.slice(e, e + 12) },
      position: { type: 'TextPositionSelector', start: s, end: e },
      measureId: measure.measureId ?? null,
      measurePath: measure.measurePath ?? null,
    },
    color: 'yellow',
    note: '',
    tags: [],
    created: '2026-03-02T09:00:00.000Z',
    modified: '2026-03-02T09:00:00.000Z',
    ...extra,
  };
}

export const ANNOTATIONS: Annotation[] = [
  annotationOn('3f1c2b9e-8a47-4d2e-9b1a-5c6d7e8f9a01', '二级以上医院普遍提供预约诊疗服务', {
    note: '本市进度：三级医院已完成，二级医院约60%，需督办',
    tags: ['督办', '预约诊疗'],
    color: 'pink',
  }),
  annotationOn(
    '7b2d4e6f-1a3c-4b5d-8e9f-0a1b2c3d4e5f',
    '全民健康信息平台建设',
    { note: '=HYPERLINK("http://evil.example","点击"), 与"卫健委"对接\n第二行：<script>alert(1)</script>' },
    { measureId: '2.1', measurePath: '二、(一)' },
  ),
  annotationOn('c0ffee00-0000-4000-8000-000000000001', '𠮷林省试点经验', { note: '生僻字前后的位置换算' }),
  annotationOn('c0ffee00-0000-4000-8000-000000000002', '抓好贯彻落实', { color: 'green' }),
];

export const NOTES: MeasureNote[] = [
  {
    id: `${DOC.id}#1.1`,
    docId: DOC.id,
    measureId: '1.1',
    measurePath: '一、(一)',
    status: '推进中',
    note: '季度调度，牵头处室：医政处',
    created: '2026-03-03T00:00:00.000Z',
    modified: '2026-03-03T00:00:00.000Z',
  },
  {
    id: `${DOC.id}#2.1`,
    docId: DOC.id,
    measureId: '2.1',
    measurePath: '二、(一)',
    status: '关注',
    note: '',
    created: '2026-03-03T00:00:00.000Z',
    modified: '2026-03-03T00:00:00.000Z',
  },
];

export const BUNDLE = { document: DOC, analysis: MODEL, annotations: ANNOTATIONS, measureNotes: NOTES, text: TEXT };
