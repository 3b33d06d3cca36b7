/**
 * The label schema of a project: labels, the attributes each label's spans carry, and the
 * relation types that may join spans. It lives in the manifest (`standoff.json`).
 */

/** One option of a choice attribute. `id` is what annotation files store; `name` is shown. */
export interface AttributeOption {
  id: string;
  name: string;
}

interface AttributeBase {
  /** What annotation files store as the attribute's key. */
  id: string;
  name: string;
  /**
   * A letter that sets this attribute from the keyboard while a span of its label is selected
   * (a choice cycles, yes/no toggles, any other type focuses its field in the inspector).
   */
  key?: string;
  description?: string;
}

export type AttributeDef = AttributeBase &
  (
    | { type: 'choice'; options: AttributeOption[] }
    | { type: 'choices'; options: AttributeOption[] }
    | { type: 'integer'; min?: number; max?: number }
    | { type: 'range' }
    | { type: 'boolean' }
    | { type: 'text' }
    | { type: 'entity' }
  );

/** The kinds of attribute; each has an entry in ATTRIBUTE_KINDS (attributeKinds.ts). */
export type AttributeType = AttributeDef['type'];

/**
 * A range value: either end may be open (null). "more than 30" is { min: 31, max: null };
 * "several" is { min: 3, max: null } with the figure marked vague.
 */
export interface RangeValue {
  min: number | null;
  max: number | null;
}

/**
 * A stored attribute value, by type: choice → option id; choices → option ids in the schema's
 * order; integer → number; range → RangeValue; boolean → boolean; text → string; entity →
 * entity id.
 */
export type AttributeValue = string | string[] | number | RangeValue | boolean;

export type Attributes = Record<string, AttributeValue>;

/**
 * Label and relation type ids: letters of either case, digits and `_ - . +`, 1–64, starting
 * with a letter or digit. They keep the names other tools use (`PER`, `GPE`, `Simple_chemical`,
 * `Part-of`, `WORK_OF_ART`); a name with other characters is given an id by labelIdFor.
 */
export const LABEL_ID = /^[A-Za-z0-9][A-Za-z0-9_.+-]{0,63}$/;
export const LABEL_ID_RULE = 'must be 1–64 letters, digits, "_", "-", "." or "+", starting with a letter or digit';
/** Attribute and option ids: letters of either case, digits, `_` and `-` (brat's attribute names and values: `Category`, `SpecificDisease`). */
export const ATTRIBUTE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
export const ATTRIBUTE_ID_RULE = 'must be 1–64 letters, digits, "-" or "_", starting with a letter or digit';
/** How many labels a schema may hold (an OntoNotes-sized set is 18; a fine-grained one a few hundred). */
export const MAX_LABELS = 1000;
/** The keys that tag with a label: one digit each, so at most nine labels have a key. */
export const LABEL_KEYS: readonly string[] = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

/**
 * The id a label (or relation type) named `name` elsewhere gets: the name itself when it is a
 * valid id; otherwise each run of other characters becomes "_" (and leading ones are dropped),
 * cut to 64. "Person Name" → "Person_Name", "B&B" → "B_B". Null when nothing is left.
 */
export function labelIdFor(name: string): string | null {
  if (LABEL_ID.test(name)) return name;
  const id = name.replace(/[^A-Za-z0-9_.+-]+/g, '_').replace(/^[^A-Za-z0-9]+/, '').slice(0, 64);
  return id === '' ? null : id;
}

/** The same for an attribute or option id. */
export function attributeIdFor(name: string): string | null {
  if (ATTRIBUTE_ID.test(name)) return name;
  const id = name.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^[^A-Za-z0-9]+/, '').slice(0, 64);
  return id === '' ? null : id;
}

/**
 * Colours for labels added from outside, after the default schema's four: the rest of the
 * Okabe–Ito palette, then Paul Tol's "muted" set; beyond these they repeat (a label is told
 * by its name too).
 */
export const LABEL_COLOURS: readonly string[] = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#f0e442', '#000000', '#332288', '#88ccee', '#44aa99', '#117733', '#999933', '#ddcc77', '#cc6677', '#882255', '#aa4499', '#dddddd'];

/**
 * New labels for ids from outside, after `existing`: each with a colour not yet used (while
 * there are), and a key 1–9 while one is free; the rest have no key.
 */
export function newLabelsFor(existing: readonly Label[], ids: readonly string[]): Label[] {
  const usedKeys = new Set(existing.map((l) => l.key).filter((k): k is string => k !== undefined));
  const usedColours = new Set(existing.map((l) => l.color.toLowerCase()));
  const out: Label[] = [];
  let n = existing.length;
  for (const id of ids) {
    const key = LABEL_KEYS.find((k) => !usedKeys.has(k));
    if (key) usedKeys.add(key);
    const color = LABEL_COLOURS.find((c) => !usedColours.has(c)) ?? (LABEL_COLOURS[n % LABEL_COLOURS.length] as string);
    usedColours.add(color);
    n++;
    out.push({ id, name: id, ...(key ? { key } : {}), color, attributes: [] });
  }
  return out;
}

/** Parses a label map, `PER=actor,ORG=actor`: source label → label of the schema; a problem for each piece that is not `FROM=TO`. */
export function parseLabelMap(text: string): { map: Record<string, string>; problems: string[] } {
  const map: Record<string, string> = {};
  const problems: string[] = [];
  for (const piece of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([^=]+)=(.+)$/.exec(piece);
    if (!m) problems.push(`"${piece}" is not FROM=TO (for example PER=actor)`);
    else map[(m[1] as string).trim()] = (m[2] as string).trim();
  }
  return { map, problems };
}

/** A label of the project's schema. `id` is what annotation files store. */
export interface Label {
  id: string;
  name: string;
  /**
   * The key that tags a selection with this label ("1"–"9"). Only nine labels can have one; a
   * label without a key is tagged through the label palette or the command palette.
   */
  key?: string;
  /** CSS colour, #rrggbb. */
  color: string;
  description?: string;
  /** What its spans record beyond the label. */
  attributes: AttributeDef[];
}

/** A kind of link between two spans, from a span of one of `from` to a span of one of `to`. */
export interface RelationType {
  id: string;
  name: string;
  from: string[];
  to: string[];
  description?: string;
}

export interface LabelSchema {
  labels: Label[];
  relations: RelationType[];
}

/**
 * Keys that mean something else while a span is selected, so no attribute may take them:
 * R starts a relation, A accepts the proposal shown, M finds all mentions of the linked entity.
 */
export const RESERVED_ATTRIBUTE_KEYS: ReadonlySet<string> = new Set(['r', 'a', 'm']);

const choice = (id: string, name: string, key: string, options: Array<[string, string]>, description?: string): AttributeDef => ({
  id,
  name,
  key,
  type: 'choice',
  options: options.map(([oid, oname]) => ({ id: oid, name: oname })),
  ...(description ? { description } : {}),
});

/**
 * The default schema (docs/ARCHITECTURE.md, "The default label schema"). Colours are from the Okabe–Ito palette, which stays
 * distinguishable for the common colour-vision deficiencies.
 */
export const DEFAULT_LABELS: Label[] = [
  {
    id: 'claim',
    name: 'Claim',
    key: '1',
    color: '#0072b2',
    description: 'An assertion of an event or of responsibility.',
    attributes: [
      choice('type', 'Type', 't', [
        ['responsibility', 'responsibility'],
        ['event-report', 'event report'],
        ['accusation', 'accusation'],
        ['statement', 'statement'],
      ]),
    ],
  },
  { id: 'denial', name: 'Denial', key: '2', color: '#d55e00', description: 'A denial of a claim or of involvement.', attributes: [] },
  {
    id: 'casualty-figure',
    name: 'Casualty figure',
    key: '3',
    color: '#009e73',
    description: 'A reported count of killed, injured or missing.',
    attributes: [
      choice('outcome', 'Outcome', 'o', [
        ['killed', 'killed'],
        ['injured', 'injured'],
        ['missing', 'missing'],
      ]),
      { id: 'count', name: 'Count (min–max)', key: 'n', type: 'range', description: 'Minimum and maximum; leave an end empty when the text leaves it open.' },
      choice(
        'hedge',
        'Hedge',
        'h',
        [
          ['approximate', 'approximate'],
          ['at-least', 'at least'],
          ['more-than', 'more than'],
          ['up-to', 'up to'],
          ['at-most', 'at most'],
        ],
        'How the words bound the number: approximate ("about 62", "some 40"), at least ("at least 5", "20 or more"), more than ("more than 30", "over"), up to ("up to 20", "as many as"), at most ("nearly", "almost", "less than"). The count holds the bounds; leave empty when the number is given plainly.',
      ),
      { id: 'vague', name: 'Vague', key: 'v', type: 'boolean', description: '"several", "dozens": no exact number is given.' },
      choice('victims', 'Victim group', 'g', [
        ['civilians', 'civilians'],
        ['security-forces', 'security forces'],
        ['militants', 'militants'],
        ['contractors', 'contractors'],
        ['unknown', 'unknown'],
      ], 'Who was counted, in the article’s words: civilians; security forces (soldiers, police, troops); militants (fighters, militia members, insurgents, rebels, gunmen); contractors; unknown when the article says nobody knows. Leave empty when the words do not say.'),
    ],
  },
  {
    id: 'actor',
    name: 'Actor',
    key: '4',
    color: '#cc79a7',
    description: 'Who acts, claims, denies, counts or is counted.',
    attributes: [
      { id: 'entity', name: 'Entity', key: 'e', type: 'entity', description: 'Which actor of the project registry this mention names.' },
      choice('kind', 'Kind', 'k', [
        ['state', 'state'],
        ['armed-group', 'armed group'],
        ['official', 'official or spokesperson'],
        ['media', 'media'],
        ['civilians', 'civilians'],
        ['other', 'other'],
      ]),
    ],
  },
];

export const DEFAULT_RELATIONS: RelationType[] = [
  { id: 'claimant', name: 'claimant', from: ['claim'], to: ['actor'], description: 'Who makes the claim.' },
  { id: 'denier', name: 'denier', from: ['denial'], to: ['actor'], description: 'Who denies.' },
  { id: 'denies', name: 'denies', from: ['denial'], to: ['claim'], description: 'The claim denied.' },
  { id: 'reported-by', name: 'reported by', from: ['casualty-figure'], to: ['actor'], description: 'Who gives the figure.' },
];

export const DEFAULT_SCHEMA: LabelSchema = { labels: DEFAULT_LABELS, relations: DEFAULT_RELATIONS };

/** The relation types allowed from a span of one label to a span of another. */
export function relationTypesFor(relations: readonly RelationType[], fromLabel: string, toLabel: string): RelationType[] {
  return relations.filter((r) => r.from.includes(fromLabel) && r.to.includes(toLabel));
}

/** For each label, the ids of its entity attributes (what links a span to the registry). */
export function entityAttributeIds(labels: readonly Label[]): Map<string, string[]> {
  return new Map(labels.map((l) => [l.id, l.attributes.filter((a) => a.type === 'entity').map((a) => a.id)]));
}
