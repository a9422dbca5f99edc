import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { injectedHighlightCss } from './lib/highlight/painter';
import { BUILT_IN_MATCH_PATTERNS } from './lib/hosts';

// Hosts where Policy Lens runs on its own. Other pages: toolbar button / context menu (activeTab),
// or hosts the user adds in settings (optional host permissions, asked for at that moment).
export const AUTO_HOSTS = [...BUILT_IN_MATCH_PATTERNS];

/**
 * The extension pages' CSP: our own scripts and WASM only. connect-src: our own files, and the
 * web for one purpose — the viewer fetching a file the analyst asked to open (an attachment
 * link); a host the extension has no permission for is asked for in that click, and without it
 * the browser refuses the request (no CORS on government sites).
 */
export const EXTENSION_CSP = "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'; connect-src 'self' https: http:";

/**
 * jieba-wasm's web build falls back to `new URL('jieba_rs_wasm_bg.wasm', import.meta.url)`, which
 * Vite turns into a 5 MB base64 string in every IIFE bundle. We always pass the URL of the copied
 * public asset (lib/segment/web.ts), so the fallback is cut out at build time.
 */
function jiebaNoDefaultWasmUrl() {
  return {
    name: 'policy-lens:jieba-no-default-wasm-url',
    enforce: 'pre' as const,
    transform(code: string, id: string) {
      if (!id.includes('jieba-wasm') || !id.endsWith('jieba_rs_wasm.js')) return null;
      const out = code.replace(/new URL\(['"]jieba_rs_wasm_bg\.wasm['"],\s*import\.meta\.url\)/, 'undefined');
      if (out === code) throw new Error('policy-lens: jieba-wasm default wasm URL pattern not found; check the jieba-wasm version');
      return { code: out, map: null };
    },
  };
}

/**
 * WXT's `browser` is `globalThis.browser?.runtime?.id ? globalThis.browser : globalThis.chrome`,
 * evaluated when a bundle starts. In a content script that first touch of the extension API
 * instantiates its bindings, on every page of every auto host, including the ones the first look
 * leaves alone without ever calling the API. Made lazy (looked up on first use), a page the
 * first look leaves alone never pays for the bindings.
 */
function lazyBrowserGlobal() {
  const EAGER = 'export const browser = globalThis.browser?.runtime?.id\n  ? globalThis.browser\n  : globalThis.chrome;';
  return {
    name: 'policy-lens:lazy-browser-global',
    enforce: 'pre' as const,
    transform(code: string, id: string) {
      if (!/@wxt-dev[\\/]browser[\\/]src[\\/]index\.mjs$/.test(id)) return null;
      if (!code.includes(EAGER))
        throw new Error('policy-lens: @wxt-dev/browser no longer has the expected `browser` export; check lazyBrowserGlobal in wxt.config.ts');
      const lazy = [
        'let api;',
        'const target = () => (api ??= globalThis.browser?.runtime?.id ? globalThis.browser : globalThis.chrome);',
        'export const browser = new Proxy({}, { get: (_, key) => target()[key], has: (_, key) => key in target() });',
      ].join('\n');
      return { code: code.replace(EAGER, lazy), map: null };
    },
  };
}

export default defineConfig({
  srcDir: '.',
  entrypointsDir: 'entrypoints',
  publicDir: 'public',
  outDir: '.output',
  imports: false,
  vite: () => ({
    plugins: [preact(), jiebaNoDefaultWasmUrl(), lazyBrowserGlobal()],
    // fflate's asynchronous zip builds a blob: Worker, refused by the pages' CSP in Firefox: the
    // workbook writer gets a zip that compresses in place (lib/library/fflate-inline.ts).
    resolve: { alias: [{ find: /^fflate$/, replacement: resolve('lib/library/fflate-inline.ts') }] },
    build: {
      // Never inline the jieba .wasm as base64 (5 MB in every bundle that reaches it); it is copied as a
      // public asset below and fetched with runtime.getURL.
      assetsInlineLimit: 0,
      target: 'es2022',
    },
  }),
  hooks: {
    // The validators are generated from schema/*.json (ajv standalone code: no eval at run time);
    // a build always ships the schema it was given.
    'build:before': () => {
      execFileSync(process.execPath, [resolve('node_modules/tsx/dist/cli.mjs'), 'tools/gen-validators.ts'], { stdio: 'inherit' });
    },
    'build:publicAssets': (wxt, files) => {
      // the first look's stylesheet: the light theme, in the form each browser styles cheapest
      files.push({ contents: injectedHighlightCss(wxt.config.browser === 'firefox' ? 'firefox' : 'chrome'), relativeDest: 'highlights.css' });
      files.push({
        absoluteSrc: resolve('node_modules/jieba-wasm/pkg/web/jieba_rs_wasm_bg.wasm'),
        relativeDest: 'jieba_rs_wasm_bg.wasm',
      });
      // pdf.js's CMaps and standard fonts (the viewer): PDFs that name a CJK encoding or a base-14
      // font without embedding it read empty without them
      for (const dir of ['cmaps', 'standard_fonts'])
        for (const name of readdirSync(resolve('node_modules/pdfjs-dist', dir)))
          files.push({ absoluteSrc: resolve('node_modules/pdfjs-dist', dir, name), relativeDest: `pdfjs/${dir}/${name}` });
    },
  },
  manifest: ({ browser, manifestVersion }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'zh_CN',
    permissions: [
      'storage',
      'unlimitedStorage',
      'activeTab',
      'scripting',
      'contextMenus',
      // local reminders: one daily alarm while they are on (the notifications themselves are optional)
      'alarms',
      ...(browser === 'chrome' ? ['sidePanel'] : []),
      ...(manifestVersion === 2 ? AUTO_HOSTS : []),
    ],
    // notifications: asked for when the analyst turns the library's reminders on
    ...(manifestVersion === 3
      ? { host_permissions: AUTO_HOSTS, optional_host_permissions: ['*://*/*'], optional_permissions: ['notifications'] }
      : { optional_permissions: ['*://*/*', 'notifications'] }),
    // connect-src: the no-network promise, enforced by the browser (the jieba .wasm and other
    // packaged files are 'self').
    // WXT types the manifest as MV3's; MV2 takes the policy as a string
    content_security_policy: manifestVersion === 3 ? { extension_pages: EXTENSION_CSP } : (EXTENSION_CSP as unknown as { extension_pages: string }),
    // Messages answer through sendResponse (not a Promise from onMessage, Chrome ≥ 144 only);
    // sidePanel.open from the toolbar button needs 116.
    ...(browser === 'chrome' ? { minimum_chrome_version: '116' } : {}),
    action: { default_title: 'Policy Lens' },
    // The first look (entrypoints/first-look.ts) in every frame of the auto hosts, with the
    // highlight rules. The content script itself (entrypoints/content.ts) is injected by the
    // background only where the first look finds signs of a policy document.
    content_scripts: [{ matches: AUTO_HOSTS, js: ['first-look.js'], css: ['highlights.css'], run_at: 'document_end', all_frames: true }],
    // The note editor is framed into the page's toolbar (the note is typed in the extension's
    // origin, where the page cannot listen); it shows nothing without a token from the background.
    web_accessible_resources:
      manifestVersion === 3
        ? [{ resources: ['note.html'], matches: ['<all_urls>'] }]
        : (['note.html'] as unknown as { resources: string[]; matches: string[] }[]),
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'policy-lens@policylens.local',
              strict_min_version: '142.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
});
