/**
 * The labelled metadata a PDF prints (a gov.cn-style table of 索引号 / 发文机关 / 成文日期 /
 * 标题 / 发文字号 …, or "标签：值" runs in a line), read from the PDF text model's text as the
 * web page's reader reads them from the DOM (lib/text/meta-fields.ts, whose labels it shares).
 *
 * Contract: `pdfMetaFields(text)` looks at every line; a cell (a line's '\t'-separated part)
 * that is a known label followed by a colon gives the rest of the cell, or the next cell when
 * the rest is empty; labels stacked in one cell take the next cell's words in order; a field
 * inside a value cell is read as a run; a line with no cells gives each "label：value" run (when it holds two, or
 * is a short line made of one that is no sentence), up to the next label or
 * a wide space. A value that is itself a label is no value. The first value of a label wins; values are at most 300 characters.
 * Why: a page printed to PDF, or a PDF exported by a CMS, keeps the metadata table as text
 * only; the engine weighs such labelled fields above what it guesses from running text.
 */
import { KNOWN_LABELS } from '../text/meta-fields';

const KNOWN = new Set(KNOWN_LABELS);
const CELL_RE = /^([\u4e00-\u9fff][\u4e00-\u9fff\s\u3000]{0,11}?)\s*[：:]\s*([\s\S]*)$/;
const LABELS = [...KNOWN_LABELS].sort((a, b) => b.length - a.length).join('|');
const INLINE_RE = new RegExp(`(${LABELS})\\s*[：:]\\s*(.+?)(?=\\s*(?:${LABELS})\\s*[：:]|\\s{2,}|\\s[|｜]|$)`, 'g');
const STARTS_WITH_LABEL = new RegExp(`^(?:${LABELS})\\s*[：:]`);
const EMBEDDED_LABEL = new RegExp(`\\s+(?:${LABELS})\\s*[：:]`);

/**
 * A row whose first cells hold only labels, wrapped across their lines in a narrow label column
 * ("发文机关：标 发文字号：" / "题：": 标题 broken in two), followed by as many value cells:
 * the labels read in order (whole ones first, the broken one from its pieces), paired with the
 * values in order.
 */
function pairWrapped(cells: string[], put: (label: string, value: string) => void): void {
  let k = 0;
  let labelText = '';
  while (k < cells.length && /[：:]/.test(cells[k]!) && !/[\d〔〕]/.test(cells[k]!)) labelText += cells[k++]!;
  const squashed = labelText.replace(/[\s\u3000]/g, '');
  const colons = squashed.split(/[：:]/).length - 1;
  if (k === 0 || colons < 2) return;
  const values = cells
    .slice(k)
    .map((c) => c.trim())
    .filter((c) => c);
  const labels: string[] = [];
  let rest = squashed.replace(/[：:]/g, '|');
  for (const l of [...KNOWN_LABELS].sort((a, b) => b.length - a.length)) {
    if (rest.includes(l)) {
      labels.push(l);
      rest = rest.replace(l, '');
    }
  }
  const pieces = rest.replace(/\|/g, '');
  if (pieces && KNOWN.has(pieces)) labels.push(pieces);
  else if (pieces) return;
  // The values: the next cells, as many as there are labels, none of them a label.
  if (labels.length !== colons || values.length < labels.length || values.slice(0, labels.length).some((v) => /[：:]/.test(v))) return;
  // Whole labels in the order they are printed, the broken one last (its second piece ends the column).
  const order = labels.slice(0, -1).sort((a, b) => squashed.indexOf(a) - squashed.indexOf(b));
  order.push(labels[labels.length - 1]!);
  if (!pieces) order.sort((a, b) => squashed.indexOf(a) - squashed.indexOf(b));
  order.forEach((l, i) => put(l, values[i]!));
}

export function pdfMetaFields(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (label: string, value: string) => {
    // A value running into the next label (two fields in one cell) stops there.
    const v = value.split(EMBEDDED_LABEL)[0]!.replace(/\s+/g, ' ').trim();
    if (v && v.length <= 300 && !(label in out) && !STARTS_WITH_LABEL.test(v.replace(/[\s\u3000]/g, ''))) out[label] = v;
  };
  for (const line of text.split('\n')) {
    if (!/[：:]/.test(line)) continue;
    const cells = line.split('\t');
    if (cells.length > 1) pairWrapped(cells, put);
    if (cells.length > 1) {
      cells.forEach((cell, i) => {
        // Labels stacked in one cell (rows merged by the table reader), their values in the next, in order.
        const stacked = cell.trim().split(/\s+/);
        const next = (cells[i + 1] ?? '').trim().split(/\s+/);
        if (stacked.length >= 2 && stacked.every((x) => KNOWN.has(x.replace(/[：:]$/, '')) && /[：:]$/.test(x)) && next.length === stacked.length) {
          stacked.forEach((x, k) => put(x.slice(0, -1), next[k]!));
          return;
        }
        const m = CELL_RE.exec(cell.trim());
        if (m) {
          const label = m[1]!.replace(/[\s\u3000]/g, '');
          if (KNOWN.has(label)) put(label, m[2]!.trim() || (cells[i + 1] ?? ''));
        }
        // A value cell that runs on into another field ("…-00021 文号： 鞍立政发〔2023〕2号").
        for (const r of cell.matchAll(INLINE_RE)) if (r.index) put(r[1]!, r[2]!);
      });
      continue;
    }
    // Runs in a line: two fields or more, or a short line that is one field (not a sentence that mentions a 来源).
    if (line.length > 200) continue;
    const runs = [...line.matchAll(INLINE_RE)];
    const field = (m: RegExpMatchArray) => m.index === 0 && line.length <= 60 && !/[。；;]/.test(m[2]!);
    if (runs.length >= 2 || (runs.length === 1 && field(runs[0]!))) for (const m of runs) put(m[1]!, m[2]!);
  }
  return out;
}
