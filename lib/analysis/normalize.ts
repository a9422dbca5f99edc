/**
 * Offset-keeping normalization.
 *
 * The engine never analyses the original string directly. It builds a *view*:
 *  - `s`: a compact, normalized string (traditional → simplified, full-width → ASCII,
 *    OCR "互联网十" → "互联网+", whitespace inside CJK runs removed);
 *  - `raw`: the same compact string with the original characters (for text "as written");
 *  - `map`: for each code unit of `s`/`raw`, its offset in the original text.
 * Every offset the engine outputs is mapped back through `map`, so it refers to the ORIGINAL text.
 */
import { TRAD_TO_SIMP } from './tradsimp';

export interface TextView {
  /** Compact normalized text. */
  s: string;
  /** Compact text with the original characters (same length as `s`). */
  raw: string;
  /** map[i] = original offset of s[i]; map[s.length] = original end of the viewed range. */
  map: Uint32Array;
  /** Original text. */
  text: string;
  /** Original range viewed. */
  range: [number, number];
}

const SPACE = /[ \u00a0\u3000\u2000-\u200b\u202f\u205f\ufeff\r]/;
const ASCII_ALNUM = /[A-Za-z0-9]/;

/** Normalize one code unit (1:1). */
export function normalizeChar(c: string): string {
  const code = c.charCodeAt(0);
  // Full-width ASCII variants FF01–FF5E → 21–7E.
  if (code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - 0xfee0);
  const t = TRAD_TO_SIMP.get(c);
  if (t) return t;
  switch (c) {
    case '\u2014': // — em dash: keep (used in ——, and 2018—2020)
      return c;
    case '\u2013': // – en dash
    case '\u2012':
    case '\u2015':
    case '\u2212': // minus
    case '\uff0d':
      return '-';
    case '\u3014': // 〔
    case '\u3010': // 【
    case '\u3016': // 〖
      return c;
    case '\u2018':
    case '\u2019':
      return "'";
    case '\u00b7':
    case '\u30fb':
      return '·';
    default:
      return c;
  }
}

/**
 * Build a compact normalized view of text[range]. Whitespace runs (not \n or \t) are dropped
 * unless they separate two ASCII letters/digits (as in "Web Annotation").
 */
export function buildView(text: string, range?: [number, number]): TextView {
  const start = Math.max(0, Math.min(range?.[0] ?? 0, text.length));
  const end = Math.max(start, Math.min(range?.[1] ?? text.length, text.length));
  const sOut: string[] = [];
  const rawOut: string[] = [];
  const map = new Uint32Array(end - start + 1);
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = text.charAt(i);
    if (SPACE.test(c)) {
      // Find the run end.
      let j = i;
      while (j < end && SPACE.test(text[j]!)) j++;
      const prev = n > 0 ? sOut[n - 1] : '';
      const next = j < end ? normalizeChar(text[j]!) : '';
      if (c !== '\r' && prev && next && ASCII_ALNUM.test(prev) && ASCII_ALNUM.test(next)) {
        sOut.push(' ');
        rawOut.push(' ');
        map[n++] = i;
      }
      i = j - 1;
      continue;
    }
    let nc = normalizeChar(c);
    // OCR slip: "互联网十" → "互联网+" (十 right after 互联网, optionally after spaces).
    if (nc === '十' && n >= 3 && sOut[n - 1] === '网' && sOut[n - 2] === '联' && sOut[n - 3] === '互') nc = '+';
    sOut.push(nc);
    rawOut.push(c);
    map[n++] = i;
  }
  map[n] = end;
  return { s: sOut.join(''), raw: rawOut.join(''), map: map.slice(0, n + 1), text, range: [start, end] };
}

/** Original offset of compact position i (a start or a boundary). */
export function origAt(v: TextView, i: number): number {
  return v.map[Math.max(0, Math.min(i, v.map.length - 1))]!;
}

/** Original exclusive end for a compact exclusive end e (does not swallow dropped spaces). */
export function origEnd(v: TextView, e: number): number {
  if (e <= 0) return v.map[0]!;
  const k = Math.min(e, v.map.length - 1);
  return v.map[k - 1]! + 1;
}

/** True when the original text had dropped whitespace between compact positions i-1 and i. */
export function hadSpaceBefore(v: TextView, i: number): boolean {
  if (i <= 0 || i >= v.map.length - 1) return false;
  return v.map[i]! - v.map[i - 1]! > 1;
}

/** Normalize a short string (metadata values, table cells) the same way, without a map. */
export function normalizeString(str: string): string {
  return buildView(str).s;
}

/** Curly quotes for display: pairs of ASCII " / ' become “” ‘’, existing curly quotes kept. */
export function curlyQuotes(str: string): string {
  let open = true;
  let out = '';
  for (const c of str) {
    if (c === '"' || c === '\uff02') {
      out += open ? '\u201c' : '\u201d';
      open = !open;
    } else if (c === '\u201c') {
      out += c;
      open = false;
    } else if (c === '\u201d') {
      out += c;
      open = true;
    } else out += c;
  }
  return out;
}
