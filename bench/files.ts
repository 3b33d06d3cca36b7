/**
 * `npm run bench` (files): what the project's path check costs. insideProject runs on every save
 * and every document read, following links to refuse those that leave the project; its target is
 * a few microseconds a call (printed against 50 µs: a save has 20 ms in all). A benchmark, not a timed test: a busy
 * machine must not fail a test for being busy.
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { insideProject } from '../backend/project/files';

const TARGET_US = 50;
const dir = await mkdtemp(path.join(tmpdir(), 'standoff-bench-files-'));
try {
  await mkdir(path.join(dir, 'documents', 'a', 'annotations'), { recursive: true });
  await mkdir(path.join(dir, 'documents', 'b'), { recursive: true });
  await writeFile(path.join(dir, 'documents', 'a', 'annotations', 'alice.json'), '{}');
  await symlink(path.join('..', 'a', 'annotations'), path.join(dir, 'documents', 'b', 'annotations'));
  const cost = (relative: string) => {
    for (let i = 0; i < 200; i++) insideProject(dir, relative); // warm up
    const n = 5000;
    const t = performance.now();
    for (let i = 0; i < n; i++) insideProject(dir, relative);
    return ((performance.now() - t) / n) * 1000;
  };
  console.log('\nPath checks (insideProject, every save and document read)');
  for (const [what, relative] of [
    ['an existing file', 'documents/a/annotations/alice.json'],
    ['through a link inside the project', 'documents/b/annotations/alice.json'],
    ['a file not yet written', 'documents/a/annotations/new.json'],
  ] as const) {
    const us = cost(relative);
    console.log(`  ${what.padEnd(36)} ${us.toFixed(1).padStart(6)} µs a call   target < ${TARGET_US} µs: ${us < TARGET_US ? 'met' : 'MISSED'}`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
