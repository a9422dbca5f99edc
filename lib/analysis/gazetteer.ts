/**
 * Central-unit gazetteer: maps a unit name as written (full name or abbreviation) to its
 * canonical name, resolving abbreviations that named different bodies over time by the
 * document year.
 */
import { GAZETTEER_ROWS, type GazetteerRow } from './gazetteer-data';

export interface GazetteerHit {
  canonical: string;
  row: GazetteerRow;
  /** How the name matched. */
  via: 'canonical' | 'abbreviation';
}

const byName = new Map<string, { row: GazetteerRow; via: 'canonical' | 'abbreviation' }[]>();
function add(name: string, row: GazetteerRow, via: 'canonical' | 'abbreviation'): void {
  const list = byName.get(name);
  if (list) list.push({ row, via });
  else byName.set(name, [{ row, via }]);
}
for (const row of GAZETTEER_ROWS) {
  add(row.canonical, row, 'canonical');
  for (const a of row.abbreviations) add(a, row, 'abbreviation');
}

/** Distance in years between `year` and the validity interval of `row` (0 when inside). */
function distance(row: GazetteerRow, year: number, month: number): number {
  const from = row.from ?? -Infinity;
  // A body that ended in year `to` still existed early that year (reforms take effect in spring).
  const to = row.to === null ? Infinity : row.to - (month >= 4 ? 0.5 : 0);
  if (year < from) return from - year;
  if (year > to) return year - to;
  return 0;
}

function pick(
  cands: { row: GazetteerRow; via: 'canonical' | 'abbreviation' }[],
  date: string | null | undefined,
): { row: GazetteerRow; via: 'canonical' | 'abbreviation' } {
  if (cands.length === 1) return cands[0]!;
  const exact = cands.find((c) => c.via === 'canonical');
  if (exact) return exact;
  const m = date ? /^(\d{4})(?:-(\d{2}))?/.exec(date) : null;
  if (!m) {
    // No date: prefer the current body.
    return cands.find((c) => c.row.to === null) ?? cands[cands.length - 1]!;
  }
  const year = Number(m[1]);
  const month = m[2] ? Number(m[2]) : 6;
  let best = cands[0]!;
  let bestD = Infinity;
  for (const c of cands) {
    const d = distance(c.row, year, month);
    // On ties prefer the later (newer) body.
    if (d < bestD || (d === bestD && (c.row.from ?? 0) > (best.row.from ?? 0))) {
      best = c;
      bestD = d;
    }
  }
  return best;
}

const PREFIXES = ['中华人民共和国', '国务院', '中国'];

/**
 * Look a unit name up. `date` (YYYY-MM-DD or YYYY) disambiguates abbreviations such as 广电总局.
 * Returns null for names not in the gazetteer (local bodies, internal departments ...).
 */
export function lookupUnit(name: string, date?: string | null): GazetteerHit | null {
  // Documents repeat the same few dozen names hundreds of times.
  return memoByMonth(LOOKUP_CACHE, date, name, lookupUncached);
}
const LOOKUP_CACHE: MonthMemo<GazetteerHit | null> = monthMemo();

function lookupUncached(name: string, date?: string | null): GazetteerHit | null {
  const n = /\s/.test(name) ? name.replace(/\s+/g, '') : name;
  let cands = byName.get(n);
  if (!cands) {
    for (const p of PREFIXES) {
      if (n.startsWith(p) && n.length > p.length + 1) {
        cands = byName.get(n.slice(p.length));
        if (cands) break;
      }
    }
  }
  if (!cands) return null;
  const c = pick(cands, date);
  return { canonical: c.row.canonical, row: c.row, via: c.via };
}

/** Canonical name or null. */
export function canonicalUnit(name: string, date?: string | null): string | null {
  return lookupUnit(name, date)?.canonical ?? null;
}

const byCanonical = new Map(GAZETTEER_ROWS.map((r) => [r.canonical, r]));

/**
 * The body that carries on a unit's work today: its line of succession through the
 * reorganisations the gazetteer records (卫生部 → 国家卫生和计划生育委员会 → 国家卫生健康委员会),
 * following the main successor (the first named) of each. The name itself for a current body or
 * one the gazetteer does not know.
 */
export function currentSuccessor(canonical: string): string {
  let name = canonical;
  const seen = new Set([name]);
  for (let row = byCanonical.get(name); row?.successor[0] && !seen.has(row.successor[0]); row = byCanonical.get(name)) {
    name = row.successor[0];
    seen.add(name);
  }
  return name;
}

/** All names (canonical and abbreviations) the gazetteer knows. */
export function gazetteerNames(): string[] {
  return [...byName.keys()];
}

/** Memo per document month (unit names resolve by date, to month precision), then per name. */
export interface MonthMemo<T> {
  months: Map<string, Map<string, T>>;
  /** The bucket of the date asked last (a document asks about one date, over and over). */
  lastDate: string | null | undefined;
  last: Map<string, T> | null;
}

export function monthMemo<T>(): MonthMemo<T> {
  return { months: new Map(), lastDate: undefined, last: null };
}

/**
 * `compute(name, date)`, memoized in `memo` (bounded: 64 months × 20,000 names). Shared by the
 * gazetteer lookup and the unit parser, which ask about the same names over and over; each memo
 * keeps its own last bucket, as the two are asked in turn.
 */
export function memoByMonth<T>(memo: MonthMemo<T>, date: string | null | undefined, name: string, compute: (name: string, date?: string | null) => T): T {
  let bucket = memo.last;
  if (!bucket || memo.lastDate !== date) {
    const k = date ? date.slice(0, 7) : '';
    bucket = memo.months.get(k) ?? null;
    if (!bucket) {
      if (memo.months.size >= 64) memo.months.clear();
      bucket = new Map<string, T>();
      memo.months.set(k, bucket);
    }
    memo.last = bucket;
    memo.lastDate = date;
  }
  const hit = bucket.get(name);
  if (hit !== undefined) return hit;
  const out = compute(name, date);
  if (bucket.size >= 20000) bucket.clear();
  bucket.set(name, out);
  return out;
}
