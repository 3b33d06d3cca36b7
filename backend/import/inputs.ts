import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { kindOf } from './readers';

/** Expands folders into the article files they hold (recursively, sorted); files pass as given. */
export async function expandInputs(inputs: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const input of inputs) {
    let info;
    try {
      info = await stat(input);
    } catch {
      out.push(input); // reported as "no such file" by the importer
      continue;
    }
    if (!info.isDirectory()) {
      out.push(input);
      continue;
    }
    const entries = await readdir(input, { recursive: true, withFileTypes: true });
    out.push(
      ...entries
        .filter((e) => e.isFile() && kindOf(e.name) !== null && !e.name.startsWith('.'))
        .map((e) => path.join(e.parentPath, e.name))
        .sort(),
    );
  }
  return out;
}
