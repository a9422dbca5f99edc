/**
 * Import of Policy Lens exports (format versions 1 and 2) and of plain W3C annotation lists.
 *
 * Contract
 * - parseImport never throws. A file that is not one — too big, not UTF-8, not JSON, truncated,
 *   another format or version, an envelope without a documents array — is refused:
 *   `{ ok: false, errors: [{ path, key, subs }] }` (catalog keys importErr_*), nothing read. Otherwise every record is
 *   checked with lib/schema and either REPAIRED (missing urls/tags → [], an unknown colour →
 *   yellow, a bad created → its modified or the import time, too many urls → the last 50, an
 *   over-long quote context → trimmed, an analysis of an older model → left out …) or SKIPPED
 *   (no quote, no document id, a duplicate id …); `data.report` has one entry per repaired or
 *   skipped record, with its path in the file and its issues (catalog keys, lib/schema).
 * - Size is checked before parsing; JSON.parse runs with a reviver that drops `__proto__`,
 *   `constructor` and `prototype` keys; notes stay literal text.
 * - Records: lib/export/import-records (repair or skip); writing: lib/export/import-apply.
 */
import type { Annotation, DocumentRecord, MeasureNote } from '../annotations/types';
import type { PolicyModel } from '../analysis/types';
import type { MessageKey, T } from '../i18n';
import { hostOf } from '../store/migrate';
import { at, issue, shown, typeName, type SchemaIssue } from '../schema';
import { EXPORT_FORMAT, EXPORT_VERSION } from './json';
import { goodInstant, isRecord, readAnalysis, readAnnotation, readDocument, readMeasureNote } from './import-records';

const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;

/**
 * Why a file was refused as a whole: where (a path in the file, '' for the file itself) and a
 * message key of the catalog (importErr_*) with its substitutions. `describeValidationIssue`
 * words it in the UI language.
 */
export type ValidationIssue = SchemaIssue;

export function describeValidationIssue(e: ValidationIssue, t: T): string {
  const said = t(e.key, ...e.subs);
  return e.path ? `${e.path}: ${said}` : said;
}

import type { ImportReportEntry } from './import-records';
export type { ImportReportEntry };

interface ImportDocument {
  document: DocumentRecord;
  /** True for a document made up from an annotation's target.source (plain W3C import): it joins a kept document, never replaces one. */
  stub: boolean;
  analysis: PolicyModel | null;
  annotations: Annotation[];
  measureNotes: MeasureNote[];
  /** Paths in the file: of the entry, and of each annotation / measure note (same order). */
  paths: { document: string; annotations: string[]; measureNotes: string[] };
}

export interface ImportData {
  /** What the file was. */
  source: 'policy-lens-export' | 'w3c';
  /** Export format version of the file (null for a W3C list). */
  version: number | null;
  exported: string | null;
  extensionVersion: string | null;
  documents: ImportDocument[];
  /** One entry per record repaired or skipped while reading. */
  report: ImportReportEntry[];
}

export type ParseResult = { ok: true; data: ImportData } | { ok: false; errors: ValidationIssue[] };

export interface ParseOptions {
  maxBytes?: number;
  /** Timestamp for stub documents and records without a usable date (default: now). */
  now?: string;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** JSON.parse reviver: drops keys that could pollute prototypes if the data were merged later. */
function safeReviver(this: unknown, key: string, value: unknown): unknown {
  return FORBIDDEN_KEYS.has(key) ? undefined : value;
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function fail(path: string, key: MessageKey, ...subs: (string | number)[]): ParseResult {
  return { ok: false, errors: [issue(path, key, ...subs)] };
}

function mib(n: number): string {
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

function lineCol(text: string, pos: number): { line: number; col: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < pos && i < text.length; i++) {
    if (text.charCodeAt(i) !== 10) continue;
    line += 1;
    last = i;
  }
  return { line, col: pos - last };
}

function jsonError(text: string, e: unknown): ParseResult {
  const msg = e instanceof Error ? e.message : String(e);
  const m = /position (\d+)/.exec(msg);
  const trimmedEnd = text.trimEnd().length;
  let pos = m ? Number(m[1]) : null;
  const truncated = /end of (JSON )?input|Unterminated|unexpected end/i.test(msg) || (pos !== null && pos >= trimmedEnd);
  if (truncated) {
    pos = trimmedEnd;
    const { line, col } = lineCol(text, pos);
    return fail('', 'importErr_truncatedJson', line, col, pos);
  }
  if (pos !== null) {
    const { line, col } = lineCol(text, pos);
    const near = JSON.stringify(text.slice(Math.max(0, pos - 10), pos + 10));
    return fail('', 'importErr_badJsonAt', line, col, pos, near, msg);
  }
  return fail('', 'importErr_badJson', msg);
}

/** Export versions this code reads: 1 (documents with a SimHash `fingerprint`) and 2 (v3 records). */
const READABLE_VERSIONS: readonly number[] = [1, EXPORT_VERSION];

/**
 * Parses and checks an import file (string or bytes). Accepts our envelope, a JSON array of
 * W3C Annotations, a single Annotation, an AnnotationCollection (with `first` page) or an
 * AnnotationPage.
 */
export function parseImport(input: string | Uint8Array | ArrayBuffer, opts: ParseOptions = {}): ParseResult {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const now = opts.now ?? new Date().toISOString();
  let text: string;
  if (typeof input === 'string') {
    // every code unit is at least one byte: refuse cheaply before counting exactly
    const size = input.length > maxBytes ? input.length : utf8Length(input);
    if (size > maxBytes) return fail('', 'importErr_tooLarge', mib(size), mib(maxBytes));
    text = input;
  } else {
    const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
    if (bytes.byteLength > maxBytes) return fail('', 'importErr_tooLarge', mib(bytes.byteLength), mib(maxBytes));
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      // A download or copy cut short usually ends inside a multi-byte character (every Chinese
      // character is 3 bytes): say "truncated", not "not UTF-8", when only the tail is incomplete.
      let cutMidCharacter = false;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
        cutMidCharacter = true;
      } catch {
        /* invalid bytes before the end */
      }
      if (cutMidCharacter) return fail('', 'importErr_truncatedBytes', bytes.byteLength);
      return fail('', 'importErr_notUtf8');
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (!text.trim()) return fail('', 'importErr_empty');

  let root: unknown;
  try {
    root = JSON.parse(text, safeReviver);
  } catch (e) {
    return jsonError(text, e);
  }

  if (isRecord(root) && 'format' in root) {
    if (root.format !== EXPORT_FORMAT)
      return fail('format', 'importErr_format', String(JSON.stringify(root.format)?.slice(0, 60)), JSON.stringify(EXPORT_FORMAT));
    if (typeof root.version !== 'number' || !READABLE_VERSIONS.includes(root.version)) {
      const newer = typeof root.version === 'number' && root.version > EXPORT_VERSION;
      return fail(
        'version',
        newer ? 'importErr_versionNewer' : 'importErr_version',
        String(JSON.stringify(root.version)?.slice(0, 20)),
        READABLE_VERSIONS.join(', '),
      );
    }
    if (!Array.isArray(root.documents)) return fail('documents', 'importErr_notArray', typeName(root.documents));
    return { ok: true, data: parseEnvelope(root, root.version, root.documents, now) };
  }
  const list = w3cItems(root);
  if (list) {
    if (!list.items.length) return fail(list.path, 'importErr_noAnnotations');
    return { ok: true, data: parseW3CList(list.items, list.path, now) };
  }
  return fail('', 'importErr_unknown', typeName(root));
}

function w3cItems(root: unknown): { items: unknown[]; path: string } | null {
  if (Array.isArray(root)) return { items: root, path: '' };
  if (!isRecord(root)) return null;
  const type = Array.isArray(root.type) ? root.type : [root.type];
  if (type.includes('Annotation')) return { items: [root], path: '' };
  if (type.includes('AnnotationPage') && Array.isArray(root.items)) return { items: root.items, path: 'items' };
  if (type.includes('AnnotationCollection')) {
    if (isRecord(root.first) && Array.isArray(root.first.items)) return { items: root.first.items, path: 'first.items' };
    if (Array.isArray(root.items)) return { items: root.items, path: 'items' };
    return { items: [], path: 'first' };
  }
  return null;
}

// ---------------------------------------------------------------- readers

function parseEnvelope(root: Record<string, unknown>, version: number, entries: unknown[], now: string): ImportData {
  const report: ImportReportEntry[] = [];
  let exported: string | null = null;
  if (goodInstant(root.exported)) exported = root.exported;
  else report.push({ path: 'exported', action: 'repaired', issues: [issue('exported', 'schemaErr_dateTime', shown(root.exported))] });
  const out: ImportDocument[] = [];
  const seenDocs = new Set<string>();
  const seenAnns = new Set<string>();
  entries.forEach((entry, di) => {
    const p = at('documents', di);
    if (!isRecord(entry)) return void report.push({ path: p, action: 'skipped', issues: [issue(p, 'schemaErr_type', 'object', typeName(entry))] });
    const dp = at(p, 'document');
    const doc = readDocument(entry.document, version, dp, now, report);
    if (!doc) return;
    if (seenDocs.has(doc.id)) return void report.push({ path: dp, action: 'skipped', issues: [issue(at(dp, 'id'), 'schemaErr_duplicateId', doc.id)] });
    seenDocs.add(doc.id);
    const item: ImportDocument = {
      document: doc,
      stub: false,
      analysis: readAnalysis(entry.analysis, at(p, 'analysis'), report),
      annotations: [],
      measureNotes: [],
      paths: { document: dp, annotations: [], measureNotes: [] },
    };
    for (const k of ['annotations', 'measureNotes'] as const)
      if (entry[k] !== undefined && !Array.isArray(entry[k]))
        report.push({ path: at(p, k), action: 'skipped', issues: [issue(at(p, k), 'schemaErr_type', 'array', typeName(entry[k]))] });
    const anns = Array.isArray(entry.annotations) ? entry.annotations : [];
    anns.forEach((raw, ai) => {
      const ap = at(at(p, 'annotations'), ai);
      const a = readAnnotation(raw, ap, doc.id, now, report);
      if (!a) return;
      if (seenAnns.has(a.id)) return void report.push({ path: ap, action: 'skipped', issues: [issue(at(ap, 'id'), 'schemaErr_duplicateId', a.id)] });
      seenAnns.add(a.id);
      item.annotations.push(a);
      item.paths.annotations.push(ap);
    });
    const notes = Array.isArray(entry.measureNotes) ? entry.measureNotes : [];
    const seenNotes = new Set<string>();
    notes.forEach((raw, ni) => {
      const np = at(at(p, 'measureNotes'), ni);
      const n = readMeasureNote(raw, np, doc.id, now, report);
      if (!n) return;
      if (seenNotes.has(n.id)) return void report.push({ path: np, action: 'skipped', issues: [issue(at(np, 'id'), 'schemaErr_duplicateId', n.id)] });
      seenNotes.add(n.id);
      item.measureNotes.push(n);
      item.paths.measureNotes.push(np);
    });
    out.push(item);
  });
  return {
    source: 'policy-lens-export',
    version,
    exported,
    extensionVersion: typeof root.extensionVersion === 'string' ? root.extensionVersion : null,
    documents: out,
    report,
  };
}

function parseW3CList(items: unknown[], basePath: string, now: string): ImportData {
  const report: ImportReportEntry[] = [];
  const byDoc = new Map<string, ImportDocument>();
  const seen = new Set<string>();
  items.forEach((raw, i) => {
    const p = basePath ? at(basePath, i) : `[${i}]`;
    const a = readAnnotation(raw, p, undefined, now, report);
    if (!a) return;
    if (seen.has(a.id)) return void report.push({ path: p, action: 'skipped', issues: [issue(at(p, 'id'), 'schemaErr_duplicateId', a.id)] });
    seen.add(a.id);
    let d = byDoc.get(a.docId);
    if (!d) {
      const url = a.target.source;
      d = {
        document: {
          id: a.docId,
          url,
          urls: [],
          site: hostOf(url) ?? '',
          hashes: [],
          simhash: null,
          title: '',
          docNumber: null,
          issuer: null,
          date: null,
          created: now,
          modified: now,
        },
        // Made up from the annotation: matched to a kept document, never written over one.
        stub: true,
        analysis: null,
        annotations: [],
        measureNotes: [],
        paths: { document: p, annotations: [], measureNotes: [] },
      };
      byDoc.set(a.docId, d);
    }
    d.annotations.push(a);
    d.paths.annotations.push(p);
  });
  return { source: 'w3c', version: null, exported: null, extensionVersion: null, documents: [...byDoc.values()], report };
}

/** One report entry in the UI language: the record's path, what was done, each issue by the field's path inside the record. */
export function describeReportEntry(e: ImportReportEntry, t: T): string {
  const inside = (path: string) => (path.startsWith(e.path) ? path.slice(e.path.length).replace(/^\./, '') : path);
  const issues = e.issues.map((i) => (i.path && i.path !== e.path ? t('schemaErr_field', inside(i.path), t(i.key, ...i.subs)) : t(i.key, ...i.subs)));
  return t('importReport_entry', e.path || '(file)', t(e.action === 'repaired' ? 'importReport_repaired' : 'importReport_skipped'), issues.join('; '));
}
