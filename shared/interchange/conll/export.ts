/**
 * CoNLL-2003-style IOB2 export: one token per line, the token then ONE TAG COLUMN PER LABEL,
 * tab-separated, so that spans of different labels can nest and overlap (an actor inside a
 * claim keeps both: `Hezbollah	I-claim	O	O	B-actor`). Blank lines end sentences; each
 * document begins with a `-DOCSTART-` line (all tags O) and a blank line, as CoNLL-2003 did
 * and as NLTK's ConllCorpusReader and spaCy's converters expect:
 *
 *     -DOCSTART-	O	O	O	O
 *
 *     Kataib	B-claim	O	O	B-actor
 *     Hezbollah	I-claim	O	O	I-actor
 *     claimed	I-claim	O	O	O
 *
 * Column order: the token, then the schema's labels in schema order (or `labels`, in the order
 * given): conllColumns(). By default the file has no comment lines, because CoNLL readers take
 * every non-blank line for a token; `header: true` adds `# columns: token claim denial …` at the
 * top and `# document: <id>` and `# annotator: <layer>` before each document, which Standoff's
 * importer reads (the annotator line is informative: import goes into the layer it is told).
 *
 * What IOB2 cannot hold is changed or dropped, and every case is in the report:
 * - span edges inside a token are moved out to the whole token, and whitespace at a span's
 *   edges is left out (a span is snapped to the tokens it touches): `adjusted`;
 * - a span that touches no token (zero-width, only whitespace) cannot be written: `dropped`;
 * - spans of the SAME label that share a token cannot both be in one column: the longest (in
 *   tokens, then in code points; then the earlier, then the smaller id) is kept, the others are
 *   `dropped` with the id of the span they lost to;
 * - spans whose label is not a column are `dropped`;
 * - attributes and relations have no place in IOB2: counted in `notCarried`.
 * See tokenize.ts for tokens and sentence breaks.
 */
import { compareSpans, type Span } from '../../model/span';
import type { LabelSchema } from '../../model/labels';
import { CodePointIndex } from '../../text/codePoints';
import type { InterchangeDocument } from '../model';
import { sentenceStarts, tokenize, type SentenceMode, type Token } from './tokenize';

export const DOCSTART = '-DOCSTART-';

export interface ConllExportOptions {
  schema: LabelSchema;
  /** The label columns, in order; the schema's labels by default. */
  labels?: readonly string[];
  /** Sentence breaks at line breaks only, or also where Intl.Segmenter ends a sentence (default). */
  sentences?: SentenceMode;
  /** Write `# columns:` and `# document:` comment lines (not every CoNLL reader skips them). */
  header?: boolean;
  /**
   * The two-column variant, for the standard NER readers (spaCy's `spacy convert -c ner`,
   * NLTK): the token and ONE tag column holding every label asked for (one label family: ask
   * for the labels that never overlap), where overlapping spans keep the longest; each document
   * begins with CoNLL-2003's `-DOCSTART- -X- O O`, the line spaCy splits documents at.
   */
  twoColumn?: boolean;
}

/**
 * A label as a tag's type: its id with every "-" made "_", because NLTK's chunk reader splits
 * a tag at "-" into exactly two parts (`B-casualty-figure` makes it fail). Other characters are
 * kept (label ids hold no whitespace).
 */
export function conllTagName(label: string): string {
  return label.replace(/-/g, '_');
}

/** The one tag column of the two-column variant. */
export const NER_COLUMN = 'ner';
/** CoNLL-2003's document line, as spaCy's converter looks for it. */
export const DOCSTART_2003 = '-DOCSTART- -X- O O';

export interface ConllSpanNote {
  document: string;
  span: string;
  label: string;
  start: number;
  end: number;
}

export interface ConllAdjusted extends ConllSpanNote {
  /** The extent written: whole tokens. */
  newStart: number;
  newEnd: number;
}

export interface ConllDropped extends ConllSpanNote {
  reason: 'overlap' | 'no-token' | 'label' | 'outside';
  /** For 'overlap': the span of the same label that was kept. */
  keptSpan?: string;
  message: string;
}

export interface ConllReport {
  columns: string[];
  documents: number;
  sentences: number;
  tokens: number;
  /** Spans written, after adjustment. */
  written: number;
  adjusted: ConllAdjusted[];
  dropped: ConllDropped[];
  /** What IOB2 has no place for. */
  notCarried: { attributes: number; relations: number };
}

/** The column names: "token", then one per label. */
export function conllColumns(options: Pick<ConllExportOptions, 'schema' | 'labels' | 'twoColumn'>): string[] {
  return options.twoColumn ? ['token', NER_COLUMN] : ['token', ...conllLabels(options)];
}

/** The labels written, in column order (the two-column variant: in its one column). */
export function conllLabels(options: Pick<ConllExportOptions, 'schema' | 'labels'>): string[] {
  return [...(options.labels ?? options.schema.labels.map((l) => l.id))];
}

export function emptyConllReport(options: Pick<ConllExportOptions, 'schema' | 'labels' | 'twoColumn'>): ConllReport {
  return { columns: conllColumns(options), documents: 0, sentences: 0, tokens: 0, written: 0, adjusted: [], dropped: [], notCarried: { attributes: 0, relations: 0 } };
}

/** The `# columns:` line, when `header` is asked for; write it once at the top of the file. */
export function conllHeader(options: Pick<ConllExportOptions, 'schema' | 'labels' | 'twoColumn'>): string {
  return `# columns: ${conllColumns(options).join(' ')}\n`;
}

/** One document's lines (ending with a blank line); adds what it changed or dropped to `report`. */
export function exportConllDocument(doc: InterchangeDocument, options: ConllExportOptions, report: ConllReport = emptyConllReport(options)): string {
  const labels = conllColumns(options).slice(1);
  const two = options.twoColumn === true;
  // The two-column variant: every label in column 0.
  const column = new Map(two ? conllLabels(options).map((l) => [l, 0]) : labels.map((l, i) => [l, i]));
  const index = new CodePointIndex(doc.text);
  const tokens = tokenize(doc.text, index);
  const starts = sentenceStarts(doc.text, tokens, options.sentences ?? 'segmenter', index);
  const note = (s: Span): ConllSpanNote => ({ document: doc.id, span: s.id, label: s.label, start: s.startOffset, end: s.endOffset });

  // Snap each span to the tokens it touches.
  interface Placed {
    span: Span;
    first: number;
    last: number;
  }
  const byLabel: Placed[][] = labels.map(() => []);
  for (const span of [...doc.spans].sort(compareSpans)) {
    if (span.attributes) report.notCarried.attributes += Object.keys(span.attributes).length;
    const col = column.get(span.label);
    if (col === undefined) {
      report.dropped.push({ ...note(span), reason: 'label', message: `label "${span.label}" is not a column of this export` });
      continue;
    }
    const { startOffset: s, endOffset: e } = span;
    if (!(Number.isInteger(s) && Number.isInteger(e) && s >= 0 && s <= e && e <= index.length)) {
      report.dropped.push({ ...note(span), reason: 'outside', message: `offsets ${s}–${e} are outside the text (${index.length} code points)` });
      continue;
    }
    const first = firstTokenEndingAfter(tokens, s);
    const last = lastTokenStartingBefore(tokens, e);
    if (s === e || first > last) {
      report.dropped.push({ ...note(span), reason: 'no-token', message: s === e ? 'a zero-width span covers no token' : 'the span covers only whitespace: no token' });
      continue;
    }
    (byLabel[col] as Placed[]).push({ span, first, last });
  }

  // Per label: the longest first, the rest where they still fit.
  const tags: string[][] = tokens.map(() => labels.map(() => 'O'));
  labels.forEach((label, col) => {
    const owner = new Int32Array(tokens.length).fill(-1);
    const placed = (byLabel[col] as Placed[]).sort(
      (a, b) =>
        b.last - b.first - (a.last - a.first) ||
        b.span.endOffset - b.span.startOffset - (a.span.endOffset - a.span.startOffset) ||
        a.span.startOffset - b.span.startOffset ||
        (a.span.id < b.span.id ? -1 : a.span.id > b.span.id ? 1 : 0),
    );
    placed.forEach((p, k) => {
      for (let t = p.first; t <= p.last; t++) {
        const o = owner[t] as number;
        if (o >= 0) {
          const kept = (placed[o] as Placed).span;
          report.dropped.push({
            ...note(p.span),
            reason: 'overlap',
            keptSpan: kept.id,
            message: two
              ? `shares tokens with the longer ${kept.label} span ${kept.id} (${kept.startOffset}–${kept.endOffset}): the one tag column holds one span per token`
              : `shares tokens with the longer ${label} span ${kept.id} (${kept.startOffset}–${kept.endOffset}): one column holds one ${label} per token`,
          });
          return;
        }
      }
      for (let t = p.first; t <= p.last; t++) {
        owner[t] = k;
        (tags[t] as string[])[col] = `${t === p.first ? 'B' : 'I'}-${conllTagName(p.span.label)}`;
        if (t > p.first) starts[t] = false; // never a sentence break inside a span
      }
      report.written++;
      const newStart = (tokens[p.first] as Token).start;
      const newEnd = (tokens[p.last] as Token).end;
      if (newStart !== p.span.startOffset || newEnd !== p.span.endOffset) report.adjusted.push({ ...note(p.span), newStart, newEnd });
    });
  });
  report.notCarried.relations += doc.relations.length;

  const out: string[] = [];
  if (options.header) out.push(`# document: ${doc.id.replace(/\s+/g, ' ')}\n# annotator: ${doc.annotator.replace(/\s+/g, ' ')}\n`);
  // The text's own "-DOCSTART-" can never be mistaken for this marker: the tokenizer splits it
  // into "-", "DOCSTART", "-" (UAX #29 does not join a hyphen-minus to letters).
  out.push(two ? `${DOCSTART_2003}\n\n` : `${DOCSTART}${'\tO'.repeat(labels.length)}\n\n`);
  tokens.forEach((t, i) => {
    if (starts[i] && i > 0) {
      out.push('\n');
      report.sentences++;
    }
    out.push(`${t.text}\t${(tags[i] as string[]).join('\t')}\n`);
  });
  if (tokens.length) {
    out.push('\n');
    report.sentences++;
  }
  report.documents++;
  report.tokens += tokens.length;
  return out.join('');
}

/** A whole corpus as one file. For a large corpus, write conllHeader and exportConllDocument per document. */
export function exportConll(docs: Iterable<InterchangeDocument>, options: ConllExportOptions): { text: string; report: ConllReport } {
  const report = emptyConllReport(options);
  const parts: string[] = options.header ? [conllHeader(options)] : [];
  for (const doc of docs) parts.push(exportConllDocument(doc, options, report));
  return { text: parts.join(''), report };
}

/** Index of the first token whose end is after `offset`. */
function firstTokenEndingAfter(tokens: readonly Token[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((tokens[mid] as Token).end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the last token whose start is before `offset` (-1 if none). */
function lastTokenStartingBefore(tokens: readonly Token[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((tokens[mid] as Token).start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
