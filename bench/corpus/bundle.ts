/**
 * The corpus benchmark's opening step (open.ts) as one esbuild bundle, run by plain node: the
 * app's server runs bundled too (dist/electron/main.cjs in Electron, dist/cli/standoff.mjs for
 * `standoff serve`). Run through tsx instead, loading the service's sources alone costs about
 * 180 MB of resident memory (measured; 50 MB of it heap), which would be counted as the server's.
 */
import { mkdir, mkdtemp } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { asciiFiles } from '../../bin/asciiSource.mjs';
import { NODE_BUNDLE } from '../../bin/cliBundle.mjs';

/**
 * Inside the repository's node_modules: the bundle finds the packages it loads at run time
 * from there (@parcel/watcher's native part, @parcel/watcher-<platform>).
 */
const CACHE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'node_modules', '.cache');

/** Bundles `entry` (a .ts file) into a fresh folder (the caller removes it); returns the bundle's path. */
export async function bundleForBench(entry: string): Promise<string> {
  await mkdir(CACHE, { recursive: true });
  const outDir = await mkdtemp(path.join(CACHE, 'standoff-bench-bundle-'));
  const outfile = path.join(outDir, `${path.basename(entry, '.ts')}.mjs`);
  await build({
    ...NODE_BUNDLE,
    entryPoints: [entry],
    outfile,
  });
  await asciiFiles([outfile]);
  return outfile;
}
