/**
 * The page's clock, as the content script sees it: waiting for the browser to render a frame,
 * and User Timing marks and measures (visible to the page and devtools; they carry no page data).
 */

/**
 * Resolves once the browser has had a chance to render: after the next animation frame in a
 * visible tab, after 100 ms at the latest (hidden tabs get no frames; jsdom may have no rAF).
 */
export function afterNextFrame(win: Window): Promise<void> {
  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      resolve();
    };
    const raf = (win as Window & { requestAnimationFrame?: (cb: () => void) => number }).requestAnimationFrame;
    if (typeof raf === 'function') raf.call(win, () => setTimeout(finish, 0));
    setTimeout(finish, 100);
  });
}

/**
 * User Timing marks around each analysis, visible to the page and to devtools:
 * `pl:analyse-start`, `pl:extracted`, `pl:analyzed`, `pl:analysed` and the measures `pl:analyse`
 * (text model + analysis + painting, without the annotation round-trip), `pl:extract`,
 * `pl:analyze`, `pl:paint`. They carry no page data; the in-page benchmark
 * (tests/bench/inpage.ts) and the e2e tests read them.
 */
export function perfMark(win: Window, name: string): void {
  try {
    win.performance?.mark?.(name);
  } catch {
    /* no User Timing here */
  }
}

/** A User Timing measure between two marks, or from a time stamp (ms) to now. */
export function perfMeasure(win: Window, name: string, start: string | number, end?: string): void {
  try {
    const p = win.performance;
    if (typeof start === 'number') p?.measure?.(name, { start, duration: (p.now?.() ?? start) - start });
    else p?.measure?.(name, start, end);
  } catch {
    /* a mark was cleared by the page, or no User Timing L3 */
  }
}
