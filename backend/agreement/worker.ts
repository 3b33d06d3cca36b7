/**
 * The agreement worker: a worker thread that computes the project report from the documents
 * the service sends it, so the server's own thread stays free for requests while it runs. When
 * started with `reading` (the command line), it also reads documents itself when told to
 * ('read'), so that reading a corpus, most of the work, uses both cores.
 * Loaded through worker.mjs, which registers tsx first.
 */
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { attributeFields } from '../../shared/agreement';
import { SafeAccumulator } from './accumulate';
import { batchBuffers, BatchReader, recycleBuffers } from '../../shared/agreement/report/packedBatch';
import type { FromWorker, ReadErrorData, ToWorker, WorkerReading, WorkerStart } from './protocol';
import type { ReadFilter } from './read';
import type { Project } from '../project/project';

if (!parentPort) throw new Error('backend/agreement/worker.ts runs as a worker thread');
const port = parentPort;
const { schema, documentRows, reading } = workerData as WorkerStart;
const acc = new SafeAccumulator(schema, documentRows);
const fields = attributeFields(schema.labels);
let busy = 0;
let parse = 0;

const send = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

/** CPU time of this thread in ms (Linux: /proc/thread-self/stat, utime + stime in ticks of 10 ms); null elsewhere. */
function threadCpuMs(): number | null {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}
const cpuAtStart = threadCpuMs();

/** The project, opened here on the first 'read' (the modules that read files are loaded only then). */
let reader: Promise<{ project: Project; filter: ReadFilter; read: typeof import('./read') }> | null = null;

async function openReader(setup: WorkerReading) {
  const [{ Project }, read, files] = await Promise.all([import('../project/project'), import('./read'), import('../project/files')]);
  if (setup.inLine) files.readFilesInLine();
  const project = await Project.open(setup.root);
  const filter: ReadFilter = {
    onlyAnnotators: setup.filter.onlyAnnotators ? new Set(setup.filter.onlyAnnotators) : null,
    onlyLabels: setup.filter.onlyLabels ? new Set(setup.filter.onlyLabels) : null,
    entityFields: new Map(setup.filter.entityFields),
    resolve: read.entityResolver(await project.entities.registry()),
  };
  return { project, filter, read };
}

function errorData(e: unknown): ReadErrorData {
  if (!(e instanceof Error)) return { name: 'Error', message: String(e) };
  const { code, problem } = e as Error & { code?: unknown; problem?: ReadErrorData['problem'] };
  return { name: e.name, message: e.message, ...(typeof code === 'string' ? { code } : {}), ...(problem ? { problem } : {}) };
}

/** Deals with one message; false when the worker is done (its report sent, or an error). */
async function handle(message: ToWorker): Promise<boolean> {
  let t0 = performance.now();
  if (message.type === 'documents') {
    const reader = new BatchReader(message.batch);
    const t1 = performance.now();
    parse += t1 - t0;
    t0 = t1;
    for (let d = 0; d < reader.size; d++) acc.addFrom(reader, d);
    busy += performance.now() - t0;
    // Back to the service, which packs its next batches into them (packedBatch.ts recycleBuffers).
    const buffers = batchBuffers(message.batch);
    send({ type: 'counted', buffers }, buffers);
  } else if (message.type === 'read') {
    if (!reading) throw new Error('this worker was not started to read documents');
    let opened;
    try {
      opened = await (reader ??= openReader(reading));
    } catch (e) {
      send({ type: 'readFailed', error: errorData(e) });
      return false;
    }
    const { project, filter, read } = opened;
    const notes = read.emptyNotes();
    try {
      await read.readDocuments(
        project,
        message.docIds,
        reading.inLine,
        filter,
        new Map(message.expected),
        notes,
        fields,
        async (batch) => {
          const t = performance.now();
          acc.addBatch(batch);
          recycleBuffers(batchBuffers(batch)); // for the next batch this thread packs
          busy += performance.now() - t;
        },
        (skipped) => {
          for (const d of skipped) acc.skip(d);
        },
      );
    } catch (e) {
      send({ type: 'readFailed', error: errorData(e) });
      return false;
    }
    send({ type: 'counted', notes: { problems: notes.problems, allAnnotators: [...notes.allAnnotators], seenAnnotators: [...notes.seenAnnotators], missingLayers: notes.missingLayers } });
  } else if (message.type === 'skip') for (const d of message.documents) acc.skip(d);
  else {
    const report = acc.result(message.context, { elapsedMs: 0, where: 'worker thread' });
    busy += performance.now() - t0;
    const cpu = threadCpuMs();
    send({ type: 'result', report, busyMs: busy, parseMs: parse, cpuMs: cpu === null || cpuAtStart === null ? null : cpu - cpuAtStart });
    return false;
  }
  return true;
}

// Messages are dealt with one at a time, in order (a 'read' takes turns with the batches sent).
const queue: ToWorker[] = [];
let running = false;

async function run(): Promise<void> {
  running = true;
  try {
    while (queue.length) {
      if (!(await handle(queue.shift()!))) {
        port.close();
        return;
      }
    }
  } catch (e) {
    send({ type: 'error', message: e instanceof Error ? e.message : String(e) });
    port.close();
    return;
  }
  running = false;
}

// Ready to read before the first 'read' arrives (the service is reading its first documents meanwhile).
if (reading) {
  reader = openReader(reading);
  reader.catch(() => undefined); // met, and reported, by the first 'read'
}

port.on('message', (message: ToWorker) => {
  queue.push(message);
  if (!running) void run();
});
send({ type: 'ready' });
