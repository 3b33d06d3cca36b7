export { reviewUnits, isDisagreement, differingAttributes, type ReviewUnit, type UnitStatus, type UnitVersion, type ReviewLayer } from './units';
export { decide, reopen, autoMerge, progressOf, goldCounterpart, type Decision, type GoldState, type SourceLayer, type IdMaker, type MergeOptions } from './decisions';
export { finishedLayers, reviewDone } from './finished';
export {
  chosenAnnotators,
  chosenLayers,
  choiceRule,
  defaultAnnotators,
  notChoosable,
  notComparedReason,
  standings,
  toggled,
  type AnnotatorStanding,
  type ChoiceRule,
  type ChoosableLayer,
  type NotChoosable,
} from './choice';
export { unitsBehind, type DisagreementFilter } from './focus';
