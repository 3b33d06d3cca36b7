/**
 * Labels from outside (docs/IMPORT.md, "Labels"): before a corpus is read against the
 * project's schema, the labels, relation types and (brat) attributes it uses are listed, and
 * each is found in the schema, mapped onto a label of it (`--map PER=actor`), or added to it
 * (`--add-labels`: colours and keys 1–9 while free; brat's annotation.conf gives relation
 * argument types and attributes). What is none of these is a problem naming the near miss.
 *
 * The plan gives two schemas: `schema`, the project's schema after the import (written only when
 * everything else is fine), and `readWith`, what the format readers check against: `schema`
 * plus each mapped source label as a stand-in with its target's attributes and relation types,
 * renamed to the target after reading (`rename`).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ImportFormat } from '../../shared/interchange/formats';
import { readBratConf, type BratConf } from '../../shared/interchange/brat/readConf';
import { attributeIdFor, labelIdFor, newLabelsFor, type AttributeDef, type Label, type LabelSchema, type RelationType } from '../../shared/model/labels';
import { iobLabels } from '../../shared/interchange/conll/import';
import { parseTsv3 } from '../../shared/interchange/webanno';

/** What a source uses, in the order first met, with how often. */
export interface SourceVocabulary {
  labels: Map<string, number>;
  /** Where each label is first used: file (as messages name it) and line, when the format has lines. */
  firstAt: Map<string, string>;
  relations: Map<string, number>;
  /** brat: its annotation.conf, when there is one beside the .ann files (or a folder up). */
  conf: BratConf | null;
  confFile: string | null;
  /** Label Studio: `choices` on a region, as attributes of the region's label: label → attribute name → values. */
  choices: Map<string, Map<string, string[]>>;
}

export interface LabelChoices {
  /** Add labels (and relation types, brat attributes) the schema does not have. */
  add?: boolean;
  /** Source label → project label. */
  map?: Record<string, string>;
  /** The project's labels become the source's only (a new project: no default labels kept). */
  only?: boolean;
}

export interface LabelPlan {
  schema: LabelSchema;
  readWith: LabelSchema;
  /** Source label → the label its spans get. */
  rename: Map<string, string>;
  added: { labels: string[]; relations: string[]; attributes: string[] };
  /** Whether `schema` differs from the project's. */
  changed: boolean;
  problems: string[];
  warnings: string[];
}

const bump = (m: Map<string, number>, k: unknown, where?: { map: Map<string, string>; at: string }) => {
  if (typeof k !== 'string' || k === '') return;
  m.set(k, (m.get(k) ?? 0) + 1);
  if (where && !where.map.has(k)) where.map.set(k, where.at);
};
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The labels and relation types a source uses (formats without a scanner: none, and the reader checks them against the schema as it is). */
export async function scanSource(format: ImportFormat, source: string, folder: boolean): Promise<SourceVocabulary> {
  const vocab: SourceVocabulary = { labels: new Map(), firstAt: new Map(), relations: new Map(), conf: null, confFile: null, choices: new Map() };
  const at = (file: string, line: number) => ({ map: vocab.firstAt, at: `${file}:${line}` });
  const read = (file: string) => readFile(file, 'utf8').catch(() => '');
  if (format === 'brat') {
    const dir = folder ? source : path.dirname(source);
    const anns = folder ? (await readdir(dir)).filter((n) => n.endsWith('.ann')).sort() : [path.basename(source)];
    for (const ann of anns) {
      const shown = folder ? `${path.basename(dir)}/${ann}` : ann;
      (await read(path.join(dir, ann))).split('\n').forEach((line, i) => {
        const m = /^([TR*])[^\t]*\t(\S+)/.exec(line);
        if (m) bump(m[1] === 'T' ? vocab.labels : vocab.relations, m[2], m[1] === 'T' ? at(shown, i + 1) : undefined);
      });
    }
    // brat looks for annotation.conf in the folder, then in each folder above it.
    for (let d = dir, i = 0; i < 3; i++, d = path.dirname(d)) {
      const file = path.join(d, 'annotation.conf');
      if (await stat(file).catch(() => null)) {
        vocab.conf = readBratConf(await read(file));
        vocab.confFile = file;
        break;
      }
      if (path.dirname(d) === d) break;
    }
    return vocab;
  }
  if ((format as string) === 'webanno') {
    // Read without a schema, every label is taken; the reader then checks them against the plan's.
    const names = folder ? (await readdir(source)).filter((n) => n.endsWith('.tsv')).sort() : [path.basename(source)];
    for (const name of names) {
      const file = folder ? path.join(source, name) : source;
      const parsed = parseTsv3(await read(file), { file: name, annotator: 'scan', id: 'scan' });
      for (const span of parsed.document?.spans ?? []) bump(vocab.labels, span.label, at(name, 0));
      for (const relation of parsed.document?.relations ?? []) bump(vocab.relations, relation.type);
    }
    return vocab;
  }
  if (format === 'conll') {
    for (const l of iobLabels(await read(source))) bump(vocab.labels, l, at(path.basename(source), 0));
    return vocab;
  }
  if ((format as string) === 'labelstudio') {
    // Label Studio's export: tasks, their annotations' results; span labels in value.labels, relations' in labels.
    let tasks: unknown;
    try {
      tasks = JSON.parse((await read(folder ? path.join(source, 'tasks.json') : source)).replace(/^\uFEFF/, ''));
    } catch {
      return vocab; // the reader says where the JSON breaks
    }
    for (const task of Array.isArray(tasks) ? tasks : []) {
      if (!isObject(task)) continue;
      for (const a of [...(Array.isArray(task.annotations) ? task.annotations : []), ...(Array.isArray(task.completions) ? task.completions : [])]) {
        const results = (isObject(a) && Array.isArray(a.result) ? a.result : []).filter(isObject);
        const labelOf = new Map<unknown, string>();
        for (const r of results) {
          if (r.type === 'relation') for (const l of Array.isArray(r.labels) ? r.labels : []) bump(vocab.relations, l);
          else if (isObject(r.value) && Array.isArray(r.value.labels)) {
            for (const l of r.value.labels) bump(vocab.labels, l);
            if (typeof r.value.labels[0] === 'string') labelOf.set(r.id, r.value.labels[0]);
          }
        }
        for (const r of results) {
          const label = labelOf.get(r.id);
          if (r.type !== 'choices' || !label || typeof r.from_name !== 'string' || !isObject(r.value) || !Array.isArray(r.value.choices)) continue;
          const attrs = vocab.choices.get(label) ?? new Map<string, string[]>();
          vocab.choices.set(label, attrs);
          const values = attrs.get(r.from_name) ?? [];
          attrs.set(r.from_name, values);
          for (const v of r.value.choices) if (typeof v === 'string' && !values.includes(v)) values.push(v);
        }
      }
    }
    return vocab;
  }
  if (format === 'spacy' || format === 'doccano' || format === 'standoff') {
    const file = path.basename(source);
    for (const [i, line] of (await read(source)).split('\n').entries()) {
      if (line.trim() === '') continue;
      const where = at(file, i + 1);
      let v: unknown;
      try {
        v = JSON.parse(line);
      } catch {
        continue; // the reader reports it, with its line
      }
      if (!isObject(v)) continue;
      if (format === 'spacy' && (v.answer === 'reject' || v.answer === 'ignore')) continue;
      const spans = isObject(v.spans) ? Object.values(v.spans).flat() : Array.isArray(v.spans) ? v.spans : [];
      for (const s of [...spans, ...(Array.isArray(v.ents) ? v.ents : []), ...(Array.isArray(v.entities) ? v.entities : [])]) if (isObject(s)) bump(vocab.labels, s.label, where);
      if (Array.isArray(v.label)) for (const s of v.label) if (Array.isArray(s)) bump(vocab.labels, s[2], where);
      for (const r of Array.isArray(v.relations) ? v.relations : []) if (isObject(r)) bump(vocab.relations, r.label ?? r.type);
    }
  }
  return vocab;
}

export function planLabels(project: LabelSchema, vocab: SourceVocabulary, choices: LabelChoices): LabelPlan {
  const problems: string[] = [];
  const warnings: string[] = [];
  const map = choices.map ?? {};
  const add = choices.add === true || choices.only === true;
  const start: Label[] = choices.only ? [] : project.labels.map((l) => ({ ...l, attributes: [...l.attributes] }));
  const labels = new Map(start.map((l) => [l.id, l]));
  const rename = new Map<string, string>();
  const toAdd: string[] = [];
  const addLabel = (id: string) => {
    if (!labels.has(id) && !toAdd.includes(id)) toAdd.push(id);
  };
  // brat: the entity types annotation.conf declares come in too (in its order), used or not.
  const conf = add ? vocab.conf : null;
  const ordered = conf ? [...conf.entities, ...[...vocab.labels.keys()].filter((l) => !conf.entities.includes(l))] : [...vocab.labels.keys()];
  const counts = vocab.labels;
  for (const name of ordered) {
    const n = counts.get(name) ?? 0;
    const first = vocab.firstAt.get(name)?.replace(/:0$/, '');
    const spans = `${n} span${n === 1 ? '' : 's'}${first ? `, the first in ${first}` : ''}`;
    const target = map[name];
    if (target !== undefined) {
      if (labels.has(target) || (add && labelIdFor(target) === target)) {
        if (!labels.has(target)) addLabel(target);
        if (target !== name) rename.set(name, target);
      } else problems.push(`--map ${name}=${target}: there is no label "${target}" in the schema (${[...labels.keys()].join(', ')})${add ? '' : '; add it with --add-labels, or map to one of these'}`);
      continue;
    }
    if (labels.has(name)) continue;
    // CoNLL tags write a label's "-" as "_" (conllTagName, for NLTK's reader): our own export
    // comes back as the label it was.
    const dashed = [...labels.keys()].find((l) => l.includes('-') && l.replace(/-/g, '_') === name);
    if (dashed) {
      rename.set(name, dashed);
      warnings.push(`label "${name}" read as "${dashed}" (CoNLL tags write "-" as "_")`);
      continue;
    }
    if (add) {
      const id = labelIdFor(name);
      if (id === null) problems.push(`label "${name}" (${spans}) has no letter or digit to make an id of: map it with --map`);
      else {
        addLabel(id);
        if (id !== name) rename.set(name, id);
      }
      continue;
    }
    const near = [...labels.keys()].find((l) => l.toLowerCase() === name.toLowerCase() || l.replace(/[-_.]/g, '').toLowerCase() === name.replace(/[-_. ]/g, '').toLowerCase());
    problems.push(
      `label "${name}" (${spans}) is not in the schema (${[...labels.keys()].join(', ')})${near ? `; the nearest is "${near}": map it with --map ${name}=${near}` : ''}; add it with --add-labels, or map it with --map ${name}=<label>`,
    );
  }
  for (const from of Object.keys(map)) if (!vocab.labels.has(from) && !(vocab.conf?.entities.includes(from) ?? false)) warnings.push(`--map ${from}=${map[from]}: no label "${from}" in the source`);

  let schemaLabels: Label[] = [...labels.values(), ...newLabelsFor([...labels.values()], toAdd)];
  // A schema holds at least one label: a source without any keeps the project's.
  if (schemaLabels.length === 0) schemaLabels = project.labels.map((l) => ({ ...l, attributes: [...l.attributes] }));
  const byId = new Map(schemaLabels.map((l) => [l.id, l]));
  const finalOf = (name: string) => rename.get(name) ?? name;

  // brat attributes (annotation.conf), on the labels they apply to: choice with values, yes/no flag.
  const addedAttributes: string[] = [];
  if (add && vocab.conf) {
    for (const a of vocab.conf.attributes) {
      const id = attributeIdFor(a.name);
      if (id === null) {
        warnings.push(`${path.basename(vocab.confFile ?? 'annotation.conf')}: attribute "${a.name}" has no letter or digit to make an id of; left out`);
        continue;
      }
      const on = a.args.flatMap((t) => (t === '<ENTITY>' || t === '<ANY>' ? vocab.conf!.entities : [t])).map(finalOf).filter((t) => byId.has(t));
      if (on.length === 0) {
        warnings.push(`${path.basename(vocab.confFile ?? 'annotation.conf')}: attribute "${a.name}" is for ${a.args.join('|')}, which Standoff has no spans for (brat events); left out`);
        continue;
      }
      const def: AttributeDef = a.values
        ? { id, name: a.name, type: 'choice', options: a.values.map((v) => ({ id: attributeIdFor(v) ?? v, name: v })) }
        : { id, name: a.name, type: 'boolean' };
      for (const labelId of new Set(on)) {
        const label = byId.get(labelId) as Label;
        if (label.attributes.some((x) => x.id === id)) continue;
        label.attributes.push(def);
        addedAttributes.push(`${labelId}/${id}`);
      }
    }
  }

  // Label Studio `choices` on regions: one-of-a-list attributes of the regions' labels.
  if (add) {
    for (const [source, attrs] of vocab.choices) {
      const label = byId.get(finalOf(source));
      if (!label) continue;
      for (const [name, values] of attrs) {
        const id = attributeIdFor(name);
        if (id === null || label.attributes.some((x) => x.id === id)) continue;
        label.attributes.push({ id, name, type: 'choice', options: values.map((v) => ({ id: attributeIdFor(v) ?? v, name: v })) });
        addedAttributes.push(`${label.id}/${id}`);
      }
    }
  }

  // Relation types: the schema's; the source's others added (brat: with annotation.conf's argument types).
  const relations: RelationType[] = choices.only ? [] : project.relations.map((r) => ({ ...r, from: [...r.from], to: [...r.to] }));
  const addedRelations: string[] = [];
  const relationNames = [...new Set([...(add && vocab.conf ? vocab.conf.relations.map((r) => r.type) : []), ...vocab.relations.keys()])];
  for (const name of relationNames) {
    if (relations.some((r) => r.id === name)) continue;
    const id = labelIdFor(name);
    if (!add) {
      problems.push(`relation type "${name}" is not in the schema (${relations.map((r) => r.id).join(', ') || 'none'}); add it with --add-labels`);
      continue;
    }
    if (id === null || relations.some((r) => r.id === id)) {
      problems.push(`relation type "${name}" cannot be given an id of its own`);
      continue;
    }
    const conf = vocab.conf?.relations.find((r) => r.type === name);
    const ends = (types: string[] | undefined) => {
      const list = (types ?? ['<ENTITY>']).flatMap((t) => (t === '<ENTITY>' || t === '<ANY>' ? schemaLabels.map((l) => l.id) : [finalOf(t)])).filter((t) => byId.has(t));
      return [...new Set(list.length ? list : schemaLabels.map((l) => l.id))];
    };
    relations.push({ id, name, from: ends(conf?.arg1), to: ends(conf?.arg2) });
    addedRelations.push(id);
  }

  const schema: LabelSchema = { labels: schemaLabels, relations };
  // What the readers check against: mapped source labels stand in for their targets.
  const standIns: Label[] = [...rename]
    .filter(([from]) => !byId.has(from))
    .map(([from, to]) => {
      const { key: _key, ...target } = byId.get(to) as Label;
      return { ...target, id: from, name: from };
    });
  const readWith: LabelSchema = {
    labels: [...schemaLabels, ...standIns],
    relations: relations.map((r) => ({
      ...r,
      from: [...r.from, ...standIns.filter((s) => r.from.includes(finalOf(s.id))).map((s) => s.id)],
      to: [...r.to, ...standIns.filter((s) => r.to.includes(finalOf(s.id))).map((s) => s.id)],
    })),
  };
  const changed = choices.only === true || toAdd.length > 0 || addedAttributes.length > 0 || addedRelations.length > 0;
  return { schema, readWith, rename, added: { labels: toAdd, relations: addedRelations, attributes: addedAttributes }, changed, problems, warnings };
}
