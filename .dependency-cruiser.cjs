// dependency-cruiser: which part of Standoff may import which, tests included, and no import
// cycles (docs/ARCHITECTURE.md, "The rules between the parts"). Run by `npm run lint`.
// The rules name folders (parts), never single files, so files can move inside a part.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      severity: 'error',
      comment:
        'Import cycles are refused (type-only imports count): move what both files need into a third file that imports neither, ' +
        'as shared/api/common.ts does for the contract slices.',
      from: {},
      to: { circular: true },
    },
    // What each part may reach, its tests included: directly or through a test helper in tests/.
    {
      name: 'shared-is-pure',
      severity: 'error',
      comment: 'shared/ (its tests too) must not reach another part: it runs anywhere. Put Node code in backend/, browser code in renderer/; a test of both belongs to the part that may import both.',
      from: { path: '^shared/' },
      to: { path: '^(backend|renderer|electron)/', reachable: true },
    },
    {
      name: 'backend-only-shared',
      severity: 'error',
      comment: 'backend/ (its tests too) reaches only shared/: never the renderer or the Electron shell.',
      from: { path: '^backend/' },
      to: { path: '^(renderer|electron)/', reachable: true },
    },
    {
      name: 'renderer-only-shared',
      severity: 'error',
      comment: 'renderer/ (its tests too) reaches only shared/: the service through renderer/api/client.ts, never backend/ or electron/ code.',
      from: { path: '^renderer/' },
      to: { path: '^(backend|electron)/', reachable: true },
    },
    {
      name: 'electron-no-renderer',
      severity: 'error',
      comment: 'electron/ (its tests too) reaches only backend/ and shared/: the renderer is loaded as a page, never imported.',
      from: { path: '^electron/' },
      to: { path: '^renderer/', reachable: true },
    },
    {
      name: 'parts-not-tools',
      severity: 'error',
      comment: 'Code and tests in shared/, backend/, renderer/ and electron/ do not import benchmarks, end-to-end tests or scripts; a helper several tests share goes in tests/support/.',
      from: { path: '^(shared|backend|renderer|electron)/' },
      to: { path: '^(bench|e2e|scripts|bin)/' },
    },
    {
      name: 'tests-only-from-tests',
      severity: 'error',
      comment: 'Only tests (*.test.ts, tests/, e2e/, bench/) import test helpers from tests/.',
      from: { path: '^(shared|backend|renderer|electron)/', pathNot: '[.]test[.]tsx?$' },
      to: { path: '^tests/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'This import cannot be found (a moved or misspelt file, or a package not installed).',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|release|test-results|playwright-report)/' },
    // Type-only imports count: a type cycle is a cycle, and a test may not reach another part through a type.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      extensions: ['.ts', '.tsx', '.mjs', '.js', '.cjs', '.json'],
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'types', 'default'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
