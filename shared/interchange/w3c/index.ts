export { exportW3cDocument, w3cJson, type W3cExportOptions, type W3cExportIssue } from './export';
export { importW3c, w3cTargetSources, type W3cImportOptions, type W3cImportDocument, type W3cImportResult } from './import';
export { w3cIris, idFromIri, type W3cIris } from './iri';
export * from './types';
