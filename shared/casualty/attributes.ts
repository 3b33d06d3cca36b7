import type { AttributeDef, Attributes, Label } from '../model/labels';
import { GROUP_NAMES, HEDGE_NAMES } from './lexicon';
import type { CasualtyFigure } from './types';

type ChoiceDef = Extract<AttributeDef, { type: 'choice' }>;

/** The label's attribute `id` when it is a choice with the option `option`, else undefined. */
function choiceWith(label: Label, id: string, option: string): ChoiceDef | undefined {
  const def = label.attributes.find((a) => a.id === id);
  return def?.type === 'choice' && def.options.some((o) => o.id === option) ? def : undefined;
}

/**
 * A casualty proposal as attribute values of the casualty-figure label (outcome, count, hedge,
 * vague, victims), keeping only attributes and options the label has. The reader's victim groups
 * and hedges are the default schema's option ids. The analyst accepts it; it is never written
 * without that.
 */
export function casualtyAttributes(figure: CasualtyFigure, label: Label): Attributes {
  const def = (id: string) => label.attributes.find((a) => a.id === id);
  const out: Attributes = {};
  if (figure.outcome && choiceWith(label, 'outcome', figure.outcome)) out.outcome = figure.outcome;
  if (def('count')?.type === 'range' && (figure.minimum !== null || figure.maximum !== null)) out.count = { min: figure.minimum, max: figure.maximum };
  if (figure.hedgeClass && choiceWith(label, 'hedge', figure.hedgeClass)) out.hedge = figure.hedgeClass;
  if (def('vague')?.type === 'boolean') out.vague = figure.vague;
  if (figure.victimGroup && choiceWith(label, 'victims', figure.victimGroup)) out.victims = figure.victimGroup;
  return out;
}

/** One value of a casualty reading, named as the label names it, and whether accepting records it. */
export interface ReadingPart {
  /** The attribute's id ("hedge", "victims"). */
  attribute: 'hedge' | 'victims';
  /** The option's name in the label ("approximate", "militants"), or the reader's word for it. */
  name: string;
  /** The words it was read from, when they differ from the name ("about"). */
  words?: string;
  /** False when the label has no such attribute or option: accepting does not store it. */
  recorded: boolean;
}

/**
 * The hedge and victim group a reading found, each named as the label names it and saying
 * whether accepting the reading records it: a reading says "hedge: approximate" as kept only
 * where the label has a hedge attribute with that option.
 */
export function readingParts(figure: CasualtyFigure, label: Label): ReadingPart[] {
  const parts: ReadingPart[] = [];
  if (figure.hedgeClass) {
    const def = choiceWith(label, 'hedge', figure.hedgeClass);
    const name = def?.options.find((o) => o.id === figure.hedgeClass)?.name ?? HEDGE_NAMES[figure.hedgeClass];
    parts.push({ attribute: 'hedge', name, ...(figure.hedge && figure.hedge !== name ? { words: figure.hedge } : {}), recorded: def !== undefined });
  }
  if (figure.victimGroup) {
    const def = choiceWith(label, 'victims', figure.victimGroup);
    const name = def?.options.find((o) => o.id === figure.victimGroup)?.name ?? GROUP_NAMES[figure.victimGroup];
    parts.push({ attribute: 'victims', name, recorded: def !== undefined });
  }
  return parts;
}
