// `npm test`: every suite, then one line that totals them all, "N passed, N failed, N skipped".
// Suites: lint (ESLint, then dependency-cruiser's layer and cycle rules) and typecheck (one check each), the unit tests (Vitest), the build, and the
// end-to-end tests (Playwright in Chromium, browser mode; the Electron ones skip where no
// Electron binary exists, saying why).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, '.test-output');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];

function run(label, cmd, args, env = {}) {
  console.log(`\n=== ${label}: ${[path.basename(cmd), ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

function check(label, ok) {
  totals[ok ? 'passed' : 'failed'] += 1;
  lines.push(`${label}: ${ok ? '1 passed' : '1 failed'}`);
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

check('lint', run('lint', 'npm', ['run', '--silent', 'lint']));
check('typecheck', run('typecheck', 'npm', ['run', '--silent', 'typecheck']));

const vitestFile = path.join(out, 'vitest.json');
const unitOk = run('unit', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestFile}`]);
const unit = readJson(vitestFile);
if (unit) {
  const skipped = (unit.numPendingTests ?? 0) + (unit.numTodoTests ?? 0);
  totals.passed += unit.numPassedTests;
  totals.failed += unit.numFailedTests + (unitOk || unit.numFailedTests ? 0 : 1);
  totals.skipped += skipped;
  lines.push(`unit: ${unit.numPassedTests} passed, ${unit.numFailedTests} failed, ${skipped} skipped`);
} else {
  check('unit (no report)', false);
}

const built = run('build', 'node', ['scripts/build.mjs', '--quiet']);
check('build', built);
if (built) {
  const e2eFile = path.join(out, 'playwright.json');
  const e2eOk = run('e2e', bin('playwright'), ['test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: e2eFile });
  const e2e = readJson(e2eFile);
  if (e2e?.stats) {
    const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = e2e.stats;
    totals.passed += expected + flaky;
    totals.failed += unexpected + (e2eOk || unexpected ? 0 : 1);
    totals.skipped += skipped;
    lines.push(`e2e: ${expected + flaky} passed${flaky ? ` (${flaky} flaky)` : ''}, ${unexpected} failed, ${skipped} skipped`);
  } else {
    check('e2e (no report)', false);
  }
}

console.log('\n=== summary');
for (const line of lines) console.log(line);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed ? 1 : 0);
