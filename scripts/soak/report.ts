/** How the soak prints: a line (and its details) per scenario, then a table of them all. */
import type { ScenarioResult, SkippedScenario } from './stage';
import { describeRefusals, n, shortfalls } from './tally';

export const LEGEND = [
  'acknowledged: saves the service answered with HTTP 200 ok (each the add of one new span).',
  'lost: acknowledged spans found in no annotation file once the servers have stopped, except those an outside program took',
  '  on purpose ("outside": renamed by it, reverted by its git checkout, or in the document it deleted; its choice, not a loss).',
  'reads: reads of every annotation file by a reader polling every ~2 ms (paused while git itself writes a file);',
  '  corrupt = not JSON of the annotation format, empty = 0 bytes, missing = a listed file not there.',
  'target: 0 lost, 0 corrupt files or reads, 0 empty or missing reads, and each scenario check met. `standoff validate` is',
  '  shown beside, not part of it: after a kill -9 during a save it reports the temporary file left behind.',
];

/** The scenario's line, and indented lines under it for what needs saying. */
export function describeScenario(r: ScenarioResult | SkippedScenario): string {
  if ('skipped' in r) return `${r.name}: skipped: ${r.skipped}`;
  const lines = [
    `${r.name}: ${n(r.disk.acknowledged)} acknowledged of ${n(r.saves.sent)} saves (refused: ${describeRefusals(r.saves.refused)}; failed ${n(r.saves.failed)}), ` +
      `${n(r.disk.onDisk)} on disk, ${n(r.disk.lost)} lost${r.disk.takenOutside ? `, ${n(r.disk.takenOutside)} taken by the outside program` : ''}; ` +
      `files: ${r.files.parse} parse, ${r.files.corrupt} corrupt; ` +
      `reads: ${n(r.reads.reads)}, ${n(r.reads.corrupt)} corrupt, ${n(r.reads.empty)} empty, ${n(r.reads.missing)} missing; ` +
      `validate ${r.validateClean ? 'clean' : 'NOT clean'}`,
  ];
  const more = (line: string) => lines.push(`    ${line}`);
  r.notes.forEach(more);
  if (r.disk.unacknowledgedOnDisk) more(`on disk though not acknowledged (refused or failed): ${n(r.disk.unacknowledgedOnDisk)}`);
  for (const c of r.checks) more(`${c.ok ? 'ok  ' : 'FAIL'} ${c.what}: ${c.detail}`);
  if (r.disk.lost) more(`lost, for example: ${r.disk.lostIds.slice(0, 5).join(', ')}`);
  if (r.corruptFiles.length) more(`corrupt at the end: ${r.corruptFiles.join(', ')}`);
  if (r.reads.examples.length) more(`bad reads, for example: ${r.reads.examples.join('; ')}`);
  if (r.validateProblems.length) more(`validate: ${r.validateProblems.slice(0, 4).join(' | ')}${r.validateProblems.length > 4 ? ' | …' : ''}`);
  return lines.join('\n');
}

const COLUMNS = ['scenario', 'saves', 'acknowledged', 'on disk', 'lost', 'outside', 'files ok/bad', 'reads', 'corrupt', 'empty', 'missing', 'validate', 'checks'];

/** One row per scenario; the last column says how many of its own checks failed. */
export function table(results: (ScenarioResult | SkippedScenario)[]): string {
  const rows = results.map((r) => {
    const name = r.name.replace(/ \(.*\)$/, ''); // without its durations
    if ('skipped' in r) return [name, 'skipped', '', '', '', '', '', '', '', '', '', '', ''];
    const failed = r.checks.filter((c) => !c.ok).length;
    return [
      name,
      n(r.saves.sent),
      n(r.disk.acknowledged),
      n(r.disk.onDisk),
      n(r.disk.lost),
      n(r.disk.takenOutside),
      `${r.files.parse}/${r.files.corrupt}`,
      n(r.reads.reads),
      n(r.reads.corrupt),
      n(r.reads.empty),
      n(r.reads.missing),
      r.validateClean ? 'clean' : 'NOT clean',
      r.checks.length ? (failed ? `${failed} failed` : 'ok') : '-',
    ];
  });
  const widths = COLUMNS.map((c, i) => Math.max(c.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(COLUMNS), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Every way a scenario missed the target, "scenario: what". */
export function misses(results: (ScenarioResult | SkippedScenario)[]): string[] {
  return results.flatMap((r) => ('skipped' in r ? [] : shortfalls(r).map((s) => `${r.name}: ${s}`)));
}
