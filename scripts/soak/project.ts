/**
 * The soak's projects on disk: fresh copies of the sample project, what their annotation files
 * hold at the end, and what `standoff validate` says of them.
 */
import { cp, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAnnotationFile } from '../../shared/format/annotationFile';
import { REPO, runStandoff } from './serve';
import { soakText, type SoakText } from './spans';

export const SAMPLE_PROJECT = path.join(REPO, 'annotations');
/** The annotator every soak window saves as. */
export const ANNOTATOR = 'soak';

export interface SoakProject {
  root: string;
  texts: SoakText[];
  labels: string[];
}

/**
 * A copy of the sample project in a new folder under `parent` (default: the system's temp
 * folder), without the sample annotators' files, as the end-to-end tests start.
 */
export async function freshProject(parent = tmpdir()): Promise<SoakProject> {
  const root = await mkdtemp(path.join(parent, 'standoff-soak-'));
  await cp(SAMPLE_PROJECT, root, {
    recursive: true,
    filter: (src) => !path.relative(SAMPLE_PROJECT, src).split(path.sep).includes('annotations'),
  });
  const manifest = JSON.parse(await readFile(path.join(root, 'standoff.json'), 'utf8')) as { labels: { id: string }[] };
  const docIds = (await readdir(path.join(root, 'documents'))).sort();
  const texts = await Promise.all(docIds.map(async (id) => soakText(id, await readFile(path.join(root, 'documents', id, 'text.txt'), 'utf8'))));
  return { root, texts, labels: manifest.labels.map((l) => l.id) };
}

export function annotationFile(root: string, docId: string, annotator = ANNOTATOR): string {
  return path.join(root, 'documents', docId, 'annotations', `${annotator}.json`);
}

export interface FinalFiles {
  /** Span ids (spans and orphans) in the soak annotator's files. */
  spanIds: Set<string>;
  /** Annotation files (any annotator) that parse as the format says, and those that do not. */
  parse: number;
  corrupt: number;
  corruptFiles: string[];
  /** Hidden files left in annotation folders (a save's temporary file, say). */
  leftovers: string[];
}

/** Reads every annotation file of a project, checking each against the format. */
export async function readFinalFiles(root: string): Promise<FinalFiles> {
  const out: FinalFiles = { spanIds: new Set(), parse: 0, corrupt: 0, corruptFiles: [], leftovers: [] };
  for (const docId of await readdir(path.join(root, 'documents'))) {
    const dir = path.join(root, 'documents', docId, 'annotations');
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      continue; // no annotations yet, or the document was deleted
    }
    for (const name of names) {
      const rel = path.relative(root, path.join(dir, name));
      if (name.startsWith('.')) {
        out.leftovers.push(rel);
        continue;
      }
      if (!name.endsWith('.json')) continue;
      try {
        const file = parseAnnotationFile(await readFile(path.join(dir, name), 'utf8'), rel);
        out.parse += 1;
        if (file.annotator !== ANNOTATOR) continue;
        for (const s of file.spans) out.spanIds.add(s.id);
        for (const o of file.orphans) out.spanIds.add(o.span.id);
      } catch {
        out.corrupt += 1;
        out.corruptFiles.push(rel);
      }
    }
  }
  return out;
}

/** `standoff validate <project>`: clean when it exits 0; its problem lines otherwise. */
export async function validate(root: string): Promise<{ clean: boolean; problems: string[] }> {
  const { status, output } = await runStandoff(['validate', root]);
  const lines = output.split('\n').filter(Boolean);
  return { clean: status === 0, problems: status === 0 ? [] : lines };
}
