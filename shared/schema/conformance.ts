import type { AttributeDef, AttributeValue, Label, LabelSchema, RangeValue } from '../model/labels';
import type { Relation, Span } from '../model/span';

const isRange = (v: AttributeValue): v is RangeValue => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Why a value does not fit its attribute, or null when it does. */
export function valueProblem(def: AttributeDef, value: AttributeValue): string | null {
  switch (def.type) {
    case 'choice':
    case 'text':
    case 'entity':
      if (typeof value !== 'string') return `must be ${def.type === 'choice' ? 'an option id' : def.type === 'entity' ? 'an entity id' : 'text'}`;
      if (def.type === 'choice' && !def.options.some((o) => o.id === value)) return `"${value}" is not one of its options (${def.options.map((o) => o.id).join(', ')})`;
      if (def.type === 'entity' && value.length === 0) return 'must name an entity';
      return null;
    case 'choices': {
      if (!Array.isArray(value)) return 'must be a list of option ids';
      const unknown = value.filter((v) => !def.options.some((o) => o.id === v));
      if (unknown.length) return `${unknown.map((u) => `"${u}"`).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not among its options`;
      if (new Set(value).size !== value.length) return 'lists an option twice';
      return null;
    }
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) return 'must be a whole number';
      if (def.min !== undefined && value < def.min) return `must be at least ${def.min}`;
      if (def.max !== undefined && value > def.max) return `must be at most ${def.max}`;
      return null;
    case 'range':
      if (!isRange(value)) return 'must be {min, max}';
      if (value.min === null && value.max === null) return 'needs a minimum or a maximum';
      if ((value.min !== null && !Number.isInteger(value.min)) || (value.max !== null && !Number.isInteger(value.max))) return 'must be whole numbers';
      if (value.min !== null && value.max !== null && value.min > value.max) return 'minimum is above maximum';
      return null;
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
  }
}

/** What is wrong with a span's attributes under its label, in words ("Outcome: …"). */
export function attributeProblems(span: Pick<Span, 'attributes'>, label: Label): string[] {
  const problems: string[] = [];
  for (const [id, value] of Object.entries(span.attributes ?? {})) {
    const def = label.attributes.find((a) => a.id === id);
    if (!def) {
      problems.push(`${label.name} has no attribute "${id}"`);
      continue;
    }
    const problem = valueProblem(def, value);
    if (problem) problems.push(`${label.name} › ${def.name}: ${problem}`);
  }
  return problems;
}

/** What is wrong with a relation between two spans under the schema, or null. */
export function relationProblem(relation: Relation, from: Pick<Span, 'label'> | undefined, to: Pick<Span, 'label'> | undefined, schema: LabelSchema): string | null {
  const type = schema.relations.find((r) => r.id === relation.type);
  if (!type) return `no relation type "${relation.type}" in the schema`;
  if (!from) return `its source span "${relation.from}" does not exist`;
  if (!to) return `its target span "${relation.to}" does not exist`;
  if (!type.from.includes(from.label)) return `"${type.name}" cannot start at ${article(from.label)} ${from.label} span`;
  if (!type.to.includes(to.label)) return `"${type.name}" cannot end at ${article(to.label)} ${to.label} span`;
  return null;
}

/** One annotation file's content, as far as the schema is concerned. */
export interface LayerUse {
  file: string;
  spans: ReadonlyArray<Pick<Span, 'id' | 'label' | 'attributes'>>;
  relations: readonly Relation[];
}

/**
 * Why annotations already made would no longer fit a new schema: a label, attribute, option or
 * relation type they use is gone, or a value no longer fits its attribute. Each problem is
 * counted and says where the first cases are, so the analyst can find them.
 */
export function schemaChangeProblems(schema: LabelSchema, layers: Iterable<LayerUse>): string[] {
  const labels = new Map(schema.labels.map((l) => [l.id, l]));
  const found = new Map<string, { count: number; files: Set<string> }>();
  const note = (problem: string, file: string) => {
    const entry = found.get(problem) ?? { count: 0, files: new Set<string>() };
    entry.count++;
    entry.files.add(file);
    found.set(problem, entry);
  };
  for (const layer of layers) {
    const byId = new Map(layer.spans.map((s) => [s.id, s]));
    for (const span of layer.spans) {
      const label = labels.get(span.label);
      if (!label) {
        note(`label "${span.label}" is removed but spans use it`, layer.file);
        continue;
      }
      for (const p of attributeProblems(span, label)) note(p, layer.file);
    }
    for (const r of layer.relations) {
      const p = relationProblem(r, byId.get(r.from), byId.get(r.to), schema);
      if (p) note(`relation: ${p}`, layer.file);
    }
  }
  return [...found].map(([problem, { count, files }]) => {
    const list = [...files].sort();
    const where = list.slice(0, 3).join(', ') + (list.length > 3 ? ` and ${list.length - 3} more` : '');
    return `${problem} (${count} annotation${count === 1 ? '' : 's'} in ${where})`;
  });
}

/** "a" or "an" before a label id, by its first letter (good enough for label ids). */
function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}
