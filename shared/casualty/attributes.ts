import type { Attributes, Label } from '../model/labels';
import type { CasualtyFigure } from './types';

/** The default schema's victim groups for what the reader calls them. */
const VICTIMS: Record<string, string> = { civilians: 'civilians', 'security-forces': 'security-forces', fighters: 'militants', contractors: 'contractors' };

/**
 * A casualty proposal as attribute values of the casualty-figure label (outcome, count, vague,
 * victims), keeping only attributes and options the label has. The analyst accepts it; it is
 * never written without that.
 */
export function casualtyAttributes(figure: CasualtyFigure, label: Label): Attributes {
  const def = (id: string) => label.attributes.find((a) => a.id === id);
  const hasOption = (id: string, option: string) => {
    const d = def(id);
    return d !== undefined && (d.type === 'choice' || d.type === 'choices') && d.options.some((o) => o.id === option);
  };
  const out: Attributes = {};
  if (figure.outcome && hasOption('outcome', figure.outcome)) out.outcome = figure.outcome;
  if (def('count')?.type === 'range' && (figure.minimum !== null || figure.maximum !== null)) out.count = { min: figure.minimum, max: figure.maximum };
  if (def('vague')?.type === 'boolean') out.vague = figure.vague;
  const victims = figure.victimGroup ? VICTIMS[figure.victimGroup] : undefined;
  if (victims && hasOption('victims', victims)) out.victims = victims;
  return out;
}
