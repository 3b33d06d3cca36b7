import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { layout } from '../../shared/format/layout';
import { newManifest, serializeManifest } from '../../shared/format/manifest';
import { DEFAULT_SCHEMA } from '../../shared/model/labels';

/** Creates an empty project with the default schema; refuses to touch an existing manifest. */
export async function createProject(dir: string, name?: string): Promise<string> {
  const root = path.resolve(dir);
  await mkdir(path.join(root, layout.documentsDir), { recursive: true });
  const manifest = serializeManifest(newManifest(name ?? path.basename(root), DEFAULT_SCHEMA));
  try {
    await writeFile(path.join(root, layout.manifest), manifest, { encoding: 'utf8', flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new Error(`${path.join(root, layout.manifest)} already exists; not overwriting a project`);
    }
    throw e;
  }
  return root;
}
