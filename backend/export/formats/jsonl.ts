/**
 * The JSONL formats written to one file, one line per document and layer: Standoff's own,
 * spaCy/Prodigy, doccano.
 */
import { doccanoJsonlLine, spacyJsonlLine } from '../../../shared/interchange/jsonl';
import { standoffJsonlPieces } from '../../../shared/interchange/jsonl/standoff';
import type { InterchangeDocument } from '../../../shared/interchange/model';
import { Sink } from '../sink';
import { withoutOverlaps } from '../../../shared/interchange/jsonl/overlap';
import type { ExportFormat, ExportLoss } from '../../../shared/api/contract';
import { attributeCount, lossOf, noteCount, type FormatWriter, type WriterSetup, type Written } from './writer';

/** A JSONL writer also takes lines made elsewhere (in workers), in order, as bytes. */
export interface JsonlWriter extends FormatWriter {
  /** Counts and lists what a line made elsewhere left out, in the line's turn. */
  account(p: Omit<PreparedLine, 'pieces'>): Promise<void>;
  /** Writes lines made elsewhere (UTF-8, each with its newline). */
  writeBytes(bytes: Uint8Array): Promise<void>;
}

/** The JSONL formats: their lines do not depend on one another, so they can be made anywhere (export/parallel.ts). */
export const JSONL_FORMATS: ReadonlySet<ExportFormat> = new Set(['standoff', 'spacy', 'doccano']);

/** What a JSONL writer needs to make a line. */
export type LineSetup = Pick<WriterSetup, 'format' | 'context' | 'options' | 'severalLayers'>;

/** One layer made into its line, with what the writer counts and lists for it. */
export interface PreparedLine {
  /**
   * The line (newline included) as pieces to write one after another. A Standoff line's text is
   * a piece of its own, the same string for every layer of a document: encoded once (parallel.ts).
   */
  pieces: readonly string[];
  written: Written;
  /** What was left out (doccano without overlaps), in order. */
  losses: ExportLoss[];
  /** Added to the losses' notCarried counts. */
  notCarried: { attributes: number; relations: number; notes: number };
}

/** A layer's line and what goes with it: the same whether made here or in a worker. */
export function prepareLine(setup: LineSetup, whole: InterchangeDocument): PreparedLine {
  const { format, context, options } = setup;
  const losses: ExportLoss[] = [];
  let doc = whole;
  if (format === 'doccano' && options.doccanoNoOverlap) {
    // A consistent layer without overlaps: every span and relation left out is listed.
    const cut = withoutOverlaps(whole);
    doc = cut.doc;
    for (const d of cut.droppedSpans) losses.push(lossOf(whole, d.span.id, 'span', 'overlap', `overlaps the longer ${d.kept.label} span ${d.kept.id} (${d.kept.startOffset}–${d.kept.endOffset}), kept: --no-overlap keeps the longest`));
    for (const d of cut.droppedRelations) losses.push(lossOf(whole, d.relation.id, 'relation', 'end-not-exported', `${d.relation.type} ${d.relation.from} → ${d.relation.to}: its span ${d.span} was dropped (overlap)`));
  }
  const pieces =
    format === 'standoff'
      ? standoffJsonlPieces(doc, context)
      : [format === 'spacy' ? spacyJsonlLine(doc, { tokens: options.spacyTokens !== false }) : doccanoJsonlLine(doc, { relations: options.doccanoRelations === true, annotator: setup.severalLayers })];
  const notCarried = { attributes: 0, relations: 0, notes: 0 };
  let relations = doc.relations.length;
  if (format !== 'standoff') notCarried.notes += noteCount(doc);
  if (format === 'doccano') {
    notCarried.attributes += attributeCount(doc);
    if (!options.doccanoRelations) {
      notCarried.relations += relations;
      relations = 0;
    }
  }
  return { pieces, written: { spans: doc.spans.length, relations }, losses, notCarried };
}

export async function jsonlWriter(setup: WriterSetup): Promise<JsonlWriter> {
  const sink = await Sink.create(setup.out);
  const { format, options, losses } = setup;
  /** Counts and lists what a line left out (its losses, what the format does not carry). */
  const account = async (p: Omit<PreparedLine, 'pieces'>) => {
    for (const loss of p.losses) await losses.add(loss);
    losses.notCarried.attributes += p.notCarried.attributes;
    losses.notCarried.relations += p.notCarried.relations;
    losses.notCarried.notes += p.notCarried.notes;
  };
  return {
    async write(whole) {
      const p = prepareLine(setup, whole);
      await account(p);
      for (const piece of p.pieces) await sink.write(piece);
      return p.written;
    },
    account,
    writeBytes: (bytes) => sink.writeBytes(bytes),
    async finish() {
      await sink.close();
      return { files: 1, bytes: sink.bytes };
    },
    discard: () => sink.discard(),
    contents: () => [[setup.outName, `one JSON object per line: one document${setup.severalLayers ? ' and annotator' : ''} per line`]],
    notes: () => NOTES[format as 'standoff' | 'spacy' | 'doccano'](options.spacyTokens !== false, options.doccanoRelations === true, setup.severalLayers, options.doccanoNoOverlap === true),
  };
}

const NOTES = {
  standoff: (): string[] => [
    'Standoff JSONL, one document per line: `format`, `version`, `offsets`, `id`, `text`, `metadata` (title, source), `annotator`, `spans`, `relations`, `entities`.',
    'Offsets are **Unicode code points** into `text`, start inclusive, end exclusive: in Python `text[span["startOffset"]:span["endOffset"]] == span["text"]`. Not UTF-16 (JavaScript) indices.',
    'Attribute values are stored as in the project: option ids, entity ids, `{"min", "max"}` ranges; `entityNames` gives each linked entity’s canonical name, and `entities` the entities a line links (with aliases, and `canonicalId` when merged into another).',
    'The annotators’ notes are kept: `note` (`{"text", "flag"}`) on a span, and on the line for the layer’s note on the whole document.',
    'Spans may overlap and nest. Nothing of a layer is lost; `standoff import-annotations` reads it back.',
  ],
  spacy: (tokens: boolean): string[] => [
    'spaCy / Prodigy JSONL: `text`, ' + (tokens ? '`tokens`, ' : '') + '`spans` (`start`, `end`' + (tokens ? ', `token_start`, `token_end`' : '') + ', `label`, `id`, `attributes`), `relations` (Prodigy’s rel.manual layout), `meta` (id, title, source, annotator).',
    '`start`/`end` are character offsets as Python counts them: **Unicode code points**, end exclusive.',
    ...(tokens
      ? [
          '`token_end` is **inclusive** (Prodigy’s convention): a one-token span has `token_start == token_end`.',
          'Tokens are UAX #29 word segments (as ICU segments words), cut at every span edge so that each span is exactly its tokens, with spaCy’s whitespace convention (`ws`): `Doc(nlp.vocab, words=[t["text"] …], spaces=[t["ws"] …])` rebuilds the text and `doc.char_span(start, end, label=…)` finds every span. They are not spaCy’s own tokenizer’s tokens.',
        ]
      : ['Written without tokens: use `doc.char_span(start, end, label=…, alignment_mode="expand")` with your own tokenizer.']),
    'Overlapping and nested spans are all in `spans`: put them in a SpanGroup (`doc.spans["sc"]`, as spancat trains on), not in `doc.ents`, which cannot overlap. `spacy convert` does not read JSONL: build `Doc` objects from these lines and save a `DocBin`.',
    'Each line carries `"answer": "accept"`: Prodigy’s `db-in` stores a task with its answer, and its recipes and `data-to-spacy` train only on accepted tasks.',
    'Prodigy: `prodigy db-in <dataset> <file>` reads these lines as annotated tasks.',
  ],
  doccano: (_tokens: boolean, relations: boolean, several: boolean, noOverlap: boolean): string[] => [
    noOverlap
      ? 'Written without overlapping spans (`--no-overlap`), for a doccano project that does not allow them: where spans overlap the longest is kept (at equal length the earlier), and every span left out, and every relation to it, is listed under “Left out or changed” (`overlap`, `end-not-exported`).'
      : '**In doccano, tick “Allow overlapping spans” when creating the project** (sequence labelling and relation projects): this layer has overlapping or nested spans where an annotator made them, and a project without that setting silently keeps only some of them, leaving relations pointing at spans it dropped. Or export with `--no-overlap`, which drops them here and lists each.',
    relations
      ? 'doccano JSONL, relation-extraction layout: `id`, `text`, `entities` (`id`, `label`, `start_offset`, `end_offset`), `relations` (`id`, `from_id`, `to_id`, `type`).'
      : 'doccano JSONL, sequence-labelling layout: `id`, `text`, `label` as `[start, end, "label"]`.',
    '**Offsets are UTF-16 code units** (JavaScript string indices, doccano’s default), converted from Standoff’s code points: every character outside the Basic Multilingual Plane (an emoji, a flag, some CJK) before a span moves it by one more. In Python: `text.encode("utf-16-le")[2*start:2*end].decode("utf-16-le")`, not `text[start:end]`.',
    'doccano has no place for attributes: they are not written (counted under “Left out or changed”).' + (relations ? '' : ' Neither are relations: ask for the relation layout to keep them.'),
    ...(several ? ['With every annotator’s layer, each line also has `"annotator"` (doccano keeps it as metadata); a document appears once per annotator.'] : []),
  ],
};
