import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Which project a start of Standoff asks for: the first command-line argument that is a
 * project folder (it has a standoff.json), relative to the start's working folder; otherwise
 * STANDOFF_PROJECT; otherwise none (the caller opens the sample). Switches (`-…`), among
 * them those Chromium adds, are never projects. Used for this start and, in the running
 * window, for a second start's arguments.
 */
export function requestedProject(args: readonly string[], cwd: string, envProject?: string): string | null {
  for (const arg of args) {
    if (arg.startsWith('-')) continue;
    const dir = path.resolve(cwd, arg);
    if (isProjectFolder(dir)) return dir;
  }
  return envProject ? path.resolve(cwd, envProject) : null;
}

function isProjectFolder(dir: string): boolean {
  try {
    return statSync(dir).isDirectory() && existsSync(path.join(dir, 'standoff.json'));
  } catch {
    return false;
  }
}

/** Are two folder paths the same folder (links, `..` and a trailing separator aside)? */
export function sameFolder(a: string, b: string): boolean {
  const real = (dir: string) => {
    try {
      return realpathSync.native(dir);
    } catch {
      return path.resolve(dir);
    }
  };
  const [ra, rb] = [real(a), real(b)];
  return process.platform === 'win32' || process.platform === 'darwin' ? ra.toLowerCase() === rb.toLowerCase() : ra === rb;
}

/**
 * The project a second start asked for, from what it sent with the lock request
 * (`{ project }`), or, from an older or foreign start that sent nothing, from its arguments.
 */
export function projectOfSecondStart(additionalData: unknown, argv: readonly string[], cwd: string): string | null {
  if (additionalData && typeof additionalData === 'object' && 'project' in additionalData) {
    const project = (additionalData as { project: unknown }).project;
    return typeof project === 'string' && path.isAbsolute(project) ? project : null;
  }
  return requestedProject(argv.slice(1), cwd);
}
