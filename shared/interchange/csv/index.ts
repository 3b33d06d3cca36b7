export { exportCsv, csvRecords, csvTable, csvColumns, type CsvExportOptions, type CsvExportIssue, type CsvTable } from './export';
export { csvField, csvRecord, type CsvCell, type CsvWriteOptions } from './rfc4180';
