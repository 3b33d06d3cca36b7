/**
 * The attribute kinds: one entry per kind of attribute value (one of a list, several of a list,
 * whole number, range, yes/no, free text, entity), holding what the rest of the code needs to
 * know about a kind: how its definition is validated and written to disk, whether a value fits,
 * how a value reads in words, how the dataset card names the kind, what its key does in the
 * editor, and how a definition changes into it in the label editor.
 *
 * A new kind is a new member of `AttributeDef` (labels.ts) and an entry here; the type check
 * then asks for it here and for its editor in `renderer/inspector/attributeEditors.tsx`
 * (`ATTRIBUTE_EDITORS`, the renderer's table of the same shape, kept apart so that shared/
 * never sees React), and names the few format-specific places that treat kinds differently
 * (the brat note form, the CSV cell, agreement's comparison). docs/ARCHITECTURE.md, "A new
 * attribute type", has the whole list.
 */
import type { z } from 'zod';
import type { AttributeDef, AttributeOption, AttributeType, AttributeValue, RangeValue } from './labels';

/** The kinds: `AttributeDef['type']`. */
export type AttributeKind = AttributeType;
/** The definition of an attribute of one kind. */
export type AttributeDefOf<K extends AttributeKind> = Extract<AttributeDef, { type: K }>;
/** What every definition has, whatever its kind. */
export type AttributeBaseDef = Pick<AttributeDef, 'id' | 'name' | 'key' | 'description'>;

/** What the manifest's validator hands each kind to build its schema from (shared/format/manifest.ts). */
export interface SchemaParts {
  /** id, name, key, description: every kind's fields. */
  base: z.ZodRawShape;
  /** A kind's list of options (at least one, ids unique). */
  options: z.ZodType<AttributeOption[]>;
  z: typeof z;
}

export interface AttributeKindEntry<K extends AttributeKind> {
  /** The kind in the label editor's list of types. */
  name: string;
  /** The definition's validator, for standoff.json (its JSON Schema is generated from it: `npm run schemas`). */
  schema(parts: SchemaParts): z.ZodType;
  /** The kind's own fields of a definition (beyond id, name, key, description), in the order they are written to disk. */
  forDisk(def: AttributeDefOf<K>): Partial<AttributeDefOf<K>>;
  /** Why a stored value does not fit the definition, in words ("must be a whole number"), or null when it does. */
  problem(def: AttributeDefOf<K>, value: AttributeValue): string | null;
  /** A value as the analyst reads it ("killed", "3–5", "at least 31", "yes"). */
  describe(def: AttributeDefOf<K>, value: AttributeValue, entityName?: (id: string) => string | undefined): string;
  /** The kind in a dataset card's schema section ("whole number"; a list's options through `code`). */
  category(def: AttributeDefOf<K>, code: (s: string) => string): string;
  /**
   * What the attribute's key does while a span is selected: gives the next value (`next`,
   * undefined to unset), with `does` for the key's tooltip; null: it goes to the field.
   */
  key: { does: string; next(def: AttributeDefOf<K>, current: AttributeValue | undefined, backwards: boolean): AttributeValue | undefined } | null;
  /** A definition of this kind made from another one (the label editor's type menu): it keeps id, name, key and description. */
  retype(base: AttributeBaseDef, from: AttributeDef): AttributeDefOf<K>;
}

const isRange = (v: AttributeValue): v is RangeValue => typeof v === 'object' && v !== null && !Array.isArray(v);
const optionName = (options: readonly AttributeOption[], id: string) => options.find((o) => o.id === id)?.name ?? id;
/** A definition's options, or one "yes" option to start from when it had none. */
const optionsOf = (from: AttributeDef): AttributeOption[] => ('options' in from ? from.options : [{ id: 'yes', name: 'yes' }]);

/** "at least 31", "3–5", "12". */
export function describeRange(r: RangeValue): string {
  if (r.min !== null && r.min === r.max) return String(r.min);
  if (r.min !== null && r.max !== null) return `${r.min}–${r.max}`;
  if (r.min !== null) return `at least ${r.min}`;
  if (r.max !== null) return `at most ${r.max}`;
  return '—';
}

/** A string value's problem, said for what it stands for. */
const stringProblem = (value: AttributeValue, what: string): string | null => (typeof value !== 'string' ? `must be ${what}` : null);

/** Every kind, in the order the label editor lists them. */
export const ATTRIBUTE_KINDS: { readonly [K in AttributeKind]: AttributeKindEntry<K> } = {
  choice: {
    name: 'one of a list',
    schema: ({ base, options, z }) => z.strictObject({ ...base, type: z.literal('choice'), options }),
    forDisk: (def) => ({ options: def.options.map((o) => ({ id: o.id, name: o.name })) }),
    problem: (def, value) => {
      const not = stringProblem(value, 'an option id');
      if (not) return not;
      return def.options.some((o) => o.id === value) ? null : `"${value as string}" is not one of its options (${def.options.map((o) => o.id).join(', ')})`;
    },
    describe: (def, value) => optionName(def.options, String(value)),
    category: (def, code) => `one of ${def.options.map((o) => code(o.id)).join(', ')}`,
    key: {
      does: 'cycles the options (Shift: backwards)',
      next: (def, current, backwards) => {
        const ids = def.options.map((o) => o.id);
        const at = typeof current === 'string' ? ids.indexOf(current) : -1;
        // Cycle through the options and "unset": -1 → 0 → … → n-1 → -1.
        const next = at === -1 ? (backwards ? ids.length - 1 : 0) : at + (backwards ? -1 : 1);
        return next < 0 || next >= ids.length ? undefined : ids[next];
      },
    },
    retype: (base, from) => ({ ...base, type: 'choice', options: optionsOf(from) }),
  },
  choices: {
    name: 'several of a list',
    schema: ({ base, options, z }) => z.strictObject({ ...base, type: z.literal('choices'), options }),
    forDisk: (def) => ({ options: def.options.map((o) => ({ id: o.id, name: o.name })) }),
    problem: (def, value) => {
      if (!Array.isArray(value)) return 'must be a list of option ids';
      const unknown = value.filter((v) => !def.options.some((o) => o.id === v));
      if (unknown.length) return `${unknown.map((u) => `"${u}"`).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not among its options`;
      if (new Set(value).size !== value.length) return 'lists an option twice';
      return null;
    },
    describe: (def, value) => (value as string[]).map((v) => optionName(def.options, v)).join(', '),
    category: (def, code) => `several of ${def.options.map((o) => code(o.id)).join(', ')}`,
    key: null,
    retype: (base, from) => ({ ...base, type: 'choices', options: optionsOf(from) }),
  },
  integer: {
    name: 'whole number',
    schema: ({ base, z }) =>
      z
        .strictObject({ ...base, type: z.literal('integer'), min: z.int().optional(), max: z.int().optional() })
        .refine((a) => a.min === undefined || a.max === undefined || a.min <= a.max, { message: 'min is above max', path: ['max'] }),
    forDisk: (def) => ({ ...(def.min !== undefined ? { min: def.min } : {}), ...(def.max !== undefined ? { max: def.max } : {}) }),
    problem: (def, value) => {
      if (typeof value !== 'number' || !Number.isInteger(value)) return 'must be a whole number';
      if (def.min !== undefined && value < def.min) return `must be at least ${def.min}`;
      if (def.max !== undefined && value > def.max) return `must be at most ${def.max}`;
      return null;
    },
    describe: (_def, value) => String(value),
    category: () => 'whole number',
    key: null,
    retype: (base) => ({ ...base, type: 'integer' }),
  },
  range: {
    name: 'number range (min–max)',
    schema: ({ base, z }) => z.strictObject({ ...base, type: z.literal('range') }),
    forDisk: () => ({}),
    problem: (_def, value) => {
      if (!isRange(value)) return 'must be {min, max}';
      if (value.min === null && value.max === null) return 'needs a minimum or a maximum';
      if ((value.min !== null && !Number.isInteger(value.min)) || (value.max !== null && !Number.isInteger(value.max))) return 'must be whole numbers';
      if (value.min !== null && value.max !== null && value.min > value.max) return 'minimum is above maximum';
      return null;
    },
    describe: (_def, value) => describeRange(value as RangeValue),
    category: () => 'number range',
    key: null,
    retype: (base) => ({ ...base, type: 'range' }),
  },
  boolean: {
    name: 'yes / no',
    schema: ({ base, z }) => z.strictObject({ ...base, type: z.literal('boolean') }),
    forDisk: () => ({}),
    problem: (_def, value) => (typeof value === 'boolean' ? null : 'must be true or false'),
    describe: (_def, value) => (value ? 'yes' : 'no'),
    category: () => 'yes/no',
    key: { does: 'toggles', next: (_def, current) => (current === true ? false : true) },
    retype: (base) => ({ ...base, type: 'boolean' }),
  },
  text: {
    name: 'free text',
    schema: ({ base, z }) => z.strictObject({ ...base, type: z.literal('text') }),
    forDisk: () => ({}),
    problem: (_def, value) => stringProblem(value, 'text'),
    describe: (_def, value) => String(value),
    category: () => 'text',
    key: null,
    retype: (base) => ({ ...base, type: 'text' }),
  },
  entity: {
    name: 'entity from the registry',
    schema: ({ base, z }) => z.strictObject({ ...base, type: z.literal('entity') }),
    forDisk: () => ({}),
    problem: (_def, value) => stringProblem(value, 'an entity id') ?? ((value as string).length === 0 ? 'must name an entity' : null),
    describe: (_def, value, entityName) => entityName?.(value as string) ?? String(value),
    category: () => 'entity',
    key: null,
    retype: (base) => ({ ...base, type: 'entity' }),
  },
};

/** The kinds and their names, in the table's order (the label editor's type menu). */
export const ATTRIBUTE_TYPES: ReadonlyArray<{ type: AttributeKind; name: string }> = (Object.keys(ATTRIBUTE_KINDS) as AttributeKind[]).map((type) => ({ type, name: ATTRIBUTE_KINDS[type].name }));

/** The kinds, in the table's order. */
export const ATTRIBUTE_KIND_IDS = Object.keys(ATTRIBUTE_KINDS) as AttributeKind[];

/** The entry of a definition's kind, typed for that definition. */
export function kindOf(def: AttributeDef): AttributeKindEntry<AttributeKind> {
  return ATTRIBUTE_KINDS[def.type] as unknown as AttributeKindEntry<AttributeKind>;
}
