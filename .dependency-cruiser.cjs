/**
 * The layering that keeps the extension's contexts apart (`npm run lint:deps`):
 *   - no import cycles;
 *   - lib/ is the core: it never imports the views (components/) or the contexts (entrypoints/);
 *   - shipped code (lib/, components/) never imports tools/ or tests/;
 *   - the content script (entrypoints/content.ts, injected into every page it reads) reaches
 *     neither the engine (lib/analysis, lib/segment: they run in the background), jieba's WASM
 *     nor Dexie (the store is the background's and the panel's).
 * `import type` edges count everywhere (they couple the modules all the same); for the content
 * script that is stricter than its bundle, which they leave untouched (tests/unit/boundaries.test.ts
 * walks the bundle's graph). The violations there were when these rules came in are listed in
 * .dependency-cruiser-known-violations.json (`--ignore-known`): a list to burn down, not to grow;
 * `npx depcruise … --output-type baseline` rewrites it.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle: modules that cannot be understood (or initialised) one without the other.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'lib-not-to-views-or-contexts',
      severity: 'error',
      comment: 'lib/ is the core: views (components/) and contexts (entrypoints/) depend on it, never the other way.',
      from: { path: '^lib/' },
      to: { path: '^(components|entrypoints)/' },
    },
    {
      name: 'shipped-not-to-tools-or-tests',
      severity: 'error',
      comment: 'What ships in the extension (lib/, components/) never imports the Node tools or the tests.',
      from: { path: '^(lib|components)/' },
      to: { path: '^(tools|tests)/' },
    },
    {
      name: 'content-script-no-engine-store-or-wasm',
      severity: 'error',
      comment:
        'The content script runs in every page it reads: the engine (lib/analysis but its types, lib/segment), jieba (WASM) and Dexie stay in the background and the panel.',
      from: { path: '^entrypoints/content\\.ts$' },
      to: {
        path: ['^lib/analysis/(?!types\\.ts$)', '^lib/segment/', '^lib/store/', 'node_modules/(jieba-wasm|dexie)/'],
        reachable: true,
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(\\.output|\\.wxt|\\.cache|node_modules|seeds|demo-out)/|^lib/schema/validators\\.gen\\.js$' },
    tsPreCompilationDeps: 'specify',
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
