/**
 * Clamping: what a record may be shortened to before the schema check, where shortening keeps
 * its meaning. The store clamps every write and the importer repairs with the same functions,
 * so a value the store accepted always exports and imports back.
 *
 * - Quote context (prefix / suffix) only helps re-attach the quote: whitespace runs collapse to
 *   one space and the 64 characters next to the quote are kept.
 * - Tags: trimmed, empty ones dropped, duplicates dropped, each at most 100 characters, 50 tags.
 * - Document titles and metadata: trimmed, cut at their caps.
 * - Lists of URLs / hashes: the most recent last, the last 50 / 20 kept.
 * The quote itself, a note and a URL are never cut: too long is refused by the schema.
 * Pure functions; none mutates its argument.
 */
import type { Annotation, DocumentRecord } from '../annotations/types';

const CONTEXT_CHARS = 64;
const MAX_TAGS = 50;
const MAX_TAG_CHARS = 100;
const MAX_URLS = 50;
const MAX_HASHES = 20;
const MAX_TITLE_CHARS = 1000;
export const MAX_DOC_NUMBER_CHARS = 200;
export const MAX_ISSUER_CHARS = 500;

/** The first `n` characters (code points: a surrogate pair is never split). */
function headChars(s: string, n: number): string {
  if (s.length <= n) return s;
  const cut = s.slice(0, n);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

/** The last `n` UTF-16 units, never starting inside a surrogate pair. */
function tailChars(s: string, n: number): string {
  if (s.length <= n) return s;
  const cut = s.slice(s.length - n);
  const first = cut.charCodeAt(0);
  return first >= 0xdc00 && first <= 0xdfff ? cut.slice(1) : cut;
}

const WS_RUN = /[\s\u3000]+/gu;

function clampPrefix(prefix: string): string {
  return tailChars(prefix.replace(WS_RUN, ' '), CONTEXT_CHARS);
}

function clampSuffix(suffix: string): string {
  return headChars(suffix.replace(WS_RUN, ' '), CONTEXT_CHARS);
}

export function clampTags(tags: readonly unknown[]): string[] {
  const out: string[] = [];
  for (const t of tags) {
    if (typeof t !== 'string') continue;
    const v = headChars(t.trim(), MAX_TAG_CHARS).trim();
    if (v && !out.includes(v)) out.push(v);
    if (out.length >= MAX_TAGS) break;
  }
  return out;
}

/** Keeps the last `max` distinct items, in order, the later occurrence winning. */
function lastDistinct<T>(items: readonly T[], max: number): T[] {
  const seen = new Set<T>();
  const out: T[] = [];
  for (let i = items.length - 1; i >= 0 && out.length < max; i--) {
    const x = items[i]!;
    if (seen.has(x)) continue;
    seen.add(x);
    out.push(x);
  }
  return out.reverse();
}

function clampText(s: string, max: number): string {
  return headChars(s.replace(WS_RUN, ' ').trim(), max).trim();
}

export function clampTitle(title: string): string {
  return clampText(title, MAX_TITLE_CHARS);
}

export function clampMeta(v: string | null | undefined, max: number): string | null {
  if (typeof v !== 'string') return null;
  const s = clampText(v, max);
  return s || null;
}

/** An annotation as the store keeps it. Members of the wrong type are left for the schema to name. */
export function clampAnnotation(a: Annotation): Annotation {
  const q = a.target?.quote;
  const quote = q && typeof q.prefix === 'string' && typeof q.suffix === 'string' ? { ...q, prefix: clampPrefix(q.prefix), suffix: clampSuffix(q.suffix) } : q;
  return {
    ...a,
    target: a.target ? { ...a.target, quote } : a.target,
    tags: Array.isArray(a.tags) ? clampTags(a.tags) : a.tags,
  };
}

/** A document record as the store keeps it: trimmed metadata, the last URLs and hashes. */
export function clampDocument(d: DocumentRecord): DocumentRecord {
  return {
    ...d,
    urls: Array.isArray(d.urls)
      ? lastDistinct(
          d.urls.filter((u) => u !== d.url),
          MAX_URLS,
        )
      : d.urls,
    hashes: Array.isArray(d.hashes) ? lastDistinct(d.hashes, MAX_HASHES) : d.hashes,
    title: typeof d.title === 'string' ? clampTitle(d.title) : d.title,
    docNumber: typeof d.docNumber === 'string' ? clampMeta(d.docNumber, MAX_DOC_NUMBER_CHARS) : d.docNumber,
    issuer: typeof d.issuer === 'string' ? clampMeta(d.issuer, MAX_ISSUER_CHARS) : d.issuer,
  };
}
