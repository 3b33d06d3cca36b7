/**
 * The soak's scenarios, one function each. Every scenario runs on a fresh copy of the sample
 * project with real `standoff serve` processes, saves as the annotator "soak", and ends with
 * Stage.finish(): servers stopped, every annotation file read, `standoff validate` run.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { onCleanup } from './cleanup';
import { Filler, mountSmallDisk } from './disk';
import { annotationFile } from './project';
import { renamedId } from './spans';
import { Stage, type ScenarioResult, type SkippedScenario, type SoakContext } from './stage';
import { countSave, describeRefusals, describeSaves, emptySaveCounts, n, type SaveCounts } from './tally';
import { sleep, type Pace, type SaveRecord } from './window';

const run = promisify(execFile);
const QUICK: Pace = { kind: 'quick' };
const HUMAN: Pace = { kind: 'human', minMs: 300, maxMs: 700 };

export interface Scenario {
  /** For --only. */
  key: string;
  name: string;
  run(ctx: SoakContext): Promise<ScenarioResult | SkippedScenario>;
}

export const SCENARIOS: Scenario[] = [
  { key: 'quick', name: 'two windows, quick', run: (ctx) => twoWindows(ctx, 'two windows, quick', QUICK) },
  { key: 'human', name: 'two windows, human pace', run: (ctx) => twoWindows(ctx, 'two windows, human pace', HUMAN) },
  { key: 'kill', name: 'kill -9 of both windows', run: killNine },
  { key: 'disk', name: 'full disk', run: fullDisk },
  { key: 'outside-edit', name: 'outside edit, same size, mtime kept', run: outsideEqualSizeEdit },
  { key: 'git', name: 'git checkout of an older version', run: gitCheckout },
  { key: 'delete', name: 'document folder deleted', run: deletedDocument },
];

const acknowledged = (r: SaveRecord) => r.outcome.kind === 'acknowledged';
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
/** A duration in seconds as a scenario's title shows it: "13.3", not "13.333333333333334". */
const shown = (s: number) => String(Math.round(s * 10) / 10);

/** 1, 2: two `serve` processes on one project, both saving for the same annotator. */
async function twoWindows(ctx: SoakContext, name: string, pace: Pace): Promise<ScenarioResult> {
  const stage = await Stage.open(ctx, `${name} (${shown(ctx.seconds)} s)`);
  const a = stage.window('a', pace);
  const b = stage.window('b', pace);
  await Promise.all([stage.serve(a), stage.serve(b)]);
  a.start();
  b.start();
  await sleep(ctx.seconds * 1000);
  return stage.finish();
}

/**
 * 3: the same two processes, saving as fast as they can; each round, after a random while,
 * one of them or both are killed with SIGKILL and started again. Measures how long the
 * windows wait to save again after the process that saved last (the seat's holder) is killed.
 */
async function killNine(ctx: SoakContext): Promise<ScenarioResult> {
  const stage = await Stage.open(ctx, `kill -9 of both windows (${ctx.rounds} rounds)`);
  // Who saved last (the seat's holder, once there are seats), and since when that one is dead.
  const seat = { lastSaver: '', holderKilledAt: null as number | null };
  const waits: number[] = [];
  const onSave = (r: SaveRecord) => {
    if (!acknowledged(r)) return;
    seat.lastSaver = r.window;
    if (seat.holderKilledAt !== null) waits.push(r.doneAt - seat.holderKilledAt);
    seat.holderKilledAt = null;
  };
  const windows = [stage.window('a', QUICK, undefined, onSave), stage.window('b', QUICK, undefined, onSave)];
  await Promise.all(windows.map((w) => stage.serve(w)));
  windows.forEach((w) => w.start());
  const [minMs, maxMs] = ctx.quick ? [300, 1200] : [500, 2500];
  let kills = 0;
  for (let round = 0; round < ctx.rounds; round++) {
    await sleep(minMs + ctx.random() * (maxMs - minMs));
    const pick = ctx.random();
    const victims = pick < 0.4 ? [windows[0]!] : pick < 0.8 ? [windows[1]!] : windows;
    if (seat.holderKilledAt === null && victims.some((w) => w.name === seat.lastSaver)) seat.holderKilledAt = performance.now();
    await Promise.all(victims.map((w) => w.server?.kill9()));
    kills += victims.length;
    await Promise.all(victims.map((w) => stage.serve(w)));
  }
  // Let the last kill's wait for the seat finish (a lease of ~10 s), so its figure is whole.
  const tailEnd = performance.now() + 15_000;
  await sleep(500);
  while (seat.holderKilledAt !== null && performance.now() < tailEnd) await sleep(100);
  stage.notes.push(`${kills} kills in ${ctx.rounds} rounds`);
  stage.notes.push(
    waits.length
      ? `saving again after the last saver was killed: after ${seconds(Math.max(...waits))} at most (median ${seconds(median(waits))}, ${waits.length} kill${waits.length === 1 ? '' : 's'} of the last saver)`
      : 'the last saver was never killed',
  );
  if (seat.holderKilledAt !== null) stage.notes.push('no save was acknowledged in the 15 s after the last kill of the last saver');
  return stage.finish();
}

/** What became of some saves, counted. */
function countOf(records: SaveRecord[]): SaveCounts {
  const counts = emptySaveCounts();
  for (const r of records) countSave(counts, r.outcome);
  return counts;
}

function median(xs: number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)] ?? 0;
}

/**
 * 4: the project on a small disk of its own, filled to the last byte by a filler file while
 * one window saves: those saves must be refused with `io`, and nothing acknowledged may be
 * missing. Then the filler goes and every refused save is sent again (as Retry would): they
 * must all be acknowledged.
 */
async function fullDisk(ctx: SoakContext): Promise<ScenarioResult | SkippedScenario> {
  const name = 'full disk';
  let disk;
  try {
    disk = await mountSmallDisk(32);
  } catch (e) {
    return { name, skipped: (e as Error).message };
  }
  const release = onCleanup(`the small disk at ${disk.dir}`, disk.release);
  try {
    const [before, full, after] = [Math.max(1.5, ctx.seconds / 8), Math.max(2, ctx.seconds / 4), Math.max(1.5, ctx.seconds / 8)];
    const stage = await Stage.open(ctx, `${name} (${disk.kind}; ${shown(before)} + ${shown(full)} + ${shown(after)} s)`, disk.dir);
    const w = stage.window('a', QUICK);
    await stage.serve(w);
    w.start();
    await sleep(before * 1000);

    await w.pause();
    const filler = new Filler(path.join(disk.dir, 'filler'));
    filler.fill();
    // Whatever the service frees (its own rename drops the old file) is taken again at once.
    const topUp = setInterval(() => filler.fill(), 5);
    const fullFrom = w.records.length;
    w.resume();
    await sleep(full * 1000);
    await w.pause();
    clearInterval(topUp);
    const whileFull = w.records.slice(fullFrom);
    await filler.remove();

    const refused = whileFull.filter((r) => !acknowledged(r));
    const resent: SaveRecord[] = [];
    for (const r of refused) resent.push(await w.resend(r));
    w.resume();
    await sleep(after * 1000);

    const fullCounts = countOf(whileFull);
    const again = countOf(resent);
    stage.notes.push(`filler took ${(filler.bytes / 2 ** 20).toFixed(1)} MB of a ${disk.kind} of 32 MB`);
    // A save acknowledged while full used room that the service's own rename had freed a moment before.
    stage.notes.push(`while full: ${n(whileFull.length)} saves, ${describeSaves(fullCounts)}`);
    stage.notes.push(`sent again after the filler went: ${n(resent.length)}, ${describeSaves(again)}`);
    return await stage.finish(() => [
      {
        what: 'saves on the full disk are refused with io',
        ok: refused.length > 0 && fullCounts.failed === 0 && fullCounts.refused.io === refused.length,
        detail: refused.length ? `refused: ${describeRefusals(fullCounts.refused)}, failed ${fullCounts.failed}` : 'no save was refused: the disk never filled',
      },
      {
        what: 'the refused saves, sent again once there is room, are acknowledged',
        ok: again.acknowledged === resent.length,
        detail: `${n(again.acknowledged)} of ${n(resent.length)}; refused: ${describeRefusals(again.refused)}, failed ${again.failed}`,
      },
    ]);
  } finally {
    await release();
  }
}

/**
 * 5a: another program (a sync client, say) changes the annotator's file between two saves,
 * keeping its length and its modification time: it renames one span (its id's first letter
 * becomes "z"), writes the file atomically and gives it the old file's times (`touch -r`). The
 * rename must survive the saves that follow; the span's old id is the outside program's
 * choice, not a loss.
 */
async function outsideEqualSizeEdit(ctx: SoakContext): Promise<ScenarioResult> {
  const edits = ctx.quick ? 3 : 6;
  const total = Math.max(3, ctx.seconds / 2);
  const stage = await Stage.open(ctx, `outside edit, same size, mtime kept (${edits} edits, ${shown(total)} s)`);
  const w = stage.window('a', QUICK);
  await stage.serve(w);
  w.start();
  const renamed: { from: string; to: string }[] = [];
  const problems: string[] = [];
  for (let i = 0; i < edits; i++) {
    await sleep((total * 1000) / (edits + 1));
    await w.pause();
    await ctx.reader.pause();
    try {
      const r = await renameSpanOutside(stage, ctx.random);
      if (typeof r === 'string') problems.push(r);
      else {
        renamed.push(r);
        stage.takenOutside.add(r.from);
      }
    } finally {
      await ctx.reader.resume();
      w.resume();
    }
  }
  await sleep((total * 1000) / (edits + 1));
  if (problems.length) stage.notes.push(`outside edits not made: ${problems.join('; ')}`);
  return stage.finish(({ final }) => {
    const kept = renamed.filter((r) => final.spanIds.has(r.to) && !final.spanIds.has(r.from));
    return [
      {
        what: 'the outside edits are kept',
        ok: renamed.length > 0 && kept.length === renamed.length,
        detail: `${kept.length} of ${renamed.length} kept${renamed.length > kept.length ? `; overwritten: ${renamed.filter((r) => !kept.includes(r)).map((r) => `${r.to} is ${r.from} again`).join(', ')}` : ''}`,
      },
    ];
  });
}

/** Renames one of the window's spans in its file, as described above; a string says why not. */
async function renameSpanOutside(stage: Stage, random: () => number): Promise<{ from: string; to: string } | string> {
  const files = stage.project.texts.map((t) => annotationFile(stage.root, t.docId)).filter((f) => existsSync(f));
  const file = files[Math.floor(random() * files.length)];
  if (!file) return 'no annotation file yet';
  const raw = await readFile(file, 'utf8');
  const ids = (JSON.parse(raw) as { spans: { id: string }[] }).spans.map((s) => s.id).filter((id) => !id.startsWith('z'));
  const from = ids[Math.floor(random() * ids.length)];
  if (!from) return `no span to rename in ${path.basename(file)}`;
  const to = renamedId(from);
  const changed = raw.replace(`"id": "${from}"`, `"id": "${to}"`);
  if (changed === raw || changed.length !== raw.length) return `could not rename ${from} in place`;
  const before = await stat(file, { bigint: true });
  const temp = path.join(path.dirname(file), `.outside-${process.pid}.tmp`);
  await writeFile(temp, changed);
  await run('touch', ['-r', file, temp]); // the old file's times, to the nanosecond
  await rename(temp, file);
  const after = await stat(file, { bigint: true });
  if (after.mtimeNs !== before.mtimeNs || after.size !== before.size) return `${path.basename(file)}'s time or size changed`;
  return { from, to };
}

/**
 * 5b: the project is a git repository; the window's file is committed, more is saved, then
 * `git checkout <commit> -- <file>` brings the older version back while the window goes on.
 * Spans acknowledged between the commit and the checkout are reverted by the outside
 * program (its choice, not a loss) and must stay reverted; everything else must be on disk.
 */
async function gitCheckout(ctx: SoakContext): Promise<ScenarioResult | SkippedScenario> {
  const name = 'git checkout of an older version';
  const cycles = ctx.quick ? 1 : 3;
  const total = Math.max(3, ctx.seconds / 2);
  try {
    await run('git', ['--version']);
  } catch {
    return { name, skipped: 'git is not installed here' };
  }
  const stage = await Stage.open(ctx, `${name} (${cycles} checkout${cycles === 1 ? '' : 's'}, ${shown(total)} s)`);
  // The user's and the system's git settings (hooks, signing) stay out of it.
  const git = (...args: string[]) =>
    run('git', ['-C', stage.root, '-c', 'user.name=soak', '-c', 'user.email=soak@localhost', '-c', 'commit.gpgsign=false', ...args], {
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
    });
  await git('init', '-q');
  const doc = stage.project.texts[0]!;
  const file = path.relative(stage.root, annotationFile(stage.root, doc.docId));
  const w = stage.window('a', QUICK, [doc]);
  await stage.serve(w);
  w.start();
  const step = (total * 1000) / (2 * cycles + 1);
  let reverted = 0;
  for (let c = 0; c < cycles; c++) {
    await sleep(step);
    await w.pause();
    await git('add', '-A');
    await git('commit', '-q', '-m', `soak ${c + 1}`);
    const commit = (await git('rev-parse', 'HEAD')).stdout.trim();
    const mark = w.records.length;
    w.resume();
    await sleep(step);
    await w.pause();
    await ctx.reader.pause();
    await git('checkout', commit, '--', file);
    await ctx.reader.resume();
    for (const r of w.records.slice(mark).filter(acknowledged)) {
      stage.takenOutside.add(r.span.id);
      reverted += 1;
    }
    w.resume();
  }
  await sleep(step);
  return stage.finish(({ disk }) => [
    {
      what: 'what the checkout reverted stays reverted',
      ok: disk.backAfterOutside.length === 0,
      detail: `${disk.backAfterOutside.length} of ${reverted} reverted spans are back${disk.backAfterOutside.length ? ` (${disk.backAfterOutside.slice(0, 3).join(', ')}…)` : ''}`,
    },
  ]);
}

/**
 * 5c: a document's folder is deleted (rm -rf) while the window saves to it and to another
 * document. Saves to it afterwards must be refused with `not-found`, and its folder must not
 * come back; saves to the other document go on. The deleted document's spans are the deleting
 * program's choice, not losses.
 */
async function deletedDocument(ctx: SoakContext): Promise<ScenarioResult> {
  const total = Math.max(3, ctx.seconds / 3);
  const stage = await Stage.open(ctx, `document folder deleted (${shown(total)} s)`);
  const [gone, kept] = [stage.project.texts[0]!, stage.project.texts[1]!];
  const folder = path.join(stage.root, 'documents', gone.docId);
  // Its spans are the deleting program's to take: none of them counts as lost.
  const w = stage.window('a', QUICK, [gone, kept], (r) => {
    if (r.docId === gone.docId && acknowledged(r)) stage.takenOutside.add(r.span.id);
  });
  await stage.serve(w);
  w.start();
  await sleep((total * 1000) / 2);
  await ctx.reader.ignore(gone.docId);
  await rm(folder, { recursive: true, force: true, maxRetries: 50, retryDelay: 10 });
  const deletedAt = performance.now();
  let cameBack: number | null = null;
  const watch = setInterval(() => {
    if (cameBack === null && existsSync(folder)) cameBack = performance.now() - deletedAt;
  }, 10);
  await sleep((total * 1000) / 2);
  clearInterval(watch);
  return stage.finish(({ records }) => {
    const afterwards = records.filter((r) => r.sentAt >= deletedAt);
    const toGone = afterwards.filter((r) => r.docId === gone.docId);
    const goneCounts = countOf(toGone);
    const toKept = afterwards.filter((r) => r.docId === kept.docId);
    const back = cameBack ?? (existsSync(folder) ? 0 : null);
    return [
      {
        what: 'the deleted document stays deleted',
        ok: back === null,
        detail: back === null ? 'its folder did not come back' : `its folder came back ${seconds(back)} after the deletion`,
      },
      {
        what: 'saves to it afterwards are refused with not-found',
        ok: toGone.length > 0 && goneCounts.refused['not-found'] === toGone.length,
        detail: `${n(goneCounts.refused['not-found'] ?? 0)} of ${n(toGone.length)}; ${describeSaves(goneCounts)}`,
      },
      {
        what: 'saves to another document go on',
        ok: toKept.some(acknowledged),
        detail: `${n(toKept.filter(acknowledged).length)} of ${n(toKept.length)} acknowledged`,
      },
    ];
  });
}
