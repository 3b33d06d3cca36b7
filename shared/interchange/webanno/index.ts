export { escapeTsv, exportTsv3, parseTsv3, tsvAttributeColumns, unescapeTsv, RELATION_LAYER, SPAN_LAYER, TSV3_FORMAT_LINE, type Tsv3Export, type Tsv3Import, type Tsv3ImportOptions } from './tsv3';
