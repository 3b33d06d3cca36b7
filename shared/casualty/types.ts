/** What a casualty figure counts. `null` on a figure: no outcome word was found (or only "casualties"). */
export type CasualtyOutcome = 'killed' | 'injured' | 'missing';

/** Who was counted, when the words say so cheaply. */
export type VictimGroup = 'civilians' | 'security-forces' | 'fighters' | 'contractors';

/**
 * A proposal read from a casualty-figure span: never saved as fact. The analyst accepts or edits it.
 *
 * - exact number ("eight"):          minimum = maximum = 8, vague false
 * - approximate ("about 62"):        minimum = maximum = 62, hedge "about", vague false
 * - lower bound ("more than 30"):    minimum 31, maximum null
 * - upper bound ("up to 20"):        minimum null, maximum 20
 * - vague word ("several"):          minimum = the floor the word can be defended for, maximum null, vague true
 * - no count at all ("the dead"):    minimum = maximum = null, vague true
 * - nothing found:                   minimum = maximum = null, vague false, outcome null
 */
export interface CasualtyFigure {
  minimum: number | null;
  maximum: number | null;
  vague: boolean;
  outcome: CasualtyOutcome | null;
  /** The hedge words as written, lower-cased ("about", "more than", "at least", "nearly"). */
  hedge?: string;
  victimGroup?: VictimGroup;
  /** The words the figure was read from, as they stand in the span. */
  evidence?: string;
  /** Why, in words, for the analyst. */
  explanation: string;
}
