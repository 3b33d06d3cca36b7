export {
  exportConll,
  exportConllDocument,
  conllColumns,
  conllLabels,
  conllTagName,
  DOCSTART_2003,
  NER_COLUMN,
  conllHeader,
  emptyConllReport,
  DOCSTART,
  type ConllExportOptions,
  type ConllReport,
  type ConllAdjusted,
  type ConllDropped,
  type ConllSpanNote,
} from './export';
export { importConll, type ConllImportOptions, type ConllImportResult } from './import';
export { tokenize, sentenceStarts, type Token, type SentenceMode } from './tokenize';
