/**
 * JSONL interchange: one document per line, so a caller streams any number of documents with
 * flat memory (write each line as it is made). Serializers take one InterchangeDocument and
 * return one line, newline included; parsers take a whole file's text and return every
 * document or, on any problem, none and every problem with its line (ImportResult).
 * Offsets: Standoff and spaCy/Prodigy JSONL count code points, doccano UTF-16 units (see each
 * module's header for its format decisions).
 */
export { standoffJsonlLine, parseStandoffJsonl, STANDOFF_JSONL_FORMAT, STANDOFF_JSONL_VERSION } from './standoff';
export { spacyJsonlLine, parseSpacyJsonl, type SpacyExportOptions } from './spacy';
export { doccanoJsonlLine, parseDoccanoJsonl, type DoccanoExportOptions } from './doccano';
export { DEFAULT_WINDOW_TOKENS, huggingFaceLabelList, huggingFaceRecord, huggingFaceWindows, spansFromTags, type HuggingFaceWindows, type HuggingFaceOptions, type HuggingFaceRecord, type HuggingFaceSpanNote } from './huggingface';
export { tokenize, tokenRange, type Token } from './tokens';
export { DEFAULT_ANNOTATOR, type JsonlImportOptions } from './lines';
