/**
 * The metadata of a government page as it prints it: the gov.cn-style table or lines of labelled
 * fields (索引号, 发文机关, 成文日期, 发文字号 …), inline "标签：值" runs, <meta> tags of the
 * usual CMSs, and the page title. Read from the DOM by the text model (lib/text/extract.ts).
 */
import { BLOCK_TAGS, CELL_TAGS, ELEMENT_NODE, TEXT_NODE } from './dom';
import { ownRows } from './tables';

const isCell = (el: Element) => el.localName === 'td' || el.localName === 'th';

export const KNOWN_LABELS = [
  '索引号',
  '主题分类',
  '发文机关',
  '成文日期',
  '标题',
  '发文字号',
  '发布日期',
  '主题词',
  '文号',
  '发布机构',
  '发布单位',
  '有效性',
  '时效性',
  '公开方式',
  '公开范围',
  '生成日期',
  '体裁分类',
  '信息来源',
  '来源',
  '效力状态',
  '施行日期',
  '实施日期',
  '废止日期',
  '名称',
  '信息名称',
  '组配分类',
  '文件编号',
  '公文种类',
  '发布时间',
];
const KNOWN = new Set(KNOWN_LABELS);
const LABEL_RE = /^([\u4e00-\u9fff][\u4e00-\u9fff\u3000 ]{0,9})\s*[：:]\s*([\s\S]*)$/;
const META_NAMES = ['ArticleTitle', 'PubDate', 'ContentSource', 'Keywords', 'ColumnName', 'Description'];

function norm(s: string): string {
  return s.replace(/[\s\u00a0\u3000]+/g, ' ').trim();
}

function cleanLabel(s: string): string {
  return s.replace(/[\s\u3000]+/g, '');
}

/** The value after a label node: the next non-empty sibling text/element, climbing inline ancestors. */
function followingValue(labelNode: Node): string {
  let cur: Node | null = labelNode;
  for (let depth = 0; cur && depth < 3; depth++) {
    for (let sib = cur.nextSibling; sib; sib = sib.nextSibling) {
      if (sib.nodeType === TEXT_NODE) {
        const v = norm((sib as Text).data);
        if (v) return v;
      } else if (sib.nodeType === ELEMENT_NODE) {
        const t = (sib as Element).textContent ?? '';
        if (t.length > 200) return '';
        const v = norm(t);
        if (v) return v;
      }
    }
    cur = cur.parentNode;
    if (!cur || cur.nodeType !== ELEMENT_NODE) break;
    const t = (cur as Element).localName;
    if (CELL_TAGS.has(t) || (depth > 0 && BLOCK_TAGS.has(t))) break;
  }
  return '';
}

/** Label/value pairs from text nodes that contain a colon (collected during the walk). */
const INLINE_FIELD_RE = new RegExp(`(?:^|[\\s\\u3000|｜])(${KNOWN_LABELS.join('|')})\\s*[：:]\\s*`, 'g');

/** Known labels with their values inside one string, each value up to the next label. */
function inlineFields(text: string): [string, string][] {
  const marks = [...text.matchAll(INLINE_FIELD_RE)];
  return marks
    .map((m, i): [string, string] => [m[1]!, text.slice(m.index + m[0].length, i + 1 < marks.length ? marks[i + 1]!.index : text.length).trim()])
    .filter(([, v]) => v.length > 0);
}

export function readMeta(doc: Document, labelNodes: Text[], dataTables: readonly Element[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (label: string, value: string) => {
    const v = norm(value);
    if (v && !(label in out)) out[label] = v;
  };
  // Group cell-based labels by table so that a metadata table (≥ 2 known labels) may contribute
  // labels we do not know by name.
  const tables = new Map<Element, [string, string][]>();
  const seenCells = new Set<Element>();
  for (const node of labelNodes) {
    // A search form's field labels (标题：[ ] 发文字号：[ ]) are not the page's metadata.
    if (node.parentElement?.closest('form, label, button, select')) continue;
    const cell = node.parentElement?.closest('td, th');
    if (cell) {
      if (seenCells.has(cell)) continue;
      seenCells.add(cell);
      const txt = norm(cell.textContent ?? '');
      if (txt.length > 200) continue;
      const m = LABEL_RE.exec(txt);
      if (!m) continue;
      const label = cleanLabel(m[1]!);
      let value = m[2];
      if (!value) {
        const next = cell.nextElementSibling;
        if (next && isCell(next)) {
          const nv = norm(next.textContent ?? '');
          const nm = LABEL_RE.exec(nv);
          if (nv.length <= 300 && !(nm && KNOWN.has(cleanLabel(nm[1]!)))) value = nv;
        }
      }
      if (!value) continue;
      const table = cell.closest('table')!;
      if (!tables.has(table)) tables.set(table, []);
      tables.get(table)!.push([label, value]);
      continue;
    }
    const text = norm(node.data);
    // Several fields in one line ("原文信息　发文机关:…　发文字号:…　成文日期:…").
    const inline = inlineFields(text);
    if (inline.length > 1) {
      for (const [l, v] of inline) if (!(l in out)) put(l, v);
      continue;
    }
    const m = LABEL_RE.exec(text);
    if (!m) continue;
    const label = cleanLabel(m[1]!);
    if (!KNOWN.has(label) || label in out) continue;
    const value = m[2] || followingValue(node);
    if (value && !LABEL_RE.test(value)) put(label, value);
  }
  // Label cells without a colon: <th>标　　题</th><td>…</td><th>文　　号</th><td>…</td>.
  for (const table of dataTables) {
    const found: [string, string][] = [];
    for (const row of ownRows(table)) {
      const cells = Array.from(row.children).filter((c) => isCell(c));
      for (let i = 0; i + 1 < cells.length; i++) {
        const label = cleanLabel(cells[i]!.textContent ?? '');
        if (!KNOWN.has(label)) continue;
        const value = norm(cells[i + 1]!.textContent ?? '');
        if (value && value.length <= 300 && !KNOWN.has(cleanLabel(value))) found.push([label, value]);
        i++;
      }
    }
    if (found.length >= 2) for (const [l, v] of found) put(l, v);
  }
  for (const found of tables.values()) {
    const isMetaTable = found.filter(([l]) => KNOWN.has(l)).length >= 2;
    for (const [l, v] of found) if (isMetaTable || KNOWN.has(l)) put(l, v);
  }
  for (const name of META_NAMES) {
    const m = doc.querySelector(`meta[name="${name}" i]`);
    const c = m?.getAttribute('content');
    if (c) put(name, c);
  }
  if (!('标题' in out) && out.ArticleTitle) out['标题'] = out.ArticleTitle;
  if (!('发布日期' in out) && out.PubDate) out['发布日期'] = out.PubDate;
  return out;
}

export function readTitle(doc: Document): string {
  const t = norm(doc.title ?? '');
  if (t) return t;
  const h1 = doc.querySelector('h1');
  return h1 ? norm(h1.textContent ?? '') : '';
}
