// The command line as one bundled file (dist/cli/standoff.mjs), made by esbuild from
// backend/cli/main.ts the first time `standoff` runs and again whenever one of the files it was
// made from changes (their sizes and times are kept beside it, in standoff.inputs.json).
//
// Why: run through tsx, every command first loads some 300 TypeScript modules one by one through
// tsx's loader (a second thread answering each import): measured 1.6 s of CPU and 175 MB of
// memory before a command does anything, against 0.25 s and 90 MB from the bundle. Whole-corpus
// commands (validate, agreement, export) are cold by nature, a fresh process each time (issue 14).
//
// Worker threads a command starts are bundled beside it (WORKERS): a worker's entry is found next
// to the code that starts it (new URL('./worker.mjs', import.meta.url)), which in the bundle is
// dist/cli/. A worker entry missing there only costs speed (the agreement then runs on the main
// thread); a new worker must be added to WORKERS.
//
// Null when no bundle can be had (esbuild missing, a build error): the caller runs the sources
// through tsx, as before. STANDOFF_NO_BUNDLE=1 forces that.
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { asciiFiles } from './asciiSource.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(repo, 'dist', 'cli');
const bundle = path.join(outDir, 'standoff.mjs');
const inputsFile = path.join(outDir, 'standoff.inputs.json');

/** Entries: the command line, and each worker thread it may start (named as its starter looks for it). */
const ENTRIES = { standoff: 'backend/cli/main.ts' };
// Each starter looks for its entry by a name of its own: they all land in dist/cli/.
const WORKERS = {
  worker: 'backend/agreement/worker.ts',
  recommendWorker: 'backend/recommend/worker.ts',
  trainingWorker: 'backend/recommend/learned/worker.ts',
  corpusWorker: 'backend/project/corpusWorker.ts',
};

/** The files a bundle was made from, each with its size and time: any change means a new bundle. */
function stampOf(files) {
  const out = {};
  for (const f of files) {
    const info = statSync(path.join(repo, f), { throwIfNoEntry: false });
    if (!info) return null;
    out[f] = `${info.size}:${info.mtimeMs}`;
  }
  return out;
}

function fresh() {
  if (!existsSync(bundle)) return false;
  let kept;
  try {
    kept = JSON.parse(readFileSync(inputsFile, 'utf8'));
  } catch {
    return false;
  }
  if (!kept || typeof kept.inputs !== 'object' || kept.node !== process.version) return false;
  const now = stampOf(Object.keys(kept.inputs));
  return now !== null && Object.entries(kept.inputs).every(([f, s]) => now[f] === s);
}

/**
 * How a Standoff process Node runs is bundled (this command line and its workers; the corpus
 * benchmark's server, bench/corpus/bundle.ts): one ES module file for this Node.
 */
export const NODE_BUNDLE = {
  bundle: true,
  platform: 'node',
  target: `node${process.versions.node.split('.')[0]}`,
  format: 'esm',
  // One-byte sources, with asciiFiles after the build (bin/asciiSource.mjs says why).
  charset: 'ascii',
  // Packages are bundled too (measured: 0.3 s of CPU and 12 MB less per command than loading
  // them from node_modules); CommonJS ones find `require` through this banner.
  banner: { js: "import { createRequire as __standoffRequire } from 'node:module'; const require = __standoffRequire(import.meta.url);" },
  external: ['electron', 'fsevents'],
  logLevel: 'silent',
};

async function build() {
  const { build: esbuild } = await import('esbuild');
  mkdirSync(outDir, { recursive: true });
  // Written under temporary names, then renamed: two commands started at once never see half a bundle.
  const tmp = `.tmp-${process.pid}`;
  const result = await esbuild({
    absWorkingDir: repo,
    entryPoints: Object.entries({ ...ENTRIES, ...WORKERS }).map(([out, entry]) => ({ in: entry, out: `${out}${tmp}` })),
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    ...NODE_BUNDLE,
    metafile: true,
  });
  const inputs = stampOf(Object.keys(result.metafile.inputs));
  if (!inputs) return;
  await asciiFiles(Object.keys({ ...ENTRIES, ...WORKERS }).map((out) => path.join(outDir, `${out}${tmp}.mjs`)));
  for (const out of Object.keys({ ...ENTRIES, ...WORKERS })) renameSync(path.join(outDir, `${out}${tmp}.mjs`), path.join(outDir, `${out}.mjs`));
  writeFileSync(`${inputsFile}${tmp}`, JSON.stringify({ node: process.version, inputs }));
  renameSync(`${inputsFile}${tmp}`, inputsFile);
}

/** The bundle's URL (made or made again first if needed), or null: run the sources through tsx. */
export async function cliBundle() {
  if (process.env.STANDOFF_NO_BUNDLE === '1') return null;
  try {
    if (!fresh()) await build();
    return fresh() ? pathToFileURL(bundle).href : null;
  } catch {
    return null;
  }
}
