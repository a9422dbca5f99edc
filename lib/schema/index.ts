/**
 * The one gate every record passes: the store's writes, the importer, the export's own checks.
 *
 * Contract
 * - `check(kind, value)` runs the validator generated from schema/records.schema.json (or
 *   policy-model.schema.json) at build time — no eval at run time, as the MV3 CSP requires —
 *   then the few rules JSON Schema cannot say (position end ≥ start, a measure note's id is
 *   docId#measureId, a date-time is a real instant). It never throws and never changes `value`.
 * - Every problem is a `SchemaIssue`: the field's path ("target.quote.exact", "tags[3]",
 *   '["pl:color"]'), a message key of the i18n catalog (schemaErr_*) and its substitutions.
 *   `describeIssue(issue, t)` words it in the UI language; no message text lives in code.
 * - Pure: no browser API, no I/O.
 */
import type { Annotation, DocumentRecord, MeasureNote } from '../annotations/types';
import type { PolicyModel } from '../analysis/types';
import type { MessageKey, T } from '../i18n';
import type { Settings } from '../settings';
import * as generated from './validators.gen.js';
import type { GeneratedError, GeneratedValidator } from './validators.gen.js';

export interface KindTypes {
  annotation: Annotation;
  documentRecord: DocumentRecord;
  measureNote: MeasureNote;
  settings: Settings;
  policyModel: PolicyModel;
}

export type SchemaKind = keyof KindTypes;

export interface SchemaIssue {
  /** Where, relative to the checked value ('' for the value itself). */
  path: string;
  key: MessageKey;
  subs: string[];
}

export type CheckResult<V> = { ok: true; value: V } | { ok: false; issues: SchemaIssue[] };

const VALIDATORS: Record<SchemaKind, GeneratedValidator> = {
  annotation: generated.annotation,
  documentRecord: generated.documentRecord,
  measureNote: generated.measureNote,
  settings: generated.settings,
  policyModel: generated.policyModel,
};

/** Patterns with their own message (compared with the schema's pattern text). */
const DATE_TIME_PATTERN = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:?\\d{2})$';
const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';

export const ISO_DATE_TIME = new RegExp(DATE_TIME_PATTERN);

export function issue(path: string, key: MessageKey, ...subs: (string | number)[]): SchemaIssue {
  return { path, key, subs: subs.map(String) };
}

/** `base` + a member name or array index, in the path notation of SchemaIssue. */
export function at(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  if (!/^[A-Za-z_$][\w$]*$/.test(key)) return `${base}[${JSON.stringify(key)}]`;
  return base ? `${base}.${key}` : key;
}

/** An issue found inside a part, re-rooted under `base` ("documents[0].annotations[2]"). */
export function under(base: string, i: SchemaIssue): SchemaIssue {
  if (!base) return i;
  if (!i.path) return { ...i, path: base };
  return { ...i, path: i.path.startsWith('[') ? `${base}${i.path}` : `${base}.${i.path}` };
}

function pointerToPath(pointer: string): string {
  if (!pointer) return '';
  let path = '';
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    path = /^\d+$/.test(seg) ? at(path, Number(seg)) : at(path, seg);
  }
  return path;
}

function list(v: unknown): string {
  return (Array.isArray(v) ? v : [v]).map((x) => (x === null ? 'null' : String(x))).join(' | ');
}

function fromGenerated(e: GeneratedError, value: unknown): SchemaIssue {
  const path = pointerToPath(e.instancePath);
  const p = e.params;
  switch (e.keyword) {
    case 'required':
      return issue(at(path, String(p.missingProperty)), 'schemaErr_required');
    case 'additionalProperties':
      return issue(at(path, String(p.additionalProperty)), 'schemaErr_unknownField');
    case 'type':
      return issue(path, 'schemaErr_type', list(p.type), typeName(valueAt(value, e.instancePath)));
    case 'minLength':
      return Number(p.limit) === 1 ? issue(path, 'schemaErr_empty') : issue(path, 'schemaErr_minLength', String(p.limit));
    case 'maxLength':
      return issue(path, 'schemaErr_maxLength', String(p.limit), String(lengthAt(value, e.instancePath)));
    case 'minItems':
      return issue(path, 'schemaErr_minItems', String(p.limit));
    case 'maxItems':
      return issue(path, 'schemaErr_maxItems', String(p.limit), String(lengthAt(value, e.instancePath)));
    case 'enum':
      return issue(path, 'schemaErr_enum', list(p.allowedValues), shown(valueAt(value, e.instancePath)));
    case 'const':
      return issue(path, 'schemaErr_enum', list(p.allowedValue), shown(valueAt(value, e.instancePath)));
    case 'pattern':
      if (p.pattern === DATE_TIME_PATTERN) return issue(path, 'schemaErr_dateTime', shown(valueAt(value, e.instancePath)));
      if (p.pattern === DATE_PATTERN) return issue(path, 'schemaErr_date', shown(valueAt(value, e.instancePath)));
      return issue(path, 'schemaErr_pattern', shown(valueAt(value, e.instancePath)));
    case 'minimum':
      return issue(path, 'schemaErr_minimum', String(p.limit), shown(valueAt(value, e.instancePath)));
    case 'maximum':
      return issue(path, 'schemaErr_maximum', String(p.limit), shown(valueAt(value, e.instancePath)));
    default:
      return issue(path, 'schemaErr_invalid', shown(valueAt(value, e.instancePath)));
  }
}

function valueAt(root: unknown, pointer: string): unknown {
  let v = root;
  if (!pointer) return v;
  for (const raw of pointer.slice(1).split('/')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return v;
}

function lengthAt(root: unknown, pointer: string): number {
  const v = valueAt(root, pointer);
  if (typeof v === 'string') return [...v].length;
  return Array.isArray(v) ? v.length : 0;
}

export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** A value as shown inside a message: JSON, cut to 40 characters. */
export function shown(v: unknown): string {
  const s = v === undefined ? 'undefined' : (JSON.stringify(v) ?? String(v));
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}

/** With allErrors, a failed oneOf / anyOf reports every branch's errors too: keep only the one. */
function collapseAlternatives(errors: GeneratedError[]): GeneratedError[] {
  const alt = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  if (!alt.length) return errors;
  return errors.filter((e) => alt.includes(e) || !alt.some((a) => e.instancePath === a.instancePath || e.instancePath.startsWith(`${a.instancePath}/`)));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function instantIssues(v: Record<string, unknown>, keys: readonly string[], found: SchemaIssue[]): void {
  for (const k of keys) {
    const s = v[k];
    // A string of the right shape that is no instant ("2024-13-45T99:00Z") cannot be merged by time.
    if (typeof s === 'string' && ISO_DATE_TIME.test(s) && Number.isNaN(Date.parse(s)) && !found.some((i) => i.path === k))
      found.push(issue(k, 'schemaErr_dateTime', shown(s)));
  }
}

/** The rules JSON Schema cannot state. Runs on values whose shape may be wrong: looks before it reads. */
function semanticIssues(kind: SchemaKind, v: unknown, found: SchemaIssue[]): void {
  if (!isRecord(v)) return;
  if (kind === 'annotation') {
    const pos = isRecord(v.target) && isRecord(v.target.position) ? v.target.position : null;
    if (pos && Number.isInteger(pos.start) && Number.isInteger(pos.end) && (pos.end as number) < (pos.start as number))
      found.push(issue('target.position.end', 'schemaErr_positionOrder', String(pos.start), String(pos.end)));
    instantIssues(v, ['created', 'modified'], found);
  } else if (kind === 'measureNote') {
    if (typeof v.docId === 'string' && typeof v.measureId === 'string' && typeof v.id === 'string' && v.id !== `${v.docId}#${v.measureId}`)
      found.push(issue('id', 'schemaErr_noteId', `${v.docId}#${v.measureId}`));
    instantIssues(v, ['created', 'modified'], found);
  } else if (kind === 'documentRecord') {
    instantIssues(v, ['created', 'modified'], found);
  }
}

/** Checks `value` against the schema of `kind`. */
export function check<K extends SchemaKind>(kind: K, value: unknown): CheckResult<KindTypes[K]> {
  const validate = VALIDATORS[kind];
  const issues: SchemaIssue[] = [];
  if (!validate(value)) issues.push(...collapseAlternatives(validate.errors ?? []).map((e) => fromGenerated(e, value)));
  semanticIssues(kind, value, issues);
  return issues.length ? { ok: false, issues } : { ok: true, value: value as KindTypes[K] };
}

/** One issue in the UI language: "字段 target.quote.exact：过长…" / "target.quote.exact: too long …". */
export function describeIssue(i: SchemaIssue, t: T): string {
  const message = t(i.key, ...i.subs);
  return i.path ? t('schemaErr_field', i.path, message) : message;
}

/** Several issues, at most `max` of them, then how many more. */
export function describeIssues(issues: readonly SchemaIssue[], t: T, max = 5): string {
  const shownIssues = issues.slice(0, max).map((i) => describeIssue(i, t));
  if (issues.length > max) shownIssues.push(t('schemaErr_more', String(issues.length - max)));
  return shownIssues.join('; ');
}
