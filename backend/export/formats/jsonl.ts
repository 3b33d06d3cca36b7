/**
 * The JSONL formats written to one file, one line per document and layer: Standoff's own,
 * spaCy/Prodigy, doccano.
 */
import { doccanoJsonlLine, spacyJsonlLine, standoffJsonlLine } from '../../../shared/interchange/jsonl';
import type { InterchangeDocument } from '../../../shared/interchange/model';
import { Sink } from '../sink';
import { withoutOverlaps } from '../../../shared/interchange/jsonl/overlap';
import { attributeCount, lossOf, noteCount, type FormatWriter, type WriterSetup } from './writer';

export async function jsonlWriter(setup: WriterSetup): Promise<FormatWriter> {
  const sink = await Sink.create(setup.out);
  const { format, context, options, losses } = setup;
  const line = (doc: InterchangeDocument): string => {
    if (format === 'standoff') return standoffJsonlLine(doc, context);
    if (format === 'spacy') return spacyJsonlLine(doc, { tokens: options.spacyTokens !== false });
    return doccanoJsonlLine(doc, { relations: options.doccanoRelations === true, annotator: setup.severalLayers });
  };
  return {
    async write(whole) {
      let doc = whole;
      if (format === 'doccano' && options.doccanoNoOverlap) {
        // A consistent layer without overlaps: every span and relation left out is listed.
        const cut = withoutOverlaps(whole);
        doc = cut.doc;
        for (const d of cut.droppedSpans) await losses.add(lossOf(whole, d.span.id, 'span', 'overlap', `overlaps the longer ${d.kept.label} span ${d.kept.id} (${d.kept.startOffset}–${d.kept.endOffset}), kept: --no-overlap keeps the longest`));
        for (const d of cut.droppedRelations) await losses.add(lossOf(whole, d.relation.id, 'relation', 'end-not-exported', `${d.relation.type} ${d.relation.from} → ${d.relation.to}: its span ${d.span} was dropped (overlap)`));
      }
      await sink.write(line(doc));
      let relations = doc.relations.length;
      if (format !== 'standoff') losses.notCarried.notes += noteCount(doc);
      if (format === 'doccano') {
        losses.notCarried.attributes += attributeCount(doc);
        if (!options.doccanoRelations) {
          losses.notCarried.relations += relations;
          relations = 0;
        }
      }
      return { spans: doc.spans.length, relations };
    },
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
