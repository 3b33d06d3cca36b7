/**
 * brat's configuration files, generated from a project's label schema: `annotation.conf`
 * (what may be annotated) and `visual.conf` (names and colours).
 *
 * How Standoff's schema maps onto brat:
 * - a label is a brat entity type (label ids are already brat-safe: a–z 0–9 "-" "_");
 * - a relation type is a brat relation, Arg1 the source span, Arg2 the target;
 * - a "one of a list" (choice) attribute is a brat attribute with `Value:` its option ids, and a
 *   yes/no attribute is a brat flag (written when true; false is written in the note);
 * - every other attribute (whole number, range, free text, several of a list, linked entity)
 *   goes in the span's AnnotatorNotes, because brat attribute values are declared
 *   enumerations and hold one value each (see notes.ts).
 *
 * brat attribute names are global while Standoff attribute ids are per label. Attributes with
 * the same id on several labels share one brat attribute when they are the same kind (their
 * options are united); when they are not (a choice on one label, yes/no on another), the later
 * one is named `<attribute>-<label>`. `bratAttributeNames` is that mapping both ways: the
 * exporter and the importer use the same one, so a round trip keeps every value.
 */
import type { AttributeDef, LabelSchema } from '../../model/labels';

/** One brat attribute as `[attributes]` declares it; `values` is null for a flag. */
export interface BratAttributeDeclaration {
  name: string;
  labels: string[];
  values: string[] | null;
}

export interface BratAttributeNames {
  /** The brat attribute carrying this label's attribute on A lines; undefined when it goes in the note. */
  nameOf(label: string, attribute: string): string | undefined;
  /** The attribute id a brat attribute name stands for on a span of this label. */
  attributeOf(name: string, label: string): string | undefined;
  declarations: BratAttributeDeclaration[];
}

/** Whether brat carries this attribute on A lines (choice: a value; boolean: a flag). */
export function carriedByAttributeLine(def: AttributeDef): boolean {
  return def.type === 'choice' || def.type === 'boolean';
}

export function bratAttributeNames(schema: LabelSchema): BratAttributeNames {
  const declarations: BratAttributeDeclaration[] = [];
  const byName = new Map<string, BratAttributeDeclaration>();
  const forward = new Map<string, string>(); // `${label}\t${attribute}` → name
  const backward = new Map<string, string>(); // `${name}\t${label}` → attribute
  for (const label of schema.labels) {
    for (const def of label.attributes) {
      if (!carriedByAttributeLine(def)) continue;
      const values = def.type === 'choice' ? def.options.map((o) => o.id) : null;
      let name = def.id;
      let decl = byName.get(name);
      if (decl && (decl.values === null) !== (values === null)) {
        // Same id, another kind: a name of its own.
        name = `${def.id}-${label.id}`;
        for (let n = 2; byName.has(name); n++) name = `${def.id}-${label.id}-${n}`;
        decl = undefined;
      }
      if (!decl) {
        decl = { name, labels: [], values: values ? [] : null };
        byName.set(name, decl);
        declarations.push(decl);
      }
      if (!decl.labels.includes(label.id)) decl.labels.push(label.id);
      if (decl.values && values) for (const v of values) if (!decl.values.includes(v)) decl.values.push(v);
      forward.set(`${label.id}\t${def.id}`, name);
      backward.set(`${name}\t${label.id}`, def.id);
    }
  }
  return {
    nameOf: (label, attribute) => forward.get(`${label}\t${attribute}`),
    attributeOf: (name, label) => backward.get(`${name}\t${label}`),
    declarations,
  };
}

/** brat's `annotation.conf` for a schema. Overlapping and nested spans are allowed (`<OVERLAP>`), as in Standoff. */
export function bratAnnotationConf(schema: LabelSchema): string {
  const lines: string[] = [
    '# brat annotation configuration, written by Standoff from the project label schema.',
    '# Labels are entity types, relation types are relations (Arg1: source span, Arg2: target span).',
    '# One-of-a-list attributes are attributes with values, yes/no attributes are flags; whole numbers,',
    '# ranges (min..max), free text, several-of-a-list values and linked entities are written in the',
    '# AnnotatorNotes of each span as "attribute: value; attribute: value".',
    '',
    '[entities]',
    ...schema.labels.map((l) => l.id),
    '',
    '[relations]',
    ...schema.relations.map((r) => `${r.id}\tArg1:${alternatives(r.from)}, Arg2:${alternatives(r.to)}`),
    '<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>',
    '',
    '[events]',
    '',
    '[attributes]',
    ...bratAttributeNames(schema).declarations.map(
      (d) => `${d.name}\tArg:${d.labels.join('|')}${d.values ? `, Value:${d.values.join('|')}` : ''}`,
    ),
  ];
  return lines.join('\n') + '\n';
}

/** brat's `visual.conf`: the labels' names and colours, relation names. */
export function bratVisualConf(schema: LabelSchema): string {
  const lines: string[] = [
    '# brat visual configuration, written by Standoff from the project label schema.',
    '',
    '[labels]',
    ...schema.labels.map((l) => `${l.id} | ${oneLine(l.name)}`),
    ...schema.relations.map((r) => `${r.id} | ${oneLine(r.name)}`),
    '',
    '[drawing]',
    'SPAN_DEFAULT\tfgColor:black, bgColor:lightgreen, borderColor:darken',
    'ARC_DEFAULT\tcolor:black, arrowHead:triangle-5',
    ...schema.labels.map((l) => `${l.id}\tbgColor:${l.color}, fgColor:${readableOn(l.color)}`),
  ];
  return lines.join('\n') + '\n';
}

function alternatives(labels: readonly string[]): string {
  return labels.length ? labels.join('|') : '<ENTITY>';
}

function oneLine(s: string): string {
  return s.replace(/[\s|]+/g, ' ').trim();
}

/** Black or white, whichever reads better on a #rrggbb background (WCAG relative luminance). */
function readableOn(color: string): 'black' | 'white' {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (!m) return 'black';
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => {
    const c = parseInt(h as string, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return luminance > 0.179 ? 'black' : 'white';
}
