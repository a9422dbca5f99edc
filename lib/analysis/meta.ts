/**
 * Metadata: title, 发文字号, issuer (发文机关), date (成文日期).
 * Labelled page metadata wins; otherwise the text: title line near the top, 发文字号 near the
 * top, issuer + date from the signature block.
 */
import type { PolicyMeta } from './types';
import type { TextView } from './normalize';
import { normalizeString, rawSlice } from './normalize';
import type { Line } from './lines';
import { FULL_DATE_RE, parseFullDate } from './dates';

export const TITLE_RE =
  /(?:关于.{2,90}?的?(?:通知|意见|指导意见|实施意见|决定|办法|方案|实施方案|工作方案|规划|实施细则|细则|条例|规定|通报|批复|复函|函|纲要|计划|行动计划|措施|若干措施|公告|指南|要点|报告|决议)|.{2,60}(?:规划|实施方案|工作方案|行动方案|方案|条例|实施细则|细则|管理办法|暂行办法|办法|暂行规定|规定|纲要|行动计划|三年行动计划|工作要点|若干措施|指导意见|实施意见|任务分解表|分解表|分工表|责任分解表|任务清单|推广清单))(?:\([^()]{1,30}\))?$/;

const DOCNO_RE = /([\u4e00-\u9fff]{1,12})[〔[(【]((?:19|20)\d{2})[〕\])】](\d{1,4})号/g;

const ISSUER_FORM = /(?:国务院|人民政府|政府|办公厅|办公室|部|委员会|委|局|厅|署|院|行|会|中心|总社|党委|常委会|领导小组)$/;

export interface SignatureBlock {
  /** Compact positions of the block (issuer line start .. date end). */
  start: number;
  end: number;
  dateStart: number;
  dateEnd: number;
  issuer: string | null;
  date: string;
}

/**
 * Strip site suffixes from a page title: "X_国务院文件_中国政府网" → "X", "《X》-焦点-江淮育儿网"
 * → "X". A bare hyphen splits only before short digit-free tails (column and site names), so
 * "规划（2021-2025年）" keeps its years.
 */
function cleanPageTitle(t: string): string {
  let out = (t.split(/\s*(?:_|--| - | — |\||｜)\s*/)[0] ?? '').trim();
  for (let m = /-([^-\d]{1,16})$/.exec(out); m && m.index > 6; m = /-([^-\d]{1,16})$/.exec(out)) out = out.slice(0, m.index).trim();
  return unwrapBook(out);
}

/** A whole title in book brackets ("《关于…的实施细则》", as reprints print it) → the title inside. */
function unwrapBook(t: string): string {
  const m = /^《([^《》]+)》$/.exec(t.trim());
  return m ? m[1]! : t;
}

/** A line that is nothing but a 发文字号 (the document's own; cited numbers stand in sentences). */
const DOCNO_LINE_RE = /^[\u4e00-\u9fff]{1,12}[〔[(【](?:19|20)\d{2}[〕\])】]\d{1,4}号?$/;

const META_KEYS = {
  title: ['标题', '文件标题', '名称', '文件名称'],
  docNumber: ['发文字号', '文号', '发文编号'],
  issuer: ['发文机关', '发布机构', '发文单位', '发布机关', '制发机关'],
  date: ['成文日期', '发文日期', '印发日期', '发布日期'],
};

function metaValue(fields: Record<string, string> | undefined, keys: string[]): string | null {
  if (!fields) return null;
  for (const k of keys) {
    for (const [fk, fv] of Object.entries(fields)) {
      if (fk.replace(/[\s:：]/g, '') === k && fv && fv.trim()) return fv.trim();
    }
  }
  return null;
}

/** The signature of a 令: the office holder's title and name. */
const PERSON_SIGNATURE =
  /^(?:部长|主任|局长|署长|行长|主席|总理|省长|市长|县长|区长|州长|旗长|自治区主席|代省长|代市长|代县长|代区长|代局长|主任委员|总局局长)[\u4e00-\u9fff·]{2,5}$/;

/** "国家市场监督管理总局令" ⏎ "第95号" (or on one line): the 发文字号 of a 令 and its issuer. */
const DECREE_RE = /^([\u4e00-\u9fff]{2,30}?)令(?:(第[〇零一二三四五六七八九十百千\d]{1,8}号))?$/;
const DECREE_NO_RE = /^第[〇零一二三四五六七八九十百千\d]{1,8}号$/;

function findDecree(v: TextView, lines: readonly Line[]): { docNumber: string; issuer: string; span: [number, number] } | null {
  const s = v.s;
  let seen = 0;
  for (let i = 0; i < lines.length && seen < 12; i++) {
    const l = lines[i]!;
    if (l.end === l.start) continue;
    seen++;
    if (l.end - l.start > 40) continue;
    const m = DECREE_RE.exec(s.slice(l.start, l.end));
    if (!m || !ISSUER_FORM.test(m[1]!)) continue;
    if (m[2]) return { docNumber: rawSlice(v, l.start, l.end), issuer: rawSlice(v, l.start, l.start + m[1]!.length), span: [l.start, l.end] };
    let j = i + 1;
    while (j < lines.length && lines[j]!.end === lines[j]!.start) j++;
    const n = lines[j];
    if (n && DECREE_NO_RE.test(s.slice(n.start, n.end))) {
      return {
        docNumber: rawSlice(v, l.start, l.end) + rawSlice(v, n.start, n.end),
        issuer: rawSlice(v, l.start, l.start + m[1]!.length),
        span: [l.start, n.end],
      };
    }
  }
  return null;
}

/** Find the signature block: the first "issuer ⏎ date" (or "issuer date") after the title. */
function findSignature(v: TextView, lines: readonly Line[], fromLine: number): SignatureBlock | null {
  const s = v.s;
  let prevIdx = -1; // previous non-empty line
  for (let i = 0; i < lines.length; i++) {
    const { start, end } = lines[i]!;
    if (end - start === 0) continue;
    const len = end - start;
    if (i > fromLine && len <= 48) {
      const text = s.slice(start, end).replace(/\((?:此件|本件)[^()]{0,12}\)$/, '');
      const m = FULL_DATE_RE.exec(text);
      if (m && m.index + m[0].length === text.length) {
        const date = parseFullDate(m[0]);
        const before = text.slice(0, m.index).replace(/[\s,]+$/, '');
        if (date) {
          if (before && ISSUER_FORM.test(before) && !/[。;]/.test(before)) {
            return {
              start,
              end,
              dateStart: start + m.index,
              dateEnd: start + m.index + m[0].length,
              issuer: issuerText(v, start, start + m.index),
              date,
            };
          }
          if (!before && prevIdx >= 0) {
            const p = lines[prevIdx]!;
            const ptext = s.slice(p.start, p.end);
            // A 令 is signed by a person: "局长　罗　文" ⏎ date.
            if (p.end - p.start <= 16 && PERSON_SIGNATURE.test(ptext)) {
              return { start: p.start, end, dateStart: start, dateEnd: start + m[0]!.length, issuer: null, date };
            }
            if (p.end - p.start <= 40 && ISSUER_FORM.test(ptext) && !/[。;:,]/.test(ptext) && !/^(?:关于|[一二三四五六七八九十]+、)/.test(ptext)) {
              return { start: p.start, end, dateStart: start, dateEnd: start + m[0]!.length, issuer: issuerText(v, p.start, p.end), date };
            }
          }
          // A bare date line after the body still ends the body (issuer shown elsewhere).
        }
      }
    }
    prevIdx = i;
  }
  return null;
}

/** Issuer as written; several issuers separated by spaces in the original keep one space. */
function issuerText(v: TextView, a: number, b: number): string {
  const from = v.map[a];
  const to = v.map[Math.max(a, b - 1)]! + 1;
  return v.text
    .slice(from, to)
    .replace(/[\s\u3000]+/g, ' ')
    .trim();
}

export interface MetaResult {
  meta: PolicyMeta;
  /** Compact span of the title line, if found in the text. */
  titleSpan: [number, number] | null;
  /** Compact span of the 发文字号 in the text. */
  docNumberSpan: [number, number] | null;
  signature: SignatureBlock | null;
  /** Index of the title line. */
  titleLine: number;
}

/** Labelled fields and heading lines found in the page text BEFORE the article body. */
export interface HeaderInfo {
  /** gov.cn-style "标题：\tvalue" pairs, labels normalized to simplified, values as written. */
  fields: Record<string, string>;
  /** Title-like lines (as written), nearest to the body last. */
  titleLines: string[];
}

const HEADER_LABEL_RE = /(索引号|主题分类|发文机关|成文日期|标题|发文字号|发布日期|文号|名称|发布机构)[:]\t?([^\t\n]+)/g;

/** Read labelled metadata and title lines from a view of the text before the content range. */
export function readHeader(pre: TextView): HeaderInfo {
  const fields: Record<string, string> = {};
  HEADER_LABEL_RE.lastIndex = 0;
  for (let m = HEADER_LABEL_RE.exec(pre.s); m; m = HEADER_LABEL_RE.exec(pre.s)) {
    const label = m[1]!;
    const vStart = m.index + m[0].length - m[2]!.length;
    const value = rawSlice(pre, vStart, m.index + m[0].length).trim();
    // "标题：发文字号：全文：" is a row of empty search fields, not a value.
    if (value && !/[:：]/.test(value) && !(label in fields)) fields[label] = value;
  }
  const titleLines: string[] = [];
  const plines = pre.s.split('\n');
  const offs: number[] = [];
  let off = 0;
  for (const l of plines) {
    offs.push(off);
    off += l.length + 1;
  }
  // Not a list item ("·XX考核办法" in a sidebar of related links); a title may be broken over two lines.
  const plain = (l: string) => l.length >= 2 && l.length <= 100 && !l.includes('\t') && !/[:。]/.test(l) && !/^[·•●■◆▪\-*]/.test(l);
  for (let i = 0; i < plines.length; i++) {
    const l = plines[i]!;
    if (!plain(l)) continue;
    if (l.length >= 6 && TITLE_RE.test(l)) {
      titleLines.push(rawSlice(pre, offs[i]!, offs[i]! + l.length));
      continue;
    }
    const n = plines[i + 1];
    if (n !== undefined && plain(n) && l.length <= 50 && n.length <= 50 && TITLE_RE.test(l + n) && !TITLE_RE.test(n)) {
      titleLines.push(rawSlice(pre, offs[i]!, offs[i]! + l.length) + rawSlice(pre, offs[i + 1]!, offs[i + 1]! + n.length));
      i++;
    }
  }
  return { fields, titleLines };
}

export function extractMeta(
  v: TextView,
  lines: readonly Line[],
  metaFieldsIn: Record<string, string> | undefined,
  pageTitle: string | undefined,
  header?: HeaderInfo,
): MetaResult {
  const meta: PolicyMeta = { title: null, docNumber: null, issuer: null, date: null, source: {} };
  const src = meta.source!;
  // Page metadata wins over labels read from the header text.
  const metaFields: Record<string, string> = { ...(header?.fields ?? {}), ...(metaFieldsIn ?? {}) };

  const { titleSpan, titleLine } = findTitleLine(v, lines);
  chooseTitle(meta, v, titleSpan, metaValue(metaFields, META_KEYS.title), header, pageTitle);

  // 发文字号: the label table, else the document's own number near the top, else a 令 number.
  const mdn = metaValue(metaFields, META_KEYS.docNumber);
  let docNumberSpan = findDocNumberSpan(v, lines, titleSpan);
  const decree = mdn || docNumberSpan ? null : findDecree(v, lines);
  if (mdn) {
    meta.docNumber = mdn.replace(/\s+/g, '');
    src.docNumber = 'metaTable';
  } else if (docNumberSpan) {
    meta.docNumber = rawSlice(v, docNumberSpan[0], docNumberSpan[1]);
    src.docNumber = 'text';
  } else if (decree) {
    meta.docNumber = decree.docNumber;
    docNumberSpan = decree.span;
    src.docNumber = 'text';
  }

  const signature = findSignature(v, lines, Math.max(titleLine, 0));
  chooseIssuer(meta, metaValue(metaFields, META_KEYS.issuer), signature, decree);
  chooseDate(meta, v, metaValue(metaFields, META_KEYS.date.slice(0, 3)), signature, titleSpan);
  return { meta, titleSpan, docNumberSpan, signature, titleLine };
}

/** The title line at the top of the body, before the addressee line / first paragraph (a reprint's 《title》, or a title broken over two lines). */
function findTitleLine(v: TextView, lines: readonly Line[]): { titleSpan: [number, number] | null; titleLine: number } {
  const s = v.s;
  let titleSpan: [number, number] | null = null;
  let titleLine = -1;
  let seen = 0;
  for (let i = 0; i < lines.length && seen < 15; i++) {
    const { start, end } = lines[i]!;
    if (end === start) continue;
    seen++;
    const text = s.slice(start, end);
    // The body has started: addressee line, a sentence, or a long paragraph.
    if (/^各.*:$|^国务院各.*:$/.test(text) || /。$/.test(text) || text.length > 120 || (FULL_DATE_RE.test(text) && text.length < 40)) break;
    if (text.length <= 100 && !/^[(]?(?:此件|本件)/.test(text)) {
      if (TITLE_RE.test(text) && !/^《/.test(text)) {
        titleSpan = [start, end];
        titleLine = i;
        break;
      }
      // A reprint prints the title in book brackets on a line of its own.
      const inner = /^《([^《》]+)》$/.exec(text);
      if (inner && TITLE_RE.test(inner[1]!)) {
        titleSpan = [start + 1, end - 1];
        titleLine = i;
        break;
      }
      // Title broken over two lines.
      let j = i + 1;
      while (j < lines.length && lines[j]!.end === lines[j]!.start) j++;
      if (j < lines.length && text.length <= 50) {
        const next = s.slice(lines[j]!.start, lines[j]!.end);
        if (next.length <= 50 && TITLE_RE.test(text + next) && !TITLE_RE.test(next) && !/[。,]/.test(text)) {
          titleSpan = [start, lines[j]!.end];
          titleLine = j;
          break;
        }
      }
    }
  }
  return { titleSpan, titleLine };
}

/** The title: the label table's, else the body's title line, else the page header's, else the page title. */
function chooseTitle(
  meta: PolicyMeta,
  v: TextView,
  titleSpan: [number, number] | null,
  mt: string | null | undefined,
  header: HeaderInfo | undefined,
  pageTitle: string | undefined,
): void {
  const src = meta.source!;
  const cleanedPageTitle = pageTitle ? cleanPageTitle(pageTitle) : '';
  const headerTitle = header?.titleLines.length ? header.titleLines[header.titleLines.length - 1]! : null;
  if (mt) {
    meta.title = mt;
    src.title = 'metaTable';
  } else if (titleSpan) {
    meta.title = rawSlice(v, titleSpan[0], titleSpan[1]).replace(/\n/g, '');
    src.title = 'text';
  } else if (headerTitle) {
    meta.title = headerTitle.replace(/\s+/g, '');
    src.title = 'text';
  } else if (cleanedPageTitle && TITLE_RE.test(normalizeString(cleanedPageTitle))) {
    meta.title = cleanedPageTitle;
    src.title = 'pageTitle';
  } else if (cleanedPageTitle) {
    meta.title = cleanedPageTitle;
    src.title = 'pageTitle';
  }
}

/**
 * The document's own 发文字号 near the top: a line of its own (with or without 号:
 * "工信厅规函[2018]56"); numbers inside sentences, table rows or after a 《title》 are the
 * documents it cites.
 */
function findDocNumberSpan(v: TextView, lines: readonly Line[], titleSpan: [number, number] | null): [number, number] | null {
  const s = v.s;
  let docNumberSpan: [number, number] | null = null;
  const top = Math.min(s.length, (titleSpan ? titleSpan[1] : 0) + 400);
  for (const l of lines) {
    if (l.start >= top) break;
    if (l.tab || l.end - l.start < 6 || l.end - l.start > 30) continue;
    if (DOCNO_LINE_RE.test(s.slice(l.start, l.end))) {
      docNumberSpan = [l.start, l.end];
      break;
    }
  }
  const head = s.slice(0, top + 24);
  DOCNO_RE.lastIndex = 0;
  for (let m = docNumberSpan ? null : DOCNO_RE.exec(head); m && m.index < top; m = DOCNO_RE.exec(head)) {
    // A number inside a sentence is a citation.
    const li = lines.findIndex((l) => l.start <= m!.index && m!.index <= l.end);
    const line = li >= 0 ? s.slice(lines[li]!.start, lines[li]!.end) : '';
    // A table row (a list of documents) or a sentence cites; the document's own stands alone.
    if (lines[li]?.tab || /[,。;]/.test(line) || line.length > 60) continue;
    let prefix = m[1] ?? '';
    let pStart = m.index;
    const cut = /^.*?(?:根据|按照|依据|印发|转发|文件|执行|参照)/.exec(prefix);
    if (cut) {
      prefix = prefix.slice(cut[0]!.length);
      pStart += cut[0].length;
    }
    if (!prefix) continue;
    const before = s.slice(Math.max(0, pStart - 2), pStart);
    if (/》\(?$/.test(before)) continue; // citation of another document
    docNumberSpan = [pStart, m.index + m[0].length];
    break;
  }
  return docNumberSpan;
}

/** The issuer: the label table's, else the signature's, else a 令's, else the title's "X关于…". */
function chooseIssuer(meta: PolicyMeta, mi: string | null | undefined, signature: SignatureBlock | null, decree: ReturnType<typeof findDecree>): void {
  const src = meta.source!;
  if (mi) {
    meta.issuer = mi;
    src.issuer = 'metaTable';
  } else if (signature?.issuer) {
    meta.issuer = signature.issuer;
    src.issuer = 'text';
  } else if (decree) {
    meta.issuer = decree.issuer;
    src.issuer = 'text';
  } else if (meta.title) {
    const t = normalizeString(meta.title);
    const m = /^(.{2,30}?)关于/.exec(t);
    if (m && ISSUER_FORM.test(m[1]!) && !/[《》“”"]/.test(m[1]!)) {
      meta.issuer = m[1]!;
      src.issuer = src.title === 'metaTable' ? 'metaTable' : src.title === 'pageTitle' ? 'pageTitle' : 'text';
    }
  }
}

/**
 * The 成文日期: the label table's, else the signature's, else the date in brackets under the
 * title. A 发布日期 is when a copy went online, not the 成文日期: the date stays unknown then
 * (deadlines use the 发布日期 as an anchor of their own).
 */
function chooseDate(
  meta: PolicyMeta,
  v: TextView,
  mdRaw: string | null | undefined,
  signature: SignatureBlock | null,
  titleSpan: [number, number] | null,
): void {
  const src = meta.source!;
  const md = mdRaw ? parseFullDate(mdRaw) : null;
  if (md) {
    meta.date = md;
    src.date = 'metaTable';
  } else if (signature) {
    meta.date = signature.date;
    src.date = 'text';
  } else if (titleSpan && (meta.date = dateUnderTitle(v, titleSpan[1]))) {
    // Central documents released in full by Xinhua carry no signature: the date stands in
    // brackets under the title, "（2024年1月1日）" or "（2023年12月29日第十四届…通过）".
    src.date = 'text';
  }
}

/** "（2024年1月1日）" / "（2023年12月29日…通过）" on the line right after the title, or null. */
function dateUnderTitle(v: TextView, titleEnd: number): string | null {
  const s = v.s;
  let a = titleEnd;
  while (a < s.length && (s[a] === '\n' || s[a] === ' ')) a++;
  if (s[a] !== '(' && s[a] !== '（') return null;
  const close = s.indexOf(')', a);
  const nl = s.indexOf('\n', a);
  if (close < 0 || close - a > 60 || (nl >= 0 && nl < close)) return null;
  const m = /^[(（](\d{4}年\d{1,2}月\d{1,2}日)/.exec(s.slice(a, close + 1));
  return m ? parseFullDate(m[1]!) : null;
}
