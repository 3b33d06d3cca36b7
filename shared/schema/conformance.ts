import { kindOf } from '../model/attributeKinds';
import type { AttributeDef, AttributeValue, Label, LabelSchema } from '../model/labels';
import type { Relation, Span } from '../model/span';

/** Why a value does not fit its attribute, or null when it does (its kind's `problem`, shared/model/attributeKinds.ts). */
export function valueProblem(def: AttributeDef, value: AttributeValue): string | null {
  return kindOf(def).problem(def, value);
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
