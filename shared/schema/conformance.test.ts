import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEMA, type AttributeDef, type AttributeValue, type Label, type LabelSchema } from '../model/labels';
import type { Relation } from '../model/span';
import { attributeProblems, relationProblem, schemaChangeProblems, valueProblem, type LayerUse } from './conformance';

const options = [
  { id: 'killed', name: 'killed' },
  { id: 'injured', name: 'injured' },
  { id: 'missing', name: 'missing' },
];
const choice: AttributeDef = { id: 'outcome', name: 'Outcome', type: 'choice', options };
const choices: AttributeDef = { id: 'outcomes', name: 'Outcomes', type: 'choices', options };
const integer: AttributeDef = { id: 'age', name: 'Age', type: 'integer', min: 0, max: 120 };
const anyInteger: AttributeDef = { id: 'n', name: 'N', type: 'integer' };
const range: AttributeDef = { id: 'count', name: 'Count', type: 'range' };
const boolean: AttributeDef = { id: 'vague', name: 'Vague', type: 'boolean' };
const text: AttributeDef = { id: 'note', name: 'Note', type: 'text' };
const entity: AttributeDef = { id: 'entity', name: 'Entity', type: 'entity' };

/** The value as stored, whatever its type: files can hold anything the format's union allows. */
const problem = (def: AttributeDef, value: unknown) => valueProblem(def, value as AttributeValue);

describe('valueProblem', () => {
  it('choice: one of its option ids, and nothing else', () => {
    expect(problem(choice, 'killed')).toBeNull();
    expect(problem(choice, 'missing')).toBeNull();
    expect(problem(choice, 'exploded')).toBe('"exploded" is not one of its options (killed, injured, missing)');
    // Option ids, not names, and case matters: files store ids.
    expect(problem(choice, 'Killed')).toMatch(/^"Killed" is not one of its options/);
    expect(problem(choice, ['killed'])).toBe('must be an option id');
    expect(problem(choice, 1)).toBe('must be an option id');
    expect(problem(choice, true)).toBe('must be an option id');
  });

  it('choices: a list of its option ids, each once', () => {
    expect(problem(choices, ['killed', 'injured'])).toBeNull();
    expect(problem(choices, [])).toBeNull();
    expect(problem(choices, ['killed', 'exploded'])).toBe('"exploded" is not among its options');
    expect(problem(choices, ['burnt', 'killed', 'exploded'])).toBe('"burnt", "exploded" are not among its options');
    expect(problem(choices, ['killed', 'killed'])).toBe('lists an option twice');
    expect(problem(choices, 'killed')).toBe('must be a list of option ids');
  });

  it('integer: a whole number within its bounds, the bounds included', () => {
    expect(problem(integer, 0)).toBeNull();
    expect(problem(integer, 120)).toBeNull();
    expect(problem(integer, 37)).toBeNull();
    expect(problem(integer, -1)).toBe('must be at least 0');
    expect(problem(integer, 121)).toBe('must be at most 120');
    expect(problem(integer, 2.5)).toBe('must be a whole number');
    expect(problem(integer, '37')).toBe('must be a whole number');
    expect(problem(integer, Number.NaN)).toBe('must be a whole number');
    expect(problem(integer, { min: 1, max: 2 })).toBe('must be a whole number');
    // Without bounds, any whole number.
    expect(problem(anyInteger, -1_000_000)).toBeNull();
    expect(problem(anyInteger, 1e9)).toBeNull();
  });

  it('range: whole numbers, either end open but not both, minimum not above maximum', () => {
    expect(problem(range, { min: 3, max: 5 })).toBeNull();
    expect(problem(range, { min: 4, max: 4 })).toBeNull();
    expect(problem(range, { min: 31, max: null })).toBeNull(); // "more than 30"
    expect(problem(range, { min: null, max: 10 })).toBeNull(); // "up to ten"
    expect(problem(range, { min: null, max: null })).toBe('needs a minimum or a maximum');
    expect(problem(range, { min: 1.5, max: 3 })).toBe('must be whole numbers');
    expect(problem(range, { min: 1, max: 3.25 })).toBe('must be whole numbers');
    expect(problem(range, { min: null, max: 0.5 })).toBe('must be whole numbers');
    expect(problem(range, { min: 9, max: 3 })).toBe('minimum is above maximum');
    expect(problem(range, 5)).toBe('must be {min, max}');
    expect(problem(range, [3, 5])).toBe('must be {min, max}');
    expect(problem(range, '3-5')).toBe('must be {min, max}');
  });

  it('boolean: true or false, not a word for it', () => {
    expect(problem(boolean, true)).toBeNull();
    expect(problem(boolean, false)).toBeNull();
    expect(problem(boolean, 'true')).toBe('must be true or false');
    expect(problem(boolean, 'yes')).toBe('must be true or false');
    expect(problem(boolean, 1)).toBe('must be true or false');
  });

  it('text: any string, empty included', () => {
    expect(problem(text, 'as the ministry put it')).toBeNull();
    expect(problem(text, '')).toBeNull();
    expect(problem(text, 42)).toBe('must be text');
    expect(problem(text, ['a'])).toBe('must be text');
  });

  it('entity: a non-empty entity id', () => {
    expect(problem(entity, 'kataib-hezbollah')).toBeNull();
    expect(problem(entity, '')).toBe('must name an entity');
    expect(problem(entity, 7)).toBe('must be an entity id');
    expect(problem(entity, { min: 1, max: 1 })).toBe('must be an entity id');
  });
});

const label = (id: string): Label => DEFAULT_SCHEMA.labels.find((l) => l.id === id)!;

describe('attributeProblems', () => {
  it('finds nothing wrong with a span without attributes, or with fitting ones', () => {
    expect(attributeProblems({}, label('casualty-figure'))).toEqual([]);
    expect(attributeProblems({ attributes: {} }, label('denial'))).toEqual([]);
    expect(
      attributeProblems({ attributes: { outcome: 'killed', count: { min: 3, max: null }, vague: true, victims: 'civilians' } }, label('casualty-figure')),
    ).toEqual([]);
  });

  it('names the label and the attribute of every value that does not fit', () => {
    expect(attributeProblems({ attributes: { outcome: 'exploded', count: { min: 5, max: 2 }, vague: 'no' } }, label('casualty-figure'))).toEqual([
      'Casualty figure › Outcome: "exploded" is not one of its options (killed, injured, missing)',
      'Casualty figure › Count (min–max): minimum is above maximum',
      'Casualty figure › Vague: must be true or false',
    ]);
  });

  it('reports an attribute the label does not have, even one another label has', () => {
    expect(attributeProblems({ attributes: { colour: 'red' } }, label('claim'))).toEqual(['Claim has no attribute "colour"']);
    expect(attributeProblems({ attributes: { outcome: 'killed' } }, label('denial'))).toEqual(['Denial has no attribute "outcome"']);
  });
});

describe('relationProblem', () => {
  const claim = { label: 'claim' };
  const actor = { label: 'actor' };
  const denial = { label: 'denial' };
  const rel = (type: string): Relation => ({ id: 'r1', type, from: 'a', to: 'b' });

  it('accepts a relation between the labels its type allows', () => {
    expect(relationProblem(rel('claimant'), claim, actor, DEFAULT_SCHEMA)).toBeNull();
    expect(relationProblem(rel('denies'), denial, claim, DEFAULT_SCHEMA)).toBeNull();
  });

  it('says which end does not fit its type', () => {
    // (The article is not adapted to the label: "a actor".)
    expect(relationProblem(rel('claimant'), actor, claim, DEFAULT_SCHEMA)).toMatch(/^"claimant" cannot start at an? actor span$/);
    expect(relationProblem(rel('claimant'), claim, denial, DEFAULT_SCHEMA)).toBe('"claimant" cannot end at a denial span');
    expect(relationProblem(rel('reported-by'), claim, actor, DEFAULT_SCHEMA)).toBe('"reported by" cannot start at a claim span');
  });

  it('reports an unknown type, and a missing span at either end', () => {
    expect(relationProblem(rel('funds'), claim, actor, DEFAULT_SCHEMA)).toBe('no relation type "funds" in the schema');
    expect(relationProblem(rel('claimant'), undefined, actor, DEFAULT_SCHEMA)).toBe('its source span "a" does not exist');
    expect(relationProblem(rel('claimant'), claim, undefined, DEFAULT_SCHEMA)).toBe('its target span "b" does not exist');
  });
});

describe('schemaChangeProblems', () => {
  const file = (n: number) => `documents/doc${n}/annotations/amira.json`;
  const layer = (n: number, spans: LayerUse['spans'], relations: Relation[] = []): LayerUse => ({ file: file(n), spans, relations });
  const withoutDenial: LabelSchema = {
    labels: DEFAULT_SCHEMA.labels.filter((l) => l.id !== 'denial'),
    relations: DEFAULT_SCHEMA.relations.filter((r) => !r.from.includes('denial')),
  };

  it('finds nothing when every annotation fits the new schema', () => {
    const layers = [layer(1, [{ id: 'a', label: 'claim', attributes: { type: 'accusation' } }, { id: 'b', label: 'actor' }], [{ id: 'r', type: 'claimant', from: 'a', to: 'b' }])];
    expect(schemaChangeProblems(DEFAULT_SCHEMA, layers)).toEqual([]);
    expect(schemaChangeProblems(withoutDenial, layers)).toEqual([]);
    expect(schemaChangeProblems(DEFAULT_SCHEMA, [])).toEqual([]);
  });

  it('counts each problem and names the file, in the singular for one', () => {
    expect(schemaChangeProblems(withoutDenial, [layer(1, [{ id: 'd', label: 'denial' }])])).toEqual([
      `label "denial" is removed but spans use it (1 annotation in ${file(1)})`,
    ]);
  });

  it('counts annotations, names each file once, sorted, and at most three, with "and N more"', () => {
    const layers = [5, 2, 4, 1, 3].map((n) => layer(n, n === 2 ? [{ id: 'x', label: 'denial' }, { id: 'y', label: 'denial' }] : [{ id: 'x', label: 'denial' }]));
    expect(schemaChangeProblems(withoutDenial, layers)).toEqual([`label "denial" is removed but spans use it (6 annotations in ${file(1)}, ${file(2)}, ${file(3)} and 2 more)`]);
    expect(schemaChangeProblems(withoutDenial, layers.slice(0, 3))).toEqual([`label "denial" is removed but spans use it (4 annotations in ${file(2)}, ${file(4)}, ${file(5)})`]);
  });

  it('reports each kind of problem apart: a removed option, a removed attribute, a relation that no longer fits', () => {
    const schema: LabelSchema = {
      labels: DEFAULT_SCHEMA.labels.map((l) =>
        l.id === 'casualty-figure'
          ? { ...l, attributes: l.attributes.filter((a) => a.id !== 'vague').map((a) => (a.id === 'outcome' && a.type === 'choice' ? { ...a, options: a.options.filter((o) => o.id !== 'missing') } : a)) }
          : l,
      ),
      // "reported by" may now only come from a claim.
      relations: DEFAULT_SCHEMA.relations.map((r) => (r.id === 'reported-by' ? { ...r, from: ['claim'] } : r)),
    };
    const layers = [
      layer(1, [{ id: 'f', label: 'casualty-figure', attributes: { outcome: 'missing', vague: true } }, { id: 'p', label: 'actor' }], [{ id: 'r', type: 'reported-by', from: 'f', to: 'p' }]),
      layer(2, [{ id: 'f', label: 'casualty-figure', attributes: { outcome: 'killed', vague: false } }]),
    ];
    expect(schemaChangeProblems(schema, layers)).toEqual([
      `Casualty figure › Outcome: "missing" is not one of its options (killed, injured) (1 annotation in ${file(1)})`,
      `Casualty figure has no attribute "vague" (2 annotations in ${file(1)}, ${file(2)})`,
      `relation: "reported by" cannot start at a casualty-figure span (1 annotation in ${file(1)})`,
    ]);
  });

  it('reports a relation whose type is removed, wherever it is used', () => {
    const schema: LabelSchema = { labels: DEFAULT_SCHEMA.labels, relations: DEFAULT_SCHEMA.relations.filter((r) => r.id !== 'claimant') };
    const spans = [{ id: 'c', label: 'claim' }, { id: 'a', label: 'actor' }];
    const layers = [1, 2].map((n) => layer(n, spans, [{ id: 'r', type: 'claimant', from: 'c', to: 'a' }]));
    expect(schemaChangeProblems(schema, layers)).toEqual([`relation: no relation type "claimant" in the schema (2 annotations in ${file(1)}, ${file(2)})`]);
  });
});
