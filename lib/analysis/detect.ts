/**
 * Is this page a policy document? Weighted signals with Chinese reasons.
 * Positive: government host, 发文字号, addressee line, policy title form, numbered outline,
 * responsibility clauses, signature + date. Negative: news lead ("X日，…主持召开…"),
 * leader-activity reports, list pages (many short dated lines), very short text.
 */
import type { Detection } from './types';
import type { TextView } from './normalize';
import type { Line } from './lines';
import { TITLE_RE, type MetaResult } from './meta';
import { normalizeString, rawSlice } from './normalize';

export interface DetectSignals {
  url?: string;
  /** document.title / <h1> (site suffixes included). */
  pageTitle?: string;
  metaFields?: Record<string, string>;
  meta: MetaResult;
  measureCount: number;
  assignmentCount: number;
  deadlineCount: number;
  /** Rows of task tables (measures of a 分工表/分解表). */
  tableRows?: number;
  /** A task table names its lead units in a 牵头单位 column. */
  leadColumns?: boolean;
}

const ADDRESSEE_RE =
  /^(?:各|国务院各|中央和国家机关各|省政府各|市政府各|区政府各|县政府各|有关|[\u4e00-\u9fff]{2,6}(?:省|市|区|县)人民政府[,、])[^。\n]{0,160}(?:政府|部门|部委|单位|机构|委|厅|局|办|会|党委|人民团体|企业|学校|高校|兵团):$/;

/** Government hostnames: gov.cn and subdomains, gov.hk/gov.mo/gov.tw, and other .gov sites. */
function govHost(url: string | undefined): string | null {
  if (!url) return null;
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
  if (/(^|\.)gov\.cn$/.test(host) || /(^|\.)gov(\.[a-z]{2})?$/.test(host) || /(^|\.)gov\.(hk|mo)$/.test(host)) return host;
  // Party / NPC / court sites that publish normative documents.
  if (/(^|\.)(npc\.gov\.cn|court\.gov\.cn|12371\.cn|ccdi\.gov\.cn)$/.test(host)) return host;
  return null;
}

const NEWS_LEAD =
  /^(?:[^\n]{0,40}(?:新华社|人民网|央视网?|中新网|新华网|本报|记者|通讯员|讯)[^\n]{0,30}(?:电|讯|报道)|(?:\d{1,2}月)?\d{1,2}日[,，]|日前[,，]|近日[,，])/;
const LEADER_ACTIVITY =
  /(?:主持召开|主持会议|会见|会谈|考察|调研|出席|致辞|发表讲话|发表重要讲话|讲话时强调|强调指出|座谈会|常务会议|集体学习|签署|看望|慰问|视察|通电话)/;

function isListPage(v: TextView, lines: readonly Line[]): { list: boolean; dated: number; total: number } {
  let total = 0;
  let dated = 0;
  let short = 0;
  for (const { start, end } of lines) {
    const len = end - start;
    if (len === 0) continue;
    total++;
    if (len <= 70) short++;
    if (len <= 80) {
      const t = v.s.slice(start, end);
      if (/(?:(?:19|20)\d{2}[-./年]\d{1,2}(?:[-./月]\d{1,2}日?)?|\d{1,2}-\d{2})\)?\]?$/.test(t) || /^(?:\[|\()?(?:19|20)\d{2}[-./]\d{1,2}[-./]\d{1,2}/.test(t))
        dated++;
    }
  }
  return { list: dated >= 6 && dated >= total * 0.3 && short >= total * 0.7, dated, total };
}

const TALK_TITLE = /答记者问|答问|新闻发布会|发布会|吹风会|一图读懂|图解|解读|访谈|问答|负责同志就|负责人就|有关负责人|专家谈|权威发布/;
/** Talk titles that stay talk titles even when they end like a document ("…就《…的通知》答记者问"). */
const TALK_TITLE_STRONG = /答记者问|新闻发布会|吹风会|一图读懂|负责同志就|负责人就/;
const TURN_RE = /^(?:[一二三四五六七八九十]+[、.])?(?:问|答|提问|回答|主持人|[^\n:]{0,10}记者)[:]/;

export function detect(v: TextView, lines: readonly Line[], sig: DetectSignals): Detection {
  const reasons: string[] = [];
  let score = 0;
  const add = (w: number, reason: string) => {
    score += w;
    reasons.push(reason);
  };
  const s = v.s;

  const host = govHost(sig.url);
  if (host) add(0.2, `政府网站 ${host}`);

  const { meta } = sig.meta;
  if (meta.docNumber) {
    add(sig.meta.meta.source?.docNumber === 'metaTable' ? 0.4 : 0.35, `发文字号 ${meta.docNumber}`);
  }
  if (sig.metaFields && Object.keys(sig.metaFields).some((k) => /成文日期|发文机关|索引号/.test(k))) {
    add(0.15, '页面含公文元数据（索引号/发文机关/成文日期）');
  }

  // Addressee line within the first lines after the title.
  let seen = 0;
  for (const { start, end } of lines) {
    if (end === start) continue;
    if (++seen > 14) break;
    const t = s.slice(start, end);
    if (t.length <= 200 && ADDRESSEE_RE.test(t)) {
      add(0.3, `主送机关 ${rawSlice(v, start, Math.min(end, start + 24))}${end - start > 24 ? '…' : ''}`);
      break;
    }
  }

  const normTitle = meta.title ? normalizeString(meta.title) : '';
  const docTitle = !!normTitle && !normTitle.startsWith('《') && TITLE_RE.test(normTitle);
  if (meta.title && docTitle && (meta.source?.title === 'text' || meta.source?.title === 'metaTable')) {
    add(0.25, `公文标题 ${meta.title.length > 30 ? meta.title.slice(0, 30) + '…' : meta.title}`);
  }
  if (sig.measureCount >= 3) add(0.15, `层级编号结构（${sig.measureCount} 项）`);
  else if (sig.measureCount > 0) add(0.05, `编号条目（${sig.measureCount} 项）`);
  if (sig.assignmentCount > 0) add(0.15, `责任分工（${sig.assignmentCount} 处）`);
  // A 分工表/分解表 is a policy document even with no notice around it.
  if ((sig.tableRows ?? 0) >= 2) add(sig.leadColumns ? 0.3 : 0.2, `任务分工表（${sig.tableRows} 项）`);
  if (sig.meta.signature) add(0.2, `落款 ${sig.meta.signature.issuer ?? ''} ${sig.meta.signature.date}`.trim());
  else if (meta.date && meta.source?.date === 'text') add(0.15, `题注日期 ${meta.date}`);
  if (sig.deadlineCount >= 2) add(0.05, `时间要求（${sig.deadlineCount} 处）`);

  // Negative signals.
  let firstText = '';
  for (const { start, end } of lines) {
    if (end > start) {
      const t = s.slice(start, end);
      // Skip the title line itself.
      if (sig.meta.titleSpan && start >= sig.meta.titleSpan[0] && end <= sig.meta.titleSpan[1]) continue;
      if (t.length < 30) continue;
      firstText = t.slice(0, 160);
      break;
    }
  }
  if (firstText && NEWS_LEAD.test(firstText)) {
    const leader = LEADER_ACTIVITY.test(firstText);
    score -= leader ? 0.6 : 0.45;
    reasons.push(leader ? '新闻报道：领导活动' : '新闻报道导语');
  } else if (firstText && LEADER_ACTIVITY.test(firstText.slice(0, 60)) && !sig.meta.signature) {
    score -= 0.3;
    reasons.push('领导活动报道');
  }
  // Interpretations, Q&A and press conferences about a policy quote its number, headings, units
  // and deadlines, but are not the policy.
  const titles = [normTitle, sig.pageTitle ? normalizeString(sig.pageTitle) : ''];
  const talkTitle = titles.find((t) => t && TALK_TITLE.test(t) && !(TITLE_RE.test(t) && !t.startsWith('《') && !TALK_TITLE_STRONG.test(t)));
  let turns = 0;
  for (const { start, end } of lines) {
    if (end - start < 3) continue;
    if (TURN_RE.test(s.slice(start, Math.min(end, start + 16)))) turns++;
    if (turns >= 3) break;
  }
  if (talkTitle) {
    score -= 0.5;
    reasons.push(`解读/发布会页面：${talkTitle.length > 24 ? talkTitle.slice(0, 24) + '…' : talkTitle}`);
  }
  if (turns >= 2) {
    score -= 0.4;
    reasons.push('问答/发言体（问：答：/主持人/记者）');
  }
  const lp = isListPage(v, lines);
  if (lp.list) {
    score -= 0.7;
    reasons.push(`列表页（${lp.dated}/${lp.total} 行为带日期的短条目）`);
  }
  let cjk = 0;
  for (let i = 0; i < s.length && cjk < 300; i++) if (s.charCodeAt(i) >= 0x4e00 && s.charCodeAt(i) <= 0x9fff) cjk++;
  // A short page is rarely a document, unless it is a task table: its rows are the substance.
  if (cjk < 300 && (sig.tableRows ?? 0) < 2) {
    score -= 0.3;
    reasons.push('正文过短');
  }
  score = Math.max(0, Math.min(1, Math.round(score * 100) / 100));
  if (reasons.length === 0) reasons.push('未发现公文特征');
  return { score, reasons };
}
