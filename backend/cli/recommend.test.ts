/**
 * `standoff recommend` as a user runs it: the real command in its own process, on a copy of the
 * sample project (with its annotators' layers).
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { standoff } from '../../tests/support/cli';

const SAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../annotations');
let base: string;
let project: string;

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'standoff-cli-recommend-'));
  project = path.join(base, 'sample');
  await cp(SAMPLE, project, { recursive: true });
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('standoff recommend', () => {
  it('measures a recommender against an annotator, prints P/R/F1 per label, and keeps it for the list', async () => {
    const run = await standoff('recommend', project, '--evaluate', '--against', 'layla', '--only', 'casualty', '--folds', '2');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe("Measured against layla's layer on 5 documents.");
    expect(lines[2]).toMatch(/^casualty — .* \(run on each document; the entity registry from the other 1 folds only\)$/);
    expect(lines[3]).toMatch(/label +exact: P +R +F1 +overlap: P +R +F1 +spans/);
    const row = lines.find((l) => l.trim().startsWith('casualty-figure'))!.trim().split(/\s+/);
    // label, P R F1 exact, P R F1 overlapping, spans: layla has 21 casualty figures.
    expect(row).toHaveLength(8);
    expect(row[7]).toBe('21');
    expect(Number(row[6])).toBeGreaterThan(0.5);
    const kept = JSON.parse(await readFile(path.join(project, 'recommenders.json'), 'utf8'));
    expect(kept.quality.casualty).toMatchObject({ recommender: 'casualty', against: 'layla', documents: 5, method: 'direct' });
    expect(kept.quality.casualty.rows.map((r: { label: string }) => r.label)).toEqual(['casualty-figure', '*']);
    const listed = await standoff('recommend', project);
    expect(listed.stdout).toMatch(/^on {3}casualty — .*\n {5}last measured against layla \(.*\): F1 \d\.\d\d overlapping, \d\.\d\d exact$/m);
    expect(listed.stdout).toMatch(/^off {2}external — .*\n {5}no address is set for the external service$/m);
  });

  it('imports spaCy predictions as a recommender of their own, and refuses options that do not go together', async () => {
    const text = await readFile(path.join(project, 'documents', '000_121e11c80b4a277e', 'text.txt'), 'utf8');
    const file = path.join(base, 'ner.jsonl');
    const u = text.indexOf('Fars News');
    await writeFile(file, `${JSON.stringify({ text, spans: [{ start: u, end: u + 9, label: 'actor', score: 0.7 }] })}\n`);
    const run = await standoff('recommend', project, '--import', file, '--name', 'ner');
    expect(run.stdout).toBe('Imported 1 prediction on 1 document as the recommender predictions-ner.\n');
    expect(run.code).toBe(0);
    const bad = await standoff('recommend', project, '--folds', '3');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--folds goes with --evaluate/);
    const badFolds = await standoff('recommend', project, '--evaluate', '--against', 'layla', '--folds', '1');
    expect(badFolds.stderr).toMatch(/invalid option: --folds/);
  });
});
