import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { Seats } from './seats';

const holder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../tests/support/holdSeat.ts');
const children: ChildProcess[] = [];
const roots: string[] = [];

async function tempRoot(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'standoff-seats-'));
  roots.push(root);
  return root;
}

/** Starts a real second process that claims the seat; resolves with its first line. */
function otherProcess(root: string, annotator: string): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', holder, root, annotator], { stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => resolve({ child, line: String(d).trim() }));
    child.once('error', reject);
    setTimeout(() => reject(new Error('the second process said nothing in 15 s')), 15_000).unref();
  });
}

afterEach(async () => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  for (const r of roots.splice(0)) await rm(r, { recursive: true, force: true });
});

describe('seats: one writer per annotator across processes', () => {
  it('a second process is refused while the first holds the seat, and told who holds it', async () => {
    const root = await tempRoot();
    const mine = new Seats(root, 'Standoff in browser mode');
    expect(await mine.claim('amira')).toEqual({ annotator: 'amira', held: true });
    const other = await otherProcess(root, 'amira');
    expect(other.line).toMatch(/^refused: amira's annotations are open for editing in another window \(Standoff in browser mode, process \d+ on this computer, since \d\d:\d\d\)\. This window is read-only for them until that window closes\.$/);
    expect(other.line).toContain(`process ${process.pid} `);
    // Another annotator's seat is free for it.
    const third = await otherProcess(root, 'layla');
    expect(third.line).toBe('held');
    await mine.releaseAll();
  });

  it('ensure() refuses a write with code "locked" while another process holds the seat', async () => {
    const root = await tempRoot();
    const other = await otherProcess(root, 'amira');
    expect(other.line).toBe('held');
    const mine = new Seats(root, 'Standoff');
    await expect(mine.ensure('amira')).rejects.toMatchObject({ code: 'locked', message: expect.stringContaining('a test process') });
    const note = JSON.parse(await readFile(path.join(root, '.standoff/seats/amira.json'), 'utf8'));
    expect(note.pid).toBe(other.child.pid);
  });

  it('a holder killed with -9 does not keep the seat: it is free at once on the same machine', async () => {
    const root = await tempRoot();
    const other = await otherProcess(root, 'amira');
    expect(other.line).toBe('held');
    const mine = new Seats(root, 'Standoff');
    expect((await mine.claim('amira')).held).toBe(false);
    other.child.kill('SIGKILL');
    await new Promise((r) => other.child.once('exit', r));
    const t = performance.now();
    expect(await mine.claim('amira')).toEqual({ annotator: 'amira', held: true });
    expect(performance.now() - t).toBeLessThan(2000);
    await mine.releaseAll();
  });

  it('a holder that leaves gives the seat back', async () => {
    const root = await tempRoot();
    const other = await otherProcess(root, 'amira');
    expect(other.line).toBe('held');
    other.child.stdin!.write('release\n');
    await new Promise((r) => other.child.once('exit', r));
    const mine = new Seats(root, 'Standoff');
    expect((await mine.claim('amira')).held).toBe(true);
    await mine.releaseAll();
  });

  it('services of one process share a seat, and it is let go when the last of them closes', async () => {
    const root = await tempRoot();
    const a = new Seats(root, 'Standoff');
    const b = new Seats(root, 'Standoff');
    expect((await a.claim('amira')).held).toBe(true);
    expect((await b.claim('amira')).held).toBe(true);
    await a.releaseAll();
    expect(b.holds('amira')).toBe(true);
    await b.releaseAll();
    expect(b.holds('amira')).toBe(false);
    expect((await otherProcess(root, 'amira')).line).toBe('held');
  });
});
