/**
 * Accuracy scoring: an engine PolicyModel against a hand-written expected file.
 * Pure: no I/O. Matching rules are described in seeds/expected/README.md.
 */
import type { PolicyModel } from '../analysis/types';
import type { ExpectedDoc } from './expected';

export const CATEGORIES = [
  'detection',
  'metadata',
  'outline',
  'assignments',
  'leads',
  'deadlines',
  'deadlineDates',
  'actionAreas',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_LABELS: Record<Category, string> = {
  detection: 'detection (isPolicy)',
  metadata: 'metadata (4 fields)',
  outline: 'outline (id + title)',
  assignments: 'unit assignments',
  leads: 'lead units',
  deadlines: 'deadlines found',
  deadlineDates: 'deadline dates',
  actionAreas: 'action areas',
};

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export interface Prf extends Counts {
  precision: number;
  recall: number;
  f1: number;
}

/** What the engine missed (expected, not found) and added (found, not expected), as readable keys. */
export interface Misses {
  missing: string[];
  extra: string[];
}

export interface DocScore {
  file: string;
  counts: Record<Category, Counts>;
  misses: Record<Category, Misses>;
  /** Categories not scored for this document (everything but detection on non-policy pages). */
  skipped: Category[];
}

export interface CorpusScore {
  categories: Record<Category, Prf>;
  docs: DocScore[];
}

// ---------- normalisation ----------

const WS = /[\s\u3000\u00a0\u200b\ufeff]+/g;
/** Every double-quote style folds to ", every single-quote style to '. */
const QUOTES: Record<string, string> = {
  '"': '"', '“': '"', '”': '"', '＂': '"', '「': '"', '」': '"', '『': '"', '』': '"',
  "'": "'", '‘': "'", '’': "'",
};
const TRAILING_PUNCT = /[。．.，,：:；;！!？?、…\s]+$/u;

/** Remove all whitespace (incl. U+3000): stray spaces in reprints must not decide a match. */
export function squash(s: string): string {
  return s.replace(WS, '');
}

/** Titles: no whitespace, quote style folded, trailing punctuation dropped. */
export function normTitle(s: string): string {
  return squash(s)
    .replace(/["“”＂「」『』'‘’]/g, (q) => QUOTES[q] ?? q)
    .replace(TRAILING_PUNCT, '');
}

/** Deadline text: no whitespace, no quote marks (“十三五”期间 vs 十三五期间 is a span choice, not an error). */
export function normDeadlineText(s: string): string {
  return squash(s).replace(/["“”＂'‘’「」『』]/g, '');
}

// ---------- P/R/F1 ----------

export function prf(c: Counts): Prf {
  const precision = c.tp + c.fp === 0 ? (c.fn === 0 ? 1 : 0) : c.tp / (c.tp + c.fp);
  const recall = c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { ...c, precision, recall, f1 };
}

function emptyCounts(): Record<Category, Counts> {
  const out = {} as Record<Category, Counts>;
  for (const c of CATEGORIES) out[c] = { tp: 0, fp: 0, fn: 0 };
  return out;
}

function emptyMisses(): Record<Category, Misses> {
  const out = {} as Record<Category, Misses>;
  for (const c of CATEGORIES) out[c] = { missing: [], extra: [] };
  return out;
}

/** Multiset comparison of string keys. */
function compareKeys(expected: string[], found: string[], counts: Counts, misses: Misses): void {
  const pool = new Map<string, number>();
  for (const k of found) pool.set(k, (pool.get(k) ?? 0) + 1);
  for (const k of expected) {
    const n = pool.get(k) ?? 0;
    if (n > 0) {
      counts.tp++;
      pool.set(k, n - 1);
    } else {
      counts.fn++;
      misses.missing.push(k);
    }
  }
  for (const [k, n] of pool) {
    for (let i = 0; i < n; i++) {
      counts.fp++;
      misses.extra.push(k);
    }
  }
}

// ---------- unit rows ----------

interface UnitRow {
  measureId: string | null;
  unit: string;
  canonical: string | null;
  lead: boolean;
}

/** Engine assignments → one row per unit (the shape of the expected file). */
export function unitRows(model: PolicyModel): UnitRow[] {
  const rows: UnitRow[] = [];
  for (const a of model.assignments) {
    const leads = new Set(a.lead.map(squash));
    a.units.forEach((u, i) => {
      const unit = squash(u);
      rows.push({ measureId: a.measureId, unit, canonical: a.canonical[i] ?? null, lead: leads.has(unit) });
    });
  }
  return rows;
}

function rowLabel(r: UnitRow, withLead: boolean): string {
  const name = r.canonical && r.canonical !== r.unit ? `${r.unit} (${r.canonical})` : r.unit;
  return `${r.measureId ?? '-'} ${name}${withLead ? (r.lead ? ' [lead]' : ' [co]') : ''}`;
}

/**
 * Matches unit rows: same measureId, same lead flag when `withLead`, and the same unit —
 * compared on canonical names when both sides have one, else on the written form.
 * Canonical matches are taken first so a written-form match cannot steal a row a canonical
 * match needs.
 */
function compareUnitRows(expected: UnitRow[], found: UnitRow[], withLead: boolean, counts: Counts, misses: Misses): void {
  const used = new Array<boolean>(found.length).fill(false);
  const matched = new Array<boolean>(expected.length).fill(false);
  const same = (e: UnitRow, f: UnitRow) => e.measureId === f.measureId && (!withLead || e.lead === f.lead);
  const passes: ((e: UnitRow, f: UnitRow) => boolean)[] = [
    (e, f) => e.canonical !== null && f.canonical !== null && e.canonical === f.canonical,
    (e, f) => (e.canonical === null || f.canonical === null) && e.unit === f.unit,
  ];
  for (const unitMatch of passes) {
    expected.forEach((e, i) => {
      if (matched[i]) return;
      const j = found.findIndex((f, k) => !used[k] && same(e, f) && unitMatch(e, f));
      if (j >= 0) {
        used[j] = true;
        matched[i] = true;
      }
    });
  }
  expected.forEach((e, i) => {
    if (matched[i]) counts.tp++;
    else {
      counts.fn++;
      misses.missing.push(rowLabel(e, withLead));
    }
  });
  found.forEach((f, k) => {
    if (!used[k]) {
      counts.fp++;
      misses.extra.push(rowLabel(f, withLead));
    }
  });
}

// ---------- per document ----------

const META_FIELDS = ['title', 'docNumber', 'issuer', 'date'] as const;

export function scoreDocument(model: PolicyModel, expected: ExpectedDoc): DocScore {
  const counts = emptyCounts();
  const misses = emptyMisses();

  // detection: "is a policy" is the positive class.
  const d = counts.detection;
  if (expected.isPolicy && model.isPolicy) d.tp++;
  else if (expected.isPolicy) {
    d.fn++;
    misses.detection.missing.push(`isPolicy (score ${model.detection.score.toFixed(2)}: ${model.detection.reasons.join('; ')})`);
  } else if (model.isPolicy) {
    d.fp++;
    misses.detection.extra.push(`isPolicy (score ${model.detection.score.toFixed(2)}: ${model.detection.reasons.join('; ')})`);
  }

  if (!expected.isPolicy) {
    return { file: expected.file, counts, misses, skipped: CATEGORIES.filter((c) => c !== 'detection') };
  }

  // metadata: each field, exact after trimming.
  for (const f of META_FIELDS) {
    const want = expected.meta[f]?.trim() || null;
    const got = model.meta[f]?.trim() || null;
    const c = counts.metadata;
    if (want !== null && got === want) c.tp++;
    else {
      if (want !== null) {
        c.fn++;
        misses.metadata.missing.push(`${f}: ${want}`);
      }
      if (got !== null) {
        c.fp++;
        misses.metadata.extra.push(`${f}: ${got}`);
      }
    }
  }

  compareKeys(
    expected.measures.map((m) => `${m.id} ${normTitle(m.title)}`),
    model.measures.map((m) => `${m.id} ${normTitle(m.title)}`),
    counts.outline,
    misses.outline,
  );

  const wantRows: UnitRow[] = expected.assignments.map((a) => ({
    measureId: a.measureId,
    unit: squash(a.unit),
    canonical: a.canonical,
    lead: a.lead,
  }));
  const gotRows = unitRows(model);
  compareUnitRows(wantRows, gotRows, true, counts.assignments, misses.assignments);
  compareUnitRows(
    wantRows.filter((r) => r.lead),
    gotRows.filter((r) => r.lead),
    false,
    counts.leads,
    misses.leads,
  );

  compareKeys(
    expected.deadlines.map((x) => `${x.measureId ?? '-'} ${normDeadlineText(x.text)}`),
    model.deadlines.map((x) => `${x.measureId ?? '-'} ${normDeadlineText(x.text)}`),
    counts.deadlines,
    misses.deadlines,
  );
  compareKeys(
    expected.deadlines.map((x) => `${normDeadlineText(x.text)} → ${x.date ?? 'null'}`),
    model.deadlines.map((x) => `${normDeadlineText(x.text)} → ${x.date ?? 'null'}`),
    counts.deadlineDates,
    misses.deadlineDates,
  );

  compareKeys(
    expected.actionAreas.map((a) => `${a.measureId} ${squash(a.name)}`),
    model.actionAreas.map((a) => `${a.measureId} ${squash(a.name)}`),
    counts.actionAreas,
    misses.actionAreas,
  );

  return { file: expected.file, counts, misses, skipped: [] };
}

// ---------- corpus ----------

/** Micro-average: sums TP/FP/FN over documents, then P/R/F1. */
export function scoreCorpus(docs: DocScore[]): CorpusScore {
  const total = emptyCounts();
  for (const doc of docs) {
    for (const c of CATEGORIES) {
      total[c].tp += doc.counts[c].tp;
      total[c].fp += doc.counts[c].fp;
      total[c].fn += doc.counts[c].fn;
    }
  }
  const categories = Object.fromEntries(CATEGORIES.map((c) => [c, prf(total[c])])) as Record<Category, Prf>;
  return { categories, docs };
}

/** Categories whose F1 is below the gate. */
export function failingCategories(score: CorpusScore, minF1 = 0.9): Category[] {
  return CATEGORIES.filter((c) => score.categories[c].f1 < minF1);
}

const pct = (x: number) => x.toFixed(3);

/** Plain-text table: category, P, R, F1, TP/FP/FN. */
export function formatTable(score: CorpusScore, minF1 = 0.9): string {
  const rows: string[][] = [['category', 'P', 'R', 'F1', 'TP/FP/FN', '']];
  for (const c of CATEGORIES) {
    const s = score.categories[c];
    rows.push([CATEGORY_LABELS[c], pct(s.precision), pct(s.recall), pct(s.f1), `${s.tp}/${s.fp}/${s.fn}`, s.f1 < minF1 ? '< gate' : '']);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => displayWidth(r[i] ?? ''))));
  return rows
    .map((r) => r.map((cell, i) => cell + ' '.repeat((widths[i] ?? 0) - displayWidth(cell))).join('  ').trimEnd())
    .join('\n');
}

/** Per-document misses, for --verbose. */
export function formatMisses(doc: DocScore): string {
  const lines: string[] = [];
  for (const c of CATEGORIES) {
    const m = doc.misses[c];
    if (!m.missing.length && !m.extra.length) continue;
    lines.push(`  ${CATEGORY_LABELS[c]}:`);
    for (const k of m.missing) lines.push(`    - missing ${k}`);
    for (const k of m.extra) lines.push(`    + extra   ${k}`);
  }
  return lines.length ? `${doc.file}\n${lines.join('\n')}` : `${doc.file}: no misses`;
}

function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}
