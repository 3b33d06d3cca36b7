import { z } from 'zod';
import { annotationFileSchema } from './annotationFile';
import { assignmentFileSchema } from './assignmentFile';
import { documentMetaSchema } from './documentMeta';
import { entityFileSchema } from './entityFile';
import { manifestSchema } from './manifest';

/**
 * JSON Schemas of the project files, generated from the very validators the app uses, so the
 * published schema and the reader can never disagree. Written to docs/schema/ by
 * `npm run schemas`; a unit test fails when the committed files are out of date.
 */
export function projectJsonSchemas(): Record<string, unknown> {
  const describe = (schema: z.ZodType, id: string, title: string, description: string) => ({
    $id: `https://standoff.invalid/schema/${id}`,
    title,
    description,
    ...z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }),
  });
  return {
    'annotations.schema.json': describe(
      annotationFileSchema,
      'annotations.schema.json',
      'Standoff annotation file',
      'One annotator\'s spans on one document: documents/<docId>/annotations/<annotator>.json. Offsets are Unicode code points into text.txt, start inclusive, end exclusive.',
    ),
    'assignment.schema.json': describe(
      assignmentFileSchema,
      'assignment.schema.json',
      'Standoff assignment file',
      'assignment.json at the root of a project folder: which annotators are expected to code which documents (docs/TEAM.md). Changed only by the curators named in team.json.',
    ),
    'project.schema.json': describe(manifestSchema, 'project.schema.json', 'Standoff project manifest', 'standoff.json at the root of a project folder.'),
    'document.schema.json': describe(documentMetaSchema, 'document.schema.json', 'Standoff document metadata', 'documents/<docId>/document.json beside text.txt.'),
    'entities.schema.json': describe(
      entityFileSchema,
      'entities.schema.json',
      'Standoff entity registry file',
      "One annotator's part of the project's entity registry: entities/<annotator>.json. The registry is the merge of every annotator's file.",
    ),
  };
}
