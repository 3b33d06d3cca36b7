/**
 * CoNLL-2003-style IOB2: a folder with `data.conll` (a token per line, then one tag column per
 * label, so spans of different labels may nest; -DOCSTART- before each document) and
 * `documents.tsv` (which document and layer each -DOCSTART- begins, in order).
 */
import path from 'node:path';
import { conllColumns, conllLabels, conllTagName, DOCSTART_2003, emptyConllReport, exportConllDocument } from '../../../shared/interchange/conll';
import { Sink } from '../sink';
import { attributeCount, lossOf, noteCount, type FormatWriter, type WriterSetup } from './writer';

export async function conllWriter(setup: WriterSetup): Promise<FormatWriter> {
  const { context, losses, options } = setup;
  const conll = { schema: context.schema, sentences: options.conllSentences ?? 'segmenter', twoColumn: options.conllTwoColumn === true } as const;
  const labels = conllLabels(conll);
  const hyphenated = labels.filter((l) => conllTagName(l) !== l);
  const columns = conllColumns(conll);
  // NLTK's column types, in order: the token as "words", the tag column(s) to read as "pos" one at a time.
  const nltkTypes = columns.map((c, i) => (i === 0 ? '"words"' : i === 1 ? '"pos"' : '"ignore"')).join(', ');
  const data = await Sink.create(path.join(setup.out, 'data.conll'));
  const index = await Sink.create(path.join(setup.out, 'documents.tsv'));
  await index.write('docstart\tdocument\tlayer\ttitle\n');
  let documents = 0;
  return {
    async write(doc) {
      // A report per document: what it holds is streamed out, so memory stays flat.
      const report = emptyConllReport(conll);
      await data.write(exportConllDocument(doc, conll, report));
      await index.write(`${++documents}\t${doc.id}\t${doc.annotator}\t${(doc.title ?? '').replace(/\s+/gu, ' ')}\n`);
      for (const d of report.dropped) await losses.add(lossOf(doc, d.span, 'span', d.reason === 'overlap' ? 'overlap' : d.reason === 'no-token' ? 'no-token' : 'not-written', d.message));
      for (const a of report.adjusted) await losses.add(lossOf(doc, a.span, 'span', 'adjusted', `written as ${a.newStart}–${a.newEnd} (whole tokens) instead of ${a.start}–${a.end}`));
      losses.notCarried.attributes += attributeCount(doc);
      losses.notCarried.notes += noteCount(doc);
      losses.notCarried.relations += doc.relations.length;
      return { spans: report.written, relations: 0 };
    },
    async finish() {
      await data.close();
      await index.close();
      return { files: 2, bytes: data.bytes + index.bytes };
    },
    async discard() {
      await data.discard();
      await index.discard();
    },
    contents: () => [
      ['data.conll', `a token per line, tab-separated columns: ${columns.join(', ')}; a blank line ends a sentence; ${conll.twoColumn ? `\`${DOCSTART_2003}\`` : '-DOCSTART-'} begins each document`],
      ['documents.tsv', 'the n-th -DOCSTART- of data.conll: its document id, layer and title'],
    ],
    notes: () => [
      conll.twoColumn
        ? `CoNLL-2003-style IOB2, **two columns**: the token and one tag column holding ${labels.map((l) => `\`${conllTagName(l)}\``).join(', ')} (one label family: where spans overlap, the longest is kept and the others listed as \`overlap\`). Each document begins with \`${DOCSTART_2003}\` and a blank line, the line \`spacy convert -c ner\` splits documents at (it reads the first column as words and the last as the entity tags). NLTK: \`ConllCorpusReader(root, ["data.conll"], ["words", "pos"])\`, whose \`tagged_sents()\` are (token, tag) pairs for \`nltk.chunk.conlltags2tree\`; it skips the \`-DOCSTART-\` lines.`
        : `CoNLL-2003-style IOB2 with **one tag column per label** (${columns.slice(1).join(', ')}), so an actor inside a claim keeps both. NLTK reads one label column at a time: \`ConllCorpusReader(root, ["data.conll"], [${nltkTypes}])\` reads the first label’s tags as \`tagged_sents()\` (move \`"pos"\` to the column wanted; the others \`"ignore"\`). spaCy’s \`spacy convert\` reads two columns (token and entity tags): export with the two-column variant (\`--two-column\`, one label family) for it.`,
      ...(hyphenated.length
        ? [`In tags, a label’s \`-\` is written \`_\` (${hyphenated.map((l) => `\`${l}\` → \`B-${conllTagName(l)}\``).join(', ')}): NLTK’s chunk reader splits a tag at every \`-\` and fails on a second one. \`standoff import-annotations\` reads both spellings.`]
        : []),
      'Tokens are UAX #29 word segments without whitespace. Sentences end at line breaks' + (conll.sentences === 'segmenter' ? ' and where ICU’s sentence rules end one (not after "Mr.", "Gen." and other titles)' : '') + ', never inside a written span.',
      'What IOB2 cannot hold is listed below, never silently changed: span edges inside a token are moved out to whole tokens and whitespace at an edge left out (`adjusted`); a span with no token is dropped (`no-token`); two spans of one label sharing a token cannot both be in its column: the longest is kept (`overlap`, with the span kept).',
      'Attributes and relations have no place in IOB2: not written (counted under “Left out or changed”). The file has no comment lines (not every CoNLL reader skips them): documents.tsv says which document each -DOCSTART- begins.',
    ],
  };
}
