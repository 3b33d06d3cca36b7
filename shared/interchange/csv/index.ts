export { exportCsv, csvRecords, csvTable, csvColumns, csvWriter, type CsvExportOptions, type CsvExportIssue, type CsvTable, type CsvWriter } from './export';
export { csvField, csvRecord, type CsvCell, type CsvWriteOptions } from './rfc4180';
