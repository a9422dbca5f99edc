/**
 * Layering rules that a bundler would only reveal in the browser: code that ships in the
 * extension must not touch Node globals or modules, lib/ must not call browser APIs, and the
 * content script's import graph must not reach WASM (jieba) or the store.
 */
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

const ROOT = process.cwd();
const NODE_ONLY = ['lib/analysis/data', 'lib/segment/node.ts', 'lib/segment/index.ts'];

function files(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(ROOT, dir))) {
    const p = join(dir, e);
    if (statSync(join(ROOT, p)).isDirectory()) out.push(...files(p));
    else if (/\.(ts|tsx)$/.test(e) && !/\.test\.|bench\./.test(e)) out.push(p);
  }
  return out;
}
const shipped = [...files('lib'), ...files('components'), ...files('entrypoints')].filter((f) => !NODE_ONLY.some((n) => f === n || f.startsWith(n + '/')));
const code = (f: string) => readFileSync(join(ROOT, f), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');

describe('module boundaries', () => {
  it('shipped code uses no Node globals or modules', () => {
    const bad = shipped.filter((f) => /\bprocess\.|\brequire\(|from ['"]node:|\bBuffer\./.test(code(f)));
    expect(bad).toEqual([]);
  });

  it('lib/ never calls browser extension APIs (entrypoints wire them)', () => {
    const bad = shipped.filter(
      (f) => f.startsWith('lib/') && /\b(browser|chrome)\.(runtime|tabs|storage|scripting|action|sidePanel|sidebarAction|contextMenus)\b/.test(code(f)),
    );
    expect(bad).toEqual([]);
  });

  /** Files reached from `entry` by relative imports (`import type` skipped: it leaves no code), and the bare specifiers. */
  function importGraph(entry: string): { seen: Set<string>; bare: Set<string> } {
    const seen = new Set<string>();
    const bare = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const m of code(file).matchAll(
        /(?:import|export)(?!\s+type\b)[^'"]*?from\s*['"]([^'"]+)['"]|import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g,
      )) {
        const spec = m[1] ?? m[2] ?? m[3]!;
        if (!spec.startsWith('.')) {
          bare.add(spec);
          continue;
        }
        const base = resolve(ROOT, dirname(file), spec);
        const cand = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((c) => {
          try {
            return statSync(c).isFile();
          } catch {
            return false;
          }
        });
        if (cand && /\.(ts|tsx)$/.test(cand)) visit(relative(ROOT, cand));
      }
    };
    visit(entry);
    return { seen, bare };
  }

  it('the first look (in every page of the auto hosts) is the first look and nothing more', () => {
    const { seen, bare } = importGraph('entrypoints/first-look.ts');
    expect([...seen].sort()).toEqual(
      [
        'entrypoints/first-look.ts',
        'lib/page/precheck.ts',
        // the article container, not the text model: lib/text/extract.ts stays out of it
        ...[...seen].filter((f) => f.startsWith('lib/text/') && f !== 'lib/text/extract.ts'),
      ].sort(),
    );
    expect([...bare].sort()).toEqual(['wxt/browser', 'wxt/utils/define-unlisted-script']);
  });

  it("the content script's import graph reaches neither jieba (WASM), Dexie nor the analysis engine", () => {
    const { seen, bare } = importGraph('entrypoints/content.ts');

    // the walk really followed the graph: controller, text model and painter are in it
    expect([...seen]).toEqual(expect.arrayContaining(['lib/page/controller.ts', 'lib/text/extract.ts', 'lib/highlight/painter.ts']));
    // … and not the analysis engine (it runs in the background; only its types are shared)
    expect([...seen].filter((f) => f.startsWith('lib/analysis/') && f !== 'lib/analysis/types.ts')).toEqual([]);
    expect([...bare].filter((b) => /jieba|dexie/.test(b))).toEqual([]);
    expect([...seen].filter((f) => f.startsWith('lib/store') || f.startsWith('lib/segment'))).toEqual([]);
  });
});
