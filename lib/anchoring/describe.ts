import type { TextPositionSelector, TextQuoteSelector } from '../annotations/types';
import { isHighSurrogate, isLowSurrogate, isSpaceCode, snapToCodePoints } from './normalize';

export interface DescribeOptions {
  /** Context kept on each side, counted in non-whitespace code units (default 32). */
  contextLength?: number;
}

export interface DescribedTarget {
  quote: TextQuoteSelector;
  position: TextPositionSelector;
}

const DEFAULT_CONTEXT_LENGTH = 32;

/**
 * Selectors for text[start, end) (UTF-16 offsets into the text model's text).
 *
 * - The range is widened so it never splits a surrogate pair (emoji, CJK Ext-B).
 * - prefix / suffix hold `contextLength` non-whitespace code units of context each (whitespace
 *   in between is kept verbatim, since it is part of the page text), never splitting a pair.
 * Throws RangeError for offsets that are not integers inside the text or an empty range.
 */
export function describe(text: string, start: number, end: number, opts: DescribeOptions = {}): DescribedTarget {
  if (typeof text !== 'string') throw new TypeError('describe: text must be a string');
  if (!Number.isInteger(start) || !Number.isInteger(end)) {
    throw new RangeError(`describe: offsets must be integers, got start=${String(start)} end=${String(end)}`);
  }
  if (start < 0 || end > text.length || start >= end) {
    throw new RangeError(`describe: need 0 <= start < end <= ${text.length}, got start=${start} end=${end}`);
  }
  const ctx = opts.contextLength ?? DEFAULT_CONTEXT_LENGTH;
  if (!Number.isInteger(ctx) || ctx < 0) throw new RangeError(`describe: contextLength must be a non-negative integer, got ${ctx}`);

  const [s, e] = snapToCodePoints(text, start, end);

  // Prefix: walk back until `ctx` content code units are included.
  let ps = s;
  let seen = 0;
  while (ps > 0 && seen < ctx) {
    ps--;
    if (!isSpaceCode(text.charCodeAt(ps))) seen++;
  }
  if (ps > 0 && isLowSurrogate(text.charCodeAt(ps)) && isHighSurrogate(text.charCodeAt(ps - 1))) ps--;

  let se = e;
  seen = 0;
  while (se < text.length && seen < ctx) {
    if (!isSpaceCode(text.charCodeAt(se))) seen++;
    se++;
  }
  if (se < text.length && isHighSurrogate(text.charCodeAt(se - 1)) && isLowSurrogate(text.charCodeAt(se))) se++;

  return {
    quote: { type: 'TextQuoteSelector', exact: text.slice(s, e), prefix: text.slice(ps, s), suffix: text.slice(e, se) },
    position: { type: 'TextPositionSelector', start: s, end: e },
  };
}
