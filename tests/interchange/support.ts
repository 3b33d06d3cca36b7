/**
 * Node-side helpers for the interchange tests that check exports with real readers:
 * /usr/bin/python3 (csv, NLTK, rdflib) and the sample project in annotations/.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EntityRegistry } from '../../shared/entities/registry';
import type { Entity } from '../../shared/entities/registry';
import { parseAnnotationFile } from '../../shared/format/annotationFile';
import { parseDocumentMeta } from '../../shared/format/documentMeta';
import { parseEntityFile } from '../../shared/format/entityFile';
import { parseManifest } from '../../shared/format/manifest';
import type { ExportContext, InterchangeDocument } from '../../shared/interchange/model';

export const PYTHON = '/usr/bin/python3';

/** Whether /usr/bin/python3 can import the modules; with the reason when not (for the test's name). */
export function pythonWith(modules: string[], debian: string): { available: boolean; skipReason: string } {
  const probe = spawnSync(PYTHON, ['-c', `import ${modules.join(', ')}`], { encoding: 'utf8' });
  const available = probe.status === 0;
  const why = probe.error?.message ?? probe.stderr?.trim().split('\n').pop() ?? `exit ${probe.status}`;
  const skipReason = available ? '' : ` (skipped: ${PYTHON} with ${modules.join(', ')} is not available (Debian: ${debian}): ${why})`;
  if (!available) console.warn(`interchange check${skipReason}`);
  return { available, skipReason };
}

/** Runs a Python script with a JSON job on stdin; returns its JSON answer on stdout. */
export function python<T>(script: string, job: unknown): T {
  const out = spawnSync(PYTHON, ['-c', script], { input: JSON.stringify(job), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, PYTHONIOENCODING: 'utf-8', PYTHONUTF8: '1' } });
  if (out.status !== 0) throw new Error(`python failed (${out.status}): ${out.stderr}`);
  return JSON.parse(out.stdout) as T;
}

const PROJECT = fileURLToPath(new URL('../../annotations', import.meta.url));

/** The sample project (the five seed articles): every annotator's layer as interchange documents, and the export context. */
export function sampleProject(): { docs: InterchangeDocument[]; ctx: ExportContext } {
  const manifest = parseManifest(readFileSync(join(PROJECT, 'standoff.json'), 'utf8'), 'standoff.json');
  const entityDir = join(PROJECT, 'entities');
  const registry = EntityRegistry.fromFiles(
    readdirSync(entityDir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => parseEntityFile(readFileSync(join(entityDir, f), 'utf8'), f)),
  );
  const entities = new Map<string, Entity>();
  for (const e of registry.all()) entities.set(e.id, e);
  const docs: InterchangeDocument[] = [];
  const docDir = join(PROJECT, 'documents');
  for (const id of readdirSync(docDir).sort()) {
    const meta = parseDocumentMeta(readFileSync(join(docDir, id, 'document.json'), 'utf8'), `${id}/document.json`);
    const text = readFileSync(join(docDir, id, 'text.txt'), 'utf8');
    const annDir = join(docDir, id, 'annotations');
    for (const f of readdirSync(annDir).filter((x) => x.endsWith('.json')).sort()) {
      const file = parseAnnotationFile(readFileSync(join(annDir, f), 'utf8'), f);
      docs.push({ id, text, title: meta.title, source: meta.source, annotator: file.annotator, spans: file.spans, relations: file.relations });
    }
  }
  // Entities of merged records resolve to their survivor's name.
  const resolved = new Map<string, Entity>();
  for (const d of docs) {
    for (const s of d.spans) {
      for (const v of Object.values(s.attributes ?? {})) {
        if (typeof v === 'string' && registry.has(v)) resolved.set(v, registry.resolve(v));
      }
    }
  }
  for (const [id, e] of entities) resolved.set(id, e);
  return { docs, ctx: { schema: { labels: manifest.labels, relations: manifest.relations }, entities: resolved } };
}
