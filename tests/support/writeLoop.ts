// A writer process for the durable-write tests: writes a JSON file over and over through
// writeDurably (no compare-and-swap: two of these fight on purpose), each time a whole
// document of a different length, until it is killed.
import { writeDurably } from '../../backend/project/durableFile';

const [file, who] = process.argv.slice(2) as [string, string];
let n = 0;
console.log('writing');
for (;;) {
  n++;
  const body = { who, n, filler: 'x'.repeat((n * 7919) % 50_000) };
  await writeDurably(file, `${JSON.stringify(body)}\n`);
}
