/**
 * The service's importAnnotations: annotations from a file or folder in an interchange format
 * into one layer of the project's documents, all or nothing.
 *
 * 1. The format: as given, else from the path (a folder or .ann: brat; .jsonld: W3C) and the
 *    content (the first record of a .jsonl; a .json file's shape). An ambiguous file is refused
 *    with the reason, asking for the format.
 * 2. Reading: the shared parsers (shared/interchange), with the project's schema: every span
 *    inside its text, every label in the schema, every attribute fitting its definition, every
 *    relation of a type allowed between its spans' labels. JSONL files are read line by line,
 *    so each problem names its line.
 * 3. Matching, record by record: a record whose document id (Standoff JSONL `id`, spaCy
 *    `meta.id`, doccano `id`, brat file name, W3C target IRI) is a document of the project
 *    goes to that document, and its text must then be the document's text exactly (after
 *    line ends are made LF); a record with no such id goes to the one document whose text is
 *    exactly its text. Anything else is unmatched: a problem, or (unmatched: 'skip') listed
 *    and left out. Two records for one document are a problem.
 * 4. The target layers: a layer that already has spans (or relations, or orphans) is changed
 *    only with a mode: 'replace' (its spans and relations become the imported ones; orphans go
 *    too, and are counted) or 'merge' (the imported spans are added, except exact duplicates:
 *    same label, offsets and attributes; ids that clash are renamed). The new file must read
 *    back as a valid annotation file.
 * 5. Only when nothing is wrong anywhere: every file is written, or none (transaction.ts).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ImportAnnotationsInput, ImportAnnotationsResult, ImportedDocument, ImportFormat, ImportIssue } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { ANNOTATION_FORMAT, ANNOTATION_VERSION, OFFSET_UNITS, parseAnnotationFile, serializeAnnotationFile, type AnnotationFile } from '../../shared/format/annotationFile';
import { FormatError } from '../../shared/format/errors';
import { layout } from '../../shared/format/layout';
import { parseBratDocument } from '../../shared/interchange/brat';
import { importConll, importIob, isStandoffConll } from '../../shared/interchange/conll';
import { DOCUMENT_FORMAT, DOCUMENT_VERSION } from '../../shared/format/documentMeta';
import { documentIdFor } from '../../shared/importing/article';
import type { LabelSchema } from '../../shared/model/labels';
import { CodePointIndex, codePointLength } from '../../shared/text/codePoints';
import { bratAttributeNames } from '../../shared/interchange/brat/conf';
import { IMPORT_FORMATS, formatEntry, formatList } from '../../shared/interchange/formats';
import { parseDoccanoJsonl, parseSpacyJsonl, parseStandoffJsonl, type JsonlImportOptions } from '../../shared/interchange/jsonl';
import type { ImportResult, InterchangeDocument } from '../../shared/interchange/model';
import { importW3c, w3cTargetSources, type W3cImportDocument } from '../../shared/interchange/w3c';
import { parseLabelStudio } from '../../shared/interchange/labelstudio';
import { parseTsv3 } from '../../shared/interchange/webanno';
import { compareRelations, compareSpans, type Relation, type Span } from '../../shared/model/span';
import { normalizeText } from '../../shared/text/normalize';
import { throwIfCancelled, unwatched, type JobContext } from '../jobs/context';
import type { LoadedDocument } from '../project/documents';
import { versionOf } from '../project/durableFile';
import { decodeUtf8, insideProject } from '../project/files';
import { textHash } from '../project/hash';
import type { Project } from '../project/project';
import { writeAllOrNothing, type FileChange } from '../project/transaction';
import { writeDocument } from './importer';
import { planLabels, scanSource, type LabelPlan } from './labelPlan';

/** At most this many problems are returned (the rest are counted). */
const MAX_PROBLEMS = 1000;

/** A document read from the import, with where it was. */
interface ReadRecord {
  doc: InterchangeDocument;
  file: string;
  line?: number;
}

export async function importAnnotations(project: Project, input: ImportAnnotationsInput, ctx: JobContext = unwatched): Promise<ImportAnnotationsResult> {
  const source = path.resolve(input.path);
  const info = await stat(source).catch(() => null);
  if (!info) throw new ApiError('not-found', `${source} does not exist`);
  const format = input.format ?? (await detectFormat(source, info.isDirectory()));
  const annotator = input.annotator;
  const problems: ImportIssue[] = [];
  const warnings: ImportIssue[] = [];
  const unmatched: ImportIssue[] = [];
  let hints: ImportIssue[] = [];
  const fail = (): ImportAnnotationsResult => ({ ok: false, format, annotator, problems: problems.slice(0, MAX_PROBLEMS), more: Math.max(0, problems.length - MAX_PROBLEMS), warnings: [...warnings, ...hints] });
  const matcher = new Matcher(project);

  // ---- the labels: the schema's, mapped, or added (labelPlan.ts)
  const labels = planLabels(project.manifest, await scanSource(format, source, info.isDirectory()), input.labels ?? {});
  warnings.push(...labels.warnings.map((message) => ({ file: path.basename(source), message })));
  const chosen = input.labels !== undefined && (input.labels.add === true || input.labels.only === true || Object.keys(input.labels.map ?? {}).length > 0);
  // Asked to add or map: what cannot be done is the problem. Not asked: the readers name each
  // line with a label the schema lacks, and the plan's words (how often, where first, how to
  // add or map it) come after them as a hint.
  if (chosen) for (const message of labels.problems) problems.push({ file: path.basename(source), message });
  hints = chosen ? [] : labels.problems.map((message) => ({ file: path.basename(source), message }));
  if (input.labels?.only && (await project.documents.ids()).length > 0) {
    problems.push({ file: path.basename(source), message: 'the labels can be the source’s only in a project with no documents yet (a new project); add them to this one instead' });
  }
  if (problems.length) return fail();

  // ---- read and match
  ctx.progress({ done: 0, total: 0, phase: 'reading' });
  const records: Array<ReadRecord & { target: LoadedDocument; matchedBy: 'id' | 'text' | 'new' }> = [];
  const created = new Map<string, CreatedDocument>();
  const skipped = { reject: 0, ignore: 0 };
  const make = (record: ReadRecord, notes: string[] = []) => newDocumentFor(record, created, matcher, notes);
  const take = async (record: ReadRecord) => {
    record = { ...record, doc: renamed(record.doc, labels) };
    const match = await matcher.match(record.doc);
    const where = { file: record.file, ...(record.line !== undefined ? { line: record.line } : {}) };
    if (match.kind === 'found') records.push({ ...record, target: match.doc, matchedBy: match.by });
    else if (match.kind === 'unmatched' && input.unmatched === 'create') {
      const made = await make(record);
      if ('problem' in made) problems.push({ ...where, message: made.problem });
      else records.push({ ...record, target: made.doc, matchedBy: 'new' });
    } else if (match.kind === 'unmatched' && input.unmatched === 'skip') unmatched.push({ ...where, message: match.message });
    else problems.push({ ...where, message: match.message });
  };
  await READERS[format]({
    project,
    schema: labels.readWith,
    source,
    folder: info.isDirectory(),
    input,
    matcher,
    problems,
    warnings,
    unmatched,
    take,
    add: (record) => records.push({ ...record, doc: renamed(record.doc, labels) }),
    create: make,
    onSkip: (_line, why) => skipped[why]++,
    ctx,
  });
  const seen = new Map<string, ReadRecord>();
  for (const r of records) {
    const earlier = seen.get(r.target.meta.id);
    if (earlier) problems.push({ file: r.file, ...(r.line !== undefined ? { line: r.line } : {}), message: `document ${r.target.meta.id} is already imported from ${earlier.file}${earlier.line !== undefined ? ` line ${earlier.line}` : ''}: one record per document` });
    else seen.set(r.target.meta.id, r);
  }
  if (problems.length) return fail();
  throwIfCancelled(ctx.signal);

  // ---- the new layers, checked
  const changes: FileChange[] = [];
  const documents: ImportedDocument[] = [];
  let done = 0;
  for (const r of records) {
    throwIfCancelled(ctx.signal);
    ctx.progress({ done: done++, total: records.length, phase: 'checking', item: r.target.meta.id });
    const where = { file: r.file, ...(r.line !== undefined ? { line: r.line } : {}) };
    const planned = await plan(project, r.target, annotator, r.doc, input.mode);
    if ('problem' in planned) {
      problems.push({ ...where, message: planned.problem });
      continue;
    }
    if (planned.change) changes.push(planned.change);
    documents.push({ docId: r.target.meta.id, ...where, matchedBy: r.matchedBy, ...planned.counts });
  }
  if (problems.length) return fail();
  if (records.length === 0 && unmatched.length === 0) {
    problems.push({ file: path.basename(source), message: 'nothing to import: no document in it' });
    return fail();
  }

  // ---- all or nothing: the schema, then the new documents, then every layer
  throwIfCancelled(ctx.signal);
  const written: string[] = [];
  if (!input.dryRun && labels.changed) {
    await project.saveManifest({ ...project.manifest, labels: labels.schema.labels, relations: labels.schema.relations });
    written.push(layout.manifest);
  }
  if (!input.dryRun) {
    let k = 0;
    for (const c of created.values()) {
      throwIfCancelled(ctx.signal);
      ctx.progress({ done: k++, total: created.size, phase: 'creating documents', item: c.doc.meta.id });
      await writeDocument(project.root, { id: c.doc.meta.id, text: c.doc.text, title: c.doc.meta.title, source: c.doc.meta.source, importedFrom: c.doc.meta.importedFrom ?? c.name, importNotes: c.doc.meta.importNotes ?? [] });
      written.push(layout.meta(c.doc.meta.id), layout.text(c.doc.meta.id));
    }
  }
  if (!input.dryRun && changes.length) {
    ctx.progress({ done: 0, total: changes.length, phase: 'writing' });
    for (const r of records) await project.layers.settle(r.target.meta.id, annotator);
    try {
      await writeAllOrNothing(changes);
    } finally {
      // Open layers are read again from disk, whatever happened.
      for (const r of records) project.layers.forget(r.target.meta.id, annotator);
    }
    written.push(...changes.map((c) => c.name));
    ctx.progress({ done: changes.length, total: changes.length, phase: 'writing' });
  }
  documents.sort((a, b) => (a.docId < b.docId ? -1 : a.docId > b.docId ? 1 : 0));
  return {
    ok: true,
    format,
    annotator,
    dryRun: input.dryRun === true,
    documents,
    spans: documents.reduce((n, d) => n + d.spans, 0),
    relations: documents.reduce((n, d) => n + d.relations, 0),
    duplicates: documents.reduce((n, d) => n + d.duplicates, 0),
    unmatched,
    warnings,
    written: written.sort(),
    created: [...created.values()].map((c) => ({ docId: c.doc.meta.id, name: c.name, file: c.file, ...(c.line !== undefined ? { line: c.line } : {}) })).sort((a, b) => (a.docId < b.docId ? -1 : 1)),
    schema: { ...labels.added, mapped: Object.fromEntries(labels.rename) },
    skipped,
  };
}

/** A document the import creates: the record's text exactly, under the id rule. */
interface CreatedDocument {
  doc: LoadedDocument;
  /** The name the source gave it (file name, record id). */
  name: string;
  file: string;
  line?: number;
}

/**
 * A new document for a record that matches none (unmatched: 'create'): its id by the id rule
 * (documentIdFor) from the record's name; a record without a name (a JSONL line with no id)
 * is named after its file and line. An id taken by another record of this import, or by a
 * document of the project that differs only in case, is a problem that names it: annotations
 * made for one are never put on another.
 */
async function newDocumentFor(record: ReadRecord, created: Map<string, CreatedDocument>, matcher: Matcher, notes: string[]): Promise<{ doc: LoadedDocument } | { problem: string }> {
  const stem = path.basename(record.file).replace(/\.[^.]*$/, '');
  const name = /^line-\d+$/.test(record.doc.id) && record.line !== undefined ? `${stem}-line-${record.line}` : record.doc.id;
  const id = documentIdFor(name);
  const near = await matcher.sameNameIgnoringCase(id);
  if (near) return { problem: `record "${name}" would be the new document "${id}", but the project has "${near}", the same name but for case, with another text: import into a new project, or remove "${near}" first` };
  const earlier = [...created.values()].find((c) => c.doc.meta.id.toLowerCase() === id.toLowerCase());
  if (earlier) return { problem: `record "${name}" would be the new document "${id}", which record "${earlier.name}" (${earlier.file}${earlier.line !== undefined ? ` line ${earlier.line}` : ''}) already is: one record per document` };
  const text = record.doc.text;
  const doc: LoadedDocument = {
    meta: {
      format: DOCUMENT_FORMAT,
      version: DOCUMENT_VERSION,
      id,
      title: record.doc.title,
      source: record.doc.source,
      textHash: textHash(text),
      length: codePointLength(text),
      importedFrom: `${path.basename(record.file)}${record.line !== undefined ? ` line ${record.line}` : ''}`,
      importNotes: notes,
    },
    text,
    index: new CodePointIndex(text),
    hash: textHash(text),
  };
  created.set(id, { doc, name, file: record.file, ...(record.line !== undefined ? { line: record.line } : {}) });
  return { doc };
}

/** A record with its source labels renamed to the schema's (labelPlan: --map, ids made by the id rule). */
function renamed(doc: InterchangeDocument, plan: LabelPlan): InterchangeDocument {
  if (plan.rename.size === 0) return doc;
  return { ...doc, spans: doc.spans.map((s) => (plan.rename.has(s.label) ? { ...s, label: plan.rename.get(s.label) as string } : s)) };
}

/** Reads a UTF-8 file; a problem (named) when it is not UTF-8 or cannot be read. */
async function readText(file: string, name: string, problems: ImportIssue[]): Promise<string | null> {
  try {
    return decodeUtf8(await readFile(file), name);
  } catch (e) {
    problems.push({ file: name, message: e instanceof FormatError ? e.problems.join('; ') : `cannot be read (${(e as Error).message})` });
    return null;
  }
}

/**
 * W3C: documents that annotations of several creators target (an export of every annotator's
 * layer): importing them into one layer would mix the annotators, so each is a problem.
 */
function severalCreators(text: string): string[] {
  let root: unknown;
  try {
    root = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return []; // the W3C reader says where the JSON breaks
  }
  const creators = new Map<string, Set<string>>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!isObject(value)) return;
    if (value.first !== undefined) visit(value.first);
    if (value.next !== undefined && isObject(value.next)) visit(value.next);
    if (Array.isArray(value.items)) value.items.forEach(visit);
    const creator = isObject(value.creator) ? (value.creator.name ?? value.creator.id) : value.creator;
    const target = Array.isArray(value.target) ? value.target[0] : value.target;
    const source = isObject(target) ? target.source : undefined;
    if (typeof creator === 'string' && typeof source === 'string') {
      let set = creators.get(source);
      if (!set) creators.set(source, (set = new Set()));
      set.add(creator);
    }
  };
  visit(root);
  return [...creators]
    .filter(([, set]) => set.size > 1)
    .map(([source, set]) => `the annotations on ${source} are by several creators (${[...set].sort().join(', ')}): import one annotator's annotations at a time, into their own layer`);
}

// ---- the format

/** The format of a path, from its kind, its extension and its content; an ApiError saying why when it cannot tell. */
export async function detectFormat(source: string, folder: boolean): Promise<ImportFormat> {
  const name = path.basename(source);
  const ask = (why: string) => new ApiError('bad-request', `cannot tell the format of ${name}: ${why}; say which it is (${formatList(IMPORT_FORMATS)})`);
  if (folder) {
    if (await stat(path.join(source, 'tasks.json')).catch(() => null)) return 'labelstudio';
    // WebAnno when a .tsv in it is one (an export's dropped.tsv is not).
    for (const n of (await readdir(source)).filter((x) => x.endsWith('.tsv'))) {
      const head = await readFile(path.join(source, n), 'utf8').catch(() => '');
      if (head.replace(/^\uFEFF/, '').startsWith('#FORMAT=WebAnno TSV')) return 'webanno';
    }
    return 'brat';
  }
  const ext = path.extname(name).toLowerCase();
  if (ext === '.ann') return 'brat';
  if (ext === '.jsonld') return 'w3c';
  if (CONLL_EXTENSIONS.has(ext)) return 'conll';
  const unsupported = NOT_SUPPORTED[ext];
  if (unsupported) throw new ApiError('bad-request', `${name}: ${unsupported}; the formats Standoff reads are ${readable()}`);
  if (ext === '.tsv') return 'webanno';
  if (ext === '.txt') throw ask('a .txt file holds no annotations (for brat, give the .ann file or the folder)');
  let text: string;
  try {
    text = decodeUtf8(await readFile(source), name);
  } catch (e) {
    throw new ApiError('bad-request', e instanceof FormatError ? e.message : `${name} cannot be read (${(e as Error).message})`);
  }
  text = text.replace(/^\uFEFF/, '');
  if (ext === '.json') {
    try {
      const value = JSON.parse(text) as unknown;
      const first = Array.isArray(value) ? value[0] : value;
      if (isObject(first) && isObject(first.data) && ('annotations' in first || 'completions' in first || 'predictions' in first)) return 'labelstudio';
      if (isObject(first) && (/Annotation/.test(String(first.type)) || String(first['@context'] ?? '').includes('anno.jsonld'))) return 'w3c';
      throw ask('a .json file that is not W3C Web Annotation (JSONL formats hold one JSON object per line: use .jsonl)');
    } catch (e) {
      if (e instanceof ApiError) throw e;
      // Not one JSON value: perhaps JSONL named .json; read its first line below.
    }
  }
  const firstLine = text.split('\n').find((l) => l.trim() !== '');
  if (firstLine === undefined) throw ask('it is empty');
  let record: unknown;
  try {
    record = JSON.parse(firstLine);
  } catch {
    // One token a line with its tag last (CoNLL-2002 "Melbourne B-LOC"), or -DOCSTART-.
    if (looksLikeIob(text)) return 'conll';
    throw ask('its first line is not JSON, nor a token and its tag (CoNLL/IOB)');
  }
  if (!isObject(record)) throw ask('its first line is not a JSON object');
  if (record.format === 'standoff/jsonl') return 'standoff';
  if (isObject(record['@context']) || typeof record['@context'] === 'string') return 'w3c';
  const spacy = 'tokens' in record || 'meta' in record || 'answer' in record || 'ents' in record || (Array.isArray(record.spans) && record.spans.some((s) => isObject(s) && 'start' in s));
  const doccano = 'label' in record || 'labels' in record || (Array.isArray(record.entities) && record.entities.some((e) => isObject(e) && 'start_offset' in e));
  if (spacy && !doccano) return 'spacy';
  if (doccano && !spacy) return 'doccano';
  if (spacy && doccano) throw ask('its first record has both spaCy keys (tokens, spans, meta) and doccano keys (label, entities)');
  throw ask('its first record has no annotations to recognise it by (no spans, label or entities)');
}

/** File endings of the CoNLL/IOB layouts. */
const CONLL_EXTENSIONS = new Set(['.conll', '.conll02', '.conll03', '.conllx', '.iob', '.iob2', '.bio', '.bioes']);

/** Formats people try that Standoff does not read, each with what to do instead. */
const NOT_SUPPORTED: Record<string, string> = {
  '.spacy': "a .spacy file is spaCy's binary DocBin, which Standoff does not read: turn it into JSONL first (in Python, for each doc of DocBin().from_disk(path).get_docs(nlp.vocab), write one line {\"text\": doc.text, \"spans\": [{\"start\": e.start_char, \"end\": e.end_char, \"label\": e.label_} for e in doc.ents]}) and import that",
  '.xmi': 'UIMA CAS XMI (INCEpTION, WebAnno) is not read; export the project from INCEpTION as WebAnno TSV 3 or as CoNLL 2002',
  '.conllu': 'CoNLL-U holds syntax (lemmas, parts of speech, dependencies), not spans to import',
  '.zip': 'a .zip is not read as it is; unpack it and import the folder or file inside',
  '.pdf': 'a PDF holds no annotations Standoff reads',
  '.csv': 'CSV is an export format only: there is no standard layout of spans in CSV to read',
};

/** The import formats with what their files look like, for "not supported, here is what is" messages. */
function readable(): string {
  return IMPORT_FORMATS.map((f) => {
    const hint = formatEntry(f).import?.hint;
    return `${f}${hint ? ` (${hint})` : ''}`;
  }).join(', ');
}

/** Most non-blank, non-comment lines of the first hundred are "token … tag" with the tag O or B-/I-/E-/S-<label>, or -DOCSTART-. */
function looksLikeIob(text: string): boolean {
  const lines = text.split('\n', 200).map((l) => l.replace(/\r$/, '')).filter((l) => l.trim() !== '' && !l.startsWith('# '));
  if (lines.length === 0) return false;
  const iob = lines.filter((l) => /^-DOCSTART-/.test(l) || /^\S+(?:[ \t]+\S+)*[ \t]+(?:O|[BIESLU][-_]\S+)$/.test(l)).length;
  return iob / lines.length >= 0.9;
}

const isObject = (v: unknown): v is { [key: string]: unknown } => typeof v === 'object' && v !== null && !Array.isArray(v);

// ---- matching records to documents

type Match = { kind: 'found'; doc: LoadedDocument; by: 'id' | 'text' } | { kind: 'unmatched' | 'problem'; message: string };

/** Finds the project's document for a record: by id (with the same text), else by exact text. */
class Matcher {
  private ids: Set<string> | null = null;
  private byHash: Map<string, string[]> | null = null;

  constructor(private readonly project: Project) {}

  async has(docId: string): Promise<boolean> {
    this.ids ??= new Set(await this.project.documents.ids());
    return this.ids.has(docId);
  }

  /**
   * By id: the record's name as it is, or as the id rule makes it (documentIdFor:
   * "Café Report" → "Cafe-Report"), with exactly its text; else by exact text. An unmatched
   * record's message names the near miss: a document whose id differs only in case or
   * punctuation (an older import made ids lower-case: `pmid-9888390`), and how its text differs.
   */
  async match(record: Pick<InterchangeDocument, 'id' | 'text'>): Promise<Match> {
    const ruled = documentIdFor(record.id);
    const id = (await this.has(record.id)) ? record.id : ruled !== record.id && (await this.has(ruled)) ? ruled : null;
    if (id !== null) {
      const doc = await this.load(id);
      if (!doc) return { kind: 'problem', message: `document ${id} of the project cannot be read` };
      if (doc.text === record.text) return { kind: 'found', doc, by: 'id' };
      return { kind: 'problem', message: `document "${id}" is in the project, but the text here is not its text (${difference(doc.text, record.text)}); annotations are imported only onto the very text they were made on` };
    }
    const ids = (await this.hashes()).get(textHash(record.text)) ?? [];
    if (ids.length === 1) {
      const doc = await this.load(ids[0] as string);
      if (doc && doc.text === record.text) return { kind: 'found', doc, by: 'text' };
    }
    if (ids.length > 1) return { kind: 'problem', message: `record "${record.id}" has the text of several documents (${ids.join(', ')}): cannot tell which` };
    const near = await this.nearName(record.id);
    let nearly = '';
    if (near) {
      const doc = await this.load(near);
      nearly = `; the nearest name is "${near}"${doc ? `, whose text differs (${difference(doc.text, record.text)})` : ''}`;
    }
    return { kind: 'unmatched', message: `record "${record.id}" matches no document of the project (no document has that id, and none has exactly its text)${nearly}` };
  }

  /** A document of the project whose id is this one but for case ("PMID-1" and "pmid-1" are one folder on macOS and Windows). */
  async sameNameIgnoringCase(docId: string): Promise<string | null> {
    this.ids ??= new Set(await this.project.documents.ids());
    const lower = docId.toLowerCase();
    for (const id of this.ids) if (id.toLowerCase() === lower) return id;
    return null;
  }

  /** A document whose id is the name but for case and punctuation ("esp.train-doc-46" ~ "esp-train-doc-46"). */
  private async nearName(name: string): Promise<string | null> {
    this.ids ??= new Set(await this.project.documents.ids());
    const fold = (s: string) => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '');
    const want = fold(name);
    if (want === '') return null;
    for (const id of this.ids) if (fold(id) === want) return id;
    return null;
  }

  /** The document with this id, whatever the text (brat without its .txt: the file name is all there is). */
  async byIdOnly(docId: string, otherwise: string): Promise<Match> {
    if (!(await this.has(docId))) return { kind: 'unmatched', message: otherwise };
    const doc = await this.load(docId);
    return doc ? { kind: 'found', doc, by: 'id' } : { kind: 'problem', message: `document ${docId} of the project cannot be read` };
  }

  /** The project's documents that W3C target IRIs in a file name (urn:standoff:doc:<id>, or <base>documents/<id>). */
  async documentsNamedIn(text: string, base: string | undefined): Promise<LoadedDocument[]> {
    const found = new Set<string>();
    for (const m of text.matchAll(/urn:standoff:doc:([^:"\s]+)/g)) found.add(safeDecode(m[1] as string));
    if (base) {
      const b = /[/#]$/.test(base) ? base : `${base}/`;
      const re = new RegExp(`${b.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}documents/([^/"\\s]+)`, 'g');
      for (const m of text.matchAll(re)) found.add(safeDecode(m[1] as string));
    }
    const docs: LoadedDocument[] = [];
    for (const id of [...found].sort()) {
      if (!(await this.has(id))) continue;
      const doc = await this.load(id);
      if (doc) docs.push(doc);
    }
    return docs;
  }

  /** The document a W3C target source names: the one mapped to it, else the one whose source it is. */
  async bySource(source: string, mapped: string | undefined): Promise<LoadedDocument | null> {
    if (mapped !== undefined) return (await this.has(mapped)) ? this.load(mapped) : null;
    if (!/^https?:/i.test(source)) return null;
    for (const id of await this.project.documents.ids()) {
      const doc = await this.load(id);
      if (doc?.meta.source === source) return doc;
    }
    return null;
  }

  private async load(docId: string): Promise<LoadedDocument | null> {
    try {
      return await this.project.documents.peek(docId);
    } catch (e) {
      if (e instanceof FormatError) return null;
      throw e;
    }
  }

  /** Text hash → document ids, made once (reading every text) when a record is matched by text. */
  private async hashes(): Promise<Map<string, string[]>> {
    if (this.byHash) return this.byHash;
    const map = new Map<string, string[]>();
    for (const id of await this.project.documents.ids()) {
      const doc = await this.load(id);
      if (!doc) continue;
      const list = map.get(doc.hash);
      if (list) list.push(id);
      else map.set(doc.hash, [id]);
    }
    this.byHash = map;
    return map;
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Where two texts first differ, in words. */
function difference(a: string, b: string): string {
  const x = Array.from(a);
  const y = Array.from(b);
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  if (i === x.length && i === y.length) return 'they are the same';
  const around = (cps: string[]) => JSON.stringify(cps.slice(i, i + 20).join(''));
  return `${x.length} code points in the project, ${y.length} here; the first difference is at ${i}: ${around(x)} in the project, ${around(y)} here`;
}

// ---- brat

/**
 * What a format's reader is given: where to read, the import's input, and where its records,
 * problems and warnings go. `take` matches a record to a document (by id, else by text);
 * `add` is for a reader that matched it itself (brat, which may have no text to match by).
 */
interface ReadContext {
  project: Project;
  /** The schema to read against: the project's, with the labels the import adds or maps (labelPlan.ts). */
  schema: LabelSchema;
  /** The path to read, absolute, and whether it is a folder. */
  source: string;
  folder: boolean;
  input: ImportAnnotationsInput;
  matcher: Matcher;
  problems: ImportIssue[];
  warnings: ImportIssue[];
  unmatched: ImportIssue[];
  take(record: ReadRecord): Promise<void>;
  add(record: ReadRecord & { target: LoadedDocument; matchedBy: 'id' | 'text' | 'new' }): void;
  /** A new document for a record (unmatched: 'create'), for a reader that matches itself (brat); `notes`: changes made to its text. */
  create(record: ReadRecord, notes?: string[]): Promise<{ doc: LoadedDocument } | { problem: string }>;
  /** A record left out on purpose (Prodigy's reject/ignore), counted. */
  onSkip(line: number, why: 'reject' | 'ignore'): void;
  ctx: JobContext;
}

/**
 * Each import format's reader, keyed by the ids of the format table
 * (shared/interchange/formats.ts: the entries with `import`), so a format said to be importable
 * without a reader fails the type check.
 */
const READERS: Record<ImportFormat, (rc: ReadContext) => Promise<void>> = {
  standoff: (rc) => readJsonl(rc, parseStandoffJsonl),
  spacy: (rc) => readJsonl(rc, parseSpacyJsonl),
  doccano: (rc) => readJsonl(rc, parseDoccanoJsonl),
  brat: readBrat,
  w3c: readW3c,
  conll: readConll,
  labelstudio: readLabelStudio,
  webanno: readWebanno,
};

/** A JSONL file, line by line, so that each document and each problem knows its line. */
async function readJsonl({ source, input, problems, take, ctx, schema, onSkip }: ReadContext, parse: (line: string, options: JsonlImportOptions) => ImportResult): Promise<void> {
  const file = path.basename(source);
  const text = await readText(source, file, problems);
  if (text === null) return;
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  let any = false;
  for (let i = 0; i < lines.length; i++) {
    if ((i & 255) === 0) {
      throwIfCancelled(ctx.signal);
      ctx.progress({ done: i, total: lines.length, phase: 'reading', item: file });
    }
    const line = (lines[i] as string).replace(/\r$/, '');
    if (line.trim() === '') continue;
    any = true;
    // One line at a time, so that each document knows its line; problems are moved to it.
    const result = parse(line, { file, schema, annotator: input.annotator, firstLine: i + 1, onSkip });
    if (!result.ok) for (const p of result.problems) problems.push({ file, line: i + 1, message: p.message });
    else for (const doc of result.documents) await take({ doc, file, line: i + 1 });
  }
  if (!any) problems.push({ file, message: 'the file holds no documents' });
}

/** W3C Web Annotation: one JSON-LD file; its target IRIs name the documents. */
async function readW3c({ source, input, problems, warnings, take, matcher, schema }: ReadContext): Promise<void> {
  const file = path.basename(source);
  const text = await readText(source, file, problems);
  if (text === null) return;
  for (const message of severalCreators(text)) problems.push({ file, message });
  const docs = await matcher.documentsNamedIn(text, input.w3cBase);
  const given = docs.map((d): W3cImportDocument => ({ id: d.meta.id, text: d.text, title: d.meta.title, source: d.meta.source }));
  // Targets that are web addresses: the map given, else the document whose source it is.
  for (const src of w3cTargetSources(text)) {
    if (given.some((g) => g.iri === src)) continue;
    const doc = await matcher.bySource(src, input.w3cSources?.[src]);
    if (doc) given.push({ id: doc.meta.id, text: doc.text, title: doc.meta.title, source: doc.meta.source, iri: src });
  }
  const result = importW3c(text, { file, schema, annotator: input.annotator, documents: given, ...(input.w3cBase ? { base: input.w3cBase } : {}) });
  warnings.push(...result.warnings);
  if (!result.ok) problems.push(...result.problems);
  else for (const doc of result.documents) await take({ doc, file });
}

/** Label Studio: its JSON export (a list of tasks), or the folder of a Standoff export holding tasks.json. */
async function readLabelStudio({ source, folder, input, problems, warnings, take, schema }: ReadContext): Promise<void> {
  const full = folder ? path.join(source, 'tasks.json') : source;
  const file = folder ? `${path.basename(source)}/tasks.json` : path.basename(source);
  const text = await readText(full, file, problems);
  if (text === null) return;
  const result = parseLabelStudio(text, { file, schema, annotator: input.annotator });
  warnings.push(...result.warnings);
  problems.push(...result.problems);
  if (result.problems.length === 0) for (const doc of result.documents) await take({ doc, file, ...(result.lineOf.get(doc) !== undefined ? { line: result.lineOf.get(doc) as number } : {}) });
}

/** WebAnno TSV 3: one .tsv per document (its name is the document's id), or a folder of them. */
async function readWebanno({ source, folder, input, problems, warnings, matcher, unmatched, add, schema }: ReadContext): Promise<void> {
  const names = folder ? (await readdir(source)).filter((n) => n.endsWith('.tsv')).sort() : [path.basename(source)];
  if (names.length === 0) throw new ApiError('bad-request', `${source} holds no .tsv files`);
  for (const name of names) {
    const file = folder ? `${path.basename(source)}/${name}` : name;
    const content = await readText(folder ? path.join(source, name) : source, file, problems);
    if (content === null) continue;
    // A folder may hold other .tsv files (an export's dropped.tsv): only WebAnno's are read.
    if (folder && !content.replace(/^\uFEFF/, '').startsWith('#FORMAT=WebAnno TSV')) {
      warnings.push({ file, message: 'not a WebAnno TSV file (no #FORMAT line): left out' });
      continue;
    }
    const id = name.replace(/\.tsv$/, '');
    // The file keeps only the sentences' text: the document is found by its name, and its text checks every token.
    const byId = await matcher.byIdOnly(id, `no document "${id}" in the project`);
    const doc = byId.kind === 'found' ? byId.doc : null;
    const parsed = parseTsv3(content, { file, schema, annotator: input.annotator, id, ...(doc ? { text: doc.text } : {}) });
    problems.push(...parsed.problems);
    warnings.push(...parsed.warnings);
    if (!parsed.document) continue;
    const match = doc ? byId : await matcher.match(parsed.document);
    if (match.kind === 'found') add({ doc: { ...parsed.document, id: match.doc.meta.id }, file, target: match.doc, matchedBy: match.by });
    else if (match.kind === 'unmatched' && input.unmatched === 'skip') unmatched.push({ file, message: match.message });
    else problems.push({ file, message: match.message });
  }
}

/** brat: a folder of .ann files (each with its .txt, when there), or one .ann file. */
async function readBrat({ schema, source, folder, input, matcher, problems, warnings, unmatched, add, create, ctx }: ReadContext): Promise<void> {
  const annotator = input.annotator;
  const skipUnmatched = input.unmatched === 'skip';
  const dir = folder ? source : path.dirname(source);
  let anns: string[];
  if (folder) {
    const entries = await readdir(dir, { withFileTypes: true });
    anns = entries.filter((e) => e.isFile() && e.name.endsWith('.ann')).map((e) => e.name).sort();
    if (anns.length === 0) {
      const sub = [];
      for (const e of entries.filter((x) => x.isDirectory())) if ((await readdir(path.join(dir, e.name))).some((n) => n.endsWith('.ann'))) sub.push(e.name);
      throw new ApiError('bad-request', `${source} holds no .ann files${sub.length ? ` (its folders ${sub.sort().join(', ')} do: import one of them, into the layer it is for)` : ''}`);
    }
  } else anns = [path.basename(source)];
  const shown = (name: string) => (folder ? `${path.basename(dir)}/${name}` : name);
  const names = bratAttributeNames(schema);
  for (let k = 0; k < anns.length; k++) {
    throwIfCancelled(ctx.signal);
    const annName = anns[k] as string;
    ctx.progress({ done: k, total: anns.length, phase: 'reading', item: annName });
    const id = annName.slice(0, -4);
    const ann = await readText(path.join(dir, annName), shown(annName), problems);
    if (ann === null) continue;
    const txtPath = path.join(dir, `${id}.txt`);
    const txt = (await stat(txtPath).catch(() => null)) ? await readText(txtPath, shown(`${id}.txt`), problems) : undefined;
    if (txt === null) continue;
    const where = { file: shown(annName) };
    // Without a .txt, only the file name can say which document it is.
    let match: Match | { kind: 'new'; doc: LoadedDocument } = txt !== undefined ? await matcher.match({ id, text: normalizeText(txt) }) : await matcher.byIdOnly(id, `no document "${id}" in the project, and no ${id}.txt beside ${annName} to match by its text`);
    if (match.kind === 'unmatched' && input.unmatched === 'create' && txt !== undefined) {
      // A new document: the .txt exactly; only line ends and a byte-order mark are changed, and noted.
      const notes = [...(/^\uFEFF/.test(txt) ? ['removed the byte-order mark (U+FEFF) at the start of the file'] : []), ...(/\r/.test(txt) ? [`made ${/\r\n/.test(txt) ? 'CRLF' : 'CR'} line ends LF (offsets mapped)`] : [])];
      const made = await create({ doc: { id, text: normalizeText(txt), title: null, source: null, annotator, spans: [], relations: [] }, file: shown(`${id}.txt`) }, notes);
      if ('problem' in made) {
        problems.push({ ...where, message: made.problem });
        continue;
      }
      match = { kind: 'new', doc: made.doc };
    }
    if (match.kind !== 'found' && match.kind !== 'new') {
      if (match.kind === 'unmatched' && skipUnmatched) unmatched.push({ ...where, message: match.message });
      else problems.push({ ...where, message: match.message });
      continue;
    }
    const parsed = parseBratDocument({ id: match.doc.meta.id, text: txt ?? match.doc.text, ann, annFile: shown(annName), title: match.doc.meta.title, source: match.doc.meta.source }, { schema, annotator }, names);
    problems.push(...parsed.problems);
    warnings.push(...parsed.warnings);
    if (parsed.document) add({ doc: parsed.document, file: shown(annName), target: match.doc, matchedBy: match.kind === 'new' ? 'new' : match.by });
  }
}

// ---- CoNLL

/**
 * CoNLL: Standoff's own columns (a `# columns:` line; the texts of the documents its
 * `# document:` lines name, when the project has them all), else the common one-tag layout
 * (CoNLL-2002/2003, IOB, BIOES), its text rebuilt from the tokens.
 */
async function readConll({ project, schema, source, input, problems, warnings, take, matcher }: ReadContext): Promise<void> {
  const file = path.basename(source);
  const text = await readText(source, file, problems);
  if (text === null) return;
  let result;
  if (isStandoffConll(text)) {
    const named = [...text.matchAll(/^# document:\s*(.*)$/gm)].map((m) => (m[1] as string).trim());
    const docs = [];
    for (const id of named) {
      const d = (await matcher.has(id)) ? await project.documents.peek(id).catch(() => null) : null;
      if (d) docs.push({ id, text: d.text, title: d.meta.title, source: d.meta.source });
    }
    result = importConll(text, { file, schema, annotator: input.annotator, ...(named.length && docs.length === named.length ? { documents: docs } : {}) });
  } else {
    result = importIob(text, { file, idPrefix: documentIdFor(file.replace(/\.[^.]*$/, '')), labels: new Set(schema.labels.map((l) => l.id)), annotator: input.annotator });
  }
  warnings.push(...result.warnings);
  if (!result.ok) problems.push(...result.problems);
  else for (const doc of result.documents) await take({ doc, file });
}

// ---- the new layer

interface Plan {
  /** null: the file would not change (a merge of nothing but duplicates). */
  change: FileChange | null;
  counts: Pick<ImportedDocument, 'spans' | 'relations' | 'duplicates' | 'replaced'>;
}

/** The target layer's file after the import, or why it cannot be made. */
async function plan(project: Project, doc: LoadedDocument, annotator: string, imported: InterchangeDocument, mode: 'replace' | 'merge' | undefined): Promise<Plan | { problem: string }> {
  const name = layout.annotation(doc.meta.id, annotator);
  const full = insideProject(project.root, name);
  const expected = await versionOf(full);
  const { layer: current, exists } = await project.layers.snapshot(doc, annotator);
  if (current.error) return { problem: `cannot import into ${name}: it could not be read (${current.error.problems.join('; ')}); fix or remove it first` };
  const holds = current.spans.length + current.relations.length + current.orphans.length > 0;
  if (holds && !mode) {
    return { problem: `${name} already has ${current.spans.length} span${current.spans.length === 1 ? '' : 's'}${current.orphans.length ? ` and ${current.orphans.length} orphans` : ''}: choose a mode, replace or merge` };
  }
  let spans: Span[];
  let relations: Relation[];
  let duplicates = 0;
  let replaced: Plan['counts']['replaced'] = null;
  if (!holds || mode === 'replace') {
    spans = imported.spans;
    relations = imported.relations;
    if (holds) replaced = { spans: current.spans.length, relations: current.relations.length, orphans: current.orphans.length };
  } else {
    const merged = merge(current.spans, current.relations, current.orphans.map((o) => o.span.id), imported);
    spans = merged.spans;
    relations = merged.relations;
    duplicates = merged.duplicates;
  }
  const file: AnnotationFile = {
    format: ANNOTATION_FORMAT,
    version: ANNOTATION_VERSION,
    document: doc.meta.id,
    annotator,
    offsets: OFFSET_UNITS,
    textHash: doc.hash,
    ...(current.finished ? { finished: true } : {}),
    spans: [...spans].sort(compareSpans),
    relations: [...relations].sort(compareRelations),
    orphans: mode === 'replace' ? [] : current.orphans,
    ...(current.settled && exists ? { settled: current.settled } : {}),
    ...(current.unitNotes && exists ? { unitNotes: current.unitNotes } : {}),
  };
  // The document note: the imported one replaces the layer's (merge: the layer's is kept); a layer's note is never dropped for none.
  const note = mode === 'merge' ? (current.note ?? imported.note) : (imported.note ?? current.note);
  if (note) file.note = note;
  const content = serializeAnnotationFile(file);
  try {
    parseAnnotationFile(content, name); // what is written must read back
  } catch (e) {
    return { problem: e instanceof FormatError ? `${name} would not be valid: ${e.problems.slice(0, 5).join('; ')}` : String(e) };
  }
  const imports = mode === 'merge' && holds ? spans.length - current.spans.length : spans.length;
  const unchanged = exists && (await readFile(full, 'utf8').catch(() => null)) === content;
  return {
    change: unchanged ? null : { file: full, name, content, expected },
    counts: { spans: imports, relations: mode === 'merge' && holds ? relations.length - current.relations.length : relations.length, duplicates, replaced },
  };
}

/** The layer with the imported spans added (exact duplicates skipped, clashing ids renamed) and their relations. */
function merge(spans: readonly Span[], relations: readonly Relation[], orphanIds: readonly string[], imported: InterchangeDocument): { spans: Span[]; relations: Relation[]; duplicates: number } {
  const key = (s: Span) => JSON.stringify([s.label, s.startOffset, s.endOffset, stable(s.attributes)]);
  const existing = new Map(spans.map((s) => [key(s), s.id]));
  const taken = new Set([...spans.map((s) => s.id), ...orphanIds]);
  const fresh = (id: string, used: Set<string>) => {
    if (!used.has(id)) return id;
    for (let n = 2; ; n++) {
      const candidate = `${id.slice(0, 60)}-${n}`;
      if (!used.has(candidate)) return candidate;
    }
  };
  const idOf = new Map<string, string>();
  const out = [...spans];
  let duplicates = 0;
  for (const s of imported.spans) {
    const same = existing.get(key(s));
    if (same !== undefined) {
      idOf.set(s.id, same);
      duplicates++;
      continue;
    }
    const id = fresh(s.id, taken);
    taken.add(id);
    idOf.set(s.id, id);
    existing.set(key(s), id);
    out.push(id === s.id ? s : { ...s, id });
  }
  const have = new Set(relations.map((r) => `${r.type}\t${r.from}\t${r.to}`));
  const relationIds = new Set(relations.map((r) => r.id));
  const outRelations = [...relations];
  for (const r of imported.relations) {
    const from = idOf.get(r.from) as string;
    const to = idOf.get(r.to) as string;
    const k = `${r.type}\t${from}\t${to}`;
    if (have.has(k)) continue;
    have.add(k);
    const id = fresh(r.id, relationIds);
    relationIds.add(id);
    outRelations.push({ id, type: r.type, from, to });
  }
  return { spans: out, relations: outRelations, duplicates };
}

/** Attributes with sorted keys (a range as [min, max]), for comparing. */
function stable(attributes: Span['attributes']): unknown {
  if (!attributes || Object.keys(attributes).length === 0) return null;
  return Object.keys(attributes)
    .sort()
    .map((k) => {
      const v = attributes[k];
      return [k, typeof v === 'object' && v !== null && !Array.isArray(v) ? [v.min, v.max] : v];
    });
}
