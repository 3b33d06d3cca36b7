export type { CasualtyFigure, CasualtyOutcome, HedgeClass, VictimGroup } from './types';
export { parseCasualtyFigures, parseCount } from './parse';
export { casualtyAttributes, readingParts, type ReadingPart } from './attributes';
