import type { ExportFormat } from '../../../shared/api/contract';
import { FORMATS } from '../../../shared/interchange/formats';
import { bratWriter } from './brat';
import { conllWriter } from './conll';
import { csvWriter } from './csv';
import { huggingFaceWriter } from './huggingface';
import { jsonlWriter } from './jsonl';
import { labelStudioWriter } from './labelstudio';
import { w3cWriter } from './w3c';
import { webannoWriter } from './webanno';
import type { FormatWriter, WriterSetup } from './writer';

export type { FormatWriter, WriterSetup, Written } from './writer';

/**
 * Each format's writer (Node: it owns files and streams), keyed by the ids of the format table
 * (shared/interchange/formats.ts), so a format without a writer fails the type check.
 */
export const WRITERS: Record<ExportFormat, (setup: WriterSetup) => Promise<FormatWriter>> = {
  standoff: jsonlWriter,
  spacy: jsonlWriter,
  doccano: jsonlWriter,
  huggingface: huggingFaceWriter,
  brat: bratWriter,
  conll: conllWriter,
  labelstudio: labelStudioWriter,
  webanno: webannoWriter,
  w3c: w3cWriter,
  csv: csvWriter,
};

/** The writer of a format, its files opened under the export's temporary name. */
export function openWriter(setup: WriterSetup): Promise<FormatWriter> {
  return WRITERS[setup.format](setup);
}

/** The formats' names, for the card and the command line (the format table's). */
export const FORMAT_NAMES: Record<ExportFormat, string> = Object.fromEntries(Object.entries(FORMATS).map(([id, f]) => [id, f.name])) as Record<ExportFormat, string>;
