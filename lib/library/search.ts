/**
 * Full-text search over the kept documents' stored texts (lib/store `sources`), in two ways an
 * analyst means a Chinese query: the phrase as typed (a substring: Chinese has no spaces to split
 * on), and — when the phrase is not there — every word of it (the words jieba cuts it into, or
 * the parts the analyst separated with spaces), anywhere in the document. Pure: texts, the query
 * and its words in; per document, how it matched and a line of context out.
 */

export interface TextHit {
  /** The phrase itself (true), or all its words (false). */
  phrase: boolean;
  /** The context of the first match: before, the match, after (plain text; the page draws it). */
  snippet: [string, string, string];
}

const BEFORE = 18;
const AFTER = 36;
/** Punctuation and spaces are no words. */
const WORDLESS = /^[\s\p{P}\p{S}]*$/u;

const flat = (s: string) => s.replace(/\s+/g, ' ');

function snippetAt(text: string, at: number, length: number): TextHit['snippet'] {
  const from = Math.max(0, at - BEFORE);
  return [
    (from > 0 ? '…' : '') + flat(text.slice(from, at)),
    flat(text.slice(at, at + length)),
    flat(text.slice(at + length, at + length + AFTER)) + (at + length + AFTER < text.length ? '…' : ''),
  ];
}

/** The words a query is searched by: the analyst's space-separated parts, each cut by `cut` (jieba) when given; duplicates and punctuation dropped. */
export function queryWords(query: string, cut?: (s: string) => string[]): string[] {
  const parts = query.trim().split(/\s+/).filter(Boolean);
  const words = parts.flatMap((p) => (cut ? cut(p) : [p])).filter((w) => !WORDLESS.test(w));
  return [...new Set(words)];
}

export function searchTexts(texts: Iterable<{ docId: string; text: string }>, query: string, words: readonly string[]): Map<string, TextHit> {
  const phrase = query.trim();
  const out = new Map<string, TextHit>();
  if (!phrase) return out;
  for (const { docId, text } of texts) {
    const at = text.indexOf(phrase);
    if (at >= 0) {
      out.set(docId, { phrase: true, snippet: snippetAt(text, at, phrase.length) });
      continue;
    }
    if (words.length < 2 || !words.every((w) => text.includes(w))) continue;
    const first = words.map((w) => [text.indexOf(w), w.length] as const).sort((a, b) => a[0] - b[0])[0]!;
    out.set(docId, { phrase: false, snippet: snippetAt(text, first[0], first[1]) });
  }
  return out;
}
