/**
 * Builds PolicyModels the way the engine lays them out (ids from ordinal paths, spans into one
 * text, inherited assignments applied to items) from a small outline description. Used by the
 * hand-written test fixtures and by `generateLargeModel` (bench / large-document tests).
 */
import type { Assignment, Deadline, DeadlineKind, MarkerKind, Measure, PolicyModel, RoleWord } from '../analysis/types';
import { measureOwnTexts } from './model-index';

export interface OutlineClause {
  /** Units as written, in order. */
  units: string[];
  lead: string[];
  rule: Assignment['rule'];
  /** Clause text as written; default "(A、B等负责)". */
  text?: string;
  /** Also apply the clause to every descendant as an inherited assignment (下同 / heading clause). */
  inheritToChildren?: boolean;
}

export interface OutlineDeadline {
  text: string;
  date: string | null;
  kind: DeadlineKind;
  startDate?: string | null;
}

export interface OutlineNode {
  marker: string;
  markerKind: MarkerKind;
  ordinal: number;
  title: string;
  body?: string;
  clause?: OutlineClause;
  deadlines?: OutlineDeadline[];
  area?: string;
  keyTerms?: string[];
  children?: OutlineNode[];
}

export interface BuiltModel {
  model: PolicyModel;
  text: string;
  measureTexts: Record<string, string>;
}

/** Short forms → canonical names (subset of the central-units gazetteer). */
export const SAMPLE_CANONICAL: Record<string, string> = {
  发展改革委: '国家发展和改革委员会',
  国家发展改革委: '国家发展和改革委员会',
  科技部: '科学技术部',
  工业和信息化部: '工业和信息化部',
  人力资源社会保障部: '人力资源和社会保障部',
  商务部: '商务部',
  农业部: '农业部',
  质检总局: '国家质量监督检验检疫总局',
  食品药品监管总局: '国家食品药品监督管理总局',
  林业局: '国家林业局',
  能源局: '国家能源局',
  人民银行: '中国人民银行',
  银监会: '中国银行业监督管理委员会',
  证监会: '中国证券监督管理委员会',
  保监会: '中国保险监督管理委员会',
  网信办: '国家互联网信息办公室',
  教育部: '教育部',
  民政部: '民政部',
  卫生计生委: '国家卫生和计划生育委员会',
  旅游局: '国家旅游局',
  信访局: '国家信访局',
  交通运输部: '交通运输部',
  海关总署: '海关总署',
  税务总局: '国家税务总局',
  财政部: '财政部',
  自然资源部: '自然资源部',
  生态环境部: '生态环境部',
  住房城乡建设部: '住房和城乡建设部',
  水利部: '水利部',
  市场监管总局: '国家市场监督管理总局',
};

export function buildModelFromOutline(
  outline: OutlineNode[],
  opts: { title: string; docNumber?: string | null; issuer?: string | null; date?: string | null; preface?: string; canonical?: Record<string, string> } = { title: '' },
): BuiltModel {
  const canon = opts.canonical ?? SAMPLE_CANONICAL;
  let text = `${opts.title}\n${opts.preface ?? ''}\n`;
  const contentStart = 0;
  const measures: Measure[] = [];
  const assignments: Assignment[] = [];
  const deadlines: Deadline[] = [];
  const actionAreas: PolicyModel['actionAreas'] = [];
  const inheritedFrom: { measureId: string; clause: Assignment }[] = [];

  const walk = (nodes: OutlineNode[], parent: Measure | null, parentClauses: Assignment[]) => {
    for (const n of nodes) {
      const id = parent ? `${parent.id}.${n.ordinal}` : String(n.ordinal);
      const level = parent ? parent.level + 1 : 1;
      const start = text.length;
      const head = `${n.marker}${n.title}`;
      const clauseText = n.clause
        ? n.clause.text ?? `(${n.clause.units.join('、')}等负责)`
        : '';
      const body = n.body ?? '';
      text += `${head}\n${body}${clauseText}\n`;
      const measure: Measure = {
        id,
        parentId: parent ? parent.id : null,
        level,
        marker: n.marker,
        markerKind: n.markerKind,
        ordinal: n.ordinal,
        title: n.title.replace(/[。：:]$/, ''),
        start,
        end: start, // fixed below
        headStart: start,
        headEnd: start + head.length,
        path: parent ? `${parent.path} ${n.marker}`.replace(/、 /, '、') : n.marker,
        keyTerms: n.keyTerms ?? [],
      };
      measures.push(measure);
      if (n.area) {
        const at = text.indexOf(n.title, start);
        actionAreas.push({ name: n.area, measureId: id, start: at, end: at + n.title.length });
      }
      const bodyStart = start + head.length + 1;
      for (const d of n.deadlines ?? []) {
        const at = text.indexOf(d.text, bodyStart);
        const s = at >= 0 ? at : bodyStart;
        deadlines.push({ text: d.text, date: d.date, kind: d.kind, startDate: d.startDate ?? null, measureId: id, start: s, end: s + d.text.length });
      }
      let own: Assignment[] = [];
      if (n.clause) {
        const cs = bodyStart + body.length;
        const units = n.clause.units.map((u) => u.replace(/\s+/g, ''));
        let cursor = cs;
        const mentions = units.map((u) => {
          const at = text.indexOf(u, cursor);
          const s = at >= 0 ? at : cs;
          cursor = s + u.length;
          const lead = n.clause!.lead.includes(u);
          return { text: u, canonical: canon[u] ?? null, role: (lead ? 'lead' : 'co') as 'lead' | 'co', word: (lead ? '牵头' : '配合') as RoleWord, start: s, end: s + u.length };
        });
        const a: Assignment = {
          measureId: id,
          units,
          lead: n.clause.lead,
          roles: mentions.map((m) => m.word),
          canonical: units.map((u) => canon[u] ?? null),
          inherited: false,
          sourceText: clauseText,
          start: cs,
          end: cs + clauseText.length,
          mentions,
          rule: n.clause.rule,
        };
        assignments.push(a);
        own = n.clause.inheritToChildren ? [a] : [];
      }
      for (const pc of parentClauses) {
        if (!n.clause) {
          assignments.push({ ...pc, measureId: id, inherited: true, mentions: [] });
          inheritedFrom.push({ measureId: id, clause: pc });
        }
      }
      walk(n.children ?? [], measure, own.length ? own : parentClauses);
    }
  };
  walk(outline, null, []);

  // end = start of the next measure at the same or a higher level, or content end.
  measures.forEach((m, i) => {
    const next = measures.slice(i + 1).find((x) => x.level <= m.level);
    m.end = next ? next.start : text.length;
  });
  const measureTexts = measureOwnTexts(measures, text);

  const model: PolicyModel = {
    isPolicy: true,
    detection: { score: 0.9, reasons: opts.docNumber ? [`发文字号 ${opts.docNumber}`] : [] },
    meta: { title: opts.title, docNumber: opts.docNumber ?? null, issuer: opts.issuer ?? null, date: opts.date ?? null },
    measures,
    assignments,
    deadlines,
    actionAreas,
    range: [contentStart, text.length],
    engine: 'fixture',
  };
  return { model, text, measureTexts };
}

const CN_DIGITS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const CN = (i: number): string => CN_DIGITS[i] ?? '';
function cnNum(n: number): string {
  if (n <= 10) return CN(n - 1);
  if (n < 20) return `十${CN(n - 11)}`;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${CN(tens - 1)}十${ones ? CN(ones - 1) : ''}`;
}

const AREAS = ['创业创新', '协同制造', '现代农业', '智慧能源', '普惠金融', '益民服务', '高效物流', '电子商务', '便捷交通', '绿色生态', '人工智能'];
const pick = (xs: readonly string[], i: number): string => xs[i % xs.length] ?? '';
const UNIT_POOL = Object.keys(SAMPLE_CANONICAL).filter((u) => u !== '国家发展改革委');
const VERBS = ['加快推进', '积极发展', '大力推广', '完善', '建立健全', '深入实施', '统筹推进', '强化'];
const OBJECTS = ['公共服务平台建设', '标准体系', '试点示范', '数据资源开放共享', '基础设施', '监管机制', '人才培养体系', '产业生态'];

/**
 * A deterministic large document: `parts` top-level parts (一、二、…), each with sections
 * (（一）…) of items (1. 2. …), about `total` measures in all. Sections carry responsibility
 * clauses (some 共同牵头, most 列第一位者为牵头部门), items inherit them; deadlines cycle through
 * by/period/recurring/ongoing/relative kinds between 2016 and 2030.
 */
export function generateLargeModel(total = 500): BuiltModel {
  const sectionsPerPart = 8;
  const itemsPerSection = 5;
  const perPart = 1 + sectionsPerPart * (1 + itemsPerSection);
  const parts = Math.max(1, Math.ceil(total / perPart));
  let count = 0;
  let seq = 0;
  const outline: OutlineNode[] = [];
  for (let p = 1; p <= parts && count < total; p++) {
    const part: OutlineNode = { marker: `${cnNum(p)}、`, markerKind: 'cn', ordinal: p, title: `第${cnNum(p)}部分重点任务`, children: [] };
    count++;
    for (let s = 1; s <= sectionsPerPart && count < total; s++) {
      seq++;
      const area = pick(AREAS, seq);
      const units = [0, 1, 2, 3].map((k) => pick(UNIT_POOL, seq * 3 + k * 7));
      const joint = seq % 5 === 0;
      const section: OutlineNode = {
        marker: `（${cnNum(s)}）`,
        markerKind: 'paren-cn',
        ordinal: s,
        title: `“互联网+”${area}`,
        area: `“互联网+”${area}`,
        body: `推动互联网与${area}深度融合，${pick(VERBS, seq)}${pick(OBJECTS, seq)}。`,
        clause: joint
          ? { units: units.slice(0, 3), lead: units.slice(0, 3), rule: 'joint-lead', text: `(${units.slice(0, 3).join('、')}共同牵头)`, inheritToChildren: true }
          : { units, lead: units.slice(0, 1), rule: 'first-listed', inheritToChildren: true },
        children: [],
      };
      count++;
      for (let i = 1; i <= itemsPerSection && count < total; i++) {
        seq++;
        const year = 2016 + (seq % 15);
        const kind = seq % 11;
        const dl: OutlineDeadline =
          kind === 3
            ? { text: '每年', date: null, kind: 'recurring' }
            : kind === 5
              ? { text: '长期坚持', date: null, kind: 'ongoing' }
              : kind === 7
                ? { text: '三年内', date: null, kind: 'relative' }
                : kind === 9
                  ? { text: `${year}—${year + 2}年`, date: `${year + 2}-12-31`, startDate: `${year}-01-01`, kind: 'period' }
                  : { text: `${year}年底前`, date: `${year}-12-31`, kind: 'by' };
        const title = `${pick(VERBS, seq + i)}${area}${pick(OBJECTS, seq + i)}`;
        section.children!.push({
          marker: `${i}.`,
          markerKind: 'arabic',
          ordinal: i,
          title,
          body: `${dl.text}，${title}，形成可复制可推广的经验。`,
          deadlines: [dl],
          keyTerms: [area, pick(OBJECTS, seq + i)],
        });
        count++;
      }
      part.children!.push(section);
    }
    outline.push(part);
  }
  return buildModelFromOutline(outline, {
    title: '国务院关于加快推进重点领域改革的实施意见（大文档样例）',
    docNumber: '国发〔2024〕99号',
    issuer: '国务院',
    date: '2024-03-01',
  });
}
