/**
 * The sample project (annotations/) read for measuring recommenders: its schema, each
 * document's text with one annotator's layer, and the merged entity registry. Plain reads of the
 * files with the format's own parsers, so benchmarks and tests measure against what is on disk.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mergeRecords, type Entity } from '../../shared/entities/merge';
import { parseAnnotationFile } from '../../shared/format/annotationFile';
import { parseEntityFile } from '../../shared/format/entityFile';
import type { LabelSchema } from '../../shared/model/labels';
import type { Relation, Span } from '../../shared/model/span';

export const SAMPLE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../annotations');

export interface SampleDocument {
  id: string;
  text: string;
  spans: Span[];
  relations: Relation[];
}

export interface SampleLayers {
  schema: LabelSchema;
  documents: SampleDocument[];
  entities: Entity[];
}

export function readSampleLayers(annotator = 'layla', root = SAMPLE_ROOT): SampleLayers {
  const project = JSON.parse(readFileSync(path.join(root, 'standoff.json'), 'utf8')) as LabelSchema;
  const schema: LabelSchema = { labels: project.labels, relations: project.relations };
  const docsDir = path.join(root, 'documents');
  const documents = readdirSync(docsDir).sort().map((id) => {
    const text = readFileSync(path.join(docsDir, id, 'text.txt'), 'utf8');
    const file = path.join(docsDir, id, 'annotations', `${annotator}.json`);
    const layer = parseAnnotationFile(readFileSync(file, 'utf8'), file);
    return { id, text, spans: layer.spans, relations: layer.relations ?? [] };
  });
  const entityDir = path.join(root, 'entities');
  const files = readdirSync(entityDir).filter((f) => f.endsWith('.json')).sort().map((f) => parseEntityFile(readFileSync(path.join(entityDir, f), 'utf8'), f));
  const entities = [...mergeRecords(files).values()].filter((e) => !e.mergedInto);
  return { schema, documents, entities };
}
