import type { ExportFormat } from '../../../shared/api/contract';
import { bratWriter } from './brat';
import { conllWriter } from './conll';
import { csvWriter } from './csv';
import { huggingFaceWriter } from './huggingface';
import { jsonlWriter } from './jsonl';
import { w3cWriter } from './w3c';
import type { FormatWriter, WriterSetup } from './writer';

export type { FormatWriter, WriterSetup, Written } from './writer';

/** The writer of a format, its files opened under the export's temporary name. */
export function openWriter(setup: WriterSetup): Promise<FormatWriter> {
  const open: Record<ExportFormat, (s: WriterSetup) => Promise<FormatWriter>> = {
    standoff: jsonlWriter,
    spacy: jsonlWriter,
    doccano: jsonlWriter,
    huggingface: huggingFaceWriter,
    brat: bratWriter,
    conll: conllWriter,
    w3c: w3cWriter,
    csv: csvWriter,
  };
  return open[setup.format](setup);
}

/** The formats' names, for the card and the command line. */
export const FORMAT_NAMES: Record<ExportFormat, string> = {
  standoff: 'Standoff JSONL',
  spacy: 'spaCy / Prodigy JSONL',
  doccano: 'doccano JSONL',
  huggingface: 'Hugging Face token classification (JSONL)',
  brat: 'brat standoff',
  conll: 'CoNLL IOB2',
  w3c: 'W3C Web Annotation (JSON-LD)',
  csv: 'CSV',
};
