/**
 * Which of the project's labels and relation types a rule recommender fills. A project names
 * its labels as it likes, so each rule looks for its label by id, then by name, then by the
 * words of its description ("A reported count of killed, injured or missing" is a casualty
 * label whatever it is called). A rule whose label the schema lacks proposes nothing.
 */
import type { Label, LabelSchema, RelationType } from '../model/labels';

export type LabelRole = 'casualty' | 'actor' | 'claim' | 'denial';

const PATTERNS: Record<LabelRole, { id: RegExp; meaning: RegExp }> = {
  casualty: { id: /^(?:casualt(?:y|ies)(?:[-_ ]?(?:figures?|counts?))?|fatalit(?:y|ies)|death[-_ ]?toll|victims?[-_ ]count)$/i, meaning: /\b(?:killed|casualt|fatalit|death toll)/i },
  actor: { id: /^(?:actors?|agents?|participants?|parties)$/i, meaning: /\bwho (?:acts|claims|denies)\b/i },
  claim: { id: /^(?:claims?|allegations?|assertions?)$/i, meaning: /\b(?:assertion|allegation|claim)s? (?:of|that)\b/i },
  denial: { id: /^(?:denials?|denies)$/i, meaning: /\bdenial\b/i },
};

/** The schema's label for a role, or undefined. */
export function labelFor(schema: LabelSchema, role: LabelRole): Label | undefined {
  const p = PATTERNS[role];
  return (
    schema.labels.find((l) => p.id.test(l.id)) ??
    schema.labels.find((l) => p.id.test(l.name.trim())) ??
    schema.labels.find((l) => l.description !== undefined && p.meaning.test(l.description))
  );
}

/**
 * The relation type from a span of `from` to a span of `to` for a role ("claimant", "denier",
 * "denies", "reported-by"): by id or name first, else the only type the schema allows between
 * those labels; undefined when none or several could be meant.
 */
export function relationFor(schema: LabelSchema, from: string, to: string, names: RegExp): RelationType | undefined {
  const allowed = schema.relations.filter((r) => r.from.includes(from) && r.to.includes(to));
  return allowed.find((r) => names.test(r.id) || names.test(r.name)) ?? (allowed.length === 1 ? allowed[0] : undefined);
}
