/**
 * The layer and cycle rules of .dependency-cruiser.cjs (run by `npm run lint`) refuse what they
 * say they refuse: each rule is run on a small tree of parts made for it, with one import that
 * breaks the rule and one beside it that keeps it. The project itself is checked by the lint
 * step; this test makes sure the rules can fail at all.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const depcruise = path.join(root, 'node_modules', '.bin', 'depcruise');

/** A tree of parts: every file exports `x`, and imports what it is given. */
const TREE: Record<string, string[]> = {
  'shared/model.ts': [],
  'shared/fine.ts': ['./model'],
  'shared/impure.ts': ['../backend/store'],
  'shared/viaHelper.test.ts': ['../tests/support/drawsEditor'],
  'shared/pureHelper.test.ts': ['../tests/support/pure'],
  'shared/cycleA.ts': ['./cycleB'],
  'shared/cycleB.ts': ['./cycleA'],
  'backend/store.ts': ['../shared/model'],
  'backend/shell.ts': ['../electron/window'],
  'backend/usesBench.ts': ['../bench/timer'],
  'backend/store.test.ts': ['../tests/support/pure', './store'],
  'renderer/editor.ts': ['../shared/model'],
  'renderer/reachesBackend.ts': ['../backend/store'],
  'renderer/helperInCode.ts': ['../tests/support/pure'],
  'electron/window.ts': ['../backend/store', '../shared/model'],
  'electron/page.ts': ['../renderer/editor'],
  'tests/support/pure.ts': ['../../shared/model'],
  'tests/support/drawsEditor.ts': ['../../renderer/editor'],
  'bench/timer.ts': ['../shared/model'],
  'bench/missing.ts': ['../shared/nowhere'],
};

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
  cycle?: { name: string }[];
}

let dir: string;
let violations: Violation[];

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'standoff-rules-'));
  for (const [file, imports] of Object.entries(TREE)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    // Type-only imports: they count as much as any other.
    const lines = imports.map((target, i) => `import type { x as x${i} } from '${target}';`);
    writeFileSync(path.join(dir, file), `${lines.join('\n')}\nexport const x = 1;\n`);
  }
  const run = spawnSync(depcruise, ['--config', path.join(root, '.dependency-cruiser.cjs'), '--output-type', 'json', 'shared', 'backend', 'renderer', 'electron', 'tests', 'bench'], {
    cwd: dir,
    encoding: 'utf8',
  });
  expect(run.stdout, run.stderr).not.toBe('');
  violations = (JSON.parse(run.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The rules broken by imports from a file, as "rule → target". */
function brokenFrom(file: string): string[] {
  return violations.filter((v) => v.from === file).map((v) => `${v.rule.name} → ${v.to}`).sort();
}

describe('the dependency rules', () => {
  it('keep shared/ pure, its tests too, even through a test helper', () => {
    expect(brokenFrom('shared/impure.ts')).toEqual(['shared-is-pure → backend/store.ts']);
    expect(brokenFrom('shared/viaHelper.test.ts')).toEqual(['shared-is-pure → renderer/editor.ts']);
    expect(brokenFrom('shared/fine.ts')).toEqual([]);
    expect(brokenFrom('shared/pureHelper.test.ts')).toEqual([]);
  });

  it('let backend/ reach only shared/, and keep benchmarks out of it', () => {
    expect(brokenFrom('backend/shell.ts')).toEqual(['backend-only-shared → electron/window.ts']);
    expect(brokenFrom('backend/usesBench.ts')).toEqual(['parts-not-tools → bench/timer.ts']);
    expect(brokenFrom('backend/store.ts')).toEqual([]);
    expect(brokenFrom('backend/store.test.ts')).toEqual([]);
  });

  it('let renderer/ reach only shared/, and test helpers only from tests', () => {
    expect(brokenFrom('renderer/reachesBackend.ts')).toEqual(['renderer-only-shared → backend/store.ts']);
    expect(brokenFrom('renderer/helperInCode.ts')).toEqual(['tests-only-from-tests → tests/support/pure.ts']);
    expect(brokenFrom('renderer/editor.ts')).toEqual([]);
  });

  it('keep the renderer out of electron/, which may use backend/ and shared/', () => {
    expect(brokenFrom('electron/page.ts')).toEqual(['electron-no-renderer → renderer/editor.ts']);
    expect(brokenFrom('electron/window.ts')).toEqual([]);
  });

  it('refuse an import cycle, even of types only', () => {
    const cycles = violations.filter((v) => v.rule.name === 'no-cycle');
    expect(cycles).toHaveLength(1);
    expect([cycles[0]!.from, ...cycles[0]!.cycle!.map((c) => c.name)].sort()).toEqual(['shared/cycleA.ts', 'shared/cycleA.ts', 'shared/cycleB.ts']);
  });

  it('refuse an import of a file that is not there', () => {
    expect(brokenFrom('bench/missing.ts')).toEqual(['not-to-unresolvable → ../shared/nowhere']);
  });

  it('report nothing else: one violation for each import above that breaks a rule, one for the cycle', () => {
    expect(violations.map((v) => `${v.from}: ${v.rule.name} → ${v.to}`)).toHaveLength(9);
  });
});
