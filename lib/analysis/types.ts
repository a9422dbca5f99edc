/**
 * The analysis model of one page: what `analyze` prints, what the side panel shows,
 * what the export embeds.
 *
 * OFFSETS: every `start`/`end` is a UTF-16 code-unit offset into the text model's `text`
 * (see lib/text). `end` is exclusive. W3C TextPositionSelector counts code points; convert
 * at the export boundary only.
 */

import type { TextTable } from '../text/types';

export interface AnalysisInput {
  /** The text model's text (whole page body, block elements as line breaks, table cells as \t). */
  text: string;
  /** Offsets of the main content inside `text` (the article body). Analysis looks only here. Default: all. */
  range?: [number, number];
  /** Page URL (hostname is a detection signal). */
  url?: string;
  /** document.title or <h1>, when known. */
  pageTitle?: string;
  /** Labelled metadata read from the page (gov.cn table: 索引号, 主题分类, 发文机关, 成文日期, 标题, 发文字号, 发布日期). */
  metaFields?: Record<string, string>;
  /** "Today" as YYYY-MM-DD (for relative dates); default: the document date or the real today. */
  today?: string;
  /** The text model's data tables (rowspan/colspan expanded), in offsets of `text`. Without them, tables are read from the text's tab lines. */
  tables?: TextTable[];
  /** Extract measures, assignments and deadlines even when the page is not a policy document (the user asked). */
  force?: boolean;
}

export interface Detection {
  /** 0..1; isPolicy = score >= 0.5 */
  score: number;
  /** Human-readable reasons, e.g. "发文字号 国发〔2015〕40号", "政府网站 www.gov.cn". */
  reasons: string[];
}

export interface PolicyMeta {
  title: string | null;
  /** 发文字号 as written, e.g. 国发〔2015〕40号 */
  docNumber: string | null;
  /** 发文机关 */
  issuer: string | null;
  /** 成文日期, YYYY-MM-DD */
  date: string | null;
  /** Where each field came from. */
  source?: Partial<Record<'title' | 'docNumber' | 'issuer' | 'date', 'metaTable' | 'text' | 'pageTitle'>>;
}

export type MarkerKind =
  | 'chapter' // 第一章
  | 'section' // 第一节
  | 'article' // 第一条
  | 'cn' // 一、 一．
  | 'paren-cn' // （一） (一)
  | 'arabic' // 1. 1． 1、
  | 'paren-arabic' // （1） (1)
  | 'circled' // ①
  | 'table' // a task-division table (synthetic parent of its rows)
  | 'row'; // one row of a task-division table (marker = its 序号 cell)

export interface Measure {
  /** Stable id from the ordinal path: "2", "2.3", "2.3.1". */
  id: string;
  parentId: string | null;
  /** 1 = top level as used in this document. */
  level: number;
  /** The marker as written: "二、", "（三）", "1.", "第五条". */
  marker: string;
  markerKind: MarkerKind;
  /** Ordinal of the marker (一 → 1, ⑤ → 5). */
  ordinal: number;
  /** Heading text after the marker up to the first 。 or ：, or the whole short line. */
  title: string;
  /** Span of the whole measure: from its marker to the start of the next measure at the same or a higher level (or content end). */
  start: number;
  end: number;
  /** Span of the heading (marker + title). */
  headStart: number;
  headEnd: number;
  /** Human path like "二、(三) 3." */
  path: string;
  /** Filled where jieba may run (background, side panel, CLI); [] from the pure engine. */
  keyTerms: string[];
}

export type UnitRole = 'lead' | 'co';

/**
 * A unit's role as the document prints it: 牵头 (X牵头, 牵头单位), 负责 (X负责), 责任 (责任单位),
 * 配合 (配合单位, X配合, 会同), 参与, 协办, 协同 (协同/协助/协作), 指导, 落实 (负责落实, and the
 * implementers a standing rule adds).
 */
export type RoleWord = '牵头' | '负责' | '责任' | '配合' | '参与' | '协办' | '协同' | '指导' | '落实';

interface UnitMention {
  /** As written (whitespace inside removed). */
  text: string;
  /** Canonical full name from the gazetteer, or null when unknown. */
  canonical: string | null;
  role: UnitRole;
  /** The role as printed. */
  word: RoleWord;
  start: number;
  end: number;
}

export interface Assignment {
  /** The innermost measure the clause belongs to (for inherited ones: the measure it is applied to). */
  measureId: string | null;
  /** Units as written, in order (units a standing rule adds come last). */
  units: string[];
  /** The lead units, as written. */
  lead: string[];
  /** The role of each unit as printed, parallel to `units`. */
  roles: RoleWord[];
  /** Units added by a standing implementer rule ("以下均需试点城市政府落实，不再列出"), as written in the rule. */
  inheritedUnits?: string[];
  /** Canonical names parallel to `units` (null where unknown). */
  canonical: (string | null)[];
  /** True when not printed at this measure: applied by 下同 or a heading-level clause, or only by a standing rule (then `inheritedUnits` says which). */
  inherited: boolean;
  /** The clause as written, e.g. "(发展改革委、科技部等负责,列第一位者为牵头部门,下同)". */
  sourceText: string;
  /** Span of the clause (for copies: the span of the original clause; for a measure a standing rule alone covers: its heading, since nothing is printed there). */
  start: number;
  end: number;
  /** Spans of the units printed in this clause (none for inherited ones; units a standing rule adds are printed in the rule). */
  mentions: UnitMention[];
  /** How the lead was decided. */
  rule: 'first-listed' | 'joint-lead' | 'lead-marker' | 'lead-column' | 'responsible-only' | 'single' | 'standing';
}

export type DeadlineKind = 'by' | 'from' | 'period' | 'recurring' | 'ongoing' | 'relative';

export interface Deadline {
  /** As written: "到2018年", "2017年底前", "每年". */
  text: string;
  /** Normalized date YYYY-MM-DD: end of the period for by/period, start for from; null when none follows. */
  date: string | null;
  kind: DeadlineKind;
  /** For periods: first day. */
  startDate?: string | null;
  /** What a relative or year-less date was resolved against. */
  anchor?: DeadlineAnchor;
  measureId: string | null;
  /** Other measures the same printed text applies to (a table cell spanning their rows). */
  sharedWith?: string[];
  start: number;
  end: number;
}

/**
 * The anchor of a relative or year-less date: the document's 成文日期, the plan year in its title,
 * the 发布日期, a programme start the text states ("2012年起5年内"), or today.
 */
export interface DeadlineAnchor {
  basis: 'docDate' | 'planYear' | 'published' | 'programme' | 'today';
  /** YYYY-MM-DD, or YYYY for a year. */
  value: string;
}

export interface ActionArea {
  /** Normalized name: OCR slips fixed ("互联网十" → "互联网+"), quotes normalized to “”. */
  name: string;
  measureId: string;
  start: number;
  end: number;
}

/** How a document uses one it cites, from the verb before the citation. */
export type CitationRelation = 'implements' | 'basis' | 'follows' | 'refers' | 'transmits' | 'mentions';

/** A document cited by this one: 《标题》（文号）, 《标题》 alone, or a 文号 alone (lib/analysis/citations). */
export interface Citation {
  /** The title between 《》 as written; null for a 文号 alone. */
  title: string | null;
  /** Its 发文字号 as written, when printed (in parentheses after the title, or alone). */
  docNumber: string | null;
  /** 贯彻落实/落实/实施 → implements; 根据/依据 → basis; 按照/遵照 → follows; 参照 → refers; 转发 → transmits; none → mentions. */
  relation: CitationRelation;
  /** The verb as printed (simplified), null when none. */
  verb: string | null;
  /** The measure it is cited in (null: the preamble, the title line). */
  measureId: string | null;
  start: number;
  end: number;
}

export interface PolicyModel {
  isPolicy: boolean;
  detection: Detection;
  meta: PolicyMeta;
  measures: Measure[];
  assignments: Assignment[];
  deadlines: Deadline[];
  actionAreas: ActionArea[];
  /** Cited documents in text order (absent in models of engines before 1.2). */
  citations?: Citation[];
  /** Offsets of the analysed content. */
  range: [number, number];
  /** Engine version, for exports and caches. */
  engine: string;
  /** Cut to the reply's limits (lib/page/remote-engine MODEL_LIMITS). */
  truncated?: boolean;
}
