// ESLint, and the rule that keeps each runtime in its folder: a file's runtime is visible
// from its path (docs/ARCHITECTURE.md, "The rules between the parts"). shared/ is pure; backend/ is Node; electron/ is the Electron
// shell; renderer/ is the browser. An import across the wrong boundary fails `npm run lint`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'url', 'stream', 'worker_threads', 'util', 'events'];

/** no-restricted-imports patterns for a layer. */
const forbid = (groups) => ({
  'no-restricted-imports': ['error', { patterns: groups.map(([group, message]) => ({ group, message })) }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'annotations/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: forbid([
      [nodeBuiltins, 'shared/ is pure: no Node built-ins (put Node code in backend/).'],
      [['electron', 'react', 'react-*', 'prosemirror-*', 'lowdb', 'lowdb/*', 'proper-lockfile', 'chokidar'], 'shared/ is pure: no Electron, React, ProseMirror or storage.'],
      [['**/backend/**', '**/renderer/**', '**/electron/**'], 'shared/ must not depend on another layer.'],
    ]),
    languageOptions: { globals: {} },
  },
  {
    files: ['backend/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: forbid([
      [['electron', 'react', 'react-*', 'prosemirror-*'], 'backend/ is plain Node: no Electron, React or ProseMirror.'],
      [['**/renderer/**', '**/electron/**'], 'backend/ must not depend on the renderer or the Electron shell.'],
    ]),
    languageOptions: { globals: globals.node },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts'],
    rules: forbid([
      [nodeBuiltins, 'renderer/ runs in a browser: no Node built-ins (call the service instead).'],
      [['electron', 'lowdb', 'lowdb/*', 'proper-lockfile', 'chokidar'], 'renderer/ talks to the service only through its client.'],
      [['**/backend/**', '**/electron/**'], 'renderer/ must not import backend/ or electron/ code: use renderer/api/client.ts.'],
    ]),
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['electron/**/*.ts'],
    rules: forbid([[['react', 'react-*', 'prosemirror-*', '**/renderer/**'], 'electron/ is the shell: the renderer is loaded, never imported.']]),
    languageOptions: { globals: globals.node },
  },
  {
    files: ['scripts/**/*.mjs', 'bin/**/*.mjs', 'bench/**/*.ts', 'e2e/**/*.ts', '**/*.test.ts', '*.config.{ts,js}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
