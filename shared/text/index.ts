export { CodePointIndex, codePointLength } from './codePoints';
export { TextPositions } from './positions';
export { snapSelection, trimRange } from './wordSnap';
export { normalizeText } from './normalize';
export { textHash } from './hash';
export { graphemeStep, wordStep, wordStartStep, wordEndStep } from './motion';
export { foldCase } from './foldCase';
export { slug } from './slug';
