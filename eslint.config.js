// ESLint (flat config): JavaScript's and typescript-eslint's recommended rules, and the two rules
// of hooks from eslint-plugin-react-hooks (rules-of-hooks, exhaustive-deps): they go by the hooks'
// names, so they hold for preact/hooks. The plugin's React Compiler rules are left out: they know
// React's own hooks by their module, so a preact/hooks useRef reads to them as an ordinary value
// ("this value cannot be modified").
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default defineConfig(
  {
    ignores: ['.scratch/', 'node_modules/', '.output/', '.wxt/', '.cache/', 'demo-out/', 'tests/e2e/.artifacts/', 'lib/schema/validators.gen.js', 'seeds/'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    rules: {
      // TypeScript checks names (tsc --noEmit); the few .js/.mjs files run in pages, extensions and Node alike.
      'no-undef': 'off',
      // Chinese text is set with the ideographic space (U+3000) and NBSP: in comments, strings, templates and patterns on purpose.
      'no-irregular-whitespace': ['error', { skipComments: true, skipStrings: true, skipTemplates: true, skipRegExps: true, skipJSXText: true }],
      // `_`-prefixed parameters and variables are unused on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Test doubles stand in for browser APIs and drivers whose types the tests do not restate.
    files: ['tests/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
