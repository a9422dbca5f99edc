/**
 * Annotations as W3C Web Annotation Data Model objects (https://www.w3.org/TR/annotation-model/).
 *
 * Inside the extension offsets are UTF-16 code units; a W3C TextPositionSelector counts
 * code points (characters). Converting needs the document text: with `text`, the position is
 * exact; without it, the code points before `start` are assumed to be BMP characters (true for
 * nearly all Chinese policy text, wrong only after a supplementary-plane character such as 𠮷).
 * Our own exports also carry the UTF-16 offsets under "pl:utf16", so a Policy Lens round trip
 * is always lossless and foreign tools simply ignore the extra member.
 */
import type { Annotation, HighlightColor } from '../annotations/types';
import { Issues, at, isObject, typeName, ISO_DATETIME, type ValidationIssue } from './validate';

export const PL_NS = 'https://policylens.local/ns#';
export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
export const W3C_CONTEXT: [string, { pl: string }] = [ANNO_CONTEXT, { pl: PL_NS }];
export const COLORS: readonly HighlightColor[] = ['yellow', 'green', 'blue', 'pink', 'purple'];

export interface W3CTextualBody {
  type: 'TextualBody';
  value: string;
  purpose: 'commenting' | 'tagging';
  format?: 'text/plain';
  language?: string;
}

export interface W3CAnnotation {
  '@context': [string, { pl: string }];
  id: string;
  type: 'Annotation';
  motivation: 'commenting' | 'highlighting';
  created: string;
  modified: string;
  body?: W3CTextualBody[];
  target: {
    source: string;
    selector: [
      { type: 'TextQuoteSelector'; exact: string; prefix: string; suffix: string },
      { type: 'TextPositionSelector'; start: number; end: number },
    ];
  };
  'pl:docId': string;
  'pl:color': HighlightColor;
  'pl:utf16': { start: number; end: number };
  'pl:measureId'?: string;
  'pl:measurePath'?: string;
  'pl:deleted'?: true;
}

// ---------------------------------------------------------------- offsets

/** UTF-16 offset → code point offset in `text`. An offset inside a surrogate pair counts the pair as passed. */
export function utf16ToCodePoints(text: string, offset: number): number {
  let cp = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    cp++;
  }
  return cp + Math.max(0, offset - text.length);
}

/** Code point offset → UTF-16 offset in `text`. */
export function codePointsToUtf16(text: string, cp: number): number {
  let i = 0;
  let n = 0;
  while (n < cp && i < text.length) {
    const c = text.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
    n++;
  }
  return i + Math.max(0, cp - n);
}

export function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

// ---------------------------------------------------------------- ids

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function annotationIri(id: string): string {
  if (UUID.test(id)) return `urn:uuid:${id.toLowerCase()}`;
  if (/^[a-z][a-z0-9+.-]*:/i.test(id)) return id; // already an IRI (imported from another tool)
  return `urn:x-policylens:${encodeURIComponent(id)}`;
}

export function idFromIri(iri: string): string {
  const m = /^urn:uuid:(.+)$/i.exec(iri);
  if (m && UUID.test(m[1]!)) return m[1]!.toLowerCase();
  const p = /^urn:x-policylens:(.+)$/.exec(iri);
  if (p) {
    try {
      return decodeURIComponent(p[1]!);
    } catch {
      return iri;
    }
  }
  return iri;
}

// ---------------------------------------------------------------- export

/** One annotation → W3C Web Annotation. `text`: the document text, for exact code-point positions. */
export function toW3C(a: Annotation, text?: string): W3CAnnotation {
  const { start, end } = a.target.position;
  let cpStart: number;
  let cpEnd: number;
  if (typeof text === 'string' && end <= text.length) {
    cpStart = utf16ToCodePoints(text, start);
    cpEnd = utf16ToCodePoints(text, end);
  } else {
    cpStart = start;
    cpEnd = start + (a.target.quote.exact.length === end - start ? codePointLength(a.target.quote.exact) : end - start);
  }
  const body: W3CTextualBody[] = [];
  if (a.note) body.push({ type: 'TextualBody', value: a.note, purpose: 'commenting', format: 'text/plain', language: 'zh' });
  for (const t of a.tags) body.push({ type: 'TextualBody', value: t, purpose: 'tagging' });
  const out: W3CAnnotation = {
    '@context': [ANNO_CONTEXT, { pl: PL_NS }],
    id: annotationIri(a.id),
    type: 'Annotation',
    motivation: a.note ? 'commenting' : 'highlighting',
    created: a.created,
    modified: a.modified,
    ...(body.length ? { body } : {}),
    target: {
      source: a.target.source,
      selector: [
        { type: 'TextQuoteSelector', exact: a.target.quote.exact, prefix: a.target.quote.prefix, suffix: a.target.quote.suffix },
        { type: 'TextPositionSelector', start: cpStart, end: cpEnd },
      ],
    },
    'pl:docId': a.docId,
    'pl:color': a.color,
    'pl:utf16': { start, end },
  };
  if (a.target.measureId) out['pl:measureId'] = a.target.measureId;
  if (a.target.measurePath) out['pl:measurePath'] = a.target.measurePath;
  if (a.deleted) out['pl:deleted'] = true;
  return out;
}

// ---------------------------------------------------------------- import

export interface FromW3COptions {
  /** Document text, to convert code-point positions of foreign annotations exactly. */
  text?: string;
  /** Document id to use when the object has no "pl:docId" (default: from target.source). */
  docId?: string;
  /** Timestamp for missing created/modified. */
  now?: string;
}

/** Document id for annotations imported from a plain W3C list: derived from the target source URL. */
export function docIdForSource(source: string): string {
  return `url:${source}`;
}

function asArray(v: unknown): unknown[] {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}

function simpleHash(s: string): string {
  // FNV-1a 32 bit, twice with different seeds → 16 hex chars (stable ids for id-less imports).
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}

/**
 * Reads one W3C annotation (ours or another tool's: Hypothesis, Recogito, …) into an Annotation,
 * adding issues under `path` instead of throwing. Returns null when it cannot be used.
 * Note bodies are kept as literal text whatever their `format` (HTML is never interpreted).
 */
export function readW3C(v: unknown, path: string, issues: Issues, opts: FromW3COptions = {}): Annotation | null {
  const before = issues.count;
  if (!isObject(v)) {
    issues.add(path, `应为批注对象 / expected an Annotation object, got ${typeName(v)}`);
    return null;
  }
  const types = asArray(v.type);
  if (!types.includes('Annotation') && !types.includes('oa:Annotation'))
    issues.add(at(path, 'type'), `应为 "Annotation" / expected type "Annotation", got ${JSON.stringify(v.type)?.slice(0, 40)}`);

  // target: object | [object] | IRI string
  const targets = asArray(v.target);
  const tIndex = targets.findIndex((t) => isObject(t));
  const target = tIndex >= 0 ? (targets[tIndex] as Record<string, unknown>) : undefined;
  const tPath = Array.isArray(v.target) ? at(at(path, 'target'), Math.max(tIndex, 0)) : at(path, 'target');
  if (!target) {
    issues.add(tPath, '缺少带选择器的目标 / target with a selector is required (a bare IRI cannot be anchored)');
    return null;
  }
  const source = target.source;
  if (typeof source !== 'string' || !source) issues.add(at(tPath, 'source'), '缺少来源网址 / target.source (document URL) is required');

  const selectors = asArray(target.selector);
  const sPath = at(tPath, 'selector');
  let quote: { exact: string; prefix: string; suffix: string } | null = null;
  let pos: { start: number; end: number } | null = null;
  selectors.forEach((s, i) => {
    const p = Array.isArray(target.selector) ? at(sPath, i) : sPath;
    if (!isObject(s)) return issues.add(p, `应为选择器对象 / expected a selector object, got ${typeName(s)}`);
    if (s.type === 'TextQuoteSelector') {
      if (typeof s.exact !== 'string' || !s.exact) issues.add(at(p, 'exact'), '引文不能为空 / exact must be a non-empty string');
      for (const k of ['prefix', 'suffix'] as const)
        if (s[k] !== undefined && typeof s[k] !== 'string') issues.add(at(p, k), `应为字符串 / expected a string, got ${typeName(s[k])}`);
      if (typeof s.exact === 'string' && s.exact)
        quote = { exact: s.exact, prefix: typeof s.prefix === 'string' ? s.prefix : '', suffix: typeof s.suffix === 'string' ? s.suffix : '' };
    } else if (s.type === 'TextPositionSelector') {
      let ok = true;
      for (const k of ['start', 'end'] as const) {
        const n = s[k];
        if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
          issues.add(at(p, k), `应为非负整数 / expected a non-negative integer, got ${JSON.stringify(n)?.slice(0, 20)}`);
          ok = false;
        }
      }
      if (ok && (s.end as number) < (s.start as number)) {
        issues.add(at(p, 'end'), `结束位置小于开始位置 / end (${String(s.end)}) is before start (${String(s.start)})`);
        ok = false;
      }
      if (ok) pos = { start: s.start as number, end: s.end as number };
    }
    // other selector types (XPath, CSS, Range…) are ignored
  });
  if (!quote) issues.add(sPath, '需要 TextQuoteSelector / a TextQuoteSelector is required to re-attach the annotation');

  // our UTF-16 offsets win when present and consistent
  const u = v['pl:utf16'];
  let utf16: { start: number; end: number } | null = null;
  if (u !== undefined) {
    if (isObject(u) && Number.isInteger(u.start) && Number.isInteger(u.end) && (u.start as number) >= 0 && (u.end as number) >= (u.start as number))
      utf16 = { start: u.start as number, end: u.end as number };
    else issues.add(at(path, 'pl:utf16'), '应为 {start, end} 非负整数 / expected {start, end} non-negative integers');
  }

  // bodies
  let note = '';
  const tags: string[] = [];
  const bodies = asArray(v.body);
  const bPath = at(path, 'body');
  bodies.forEach((b, i) => {
    const p = Array.isArray(v.body) ? at(bPath, i) : bPath;
    if (typeof b === 'string') return; // an IRI body: nothing we can show
    if (!isObject(b)) return issues.add(p, `应为正文对象 / expected a body object, got ${typeName(b)}`);
    if (b.value === undefined) return; // SpecificResource etc.
    if (typeof b.value !== 'string') return issues.add(at(p, 'value'), `应为字符串 / expected a string, got ${typeName(b.value)}`);
    const purposes = asArray(b.purpose);
    if (purposes.includes('tagging')) {
      const t = b.value.trim();
      if (t && !tags.includes(t)) tags.push(t);
    } else note = note ? `${note}\n\n${b.value}` : b.value;
  });
  if (typeof v.bodyValue === 'string') note = note ? `${note}\n\n${v.bodyValue}` : v.bodyValue;

  // our namespace
  const color = v['pl:color'] ?? 'yellow';
  if (!COLORS.includes(color as HighlightColor)) issues.add(at(path, 'pl:color'), `颜色应为 ${COLORS.join('/')} / color must be one of ${COLORS.join(', ')}`);
  for (const k of ['pl:docId', 'pl:measureId', 'pl:measurePath'] as const)
    if (v[k] !== undefined && v[k] !== null && typeof v[k] !== 'string') issues.add(at(path, k), `应为字符串 / expected a string, got ${typeName(v[k])}`);
  if (v['pl:deleted'] !== undefined && typeof v['pl:deleted'] !== 'boolean') issues.add(at(path, 'pl:deleted'), '应为 true/false / expected a boolean');

  for (const k of ['created', 'modified'] as const)
    if (v[k] !== undefined && (typeof v[k] !== 'string' || !ISO_DATETIME.test(v[k] as string)))
      issues.add(at(path, k), `应为 ISO 8601 时间 / expected an ISO 8601 date-time, got ${JSON.stringify(v[k])?.slice(0, 40)}`);
  if (v.id !== undefined && (typeof v.id !== 'string' || !v.id)) issues.add(at(path, 'id'), '应为非空字符串 / id must be a non-empty string');

  if (issues.count > before || !quote || typeof source !== 'string') return null;
  const q: { exact: string; prefix: string; suffix: string } = quote;

  let start: number;
  let end: number;
  if (utf16) ({ start, end } = utf16);
  else if (pos) {
    const p: { start: number; end: number } = pos;
    if (opts.text !== undefined) {
      start = codePointsToUtf16(opts.text, p.start);
      end = codePointsToUtf16(opts.text, p.end);
    } else {
      start = p.start;
      end = p.start + (p.end - p.start === codePointLength(q.exact) ? q.exact.length : p.end - p.start);
    }
  } else {
    start = 0; // no position: anchoring falls back to the quote
    end = q.exact.length;
  }

  const now = opts.now ?? new Date().toISOString();
  const created = typeof v.created === 'string' ? v.created : typeof v.modified === 'string' ? v.modified : now;
  const modified = typeof v.modified === 'string' ? v.modified : created;
  const id =
    typeof v.id === 'string' && v.id ? idFromIri(v.id) : `import-${simpleHash(`${source}\u0000${q.exact}\u0000${start}\u0000${note}`)}`;
  const docId = typeof v['pl:docId'] === 'string' && v['pl:docId'] ? v['pl:docId'] : opts.docId ?? docIdForSource(source);

  const a: Annotation = {
    id,
    docId,
    target: {
      source,
      quote: { type: 'TextQuoteSelector', exact: q.exact, prefix: q.prefix, suffix: q.suffix },
      position: { type: 'TextPositionSelector', start, end },
      measureId: typeof v['pl:measureId'] === 'string' ? v['pl:measureId'] : null,
      measurePath: typeof v['pl:measurePath'] === 'string' ? v['pl:measurePath'] : null,
    },
    color: color as HighlightColor,
    note,
    tags,
    created,
    modified,
  };
  if (v['pl:deleted'] === true) a.deleted = true;
  return a;
}

export class W3CImportError extends Error {
  readonly errors: ValidationIssue[];
  constructor(errors: ValidationIssue[]) {
    super(errors.map((e) => `${e.path || '(root)'}: ${e.message}`).join('; '));
    this.name = 'W3CImportError';
    this.errors = errors;
  }
}

/** One W3C annotation → Annotation; throws W3CImportError (with field paths) when unusable. */
export function fromW3C(obj: unknown, opts: FromW3COptions = {}): Annotation {
  const issues = new Issues();
  const a = readW3C(obj, '', issues, opts);
  if (!a) throw new W3CImportError(issues.result());
  return a;
}
