/**
 * spaCy / Prodigy-style JSONL: what spaCy training scripts read with `doc.char_span` and what
 * Prodigy's `db-in` stores as annotated tasks.
 *
 * ```json
 * {"text":"…","tokens":[{"text":"Hashd","start":0,"end":5,"id":0,"ws":true},…],
 *  "spans":[{"start":0,"end":5,"token_start":0,"token_end":0,"label":"actor","id":"s1","attributes":{"kind":"armed-group"}}],
 *  "relations":[{"head":3,"child":0,"head_span":{"start":10,"end":30,"token_start":2,"token_end":3,"label":"claim","id":"s2"},
 *                "child_span":{"start":0,"end":5,"token_start":0,"token_end":0,"label":"actor","id":"s1"},"label":"claimant","id":"r1"}],
 *  "meta":{"id":"doc-1","title":"…","annotator":"alice"},"answer":"accept"}
 * ```
 *
 * Offsets and units
 * - `start`/`end` are character offsets in Python's sense, i.e. Unicode code points (which is
 *   what Standoff stores): `text[start:end]` in Python is the span. Not UTF-16: an emoji before
 *   a span moves it by one, not two.
 * - `token_start`/`token_end` are token indices and `token_end` is INCLUSIVE (Prodigy's
 *   convention): a one-token span has token_start == token_end.
 * - `tokens` (written unless `tokens: false`) are made by ./tokens.ts: cut at every span edge
 *   so each span is exactly its tokens, with spaCy's whitespace convention, so
 *   `Doc(vocab, words=[t["text"]…], spaces=[t["ws"]…])` rebuilds the text and
 *   `doc.char_span(start, end, label)` finds every span that is not zero-width. A zero-width
 *   span has no token: it is written without token_start/token_end.
 *
 * Overlap
 * - Overlapping and nested spans are all kept in `spans`. In spaCy that is `doc.spans[key]`
 *   (a SpanGroup, as the spancat component trains on), NOT `doc.ents`, which cannot overlap: a
 *   script that sets `doc.ents` from this file must pick among overlapping spans itself.
 *
 * Where attributes and relations go (a decision: neither tool has a place for them)
 * - Each span carries its Standoff `id` and, when set, its `attributes` (as stored: option ids,
 *   entity ids, {min, max}) as extra keys of the span object. They travel with their span, and
 *   spaCy's readers and Prodigy ignore keys they do not know. Not in `meta`: Prodigy shows
 *   `meta` on the annotation card, and a list keyed by span would come apart from the spans.
 * - Relations are top-level `relations` in the layout of Prodigy's `rel.manual`: `head` and
 *   `child` are the index of the LAST token of the head (source) and child (target) span,
 *   `head_span`/`child_span` copy the spans (with their `id`), `label` is the relation type,
 *   and `id` the Standoff relation id. Without tokens `head`/`child` are left out.
 * - `meta` holds the document's id, title and source (when known) and the annotator.
 *
 * Import reads this layout, with or without tokens, and also spaCy's `Doc.to_json()` layout
 * (`ents`, and `spans` as a dict of span groups). Span ids are kept when present (else s1,
 * s2, …); relations find their spans by `head_span.id`/`child_span.id`, else by start, end and
 * label. Prodigy tasks answered "reject" or "ignore" are skipped: they are not annotations.
 * Tokens are checked (inside the text, their `text` what their offsets select: a file counted
 * in UTF-16 is caught there) but not imported: Standoff stores no tokens. `token_start` and
 * `token_end` are not needed either: the character offsets are what is imported.
 */
import { attributesSchema } from '../../format/annotationFile';
import { describeIssues } from '../../format/errors';
import type { Attributes } from '../../model/labels';
import { compareRelations, compareSpans, type Relation, type Span } from '../../model/span';
import { attributeProblems, relationProblem } from '../../schema/conformance';
import { CodePointIndex } from '../../text/codePoints';
import type { ImportResult, InterchangeDocument } from '../model';
import { describeJson, idMaker, isObject, jsonLine, labelProblem, labelsOf, layerFor, makeSpan, normalizeImported, offsetProblem, Problems, readJsonLines, stableAttributes, type JsonlImportOptions } from './lines';
import { tokenize, tokenRange } from './tokens';

export interface SpacyExportOptions {
  /** Write Prodigy's `tokens` and each span's token_start/token_end (default true). */
  tokens?: boolean;
}

const SPAN_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** One document as one line of spaCy/Prodigy JSONL (newline included). */
export function spacyJsonlLine(doc: InterchangeDocument, options: SpacyExportOptions = {}): string {
  const spans = [...doc.spans].sort(compareSpans);
  const withTokens = options.tokens !== false;
  const solid = spans.filter((s) => s.endOffset > s.startOffset);
  const tokens = withTokens ? tokenize(doc.text, { starts: solid.map((s) => s.startOffset), ends: solid.map((s) => s.endOffset) }) : undefined;

  const place = (s: Span): Record<string, unknown> => {
    const out: Record<string, unknown> = { start: s.startOffset, end: s.endOffset };
    const range = tokens ? tokenRange(tokens, s.startOffset, s.endOffset) : null;
    if (range) {
      out.token_start = range.first;
      out.token_end = range.last;
    }
    out.label = s.label;
    out.id = s.id;
    return out;
  };
  const record: Record<string, unknown> = { text: doc.text };
  if (tokens) record.tokens = tokens.map((t) => ({ text: t.text, start: t.start, end: t.end, id: t.id, ws: t.ws }));
  const placed = new Map<string, Record<string, unknown>>();
  record.spans = spans.map((s) => {
    const out = place(s);
    placed.set(s.id, out);
    return s.attributes && Object.keys(s.attributes).length > 0 ? { ...out, attributes: stableAttributes(s.attributes) } : out;
  });
  if (doc.relations.length > 0) {
    record.relations = [...doc.relations].sort(compareRelations).map((r) => {
      const head = placed.get(r.from);
      const child = placed.get(r.to);
      const out: Record<string, unknown> = {};
      if (typeof head?.token_end === 'number' && typeof child?.token_end === 'number') {
        out.head = head.token_end;
        out.child = child.token_end;
      }
      out.head_span = head ?? { id: r.from };
      out.child_span = child ?? { id: r.to };
      out.label = r.type;
      out.id = r.id;
      return out;
    });
  }
  record.meta = {
    id: doc.id,
    ...(doc.title !== null ? { title: doc.title } : {}),
    ...(doc.source !== null ? { source: doc.source } : {}),
    annotator: doc.annotator,
  };
  // Prodigy stores a task with its answer, and trains only on accepted ones: an annotated layer is accepted.
  record.answer = 'accept';
  return jsonLine(record);
}

interface RawSpan {
  where: string;
  value: Record<string, unknown>;
}

/**
 * Reads spaCy/Prodigy JSONL: every document, or (on any problem, anywhere) none and every
 * problem with its line.
 */
export function parseSpacyJsonl(text: string, options: JsonlImportOptions): ImportResult {
  const problems = new Problems(options.file);
  const labels = labelsOf(options.schema);
  const documents: InterchangeDocument[] = [];
  const seenDocs = new Map<string, number>();
  for (const { line, value } of readJsonLines(text, problems, options.firstLine)) {
    const problem = (message: string) => problems.add(line, message);
    if (value.answer === 'reject' || value.answer === 'ignore') {
      options.onSkip?.(line, value.answer);
      continue;
    }
    if (typeof value.text !== 'string') {
      problem(value.text === undefined ? 'no "text"' : `"text" is ${describeJson(value.text)}, not text`);
      continue;
    }
    const before = problems.count;
    const meta = isObject(value.meta) ? value.meta : {};
    if (value.meta !== undefined && !isObject(value.meta)) problem(`"meta" is ${describeJson(value.meta)}, not an object`);
    const id = typeof meta.id === 'string' && meta.id !== '' ? meta.id : typeof meta.id === 'number' ? String(meta.id) : `line-${line}`;
    const earlier = seenDocs.get(id);
    if (earlier !== undefined) problem(`document id "${id}" is already used on line ${earlier}`);
    else seenDocs.set(id, line);
    for (const key of ['title', 'source', 'annotator'] as const) {
      if (meta[key] !== undefined && meta[key] !== null && typeof meta[key] !== 'string') problem(`meta.${key} is ${describeJson(meta[key])}, not text`);
    }

    const originalIndex = new CodePointIndex(value.text);
    const normalized = normalizeImported(value.text);
    checkTokens(value.tokens, originalIndex, problem);

    // Every span, from each place the layouts put them.
    const raw: RawSpan[] = [];
    const collect = (list: unknown, path: string) => {
      if (list === undefined || list === null) return;
      if (!Array.isArray(list)) return problem(`"${path}" is ${describeJson(list)}, not a list`);
      list.forEach((s, i) => (isObject(s) ? raw.push({ where: `${path}[${i}]`, value: s }) : problem(`${path}[${i}] is ${describeJson(s)}, not a span object`)));
    };
    if (isObject(value.spans)) for (const key of Object.keys(value.spans)) collect(value.spans[key], `spans.${key}`);
    else collect(value.spans, 'spans');
    collect(value.ents, 'ents');

    const given = new Set<string>();
    for (const { where, value: s } of raw) {
      if (s.id === undefined) continue;
      if (typeof s.id !== 'string' || !SPAN_ID.test(s.id)) problem(`${where}: id ${JSON.stringify(s.id)} must be 1–64 letters, digits, "-" or "_"`);
      else if (given.has(s.id)) problem(`${where}: span id "${s.id}" is used twice`);
      else given.add(s.id);
    }
    const nextId = idMaker('s', new Set(given));
    const spans: Span[] = [];
    const places: Array<{ span: Span; start: unknown; end: unknown; label: unknown }> = [];
    for (const { where, value: s } of raw) {
      const offsets = offsetProblem(s.start, s.end, originalIndex.length, 'code points');
      if (offsets) {
        problem(`${where}: ${offsets}`);
        continue;
      }
      const labelIssue = labelProblem(s.label, labels);
      if (labelIssue) {
        problem(`${where}: ${labelIssue}`);
        continue;
      }
      const label = s.label as string;
      let attributes: Attributes | undefined;
      if (s.attributes !== undefined) {
        const parsed = attributesSchema.safeParse(s.attributes);
        if (!parsed.success) {
          for (const m of describeIssues(parsed.error.issues)) problem(`${where}.attributes: ${m}`);
          continue;
        }
        attributes = parsed.data;
        const def = labels?.get(label);
        if (def) for (const p of attributeProblems({ attributes }, def)) problem(`${where}: ${p}`);
      }
      const spanId = typeof s.id === 'string' && SPAN_ID.test(s.id) ? s.id : nextId();
      const span = makeSpan(normalized.index, spanId, label, normalized.map(s.start as number), normalized.map(s.end as number), attributes);
      spans.push(span);
      places.push({ span, start: s.start, end: s.end, label });
    }

    const relations: Relation[] = [];
    if (value.relations !== undefined && value.relations !== null) {
      if (!Array.isArray(value.relations)) problem(`"relations" is ${describeJson(value.relations)}, not a list`);
      else {
        const byId = new Map(spans.map((s) => [s.id, s]));
        const givenRelationIds = value.relations.flatMap((r: unknown) => (isObject(r) && typeof r.id === 'string' ? [r.id] : []));
        const nextRelation = idMaker('r', new Set(givenRelationIds));
        const usedRelationIds = new Set<string>();
        value.relations.forEach((r: unknown, i: number) => {
          const where = `relations[${i}]`;
          if (!isObject(r)) return problem(`${where} is ${describeJson(r)}, not a relation object`);
          if (typeof r.label !== 'string' || r.label === '') return problem(`${where}: label is ${r.label === undefined ? 'missing' : describeJson(r.label)}`);
          const from = endpoint(r.head_span, byId, places);
          if (typeof from === 'string') return problem(`${where}: head_span ${from}`);
          const to = endpoint(r.child_span, byId, places);
          if (typeof to === 'string') return problem(`${where}: child_span ${to}`);
          if (from.id === to.id) return problem(`${where}: a relation joins two different spans`);
          let relationId: string;
          if (r.id !== undefined) {
            if (typeof r.id !== 'string' || !SPAN_ID.test(r.id)) return problem(`${where}: id ${JSON.stringify(r.id)} must be 1–64 letters, digits, "-" or "_"`);
            if (usedRelationIds.has(r.id)) return problem(`${where}: relation id "${r.id}" is used twice`);
            relationId = r.id;
          } else relationId = nextRelation();
          usedRelationIds.add(relationId);
          const relation = { id: relationId, type: r.label, from: from.id, to: to.id };
          if (options.schema) {
            const p = relationProblem(relation, from, to, options.schema);
            if (p) return problem(`${where}: ${p}`);
          }
          relations.push(relation);
        });
      }
    }
    if (problems.count > before) continue;
    documents.push({
      id,
      text: normalized.text,
      title: typeof meta.title === 'string' ? meta.title : null,
      source: typeof meta.source === 'string' ? meta.source : null,
      annotator: layerFor(options.annotator, meta.annotator),
      spans: spans.sort(compareSpans),
      relations: relations.sort(compareRelations),
    });
  }
  return problems.count > 0 ? { ok: false, problems: problems.list } : { ok: true, documents };
}

/** The span a relation's head_span/child_span names: by id, else by start, end and label (the first such span). */
function endpoint(
  ref: unknown,
  byId: ReadonlyMap<string, Span>,
  places: ReadonlyArray<{ span: Span; start: unknown; end: unknown; label: unknown }>,
): Span | string {
  if (!isObject(ref)) return ref === undefined ? 'is missing' : `is ${describeJson(ref)}, not a span`;
  if (typeof ref.id === 'string' && byId.has(ref.id)) return byId.get(ref.id) as Span;
  const match = places.find((p) => p.start === ref.start && p.end === ref.end && p.label === ref.label);
  if (match) return match.span;
  return typeof ref.id === 'string'
    ? `names span "${ref.id}", which is not on this line`
    : `(${String(ref.start)}–${String(ref.end)} ${JSON.stringify(ref.label)}) is none of this line's spans`;
}

/** Problems with a line's tokens, if it has any: each inside the text, its text what its offsets select. */
function checkTokens(tokens: unknown, index: CodePointIndex, problem: (message: string) => void): void {
  if (tokens === undefined || tokens === null) return;
  if (!Array.isArray(tokens)) return problem(`"tokens" is ${describeJson(tokens)}, not a list`);
  let reported = 0;
  tokens.forEach((t: unknown, i: number) => {
    if (reported >= 5) return;
    const where = `tokens[${i}]`;
    let message: string | null = null;
    if (!isObject(t)) message = `${where} is ${describeJson(t)}, not a token object`;
    else {
      const offsets = offsetProblem(t.start, t.end, index.length, 'code points');
      if (offsets) message = `${where}: ${offsets}`;
      else if (typeof t.text === 'string') {
        const actual = index.slice(t.start as number, t.end as number);
        if (actual !== t.text) message = `${where}: its text ${JSON.stringify(t.text)} is not what offsets ${String(t.start)}–${String(t.end)} select (${JSON.stringify(actual)}); are the offsets code points?`;
      }
    }
    if (message) {
      problem(message);
      if (++reported === 5) problem('(further token problems on this line are not listed)');
    }
  });
}

