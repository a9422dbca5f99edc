/**
 * Validated import of Policy Lens exports and of plain W3C annotation lists.
 *
 * parseImport never throws on bad input: it returns `{ ok: false, errors: [{ path, message }] }`
 * naming the record and field. Size is checked before parsing; JSON.parse runs with a reviver
 * that drops `__proto__`, `constructor` and `prototype` keys; notes stay literal text.
 * applyImport writes everything in ONE Dexie transaction (all or nothing).
 */
import type { Annotation, DocumentRecord, MeasureNote } from '../annotations/types';
import type { PolicyModel } from '../analysis/types';
import { PolicyLensDb } from '../store/db';
import { withRetry, StorageError } from '../store/errors';
import { sameJson, toPublicAnnotation, toStoredAnnotation, validateAnnotation } from '../store/repo';
import { EXPORT_FORMAT, EXPORT_VERSION } from './json';
import { documentRecordV, measureNoteV, policyModelV } from './model-schema';
import { Issues, at, isObject, typeName, type ValidationIssue } from './validate';
import { docIdForSource, readW3C } from './w3c';

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;

export interface ImportDocument {
  document: DocumentRecord;
  /** True for a document made up from an annotation's target.source (plain W3C import). */
  stub: boolean;
  analysis: PolicyModel | null;
  annotations: Annotation[];
  measureNotes: MeasureNote[];
}

export interface ImportData {
  /** What the file was. */
  source: 'policy-lens-export' | 'w3c';
  exported: string | null;
  extensionVersion: string | null;
  documents: ImportDocument[];
}

export type ParseResult = { ok: true; data: ImportData } | { ok: false; errors: ValidationIssue[] };

export interface ParseOptions {
  maxBytes?: number;
  /** Timestamp for stub documents and annotations without dates (default: now). */
  now?: string;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** JSON.parse reviver: drops keys that could pollute prototypes if the data were merged later. */
export function safeReviver(this: unknown, key: string, value: unknown): unknown {
  return FORBIDDEN_KEYS.has(key) ? undefined : value;
}

export function utf8Length(s: string): number {
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

function fail(path: string, message: string): ParseResult {
  return { ok: false, errors: [{ path, message }] };
}

function mib(n: number): string {
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

function lineCol(text: string, pos: number): { line: number; col: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < pos && i < text.length; i++) if (text.charCodeAt(i) === 10) ((line += 1), (last = i));
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
    return fail('', `文件不完整：内容在第 ${line} 行第 ${col} 列（第 ${pos} 个字符）处中断，可能下载或复制时被截断 / the file is truncated: JSON ends unexpectedly at line ${line}, column ${col} (character ${pos})`);
  }
  if (pos !== null) {
    const { line, col } = lineCol(text, pos);
    const near = JSON.stringify(text.slice(Math.max(0, pos - 10), pos + 10));
    return fail('', `不是有效的 JSON：第 ${line} 行第 ${col} 列（第 ${pos} 个字符）附近有错误 ${near} / not valid JSON at line ${line}, column ${col} (character ${pos}) near ${near}: ${msg}`);
  }
  return fail('', `不是有效的 JSON / not valid JSON: ${msg}`);
}

/**
 * Parses and validates an import file (string or bytes). Accepts our envelope, a JSON array of
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
    if (size > maxBytes) return fail('', `文件过大（${mib(size)}，上限 ${mib(maxBytes)}），未读取 / file too large (${mib(size)}; limit ${mib(maxBytes)}), not read`);
    text = input;
  } else {
    const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
    if (bytes.byteLength > maxBytes)
      return fail('', `文件过大（${mib(bytes.byteLength)}，上限 ${mib(maxBytes)}），未读取 / file too large (${mib(bytes.byteLength)}; limit ${mib(maxBytes)}), not read`);
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
      if (cutMidCharacter)
        return fail('', `文件不完整：在第 ${bytes.byteLength} 个字节处中断（截断在一个字符中间），可能下载或复制时被截断 / the file is truncated: it ends in the middle of a character at byte ${bytes.byteLength}`);
      return fail('', '文件不是 UTF-8 编码的文本 / the file is not UTF-8 text');
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (!text.trim()) return fail('', '文件为空 / the file is empty');

  let root: unknown;
  try {
    root = JSON.parse(text, safeReviver);
  } catch (e) {
    return jsonError(text, e);
  }

  if (isObject(root) && 'format' in root) {
    if (root.format !== EXPORT_FORMAT)
      return fail('format', `不支持的格式 ${JSON.stringify(root.format)?.slice(0, 60)}，应为 "${EXPORT_FORMAT}" / unsupported format, expected "${EXPORT_FORMAT}"`);
    if (root.version !== EXPORT_VERSION)
      return fail('version', `不支持的版本 ${JSON.stringify(root.version)?.slice(0, 20)}（本扩展读取版本 ${EXPORT_VERSION}）${typeof root.version === 'number' && root.version > EXPORT_VERSION ? '，请更新扩展' : ''} / unsupported version ${JSON.stringify(root.version)?.slice(0, 20)}; this extension reads version ${EXPORT_VERSION}`);
    return parseEnvelope(root, now);
  }
  const list = w3cItems(root);
  if (list) return parseW3CList(list.items, list.path, now);
  return fail('', `无法识别的文件：既不是 Policy Lens 导出，也不是 W3C 批注列表（根为 ${typeName(root)}）/ not a Policy Lens export nor a W3C annotation list (root is ${typeName(root)})`);
}

function w3cItems(root: unknown): { items: unknown[]; path: string } | null {
  if (Array.isArray(root)) return { items: root, path: '' };
  if (!isObject(root)) return null;
  const type = Array.isArray(root.type) ? root.type : [root.type];
  if (type.includes('Annotation')) return { items: [root], path: '' };
  if (type.includes('AnnotationPage') && Array.isArray(root.items)) return { items: root.items, path: 'items' };
  if (type.includes('AnnotationCollection')) {
    if (isObject(root.first) && Array.isArray(root.first.items)) return { items: root.first.items, path: 'first.items' };
    if (Array.isArray(root.items)) return { items: root.items, path: 'items' };
    return { items: [], path: 'first' };
  }
  return null;
}

function parseEnvelope(root: Record<string, unknown>, now: string): ParseResult {
  const issues = new Issues();
  if (typeof root.exported !== 'string') issues.add('exported', '缺少导出时间 / exported (ISO date-time) is required');
  if (root.extensionVersion !== undefined && typeof root.extensionVersion !== 'string')
    issues.add('extensionVersion', `应为字符串 / expected a string, got ${typeName(root.extensionVersion)}`);
  if (!Array.isArray(root.documents)) {
    issues.add('documents', `应为数组 / expected an array, got ${typeName(root.documents)}`);
    return { ok: false, errors: issues.result() };
  }
  const out: ImportDocument[] = [];
  const seenDocs = new Set<string>();
  const seenAnns = new Set<string>();
  const seenNotes = new Set<string>();
  root.documents.forEach((entry, di) => {
    const p = at('documents', di);
    if (!isObject(entry)) return issues.add(p, `应为对象 / expected an object, got ${typeName(entry)}`);
    const before = issues.count;
    documentRecordV(entry.document, at(p, 'document'), issues);
    if (entry.analysis !== null && entry.analysis !== undefined) policyModelV(entry.analysis, at(p, 'analysis'), issues);
    for (const k of ['annotations', 'measureNotes'] as const)
      if (!Array.isArray(entry[k])) issues.add(at(p, k), `应为数组 / expected an array, got ${typeName(entry[k])}`);
    if (issues.count > before) return;
    const doc = entry.document as DocumentRecord;
    if (seenDocs.has(doc.id)) issues.add(at(at(p, 'document'), 'id'), `文档 id 重复 / duplicate document id ${JSON.stringify(doc.id)}`);
    seenDocs.add(doc.id);

    const anns: Annotation[] = [];
    (entry.annotations as unknown[]).forEach((raw, ai) => {
      const ap = at(at(p, 'annotations'), ai);
      const a = readW3C(raw, ap, issues, { docId: doc.id, now });
      if (!a) return;
      if (a.docId !== doc.id) return issues.add(at(ap, 'pl:docId'), `与所属文档 ${JSON.stringify(doc.id)} 不一致 / does not match its document id`);
      if (seenAnns.has(a.id)) return issues.add(at(ap, 'id'), `批注 id 重复 / duplicate annotation id ${JSON.stringify(a.id)}`);
      seenAnns.add(a.id);
      anns.push(a);
    });
    const notes: MeasureNote[] = [];
    (entry.measureNotes as unknown[]).forEach((raw, ni) => {
      const np = at(at(p, 'measureNotes'), ni);
      const b = issues.count;
      measureNoteV(raw, np, issues);
      if (issues.count > b) return;
      const n = raw as MeasureNote;
      if (n.docId !== doc.id) return issues.add(at(np, 'docId'), `与所属文档 ${JSON.stringify(doc.id)} 不一致 / does not match its document id`);
      if (n.id !== `${n.docId}#${n.measureId}`) return issues.add(at(np, 'id'), `应为 "${n.docId}#${n.measureId}" / must be docId#measureId`);
      if (seenNotes.has(n.id)) return issues.add(at(np, 'id'), `措施批注 id 重复 / duplicate measure note id`);
      seenNotes.add(n.id);
      notes.push(pickNote(n));
    });
    out.push({
      document: pickDocument(doc),
      stub: false,
      analysis: (entry.analysis as PolicyModel | null | undefined) ?? null,
      annotations: anns,
      measureNotes: notes,
    });
  });
  if (issues.count) return { ok: false, errors: issues.result() };
  return {
    ok: true,
    data: {
      source: 'policy-lens-export',
      exported: root.exported as string,
      extensionVersion: typeof root.extensionVersion === 'string' ? root.extensionVersion : null,
      documents: out,
    },
  };
}

function parseW3CList(items: unknown[], basePath: string, now: string): ParseResult {
  const issues = new Issues();
  const byDoc = new Map<string, ImportDocument>();
  const seen = new Set<string>();
  items.forEach((raw, i) => {
    const p = basePath ? at(basePath, i) : `[${i}]`;
    const a = readW3C(raw, p, issues, { now });
    if (!a) return;
    if (seen.has(a.id)) return issues.add(at(p, 'id'), `批注 id 重复 / duplicate annotation id ${JSON.stringify(a.id)}`);
    seen.add(a.id);
    let d = byDoc.get(a.docId);
    if (!d) {
      const url = a.target.source;
      d = {
        document: { id: a.docId, url, urls: [], title: '', docNumber: null, issuer: null, date: null, fingerprint: '', created: now, modified: now },
        stub: a.docId === docIdForSource(url),
        analysis: null,
        annotations: [],
        measureNotes: [],
      };
      byDoc.set(a.docId, d);
    }
    d.annotations.push(a);
  });
  if (issues.count) return { ok: false, errors: issues.result() };
  if (!byDoc.size) return fail(basePath || '', '列表中没有批注 / the list contains no annotations');
  return { ok: true, data: { source: 'w3c', exported: null, extensionVersion: null, documents: [...byDoc.values()] } };
}

/** Copies only the known fields (no stray members reach the database). */
function pickDocument(d: DocumentRecord): DocumentRecord {
  return {
    id: d.id,
    url: d.url,
    urls: [...d.urls],
    title: d.title,
    docNumber: d.docNumber,
    issuer: d.issuer,
    date: d.date,
    fingerprint: d.fingerprint,
    created: d.created,
    modified: d.modified,
  };
}

function pickNote(n: MeasureNote): MeasureNote {
  return { id: n.id, docId: n.docId, measureId: n.measureId, measurePath: n.measurePath, status: n.status, note: n.note, created: n.created, modified: n.modified };
}

// ---------------------------------------------------------------- apply

export interface TableCounts {
  added: number;
  updated: number;
  unchanged: number;
  /** Records that differed but the local copy was newer (kept; included in `unchanged`). */
  keptLocal: number;
}

export interface ImportResult {
  added: number;
  updated: number;
  unchanged: number;
  keptLocal: number;
  byTable: Record<'documents' | 'annotations' | 'measureNotes' | 'analyses', TableCounts>;
  /** Imported document ids that matched a known document by fingerprint or URL: file id → local id. */
  remapped: Record<string, string>;
}

function emptyCounts(): TableCounts {
  return { added: 0, updated: 0, unchanged: 0, keptLocal: 0 };
}

/**
 * Writes validated import data in one transaction across all tables. Ids make re-imports
 * idempotent; when both sides changed a record, the newer `modified` wins.
 */
export async function applyImport(db: PolicyLensDb, data: ImportData): Promise<ImportResult> {
  for (const d of data.documents)
    for (const a of d.annotations) {
      const problem = validateAnnotation(a);
      if (problem) throw new StorageError('invalid', { detail: `${a.id}: ${problem}` });
    }
  return withRetry(
    () =>
      db.transaction('rw', [db.documents, db.annotations, db.measureNotes, db.analyses], async () => {
        const byTable = { documents: emptyCounts(), annotations: emptyCounts(), measureNotes: emptyCounts(), analyses: emptyCounts() };
        const remapped: Record<string, string> = {};

        for (const entry of data.documents) {
          let docId = entry.document.id;
          if (entry.stub) {
            const known =
              (await db.documents.get(docId)) ??
              (await db.documents.where('url').equals(entry.document.url).first()) ??
              (await db.documents.where('urls').equals(entry.document.url).first());
            if (known) {
              if (known.id !== docId) remapped[docId] = known.id;
              docId = known.id;
              byTable.documents.unchanged++;
            } else {
              await db.documents.add(entry.document);
              byTable.documents.added++;
            }
          } else {
            const own = await db.documents.get(docId);
            // The same document may be known locally under another id (e.g. a stub made from a
            // W3C import, or another fingerprint scheme): same fingerprint, else same URL.
            const other = own
              ? undefined
              : ((entry.document.fingerprint ? await db.documents.where('fingerprint').equals(entry.document.fingerprint).first() : undefined) ??
                (await db.documents.where('url').equals(entry.document.url).first()));
            if (other) {
              remapped[docId] = other.id;
              docId = other.id;
              byTable.documents.unchanged++;
            } else {
              const put: DocumentRecord[] = [];
              decide(byTable.documents, own, entry.document, put);
              if (put.length) await db.documents.put(put[0]!);
            }
          }

          const anns = entry.annotations.map((a) => (a.docId === docId ? a : { ...a, docId }));
          const localAnns = await db.annotations.bulkGet(anns.map((a) => a.id));
          const annPuts: Annotation[] = [];
          anns.forEach((a, i) => {
            const l = localAnns[i];
            decide(byTable.annotations, l ? toPublicAnnotation(l) : undefined, a, annPuts);
          });
          if (annPuts.length) await db.annotations.bulkPut(annPuts.map((a) => toStoredAnnotation(db, a)));

          const notes = entry.measureNotes.map((n) => (n.docId === docId ? n : { ...n, docId, id: `${docId}#${n.measureId}` }));
          const localNotes = await db.measureNotes.bulkGet(notes.map((n) => n.id));
          const notePuts: MeasureNote[] = [];
          notes.forEach((n, i) => decide(byTable.measureNotes, localNotes[i], n, notePuts));
          if (notePuts.length) await db.measureNotes.bulkPut(notePuts);

          if (entry.analysis) {
            const local = await db.analyses.get(docId);
            const c = byTable.analyses;
            if (!local) {
              await db.analyses.put({ docId, engine: entry.analysis.engine, recorded: data.exported ?? db.now(), model: entry.analysis });
              c.added++;
            } else if (sameJson(local.model, entry.analysis)) c.unchanged++;
            else {
              // The local cache was computed from the live page: keep it.
              c.unchanged++;
              c.keptLocal++;
            }
          }
        }
        const total = (k: keyof TableCounts) => Object.values(byTable).reduce((s, c) => s + c[k], 0);
        return { added: total('added'), updated: total('updated'), unchanged: total('unchanged'), keptLocal: total('keptLocal'), byTable, remapped };
      }),
    db.retry,
  );
}

/** Newer `modified` wins; records to write are pushed to `out`. */
function decide<T extends { modified: string }>(c: TableCounts, local: T | undefined, incoming: T, out: T[]): void {
  if (!local) {
    out.push(incoming);
    c.added++;
  } else if (sameJson(normalizeForCompare(local), normalizeForCompare(incoming))) c.unchanged++;
  else if (incoming.modified > local.modified) {
    out.push(incoming);
    c.updated++;
  } else {
    c.unchanged++;
    c.keptLocal++;
  }
}

/** null and missing optional members compare equal (measureId: null vs absent). */
function normalizeForCompare(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalizeForCompare);
  if (isObject(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== null && x !== undefined && x !== false) out[k] = normalizeForCompare(x);
    return out;
  }
  return v;
}
