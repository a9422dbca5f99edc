/**
 * Hand-written expectations for one seed page (seeds/expected/*.json) and their validator.
 * Format and reading conventions: seeds/expected/README.md.
 */
import type { DeadlineKind } from '../analysis/types';

export interface ExpectedMeta {
  title: string | null;
  docNumber: string | null;
  issuer: string | null;
  /** YYYY-MM-DD */
  date: string | null;
}

export interface ExpectedMeasure {
  id: string;
  marker: string;
  title: string;
}

/** One row per unit and measure. */
export interface ExpectedAssignment {
  measureId: string | null;
  /** As written, whitespace removed. */
  unit: string;
  /** Canonical name from the gazetteer, or null for units it does not cover. */
  canonical: string | null;
  lead: boolean;
  inherited: boolean;
}

export interface ExpectedDeadline {
  text: string;
  date: string | null;
  kind: DeadlineKind;
  measureId: string | null;
}

export interface ExpectedActionArea {
  name: string;
  measureId: string;
}

export interface ExpectedDoc {
  /** Page path relative to seeds/. */
  file: string;
  isPolicy: boolean;
  meta: ExpectedMeta;
  measures: ExpectedMeasure[];
  assignments: ExpectedAssignment[];
  deadlines: ExpectedDeadline[];
  actionAreas: ExpectedActionArea[];
  /** Free text for readers; ignored by the scorer. */
  notes?: string;
}

const DEADLINE_KINDS: readonly DeadlineKind[] = ['by', 'from', 'period', 'recurring', 'ongoing', 'relative'];
const ID_RE = /^[1-9]\d*(\.[1-9]\d*)*$/;
const DATE_RE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class ExpectedFormatError extends Error {
  constructor(source: string, problems: string[]) {
    super(`${source}: invalid expected file:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ExpectedFormatError';
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function validDate(s: string): boolean {
  if (!DATE_RE.test(s)) return false;
  const [y = 0, m = 0, d = 0] = s.split('-').map(Number);
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/**
 * Checks an expected file's shape and internal consistency (ids are ordinal paths, every
 * parent and every referenced measure exists, dates are real dates). Throws
 * ExpectedFormatError listing every problem; returns the typed document otherwise.
 */
export function parseExpected(json: unknown, source = 'expected'): ExpectedDoc {
  const problems: string[] = [];
  const p = (msg: string) => problems.push(msg);
  if (!isRecord(json)) throw new ExpectedFormatError(source, ['top level must be an object']);

  const str = (v: unknown, where: string, nullable: boolean): boolean => {
    if (typeof v === 'string' && v.trim() !== '') return true;
    if (nullable && v === null) return true;
    p(`${where} must be a non-empty string${nullable ? ' or null' : ''}`);
    return false;
  };
  const arr = (key: string): unknown[] => {
    const v = json[key];
    if (!Array.isArray(v)) {
      p(`${key} must be an array`);
      return [];
    }
    return v;
  };

  str(json.file, 'file', false);
  if (typeof json.isPolicy !== 'boolean') p('isPolicy must be a boolean');
  const meta = json.meta;
  if (!isRecord(meta)) p('meta must be an object');
  else {
    for (const k of ['title', 'docNumber', 'issuer', 'date'] as const) str(meta[k], `meta.${k}`, true);
    if (typeof meta.date === 'string' && !validDate(meta.date)) p(`meta.date "${meta.date}" is not YYYY-MM-DD`);
  }

  const ids = new Set<string>();
  arr('measures').forEach((m, i) => {
    const w = `measures[${i}]`;
    if (!isRecord(m)) return p(`${w} must be an object`);
    if (typeof m.id !== 'string' || !ID_RE.test(m.id)) return p(`${w}.id must be an ordinal path like "2.3.1"`);
    if (ids.has(m.id)) p(`${w}.id "${m.id}" is duplicated`);
    const parent = m.id.includes('.') ? m.id.slice(0, m.id.lastIndexOf('.')) : null;
    if (parent && !ids.has(parent)) p(`${w}.id "${m.id}": parent "${parent}" is not listed before it`);
    ids.add(m.id);
    str(m.marker, `${w}.marker`, false);
    str(m.title, `${w}.title`, false);
  });

  const measureRef = (v: unknown, where: string, nullable: boolean) => {
    if (v === null && nullable) return;
    if (typeof v !== 'string' || !ids.has(v)) p(`${where} "${String(v)}" is not a listed measure id`);
  };

  arr('assignments').forEach((a, i) => {
    const w = `assignments[${i}]`;
    if (!isRecord(a)) return p(`${w} must be an object`);
    measureRef(a.measureId, `${w}.measureId`, true);
    if (str(a.unit, `${w}.unit`, false) && /\s/.test(a.unit as string)) p(`${w}.unit must have no whitespace`);
    str(a.canonical, `${w}.canonical`, true);
    if (typeof a.lead !== 'boolean') p(`${w}.lead must be a boolean`);
    if (typeof a.inherited !== 'boolean') p(`${w}.inherited must be a boolean`);
  });

  arr('deadlines').forEach((d, i) => {
    const w = `deadlines[${i}]`;
    if (!isRecord(d)) return p(`${w} must be an object`);
    str(d.text, `${w}.text`, false);
    if (d.date !== null && (typeof d.date !== 'string' || !validDate(d.date))) p(`${w}.date must be YYYY-MM-DD or null`);
    if (!DEADLINE_KINDS.includes(d.kind as DeadlineKind)) p(`${w}.kind must be one of ${DEADLINE_KINDS.join('/')}`);
    measureRef(d.measureId, `${w}.measureId`, true);
  });

  arr('actionAreas').forEach((a, i) => {
    const w = `actionAreas[${i}]`;
    if (!isRecord(a)) return p(`${w} must be an object`);
    str(a.name, `${w}.name`, false);
    measureRef(a.measureId, `${w}.measureId`, false);
  });

  if (json.notes !== undefined && typeof json.notes !== 'string') p('notes must be a string when present');
  if (problems.length) throw new ExpectedFormatError(source, problems);
  return json as unknown as ExpectedDoc;
}
