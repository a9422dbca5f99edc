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
import { DEFAULT_HIGHLIGHT_COLOR, HIGHLIGHT_COLORS, isHighlightColor, type Annotation, type HighlightColor } from '../annotations/types';
import { at, issue, ISO_DATE_TIME, shown, typeName, type SchemaIssue } from '../schema';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const PL_NS = 'https://policylens.local/ns#';
const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';

interface W3CTextualBody {
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
    selector: [{ type: 'TextQuoteSelector'; exact: string; prefix: string; suffix: string }, { type: 'TextPositionSelector'; start: number; end: number }];
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

function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

// ---------------------------------------------------------------- ids

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function annotationIri(id: string): string {
  if (UUID.test(id)) return `urn:uuid:${id.toLowerCase()}`;
  if (/^[a-z][a-z0-9+.-]*:/i.test(id)) return id; // already an IRI (imported from another tool)
  return `urn:x-policylens:${encodeURIComponent(id)}`;
}

function idFromIri(iri: string): string {
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
function docIdForSource(source: string): string {
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

/** What reading one W3C object gave: the annotation (null when unusable) and what was wrong with it. */
export interface ReadW3CResult {
  annotation: Annotation | null;
  /** With an annotation: what was repaired to make it (a colour → yellow, a bad date → the other one …). Without: why it cannot be used. */
  issues: SchemaIssue[];
}

/**
 * Reads one W3C annotation (ours or another tool's: Hypothesis, Recogito, …) into an Annotation.
 * Lenient where a default keeps the meaning (an unknown colour is yellow, a bad `created` is
 * `modified` or `now`, a bad position is dropped for the quote to re-attach), and says so in
 * `issues`; null when the object cannot be re-attached (no target with a TextQuoteSelector, no
 * source). Paths in issues are relative to the object. Note bodies are kept as literal text
 * whatever their `format` (HTML is never interpreted). The result still goes through
 * lib/schema's check before it is stored.
 */
export function readW3C(v: unknown, opts: FromW3COptions = {}): ReadW3CResult {
  const fatal: SchemaIssue[] = [];
  const repaired: SchemaIssue[] = [];
  if (!isRecord(v)) return { annotation: null, issues: [issue('', 'schemaErr_type', 'object', typeName(v))] };
  const types = asArray(v.type);
  if (!types.includes('Annotation') && !types.includes('oa:Annotation')) fatal.push(issue('type', 'schemaErr_enum', 'Annotation', shown(v.type)));

  // target: object | [object] | IRI string
  const targets = asArray(v.target);
  const tIndex = targets.findIndex((t) => isRecord(t));
  const target = tIndex >= 0 ? (targets[tIndex] as Record<string, unknown>) : undefined;
  const tPath = Array.isArray(v.target) ? at('target', Math.max(tIndex, 0)) : 'target';
  if (!target) return { annotation: null, issues: [...fatal, issue(tPath, 'schemaErr_noTarget')] };
  const source = target.source;
  if (typeof source !== 'string' || !source) fatal.push(issue(at(tPath, 'source'), 'schemaErr_required'));

  const selectors = asArray(target.selector);
  const sPath = at(tPath, 'selector');
  let quote: { exact: string; prefix: string; suffix: string } | null = null;
  let pos: { start: number; end: number } | null = null;
  selectors.forEach((s, i) => {
    const p = Array.isArray(target.selector) ? at(sPath, i) : sPath;
    if (!isRecord(s)) return void repaired.push(issue(p, 'schemaErr_type', 'object', typeName(s)));
    if (s.type === 'TextQuoteSelector') {
      if (typeof s.exact !== 'string' || !s.exact) return void fatal.push(issue(at(p, 'exact'), 'schemaErr_empty'));
      for (const k of ['prefix', 'suffix'] as const)
        if (s[k] !== undefined && typeof s[k] !== 'string') repaired.push(issue(at(p, k), 'schemaErr_type', 'string', typeName(s[k])));
      quote ??= { exact: s.exact, prefix: typeof s.prefix === 'string' ? s.prefix : '', suffix: typeof s.suffix === 'string' ? s.suffix : '' };
    } else if (s.type === 'TextPositionSelector') {
      const bad = (['start', 'end'] as const).filter((k) => !Number.isInteger(s[k]) || (s[k] as number) < 0);
      for (const k of bad) repaired.push(issue(at(p, k), 'schemaErr_minimum', '0', shown(s[k])));
      if (bad.length) return;
      if ((s.end as number) < (s.start as number)) return void repaired.push(issue(at(p, 'end'), 'schemaErr_positionOrder', String(s.start), String(s.end)));
      pos ??= { start: s.start as number, end: s.end as number };
    }
    // other selector types (XPath, CSS, Range…) are ignored
  });
  if (!quote && !fatal.some((i) => i.path.startsWith(sPath))) fatal.push(issue(sPath, 'schemaErr_noQuote'));

  // our UTF-16 offsets win when present and consistent
  const u = v['pl:utf16'];
  let utf16: { start: number; end: number } | null = null;
  if (u !== undefined) {
    if (isRecord(u) && Number.isInteger(u.start) && Number.isInteger(u.end) && (u.start as number) >= 0 && (u.end as number) >= (u.start as number))
      utf16 = { start: u.start as number, end: u.end as number };
    else repaired.push(issue(at('', 'pl:utf16'), 'schemaErr_invalid', shown(u)));
  }

  // bodies
  let note = '';
  const tags: string[] = [];
  const bodies = asArray(v.body);
  bodies.forEach((b, i) => {
    const p = Array.isArray(v.body) ? at('body', i) : 'body';
    if (typeof b === 'string') return; // an IRI body: nothing we can show
    if (!isRecord(b)) return void repaired.push(issue(p, 'schemaErr_type', 'object', typeName(b)));
    if (b.value === undefined) return; // SpecificResource etc.
    if (typeof b.value !== 'string') return void repaired.push(issue(at(p, 'value'), 'schemaErr_type', 'string', typeName(b.value)));
    const purposes = asArray(b.purpose);
    if (purposes.includes('tagging')) {
      const t = b.value.trim();
      if (t && !tags.includes(t)) tags.push(t);
    } else note = note ? `${note}\n\n${b.value}` : b.value;
  });
  if (typeof v.bodyValue === 'string') note = note ? `${note}\n\n${v.bodyValue}` : v.bodyValue;

  // our namespace
  let color: HighlightColor = DEFAULT_HIGHLIGHT_COLOR;
  if (v['pl:color'] !== undefined) {
    if (isHighlightColor(v['pl:color'])) color = v['pl:color'];
    else repaired.push(issue(at('', 'pl:color'), 'schemaErr_enum', HIGHLIGHT_COLORS.join(' | '), shown(v['pl:color'])));
  }
  const str = (k: 'pl:docId' | 'pl:measureId' | 'pl:measurePath'): string | null => {
    const x = v[k];
    if (x === undefined || x === null) return null;
    if (typeof x === 'string') return x;
    repaired.push(issue(at('', k), 'schemaErr_type', 'string', typeName(x)));
    return null;
  };
  const plDocId = str('pl:docId');
  const measureId = str('pl:measureId');
  const measurePath = str('pl:measurePath');
  if (v['pl:deleted'] !== undefined && typeof v['pl:deleted'] !== 'boolean')
    repaired.push(issue(at('', 'pl:deleted'), 'schemaErr_type', 'boolean', typeName(v['pl:deleted'])));

  const date = (k: 'created' | 'modified'): string | null => {
    const x = v[k];
    if (x === undefined) return null;
    if (typeof x === 'string' && ISO_DATE_TIME.test(x) && !Number.isNaN(Date.parse(x))) return x;
    repaired.push(issue(k, 'schemaErr_dateTime', shown(x)));
    return null;
  };
  const createdIn = date('created');
  const modifiedIn = date('modified');
  let givenId: string | null = null;
  if (v.id !== undefined) {
    if (typeof v.id === 'string' && v.id) givenId = idFromIri(v.id);
    else repaired.push(issue('id', 'schemaErr_empty'));
  }

  if (fatal.length || !quote || typeof source !== 'string') return { annotation: null, issues: fatal };
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
  const created = createdIn ?? modifiedIn ?? now;
  const modified = modifiedIn ?? created;
  const id = givenId ?? `import-${simpleHash(`${source}\u0000${q.exact}\u0000${start}\u0000${note}`)}`;
  const docId = plDocId || (opts.docId ?? docIdForSource(source));

  const a: Annotation = {
    id,
    docId,
    target: {
      source,
      quote: { type: 'TextQuoteSelector', exact: q.exact, prefix: q.prefix, suffix: q.suffix },
      position: { type: 'TextPositionSelector', start, end },
      measureId,
      measurePath,
    },
    color,
    note,
    tags,
    created,
    modified,
  };
  if (v['pl:deleted'] === true) a.deleted = true;
  return { annotation: a, issues: repaired };
}

export class W3CImportError extends Error {
  readonly issues: SchemaIssue[];
  constructor(issues: SchemaIssue[]) {
    super(issues.map((i) => `${i.path || '(root)'}: ${i.key}${i.subs.length ? ` ${i.subs.join(', ')}` : ''}`).join('; '));
    this.name = 'W3CImportError';
    this.issues = issues;
  }
}

/** One W3C annotation → Annotation (repaired where a default keeps the meaning); throws W3CImportError when unusable. */
export function fromW3C(obj: unknown, opts: FromW3COptions = {}): Annotation {
  const r = readW3C(obj, opts);
  if (!r.annotation) throw new W3CImportError(r.issues);
  return r.annotation;
}
