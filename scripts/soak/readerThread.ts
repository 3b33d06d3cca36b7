/**
 * The soak's reader, in a thread of its own: every ~2 ms it lists the project's annotation
 * files and reads each one, as a sync client, a backup program or another tool would, and
 * counts what it finds (tally.ts: classifyRead). Driven by messages from reader.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parentPort } from 'node:worker_threads';
import { classifyRead, countRead, emptyReadCounts, type ReadKind } from './tally';
import type { ReaderReply, ReaderRequest } from './reader';

const port = parentPort!;
const INTERVAL_MS = 2;
/** Annotator files; hidden temporary files beside them are not the app's files yet. */
const ANNOTATION_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*\.json$/;

let root: string | null = null;
let paused = false;
let counts = emptyReadCounts();
/** Files seen in the last pass: one that is no longer listed has gone missing. */
let known = new Set<string>();
const ignored = new Set<string>();
/** The last content read of each file and its kind, so an unchanged file is not parsed again. */
const last = new Map<string, { content: string; kind: ReadKind }>();

function reply(message: ReaderReply): void {
  port.postMessage(message);
}

port.on('message', (m: ReaderRequest) => {
  if (m.type === 'watch') {
    root = m.root;
    paused = false;
    counts = emptyReadCounts();
    known = new Set();
    ignored.clear();
    last.clear();
    reply({ type: 'ok' });
  } else if (m.type === 'pause') {
    paused = true; // messages arrive between passes, so no read is under way
    reply({ type: 'ok' });
  } else if (m.type === 'resume') {
    paused = false;
    known = new Set(); // what changed while paused is not this reader's to count
    reply({ type: 'ok' });
  } else if (m.type === 'ignore') {
    ignored.add(m.docId);
    reply({ type: 'ok' });
  } else if (m.type === 'stop') {
    root = null;
    reply({ type: 'counts', counts });
  }
});

function read(docsDir: string, file: string): void {
  let content: string | null;
  try {
    content = readFileSync(path.join(docsDir, file), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') {
      countRead(counts, 'corrupt', `${file} (${code ?? (e as Error).message})`); // unreadable: as bad as corrupt to a reader
      return;
    }
    content = null;
  }
  const before = last.get(file);
  const kind = before && content !== null && before.content === content ? before.kind : classifyRead(content);
  if (content !== null) last.set(file, { content, kind });
  countRead(counts, kind, file);
}

function pass(dir: string): void {
  const docsDir = path.join(dir, 'documents');
  let docs: string[];
  try {
    docs = readdirSync(docsDir);
  } catch {
    return;
  }
  const listed = new Set<string>();
  for (const doc of docs) {
    if (ignored.has(doc)) continue;
    let names: string[];
    try {
      names = readdirSync(path.join(docsDir, doc, 'annotations'));
    } catch {
      continue; // no annotations yet
    }
    for (const name of names) {
      if (!ANNOTATION_NAME.test(name)) continue;
      const file = `${doc}/annotations/${name}`;
      listed.add(file);
      read(docsDir, file);
    }
  }
  for (const file of known) {
    if (!listed.has(file) && !ignored.has(file.split('/')[0]!)) countRead(counts, 'missing', file);
  }
  known = listed;
}

for (;;) {
  if (root && !paused) pass(root);
  await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
}
