/**
 * The service's `agreement` method: reads every selected document's annotator layers through the
 * project's stores (the gold layer is never an annotator: read.ts), and hands them in batches to
 * the computation (a worker thread, see compute.ts) as they are read. Files that cannot be read
 * are left out and listed, never guessed at.
 *
 * The command line also lets the worker read (AgreementRunOptions.readInWorker): the documents
 * are then taken in runs of CHUNK, each read either here or by the worker, which counts them in
 * their turn, so the report is the one a single reader makes. Reading is most of the work (about
 * nine tenths of the CPU time at 10,000 documents × 3 annotators): with both cores reading, the
 * wall time nearly halves.
 */
import type { AgreementQuery } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import type { AgreementFileProblem, ProjectAgreementReport, ReportSchema } from '../../shared/agreement';
import type { Label } from '../../shared/model/labels';
import type { Project } from '../project/project';
import { throwIfCancelled, unwatched, type JobContext } from '../jobs/context';
import { ChunkReadError, startComputation, type ComputationOptions } from './compute';
import { expectedAnnotators } from '../assignment/store';
import { emptyNotes, entityResolver, readDocuments, type ReadFilter } from './read';
import type { ReadNotesData } from './protocol';
import type { PackedBatch } from '../../shared/agreement/report/packedBatch';

/** Documents per run when the worker reads too: small enough for both to end together, large enough for few messages. */
const CHUNK = 64;
/** Runs the worker is given to read at once (one being read, one waiting): the service reads the others. */
const WORKER_RUNS = 2;

export interface AgreementRunOptions extends Omit<ComputationOptions, 'reading'> {
  /**
   * Let the worker read part of the documents itself, from the files (for the command line, which
   * reads files in line and holds no document open: what the service has in memory is on disk).
   */
  readInWorker?: {
    inLine: boolean;
    /** Documents per run (default CHUNK; the tests make runs of one document). */
    chunk?: number;
  };
}

/**
 * Progress is per document read ("reading documents", done of total), then "computing" while the
 * computation finishes what it has been handed. Cancelling stops reading between documents, or
 * ends the computation (its worker) if it is already finishing; either way it throws JobCancelled.
 */
export async function projectAgreement(
  project: Project,
  query: AgreementQuery,
  ctx: JobContext = unwatched,
  options: AgreementRunOptions = {},
): Promise<ProjectAgreementReport> {
  const started = performance.now();
  const { manifest } = project;
  const allIds = await project.documents.ids();
  const docIds = query.docIds ? selectDocuments(allIds, query.docIds) : allIds;
  const labels = selectLabels(manifest.labels, query.labels);
  const onlyAnnotators = query.annotators ? new Set(query.annotators) : null;
  const onlyLabels = query.labels ? new Set(query.labels) : null;
  const schema: ReportSchema = {
    labels: labels.map((l) => ({ id: l.id, name: l.name, color: l.color, attributes: l.attributes.map((a) => ({ id: a.id, name: a.name, type: a.type })) })),
    relations: manifest.relations.map((r) => ({ id: r.id, name: r.name })),
  };
  const entityFields = new Map(labels.map((l) => [l.id, l.attributes.filter((a) => a.type === 'entity').map((a) => a.id)]));

  const { readInWorker, ...computationOptions } = options;
  const inLine = readInWorker?.inLine ?? false;
  // The worker starts (loading its code, and the reading code when it reads too) while the
  // entities and the assignment are read here.
  const starting = startComputation(schema, {
    ...computationOptions,
    ...(readInWorker
      ? { reading: { root: project.root, inLine: readInWorker.inLine, filter: { onlyAnnotators: query.annotators ?? null, onlyLabels: query.labels ?? null, entityFields: [...entityFields] } } }
      : {}),
  });
  const notes = emptyNotes();
  const { problems } = notes;
  let filter: ReadFilter;
  let expected: ReadonlyMap<string, readonly string[]>;
  try {
    const registry = await project.entities.registry();
    for (const p of await project.entities.fileProblems()) problems.push(p);
    filter = { onlyAnnotators, onlyLabels, entityFields, resolve: entityResolver(registry) };
    // Whom the assignment expects where (docs/TEAM.md): an expected layer not there is reported, not silently absent.
    expected = await expectedAnnotators(project.root);
    throwIfCancelled(ctx.signal);
  } catch (e) {
    void starting.then((c) => c.abort());
    throw e;
  }
  ctx.progress({ done: 0, total: docIds.length, phase: 'reading documents' });
  const computation = await starting;
  const stop = () => computation.abort();
  ctx.signal.addEventListener('abort', stop);
  /** What the worker noticed reading, per run it read. */
  const workerNotes: Promise<ReadNotesData>[] = [];
  try {
    let done = 0;
    const each = (docId: string) => {
      throwIfCancelled(ctx.signal);
      ctx.progress({ done: ++done, total: docIds.length, phase: 'reading documents', item: docId });
    };
    // Without a worker that reads, one run: every document read here, as it always was.
    const chunk = computation.readsDocuments ? (readInWorker?.chunk ?? CHUNK) : Math.max(1, docIds.length);
    for (let k = 0; k < docIds.length; k += chunk) {
      throwIfCancelled(ctx.signal);
      const ids = docIds.slice(k, k + chunk);
      if (computation.readsDocuments && computation.reading < WORKER_RUNS) {
        const handed = await computation.read(ids, ids.flatMap((id): Array<[string, string[]]> => {
          const e = expected.get(id);
          return e ? [[id, [...e]]] : [];
        }));
        workerNotes.push(
          handed.notes.then((n) => {
            done += ids.length;
            ctx.progress({ done, total: docIds.length, phase: 'reading documents', item: ids.at(-1)! });
            return n;
          }),
        );
      } else {
        const add = (batch: PackedBatch) => computation.addBatch(batch);
        await readDocuments(project, ids, inLine, filter, expected, notes, computation.fields, add, (skipped) => computation.skip(skipped), each);
      }
    }
    // Everything the worker read is counted before the report: its notes are part of it.
    for (const n of await Promise.all(workerNotes)) {
      for (const p of n.problems) problems.push(p);
      for (const a of n.allAnnotators) notes.allAnnotators.add(a);
      for (const a of n.seenAnnotators) notes.seenAnnotators.add(a);
      for (const m of n.missingLayers) notes.missingLayers.push(m);
    }
    throwIfCancelled(ctx.signal);
  } catch (e) {
    ctx.signal.removeEventListener('abort', stop);
    computation.abort();
    throwIfCancelled(ctx.signal); // a cancel that ended the worker while a batch waited: say so
    // The worker met an error reading: read those documents here, to meet it as a reader here would.
    if (e instanceof ChunkReadError) {
      await readDocuments(project, e.documents, inLine, filter, expected, emptyNotes(), computation.fields, async () => undefined, () => undefined);
      throw e.original();
    }
    throw e;
  }
  const { allAnnotators, seenAnnotators, missingLayers } = notes;
  if (onlyAnnotators) {
    // A name with no layer at all is an error (a typo); one whose layers do not count (empty, or
    // left out of review) is not: its documents are listed as not compared, saying why.
    const missing = [...onlyAnnotators].filter((a) => !seenAnnotators.has(a) && !allAnnotators.has(a));
    if (missing.length) {
      ctx.signal.removeEventListener('abort', stop);
      computation.abort();
      const known = [...allAnnotators].sort();
      throw new ApiError(
        'not-found',
        `no layer of ${missing.map((a) => `"${a}"`).join(', ')} in the ${query.docIds ? 'selected ' : ''}documents${known.length ? ` (annotators there: ${known.join(', ')})` : ''}`,
      );
    }
  }
  ctx.progress({ done: 0, total: 0, phase: 'computing' });
  let finished;
  try {
    finished = await computation.finish({
      project: manifest.name,
      filters: { annotators: query.annotators ?? null, labels: query.labels ?? null, docIds: query.docIds ?? null },
      documentsInProject: allIds.length,
      documentsSelected: docIds.length,
      problems: dedupe(problems),
    });
  } catch (e) {
    throwIfCancelled(ctx.signal); // the worker was ended by a cancel: say so, not "worker stopped"
    throw e;
  } finally {
    ctx.signal.removeEventListener('abort', stop);
  }
  throwIfCancelled(ctx.signal);
  const { report } = finished;
  missingLayers.sort((a, b) => (a.docId < b.docId ? -1 : a.docId > b.docId ? 1 : 0));
  return { ...report, ...(expected.size ? { missingLayers } : {}), computation: { elapsedMs: Math.round(performance.now() - started), where: computation.where } };
}

function selectDocuments(all: readonly string[], wanted: readonly string[]): string[] {
  const known = new Set(all);
  const unknown = wanted.filter((d) => !known.has(d));
  if (unknown.length) throw new ApiError('not-found', `no document ${unknown.slice(0, 5).map((d) => `"${d}"`).join(', ')}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''} in this project`);
  const chosen = new Set(wanted);
  return all.filter((d) => chosen.has(d));
}

function selectLabels(schema: readonly Label[], wanted: readonly string[] | undefined): Label[] {
  if (!wanted) return [...schema];
  const known = new Set(schema.map((l) => l.id));
  const unknown = wanted.filter((l) => !known.has(l));
  if (unknown.length) throw new ApiError('not-found', `no label ${unknown.map((l) => `"${l}"`).join(', ')} in the project's schema (labels: ${[...known].join(', ')})`);
  const chosen = new Set(wanted);
  return schema.filter((l) => chosen.has(l.id));
}

function dedupe(problems: AgreementFileProblem[]): AgreementFileProblem[] {
  const byFile = new Map<string, AgreementFileProblem>();
  for (const p of problems) if (!byFile.has(p.file)) byFile.set(p.file, { file: p.file, problems: [...p.problems] });
  return [...byFile.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}
