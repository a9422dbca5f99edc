/**
 * Import, record by record: each record of a file is checked with lib/schema and either repaired
 * (missing urls/tags → [], an unknown colour → yellow, a bad created → its modified or the import
 * time, too many urls → the last 50, an over-long quote context → trimmed, an analysis of an
 * older model → left out) or skipped, with one report entry naming what was done and why.
 */
import { isMeasureStatus, type Annotation, type DocumentRecord, type MeasureNote } from '../annotations/types';
import type { PolicyModel } from '../analysis/types';
import { hostOf } from '../store/migrate';
import { at, check, issue, ISO_DATE_TIME, shown, typeName, under, type KindTypes, type SchemaIssue } from '../schema';
import { clampAnnotation, clampDocument, clampTags } from '../schema/clamp';
import { readW3C } from './w3c';

/** What became of one record of the file: repaired (stored with the issues fixed) or skipped. */
export interface ImportReportEntry {
  /** Where the record is in the file ("documents[0].annotations[3]"). */
  path: string;
  action: 'repaired' | 'skipped';
  issues: SchemaIssue[];
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A repaired copy is checked; the record's own issues (before repair) are what the report shows. */
function settle<K extends keyof KindTypes>(
  kind: K,
  raw: unknown,
  repaired: unknown,
  path: string,
  report: ImportReportEntry[],
  known: SchemaIssue[] = [],
): KindTypes[K] | null {
  const after = check(kind, repaired);
  if (!after.ok) {
    report.push({ path, action: 'skipped', issues: after.issues.map((i) => under(path, i)) });
    return null;
  }
  const before = check(kind, raw);
  const issues = [...known, ...(before.ok ? [] : before.issues)];
  if (issues.length) report.push({ path, action: 'repaired', issues: dedupe(issues).map((i) => under(path, i)) });
  return after.value;
}

function dedupe(issues: SchemaIssue[]): SchemaIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.path}\u0000${i.key}\u0000${i.subs.join('\u0000')}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function goodInstant(v: unknown): v is string {
  return typeof v === 'string' && ISO_DATE_TIME.test(v) && !Number.isNaN(Date.parse(v));
}

/** created / modified: a bad one takes the other one, or the import time. */
function repairTimes(r: Record<string, unknown>, now: string): { created: string; modified: string } {
  const created = goodInstant(r.created) ? r.created : goodInstant(r.modified) ? r.modified : now;
  const modified = goodInstant(r.modified) ? r.modified : created;
  return { created, modified };
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && !!x) : [];
}

const SIMHASH = /^[0-9a-f]{16}$/;
const SITE_HASH = /^[^\s]+ [0-9a-f]{64}$/;

/** A document record of either export version, repaired; null (reported) when unusable. */
export function readDocument(raw: unknown, version: number, path: string, now: string, report: ImportReportEntry[]): DocumentRecord | null {
  if (!isRecord(raw)) {
    report.push({ path, action: 'skipped', issues: [issue(path, 'schemaErr_type', 'object', typeName(raw))] });
    return null;
  }
  // Version 1 records carried the SimHash as `fingerprint` and had no site or hashes: read as v3.
  const shaped: Record<string, unknown> =
    version === 1
      ? (({ fingerprint, ...rest }) => ({
          ...rest,
          site: hostOf(rest.url),
          hashes: [],
          simhash: typeof fingerprint === 'string' && SIMHASH.test(fingerprint) && fingerprint !== '0000000000000000' ? fingerprint : null,
        }))(raw)
      : raw;
  const url = typeof shaped.url === 'string' ? shaped.url : '';
  const site = hostOf(url) ?? (typeof shaped.site === 'string' ? shaped.site : '');
  const known: SchemaIssue[] = [];
  if (version !== 1 && typeof shaped.site === 'string' && shaped.site !== site) known.push(issue('site', 'schemaErr_invalid', shown(shaped.site)));
  const hashes = strings(shaped.hashes);
  const repaired = clampDocument({
    id: shaped.id as string,
    url,
    urls: strings(shaped.urls),
    site,
    hashes: hashes.filter((h) => SITE_HASH.test(h)),
    simhash: typeof shaped.simhash === 'string' && SIMHASH.test(shaped.simhash) ? shaped.simhash : null,
    title: typeof shaped.title === 'string' ? shaped.title : '',
    docNumber: typeof shaped.docNumber === 'string' ? shaped.docNumber : null,
    issuer: typeof shaped.issuer === 'string' ? shaped.issuer : null,
    date: typeof shaped.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(shaped.date) ? shaped.date : null,
    ...repairTimes(shaped, now),
  });
  const { fingerprint: _f, ...asV3 } = shaped as Record<string, unknown> & { fingerprint?: unknown };
  return settle('documentRecord', version === 1 ? { ...asV3, site } : shaped, repaired, path, report, known);
}

export function readAnnotation(raw: unknown, path: string, docId: string | undefined, now: string, report: ImportReportEntry[]): Annotation | null {
  const r = readW3C(raw, { ...(docId ? { docId } : {}), now });
  if (!r.annotation) {
    report.push({ path, action: 'skipped', issues: r.issues.map((i) => under(path, i)) });
    return null;
  }
  const known = [...r.issues];
  const a = r.annotation;
  if (docId && a.docId !== docId) known.push(issue(at('', 'pl:docId'), 'schemaErr_docMismatch', docId));
  const fixed = clampAnnotation({ ...a, docId: docId ?? a.docId, tags: clampTags(a.tags) });
  return settle('annotation', a, fixed, path, report, known);
}

export function readMeasureNote(raw: unknown, path: string, docId: string, now: string, report: ImportReportEntry[]): MeasureNote | null {
  if (!isRecord(raw)) {
    report.push({ path, action: 'skipped', issues: [issue(path, 'schemaErr_type', 'object', typeName(raw))] });
    return null;
  }
  const known: SchemaIssue[] = [];
  if (typeof raw.docId === 'string' && raw.docId !== docId) known.push(issue('docId', 'schemaErr_docMismatch', docId));
  const measureId = raw.measureId as string;
  const fixed = {
    id: `${docId}#${String(measureId)}`,
    docId,
    measureId,
    measurePath: typeof raw.measurePath === 'string' ? raw.measurePath : '',
    status: isMeasureStatus(raw.status) ? raw.status : null,
    note: typeof raw.note === 'string' ? raw.note : '',
    ...repairTimes(raw, now),
  };
  return settle('measureNote', raw, fixed, path, report, known);
}

export function readAnalysis(raw: unknown, path: string, report: ImportReportEntry[]): PolicyModel | null {
  if (raw === null || raw === undefined) return null;
  const r = check('policyModel', raw);
  if (r.ok) return r.value;
  // A cache: the page is analysed again when it is opened. Left out, not a reason to lose the notes.
  report.push({ path, action: 'repaired', issues: [issue(path, 'importReport_analysisDropped'), ...r.issues.slice(0, 5).map((i) => under(path, i))] });
  return null;
}
