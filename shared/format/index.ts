export { FormatError, describeIssues } from './errors';
export { readVersioned, stableJson } from './versioned';
export * from './annotationFile';
export * from './manifest';
export * from './documentMeta';
export { layout } from './layout';
export * from './entityFile';
