/** Search tokens for the `*tokens` multiEntry index. The real tokenizer (jieba) is injected. */
import type { Annotation } from '../annotations/types';
import { searchToken } from '../text/search';

export type Tokenizer = (text: string) => string[];

const MAX_TOKENS = 400;
const MAX_TOKEN_LENGTH = 48;
const PUNCT_ONLY = /^[\p{P}\p{S}\p{Z}\s]+$/u;

/** Removes stray spaces between Chinese characters ("工业和信 息化部" → "工业和信息化部"), common in reprints and OCR. */
export function joinHanSpaces(s: string): string {
  return s.replace(/(\p{Script=Han})[\s\u3000]+(?=\p{Script=Han})/gu, '$1');
}

/** Cleans tokenizer output: normalized (searchToken, as stored in the index), no punctuation-only tokens, de-duplicated, bounded. */
export function normalizeTokens(tokens: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const t of tokens) {
    const n = searchToken(t);
    if (!n || PUNCT_ONLY.test(n) || n.length > MAX_TOKEN_LENGTH) continue;
    out.add(n);
    if (out.size >= MAX_TOKENS) break;
  }
  return [...out];
}

/**
 * Fallback tokenizer when jieba is not available (e.g. during the schema upgrade in a context
 * without WASM): CJK runs become overlapping bigrams (a single CJK char stays as itself),
 * Latin/digit runs become lower-cased words.
 */
export const bigramTokenizer: Tokenizer = (text) => {
  const out: string[] = [];
  const re = /(\p{Script=Han}+)|((?:(?!\p{Script=Han})[\p{L}\p{N}])+)/gu;
  for (const m of joinHanSpaces(text).normalize('NFKC').toLowerCase().matchAll(re)) {
    if (m[1]) {
      const chars = [...m[1]];
      if (chars.length === 1) out.push(m[1]);
      for (let i = 0; i + 1 < chars.length; i++) out.push(`${chars[i]}${chars[i + 1]}`);
    } else if (m[2]) out.push(m[2]);
  }
  return out;
};

/** Text of an annotation that search covers: quote, note and tags. */
export function annotationSearchText(a: Pick<Annotation, 'note' | 'tags' | 'target'>): string {
  return [a.target?.quote?.exact ?? '', a.note ?? '', ...(a.tags ?? [])].join('\n');
}

export function computeTokens(tokenize: Tokenizer, a: Pick<Annotation, 'note' | 'tags' | 'target'>): string[] {
  const parts = [a.target?.quote?.exact ?? '', a.note ?? '', ...(a.tags ?? [])];
  const tokens: string[] = [];
  for (const p of parts) if (p) tokens.push(...tokenize(joinHanSpaces(p)));
  // Tags are whole words too, whatever the tokenizer does with them.
  tokens.push(...(a.tags ?? []));
  return normalizeTokens(tokens);
}
