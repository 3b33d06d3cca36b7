export { normalizeName } from './normalize';
export { analyzeName, type NameAnalysis, type NameToken } from './analyze';
export { nameKey } from './key';
export { compareNames, SAME_THRESHOLD, type NameComparison } from './compare';
export { NameIndex, type NameEntity, type NameSuggestion } from './nameIndex';
