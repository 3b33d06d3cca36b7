/**
 * A seeded, on-disk Standoff project the size research groups work at (issue 14): N news-like
 * documents of realistic, varied length (most 2–6 KB, a tail to ~12 KB, English with accented
 * names, Arabic and emoji), each coded by several annotators with ~40 spans per layer. The
 * annotators copy a shared "true" coding with the slips real coders make (misses, a boundary a
 * word off, another label, an extra span), with attributes the default schema accepts and
 * relations from claims, denials and figures to actors, so agreement, review and exports see real
 * work. Finished marks, a gold layer on some documents and an `assignment.json` give the document
 * list every status it filters by.
 *
 * Same seed, same bytes: every run measures the same project. Used by bench/corpus.ts (the index
 * and the list) and the streaming benchmarks (validate, agreement, export).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { emptyAnnotationFile, GOLD, serializeAnnotationFile } from '../../shared/format/annotationFile';
import { serializeDocumentMeta } from '../../shared/format/documentMeta';
import { emptyEntityFile, serializeEntityFile } from '../../shared/format/entityFile';
import { layout } from '../../shared/format/layout';
import { quoteOf } from '../../shared/model/quote';
import type { Attributes } from '../../shared/model/labels';
import type { Relation, Span } from '../../shared/model/span';
import { CodePointIndex } from '../../shared/text/codePoints';
import { textHash } from '../../shared/text/hash';
import { createProject } from '../../backend/project/create';
import { generateArticle, generateSpans, rng, type Rng } from '../../tests/support/corpus';

export interface CorpusOptions {
  documents: number;
  /** Annotator ids; default three. */
  annotators?: string[];
  /** Spans per annotator layer (about: misses and extras move it a little). Default 40. */
  spans?: number;
  seed?: number;
  /**
   * 'full' (default): every document has every annotator's layer (the streaming benchmarks'
   * 10,000 × 3 × 40). 'queue': a project under way: the last fifth of the documents not
   * started, some documents with only part of their annotators' layers.
   */
  coverage?: 'full' | 'queue';
  /** Write assignment.json (every document to its annotators). Default true. */
  assignment?: boolean;
  /** Called every 1,000 documents. */
  progress?: (done: number, total: number) => void;
}

export interface CorpusStats {
  root: string;
  documents: number;
  layers: number;
  spans: number;
  files: number;
  textBytes: number;
  annotationBytes: number;
  seconds: number;
}

export const DEFAULT_ANNOTATORS = ['layla', 'tom', 'ines'];

/** The documents' ids: `doc-000000`…, sorted as created. */
export const corpusDocumentId = (d: number) => `doc-${String(d).padStart(6, '0')}`;

const EVENTS = ['Rocket strike', 'Car bomb', 'Ambush', 'Drone strike', 'Clashes', 'Raid', 'Roadside bomb', 'Shelling', 'Explosion'];
const PLACES = ['Baghdad', 'Mosul', 'Kirkuk', 'Basra', 'Erbil', 'Fallujah', 'Ramadi', 'Tikrit', 'Samarra', 'Baqubah', 'Karbala', 'Najaf', 'Sinjar', 'Tal Afar', 'Ḥalabja', 'Sulaymaniyah'];
const ANGLES = ['toll rises', 'group denies role', 'officials trade blame', 'residents flee', 'claims of responsibility', 'figures disputed', 'police detain suspects', 'حصيلة جديدة'];
const OUTLETS = ['wire.example.org', 'news.example.com', 'ar.example.net', 'monitor.example.org', 'daily.example.iq'];
const ENTITIES = ['pmf', 'kataib-hezbollah', 'saraya', 'interior-ministry', 'peshmerga', 'islamic-state', 'coalition', 'un-mission'];

function title(r: Rng, d: number): string {
  return `${r.pick(EVENTS)} near ${r.pick(PLACES)}: ${r.pick(ANGLES)}${r.chance(0.05) ? ' 🚨' : ''} (${d % 997})`;
}

/** Article length in characters: log-normal-ish around 3.6 KB, 1.2–12 KB. */
function articleLength(r: Rng): number {
  const normal = (r.next() + r.next() + r.next() + r.next() - 2) / 0.58; // ~N(0,1)
  return Math.round(Math.min(12_000, Math.max(1_200, 3_600 * Math.exp(0.45 * normal))));
}

/** A headline, paragraphs up to about `chars` characters, and a final newline. */
function article(seed: number, chars: number, headline: string): string {
  const lines = generateArticle(seed, Math.ceil(chars / 5.2)).split('\n');
  let text = headline;
  for (const line of lines.slice(1, -2)) {
    if (text.length + line.length > chars && text.length > chars * 0.6) break;
    text += `\n${line}`;
  }
  return `${text}\n`;
}

/** Moves a span's boundary a word in or out, as coders' boundaries differ. */
function jitter(r: Rng, text: string, index: CodePointIndex, s: Span): Span {
  let from = index.toUtf16(s.startOffset);
  let to = index.toUtf16(s.endOffset);
  if (r.chance(0.5)) {
    // start one word later, when the span has more than one word
    const space = text.indexOf(' ', from);
    if (space > 0 && space + 1 < to) from = space + 1;
  } else {
    // end one word later, within the line, without trailing punctuation
    const m = /^[^\S\n]+([\p{L}\p{N}][\p{L}\p{N}'-]*)/u.exec(text.slice(to, to + 40));
    if (m) to += m[0].length;
  }
  const start = index.toCodePoint(from);
  const end = index.toCodePoint(to);
  return { ...s, startOffset: start, endOffset: end, quote: quoteOf(index, start, end) };
}

/** Attributes an analyst records, valid under the default schema. */
function attributesOf(r: Rng, label: string): Attributes | undefined {
  if (label === 'actor') return { entity: r.pick(ENTITIES), kind: r.pick(['state', 'armed-group', 'official']) };
  if (label === 'casualty-figure') {
    const min = r.int(1, 40);
    return { outcome: r.pick(['killed', 'injured', 'missing']), count: { min, max: r.chance(0.3) ? null : min + r.int(0, 10) }, ...(r.chance(0.3) ? { vague: true } : {}) };
  }
  if (label === 'claim') return { type: r.pick(['responsibility', 'event-report', 'accusation', 'statement']) };
  return undefined;
}

const RELATION_OF: Record<string, string> = { claim: 'claimant', denial: 'denier', 'casualty-figure': 'reported-by' };

function relationsOf(r: Rng, spans: Span[]): Relation[] {
  const actors = spans.filter((s) => s.label === 'actor');
  const out: Relation[] = [];
  if (!actors.length) return out;
  for (const s of spans) {
    const type = RELATION_OF[s.label];
    if (!type || r.chance(0.3)) continue;
    const actor = actors.find((a) => a.startOffset >= s.startOffset && a.endOffset <= s.endOffset) ?? r.pick(actors);
    out.push({ id: `r${out.length}`, type, from: s.id, to: actor.id });
  }
  return out;
}

/** One annotator's copy of the true coding, with slips. */
function layerOf(r: Rng, text: string, index: CodePointIndex, truth: Span[], extras: Span[], a: number): { spans: Span[]; relations: Relation[] } {
  const labels = ['claim', 'denial', 'casualty-figure', 'actor'];
  const seen = new Set<string>();
  const spans: Span[] = [];
  const add = (s: Span) => {
    const key = `${s.label}:${s.startOffset}:${s.endOffset}`;
    if (seen.has(key) || s.endOffset <= s.startOffset) return;
    seen.add(key);
    spans.push({ ...s, id: `a${a}s${spans.length.toString(36)}` });
  };
  for (const t of truth) {
    if (r.chance(0.07)) continue; // missed
    let s = r.chance(0.12) ? jitter(r, text, index, t) : t;
    if (r.chance(0.05)) s = { ...s, label: r.pick(labels) };
    const attributes = attributesOf(r, s.label);
    add(attributes ? { ...s, attributes } : { ...s, attributes: undefined });
  }
  for (const e of extras) if (r.chance(0.35)) add(e);
  const clean = spans.map((s) => (s.attributes ? s : (({ attributes: _drop, ...rest }) => rest)(s)));
  return { spans: clean, relations: relationsOf(r, clean) };
}

type Stage = 'not-started' | 'in-progress' | 'finished' | 'adjudicated';

function stageOf(r: Rng, d: number, documents: number, coverage: 'full' | 'queue'): Stage {
  if (coverage === 'queue' && d >= documents * 0.8) return 'not-started';
  const x = r.next();
  if (x < 0.15) return 'adjudicated';
  if (x < 0.65) return 'finished';
  return 'in-progress';
}

/** Writes with at most `limit` writes in flight: fast on many small files, bounded in memory. */
class WritePool {
  private inFlight = new Set<Promise<void>>();
  bytes = 0;
  files = 0;
  constructor(private readonly limit: number) {}
  async write(file: string, data: string): Promise<void> {
    while (this.inFlight.size >= this.limit) await Promise.race(this.inFlight);
    this.bytes += Buffer.byteLength(data);
    this.files++;
    const p: Promise<void> = writeFile(file, data).then(() => {
      this.inFlight.delete(p);
    });
    this.inFlight.add(p);
  }
  async drain(): Promise<void> {
    await Promise.all(this.inFlight);
  }
}

/** Creates the project in `dir` (which must not hold one) and returns what it wrote. */
export async function generateCorpus(dir: string, options: CorpusOptions): Promise<CorpusStats> {
  const started = performance.now();
  const annotators = options.annotators ?? DEFAULT_ANNOTATORS;
  const spansPerLayer = options.spans ?? 40;
  const seed = options.seed ?? 1;
  const coverage = options.coverage ?? 'full';
  const root = await createProject(dir, `corpus of ${options.documents.toLocaleString('en-US')} documents`);
  const pool = new WritePool(64);

  const registry = emptyEntityFile(annotators[0]!);
  for (const id of ENTITIES) registry.entities.push({ id, name: id.replace(/-/g, ' '), aliases: [], updated: '2024-01-01T00:00:00.000Z' });
  await mkdir(path.join(root, layout.entitiesDir), { recursive: true });
  await pool.write(path.join(root, layout.entities(annotators[0]!)), serializeEntityFile(registry));

  const assignment: Record<string, string[]> = {};
  let textBytes = 0;
  let layers = 0;
  let spanCount = 0;
  let annotationBytes = 0;
  for (let d = 0; d < options.documents; d++) {
    const r = rng(seed * 1_000_003 + d);
    const id = corpusDocumentId(d);
    const heading = title(r, d);
    const text = article(seed * 7919 + d, articleLength(r), heading);
    const index = new CodePointIndex(text);
    const hash = textHash(text);
    textBytes += Buffer.byteLength(text);
    await mkdir(path.join(root, layout.annotationsDir(id)), { recursive: true });
    await pool.write(path.join(root, layout.text(id)), text);
    await pool.write(
      path.join(root, layout.meta(id)),
      serializeDocumentMeta({
        format: 'standoff/document',
        version: 1,
        id,
        title: heading,
        source: `https://${r.pick(OUTLETS)}/2024/${String(1 + (d % 12)).padStart(2, '0')}/${id}`,
        textHash: hash,
        length: index.length,
        importedFrom: null,
        importNotes: [],
      }),
    );
    const stage = stageOf(r, d, options.documents, coverage);
    assignment[id] = annotators;
    if (stage === 'not-started') continue;
    const truth = generateSpans(text, index, Math.round(spansPerLayer * 1.02), seed + d * 31, 't');
    const extras = generateSpans(text, index, 4, seed + d * 31 + 17, 'x');
    // In a project under way, an in-progress document may lack some annotators' layers.
    const present = coverage === 'queue' && stage === 'in-progress' ? annotators.filter(() => r.chance(0.6)) : annotators;
    for (const [a, who] of annotators.entries()) {
      if (!present.includes(who)) continue;
      const { spans, relations } = layerOf(r, text, index, truth, extras, a);
      const finished = stage === 'finished' || stage === 'adjudicated' || (stage === 'in-progress' && r.chance(0.4));
      const raw = serializeAnnotationFile({ ...emptyAnnotationFile(id, who, hash), spans, relations, ...(finished ? { finished: true as const } : {}) });
      annotationBytes += Buffer.byteLength(raw);
      await pool.write(path.join(root, layout.annotation(id, who)), raw);
      layers++;
      spanCount += spans.length;
    }
    if (stage === 'adjudicated') {
      const spans = truth.map((s) => ({ ...s, ...(attributesOf(r, s.label) ? { attributes: attributesOf(r, s.label) } : {}) }));
      const raw = serializeAnnotationFile({ ...emptyAnnotationFile(id, GOLD, hash), spans, relations: relationsOf(r, spans), finished: true });
      annotationBytes += Buffer.byteLength(raw);
      await pool.write(path.join(root, layout.annotation(id, GOLD)), raw);
    }
    if ((d + 1) % 1000 === 0) options.progress?.(d + 1, options.documents);
  }
  if (options.assignment ?? true) {
    // The format of the assignment helper's shared/format/assignmentFile.ts (formatVersion 1).
    const file = { formatVersion: 1, documents: assignment, plan: null, updated: null, updatedBy: null };
    await pool.write(path.join(root, 'assignment.json'), `${JSON.stringify(file, null, 2)}\n`);
  }
  await pool.drain();
  return {
    root,
    documents: options.documents,
    layers,
    spans: spanCount,
    files: pool.files + 1, // and standoff.json
    textBytes,
    annotationBytes,
    seconds: (performance.now() - started) / 1000,
  };
}
