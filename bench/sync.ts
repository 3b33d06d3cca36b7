/**
 * `npm run bench` (sync): the target is a sync of a shared project of 10,000 documents,
 * where one annotator changed one document, in under 2 s ("commit and status touch only the
 * changed paths, not the whole tree").
 *
 * The project: 10,000 short news-like documents, each with its text, its details and the layers
 * of three annotators (ana, ben, chen) of about 12 spans: 50,000 files in 20,000 folders. It is
 * committed and shared with the git command line (sharing it through Standoff hashes every
 * file one at a time, minutes for this size; that is not what is measured), and each annotator
 * clones it with `git clone`, as a team whose project was already shared. Then, through
 * ProjectSync as the app and `standoff sync` call it:
 *   - ana adds a span to one document and syncs (commit, fetch, merge, push): the target;
 *   - ana syncs with nothing new on either side;
 *   - ben changes one document and sends it; ana's sync takes it in;
 *   - the same one-document sync over smart HTTP (git http-backend on loopback, with a token).
 * Each figure is the median of a few runs, with the time of each phase.
 * SYNC_DOCUMENTS=2000 for a smaller project; SYNC_KEEP=1 keeps the folders.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { emptyAnnotationFile, parseAnnotationFile, serializeAnnotationFile } from '../shared/format/annotationFile';
import { serializeDocumentMeta } from '../shared/format/documentMeta';
import { layout } from '../shared/format/layout';
import { CodePointIndex } from '../shared/text/codePoints';
import { textHash } from '../shared/text/hash';
import type { JobContext } from '../backend/jobs/context';
import { createProject } from '../backend/project/create';
import { writeDurably } from '../backend/project/durableFile';
import { GITATTRIBUTES, GITIGNORE_LINES, TEAM_FILE } from '../backend/sync/paths';
import { ProjectSync } from '../backend/sync/projectSync';
import { MemoryTokens } from '../backend/sync/tokens';
import { StandoffService } from '../backend/service';
import type { SyncReport } from '../shared/api/sync';
import { generateArticle, generateSpans } from '../tests/support/corpus';
import { startGitServer } from '../tests/support/gitServer';
import { median, ms, verdict } from './stats';

const DOCUMENTS = Number(process.env.SYNC_DOCUMENTS ?? 10_000);
const ANNOTATORS = ['ana', 'ben', 'chen'];
const TARGET_MS = 2000;
const RUNS = 3;
const TOKEN = 'bench-token';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=layla', '-c', 'user.email=layla@standoff.invalid', ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
const docId = (d: number) => `doc-${String(d).padStart(5, '0')}`;

type Syncer = (ctx: JobContext) => Promise<SyncReport>;
interface Timed {
  ms: number;
  phases: string;
  sent: boolean;
  received: number;
}

/** A sync timed, with the time spent in each phase (from the progress it reports). */
async function timedSync(sync: Syncer): Promise<Timed> {
  const marks: Array<[string, number]> = [];
  const ctx: JobContext = { signal: new AbortController().signal, progress: (p) => marks.push([p.phase ?? '?', performance.now()]) };
  const t = performance.now();
  const report = await sync(ctx);
  const end = performance.now();
  if (report.status.lastError) throw new Error(report.status.lastError);
  const phases = marks.map(([phase, at], i) => `${phase} ${ms((marks[i + 1]?.[1] ?? end) - at)}`);
  return { ms: end - t, phases: phases.join(', '), sent: report.sent, received: report.received };
}

/** Adds one span to an annotator's layer of a document, as a save of the app does (whole file, durably). */
async function addSpan(root: string, doc: string, who: string, n: number): Promise<void> {
  const file = path.join(root, layout.annotation(doc, who));
  const layer = parseAnnotationFile(await readFile(file, 'utf8'), file);
  const first = layer.spans[0]!;
  layer.spans.push({ ...first, id: `bench-${who}-${n}-${Date.now().toString(36)}`, label: 'denial' });
  await writeDurably(file, serializeAnnotationFile(layer));
}

/** The project, shared to a bare repository and cloned by each annotator with the git command line. */
async function makeProject(base: string): Promise<void> {
  const curator = path.join(base, 'curator');
  const making = performance.now();
  await createProject(curator, 'sync benchmark');
  for (let d = 0; d < DOCUMENTS; d++) {
    const id = docId(d);
    const text = `${generateArticle(d + 1, 220)}\n`;
    const index = new CodePointIndex(text);
    const hash = textHash(text);
    await mkdir(path.join(curator, layout.annotationsDir(id)), { recursive: true });
    await writeFile(path.join(curator, layout.text(id)), text);
    await writeFile(
      path.join(curator, layout.meta(id)),
      serializeDocumentMeta({ format: 'standoff/document', version: 1, id, title: `Report ${d}`, source: null, textHash: hash, length: index.length, importedFrom: null, importNotes: [] }),
    );
    await Promise.all(
      ANNOTATORS.map((who, i) =>
        writeFile(path.join(curator, layout.annotation(id, who)), serializeAnnotationFile({ ...emptyAnnotationFile(id, who, hash), spans: generateSpans(text, index, 12, d * 7 + i, who[0]!) })),
      ),
    );
  }
  await writeFile(path.join(curator, TEAM_FILE), `${JSON.stringify({ formatVersion: 1, curators: ['layla'] }, null, 2)}\n`);
  await writeFile(path.join(curator, '.gitignore'), `${GITIGNORE_LINES.join('\n')}\n`);
  await writeFile(path.join(curator, '.gitattributes'), GITATTRIBUTES);
  git(curator, 'init', '-q', '-b', 'main');
  git(curator, 'add', '-A');
  git(curator, 'commit', '-q', '-m', 'layla: shared the project');
  const files = Number(git(curator, 'ls-files').split('\n').filter(Boolean).length);
  const servers = path.join(base, 'server');
  await mkdir(servers);
  const remote = path.join(servers, 'team.git');
  git(base, 'clone', '-q', '--bare', curator, remote);
  // No background \`git gc --auto\` after pushes over HTTP: it would run during the timings (and the final fsck).
  git(remote, 'config', 'gc.auto', '0');
  for (const who of ANNOTATORS) git(base, 'clone', '-q', remote, who);
  console.log(
    `sync project: ${DOCUMENTS.toLocaleString('en-US')} documents × ${ANNOTATORS.length} annotators, ${files.toLocaleString('en-US')} files in git, ` +
      `shared and cloned with the git command line (made in ${((performance.now() - making) / 1000).toFixed(1)} s)`,
  );
}

// SYNC_REUSE=<folder kept by SYNC_KEEP=1>: measure again on the same clones (for work on sync itself).
const reuse = process.env.SYNC_REUSE;
const base = reuse ?? (await mkdtemp(path.join(tmpdir(), 'standoff-bench-sync-')));
try {
  if (!reuse) await makeProject(base);
  const servers = path.join(base, 'server');
  const remote = path.join(servers, 'team.git');

  const open = async (who: string, tokens?: MemoryTokens) => {
    const service = await StandoffService.open(path.join(base, who), { watch: true, autoSyncMinutes: 0, app: 'the sync benchmark', ...(tokens ? { tokens } : {}) });
    return { sync: (ctx: JobContext) => service.syncProject({ annotator: who }, ctx), close: () => service.close() };
  };
  const oneDocument = async (who: string, sync: Syncer, seed: number, what: string): Promise<number> => {
    const runs: Timed[] = [];
    for (let run = 0; run < RUNS; run++) {
      await addSpan(path.join(base, who), docId((run * 3331 + seed) % DOCUMENTS), who, seed + run);
      const r = await timedSync(sync);
      if (!r.sent) throw new Error(`${what}: the sync sent nothing`);
      runs.push(r);
    }
    const m = median(runs.map((r) => r.ms));
    console.log(`sync, one annotator changed one document of ${DOCUMENTS.toLocaleString('en-US')} (${what}): median ${ms(m)} ms of ${RUNS} (target < ${TARGET_MS} ms: ${verdict(m < TARGET_MS)}); ${runs[runs.length >> 1]!.phases}`);
    return m;
  };

  // The command line: no watcher, so every sync looks at the whole project (git's index, by stat data).
  const anaCli = new ProjectSync(path.join(base, 'ana'));
  const cli: Syncer = (ctx) => anaCli.sync({ annotator: 'ana' }, ctx);
  const first = await timedSync(cli);
  console.log(`  first sync of a clone made by git clone, nothing to do (every file read once): ${ms(first.ms)} ms (${first.phases})`);
  await oneDocument('ana', cli, 101, 'the command line, folder remote: the whole project looked at');

  // The app: the service watches the folder, and sync looks only at what changed.
  const t = performance.now();
  const ana = await open('ana');
  console.log(`  (the app opening ana's copy and watching its folder: ${ms(performance.now() - t)} ms)`);
  const firstInApp = await timedSync(ana.sync);
  console.log(`  the app's first sync, which looks at the whole project once: ${ms(firstInApp.ms)} ms`);
  await oneDocument('ana', ana.sync, 4711, 'the app, folder remote');
  const idle: number[] = [];
  for (let run = 0; run < RUNS; run++) idle.push((await timedSync(ana.sync)).ms);
  console.log(`  sync in the app with nothing new on either side: median ${ms(median(idle))} ms`);

  const ben = await open('ben');
  await timedSync(ben.sync);
  const incoming: Timed[] = [];
  for (let run = 0; run < RUNS; run++) {
    await addSpan(path.join(base, 'ben'), docId((run * 1777 + 99) % DOCUMENTS), 'ben', run);
    await timedSync(ben.sync);
    const r = await timedSync(ana.sync);
    if (r.received < 1) throw new Error("ana took in nothing");
    incoming.push(r);
  }
  console.log(`  sync in the app taking in one document another annotator sent: median ${ms(median(incoming.map((r) => r.ms)))} ms; ${incoming[incoming.length >> 1]!.phases}`);
  await ben.close();
  await ana.close();

  // The same over smart HTTP, with a token: chen's clone points at the server.
  const server = await startGitServer(servers, TOKEN);
  try {
    git(path.join(base, 'chen'), 'remote', 'set-url', 'origin', server.url('team.git'));
    const tokens = new MemoryTokens();
    await tokens.set('*', TOKEN);
    const chen = await open('chen', tokens);
    await timedSync(chen.sync);
    await oneDocument('chen', chen.sync, 42, 'the app, smart HTTP on loopback with a token');
    await chen.close();
  } finally {
    await server.stop();
  }
  git(remote, 'fsck', '--no-progress');
} finally {
  if (process.env.SYNC_KEEP || reuse) console.log(`kept ${base}`);
  else await rm(base, { recursive: true, force: true });
}
