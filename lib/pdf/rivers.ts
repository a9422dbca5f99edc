/**
 * Column rivers: the narrow vertical strips of white that run down a table between its
 * columns, where no run of text crosses, line after line.
 *
 * Contract: `riverCuts(bands)` takes the lines of a page top to bottom, each as the x-ranges
 * of its runs (with their font height), and returns per line the x positions where it must be
 * cut into fragments. A river is an x-range at least MIN_EM font heights wide that no run
 * crosses in consecutive lines, and that has runs on both sides in at least
 * MIN_LINES of them: followed down from a gap of a line until a line closes it (running text);
 * a line is cut at a river only where it has runs on both sides.
 * Why: cells of a printed table are often only a few points apart (a thin padding, a ruling
 * the text layer does not show), closer than the gap that separates fragments by itself
 * (lib/pdf/lines.ts); running text never leaves such a strip at the same place three lines
 * running, a table leaves one on every row.
 */

export interface RunBox {
  x0: number;
  x1: number;
  size: number;
}

const MIN_EM = 0.1;
const MIN_LINES = 3;

type Iv = [number, number];

/** A line's free x-ranges: before its first run, between runs (gaps of MIN_EM or more), after its last. */
function freeOf(runs: RunBox[]): { free: Iv[]; inner: Iv[] } {
  const sorted = [...runs].sort((a, b) => a.x0 - b.x0);
  const inner: Iv[] = [];
  let reach = -Infinity;
  let first = Infinity;
  for (const r of sorted) {
    first = Math.min(first, r.x0);
    if (reach > -Infinity && r.x0 - reach >= MIN_EM * r.size) inner.push([reach, r.x0]);
    reach = Math.max(reach, r.x1);
  }
  return { free: [[-Infinity, first], ...inner, [reach, Infinity]], inner };
}

const inside = (r: Iv, inner: Iv[]) => inner.some(([a, b]) => a <= r[0] && r[1] <= b);

/** The widest part of `r` left free by a line, or null when less than `min` is. */
function narrow(r: Iv, free: Iv[], min: number): Iv | null {
  let best: Iv | null = null;
  for (const [a, b] of free) {
    const lo = Math.max(a, r[0]);
    const hi = Math.min(b, r[1]);
    if (hi - lo >= min && (!best || hi - lo > best[1] - best[0])) best = [lo, hi];
  }
  return best;
}

export function riverCuts(bands: RunBox[][]): number[][] {
  const cuts: number[][] = bands.map(() => []);
  const lines = bands.map(freeOf);
  const em = (k: number) => Math.max(1, ...bands[k]!.map((r) => r.size));
  for (let i = 0; i < lines.length; i++) {
    for (const gap of lines[i]!.inner) {
      if (cuts[i]!.some((x) => gap[0] <= x && x <= gap[1])) continue;
      // Follow the strip down while the lines leave it free; count the lines it parts.
      let r: Iv = gap;
      const members = [i];
      for (let j = i + 1; j < lines.length; j++) {
        const n = narrow(r, lines[j]!.free, MIN_EM * em(j));
        if (!n) break;
        r = n;
        if (inside(r, lines[j]!.inner)) members.push(j);
      }
      if (members.length < MIN_LINES) continue;
      const x = (r[0] + r[1]) / 2;
      for (const m of members) if (!cuts[m]!.includes(x)) cuts[m]!.push(x);
    }
  }
  return cuts;
}
