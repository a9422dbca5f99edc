/**
 * fflate for the extension's pages: `zip` compresses on the calling thread. fflate's
 * asynchronous `zip` moves files over 160 kB into a Worker built from a blob: URL, which the
 * extension pages' CSP (script-src 'self') refuses in Firefox; write-excel-file (the workbook
 * writer) calls that `zip`. wxt.config.ts points the extension build's `fflate` here; Node (the
 * command line, the tests) keeps fflate's own, which uses worker_threads.
 */
import { zipSync, type AsyncZippable, type AsyncZipOptions, type FlateCallback } from 'fflate/browser';

export * from 'fflate/browser';

export function zip(data: AsyncZippable, opts: AsyncZipOptions | FlateCallback, cb?: FlateCallback): () => void {
  const done = (typeof opts === 'function' ? opts : cb)!;
  const options = typeof opts === 'function' ? {} : opts;
  let out: Uint8Array | null = null;
  let error: Error | null = null;
  try {
    out = zipSync(data as Parameters<typeof zipSync>[0], options);
  } catch (e) {
    error = e instanceof Error ? e : new Error(String(e));
  }
  // asynchronous like fflate's: the callback never runs before zip() returns
  queueMicrotask(() => done(error as never, out as never));
  return () => {};
}
