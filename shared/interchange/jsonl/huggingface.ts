/**
 * Hugging Face token classification JSONL (export only): what `datasets.load_dataset("json", …)`
 * reads and a token-classification model trains on.
 *
 * ```json
 * {"id":"doc-1","tokens":["Hashd","al","-","Shaabi","claimed","…"],"ner_tags":[7,8,8,8,1,…]}
 * ```
 * (with `annotator: true`, `"annotator"` after the id, for a file of several annotators' layers)
 * with the label list returned separately (for the dataset card, a labels.json, or the
 * ClassLabel feature): index i of the list is tag i.
 * ```json
 * ["O","B-claim","I-claim","B-denial","I-denial","B-casualty-figure","I-casualty-figure","B-actor","I-actor"]
 * ```
 *
 * - Tags are IOB2 (BIO): the first token of a span is B-label, the others I-label, every other
 *   token O. The list is "O", then B- and I- for each label in the order asked for (the
 *   schema's order by default), so the same schema gives the same integers.
 * - Tokens are those of ./tokens.ts without the whitespace tokens (token classification
 *   datasets have none), cut at the edges of the spans written, so every span written is
 *   exactly a run of tokens. Whitespace at a span's edge is in no token: such a span is
 *   written without it and reported in `trimmed` (its tags give the span minus that
 *   whitespace).
 *
 * OVERLAP POLICY. One tag column cannot hold nested or overlapping spans (an actor inside a
 * claim), so, never silently:
 * 1. Choose the labels of a file (`labels` of huggingFaceLabelList). Spans of other labels are
 *    not written and only counted (`notSelected`). For nesting across labels, write one file
 *    per label family: `schema.labels.map((l) => huggingFaceLabelList(schema, [l.id]))`.
 * 2. Among the spans that remain, where spans overlap the longest is kept (measured without
 *    edge whitespace; at equal length the one that starts first, then document order), so
 *    the outermost of nested spans wins. Every span left out is in `dropped` with the span it
 *    lost to; so are spans with no token at all (zero-width, or only whitespace). Put the
 *    dropped spans in the dataset card.
 * Attributes and relations have no place in this format and are not written.
 */
import type { LabelSchema } from '../../model/labels';
import { compareSpans, type Span } from '../../model/span';
import { CodePointIndex } from '../../text/codePoints';
import type { InterchangeDocument } from '../model';
import { jsonLine } from './lines';
import { sentenceStarts } from '../conll/tokenize';
import { tokenize, tokenRange, type Token } from './tokens';

/** "O", then "B-<label>" and "I-<label>" for each label: index i is tag i. */
export function huggingFaceLabelList(schema: LabelSchema, labels?: readonly string[]): string[] {
  const ids = labels ?? schema.labels.map((l) => l.id);
  for (const id of ids) if (!schema.labels.some((l) => l.id === id)) throw new RangeError(`no label "${id}" in the schema`);
  if (new Set(ids).size !== ids.length) throw new RangeError('a label is listed twice');
  return ['O', ...ids.flatMap((id) => [`B-${id}`, `I-${id}`])];
}

/** A span left out of the tags, or written without its edge whitespace. */
export interface HuggingFaceSpanNote {
  document: string;
  spanId: string;
  label: string;
  startOffset: number;
  endOffset: number;
  text: string;
  reason: 'overlap' | 'no-tokens' | 'whitespace-trimmed';
  /** In words, for the dataset card. */
  detail: string;
}

export interface HuggingFaceRecord {
  /** The JSONL line, newline included. */
  line: string;
  /** The tokens written, with their code-point offsets into the document text. */
  tokens: Array<Pick<Token, 'text' | 'start' | 'end'>>;
  /** One tag per token: an index into the label list. */
  nerTags: number[];
  /** The spans the tags express (with the offsets they cover: edge whitespace trimmed), in document order. */
  kept: Span[];
  /** Spans not written: overlapping a longer one, or with no token. */
  dropped: HuggingFaceSpanNote[];
  /** Spans written without whitespace at their edges (it is in no token). */
  trimmed: HuggingFaceSpanNote[];
  /** Spans of labels not in the label list: not written, by choice (see the overlap policy). */
  notSelected: number;
}

const SPACE = /\s/u;

export interface HuggingFaceOptions {
  /** Write the layer's annotator after the id (`"annotator": "layla"`), for a file with several annotators' layers. */
  annotator?: boolean;
}

/** One document as one line of Hugging Face token classification JSONL, with what was kept and left out. */
export function huggingFaceRecord(doc: InterchangeDocument, labelList: readonly string[], options: HuggingFaceOptions = {}): HuggingFaceRecord {
  const index = new CodePointIndex(doc.text);
  const tagOf = new Map(labelList.map((name, i) => [name, i]));
  const note = (s: Span, reason: HuggingFaceSpanNote['reason'], detail: string): HuggingFaceSpanNote => ({
    document: doc.id,
    spanId: s.id,
    label: s.label,
    startOffset: s.startOffset,
    endOffset: s.endOffset,
    text: index.slice(s.startOffset, s.endOffset),
    reason,
    detail,
  });

  const dropped: HuggingFaceSpanNote[] = [];
  const trimmed: HuggingFaceSpanNote[] = [];
  let notSelected = 0;
  const candidates: Array<{ span: Span; start: number; end: number; i: number }> = [];
  for (const span of [...doc.spans].sort(compareSpans)) {
    if (!tagOf.has(`B-${span.label}`)) {
      notSelected++;
      continue;
    }
    const { start, end } = trim(doc.text, index, span.startOffset, span.endOffset);
    if (start === end) {
      dropped.push(note(span, 'no-tokens', span.startOffset === span.endOffset ? 'zero-width: covers no token' : 'only whitespace: covers no token'));
      continue;
    }
    candidates.push({ span, start, end, i: candidates.length });
  }

  // Longest first, then earliest, then document order; keep what overlaps nothing kept.
  const order = [...candidates].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start || a.i - b.i);
  const kept: typeof order = [];
  for (const c of order) {
    const winner = kept.find((k) => k.start < c.end && c.start < k.end);
    if (winner) {
      // At most 40 code points of the winner's text (41 read, to know whether there are more).
      const head = index.slice(winner.span.startOffset, Math.min(winner.span.endOffset, winner.span.startOffset + 41));
      const cps = Array.from(head);
      const quote = JSON.stringify(cps.length > 40 ? `${cps.slice(0, 40).join('')}…` : head);
      dropped.push(note(c.span, 'overlap', `overlaps ${winner.span.label} ${quote} (span ${winner.span.id}, kept: ${winner.end - winner.start === c.end - c.start ? 'as long, and first' : 'longer'})`));
      continue;
    }
    kept.push(c);
  }
  kept.sort((a, b) => a.i - b.i);

  const tokens = tokenize(doc.text, { starts: kept.map((k) => k.start), ends: kept.map((k) => k.end) }).filter((t) => !t.space);
  const nerTags: number[] = new Array<number>(tokens.length).fill(0);
  const keptSpans: Span[] = [];
  for (const { span, start, end } of kept) {
    const range = tokenRange(tokens, start, end) as { first: number; last: number };
    nerTags[range.first] = tagOf.get(`B-${span.label}`) as number;
    for (let t = range.first + 1; t <= range.last; t++) nerTags[t] = tagOf.get(`I-${span.label}`) as number;
    if (start !== span.startOffset || end !== span.endOffset) {
      trimmed.push(note(span, 'whitespace-trimmed', `written as ${start}–${end}: whitespace at its edge is in no token`));
    }
    keptSpans.push({ ...span, startOffset: start, endOffset: end, quote: { ...span.quote, exact: index.slice(start, end) } });
  }
  dropped.sort((a, b) => compareSpans({ id: a.spanId, label: a.label, startOffset: a.startOffset, endOffset: a.endOffset }, { id: b.spanId, label: b.label, startOffset: b.startOffset, endOffset: b.endOffset }));

  return {
    line: jsonLine({ id: doc.id, ...(options.annotator ? { annotator: doc.annotator } : {}), tokens: tokens.map((t) => t.text), ner_tags: nerTags }),
    tokens, // the tokenizer's own objects: they have text, start and end (and more)
    nerTags,
    kept: keptSpans,
    dropped,
    trimmed,
    notSelected,
  };
}

/** [start, end) without whitespace at either edge, in code points (all-whitespace collapses to its start). */
function trim(text: string, index: CodePointIndex, start: number, end: number): { start: number; end: number } {
  let from = index.toUtf16(start);
  let to = index.toUtf16(end);
  while (from < to && SPACE.test(text[from] as string)) from++;
  while (to > from && SPACE.test(text[to - 1] as string)) to--;
  if (from === to) return { start, end: start };
  // Whitespace is never astral, so only the characters stepped over move the offsets.
  return { start: start + (from - index.toUtf16(start)), end: end - (index.toUtf16(end) - to) };
}

/**
 * The spans an IOB2 tag sequence encodes, as inclusive token ranges (for checks and for
 * readers of the export). An I- tag that does not continue a span of its label starts one, as
 * seqeval's lenient mode reads it.
 */
export function spansFromTags(tags: readonly number[], labelList: readonly string[]): Array<{ label: string; first: number; last: number }> {
  const out: Array<{ label: string; first: number; last: number }> = [];
  let open: { label: string; first: number; last: number } | null = null;
  tags.forEach((tag, i) => {
    const name = labelList[tag] ?? 'O';
    const kind = name.slice(0, 2);
    const label = name.slice(2);
    if (kind === 'I-' && open && open.label === label && open.last === i - 1) {
      open.last = i;
      return;
    }
    if (kind === 'B-' || kind === 'I-') {
      open = { label, first: i, last: i };
      out.push(open);
    } else open = null;
  });
  return out;
}

/** Windows of at most this many tokens, unless told otherwise: a 512-subword model holds 256 words with room to spare. */
export const DEFAULT_WINDOW_TOKENS = 256;

export interface HuggingFaceWindowOptions extends HuggingFaceOptions {
  /** At most this many tokens per record (default DEFAULT_WINDOW_TOKENS). */
  maxTokens?: number;
}

/** A span cut by a window edge: it is longer than a window, so each window has a piece of it. */
export interface HuggingFaceSplit {
  spanId: string;
  /** The windows its pieces are in. */
  windows: number[];
  detail: string;
}

export interface HuggingFaceWindows extends Omit<HuggingFaceRecord, 'line'> {
  /** One JSONL line per window, in order, newline included. */
  lines: string[];
  /** Per window: its first token and how many it has. */
  windows: Array<{ first: number; count: number }>;
  /** Spans longer than a window, cut at a window edge (each piece is B- then I-). */
  split: HuggingFaceSplit[];
}

/**
 * One document as records of at most `maxTokens` tokens each, cut between sentences (ICU's
 * sentence ends and line breaks, never inside a span written); a sentence longer than a window
 * is cut between tokens, before a span rather than inside it; only a span longer than a window
 * is cut, and it is listed in `split`. Each record is
 *
 * ```json
 * {"id":"doc-1:0","document":"doc-1","window":0,"tokens":["Saraya",…],"ner_tags":[1,…],"leading":"","whitespace":[" ",…]}
 * ```
 *
 * `whitespace[i]` is what follows token i up to the next token (or the end of the text), and
 * `leading` what comes before the first token (only the first window has any), so the text is
 * rebuilt exactly: over the windows in order, `leading + "".join(t + w for t, w in zip(tokens, whitespace))`.
 */
export function huggingFaceWindows(doc: InterchangeDocument, labelList: readonly string[], options: HuggingFaceWindowOptions = {}): HuggingFaceWindows {
  const max = options.maxTokens ?? DEFAULT_WINDOW_TOKENS;
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`a window holds at least one token, not ${max}`);
  const { line: _whole, ...record } = huggingFaceRecord(doc, labelList, options);
  const { tokens } = record;
  const tags = [...record.nerTags];
  const index = new CodePointIndex(doc.text);
  const n = tokens.length;
  // A token inside a span (an I- tag) continues it: no window may begin there unless it must.
  const inside = (i: number) => i > 0 && i < n && (labelList[tags[i] as number] ?? 'O').startsWith('I-');
  const starts = sentenceStarts(doc.text, tokens, 'segmenter', index);
  const sentenceBegins: number[] = [];
  for (let i = 0; i < n; i++) if (i === 0 || (starts[i] && !inside(i))) sentenceBegins.push(i);
  sentenceBegins.push(n);

  const windows: Array<{ first: number; count: number }> = [];
  const split: HuggingFaceSplit[] = [];
  let first = 0;
  let s = 0;
  while (first < n) {
    // As many whole sentences as fit.
    while (s + 1 < sentenceBegins.length && (sentenceBegins[s + 1] as number) <= first) s++;
    let end = first;
    let t = s + 1;
    while (t < sentenceBegins.length && (sentenceBegins[t] as number) - first <= max) end = sentenceBegins[t++] as number;
    if (end === first) {
      // A sentence longer than a window: cut between tokens, before a span rather than inside it.
      end = first + max;
      while (end > first && inside(end)) end--;
      if (end === first) {
        end = first + max; // a span longer than a window: cut it
        let b = end;
        while (b > 0 && inside(b)) b--;
        const span = record.kept.find((k) => k.startOffset === (tokens[b] as Token).start);
        split.push({ spanId: span?.id ?? '', windows: [windows.length, windows.length + 1], detail: `longer than a window of ${max} tokens: cut after token ${end - b} of it, the rest begins window ${windows.length + 1} with B-` });
        const label = (labelList[tags[end] as number] as string).slice(2);
        tags[end] = labelList.indexOf(`B-${label}`);
      }
    }
    windows.push({ first, count: end - first });
    first = end;
  }
  if (n === 0) windows.push({ first: 0, count: 0 });

  const lines = windows.map((w, k) => {
    const slice = tokens.slice(w.first, w.first + w.count);
    const next = w.first + w.count < n ? (tokens[w.first + w.count] as Token).start : index.length;
    const whitespace = slice.map((tok, i) => index.slice(tok.end, i + 1 < slice.length ? (slice[i + 1] as Token).start : next));
    const leading = k === 0 ? index.slice(0, n ? (tokens[0] as Token).start : index.length) : '';
    return jsonLine({
      id: `${doc.id}:${k}`,
      document: doc.id,
      ...(options.annotator ? { annotator: doc.annotator } : {}),
      window: k,
      tokens: slice.map((tok) => tok.text),
      ner_tags: tags.slice(w.first, w.first + w.count),
      leading,
      whitespace,
    });
  });
  return { ...record, nerTags: tags, lines, windows, split };
}
