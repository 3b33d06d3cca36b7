import { watch, type FSWatcher } from 'chokidar';
import path from 'node:path';

export type FileChange = 'add' | 'change' | 'unlink' | 'addDir' | 'unlinkDir';

/**
 * Paths of a project the watcher ignores: Standoff's private working folder, exports, version
 * control, and the temporary names of writes and imports under way (their final names are
 * reported when they are renamed into place).
 */
export function ignoredPath(relative: string): boolean {
  const parts = relative.split(/[\\/]/);
  const top = parts[0];
  if (top === '.standoff' || top === '.git' || top === 'exports' || top === 'node_modules') return true;
  const name = parts[parts.length - 1] ?? '';
  return /\.(tmp|bak|part)$/.test(name) || parts.some((p) => p.endsWith('.importing'));
}

/**
 * Watches a project folder (chokidar: the platform's own watcher, inotify, FSEvents or
 * ReadDirectoryChangesW) and calls `onChange` with each path that changed, relative to the
 * project and with "/". Resolves once the first scan is done, so that a change made after it is
 * never missed.
 */
export async function watchFolder(root: string, onChange: (relative: string, kind: FileChange) => void, onError?: () => void): Promise<FSWatcher> {
  const watcher = watch(root, {
    ignoreInitial: true,
    // A link is not followed: nothing outside the project is watched (or read) through it.
    followSymlinks: false,
    // documents/<id>/annotations/<annotator>.json is three levels down.
    depth: 3,
    ignored: (full: string) => {
      const rel = path.relative(root, full);
      return rel !== '' && ignoredPath(rel);
    },
  });
  for (const kind of ['add', 'change', 'unlink', 'addDir', 'unlinkDir'] as const) {
    watcher.on(kind, (full: string) => {
      const rel = path.relative(root, full).split(path.sep).join('/');
      if (rel && !rel.startsWith('..')) onChange(rel, kind);
    });
  }
  // A watcher that fails (too many folders for the platform's limit) must not stop the app: the
  // windows then see outside changes only when they read again, as before.
  watcher.on('error', (e) => {
    console.error(`Standoff: watching ${root} for changes failed: ${(e as Error).message}`);
    onError?.();
  });
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return watcher;
}
