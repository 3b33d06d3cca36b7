import { subscribe, type AsyncSubscription } from '@parcel/watcher';
import { watch } from 'node:fs';
import { lstat } from 'node:fs/promises';
import path from 'node:path';

export type FileChange = 'add' | 'change' | 'unlink' | 'addDir' | 'unlinkDir';

/** A running watch: `close` stops it. */
export interface FolderWatch {
  close(): Promise<void>;
}

/** Top-level folders the watcher never looks into (see ignoredPath). */
const IGNORED_FOLDERS = ['.standoff', '.git', 'exports', 'node_modules'];

/**
 * Paths of a project the watcher ignores: Standoff's private working folder, exports, version
 * control, and the temporary names of writes and imports under way (their final names are
 * reported when they are renamed into place).
 */
export function ignoredPath(relative: string): boolean {
  const parts = relative.split(/[\\/]/);
  const top = parts[0];
  if (top !== undefined && IGNORED_FOLDERS.includes(top)) return true;
  const name = parts[parts.length - 1] ?? '';
  return /\.(tmp|bak|part)$/.test(name) || parts.some((p) => p.endsWith('.importing'));
}

/** documents/<id>/annotations/<annotator>.json is four parts deep: nothing deeper is a project file. */
const MAX_PARTS = 4;

/**
 * Watches a project folder and calls `onChange` with each path that changed, relative to the
 * project and with "/". Resolves once the watch is in place, so that a change made after it is
 * never missed.
 *
 * @parcel/watcher (the watcher VS Code uses) watches folders in native code: inotify on Linux,
 * FSEvents on macOS, ReadDirectoryChangesW on Windows. Measured on a 10,000-document project
 * (some 50,000 files), the whole server opening it with the watcher: chokidar, used before,
 * took 15.5 s and 608 MB, because it keeps a JavaScript watcher and entry for every file; this
 * watcher 2.3 s and 137 MB under load (and a project that large is watched narrowly anyway:
 * LiveProject.start). Links are not followed.
 *
 * It reports a path, not whether it is a folder: a document's folder (`documents/<id>`, the
 * only folder the service cares about) is told apart by looking at it when it appears.
 */
export async function watchFolder(
  root: string,
  onChange: (relative: string, kind: FileChange) => void,
  onError?: () => void,
  /** `under`: watch only this folder of the project (project-relative); `ignore`: folders of it (relative to it) left out too. */
  options: { under?: string; ignore?: string[] } = {},
): Promise<FolderWatch> {
  const base = path.resolve(root);
  const watched = options.under ? path.join(base, options.under) : base;
  let failed = false;
  // Events are handled in the order they came, one batch after another.
  let queue = Promise.resolve();
  const kindOf = async (rel: string, type: 'create' | 'update' | 'delete'): Promise<FileChange> => {
    const isDocumentFolder = rel.startsWith('documents/') && rel.split('/').length === 2;
    if (type === 'update') return 'change';
    if (type === 'delete') return isDocumentFolder ? 'unlinkDir' : 'unlink';
    if (!isDocumentFolder) return 'add';
    const info = await lstat(path.join(base, rel)).catch(() => null);
    return info?.isDirectory() ? 'addDir' : 'add';
  };
  const subscription: AsyncSubscription | null = await subscribe(
    watched,
    (error, events) => {
      if (error) {
        // A watcher that fails (too many folders for the platform's limit) must not stop the
        // app: the windows then see outside changes only when they read again, as before.
        if (!failed) {
          failed = true;
          console.error(`Standoff: watching ${root} for changes failed: ${error.message}`);
          onError?.();
        }
        return;
      }
      queue = queue.then(async () => {
        for (const event of events) {
          const rel = path.relative(base, event.path).split(path.sep).join('/');
          if (!rel || rel.startsWith('..') || ignoredPath(rel) || rel.split('/').length > MAX_PARTS) continue;
          onChange(rel, await kindOf(rel, event.type));
        }
      });
    },
    { ignore: [...(options.under ? [] : IGNORED_FOLDERS), ...(options.ignore ?? [])] },
  ).catch((e: unknown) => {
    // The watch could not even start (the same limits): the service works without it.
    console.error(`Standoff: watching ${root} for changes failed: ${(e as Error).message}`);
    onError?.();
    return null;
  });
  return {
    close: async () => {
      await subscription?.unsubscribe();
      await queue;
    },
  };
}

/**
 * Watches one folder's own entries, not what is inside them (one platform watch): for
 * `documents/` in a project too large to watch whole, where a document folder made or removed
 * is what matters. Reports `documents/<name>` as addDir / unlinkDir (change for a file there).
 */
export function watchEntries(root: string, folder: string, onChange: (relative: string, kind: FileChange) => void, onError?: () => void): FolderWatch {
  const dir = path.join(path.resolve(root), folder);
  let queue = Promise.resolve();
  let watcher: ReturnType<typeof watch> | null = null;
  try {
    watcher = watch(dir, { persistent: false }, (_event, name) => {
      if (!name) return;
      const rel = `${folder}/${name}`;
      if (ignoredPath(rel)) return;
      queue = queue.then(async () => {
        const info = await lstat(path.join(dir, name)).catch(() => null);
        onChange(rel, info === null ? 'unlinkDir' : info.isDirectory() ? 'addDir' : 'change');
      });
    });
    watcher.on('error', (e) => {
      console.error(`Standoff: watching ${dir} for changes failed: ${e.message}`);
      onError?.();
    });
  } catch (e) {
    console.error(`Standoff: watching ${dir} for changes failed: ${(e as Error).message}`);
    onError?.();
  }
  return {
    close: async () => {
      watcher?.close();
      await queue;
    },
  };
}
