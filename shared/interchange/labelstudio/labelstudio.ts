/**
 * Label Studio's JSON export (the "JSON" choice of its Export dialog, and what its import takes
 * as pre-annotated tasks): an array of tasks, each with its `data` and its `annotations`, each
 * annotation a `result` list of regions and relations.
 *
 * ```json
 * [{"id": 1, "data": {"text": "We gave Jane Smith the ball."},
 *   "annotations": [{"id": 1, "result": [
 *     {"id": "s1", "from_name": "label", "to_name": "text", "type": "labels",
 *      "value": {"start": 8, "end": 18, "text": "Jane Smith", "labels": ["actor"]}},
 *     {"id": "s1", "from_name": "actor.kind", "to_name": "text", "type": "choices",
 *      "value": {"start": 8, "end": 18, "text": "Jane Smith", "choices": ["person"]}},
 *     {"from_id": "s2", "to_id": "s1", "type": "relation", "direction": "right", "labels": ["claimant"]}]}]}]
 * ```
 *
 * Decisions
 * - A span is a `labels` region (`value.labels` holds one label: Standoff spans have one).
 * - A span's attributes are per-region results with the region's `id` (Label Studio's
 *   `perRegion` controls): a choice or several choices as `choices`, a yes/no as `choices`
 *   `["yes"]`/`["no"]`, a whole number as `number`, free text, a range (`min..max`) and a linked
 *   entity (its id) as `textarea`. Their `from_name` is `<label>.<attribute>` on export (one
 *   control per label and attribute, since two labels may share an attribute id with two
 *   kinds); on import a bare `<attribute>` is read too, for the span's label.
 * - A relation is a `relation` result, `from_id` the source span, `labels` its type.
 * - OFFSET UNITS: Label Studio has stored Unicode code points since 1.4 (label-studio-frontend
 *   #308: "store code points instead of js length"), Python's `text[start:end]`, as Standoff
 *   does. Older exports counted UTF-16 units: on import a region whose `value.text` is what
 *   UTF-16 offsets select (and not what code points select) is read as UTF-16, with a warning.
 * - Export also writes the labelling configuration (`labelConfig`) that those `from_name`s
 *   need, for Label Studio's project settings.
 * - Import reads `annotations` (or the older `completions`); an annotation marked
 *   `was_cancelled` (skipped) is left out and said. A task with several annotations (several
 *   annotators) cannot go into one layer: a problem naming them. `predictions` are not
 *   annotations: left out, and said.
 */
import type { AttributeDef, Attributes, AttributeValue, Label, LabelSchema } from '../../model/labels';
import { compareRelations, compareSpans, type Relation, type Span } from '../../model/span';
import { relationProblem, valueProblem } from '../../schema/conformance';
import { CodePointIndex } from '../../text/codePoints';
import { describeJson, idMaker, isObject, labelProblem, labelsOf, layerFor, makeSpan, normalizeImported, offsetProblem } from '../jsonl/lines';
import type { ExportContext, ImportProblem, InterchangeDocument } from '../model';

/** The `from_name` of label regions and the `to_name` of every result: the config's Labels and Text tags. */
export const LS_LABELS = 'label';
export const LS_TEXT = 'text';

/** One task of a Label Studio JSON export. */
export interface LabelStudioTask {
  id: number;
  data: { text: string; document: string; title?: string; source?: string; annotator: string };
  annotations: Array<{ id: number; ground_truth: boolean; was_cancelled: boolean; result: Array<Record<string, unknown>> }>;
}

/** The `from_name` of a label's attribute control. */
export const attributeControl = (label: string, attribute: string): string => `${label}.${attribute}`;

/** One document's layer as one Label Studio task (its `id` is the task's number, 1-based). */
export function labelStudioTask(doc: InterchangeDocument, taskId: number, context: ExportContext, issue: (item: string, message: string) => void = () => undefined): LabelStudioTask {
  const index = new CodePointIndex(doc.text);
  const labels = labelsOf(context.schema) as Map<string, Label>;
  const spans = [...doc.spans].sort(compareSpans);
  const result: Array<Record<string, unknown>> = [];
  const ids = new Set(spans.map((s) => s.id));
  for (const s of spans) {
    const where = { start: s.startOffset, end: s.endOffset, text: index.slice(s.startOffset, s.endOffset) };
    result.push({ id: s.id, from_name: LS_LABELS, to_name: LS_TEXT, type: 'labels', origin: 'manual', value: { ...where, labels: [s.label] } });
    const label = labels.get(s.label);
    for (const [key, value] of Object.entries(s.attributes ?? {})) {
      const def = label?.attributes.find((d) => d.id === key);
      if (!def || valueProblem(def, value)) {
        issue(s.id, `${s.label} › ${key}: ${def ? 'does not fit its definition' : 'not an attribute of the label in the schema'}: not exported`);
        continue;
      }
      result.push({ id: s.id, from_name: attributeControl(s.label, key), to_name: LS_TEXT, type: resultType(def), origin: 'manual', value: { ...where, ...attributeValue(def, value) } });
    }
  }
  for (const r of [...doc.relations].sort(compareRelations)) {
    if (!ids.has(r.from) || !ids.has(r.to)) {
      issue(r.id, `relation ${r.id} joins a span that is not exported: not exported`);
      continue;
    }
    result.push({ from_id: r.from, to_id: r.to, type: 'relation', direction: 'right', labels: [r.type] });
  }
  const data: LabelStudioTask['data'] = { text: doc.text, document: doc.id, ...(doc.title !== null ? { title: doc.title } : {}), ...(doc.source !== null ? { source: doc.source } : {}), annotator: doc.annotator };
  return { id: taskId, data, annotations: [{ id: taskId, ground_truth: doc.annotator === 'gold', was_cancelled: false, result }] };
}

function resultType(def: AttributeDef): 'choices' | 'number' | 'textarea' {
  return def.type === 'choice' || def.type === 'choices' || def.type === 'boolean' ? 'choices' : def.type === 'integer' ? 'number' : 'textarea';
}

function attributeValue(def: AttributeDef, value: AttributeValue): Record<string, unknown> {
  switch (def.type) {
    case 'choice':
      return { choices: [value] };
    case 'choices':
      return { choices: value };
    case 'boolean':
      return { choices: [value ? 'yes' : 'no'] };
    case 'integer':
      return { number: value };
    case 'range': {
      const r = value as { min: number | null; max: number | null };
      return { text: [`${r.min ?? ''}..${r.max ?? ''}`] };
    }
    default:
      return { text: [String(value)] };
  }
}

/**
 * The labelling configuration of an export's schema: Text, Labels (colours from the schema),
 * Relations, and one per-region control per label and attribute, shown for its label only.
 */
export function labelStudioConfig(schema: LabelSchema): string {
  const a = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const out = ['<View>', `  <Labels name="${LS_LABELS}" toName="${LS_TEXT}">`];
  for (const l of schema.labels) out.push(`    <Label value="${a(l.id)}" background="${a(l.color)}"/>`);
  out.push('  </Labels>', `  <Text name="${LS_TEXT}" value="$text"/>`);
  if (schema.relations.length) {
    out.push('  <Relations>');
    for (const r of schema.relations) out.push(`    <Relation value="${a(r.id)}"/>`);
    out.push('  </Relations>');
  }
  for (const l of schema.labels) {
    for (const def of l.attributes) {
      const name = a(attributeControl(l.id, def.id));
      const shown = `toName="${LS_TEXT}" perRegion="true" visibleWhen="region-selected" whenLabelValue="${a(l.id)}"`;
      out.push(`  <Header value="${a(l.name)}: ${a(def.name)}" visibleWhen="region-selected" whenLabelValue="${a(l.id)}"/>`);
      if (def.type === 'choice' || def.type === 'choices' || def.type === 'boolean') {
        const options = def.type === 'boolean' ? ['yes', 'no'] : def.options.map((o) => o.id);
        out.push(`  <Choices name="${name}" ${shown} choice="${def.type === 'choices' ? 'multiple' : 'single'}">`);
        for (const o of options) out.push(`    <Choice value="${a(o)}"/>`);
        out.push('  </Choices>');
      } else if (def.type === 'integer') out.push(`  <Number name="${name}" ${shown}${def.min !== undefined ? ` min="${def.min}"` : ''}${def.max !== undefined ? ` max="${def.max}"` : ''}/>`);
      else out.push(`  <TextArea name="${name}" ${shown} maxSubmissions="1"/>`);
    }
  }
  out.push('</View>', '');
  return out.join('\n');
}

// ---- import

export interface LabelStudioImportOptions {
  file: string;
  schema?: LabelSchema;
  annotator?: string;
  /** The 1-based line where each task of the file's array begins (for messages); see taskLines. */
  lines?: readonly number[];
}

export interface LabelStudioImport {
  documents: InterchangeDocument[];
  problems: ImportProblem[];
  warnings: ImportProblem[];
  /** Per document read, the line its task begins on (when lines were given). */
  lineOf: Map<InterchangeDocument, number | undefined>;
}

/**
 * Reads a Label Studio JSON export (a list of tasks, or one task): every document, with every
 * problem (file, line of the task, and where in it) and warning.
 */
export function parseLabelStudio(text: string, options: LabelStudioImportOptions): LabelStudioImport {
  const problems: ImportProblem[] = [];
  const warnings: ImportProblem[] = [];
  const documents: InterchangeDocument[] = [];
  const lineOf = new Map<InterchangeDocument, number | undefined>();
  const file = options.file;
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    problems.push({ file, message: `not valid JSON (${(e as Error).message})` });
    return { documents, problems, warnings, lineOf };
  }
  const tasks = Array.isArray(json) ? json : [json];
  const lines = Array.isArray(json) ? (options.lines ?? taskLines(text)) : [1];
  const labels = labelsOf(options.schema);
  tasks.forEach((task: unknown, i: number) => {
    const line = lines[i];
    const at = (message: string): ImportProblem => (line !== undefined ? { file, line, message } : { file, message });
    const name = isObject(task) && (typeof task.id === 'number' || typeof task.id === 'string') ? `task ${String(task.id)}` : `task ${i + 1} of the list`;
    const problem = (message: string) => problems.push(at(`${name}: ${message}`));
    if (!isObject(task)) return problem(`is ${describeJson(task)}, not a task object`);
    if (!isObject(task.data)) return problem(task.data === undefined ? 'no "data": is this a Label Studio JSON export? (JSON-MIN and CSV exports are not read: export as JSON)' : `"data" is ${describeJson(task.data)}, not an object`);
    const docText = textOf(task.data);
    if (docText === null) return problem('its "data" has no "text" (nor exactly one other text field) to annotate');
    const all = task.annotations ?? task.completions;
    if (all !== undefined && !Array.isArray(all)) return problem(`"annotations" is ${describeJson(all)}, not a list`);
    const list = (all ?? []) as unknown[];
    const cancelled = list.filter((a) => isObject(a) && (a.was_cancelled === true || a.skipped === true)).length;
    const kept = list.filter((a) => !(isObject(a) && (a.was_cancelled === true || a.skipped === true)));
    if (cancelled) warnings.push(at(`${name}: ${cancelled} skipped (cancelled) annotation${cancelled === 1 ? '' : 's'} left out`));
    if (Array.isArray(task.predictions) && task.predictions.length) warnings.push(at(`${name}: ${task.predictions.length} prediction${task.predictions.length === 1 ? '' : 's'} left out (predictions are not annotations)`));
    if (kept.length > 1) {
      const who = kept.map((a) => (isObject(a) ? whoDid(a.completed_by) : '?')).join(', ');
      return problem(`has ${kept.length} annotations (by ${who}); Standoff imports one layer at a time: export each annotator's annotations separately (Label Studio's export filters by annotator)`);
    }
    const annotation = kept[0];
    if (annotation !== undefined && !isObject(annotation)) return problem(`its annotation is ${describeJson(annotation)}, not an object`);
    if (annotation && annotation.result !== undefined && !Array.isArray(annotation.result)) return problem(`"result" is ${describeJson(annotation.result)}, not a list`);
    const result = ((annotation?.result ?? []) as unknown[]) ?? [];
    const before = problems.length;
    const doc = readTask(task, docText, result, labels, options, problem, (m) => warnings.push(at(`${name}: ${m}`)));
    if (problems.length > before || !doc) return;
    documents.push(doc);
    lineOf.set(doc, line);
  });
  if (tasks.length === 0) problems.push({ file, message: 'the file holds no tasks' });
  return { documents, problems, warnings, lineOf };
}

function whoDid(v: unknown): string {
  if (isObject(v)) return typeof v.email === 'string' ? v.email : String(v.id ?? '?');
  return typeof v === 'number' || typeof v === 'string' ? `user ${v}` : 'an unknown user';
}

/** The task's text: data.text, else its only text field. */
function textOf(data: Record<string, unknown>): string | null {
  if (typeof data.text === 'string') return data.text;
  const texts = Object.values(data).filter((v): v is string => typeof v === 'string' && !/^(https?|s3|gs):\/\//.test(v));
  return texts.length === 1 ? (texts[0] as string) : null;
}

function readTask(
  task: Record<string, unknown>,
  docText: string,
  result: unknown[],
  labels: Map<string, Label> | undefined,
  options: LabelStudioImportOptions,
  problem: (m: string) => void,
  warn: (m: string) => void,
): InterchangeDocument | null {
  const data = task.data as Record<string, unknown>;
  const original = new CodePointIndex(docText);
  const normalized = normalizeImported(docText);
  const regionIds = new Set<string>();
  for (const r of result) if (isObject(r) && typeof r.id === 'string' && r.type === 'labels') regionIds.add(r.id);
  const nextId = idMaker('s', new Set([...regionIds].filter((id) => SPAN_ID.test(id))));
  const byRegion = new Map<string, Span>();
  const spans: Span[] = [];
  let utf16 = 0;
  /** [start, end) in code points of the original text, or a problem. */
  const offsets = (where: string, value: Record<string, unknown>): [number, number] | null => {
    const issue = offsetProblem(value.start, value.end, original.length, 'code points');
    const s = value.start as number;
    const e = value.end as number;
    // Older Label Studio counted UTF-16 units: the region's own text says which it is.
    if (typeof value.text === 'string' && typeof s === 'number' && typeof e === 'number') {
      if (!issue && original.slice(s, e) === value.text) return [s, e];
      if (Number.isInteger(s) && Number.isInteger(e) && s >= 0 && s <= e && e <= docText.length && docText.slice(s, e) === value.text) {
        utf16++;
        return [original.toCodePoint(s), original.toCodePoint(e)];
      }
      if (!issue) {
        problem(`${where}: its text ${JSON.stringify(value.text)} is not what ${s}–${e} selects (${JSON.stringify(original.slice(s, e))}), in code points or in UTF-16 units`);
        return null;
      }
    }
    if (issue) {
      problem(`${where}: ${issue}`);
      return null;
    }
    return [s, e];
  };
  const where = (i: number, r: Record<string, unknown>) => `result[${i}]${typeof r.id === 'string' ? ` (region ${r.id})` : ''}`;
  result.forEach((r, i) => {
    if (!isObject(r)) return problem(`result[${i}] is ${describeJson(r)}, not a result object`);
    if (r.type !== 'labels' && !(isObject(r.value) && Array.isArray(r.value.labels) && r.type === undefined)) return;
    const w = where(i, r);
    const value = r.value;
    if (!isObject(value)) return problem(`${w}: "value" is ${describeJson(value)}, not an object`);
    if (!Array.isArray(value.labels) || value.labels.length !== 1) return problem(`${w}: a region has ${Array.isArray(value.labels) ? `${value.labels.length} labels` : 'no "labels" list'}; a Standoff span has exactly one`);
    const labelIssue = labelProblem(value.labels[0], labels);
    if (labelIssue) return problem(`${w}: ${labelIssue}`);
    const at = offsets(w, value);
    if (!at) return;
    const id = typeof r.id === 'string' && SPAN_ID.test(r.id) ? r.id : nextId();
    if (typeof r.id === 'string' && byRegion.has(r.id)) return problem(`${w}: region id ${r.id} is used by two regions`);
    const span = makeSpan(normalized.index, id, value.labels[0] as string, normalized.map(at[0]), normalized.map(at[1]));
    spans.push(span);
    if (typeof r.id === 'string') byRegion.set(r.id, span);
  });
  if (utf16) warn(`${utf16} region${utf16 === 1 ? '' : 's'} counted in UTF-16 units (Label Studio before 1.4): converted to code points`);

  // Per-region attributes.
  const attributes = new Map<Span, Attributes>();
  result.forEach((r, i) => {
    if (!isObject(r) || r.type === 'labels' || r.type === 'relation' || !isObject(r.value) || Array.isArray(r.value.labels)) return;
    const w = where(i, r);
    const span = typeof r.id === 'string' ? byRegion.get(r.id) : undefined;
    if (!span) {
      warn(`${w}: a ${String(r.type)} result for the whole task (${String(r.from_name)}), not for a region: left out (Standoff has no place for document-level choices)`);
      return;
    }
    const control = typeof r.from_name === 'string' ? r.from_name : '';
    const attribute = control.startsWith(`${span.label}.`) ? control.slice(span.label.length + 1) : control;
    const label = labels?.get(span.label);
    const def = label?.attributes.find((d) => d.id === attribute);
    if (label && !def) return problem(`${w}: "${attribute}" is not an attribute of ${span.label} in the schema (${label.attributes.map((d) => d.id).join(', ') || 'it has none'})`);
    const read = readAttribute(def, r.type, r.value);
    if (typeof read === 'object' && read !== null && 'problem' in read) return problem(`${w}: ${span.label} › ${attribute}: ${read.problem}`);
    const value = read as AttributeValue;
    if (def) {
      const p = valueProblem(def, value);
      if (p) return problem(`${w}: ${span.label} › ${attribute}: ${p}`);
    }
    const mine = attributes.get(span) ?? {};
    if (attribute in mine) return problem(`${w}: ${span.label} › ${attribute} is given twice for region ${span.id}`);
    mine[attribute] = value;
    attributes.set(span, mine);
  });
  const finalSpans = spans.map((s) => {
    const a = attributes.get(s);
    return a ? { ...s, attributes: Object.fromEntries(Object.keys(a).sort().map((k) => [k, a[k] as AttributeValue])) } : s;
  });
  const byId = new Map(finalSpans.map((s) => [s.id, s]));
  const regionToId = new Map([...byRegion].map(([region, s]) => [region, s.id]));

  const relations: Relation[] = [];
  const nextRelation = idMaker('r', new Set());
  result.forEach((r, i) => {
    if (!isObject(r) || r.type !== 'relation') return;
    const w = `result[${i}] (relation)`;
    const from = byId.get(regionToId.get(String(r.from_id)) ?? '');
    const to = byId.get(regionToId.get(String(r.to_id)) ?? '');
    if (!from) return problem(`${w}: from_id ${JSON.stringify(r.from_id ?? null)} is none of the task's regions`);
    if (!to) return problem(`${w}: to_id ${JSON.stringify(r.to_id ?? null)} is none of the task's regions`);
    const types = Array.isArray(r.labels) ? r.labels : [];
    if (types.length !== 1 || typeof types[0] !== 'string') return problem(`${w}: a relation needs exactly one label (its type); it has ${types.length === 0 ? 'none' : JSON.stringify(types)}`);
    // "left" points the other way; "bi" has no direction, which Standoff's relations always have.
    if (r.direction === 'bi') warn(`${w}: a two-way relation is imported from ${from.id} to ${to.id}`);
    const [source, target] = r.direction === 'left' ? [to, from] : [from, to];
    const relation = { id: nextRelation(), type: types[0], from: source.id, to: target.id };
    if (options.schema) {
      const p = relationProblem(relation, source, target, options.schema);
      if (p) return problem(`${w}: ${p}`);
    }
    relations.push(relation);
  });

  const id = typeof data.document === 'string' && data.document !== '' ? data.document : typeof data.id === 'string' && data.id !== '' ? data.id : String(task.id ?? '');
  return {
    id,
    text: normalized.text,
    title: typeof data.title === 'string' ? data.title : null,
    source: typeof data.source === 'string' ? data.source : null,
    annotator: layerFor(options.annotator, data.annotator),
    spans: finalSpans.sort(compareSpans),
    relations: relations.sort(compareRelations),
  };
}

const SPAN_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** A per-region result's value as the attribute's value (by its definition's type when known), or why not. */
function readAttribute(def: AttributeDef | undefined, type: unknown, value: Record<string, unknown>): AttributeValue | { problem: string } {
  const choices = Array.isArray(value.choices) ? value.choices : null;
  const texts = Array.isArray(value.text) ? value.text : typeof value.text === 'string' && type === 'textarea' ? [value.text] : null;
  if (type === 'number') return typeof value.number === 'number' ? value.number : { problem: `"number" is ${describeJson(value.number)}` };
  if (type === 'rating') return typeof value.rating === 'number' ? value.rating : { problem: `"rating" is ${describeJson(value.rating)}` };
  if (choices) {
    if (!choices.every((c) => typeof c === 'string')) return { problem: `"choices" holds ${describeJson(choices.find((c) => typeof c !== 'string'))}` };
    if (def?.type === 'choices') return choices as string[];
    if (def?.type === 'boolean') {
      const yes = choices.length === 1 && /^(yes|true)$/i.test(choices[0] as string);
      const no = choices.length === 1 && /^(no|false)$/i.test(choices[0] as string);
      return yes || no ? yes : { problem: `expected ["yes"] or ["no"], found ${JSON.stringify(choices)}` };
    }
    if (choices.length !== 1) return def?.type === 'choice' ? { problem: `one choice expected, found ${choices.length}` } : (choices as string[]);
    return choices[0] as string;
  }
  if (texts) {
    const t = texts.join('\n');
    if (def?.type === 'range') {
      const m = /^\s*(-?\d+)?\s*\.\.\s*(-?\d+)?\s*$/.exec(t);
      return m ? { min: m[1] !== undefined ? Number(m[1]) : null, max: m[2] !== undefined ? Number(m[2]) : null } : { problem: `a range is written "min..max", not ${JSON.stringify(t)}` };
    }
    if (def?.type === 'integer') return /^-?\d+$/.test(t.trim()) ? Number(t.trim()) : { problem: `a whole number expected, not ${JSON.stringify(t)}` };
    return t;
  }
  return { problem: `a ${String(type)} result is not read (Standoff reads choices, number, rating and textarea results)` };
}

/**
 * The 1-based line on which each element of a JSON array file begins (for messages): a scan
 * that skips strings, so it agrees with JSON.parse on any valid file.
 */
export function taskLines(text: string): number[] {
  const out: number[] = [];
  let depth = 0;
  let line = 1;
  let inString = false;
  let expectElement = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '\n') line++;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (depth === 1 && expectElement && !/\s/.test(c) && c !== ']') {
      out.push(line);
      expectElement = false;
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      depth++;
      if (depth === 1 && c === '[') expectElement = true;
    } else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 1) expectElement = true;
  }
  return out;
}
