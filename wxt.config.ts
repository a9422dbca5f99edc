import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { resolve } from 'node:path';

// Hosts where Policy Lens runs on its own. Other pages: toolbar button / context menu (activeTab),
// or hosts the user adds in settings (optional host permissions, asked for at that moment).
export const AUTO_HOSTS = ['*://*.gov.cn/*', '*://gov.cn/*'];

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

export default defineConfig({
  srcDir: '.',
  entrypointsDir: 'entrypoints',
  publicDir: 'public',
  outDir: '.output',
  imports: false,
  vite: () => ({
    plugins: [preact(), jiebaNoDefaultWasmUrl()],
    build: {
      // Never inline the jieba .wasm as base64 (it made every bundle 5 MB); it is copied as a
      // public asset below and fetched with runtime.getURL.
      assetsInlineLimit: 0,
      target: 'es2022',
    },
  }),
  hooks: {
    'build:publicAssets': (_wxt, files) => {
      files.push({
        absoluteSrc: resolve('node_modules/jieba-wasm/pkg/web/jieba_rs_wasm_bg.wasm'),
        relativeDest: 'jieba_rs_wasm_bg.wasm',
      });
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
      ...(browser === 'chrome' ? ['sidePanel'] : []),
      ...(manifestVersion === 2 ? AUTO_HOSTS : []),
    ],
    ...(manifestVersion === 3 ? { host_permissions: AUTO_HOSTS, optional_host_permissions: ['*://*/*'] } : { optional_permissions: ['*://*/*'] }),
    content_security_policy:
      manifestVersion === 3
        ? { extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'" }
        : ("script-src 'self' 'wasm-unsafe-eval'; object-src 'self'" as any),
    action: { default_title: 'Policy Lens' },
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
