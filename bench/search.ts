/**
 * `npm run bench` (search): project-wide search over 10,000 documents of about 5 KB; the
 * issue's target is under 300 ms to first results. The app lists the documents when it opens
 * a project (which reads them), so the figure that counts is a search after that; a search on
 * a project nobody has listed yet is printed too.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serializeDocumentMeta } from '../shared/format/documentMeta';
import { layout } from '../shared/format/layout';
import { codePointLength } from '../shared/text/codePoints';
import { textHash } from '../shared/text/hash';
import { createProject } from '../backend/project/create';
import { StandoffService } from '../backend/service';
import { seededRandom } from '../tests/support/random';

const DOCUMENTS = 10_000;
const TARGET_MS = 300;
const WORDS = 'the attack convoy militia group claimed responsibility denied officials said killed injured base rockets drone security forces province report sources government statement strike'.split(' ');
const RARE = ['Saraya Thawrat al-Ashrin', 'Ashab al-Kahf', 'Kataib Hezbollah', 'Asaib Ahl al-Haq'];

const random = seededRandom(5);
const root = await mkdtemp(path.join(tmpdir(), 'standoff-bench-search-'));
try {
  await createProject(root, 'search benchmark');
  let bytes = 0;
  for (let d = 0; d < DOCUMENTS; d++) {
    const words: string[] = [];
    while (words.join(' ').length < 5000) {
      words.push(random() < 0.004 ? RARE[Math.floor(random() * RARE.length)]! : WORDS[Math.floor(random() * WORDS.length)]!);
      if (random() < 0.08) words[words.length - 1] += '.\n';
    }
    const text = words.join(' ');
    bytes += Buffer.byteLength(text);
    const id = `doc-${String(d).padStart(5, '0')}`;
    await mkdir(path.join(root, layout.documentDir(id)), { recursive: true });
    await writeFile(path.join(root, layout.text(id)), text);
    await writeFile(
      path.join(root, layout.meta(id)),
      serializeDocumentMeta({ format: 'standoff/document', version: 1, id, title: `Report ${d}`, source: null, textHash: textHash(text), length: codePointLength(text), importedFrom: null, importNotes: [] }),
    );
  }
  const ms = (n: number) => n.toFixed(0);

  const cold = await StandoffService.open(root);
  let t = performance.now();
  const coldResult = await cold.search({ query: 'ashab al-kahf', limit: 200 });
  const coldMs = performance.now() - t;

  const service = await StandoffService.open(root);
  t = performance.now();
  await service.listDocuments();
  const listMs = performance.now() - t;
  const times: number[] = [];
  let last = coldResult;
  for (const query of ['ashab al-kahf', 'kataib hezbollah', 'claimed responsibility', 'no such words anywhere']) {
    t = performance.now();
    last = await service.search({ query, limit: 200 });
    times.push(performance.now() - t);
    console.log(`search "${query}": ${ms(times.at(-1)!)} ms, ${last.hits.length}${last.complete ? '' : '+'} hits in ${last.documentsSearched.toLocaleString('en-US')} documents`);
  }
  const worst = Math.max(...times);
  console.log(
    `project search over ${DOCUMENTS.toLocaleString('en-US')} documents (${(bytes / DOCUMENTS / 1024).toFixed(1)} KB each): first results in at most ${ms(worst)} ms ` +
      `(target < ${TARGET_MS} ms: ${worst < TARGET_MS ? 'met' : 'MISSED'}); after listing the project (${ms(listMs)} ms, as the app does on opening)`,
  );
  console.log(`project search before anything was read from disk: ${ms(coldMs)} ms to the first ${coldResult.hits.length} hits (${coldResult.documentsSearched.toLocaleString('en-US')} documents read)`);
} finally {
  await rm(root, { recursive: true, force: true });
}
