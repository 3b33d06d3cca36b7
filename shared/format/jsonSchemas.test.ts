import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { projectJsonSchemas } from './jsonSchemas';
import { serializeAnnotationFile, emptyAnnotationFile } from './annotationFile';
import { serializeAssignmentFile } from './assignmentFile';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const schemas = projectJsonSchemas();

describe('published JSON Schemas', () => {
  it.each(Object.keys(schemas))('docs/schema/%s is up to date (run npm run schemas)', (name) => {
    const committed = JSON.parse(readFileSync(path.join(repo, 'docs/schema', name), 'utf8'));
    expect(committed).toEqual(schemas[name]);
  });

  it('accepts the sample project and a written annotation file, and rejects what the reader rejects', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    const project = ajv.compile(schemas['project.schema.json'] as object);
    const document = ajv.compile(schemas['document.schema.json'] as object);
    const annotations = ajv.compile(schemas['annotations.schema.json'] as object);
    expect(project(JSON.parse(readFileSync(path.join(repo, 'annotations/standoff.json'), 'utf8')))).toBe(true);
    const meta = JSON.parse(readFileSync(path.join(repo, 'annotations/documents/003_0facc4703c9682af/document.json'), 'utf8'));
    expect(document(meta)).toBe(true);

    const file = emptyAnnotationFile('003_0facc4703c9682af', 'amira', meta.textHash);
    file.spans.push({ id: 's1', label: 'actor', startOffset: 4, endOffset: 10, quote: { prefix: 'How ', exact: 'Qassem', suffix: ' Suleimani' } });
    const written = JSON.parse(serializeAnnotationFile(file));
    expect(annotations(written)).toBe(true);
    expect(annotations({ ...written, version: 3 })).toBe(false);
    expect(annotations({ ...written, extra: true })).toBe(false);
    expect(annotations({ ...written, spans: [{ ...written.spans[0], startOffset: -1 }] })).toBe(false);

    const assignment = ajv.compile(schemas['assignment.schema.json'] as object);
    const planned = JSON.parse(
      serializeAssignmentFile({ formatVersion: 1, documents: { '003_0facc4703c9682af': ['tom', 'layla'] }, plan: { annotators: ['layla', 'tom'], perDocument: 1, overlapShare: 0.2, overlapPerDocument: 2, order: 'random', seed: 'a' }, updated: '2026-12-07T19:00:00.000Z', updatedBy: 'layla' }),
    );
    expect(assignment(planned)).toBe(true);
    expect(assignment({ ...planned, formatVersion: 2 })).toBe(false);
    expect(assignment({ ...planned, documents: { 'Doc 3': ['tom'] } })).toBe(false);
  });
});
