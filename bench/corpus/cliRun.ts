/**
 * Runs the `standoff` command line in this process, as bin/standoff.mjs does, and on exit writes
 * what the process itself measured (peak resident memory, CPU time) as JSON to the file named by
 * STANDOFF_BENCH_USAGE. bench/corpus/stream.ts starts it once per figure: a fresh process each
 * time, so every figure is cold (nothing of the project in memory; the OS file cache is as the
 * machine left it).
 */
import { writeFileSync } from 'node:fs';
import { runCli } from '../../backend/cli/main';

const usageFile = process.env.STANDOFF_BENCH_USAGE;
if (usageFile) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    // maxRSS is in kilobytes; CPU times in microseconds.
    writeFileSync(usageFile, JSON.stringify({ maxRssBytes: u.maxRSS * 1024, userMs: u.userCPUTime / 1000, systemMs: u.systemCPUTime / 1000 }));
  });
}
await runCli(process.argv);
