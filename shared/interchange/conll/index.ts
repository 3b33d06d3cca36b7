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
export { importConll, importIob, iobLabels, isStandoffConll, type ConllImportOptions, type ConllImportResult, type IobImportOptions } from './import';
export { tokenize, sentenceStarts, type Token, type SentenceMode } from './tokenize';
