import { existsSync } from 'node:fs';
import type { FileProblem, ValidationReport } from '../../shared/api/contract';
import type { Label, RelationType } from '../../shared/model/labels';
import { annotatorId, layerId, parseAnnotationFile } from '../../shared/format/annotationFile';
import { assignmentProblems, ASSIGNMENT_PATH, parseAssignmentFile } from '../../shared/format/assignmentFile';
import { documentId, parseDocumentMeta } from '../../shared/format/documentMeta';
import { FormatError } from '../../shared/format/errors';
import { layout } from '../../shared/format/layout';
import { parseEntityFile } from '../../shared/format/entityFile';
import { parseManifest } from '../../shared/format/manifest';
import { attributeProblems, relationProblem } from '../../shared/schema/conformance';
import { CodePointIndex } from '../../shared/text/codePoints';
import { textHash } from './hash';
import { BOM, linkMessage, listDirectory, placeOf, readUtf8 } from './files';
import { throwIfCancelled, unwatched, type JobContext } from '../jobs/context';
import { chunkSize, corpusWorkersFor, startCorpusPool } from './corpusPool';
import { readAhead } from './readAhead';
import { findLeftovers, leftoverProblem } from './repair';

/** Documents checked at once (their file reads overlap); memory holds at most this many. */
const READ_AHEAD = 32;

/**
 * Checks every file of a project against the format, reading from disk afresh (not from what
 * an open editor holds): the manifest, the entity registry files, each document's metadata
 * and text, each annotation file, each span against the text it was made on and against the
 * schema (attributes, linked entities), and each relation against the schema. Also reported:
 * links that lead out of the project (nothing is read through them), a byte-order mark or CR
 * in a text, and what interrupted work left behind (`validate --repair` cleans that up).
 */
export async function validateProject(root: string, ctx: JobContext = unwatched): Promise<ValidationReport> {
  const problems: FileProblem[] = [];
  let filesChecked = 0;
  const report = (file: string, list: string[], into: Sink = problems) => into.push({ file, problems: list });
  // Links out of the project: each reported once, at the link, and not read through.
  const { guard, listFolder } = guardedReads(root, problems);

  // What interrupted work left: reported as such, and not again as a misnamed file.
  const leftovers = await findLeftovers(root);
  const isLeftover = new Set(leftovers.map((l) => l.file));

  async function check<T>(file: string, read: (raw: string) => T, into: Sink = problems): Promise<T | undefined> {
    filesChecked++;
    try {
      const full = guard(file, into);
      if (full === null) return undefined;
      const raw = await readUtf8(full, file);
      if (raw === null) {
        report(file, ['missing'], into);
        return undefined;
      }
      return read(raw);
    } catch (e) {
      if (e instanceof FormatError) report(e.file, e.problems, into);
      else throw e;
      return undefined;
    }
  }

  const manifest = await check(layout.manifest, (raw) => parseManifest(raw, layout.manifest));
  guard(layout.guidelines); // not checked against a format, but never shown through a link out
  const schema = manifest ? { labels: manifest.labels, relations: manifest.relations } : null;

  // The entity registry: each annotator's file, and the entity ids spans may link.
  const entityIds = new Set<string>();
  // While a registry file cannot be read, a link to an entity it holds cannot be told from a
  // dangling one: links are then not checked (the file itself is reported).
  let registryReadable = true;
  const registryFiles = await listFolder(layout.entitiesDir);
  for (const f of registryFiles) {
    if (isLeftover.has(`${layout.entitiesDir}/${f}`)) continue;
    const annotator = f.replace(/\.json$/, '');
    if (!f.endsWith('.json') || !annotatorId.safeParse(annotator).success) {
      if (!f.startsWith('.')) report(`${layout.entitiesDir}/${f}`, ['not an entity registry file name (<annotator>.json)']);
      continue;
    }
    const file = layout.entities(annotator);
    const data = await check(file, (raw) => parseEntityFile(raw, file));
    if (!data) {
      registryReadable = false;
      continue;
    }
    if (data.annotator !== annotator) report(file, [`"annotator" is "${data.annotator}" but the file is named "${f}"`]);
    for (const e of data.entities) entityIds.add(e.id);
  }

  const entries = (await listFolder(layout.documentsDir)).filter((name) => !isLeftover.has(`${layout.documentsDir}/${name}`));
  // Documents are checked a few at a time (their reads wait side by side), reported in order;
  // from the command line, on worker threads (corpusPool.ts), each checking a range of them.
  const setup: DocumentCheckSetup = {
    root,
    schema,
    entityIds: registryReadable ? [...entityIds] : null,
    leftovers: [...isLeftover],
  };
  let done = 0;
  const took = (name: string, found: CheckedDocument) => {
    throwIfCancelled(ctx.signal);
    problems.push(...found.problems);
    filesChecked += found.files;
    ctx.progress({ done: ++done, total: entries.length, phase: 'checking documents', item: name });
  };
  ctx.progress({ done, total: entries.length, phase: 'checking documents' });
  const pool = corpusWorkersFor(entries.length) ? await startCorpusPool('validate', setup, { chunk: chunkSize(CHUNK) }) : null;
  if (pool) {
    try {
      for await (const chunk of pool.chunks<CheckedDocument[]>(entries)) for (const found of chunk) took(entries[done] as string, found);
    } finally {
      await pool.close();
    }
  } else {
    const checkDocument = documentChecker(setup);
    let k = 0;
    for await (const found of readAhead(entries, READ_AHEAD, checkDocument)) took(entries[k++] as string, found);
  }
  // assignment.json (docs/TEAM.md): optional; when there, readable and naming only documents there are.
  const assignmentFull = guard(ASSIGNMENT_PATH);
  if (assignmentFull && existsSync(assignmentFull)) {
    const assignment = await check(ASSIGNMENT_PATH, (raw) => parseAssignmentFile(raw, ASSIGNMENT_PATH));
    const list = assignment ? assignmentProblems(assignment, entries) : [];
    if (list.length) report(ASSIGNMENT_PATH, list);
  }
  for (const l of leftovers) report(l.folder ? `${l.file}/` : l.file, [leftoverProblem(l)]);
  return { filesChecked, problems };
}

/** Documents per chunk sent to a worker. */
const CHUNK = 32;

/** What checking a document needs from the rest of the project (sent to workers as it is). */
export interface DocumentCheckSetup {
  root: string;
  /** The project's labels and relation types; null when the manifest cannot be read. */
  schema: { labels: Label[]; relations: RelationType[] } | null;
  /** The entity ids spans may link; null while a registry file cannot be read (links are then not checked). */
  entityIds: string[] | null;
  /** What interrupted work left (reported as such, not again as misnamed files). */
  leftovers: string[];
}

/** Where problems go: the project's list, or (while a document is checked) that document's own. */
type Sink = FileProblem[];

/**
 * The path check and folder listing of a validation: a file's full path, or null when a link on
 * its way leads out of the project, that link reported (once, at the link) into `into` and
 * nothing read through it.
 */
function guardedReads(root: string, fallback: Sink) {
  const linksReported = new Set<string>();
  const guard = (file: string, into: Sink = fallback): string | null => {
    const { full, out } = placeOf(root, file);
    if (!out) return full;
    if (!linksReported.has(out.link)) {
      linksReported.add(out.link);
      into.push({ file: out.link, problems: [linkMessage(out).slice(out.link.length + 1)] });
    }
    return null;
  };
  const listFolder = async (dir: string, into: Sink = fallback): Promise<string[]> => {
    const full = guard(dir, into);
    if (full === null) return [];
    try {
      return (await listDirectory(full)).sort();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      return [];
    }
  };
  return { guard, listFolder };
}

/** One document checked: its problems in the order they are found, and how many files were read. */
export interface CheckedDocument {
  problems: FileProblem[];
  files: number;
}

/** Checks one document folder after another (validateProject's documents; a validate worker's). */
export function documentChecker(setup: DocumentCheckSetup): (name: string) => Promise<CheckedDocument> {
  const { root, schema } = setup;
  const manifest = schema;
  const labels = new Map(schema?.labels.map((l) => [l.id, l]) ?? []);
  const registryReadable = setup.entityIds !== null;
  const entityIds = new Set(setup.entityIds ?? []);
  const isLeftover = new Set(setup.leftovers);
  return async (name) => {
    const into: FileProblem[] = [];
    const report = (file: string, list: string[]) => into.push({ file, problems: list });
    // A link out is reported once, at the link (a link on a document's way is that document's own).
    const { guard, listFolder } = guardedReads(root, into);
    let filesRead = 0;
    async function check<T>(file: string, read: (raw: string) => T): Promise<T | undefined> {
      filesRead++;
      try {
        const full = guard(file);
        if (full === null) return undefined;
        const raw = await readUtf8(full, file);
        if (raw === null) {
          report(file, ['missing']);
          return undefined;
        }
        return read(raw);
      } catch (e) {
        if (e instanceof FormatError) report(e.file, e.problems);
        else throw e;
        return undefined;
      }
    }

    if (!documentId.safeParse(name).success) {
      report(`${layout.documentsDir}/${name}`, ['not a valid document folder name (lower-case letters, digits, "-", "_")']);
      return { problems: into, files: filesRead };
    }
    const meta = await check(layout.meta(name), (raw) => parseDocumentMeta(raw, layout.meta(name)));
    const text = await check(layout.text(name), (raw) => raw);
    if (meta && meta.id !== name) report(layout.meta(name), [`"id" is "${meta.id}" but the folder is "${name}"`]);
    if (text?.startsWith(BOM)) {
      report(layout.text(name), [
        'starts with a byte-order mark (U+FEFF), which Standoff counts as the character at offset 0, as Python\'s open(…, encoding="utf-8") does; a reader that drops it (encoding="utf-8-sig") finds every offset one less. Remove it from the file (the annotations are then re-anchored)',
      ]);
    }
    if (text !== undefined && text.includes('\r')) report(layout.text(name), ['has CR line ends; texts are stored with LF']);
    const hash = text === undefined ? undefined : textHash(text);
    if (meta && hash && meta.textHash !== hash) report(layout.text(name), ['changed since import (its hash differs from document.json); annotations will be re-anchored']);
    const index = text === undefined ? undefined : new CodePointIndex(text);

    const files = await listFolder(layout.annotationsDir(name));
    for (const f of files) {
      if (isLeftover.has(`${layout.annotationsDir(name)}/${f}`)) continue;
      const annotator = f.replace(/\.json$/, '');
      const file = layout.annotation(name, annotator);
      if (!f.endsWith('.json') || !layerId.safeParse(annotator).success) {
        if (!f.startsWith('.')) report(`${layout.annotationsDir(name)}/${f}`, ['not an annotation file name (<annotator>.json or gold.json)']);
        continue;
      }
      const data = await check(file, (raw) => parseAnnotationFile(raw, file));
      if (!data) continue;
      const list: string[] = [];
      if (data.document !== name) list.push(`"document" is "${data.document}" but the file is in "${name}"`);
      if (data.annotator !== annotator) list.push(`"annotator" is "${data.annotator}" but the file is named "${f}"`);
      data.spans.forEach((s, i) => {
        const label = labels.get(s.label);
        if (manifest && !label) list.push(`spans[${i}]: label "${s.label}" is not in the project's schema`);
        if (label) {
          for (const p of attributeProblems(s, label)) list.push(`spans[${i}]: ${p}`);
          for (const def of label.attributes) {
            const value = s.attributes?.[def.id];
            if (def.type === 'entity' && typeof value === 'string' && registryReadable && !entityIds.has(value)) list.push(`spans[${i}]: ${def.name} links "${value}", which no registry file in ${layout.entitiesDir}/ holds`);
          }
        }
        if (index && data.textHash === hash) {
          if (s.endOffset > index.length) list.push(`spans[${i}]: ends at ${s.endOffset}, past the end of the text (${index.length} code points)`);
          else if (index.slice(s.startOffset, s.endOffset) !== s.quote.exact) list.push(`spans[${i}]: quote does not match the text at ${s.startOffset}–${s.endOffset}`);
        }
      });
      if (schema) {
        const byId = new Map([...data.spans, ...data.orphans.map((o) => o.span)].map((x) => [x.id, x]));
        data.relations.forEach((r, i) => {
          const p = relationProblem(r, byId.get(r.from), byId.get(r.to), schema);
          if (p) list.push(`relations[${i}]: ${p}`);
        });
      }
      if (index && hash && data.textHash !== hash) list.push('made on another version of the text; its spans will be re-anchored when opened');
      if (list.length) report(file, list);
    }
    return { problems: into, files: filesRead };
  };
}
