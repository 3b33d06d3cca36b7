/**
 * `standoff assign` and `standoff status` as a user runs them: the real command in its own
 * process, on a real project folder.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { standoff } from '../../tests/support/cli';
import { SEEDS } from '../../tests/support/seeds';
import { parseAssignmentFile } from '../../shared/format/assignmentFile';

let base: string;
let project: string;
let ids: string[];

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'standoff-cli-team-'));
  project = path.join(base, 'iraq');
  expect((await standoff('new', project)).code).toBe(0);
  const imported = await standoff('import', project, SEEDS);
  expect(imported.stdout).toContain('5 imported');
  ids = [...imported.stdout.matchAll(/→ (\S+)/g)].map((m) => m[1]!).sort();
  expect(ids).toHaveLength(5);
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

const assignment = async () => parseAssignmentFile(await readFile(path.join(project, 'assignment.json'), 'utf8'));

describe('standoff assign and status', () => {
  it('plans, shows a dry run, changes by hand and reports progress', async () => {
    const empty = await standoff('assign', project);
    expect(empty.stdout).toBe('No document is assigned yet (5 in the project). Plan: standoff assign <project> --annotators a,b,c --as <curator>\n');

    const dry = await standoff('assign', project, '--annotators', 'layla,tom', '--overlap-share', '40%', '--order', 'in-order', '--dry-run', '--as', 'layla');
    expect(dry.stderr).toBe('');
    expect(dry.stdout.split('\n').filter((l) => l.startsWith('  '))).toHaveLength(5);
    expect(dry.stdout).toContain('5 documents would be assigned: 3 to one annotator, 2 to two (documents each: layla 4, tom 3). Dry run: nothing was written.');
    await expect(readFile(path.join(project, 'assignment.json'))).rejects.toThrow(/ENOENT/);

    const run = await standoff('assign', project, '--annotators', 'layla,tom', '--overlap-share', '0.4', '--order', 'in-order', '--as', 'layla');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('5 documents assigned: 3 to one annotator, 2 to two (documents each: layla 4, tom 3).\n');
    const file = await assignment();
    expect(Object.values(file.documents).map((a) => a.length).sort()).toEqual([1, 1, 1, 2, 2]);
    expect(file.plan).toMatchObject({ annotators: ['layla', 'tom'], overlapShare: 0.4, order: 'in-order' });

    const set = await standoff('assign', project, '--docs', `${ids[0]},${ids[1]}`, '--set', 'amira', '--as', 'layla');
    expect(set.stdout).toBe('2 documents set to amira.\n');
    expect((await assignment()).documents[ids[0]!]).toEqual(['amira']);
    const unassign = await standoff('assign', project, '--docs', ids[1]!, '--set', '', '--as', 'layla');
    expect(unassign.stdout).toBe('1 document set to nobody (unassigned).\n');

    const status = await standoff('status', project);
    expect(status.code).toBe(0);
    const lines = status.stdout.split('\n');
    expect(lines[0]).toBe('5 documents; 1 unassigned; 0 adjudicated. Curators: none named (anyone may assign).');
    expect(lines[1]).toBe('Not shared: every time of last sync is "never".');
    expect(lines[3]).toMatch(/^annotator\s+assigned\s+finished\s+in progress\s+not started\s+spans\s+last sync$/);
    expect(lines[4]).toMatch(/^amira\s+1\s+0\s+0\s+1\s+0\s+never$/);

    const json = JSON.parse((await standoff('status', project, '--json')).stdout) as { annotators: { annotator: string; assigned: number }[]; unassigned: number };
    expect(json.unassigned).toBe(1);
    expect(json.annotators.map((a) => a.annotator)).toEqual(['amira', 'layla', 'tom']);
    expect(json.annotators.reduce((n, a) => n + a.assigned, 0)).toBe(Object.values((await assignment()).documents).flat().length);

    const docs = await standoff('status', project, '--documents');
    expect(docs.stdout).toContain(`${ids[1]}`);
    expect(docs.stdout.split('\n').find((l) => l.startsWith(ids[1]!))).toMatch(/: unassigned; nobody yet$/);
    expect(docs.stdout.split('\n').find((l) => l.startsWith(ids[0]!))).toMatch(/: amira not started$/);
  }, 120_000);

  it('refuses anyone but the curator, in words, and writes nothing', async () => {
    await writeFile(path.join(project, 'team.json'), '{ "formatVersion": 1, "curators": ["layla"] }\n');
    try {
      const before = await readFile(path.join(project, 'assignment.json'), 'utf8').catch(() => null);
      const refused = await standoff('assign', project, '--annotators', 'tom', '--replace', '--as', 'tom');
      expect(refused.code).toBe(2);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toBe('standoff: Only the curator (layla) can change the assignment, and tom is not named as a curator in team.json. Nothing was changed; ask layla to make this change.\n');
      const byHand = await standoff('assign', project, '--docs', ids[2]!, '--add', 'tom', '--as', 'tom');
      expect(byHand.stderr).toContain('Only the curator (layla) can change the assignment');
      expect(await readFile(path.join(project, 'assignment.json'), 'utf8').catch(() => null)).toBe(before);
      expect((await standoff('status', project)).stdout.split('\n')[0]).toMatch(/Curators: layla\.$/);
    } finally {
      await rm(path.join(project, 'team.json'));
    }
  }, 60_000);

  it('names the option at fault, and validate reports a document the assignment names but the project lacks', async () => {
    const bad = await standoff('assign', project, '--annotators', 'tom', '--per-document', 'two', '--overlap-share', '150%', '--as', 'layla');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^standoff: invalid plan: --per-document: .*; --overlap-share: .*<=1/);
    expect((await standoff('assign', project, '--set', 'tom', '--as', 'layla')).stderr).toBe('standoff: --set needs --docs: the documents to change\n');
    expect((await standoff('assign', project, '--seed', 'x')).stderr).toBe('standoff: --seed goes with a plan: give --annotators too\n');
    expect((await standoff('assign', project, '--annotators', 'tom', '--per-document', '2', '--as', 'layla')).stderr).toBe(
      'standoff: Each document would need 2 annotators, but the plan names 1 (tom): name more annotators, or ask for fewer per document.\n',
    );

    const file = await assignment();
    await writeFile(path.join(project, 'assignment.json'), JSON.stringify({ ...file, documents: { ...file.documents, 'gone-1': ['tom'] } }));
    const validate = await standoff('validate', project);
    expect(validate.code).toBe(1);
    expect(validate.stdout).toContain('assignment.json: assigns a document the project does not hold ("gone-1"); remove it with standoff assign --docs … --set ""');
  }, 90_000);
});
