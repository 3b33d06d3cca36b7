/**
 * Helpers for the export and import tests: temporary folders removed after the test file, a
 * small project written from given texts and layers, and spans compared by what a format can
 * carry.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { emptyAnnotationFile, serializeAnnotationFile } from '../../shared/format/annotationFile';
import { serializeDocumentMeta } from '../../shared/format/documentMeta';
import { layout } from '../../shared/format/layout';
import type { Relation, Span } from '../../shared/model/span';
import { codePointLength } from '../../shared/text/codePoints';
import { textHash } from '../../shared/text/hash';
import { createProject } from '../../backend/project/create';

/** Makes temporary folders for one test file and removes them after it. */
export function tempDirs(prefix: string): () => Promise<string> {
  const made: string[] = [];
  afterAll(async () => {
    await Promise.all(made.map((d) => rm(d, { recursive: true, force: true })));
  });
  return async () => {
    const dir = await mkdtemp(path.join(tmpdir(), `standoff-${prefix}-`));
    made.push(dir);
    return dir;
  };
}

export interface LayerOnDisk {
  docId: string;
  annotator: string;
  spans: Span[];
  relations?: Relation[];
  finished?: boolean;
}

/** A project with these documents (id and text) and annotation files, written as Standoff writes them. */
export async function writeProject(root: string, docs: ReadonlyArray<{ id: string; text: string; title?: string }>, layers: readonly LayerOnDisk[] = []): Promise<string> {
  await createProject(root, path.basename(root));
  for (const d of docs) {
    await mkdir(path.join(root, layout.annotationsDir(d.id)), { recursive: true });
    await writeFile(path.join(root, layout.text(d.id)), d.text);
    await writeFile(
      path.join(root, layout.meta(d.id)),
      serializeDocumentMeta({ format: 'standoff/document', version: 1, id: d.id, title: d.title ?? null, source: null, textHash: textHash(d.text), length: codePointLength(d.text), importedFrom: null, importNotes: [] }),
    );
  }
  for (const l of layers) {
    const text = docs.find((d) => d.id === l.docId)?.text ?? '';
    const file = { ...emptyAnnotationFile(l.docId, l.annotator, textHash(text)), spans: l.spans, relations: l.relations ?? [], ...(l.finished ? { finished: true as const } : {}) };
    await writeFile(path.join(root, layout.annotation(l.docId, l.annotator)), serializeAnnotationFile(file));
  }
  return root;
}

/** Every file under a folder (relative paths, sorted) with its bytes: to check that nothing changed. */
export async function snapshotFiles(root: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  const walk = async (dir: string) => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (dir === root && e.name === '.standoff') continue; // this machine's working folder (seats), not the project's content
      if (e.isDirectory()) await walk(full);
      else out.set(path.relative(root, full), await readFile(full));
    }
  };
  await walk(root);
  return new Map([...out].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
}

/** Spans as a format that has no ids compares them: label and place, with attributes when it carries them. */
export function places(spans: readonly Span[], attributes = false): string[] {
  return spans
    .map((s) => JSON.stringify([s.label, s.startOffset, s.endOffset, ...(attributes ? [sorted(s.attributes)] : [])]))
    .sort();
}

/** Relations by type and the places of their ends. */
export function relationPlaces(spans: readonly Span[], relations: readonly Relation[]): string[] {
  const byId = new Map(spans.map((s) => [s.id, s]));
  const at = (id: string) => {
    const s = byId.get(id);
    return s ? [s.label, s.startOffset, s.endOffset] : id;
  };
  return relations.map((r) => JSON.stringify([r.type, at(r.from), at(r.to)])).sort();
}

function sorted(attributes: Span['attributes']): unknown {
  if (!attributes || Object.keys(attributes).length === 0) return null;
  return Object.keys(attributes)
    .sort()
    .map((k) => [k, attributes[k]]);
}
