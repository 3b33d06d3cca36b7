/**
 * Predictions made by another system, loaded as a suggestion source (a recommender of kind
 * "predictions"), never as someone's layer. Read from
 *
 * - Standoff JSONL (docs/IMPORT.md) whose spans may carry a `score` (0–1): offsets in code points;
 * - spaCy/Prodigy JSONL `{ "text", "spans": [{ "start", "end", "label", "score"? }], "meta": { "id"? } }`:
 *   offsets in Python's sense, i.e. code points (as shared/interchange/jsonl/spacy.ts reads
 *   them); a span whose `text` shows its offsets were counted in UTF-16 units instead (a
 *   JavaScript tool) is converted.
 *
 * Each record is matched to a project document by id, else by its exact text; what matches is
 * kept in `predictions/<name>.jsonl` (synced: the team sees the same suggestions), one line per
 * document: `{ "format": "standoff/predictions", "version": 1, "offsets": "unicode-code-points",
 * "id", "textHash", "spans": [{ "label", "startOffset", "endOffset", "text", "score",
 * "attributes"? }] }`.
 */
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { PredictionImport } from '../../shared/api/recommend';
import type { Attributes, LabelSchema } from '../../shared/model/labels';
import type { Proposal, Recommender } from '../../shared/recommend/types';
import { layout } from '../../shared/format/layout';
import { CodePointIndex } from '../../shared/text/codePoints';
import { textHash } from '../project/hash';
import { slug } from '../../shared/text/slug';
import { writeDurably } from '../project/durableFile';
import { insideProject } from '../project/files';
import type { Project } from '../project/project';

export const PREDICTIONS_DIR = layout.predictionsDir;
export const PREDICTIONS_FORMAT = 'standoff/predictions';
export const predictionsFile = layout.predictions;
export const predictionsId = (name: string) => `predictions-${name}`;
/** How many problems an import lists before it only counts them. */
const MAX_PROBLEMS = 50;

interface StoredSpan {
  label: string;
  startOffset: number;
  endOffset: number;
  text: string;
  score: number;
  attributes?: Attributes;
}
interface StoredLine {
  format: typeof PREDICTIONS_FORMAT;
  version: 1;
  offsets: 'unicode-code-points';
  id: string;
  textHash: string;
  spans: StoredSpan[];
}

/** The name predictions are kept under: lowercase letters, digits and "-" (it becomes part of a recommender id). */
export function predictionsName(name: string): string | null {
  const s = slug(name, { max: 48 });
  return s && /^[a-z0-9][a-z0-9-]*$/.test(s) ? s : null;
}

/**
 * Reads a predictions file made elsewhere and keeps what matches the project's documents.
 * Nothing is written when no record matches.
 */
export async function importPredictions(project: Project, file: string, name: string): Promise<PredictionImport> {
  const raw = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new Error(`${file} cannot be read (${e.code ?? e.message})`);
  });
  const problems: string[] = [];
  let more = 0;
  const problem = (m: string) => (problems.length < MAX_PROBLEMS ? problems.push(m) : more++);
  const labels = new Set(project.manifest.labels.map((l) => l.id));
  const where = path.basename(file);

  // The project's documents by id, and by text hash for records that carry no id we know.
  const docIds = await project.documents.ids();
  const known = new Set(docIds);
  let byHash: Map<string, string> | null = null;
  const docByText = async (text: string): Promise<string | undefined> => {
    if (!byHash) {
      byHash = new Map();
      for (const id of docIds) {
        try {
          byHash.set((await project.documents.load(id)).hash, id);
        } catch {
          // an unreadable document matches nothing
        }
      }
    }
    return byHash.get(textHash(text));
  };

  const out = new Map<string, StoredLine>();
  let suggestions = 0;
  const lines = raw.replace(/^\uFEFF/, '').split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!.trim();
    if (!line) continue;
    const at = `${where} line ${n + 1}`;
    let value: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(line);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      value = parsed as Record<string, unknown>;
    } catch {
      problem(`${at}: not a JSON object`);
      continue;
    }
    if (value.answer === 'reject' || value.answer === 'ignore') continue;
    const standoff = value.format === 'standoff/jsonl';
    const meta = (typeof value.meta === 'object' && value.meta !== null ? value.meta : {}) as Record<string, unknown>;
    const givenId = standoff ? value.id : (meta.id ?? value.id);
    const text = typeof value.text === 'string' ? value.text : null;
    // Matched by id, else by exact text.
    let docId = typeof givenId === 'string' && known.has(givenId) ? givenId : typeof givenId === 'number' && known.has(String(givenId)) ? String(givenId) : undefined;
    if (!docId && text !== null) docId = await docByText(text);
    if (!docId) {
      problem(`${at}: matches no document of the project${givenId !== undefined ? ` (id ${JSON.stringify(givenId)}` : ' (no id'}${text === null ? ', no text)' : ', and no document has this text)'}`);
      continue;
    }
    let doc;
    try {
      doc = await project.documents.load(docId);
    } catch (e) {
      problem(`${at}: document ${docId} cannot be read (${(e as Error).message})`);
      continue;
    }
    if (text !== null && text !== doc.text) {
      problem(`${at}: its text differs from document ${docId}'s, so its offsets cannot be trusted`);
      continue;
    }
    const spans = Array.isArray(value.spans) ? value.spans : Array.isArray(value.ents) ? value.ents : [];
    const utf16 = text === null ? null : doc.index;
    const kept: StoredSpan[] = out.get(docId)?.spans ?? [];
    spans.forEach((s: unknown, i: number) => {
      const sw = `${at}, spans[${i}]`;
      if (typeof s !== 'object' || s === null) return problem(`${sw}: not a span object`);
      const span = s as Record<string, unknown>;
      let start = standoff ? span.startOffset : span.start;
      let end = standoff ? span.endOffset : span.end;
      const label = span.label;
      if (typeof label !== 'string' || !labels.has(label)) return problem(`${sw}: label ${JSON.stringify(label)} is not one of the project's labels`);
      if (!Number.isInteger(start) || !Number.isInteger(end) || (start as number) < 0 || (end as number) <= (start as number)) return problem(`${sw}: offsets ${String(start)}–${String(end)} are not a place in a text`);
      // Offsets in UTF-16 units (a JavaScript tool): told by a span text that only they select.
      if (!standoff && typeof span.text === 'string' && utf16 && doc.index.slice(start as number, end as number) !== span.text && doc.text.slice(start as number, end as number) === span.text) {
        start = utf16.toCodePoint(start as number);
        end = utf16.toCodePoint(end as number);
      }
      if ((end as number) > doc.index.length) return problem(`${sw}: offsets ${String(start)}–${String(end)} run past the end of document ${docId}`);
      const exact = doc.index.slice(start as number, end as number);
      if (typeof span.text === 'string' && span.text !== exact) return problem(`${sw}: its text ${JSON.stringify(span.text)} is not what offsets ${String(start)}–${String(end)} select (${JSON.stringify(exact)})`);
      const score = span.score === undefined ? 1 : Number(span.score);
      if (!(score >= 0 && score <= 1)) return problem(`${sw}: score ${JSON.stringify(span.score)} is not between 0 and 1`);
      const attributes = typeof span.attributes === 'object' && span.attributes !== null && !Array.isArray(span.attributes) ? (span.attributes as Attributes) : undefined;
      kept.push({ label, startOffset: start as number, endOffset: end as number, text: exact, score, ...(attributes ? { attributes } : {}) });
      suggestions++;
    });
    out.set(docId, { format: PREDICTIONS_FORMAT, version: 1, offsets: 'unicode-code-points', id: docId, textHash: doc.hash, spans: kept });
  }
  if (more) problems.push(`…and ${more} more problems`);
  if (out.size === 0) throw new Error(`nothing in ${where} matches a document of the project, so nothing was imported${problems.length ? `: ${problems.slice(0, 3).join('; ')}` : ''}`);
  const rel = predictionsFile(name);
  await mkdir(insideProject(project.root, PREDICTIONS_DIR), { recursive: true });
  const body = [...out.values()].sort((a, b) => (a.id < b.id ? -1 : 1)).map((l) => `${JSON.stringify(l)}\n`).join('');
  await writeDurably(insideProject(project.root, rel), body);
  return { recommender: predictionsId(name), documents: out.size, suggestions, problems };
}

/** The names of the predictions kept in the project (predictions/<name>.jsonl). */
export async function predictionNames(root: string): Promise<string[]> {
  try {
    return (await readdir(insideProject(root, PREDICTIONS_DIR)))
      .filter((f) => f.endsWith('.jsonl'))
      .map((f) => f.slice(0, -'.jsonl'.length))
      .filter((n) => predictionsName(n) === n)
      .sort();
  } catch {
    return [];
  }
}

/** A recommender of kind "predictions": the kept predictions of one document, as long as its text has not changed. */
export function predictionsRecommender(root: string, name: string): Recommender {
  let cache: { mtimeMs: number; size: number; byDoc: Map<string, StoredLine> } | null = null;
  const load = async () => {
    const full = insideProject(root, predictionsFile(name));
    const s = await stat(full);
    if (cache && cache.mtimeMs === s.mtimeMs && cache.size === s.size) return cache.byDoc;
    const byDoc = new Map<string, StoredLine>();
    for (const line of (await readFile(full, 'utf8')).split('\n')) {
      if (!line.trim()) continue;
      const l = JSON.parse(line) as StoredLine;
      if (l.format === PREDICTIONS_FORMAT && typeof l.id === 'string' && Array.isArray(l.spans)) byDoc.set(l.id, l);
    }
    cache = { mtimeMs: s.mtimeMs, size: s.size, byDoc };
    return byDoc;
  };
  return {
    id: predictionsId(name),
    name: `Predictions “${name}”`,
    description: `Predictions imported from another system (${predictionsFile(name)}).`,
    kind: 'predictions',
    labels: (schema: LabelSchema) => schema.labels.map((l) => l.id),
    enabledByDefault: true,
    recommend: async (context): Promise<Proposal[]> => {
      const line = (await load()).get(context.docId);
      if (!line) return [];
      const index = new CodePointIndex(context.text);
      // The text changed since the import: only spans whose text is still at their place are proposed.
      const same = line.textHash === textHash(context.text);
      return line.spans
        .filter((s) => same || (s.endOffset <= index.length && index.slice(s.startOffset, s.endOffset) === s.text))
        .map((s) => ({ label: s.label, startOffset: s.startOffset, endOffset: s.endOffset, score: s.score, ...(s.attributes ? { attributes: s.attributes } : {}), why: `imported prediction (${name})` }));
    },
  };
}
