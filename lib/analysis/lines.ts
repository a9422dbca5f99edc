/** Line index over a compact view: start/end (exclusive, without the \n) of every line. */
export interface Line {
  start: number;
  end: number;
  /** The line contains a \t (a table row in the text model). */
  tab: boolean;
}

export function splitLines(s: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  let tab = s.indexOf('\t');
  for (;;) {
    const nl = s.indexOf('\n', start);
    const end = nl < 0 ? s.length : nl;
    if (tab >= 0 && tab < start) tab = s.indexOf('\t', start);
    out.push({ start, end, tab: tab >= 0 && tab < end });
    if (nl < 0) return out;
    start = nl + 1;
  }
}

/** Index of the last element whose key(el) <= x, or -1. Keys must be ascending. */
export function lastAtOrBefore<T>(arr: readonly T[], x: number, key: (el: T) => number): number {
  let lo = 0;
  let hi = arr.length - 1;
  let ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (key(arr[mid]!) <= x) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}

/**
 * Positions of a few anchor characters, found in ONE pass over the text (instead of one indexOf
 * scan per anchor and per scanner). `of(c)` returns the ascending positions of character c
 * (which must be one of the characters the index was built for).
 */
export interface CharIndex {
  of(c: string): readonly number[];
}

const SLOTS = new Map<string, Int8Array>();

export function buildCharIndex(s: string, chars: string): CharIndex {
  let slot = SLOTS.get(chars);
  if (!slot) {
    slot = new Int8Array(65536).fill(-1);
    for (let k = 0; k < chars.length; k++) slot[chars.charCodeAt(k)] = k;
    SLOTS.set(chars, slot);
  }
  const lists: number[][] = Array.from({ length: chars.length }, () => []);
  for (let i = 0; i < s.length; i++) {
    const k = slot[s.charCodeAt(i)]!;
    if (k >= 0) lists[k]!.push(i);
  }
  return {
    of(c: string): readonly number[] {
      const k = chars.indexOf(c);
      if (k < 0) throw new Error(`CharIndex: not built for ${c}`);
      return lists[k]!;
    },
  };
}

/** Membership test for sorted, non-overlapping [start, end] spans (inclusive end: the table's last line). */
export function spanTest(spans: readonly (readonly [number, number])[]): (pos: number) => boolean {
  const sorted = spans.slice().sort((a, b) => a[0] - b[0]);
  return (pos: number) => {
    const i = lastAtOrBefore(sorted, pos, (x) => x[0]);
    return i >= 0 && pos <= sorted[i]![1];
  };
}
