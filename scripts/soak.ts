// `npm run soak`: does an acknowledged save stay on disk, whole, whatever happens around the
// app? Real `standoff serve` processes on copies of the sample project, on 127.0.0.1 only:
// two windows on one annotator (quick, and at an analyst's pace), kill -9 of both, a full
// disk, and outside programs (an equal-size edit with the old mtime, a git checkout of an
// older version, a deleted document), with a reader polling every annotation file throughout.
// Prints a line per scenario, then a table; exits 1 when any scenario misses the target: an
// acknowledged save lost, a corrupt file or read, an empty or missing read, or a scenario's own
// check failed (scripts/soak/report.ts: LEGEND). Starts and stops its own processes, and removes its temp
// folders and mounts. Not part of `npm test`.
import { parseArgs } from 'node:util';
import { seededRandom } from '../tests/support/random';
import { cleanUpAll } from './soak/cleanup';
import { Reader } from './soak/reader';
import { describeScenario, LEGEND, misses, table } from './soak/report';
import { SCENARIOS } from './soak/scenarios';
import { killAllStarted } from './soak/serve';
import type { ScenarioResult, SkippedScenario, SoakContext } from './soak/stage';

const HELP = `npm run soak -- [options]

  --quick          a short run (under ~90 s): 5 s per timed scenario, 3 rounds of kill -9
  --seconds N      how long the timed scenarios run (default 40; the outside-program ones run
                   half of it, the full disk an eighth, a quarter and an eighth)
  --rounds N       rounds of kill -9 (default 20)
  --only a,b       only these scenarios: ${SCENARIOS.map((s) => s.key).join(', ')}
  --seed N         the random choices' seed (printed at the start), to run much the same again
  --keep           keep each scenario's project folder, to look at afterwards
`;

const OPTIONS = {
  quick: { type: 'boolean', default: false },
  seconds: { type: 'string' },
  rounds: { type: 'string' },
  only: { type: 'string' },
  seed: { type: 'string' },
  keep: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;
let values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];
try {
  values = parseArgs({ options: OPTIONS }).values;
} catch (e) {
  console.error(`soak: ${(e as Error).message.split('\n')[0]}\n\n${HELP}`);
  process.exit(2);
}
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

function positive(option: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const x = Number(value);
  if (!Number.isFinite(x) || x <= 0) {
    console.error(`soak: --${option} must be a positive number, not "${value}"`);
    process.exit(2);
  }
  return x;
}

const only = values.only?.split(',').map((s) => s.trim()) ?? null;
const unknown = only?.filter((k) => !SCENARIOS.some((s) => s.key === k)) ?? [];
if (unknown.length) {
  console.error(`soak: no scenario ${unknown.join(', ')}; there are ${SCENARIOS.map((s) => s.key).join(', ')}`);
  process.exit(2);
}
const seed = Math.floor(positive('seed', values.seed, 1 + Math.floor(Math.random() * 2 ** 31)));
const reader = new Reader();
const ctx: SoakContext = {
  reader,
  random: seededRandom(seed),
  seconds: positive('seconds', values.seconds, values.quick ? 5 : 40),
  rounds: Math.round(positive('rounds', values.rounds, values.quick ? 3 : 20)),
  quick: values.quick,
  keep: values.keep,
};

// Ctrl+C: stop what was started here, undo the mounts and folders, then go.
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    console.error(`\nsoak: ${signal}: stopping the processes it started and cleaning up…`);
    killAllStarted();
    void cleanUpAll().finally(() => process.exit(130));
  });
}

const started = Date.now();
console.log(`soak: seed ${seed}, ${ctx.seconds} s per timed scenario, ${ctx.rounds} rounds of kill -9${ctx.quick ? ' (quick)' : ''}`);
const results: (ScenarioResult | SkippedScenario)[] = [];
let errors = 0;
try {
  for (const scenario of SCENARIOS.filter((s) => !only || only.includes(s.key))) {
    if (interrupted) break;
    const t0 = Date.now();
    try {
      const result = await scenario.run(ctx);
      results.push(result);
      console.log(`${describeScenario(result)}\n    (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    } catch (e) {
      if (interrupted) break;
      errors += 1;
      console.log(`${scenario.name}: could not run: ${(e as Error).stack ?? (e as Error).message}`);
      killAllStarted();
      await reader.stop().catch(() => undefined);
    }
  }
} finally {
  killAllStarted();
  await cleanUpAll();
  await reader.close();
}
if (interrupted) await new Promise(() => {}); // the signal handler exits

console.log(`\n${table(results)}\n`);
for (const line of LEGEND) console.log(line);
const missed = misses(results);
const minutes = ((Date.now() - started) / 60_000).toFixed(1);
if (missed.length || errors) {
  console.log(`\nsoak: target missed (${minutes} min):`);
  for (const m of missed) console.log(`  ${m}`);
  if (errors) console.log(`  ${errors} scenario${errors === 1 ? '' : 's'} could not run`);
  process.exit(1);
}
console.log(`\nsoak: target met in every scenario (${minutes} min)`);
