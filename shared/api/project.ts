/**
 * The project: a slice of the service contract for the project as a whole, its name and label
 * schema, its guidelines, and the check of every file in it (`standoff validate`).
 */
import type { Label, LabelSchema, RelationType } from '../model/labels';
import { labelSchemaSchema } from '../format/manifest';
import { empty, type FileProblem, type SchemasOf } from './common';

export interface ProjectInfo {
  name: string;
  /** Absolute path of the project folder, for display. */
  root: string;
  labels: Label[];
  relations: RelationType[];
  settings: { snapToWords: boolean };
}

export interface Guidelines {
  /** Path relative to the project folder. */
  file: string;
  markdown: string | null;
}

export interface ValidationReport {
  filesChecked: number;
  problems: FileProblem[];
}

export interface ProjectApi {
  getProject(input: Record<string, never>): Promise<ProjectInfo>;
  validateProject(input: Record<string, never>): Promise<ValidationReport>;
  /** The project's annotation guidelines (Markdown), or null if it has none. */
  getGuidelines(input: Record<string, never>): Promise<Guidelines>;
  /**
   * Replaces the project's label schema (labels, their attributes, relation types). Refused,
   * saying what and where, when annotations already made would no longer fit it.
   */
  updateSchema(input: LabelSchema): Promise<ProjectInfo>;
}

export const projectSchemas = {
  getProject: empty,
  validateProject: empty,
  getGuidelines: empty,
  updateSchema: labelSchemaSchema,
} satisfies SchemasOf<ProjectApi>;
