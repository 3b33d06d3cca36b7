import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ChangedOnDisk, chunksHash, contentHash, knownBytes, removeDeadTemporaries, replaceDurably, writeDurably } from './durableFile';

const writer = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../tests/support/writeLoop.ts');
const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});
async function tempDir(): Promise<string> {
  const d = await mkdtemp(path.join(tmpdir(), 'standoff-durable-'));
  dirs.push(d);
  return d;
}
function startWriter(file: string, who: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', writer, file, who], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve) => child.stdout!.once('data', () => resolve(child)));
}
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('replaceDurably: content in pieces, checked against the bytes last written', () => {
  const pieces = (...parts: string[]) => parts.map((p) => Buffer.from(p, 'utf8'));

  it('writes the pieces whole, and only over the very bytes it knows', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'layer.json');
    // Many pieces, some empty, more than a write call takes at once, more than the compare buffer holds.
    const first = Array.from({ length: 3_000 }, (_, i) => Buffer.from(i % 7 === 0 ? '' : `{"i": ${i}, "pad": "${'é'.repeat(400)}"},\n`));
    await replaceDurably(file, first, null);
    const written = await readFile(file);
    expect(written.equals(Buffer.concat(first))).toBe(true);
    expect(chunksHash(first)).toBe(contentHash(written));

    const second = pieces('{"v":', '2}');
    await replaceDurably(file, second, knownBytes(first));
    expect(await readFile(file, 'utf8')).toBe('{"v":2}');
    // Written again from a stale idea of the file: refused, nothing written.
    await expect(replaceDurably(file, pieces('{"v":3}'), knownBytes(first))).rejects.toBeInstanceOf(ChangedOnDisk);
    expect(await readFile(file, 'utf8')).toBe('{"v":2}');
    expect(await readdir(dir)).toEqual(['layer.json']);
  });

  it('notices an equal-length change whose modification time was put back, and a removed file', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'layer.json');
    const mine = pieces('{"label": ', '"actor"}\n');
    await replaceDurably(file, mine, null);
    const before = await stat(file);
    await writeFile(file, '{"label": "claim"}\n'); // same length, as a sync client would write it
    await utimes(file, before.atime, before.mtime);
    const refused = await replaceDurably(file, pieces('{"label": "denial"}\n'), knownBytes(mine)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ChangedOnDisk);
    expect((refused as ChangedOnDisk).now?.bytes.toString()).toBe('{"label": "claim"}\n');
    expect((refused as ChangedOnDisk).now?.hash).toBe(contentHash('{"label": "claim"}\n'));
    await rm(file);
    const gone = await replaceDurably(file, pieces('x'), knownBytes(mine)).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(ChangedOnDisk);
    expect((gone as ChangedOnDisk).now).toBeNull();
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('writeDurably', () => {
  it('writes only over the version it knows: a changed file is reported and left alone', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'a.json');
    const first = await writeDurably(file, '{"v":1}', null);
    expect(first).toBe(contentHash('{"v":1}'));
    await expect(writeDurably(file, '{"v":0}', null)).rejects.toBeInstanceOf(ChangedOnDisk); // it exists now
    await writeFile(file, '{"v":9}'); // someone else
    const refused = await writeDurably(file, '{"v":2}', first).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ChangedOnDisk);
    expect((refused as ChangedOnDisk).now?.bytes.toString()).toBe('{"v":9}');
    expect(await readFile(file, 'utf8')).toBe('{"v":9}');
    await writeDurably(file, '{"v":3}', contentHash('{"v":9}'));
    expect(await readFile(file, 'utf8')).toBe('{"v":3}');
    expect(await readdir(dir)).toEqual(['a.json']);
  });

  it('leaves nothing behind when the write fails', async () => {
    const dir = await tempDir();
    await expect(writeDurably(path.join(dir, 'missing-folder', 'a.json'), 'x')).rejects.toMatchObject({ code: 'ENOENT' });
    await writeFile(path.join(dir, 'a.json'), 'before');
    await expect(writeDurably(path.join(dir, 'a.json'), 'after', 'not-the-hash')).rejects.toBeInstanceOf(ChangedOnDisk);
    expect(await readdir(dir)).toEqual(['a.json']);
  });

  it('two processes writing one file, killed with -9 again and again: the file is always one whole document', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'layer.json');
    let reads = 0;
    for (let round = 0; round < 6; round++) {
      const a = await startWriter(file, 'a');
      const b = await startWriter(file, 'b');
      // A reader beside them never sees a part of a file, nor an empty one.
      const until = Date.now() + 150 + Math.random() * 250;
      while (Date.now() < until) {
        const raw = await readFile(file, 'utf8');
        expect(raw.length).toBeGreaterThan(0);
        expect(() => JSON.parse(raw)).not.toThrow();
        reads++;
        await pause(1);
      }
      a.kill('SIGKILL');
      b.kill('SIGKILL');
      await Promise.all([a, b].map((c) => new Promise((r) => (c.exitCode !== null || c.signalCode ? r(null) : c.once('exit', r)))));
      const body = JSON.parse(await readFile(file, 'utf8')) as { who: string; n: number };
      expect(['a', 'b']).toContain(body.who);
    }
    expect(reads).toBeGreaterThan(50);
    // What a kill can leave is a temporary file of its own name, never the target in pieces.
    for (const name of await readdir(dir)) expect(name === 'layer.json' || /^\.layer\.json\.\d+-[0-9a-f]{8}\.tmp$/.test(name)).toBe(true);
  }, 60_000);

  it('sweeps the temporary files of writers that were killed, and only those', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'layer.json');
    await writeFile(file, '{}');
    const old = new Date(Date.now() - 120_000);
    const dead = path.join(dir, '.layer.json.999999-0badc0de.tmp'); // no such process
    const recentDead = path.join(dir, '.layer.json.999998-0badc0de.tmp');
    const living = path.join(dir, `.layer.json.${process.pid}-0badc0de.tmp`);
    const other = path.join(dir, '.other.json.999999-0badc0de.tmp');
    for (const f of [dead, recentDead, living, other]) await writeFile(f, 'partial');
    for (const f of [dead, living, other]) await utimes(f, old, old);
    expect(await removeDeadTemporaries(file)).toBe(1);
    expect((await readdir(dir)).sort()).toEqual([path.basename(living), path.basename(other), path.basename(recentDead), 'layer.json'].sort());
  });
});
