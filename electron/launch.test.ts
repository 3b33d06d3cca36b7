import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectOfSecondStart, requestedProject, sameFolder } from './launch';
import { secondInstancePrompt } from './prompts';

describe('which project a start asks for', () => {
  let dir: string;
  let alpha: string;
  let beta: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'standoff-launch-'));
    alpha = path.join(dir, 'alpha');
    beta = path.join(dir, 'beta');
    for (const p of [alpha, beta]) {
      await mkdir(p);
      await writeFile(path.join(p, 'standoff.json'), '{}');
    }
    await mkdir(path.join(dir, 'not-a-project'));
    await symlink(alpha, path.join(dir, 'alpha-link'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('is the first argument that is a project folder, relative to where Standoff was started', () => {
    expect(requestedProject(['dist/electron/main.cjs', 'alpha'], dir)).toBe(alpha);
    expect(requestedProject(['--no-sandbox', '--original-process-start-time=1', 'not-a-project', beta, alpha], dir)).toBe(beta);
  });

  it('falls back to STANDOFF_PROJECT, then to none', () => {
    expect(requestedProject(['not-a-project'], dir, 'beta')).toBe(beta);
    expect(requestedProject(['not-a-project', 'missing'], dir)).toBeNull();
    expect(requestedProject([], dir)).toBeNull();
  });

  it('reads a second start from what it sent with the lock, else from its arguments', () => {
    expect(projectOfSecondStart({ project: beta }, ['electron', 'x'], '/')).toBe(beta);
    expect(projectOfSecondStart({ project: null }, ['electron', beta], '/')).toBeNull();
    expect(projectOfSecondStart({ project: 'relative/path' }, [], '/')).toBeNull();
    expect(projectOfSecondStart(null, ['/opt/Standoff/standoff', '--flag', 'beta'], dir)).toBe(beta);
  });

  it('knows a folder reached through a link or with a trailing separator is the same folder', () => {
    expect(sameFolder(alpha, path.join(dir, 'alpha-link'))).toBe(true);
    expect(sameFolder(alpha, `${alpha}${path.sep}`)).toBe(true);
    expect(sameFolder(alpha, path.join(beta, '..', 'alpha'))).toBe(true);
    expect(sameFolder(alpha, beta)).toBe(false);
  });

  it('a second start on another project is told so, naming both; on the same project or none, nothing is said', () => {
    const prompt = secondInstancePrompt(alpha, beta, sameFolder);
    expect(prompt?.message).toBe('Standoff is already open on the project “alpha”, so “beta” was not opened.');
    expect(prompt?.detail).toContain(beta);
    expect(prompt?.detail).toContain(alpha);
    expect(secondInstancePrompt(alpha, path.join(dir, 'alpha-link'), sameFolder)).toBeNull();
    expect(secondInstancePrompt(alpha, null, sameFolder)).toBeNull();
  });
});
