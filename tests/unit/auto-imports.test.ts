import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * WXT adds unimport's presets to every build even with `imports: false`: a bare `browser.` or
 * `storage.` in shipped code gets `import { storage } from 'wxt/utils/storage'` injected — also
 * when the name is a function parameter — which put WXT's storage library (9 kB) into the
 * content script once. Shipped code names these only through an explicit import.
 */
const ROOTS = ['lib', 'components', 'entrypoints'];
const INJECTED = ['browser', 'storage', 'fakeBrowser'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|tsx)$/.test(n) && !n.endsWith('.d.ts') ? [p] : [];
  });
}

/** Code without comments and string contents (enough for identifier use). */
function code(src: string): string {
  return src
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:\\])\/\/.*$/gm, '$1')
    .replace(/`(?:\\[\s\S]|[^`\\])*`|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"/g, "''");
}

describe('no identifier that WXT would auto-import', () => {
  it.each(INJECTED)('`%s` is used only where it is imported', (name) => {
    const offenders: string[] = [];
    for (const root of ROOTS)
      for (const f of files(join(process.cwd(), root))) {
        const src = readFileSync(f, 'utf8');
        const body = code(src);
        const used = new RegExp(`(?<![.\\w$])${name}\\s*(?:\\.|\\?\\.|\\()`).test(body);
        const imported = new RegExp(`import\\s*(?:type\\s*)?\\{[^}]*\\b${name}\\b[^}]*\\}\\s*from`).test(src);
        if (used && !imported) offenders.push(relative(process.cwd(), f));
      }
    expect(offenders).toEqual([]);
  });
});
