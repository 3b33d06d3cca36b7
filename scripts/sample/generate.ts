/**
 * Writes the sample project's annotations from scripts/sample/annotations.ts:
 *
 *   annotations/documents/<docId>/annotations/<annotator>.json   one file per (document, annotator)
 *   annotations/entities/<annotator>.json                          each annotator's entity records
 *
 * Every quote is found in the document text (whole words, unless the unit says otherwise); a
 * quote that is missing or ambiguous stops the run with the document and the quote named.
 * Offsets are Unicode code points. Each file is parsed back with the format's own reader before
 * it is written, and the output is the same bytes on every run.
 *
 *   npx tsx scripts/sample/generate.ts            write the files
 *   npx tsx scripts/sample/generate.ts --check    write nothing; fail if a file would change
 *   npx tsx scripts/sample/generate.ts --coverage also list entity aliases no actor span covers
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ANNOTATION_FORMAT,
  ANNOTATION_VERSION,
  OFFSET_UNITS,
  parseAnnotationFile,
  serializeAnnotationFile,
  type AnnotationFile,
} from '../../shared/format/annotationFile';
import { ENTITY_FORMAT, ENTITY_VERSION, parseEntityFile, serializeEntityFile, type EntityRecord } from '../../shared/format/entityFile';
import { DEFAULT_LABELS, DEFAULT_SCHEMA, type Attributes } from '../../shared/model/labels';
import { quoteOf } from '../../shared/model/quote';
import { compareSpans, type Relation, type Span } from '../../shared/model/span';
import { attributeProblems, relationProblem } from '../../shared/schema/conformance';
import { CodePointIndex } from '../../shared/text/codePoints';
import { textHash } from '../../shared/text/hash';
import { ANNOTATORS, DOCUMENTS, ENTITIES, type Annotator } from './annotations';
import type { EntityDraft, Unit } from './units';

/** Every entity record carries this time, so that the output never changes from run to run. */
const UPDATED = '2026-11-20T10:00:00Z';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PROJECT = path.join(ROOT, 'annotations');

const args = new Set(process.argv.slice(2));
const CHECK = args.has('--check');
const COVERAGE = args.has('--coverage');

class DataError extends Error {}

// --- finding quotes ------------------------------------------------------------------------------

const SPACES = ' \u00a0';
const APOSTROPHES = "'’‘";
const DOUBLE_QUOTES = '"“”';

/** A regular expression source for a string, where a space matches a no-break space too and straight quotes match curly ones. */
function looseSource(s: string): string {
  let out = '';
  for (const ch of s) {
    if (SPACES.includes(ch)) out += '[ \\u00a0]';
    else if (APOSTROPHES.includes(ch)) out += "['’‘]";
    else if (DOUBLE_QUOTES.includes(ch)) out += '["“”]';
    else out += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return out;
}

const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}_]/u.test(c);

/** Whether [start, end) (UTF-16) begins and ends at word edges. */
function atWordEdges(text: string, start: number, end: number): { start: boolean; end: boolean } {
  return {
    start: !(isWordChar(text[start]) && isWordChar(text[start - 1])),
    end: !(isWordChar(text[end - 1]) && isWordChar(text[end])),
  };
}

/** The UTF-16 range of a unit's quote in the text; throws naming the document and quote. */
function locate(text: string, unit: Unit, where: string): [number, number] {
  const describe = () =>
    `"${unit.text}"` +
    (unit.after !== undefined ? ` after "${unit.after}"` : '') +
    (unit.before !== undefined ? ` before "${unit.before}"` : '') +
    (unit.occurrence !== undefined ? ` (occurrence ${unit.occurrence})` : '');
  if (unit.text.length === 0) throw new DataError(`${where}: unit "${unit.key}" has an empty quote`);
  const source =
    (unit.after ? `(?<=${looseSource(unit.after)})` : '') + `(?:${looseSource(unit.text)})` + (unit.before ? `(?=${looseSource(unit.before)})` : '');
  const re = new RegExp(source, 'g');
  const found: Array<[number, number]> = [];
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    re.lastIndex = start + 1; // overlapping matches count too
    const edges = atWordEdges(text, start, end);
    if (!unit.partialWord && !(edges.start && edges.end)) continue;
    found.push([start, end]);
  }
  if (found.length === 0) throw new DataError(`${where}: quote ${describe()} (unit "${unit.key}") is not in the text`);
  if (unit.occurrence !== undefined) {
    const hit = found[unit.occurrence - 1];
    if (!hit || unit.occurrence < 1) throw new DataError(`${where}: quote ${describe()} (unit "${unit.key}") occurs ${found.length} time(s), not ${unit.occurrence}`);
    return hit;
  }
  if (found.length > 1) {
    throw new DataError(`${where}: quote ${describe()} (unit "${unit.key}") is ambiguous: it occurs ${found.length} times; give an occurrence or an after/before context`);
  }
  return found[0]!;
}

/** The guidelines' boundary rules that a quote can break by itself (section 2). */
function boundaryProblems(text: string, start: number, end: number, unit: Unit): string[] {
  const s = text.slice(start, end);
  const problems: string[] = [];
  if (/^\s|\s$/.test(s)) problems.push('starts or ends with a space');
  if (s.includes('\n')) problems.push('runs over a line end');
  if (/^[,.;:!?)\]}–—-]/.test(s)) problems.push(`starts with "${s[0]}"`);
  if (/[,;:([{–—-]$/.test(s)) problems.push(`ends with "${s.at(-1)}"`);
  if (s.endsWith('.') && !/(?:^|[^A-Za-z])(?:[A-Z]\.)+$/.test(s)) problems.push('ends with a full stop that is not an abbreviation');
  if ((s.match(/“/g) ?? []).length !== (s.match(/”/g) ?? []).length) problems.push('holds one quotation mark of a pair');
  if ((s.match(/"/g) ?? []).length % 2 !== 0) problems.push('holds one straight quotation mark of a pair');
  const edges = atWordEdges(text, start, end);
  if (unit.partialWord && edges.start && edges.end) problems.push('is marked partialWord but starts and ends at word edges');
  return problems;
}

// --- entities ------------------------------------------------------------------------------------

function entityDrafts(annotator: Annotator): Map<string, EntityDraft> {
  const out = new Map<string, EntityDraft>();
  for (const e of ENTITIES) {
    const own = e[annotator];
    if (own === null) continue;
    const base: EntityDraft = { id: e.id, name: e.name, kind: e.kind, aliases: [], ...(e.notes ? { notes: e.notes } : {}) };
    if (out.has(e.id)) throw new DataError(`entities: "${e.id}" is listed twice`);
    if (Array.isArray(own)) out.set(e.id, { ...base, aliases: own });
    else {
      const draft: EntityDraft = { ...base, aliases: own.aliases, name: own.name ?? base.name, kind: own.kind ?? base.kind };
      if ('notes' in own) {
        if (own.notes) draft.notes = own.notes;
        else delete draft.notes;
      }
      out.set(e.id, draft);
    }
  }
  for (const d of out.values()) {
    if (new Set(d.aliases).size !== d.aliases.length) throw new DataError(`entities/${annotator}: "${d.id}" lists an alias twice`);
  }
  return out;
}

// --- one layer -----------------------------------------------------------------------------------

interface Layer {
  file: AnnotationFile;
  /** Span by unit key, for the summary. */
  byKey: Map<string, Span>;
}

const pad = (n: number) => String(n).padStart(3, '0');

const RELATION_TYPES = [
  ['claimant', 'claimant'],
  ['denier', 'denier'],
  ['denies', 'denies'],
  ['reportedBy', 'reported-by'],
] as const;

function attributesOf(unit: Unit, entities: Map<string, EntityDraft>, where: string): Attributes | undefined {
  switch (unit.label) {
    case 'actor': {
      const entity = entities.get(unit.entity);
      if (!entity) throw new DataError(`${where}: actor "${unit.key}" links to entity "${unit.entity}", which this annotator has no record of`);
      return { entity: unit.entity, kind: unit.kind ?? entity.kind };
    }
    case 'claim':
      return { type: unit.type };
    case 'denial':
      return undefined;
    case 'casualty-figure': {
      const a: Attributes = { vague: unit.vague };
      if (unit.outcome !== undefined) a.outcome = unit.outcome;
      if (unit.count && (unit.count[0] !== null || unit.count[1] !== null)) a.count = { min: unit.count[0], max: unit.count[1] };
      if (unit.hedge !== undefined) a.hedge = unit.hedge;
      if (unit.victims !== undefined) a.victims = unit.victims;
      return a;
    }
  }
}

function buildLayer(docId: string, docIndex: number, text: string, annotator: Annotator, units: readonly Unit[], entities: Map<string, EntityDraft>): Layer {
  const where = `documents/${docId} (${annotator})`;
  const index = new CodePointIndex(text);
  const labels = new Map(DEFAULT_LABELS.map((l) => [l.id, l]));
  const keys = new Set<string>();
  const draft: Array<{ unit: Unit; span: Span }> = [];
  const problems: string[] = [];

  for (const unit of units) {
    if (keys.has(unit.key)) throw new DataError(`${where}: unit key "${unit.key}" is used twice`);
    keys.add(unit.key);
    const [u16Start, u16End] = locate(text, unit, where);
    for (const p of boundaryProblems(text, u16Start, u16End, unit)) problems.push(`unit "${unit.key}" ("${unit.text}") ${p}`);
    const startOffset = index.toCodePoint(u16Start);
    const endOffset = index.toCodePoint(u16End);
    const quote = quoteOf(index, startOffset, endOffset);
    if (quote.exact !== text.slice(u16Start, u16End)) throw new Error(`${where}: offset conversion failed for "${unit.key}"`);
    const attributes = attributesOf(unit, entities, where);
    const span: Span = { id: unit.key, label: unit.label, startOffset, endOffset, quote, ...(attributes ? { attributes } : {}) };
    const label = labels.get(unit.label);
    if (!label) throw new DataError(`${where}: no label "${unit.label}" in the default schema`);
    for (const p of attributeProblems(span, label)) problems.push(`unit "${unit.key}": ${p}`);
    draft.push({ unit, span });
  }

  // Never the same stretch twice with the same label (guidelines, section 2).
  const places = new Map<string, string>();
  for (const { unit, span } of draft) {
    const place = `${span.label}:${span.startOffset}:${span.endOffset}`;
    const other = places.get(place);
    if (other) problems.push(`units "${other}" and "${unit.key}" tag the same stretch with the same label`);
    places.set(place, unit.key);
  }

  // Ids in document order: <annotator initial>-<document number>-<n>, n zero-padded so that
  // ids sort in document order ("l-3-007"); relations likewise ("l-3-r004").
  const initial = annotator[0]!;
  const ordered = [...draft].sort((a, b) => compareSpans(a.span, b.span));
  const byKey = new Map<string, Span>();
  const order = new Map<string, number>();
  ordered.forEach(({ unit, span }, i) => {
    const final = { ...span, id: `${initial}-${docIndex}-${pad(i + 1)}` };
    byKey.set(unit.key, final);
    order.set(unit.key, i);
  });

  const pending: Array<{ type: string; from: string; to: string }> = [];
  for (const { unit } of draft) {
    for (const [field, type] of RELATION_TYPES) {
      const targets = (unit as unknown as Record<string, unknown>)[field];
      if (targets === undefined) continue;
      if (!Array.isArray(targets)) throw new DataError(`${where}: unit "${unit.key}": "${field}" must be a list of keys`);
      for (const to of targets as string[]) {
        if (!byKey.has(to)) throw new DataError(`${where}: unit "${unit.key}": ${type} points to "${to}", which is not a unit of this list`);
        pending.push({ type, from: unit.key, to });
      }
    }
  }
  pending.sort((a, b) => order.get(a.from)! - order.get(b.from)! || order.get(a.to)! - order.get(b.to)! || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
  const relations: Relation[] = [];
  const seenRelations = new Set<string>();
  pending.forEach((r, i) => {
    const relation: Relation = { id: `${initial}-${docIndex}-r${pad(i + 1)}`, type: r.type, from: byKey.get(r.from)!.id, to: byKey.get(r.to)!.id };
    const dup = `${r.type}:${r.from}:${r.to}`;
    if (seenRelations.has(dup)) problems.push(`relation ${r.type} from "${r.from}" to "${r.to}" is given twice`);
    seenRelations.add(dup);
    const p = relationProblem(relation, byKey.get(r.from), byKey.get(r.to), DEFAULT_SCHEMA);
    if (p) problems.push(`relation ${r.type} from "${r.from}" to "${r.to}": ${p}`);
    relations.push(relation);
  });

  if (problems.length) throw new DataError(`${where}:\n  ${problems.join('\n  ')}`);

  const file: AnnotationFile = {
    format: ANNOTATION_FORMAT,
    version: ANNOTATION_VERSION,
    document: docId,
    annotator,
    offsets: OFFSET_UNITS,
    textHash: textHash(text),
    spans: ordered.map(({ unit }) => byKey.get(unit.key)!),
    relations,
    orphans: [],
  };
  return { file, byKey };
}

// --- output --------------------------------------------------------------------------------------

const changed: string[] = [];

function emit(file: string, content: string): void {
  const rel = path.relative(ROOT, file);
  const before = existsSync(file) ? readFileSync(file, 'utf8') : null;
  if (before === content) return;
  changed.push(rel);
  if (CHECK) return;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
}

/** Serialize, read back with the format's own reader, and make sure a second round gives the same bytes. */
function annotationJson(file: AnnotationFile, name: string): string {
  const json = serializeAnnotationFile(file);
  const back = parseAnnotationFile(json, name);
  if (serializeAnnotationFile(back) !== json) throw new Error(`${name}: does not survive a read and write unchanged`);
  return json;
}

function entityJson(annotator: Annotator, drafts: Map<string, EntityDraft>): string {
  const entities: EntityRecord[] = [...drafts.values()].map((d) => ({
    id: d.id,
    name: d.name,
    kind: d.kind,
    aliases: d.aliases,
    ...(d.notes ? { notes: d.notes } : {}),
    updated: UPDATED,
  }));
  const name = `annotations/entities/${annotator}.json`;
  const json = serializeEntityFile({ format: ENTITY_FORMAT, version: ENTITY_VERSION, annotator, entities });
  const back = parseEntityFile(json, name);
  if (serializeEntityFile(back) !== json) throw new Error(`${name}: does not survive a read and write unchanged`);
  return json;
}

// --- agreement summary (exact matches only; the app computes the real measures) -------------------

function unitKeys(file: AnnotationFile): Set<string> {
  const place = new Map(file.spans.map((s) => [s.id, `${s.label}@${s.startOffset}-${s.endOffset}`]));
  const out = new Set<string>();
  for (const s of file.spans) out.add(`span ${place.get(s.id)} ${JSON.stringify(s.attributes ?? {})}`);
  for (const r of file.relations) out.add(`rel ${r.type} ${place.get(r.from)} -> ${place.get(r.to)}`);
  return out;
}

const percent = (part: number, whole: number) => `${Math.round((100 * part) / whole)}%`;

function countLabels(file: AnnotationFile): string {
  const by = (label: string) => file.spans.filter((s) => s.label === label).length;
  return `claim ${by('claim')}, denial ${by('denial')}, casualty-figure ${by('casualty-figure')}, actor ${by('actor')}; relations ${file.relations.length}`;
}

// --- main ----------------------------------------------------------------------------------------

function main(): void {
  const docsDir = path.join(PROJECT, 'documents');
  const folders = readdirSync(docsDir).filter((d) => existsSync(path.join(docsDir, d, 'text.txt'))).sort();
  const registries = new Map(ANNOTATORS.map((a) => [a, entityDrafts(a)]));
  const used = new Map(ANNOTATORS.map((a) => [a, new Set<string>()]));
  const summary: string[] = [];
  let agreed = 0;
  let total = 0;

  for (const doc of DOCUMENTS) {
    const matches = folders.filter((f) => f.startsWith(`${doc.doc}_`) || f === doc.doc);
    if (matches.length !== 1) throw new DataError(`document "${doc.doc}": ${matches.length} folders match in annotations/documents`);
    const docId = matches[0]!;
    const docIndex = Number.parseInt(doc.doc, 10);
    const text = readFileSync(path.join(docsDir, docId, 'text.txt'), 'utf8');
    if (text.includes('\r')) throw new DataError(`documents/${docId}/text.txt has CR line ends`);
    const metaFile = path.join(docsDir, docId, 'document.json');
    if (existsSync(metaFile)) {
      const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as { textHash?: string };
      if (meta.textHash && meta.textHash !== textHash(text)) throw new DataError(`documents/${docId}: text.txt does not match the hash in document.json`);
    }

    const layers = new Map<Annotator, Layer>();
    for (const annotator of ANNOTATORS) {
      const layer = buildLayer(docId, docIndex, text, annotator, doc[annotator], registries.get(annotator)!);
      layers.set(annotator, layer);
      for (const s of layer.file.spans) if (s.label === 'actor') used.get(annotator)!.add(String(s.attributes?.entity));
      const rel = `annotations/documents/${docId}/annotations/${annotator}.json`;
      emit(path.join(ROOT, rel), annotationJson(layer.file, rel));
      summary.push(`${docId} ${annotator.padEnd(6)} ${layer.file.spans.length} spans (${countLabels(layer.file)})`);

      if (COVERAGE) {
        const actors = layer.file.spans.filter((s) => s.label === 'actor');
        const index = new CodePointIndex(text);
        for (const entity of registries.get(annotator)!.values()) {
          for (const alias of entity.aliases) {
            const re = new RegExp(looseSource(alias), 'g');
            for (let m = re.exec(text); m !== null; m = re.exec(text)) {
              const edges = atWordEdges(text, m.index, m.index + m[0].length);
              if (!edges.start || !edges.end) continue;
              const cp = index.toCodePoint(m.index);
              const cpEnd = index.toCodePoint(m.index + m[0].length);
              const covered = actors.some((s) => s.attributes?.entity === entity.id && s.startOffset <= cp && s.endOffset >= cpEnd);
              if (!covered) summary.push(`    not tagged: "${m[0]}" (${entity.id}) at ${cp}: …${text.slice(Math.max(0, m.index - 30), m.index + m[0].length + 30).replace(/\n/g, ' ')}…`);
            }
          }
        }
      }
    }

    // Units (spans with their attributes, relations) that both made exactly alike, against the
    // mean number of units per annotator.
    const [a, b] = ANNOTATORS.map((x) => unitKeys(layers.get(x)!.file)) as [Set<string>, Set<string>];
    const both = [...a].filter((k) => b.has(k)).length;
    agreed += both;
    total += (a.size + b.size) / 2;
    summary.push(`${docId} exact agreement: ${both} units alike of ${a.size} / ${b.size} (${percent(both, (a.size + b.size) / 2)})`);
  }

  for (const annotator of ANNOTATORS) {
    const drafts = registries.get(annotator)!;
    for (const id of drafts.keys()) if (!used.get(annotator)!.has(id)) summary.push(`note: ${annotator} has an entity record "${id}" that no span of theirs links to`);
    emit(path.join(PROJECT, 'entities', `${annotator}.json`), entityJson(annotator, drafts));
    summary.push(`entities/${annotator}.json: ${drafts.size} entities`);
  }
  summary.push(`all documents: ${agreed} units alike, ${percent(agreed, total)} of the mean units per annotator`);

  console.log(summary.join('\n'));
  if (CHECK) {
    if (changed.length) {
      console.error(`\n${changed.length} file(s) would change:\n  ${changed.join('\n  ')}`);
      process.exitCode = 1;
    } else console.log('\nall files are up to date');
  } else console.log(changed.length ? `\nwrote ${changed.length} file(s):\n  ${changed.join('\n  ')}` : '\nall files were already up to date');
}

try {
  main();
} catch (e) {
  if (e instanceof DataError) {
    console.error(`error: ${e.message}`);
    process.exit(1);
  }
  throw e;
}
