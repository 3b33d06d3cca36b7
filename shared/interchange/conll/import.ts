/**
 * CoNLL IOB2 import: spans rebuilt from the tag columns, with code-point offsets.
 *
 * The columns are named by a `# columns: token …` line when the file has one, else by the
 * `columns` option, else they are the schema's labels in schema order (conllColumns). Other
 * lines that begin with "# " and hold no tab are comments (`# annotator: …`). Fields
 * are split at tabs (or, in a line without tabs, at runs of spaces). Each label column holds
 * `O`, `B-<label>` or `I-<label>`; an `I-` that follows no span of its label in the sentence
 * begins one (as conlleval reads IOB1), with a warning.
 *
 * Offsets need the text: with `documents` (the texts the file was made from, in file order or
 * named by `# document:` lines) each token is found in its text, only whitespace being
 * skipped between tokens; a token that is not there is a problem with its line. Without them
 * the text is rebuilt: tokens joined by one space, sentences by a line break.
 *
 * Documents are separated by `-DOCSTART-` lines (a -DOCSTART- row that begins a block); a file
 * without any is one document. Span ids are s1, s2, … in document order. On any problem,
 * nothing is imported.
 */
import { quoteOf } from '../../model/quote';
import type { LabelSchema } from '../../model/labels';
import { compareSpans, type Span } from '../../model/span';
import { CodePointIndex } from '../../text/codePoints';
import { normalizeText } from '../../text/normalize';
import type { ImportProblem, ImportResult, InterchangeDocument } from '../model';
import { conllTagName, DOCSTART } from './export';
import { SPACE } from './tokenize';

export interface ConllImportOptions {
  /** Name of the file in messages. */
  file: string;
  schema: LabelSchema;
  annotator: string;
  /** Column names when the file has no `# columns:` line: "token" then labels. */
  columns?: readonly string[];
  /** The texts the tokens come from, in file order (or matched by `# document:` id). */
  documents?: ReadonlyArray<{ id: string; text: string; title?: string | null; source?: string | null }>;
}

export type ConllImportResult = ImportResult & { warnings: ImportProblem[] };

interface Row {
  line: number;
  token: string;
  tags: string[];
}

interface DocRows {
  id: string | null;
  line: number;
  sentences: Row[][];
}

export function importConll(content: string, options: ConllImportOptions): ConllImportResult {
  const file = options.file;
  const problems: ImportProblem[] = [];
  const warnings: ImportProblem[] = [];
  const problem = (line: number, message: string) => problems.push({ file, line, message });
  const lines = content.replace(/^\uFEFF/, '').split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));

  let columns: string[] | null = options.columns ? [...options.columns] : null;
  const docs: DocRows[] = [];
  let doc: DocRows | null = null;
  let sentence: Row[] = [];
  let pendingId: string | null = null;
  /** At the first row of a block: where a -DOCSTART- row is a document marker. */
  let blockStart = true;
  const endSentence = () => {
    if (sentence.length) {
      if (!doc) docs.push((doc = { id: pendingId, line: (sentence[0] as Row).line, sentences: [] }));
      doc.sentences.push(sentence);
    }
    sentence = [];
  };

  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') {
      blockStart = true;
      return endSentence();
    }
    const columnsLine = /^# columns:\s*(.*)$/.exec(raw);
    if (columnsLine) {
      if (docs.length || sentence.length) return problem(line, '"# columns:" must come before the first token');
      columns = (columnsLine[1] as string).trim().split(/\s+/);
      return;
    }
    const documentLine = /^# document:\s*(.*)$/.exec(raw);
    if (documentLine) {
      pendingId = (documentLine[1] as string).trim();
      return;
    }
    // Any other "# " line without a tab is a comment ("#\tO\t…" is the token "#").
    if (raw.startsWith('# ') && !raw.includes('\t')) return;
    const fields = raw.includes('\t') ? raw.split('\t') : raw.trim().split(/ +/);
    const expected = (columns ?? defaultColumns(options.schema)).length;
    const atBlockStart = blockStart;
    blockStart = false;
    if (fields[0] === DOCSTART && atBlockStart) {
      endSentence();
      docs.push((doc = { id: pendingId, line, sentences: [] }));
      pendingId = null;
      return;
    }
    if (fields.length !== expected) return problem(line, `${fields.length} fields where the columns are ${expected} (${(columns ?? defaultColumns(options.schema)).join(' ')})`);
    sentence.push({ line, token: fields[0] as string, tags: fields.slice(1) });
  });
  endSentence();

  const cols = columns ?? defaultColumns(options.schema);
  if (cols[0] !== 'token') problems.push({ file, message: `the first column must be "token", not "${cols[0]}"` });
  const labels = cols.slice(1);
  const known = new Set(options.schema.labels.map((l) => l.id));
  for (const l of labels) if (!known.has(l)) problems.push({ file, message: `column "${l}" is not a label of the schema (${[...known].join(', ')})` });
  if (new Set(labels).size !== labels.length) problems.push({ file, message: 'a label has two columns' });
  if (options.documents && options.documents.length !== docs.length && docs.every((d) => d.id === null)) {
    problems.push({ file, message: `the file has ${docs.length} document(s) and ${options.documents.length} text(s) were given` });
  }
  if (problems.length) return { ok: false, problems, warnings };

  const documents: InterchangeDocument[] = [];
  const ids = new Set<string>();
  docs.forEach((d, n) => {
    const given = options.documents ? (d.id !== null ? options.documents.find((x) => x.id === d.id) : options.documents[n]) : undefined;
    if (options.documents && !given) return problem(d.line, `no text was given for document "${d.id}"`);
    const id = given?.id ?? d.id ?? `doc-${n + 1}`;
    if (ids.has(id)) return problem(d.line, `a second document "${id}"`);
    ids.add(id);
    const text = given ? normalizeText(given.text) : d.sentences.map((s) => s.map((r) => r.token).join(' ')).join('\n');
    const offsets = align(text, d.sentences, problem);
    if (!offsets) return;
    const index = new CodePointIndex(text);
    const spans: Span[] = [];
    labels.forEach((label, col) => {
      for (const [si, s] of d.sentences.entries()) {
        let open: { start: number; end: number } | null = null;
        const close = () => {
          if (open) spans.push({ id: '', label, startOffset: open.start, endOffset: open.end, quote: quoteOf(index, open.start, open.end) });
          open = null;
        };
        s.forEach((row, ri) => {
          const tag = row.tags[col] as string;
          const [start, end] = (offsets[si] as Array<[number, number]>)[ri] as [number, number];
          if (tag === 'O') return close();
          const m = /^([BI])-(.+)$/.exec(tag);
          if (!m) return problem(row.line, `tag "${tag}" in column ${label} is not O, B-${label} or I-${label}`);
          // Our export writes a label's "-" as "_" (conllTagName): both spellings are its label.
          if (m[2] !== label && m[2] !== conllTagName(label)) return problem(row.line, `tag "${tag}" in column ${label}: that column holds only ${label}`);
          if (m[1] === 'I' && open) {
            (open as { start: number; end: number }).end = end;
            return;
          }
          if (m[1] === 'I') warnings.push({ file, line: row.line, message: `I-${label} follows no ${label} span: taken as its beginning` });
          close();
          open = { start, end };
        });
        close();
      }
    });
    spans.sort(compareSpans).forEach((s, k) => (s.id = `s${k + 1}`));
    documents.push({ id, text, title: given?.title ?? null, source: given?.source ?? null, annotator: options.annotator, spans, relations: [] });
  });
  return problems.length ? { ok: false, problems, warnings } : { ok: true, documents, warnings };
}

function defaultColumns(schema: LabelSchema): string[] {
  return ['token', ...schema.labels.map((l) => l.id)];
}

/** Code-point offsets of every token, found in order in the text with only whitespace between. */
function align(text: string, sentences: readonly Row[][], problem: (line: number, message: string) => void): Array<Array<[number, number]>> | null {
  const out: Array<Array<[number, number]>> = [];
  let u = 0;
  let cp = 0;
  const skipSpace = () => {
    while (u < text.length && SPACE.test(text[u] as string)) {
      u++;
      cp++;
    }
  };
  for (const s of sentences) {
    const row: Array<[number, number]> = [];
    for (const r of s) {
      skipSpace();
      if (!text.startsWith(r.token, u)) {
        const found = [...(/^\S*/u.exec(text.slice(u, u + 200))?.[0] ?? '')].slice(0, 40).join('');
        problem(r.line, `token "${r.token}" is not the next word of the text at code point ${cp} (the text has "${found}")`);
        return null;
      }
      const length = [...r.token].length;
      row.push([cp, cp + length]);
      u += r.token.length;
      cp += length;
    }
    out.push(row);
  }
  skipSpace();
  if (u < text.length) {
    const last = sentences[sentences.length - 1]?.[(sentences[sentences.length - 1] as Row[]).length - 1];
    problem(last?.line ?? 1, `the text goes on after the last token: "${[...text.slice(u, u + 40)].join('')}"`);
    return null;
  }
  return out;
}

// ---- the common CoNLL/IOB layout (CoNLL-2002, CoNLL-2003, spaCy's and NLTK's IOB files)

export interface IobImportOptions {
  /** Name of the file in messages. */
  file: string;
  /** The ids documents get: `<idPrefix>` for a file of one document, `<idPrefix>-<n>` for each -DOCSTART- block; a `# document: <id>` line names the next one. */
  idPrefix: string;
  /** Labels the tags may name (as the schema holds them); every other is a problem. */
  labels: ReadonlySet<string>;
  annotator: string;
}

/** The tag of a row: `O`, or B/I/E/S (also L/U, as BILOU writes them) and a label. */
const IOB_TAG = /^([BIESLU])[-_](.+)$/;

/** The rows of an IOB file: token (first field) and tag (last field), with blank lines and -DOCSTART- marks. */
function iobRows(content: string): Array<{ line: number; token: string; tag: string } | { line: number; mark: 'blank' | 'docstart' | 'document'; id?: string }> {
  const out: Array<{ line: number; token: string; tag: string } | { line: number; mark: 'blank' | 'docstart' | 'document'; id?: string }> = [];
  content
    .replace(/^\uFEFF/, '')
    .split('\n')
    .forEach((raw, i) => {
      const line = i + 1;
      const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (text.trim() === '') return out.push({ line, mark: 'blank' });
      const doc = /^# document:\s*(.*)$/.exec(text);
      if (doc) return out.push({ line, mark: 'document', id: (doc[1] as string).trim() });
      if (text.startsWith('# ') && !text.includes('\t')) return; // a comment
      const fields = text.includes('\t') ? text.split('\t') : text.trim().split(/ +/);
      if (fields[0] === DOCSTART) return out.push({ line, mark: 'docstart' });
      out.push({ line, token: fields[0] as string, tag: fields.length > 1 ? (fields[fields.length - 1] as string) : '' });
    });
  return out;
}

/** The labels an IOB file's tags name, in the order first met (for the label plan). */
export function iobLabels(content: string): string[] {
  const seen: string[] = [];
  for (const r of iobRows(content)) {
    if (!('tag' in r)) continue;
    const m = IOB_TAG.exec(r.tag);
    if (m && !seen.includes(m[2] as string)) seen.push(m[2] as string);
  }
  return seen;
}

/**
 * Reads the common CoNLL/IOB layout: one token a line, its first field the token and its last
 * the entity tag (CoNLL-2002 `token tag`, CoNLL-2003 `token POS chunk tag`; the fields between
 * are not annotations and are left), `O` or `B-`/`I-` (IOB2; IOB1's `I-` starting a span is
 * read as conlleval reads it), also `E-`/`S-` (BIOES) and `L-`/`U-` (BILOU); a blank line ends a
 * sentence; `-DOCSTART-` begins a document. The text is rebuilt as the file gives no other:
 * tokens joined by one space, sentences by a line break. Labels keep their case (`B-PER` → PER).
 */
export function importIob(content: string, options: IobImportOptions): ConllImportResult {
  const { file } = options;
  const problems: ImportProblem[] = [];
  const warnings: ImportProblem[] = [];
  const problem = (line: number, message: string) => problems.push({ file, line, message });
  const rows = iobRows(content);
  type Doc = { id: string | null; line: number; sentences: Array<Array<{ line: number; token: string; tag: string }>> };
  const docs: Doc[] = [];
  let doc: Doc | null = null;
  let sentence: Array<{ line: number; token: string; tag: string }> = [];
  let pendingId: string | null = null;
  const endSentence = () => {
    if (sentence.length) {
      if (!doc) docs.push((doc = { id: pendingId, line: (sentence[0] as { line: number }).line, sentences: [] }));
      doc.sentences.push(sentence);
    }
    sentence = [];
  };
  for (const r of rows) {
    if ('tag' in r) sentence.push(r);
    else if (r.mark === 'blank') endSentence();
    else if (r.mark === 'document') pendingId = r.id ?? null;
    else {
      endSentence();
      docs.push((doc = { id: pendingId, line: r.line, sentences: [] }));
      pendingId = null;
    }
  }
  endSentence();
  const kept = docs.filter((d) => d.sentences.length > 0);
  if (kept.length === 0) problems.push({ file, message: 'no tokens: not a CoNLL/IOB file (one token a line, its tag last)' });
  const documents: InterchangeDocument[] = [];
  const ids = new Set<string>();
  kept.forEach((d, n) => {
    const id = d.id ?? (kept.length === 1 ? options.idPrefix : `${options.idPrefix}-${n + 1}`);
    if (ids.has(id)) return problem(d.line, `a second document "${id}"`);
    ids.add(id);
    let text = '';
    let cp = 0;
    const spans: Span[] = [];
    d.sentences.forEach((s, si) => {
      if (si > 0) (text += '\n', cp++);
      let open: { label: string; start: number; end: number } | null = null;
      const close = () => {
        if (open) spans.push({ id: '', label: open.label, startOffset: open.start, endOffset: open.end, quote: { prefix: '', exact: '', suffix: '' } });
        open = null;
      };
      s.forEach((row, ri) => {
        if (ri > 0) (text += ' ', cp++);
        const start = cp;
        text += row.token;
        cp += [...row.token].length;
        if (row.tag === 'O') return close();
        const m = IOB_TAG.exec(row.tag);
        if (!m) {
          close();
          return problem(row.line, row.tag === '' ? `no tag after the token "${row.token}" (one token a line, its tag last: O, B-<label> or I-<label>)` : `tag "${row.tag}" is not O, B-<label> or I-<label>`);
        }
        const [, kind, label] = m as unknown as [string, string, string];
        if (!options.labels.has(label)) return problem(row.line, `label "${label}" of tag "${row.tag}" is not in the schema (${[...options.labels].join(', ')})`);
        const current = open as { label: string; start: number; end: number } | null;
        if ((kind === 'I' || kind === 'E' || kind === 'L') && current && current.label === label) {
          current.end = cp;
          if (kind !== 'I') close();
          return;
        }
        if (kind === 'I' || kind === 'E' || kind === 'L') warnings.push({ file, line: row.line, message: `${row.tag} follows no ${label} span: taken as its beginning` });
        close();
        open = { label, start, end: cp };
        if (kind === 'S' || kind === 'U' || kind === 'E' || kind === 'L') close();
      });
      close();
    });
    const cpIndex = new CodePointIndex(text);
    for (const sp of spans) sp.quote = quoteOf(cpIndex, sp.startOffset, sp.endOffset);
    spans.sort(compareSpans).forEach((sp, k) => (sp.id = `s${k + 1}`));
    documents.push({ id, text, title: null, source: null, annotator: options.annotator, spans, relations: [] });
  });
  return problems.length ? { ok: false, problems, warnings } : { ok: true, documents, warnings };
}

/** Whether a file is Standoff's own multi-column CoNLL (a `# columns:` line) rather than the common one-tag layout. */
export function isStandoffConll(content: string): boolean {
  return /^# columns:/m.test(content.slice(0, 4000));
}
