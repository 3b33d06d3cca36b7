export type { CasualtyFigure, CasualtyOutcome, VictimGroup } from './types';
export { parseCasualtyFigures, parseCount } from './parse';
export { casualtyAttributes } from './attributes';
