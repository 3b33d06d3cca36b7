// Preloaded (node --import) into a `standoff` process by bench/corpus/stream.ts: on exit, writes
// what the process itself measured (peak resident memory, CPU time) as JSON to the file named
// by STANDOFF_BENCH_USAGE. Plain JavaScript, so that measuring loads nothing the command would not.
import { writeFileSync } from 'node:fs';
import process from 'node:process';

const usageFile = process.env.STANDOFF_BENCH_USAGE;
if (usageFile) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    // maxRSS is in kilobytes; CPU times in microseconds.
    writeFileSync(usageFile, JSON.stringify({ maxRssBytes: u.maxRSS * 1024, userMs: u.userCPUTime / 1000, systemMs: u.systemCPUTime / 1000 }));
  });
}
