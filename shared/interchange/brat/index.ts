export { exportBrat, exportBratDocument, type BratExport, type BratDocumentExport, type BratExportIssue } from './export';
export { importBrat, parseBratDocument, type BratInput, type BratImportOptions, type BratImportResult } from './import';
export { bratAnnotationConf, bratVisualConf, bratAttributeNames, type BratAttributeNames, type BratAttributeDeclaration } from './conf';
export { fragmentsOf, LINE_BREAK as BRAT_LINE_BREAK, type Fragment } from './fragments';
