// ESLint, and which packages each runtime may use: a file's runtime is visible from its path
// (docs/ARCHITECTURE.md, "The rules between the parts"). shared/ is pure; backend/ is Node;
// electron/ is the Electron shell; renderer/ is the browser. A Node built-in or a package of
// the wrong runtime fails `npm run lint`. Which part may import which part (tests included),
// and that there are no import cycles, is dependency-cruiser's (.dependency-cruiser.cjs), which
// `npm run lint` runs next.
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
      [['electron', 'react', 'react-*', 'prosemirror-*', 'lowdb', 'lowdb/*', 'proper-lockfile', '@parcel/watcher'], 'shared/ is pure: no Electron, React, ProseMirror or storage.'],
    ]),
    languageOptions: { globals: {} },
  },
  {
    files: ['backend/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: forbid([
      [['electron', 'react', 'react-*', 'prosemirror-*'], 'backend/ is plain Node: no Electron, React or ProseMirror.'],
    ]),
    languageOptions: { globals: globals.node },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts'],
    rules: forbid([
      [nodeBuiltins, 'renderer/ runs in a browser: no Node built-ins (call the service instead).'],
      [['electron', 'lowdb', 'lowdb/*', 'proper-lockfile', '@parcel/watcher'], 'renderer/ talks to the service only through its client.'],
    ]),
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['electron/**/*.ts'],
    rules: forbid([[['react', 'react-*', 'prosemirror-*'], 'electron/ is the shell: no React or ProseMirror (the renderer is loaded, never imported).']]),
    languageOptions: { globals: globals.node },
  },
  {
    files: ['scripts/**/*.mjs', 'bin/**/*.mjs', 'bench/**/*.ts', 'e2e/**/*.ts', '**/*.test.ts', '*.config.{ts,js}', '.dependency-cruiser.cjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
