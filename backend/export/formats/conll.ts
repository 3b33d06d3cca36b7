/**
 * CoNLL-2003-style IOB2: a folder with `data.conll` (a token per line, then one tag column per
 * label, so spans of different labels may nest; -DOCSTART- before each document) and
 * `documents.tsv` (which document and layer each -DOCSTART- begins, in order).
 */
import path from 'node:path';
import { conllColumns, emptyConllReport, exportConllDocument } from '../../../shared/interchange/conll';
import { Sink } from '../sink';
import { attributeCount, lossOf, noteCount, type FormatWriter, type WriterSetup } from './writer';

export async function conllWriter(setup: WriterSetup): Promise<FormatWriter> {
  const { context, losses, options } = setup;
  const conll = { schema: context.schema, sentences: options.conllSentences ?? 'segmenter' } as const;
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
      ['data.conll', `a token per line, tab-separated columns: ${conllColumns(conll).join(', ')}; a blank line ends a sentence; -DOCSTART- begins each document`],
      ['documents.tsv', 'the n-th -DOCSTART- of data.conll: its document id, layer and title'],
    ],
    notes: () => [
      `CoNLL-2003-style IOB2 with **one tag column per label** (${conllColumns(conll).slice(1).join(', ')}), so an actor inside a claim keeps both; NLTK’s \`ConllCorpusReader\` and spaCy’s converters read it (\`spacy convert -c conll -n 10\` with one column at a time).`,
      'Tokens are UAX #29 word segments without whitespace. Sentences end at line breaks' + (conll.sentences === 'segmenter' ? ' and where ICU’s sentence rules end one (not after "Mr.", "Gen." and other titles)' : '') + ', never inside a written span.',
      'What IOB2 cannot hold is listed below, never silently changed: span edges inside a token are moved out to whole tokens and whitespace at an edge left out (`adjusted`); a span with no token is dropped (`no-token`); two spans of one label sharing a token cannot both be in its column: the longest is kept (`overlap`, with the span kept).',
      'Attributes and relations have no place in IOB2: not written (counted under “Left out or changed”). The file has no comment lines (not every CoNLL reader skips them): documents.tsv says which document each -DOCSTART- begins.',
    ],
  };
}
