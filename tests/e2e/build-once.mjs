#!/usr/bin/env node
/**
 * Build the extension for both targets once before the e2e tests.
 * Skips a target when its output is newer than every source file (entrypoints/, components/,
 * lib/, public/, wxt.config.ts), to save time locally. Always builds when CI=true or --force.
 * Usage: node tests/e2e/build-once.mjs [--force] [--only chrome|firefox]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SOURCES = ['entrypoints', 'components', 'lib', 'public', 'wxt.config.ts', 'package.json', 'tsconfig.json'];
const TARGETS = [
  { name: 'chrome', out: '.output/chrome-mv3', args: ['wxt', 'build'] },
  { name: 'firefox', out: '.output/firefox-mv2', args: ['wxt', 'build', '-b', 'firefox'] },
];

/** Newest mtime (ms) of any file under `p` (0 when it does not exist), with the file's path. */
export function newestMtime(p) {
  if (!existsSync(p)) return { mtime: 0, file: '' };
  const st = statSync(p);
  if (!st.isDirectory()) return { mtime: st.mtimeMs, file: p };
  let best = { mtime: 0, file: '' };
  for (const entry of readdirSync(p, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const r = newestMtime(join(p, entry.name));
    if (r.mtime > best.mtime) best = r;
  }
  return best;
}

/** Oldest mtime of the files a build must produce (0 when one is missing). */
function outputMtime(outDir) {
  const files = ['manifest.json', 'background.js', 'sidepanel.html'].map((f) => join(outDir, f));
  if (!files.every((f) => existsSync(f))) return 0;
  return Math.min(...files.map((f) => statSync(f).mtimeMs));
}

function main() {
  const argv = process.argv.slice(2);
  const force = argv.includes('--force') || process.env.CI === 'true' || process.env.CI === '1';
  const onlyIdx = argv.indexOf('--only');
  const only = onlyIdx >= 0 ? argv[onlyIdx + 1] : undefined;
  if (only && !TARGETS.some((t) => t.name === only)) {
    console.error(`build-once: --only must be one of ${TARGETS.map((t) => t.name).join(', ')}`);
    process.exit(2);
  }
  const src = SOURCES.map((s) => newestMtime(join(ROOT, s))).reduce((a, b) => (b.mtime > a.mtime ? b : a), {
    mtime: 0,
    file: '',
  });
  for (const t of TARGETS) {
    if (only && t.name !== only) continue;
    const out = outputMtime(join(ROOT, t.out));
    if (!force && out > 0 && out >= src.mtime) {
      console.log(`build-once: ${t.out} is up to date (newer than ${src.file.replace(ROOT + '/', '') || 'all sources'}), skipping`);
      continue;
    }
    const why = force ? (process.env.CI ? 'CI' : '--force') : out === 0 ? 'no previous build' : `${src.file.replace(ROOT + '/', '')} changed`;
    console.log(`build-once: building ${t.name} (${why}) …`);
    const started = Date.now();
    const r = spawnSync('npx', t.args, { cwd: ROOT, stdio: 'inherit', env: process.env });
    if (r.status !== 0) {
      console.error(`build-once: \`npx ${t.args.join(' ')}\` failed (exit ${r.status ?? r.signal}); the e2e tests need a working build.`);
      process.exit(r.status ?? 1);
    }
    console.log(`build-once: ${t.name} built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
