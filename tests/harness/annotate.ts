/**
 * Probes for the user-annotation tests: select a phrase on the page, read the user highlights
 * (CSS.highlights entries `pl-user-<color>`), read and change the extension's Dexie database
 * `policy-lens` with plain IndexedDB from an extension page.
 * Every function passed to evaluate/waitFor is serialised into the browser: no Node values inside.
 */
import type { BrowserHarness, PageHandle } from './types';
import type { Point } from './input';

export interface UserHighlight {
  /** Highlight name, e.g. `pl-user-yellow`. */
  name: string;
  text: string;
}

/**
 * Select the first occurrence of `phrase` that lies inside one text node of a <p>
 * (window.getSelection().addRange). Returns the selected text, or null when not found.
 */
export function selectPhrase(h: BrowserHarness, page: PageHandle, phrase: string): Promise<string | null> {
  return h.evaluate(
    page,
    (p: string) => {
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
        const i = n.data.indexOf(p);
        if (i < 0 || !n.parentElement?.closest('p')) continue;
        n.parentElement.scrollIntoView({ block: 'center' });
        const r = document.createRange();
        r.setStart(n, i);
        r.setEnd(n, i + p.length);
        const sel = window.getSelection()!;
        sel.removeAllRanges();
        sel.addRange(r);
        return sel.toString();
      }
      return null;
    },
    phrase,
  );
}

/**
 * Scroll `phrase` (inside a <p>) into view and return the points a mouse drag selecting exactly
 * that phrase goes from and to: just inside the left edge of its first character and just
 * inside the right edge of its last character (viewport coordinates).
 */
export function phraseDragPoints(h: BrowserHarness, page: PageHandle, phrase: string): Promise<{ from: Point; to: Point } | null> {
  return h.evaluate(
    page,
    (p: string) => {
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
        const i = n.data.indexOf(p);
        if (i < 0 || !n.parentElement?.closest('p')) continue;
        n.parentElement.scrollIntoView({ block: 'center' });
        const charRect = (k: number) => {
          const r = document.createRange();
          r.setStart(n!, k);
          r.setEnd(n!, k + 1);
          return r.getBoundingClientRect();
        };
        const a = charRect(i);
        const b = charRect(i + p.length - 1);
        return {
          from: { x: a.left + Math.min(2, a.width / 4), y: a.top + a.height / 2 },
          to: { x: b.right - Math.min(2, b.width / 4), y: b.top + b.height / 2 },
        };
      }
      return null;
    },
    phrase,
  );
}

/** All ranges of the user highlights (`pl-user-*`) with their text. */
export function userHighlights(h: BrowserHarness, page: PageHandle): Promise<UserHighlight[]> {
  return h.evaluate(page, () => {
    const out: { name: string; text: string }[] = [];
    // StaticRange (the painter may use it) has no toString: read it through a live Range.
    const textOf = (r: AbstractRange) => {
      if (r instanceof Range) return r.toString();
      const x = document.createRange();
      x.setStart(r.startContainer, r.startOffset);
      x.setEnd(r.endContainer, r.endOffset);
      return x.toString();
    };
    const reg = (globalThis as unknown as { CSS?: { highlights?: Map<string, Set<AbstractRange>> } }).CSS?.highlights;
    reg?.forEach((hl, name) => {
      if (name.startsWith('pl-user-')) hl.forEach((r) => out.push({ name, text: textOf(r) }));
    });
    return out;
  });
}

/**
 * Wait until a user highlight (of `name`, or any `pl-user-*` when name is null) covers exactly
 * `text`; with `ignoreWhitespace` the comparison drops all white space (the page's source may
 * break a line inside the quote). Returns the range's own text.
 */
export function waitForUserHighlight(
  h: BrowserHarness,
  page: PageHandle,
  text: string,
  opts: { name?: string | null; ignoreWhitespace?: boolean; timeoutMs?: number; message?: string } = {},
): Promise<string> {
  return h.waitFor(
    page,
    (want: string, name: string | null, ignoreWs: boolean) => {
      // StaticRange (the painter may use it) has no toString: read it through a live Range.
      const textOf = (r: AbstractRange) => {
        if (r instanceof Range) return r.toString();
        const x = document.createRange();
        x.setStart(r.startContainer, r.startOffset);
        x.setEnd(r.endContainer, r.endOffset);
        return x.toString();
      };
      const reg = (globalThis as unknown as { CSS?: { highlights?: Map<string, Set<AbstractRange>> } }).CSS?.highlights;
      if (!reg) return null;
      const norm = (s: string) => (ignoreWs ? s.replace(/\s+/g, '') : s);
      let found: string | null = null;
      reg.forEach((hl, n) => {
        if (found !== null || !(name ? n === name : n.startsWith('pl-user-'))) return;
        hl.forEach((r) => {
          const s = textOf(r);
          if (found === null && norm(s) === norm(want)) found = s;
        });
      });
      return found;
    },
    opts.timeoutMs ?? 45_000,
    opts.message ?? `a user highlight ${opts.name ?? 'pl-user-*'} covering ${JSON.stringify(text)}`,
    text,
    opts.name ?? null,
    !!opts.ignoreWhitespace,
  ) as Promise<string>;
}

/** Wait until no `pl-user-*` range covers `text` any more. */
export async function waitForNoUserHighlight(h: BrowserHarness, page: PageHandle, text: string, timeoutMs = 45_000): Promise<void> {
  await h.waitFor(
    page,
    (want: string) => {
      // StaticRange (the painter may use it) has no toString: read it through a live Range.
      const textOf = (r: AbstractRange) => {
        if (r instanceof Range) return r.toString();
        const x = document.createRange();
        x.setStart(r.startContainer, r.startOffset);
        x.setEnd(r.endContainer, r.endOffset);
        return x.toString();
      };
      const reg = (globalThis as unknown as { CSS?: { highlights?: Map<string, Set<AbstractRange>> } }).CSS?.highlights;
      if (!reg) return false;
      let seen = false;
      reg.forEach((hl, n) => {
        if (n.startsWith('pl-user-')) hl.forEach((r) => (seen ||= textOf(r).replace(/\s+/g, '') === want.replace(/\s+/g, '')));
      });
      return !seen;
    },
    timeoutMs,
    `no user highlight left on ${JSON.stringify(text)}`,
    text,
  );
}

/**
 * Wait until the extension's database exists (it is created by Dexie in the background the
 * first time a policy page is analysed). Opening it by name before that would create an empty
 * version-1 database under Dexie's feet, hence the wait.
 */
export function waitForDb(h: BrowserHarness, extPage: PageHandle, timeoutMs = 45_000): Promise<number> {
  return h.waitFor(
    extPage,
    async () => {
      const dbs = await indexedDB.databases();
      const db = dbs.find((d) => d.name === 'policy-lens');
      return db && (db.version ?? 0) >= 20 ? db.version! : null;
    },
    timeoutMs,
    "the extension's IndexedDB database 'policy-lens' (schema v2 or later)",
  ) as Promise<number>;
}

/** Every record of a table of `policy-lens`, read from an extension page (search index fields dropped). */
export function readTable<T = Record<string, unknown>>(h: BrowserHarness, extPage: PageHandle, table: string): Promise<T[]> {
  return h.evaluate(
    extPage,
    (name: string) =>
      new Promise<T[]>((ok, fail) => {
        const req = indexedDB.open('policy-lens');
        req.onerror = () => fail(req.error);
        req.onsuccess = () => {
          const db = req.result;
          if (!db.objectStoreNames.contains(name)) {
            db.close();
            return fail(new Error(`no table ${name} (tables: ${Array.from(db.objectStoreNames).join(', ')})`));
          }
          const g = db.transaction(name).objectStore(name).getAll();
          g.onsuccess = () => {
            db.close();
            ok(
              (g.result as Record<string, unknown>[]).map((r) => {
                const { tokens: _t, ...rest } = r;
                return rest as T;
              }),
            );
          };
          g.onerror = () => fail(g.error);
        };
      }),
    table,
  );
}

/** Delete records by key from a table of `policy-lens` (from an extension page). */
export function deleteRecords(h: BrowserHarness, extPage: PageHandle, table: string, keys: string[]): Promise<void> {
  return h.evaluate(
    extPage,
    (name: string, ids: string[]) =>
      new Promise<void>((ok, fail) => {
        const req = indexedDB.open('policy-lens');
        req.onerror = () => fail(req.error);
        req.onsuccess = () => {
          const db = req.result;
          const tx = db.transaction(name, 'readwrite');
          for (const id of ids) tx.objectStore(name).delete(id);
          tx.oncomplete = () => {
            db.close();
            ok();
          };
          tx.onerror = () => fail(tx.error);
        };
      }),
    table,
    keys,
  );
}
