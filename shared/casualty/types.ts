/** What a casualty figure counts. `null` on a figure: no outcome word was found (or only "casualties"). */
export type CasualtyOutcome = 'killed' | 'injured' | 'missing';

/**
 * Who was counted, when the words say so cheaply. These are the option ids of the default
 * schema's "victims" attribute: fighters, militia members, insurgents, rebels and gunmen are all
 * "militants" (members of armed groups that are not state forces).
 */
export type VictimGroup = 'civilians' | 'security-forces' | 'militants' | 'contractors';

/**
 * How the hedge words bound the number: the option ids of the default schema's "hedge"
 * attribute. The count holds the bounds themselves; this keeps how the text put it.
 * - approximate  "about 62", "around", "some 40", "an estimated", "20 or so"
 * - at-least     "at least 5", "no fewer than", "upwards of", "20 or more", "100+", "20-odd"
 * - more-than    "more than 30", "over", "above", "in excess of"
 * - up-to        "up to 20", "as many as"
 * - at-most      "at most", "no more than", "nearly", "almost", "close to", "less than", "fewer than", "under"
 */
export type HedgeClass = 'approximate' | 'at-least' | 'more-than' | 'up-to' | 'at-most';

/**
 * A proposal read from a casualty-figure span: never saved as fact. The analyst accepts or edits it.
 *
 * - exact number ("eight"):          minimum = maximum = 8, vague false
 * - approximate ("about 62"):        minimum = maximum = 62, hedge "about" (approximate), vague false
 * - lower bound ("more than 30"):    minimum 31, maximum null, hedge "more than" (more-than)
 * - upper bound ("up to 20"):        minimum null, maximum 20, hedge "up to" (up-to)
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
  /** What the hedge words say of the number; absent when there are none, or the counts added up disagree. */
  hedgeClass?: HedgeClass;
  victimGroup?: VictimGroup;
  /** The words the figure was read from, as they stand in the span. */
  evidence?: string;
  /** Why, in words, for the analyst. */
  explanation: string;
}
