/**
 * The vocabulary of the sample-annotation data (annotations.ts): units given by their quoted
 * text, small constructors that keep the data readable, and `derive`, which builds a second
 * annotator's list from a first one plus the places where they differ.
 *
 * Nothing here knows about offsets: generate.ts finds each quote in the text.
 */

export type ClaimType = 'responsibility' | 'event-report' | 'accusation' | 'statement';
export type Outcome = 'killed' | 'injured' | 'missing';
export type Victims = 'civilians' | 'security-forces' | 'militants' | 'contractors' | 'unknown';
export type Hedge = 'approximate' | 'at-least' | 'more-than' | 'up-to' | 'at-most';
export type ActorKind = 'state' | 'armed-group' | 'official' | 'media' | 'civilians' | 'other';

/**
 * Where a unit is: its exact text, and when that text occurs more than once (as whole words),
 * which one. `after` is text that comes right before the quote, `before` text that comes right
 * after it (the quote comes after `after` and before `before`); `occurrence` (1-based) counts
 * the matches left after those contexts. A space in a quote or context also matches a no-break
 * space, and straight quotes and apostrophes also match curly ones; the stored quote is always
 * the text as it stands.
 */
export interface Place {
  /** Local name of the unit, unique within one annotator's list for one document. */
  key: string;
  text: string;
  occurrence?: number;
  after?: string;
  before?: string;
  /** The span starts or ends inside a word (tagged with Alt+4, guidelines hard case 6.8). */
  partialWord?: boolean;
}

export interface ActorUnit extends Place {
  label: 'actor';
  entity: string;
  /** When absent, the kind of the annotator's entity record. */
  kind?: ActorKind;
}

export interface ClaimUnit extends Place {
  label: 'claim';
  type: ClaimType;
  /** Keys of actor units: relation "claimant". */
  claimant?: string[];
}

export interface DenialUnit extends Place {
  label: 'denial';
  /** Keys of actor units: relation "denier". */
  denier?: string[];
  /** Keys of claim units: relation "denies". */
  denies?: string[];
}

export interface FigureUnit extends Place {
  label: 'casualty-figure';
  outcome?: Outcome;
  /** [min, max]; absent when the words give no number at all. */
  count?: [number | null, number | null];
  /** Absent when the number is given plainly. */
  hedge?: Hedge;
  vague: boolean;
  /** Absent when the article does not say who the victims were. */
  victims?: Victims;
  /** Keys of actor units: relation "reported-by". */
  reportedBy?: string[];
}

export type Unit = ActorUnit | ClaimUnit | DenialUnit | FigureUnit;

type Where = Partial<Pick<Place, 'occurrence' | 'after' | 'before' | 'partialWord'>>;

export const actor = (key: string, text: string, entity: string, where: Where & { kind?: ActorKind } = {}): ActorUnit => ({
  key,
  text,
  label: 'actor',
  entity,
  ...where,
});

export const claim = (key: string, text: string, type: ClaimType, claimant: string[] = [], where: Where = {}): ClaimUnit => ({
  key,
  text,
  label: 'claim',
  type,
  claimant,
  ...where,
});

export const denial = (key: string, text: string, links: { denier?: string[]; denies?: string[] }, where: Where = {}): DenialUnit => ({
  key,
  text,
  label: 'denial',
  denier: links.denier ?? [],
  denies: links.denies ?? [],
  ...where,
});

export const figure = (
  key: string,
  text: string,
  values: { outcome?: Outcome; count?: [number | null, number | null]; hedge?: Hedge; vague: boolean; victims?: Victims; reportedBy?: string[] },
  where: Where = {},
): FigureUnit => ({
  key,
  text,
  label: 'casualty-figure',
  ...values,
  reportedBy: values.reportedBy ?? [],
  ...where,
});

/** A change to one unit of the base list: any field but the key and label. */
export type UnitPatch = Partial<Omit<ActorUnit, 'key' | 'label'>> &
  Partial<Omit<ClaimUnit, 'key' | 'label'>> &
  Partial<Omit<DenialUnit, 'key' | 'label'>> &
  Partial<Omit<FigureUnit, 'key' | 'label'>>;

export interface Differences {
  /** Units of the base the second annotator did not tag (relations to them go too). */
  omit?: string[];
  /** Units tagged differently: the patch replaces the fields it names. */
  edit?: Record<string, UnitPatch>;
  /** Units only the second annotator tagged. */
  add?: Unit[];
}

const RELATION_FIELDS = ['claimant', 'denier', 'denies', 'reportedBy'] as const;

/**
 * A second annotator's list: the base list with the differences applied. Every key named must
 * exist in the base, so a typo fails instead of silently making the two lists agree.
 */
export function derive(base: readonly Unit[], differences: Differences, where: string): Unit[] {
  const keys = new Set(base.map((u) => u.key));
  const omit = new Set(differences.omit ?? []);
  for (const k of [...omit, ...Object.keys(differences.edit ?? {})]) {
    if (!keys.has(k)) throw new Error(`${where}: no unit "${k}" in the base list`);
  }
  const out: Unit[] = [];
  for (const unit of base) {
    if (omit.has(unit.key)) continue;
    const patch = differences.edit?.[unit.key];
    const changed = { ...unit, ...(patch ?? {}) } as Unit & Record<string, unknown>;
    for (const field of RELATION_FIELDS) {
      const refs = changed[field];
      if (Array.isArray(refs)) changed[field] = refs.filter((k) => !omit.has(k as string));
    }
    out.push(changed);
  }
  for (const unit of differences.add ?? []) {
    if (keys.has(unit.key) && !omit.has(unit.key)) throw new Error(`${where}: added unit "${unit.key}" has the key of a base unit`);
    out.push(unit);
  }
  return out;
}

/** One annotator's record of an entity (the `updated` time is added by the generator). */
export interface EntityDraft {
  id: string;
  name: string;
  kind: ActorKind;
  aliases: string[];
  notes?: string;
}

/**
 * An entity as two annotators recorded it: the same id (a shared registry), each with their own
 * alias list; `null` when that annotator never created it. Name, kind and notes default to the
 * first annotator's.
 */
export interface SharedEntity {
  id: string;
  name: string;
  kind: ActorKind;
  notes?: string;
  layla: string[] | null;
  tom: string[] | { aliases: string[]; name?: string; kind?: ActorKind; notes?: string } | null;
}
