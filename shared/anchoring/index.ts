export { anchorSpan, type AnchorOutcome } from './reanchor';
