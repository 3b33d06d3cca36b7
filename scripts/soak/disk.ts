/**
 * A small disk of its own for the full-disk scenario: a tmpfs where the machine lets us mount
 * one (as root), else an ext4 file system in a loop file; and a filler that takes every byte
 * left on it.
 */
import { execFile } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface SmallDisk {
  /** Where it is mounted. */
  dir: string;
  kind: 'tmpfs' | 'loop file';
  /** Unmounts it and removes what was made for it. */
  release(): Promise<void>;
}

/** Mounts a disk of `megabytes`; throws, saying why, where neither kind can be mounted here. */
export async function mountSmallDisk(megabytes: number): Promise<SmallDisk> {
  const dir = await mkdtemp(path.join(tmpdir(), 'standoff-soak-disk-'));
  const unmount = async () => {
    await run('umount', [dir]).catch(() => run('umount', ['-l', dir]));
  };
  const errors: string[] = [];
  try {
    await run('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m,mode=0755`, 'standoff-soak', dir]);
    return {
      dir,
      kind: 'tmpfs',
      release: async () => {
        await unmount();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    errors.push(`tmpfs: ${firstLine(e)}`);
  }
  const image = `${dir}.img`;
  try {
    await run('truncate', ['-s', `${megabytes}M`, image]);
    await run('mkfs.ext4', ['-q', '-F', '-m', '0', image]);
    await run('mount', ['-o', 'loop', image, dir]);
    return {
      dir,
      kind: 'loop file',
      release: async () => {
        await unmount();
        await rm(image, { force: true });
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    errors.push(`loop file: ${firstLine(e)}`);
    await rm(image, { force: true });
    await rm(dir, { recursive: true, force: true });
  }
  throw new Error(`no small disk can be mounted here (${errors.join('; ')})`);
}

function firstLine(e: unknown): string {
  const err = e as { stderr?: string; message?: string };
  return (err.stderr?.trim() || err.message || String(e)).split('\n')[0]!;
}

/** A file that takes all the room left on its disk, and keeps taking what is freed. */
export class Filler {
  private readonly fd: number;
  private readonly chunks = [1 << 20, 1 << 16, 4096, 512, 64, 8, 1].map((n) => Buffer.alloc(n, 0x2e));
  bytes = 0;

  constructor(readonly file: string) {
    this.fd = openSync(file, 'wx');
  }

  /** Writes until the disk refuses even one byte more. */
  fill(): void {
    for (const chunk of this.chunks) {
      for (;;) {
        try {
          this.bytes += writeSync(this.fd, chunk);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'ENOSPC') break;
          throw e;
        }
      }
    }
  }

  async remove(): Promise<void> {
    closeSync(this.fd);
    await rm(this.file, { force: true });
  }
}
