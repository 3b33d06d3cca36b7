/**
 * W3C Web Annotation: one JSON-LD file holding an array of AnnotationCollections, one per
 * document and layer, each with its annotations in one embedded page.
 */
import { exportW3cDocument, w3cJson } from '../../../shared/interchange/w3c';
import { Sink } from '../sink';
import { issueLoss, noteCount, type FormatWriter, type WriterSetup } from './writer';

export async function w3cWriter(setup: WriterSetup): Promise<FormatWriter> {
  const { context, losses, options } = setup;
  const sink = await Sink.create(setup.out);
  let first = true;
  return {
    async write(doc) {
      losses.notCarried.notes += noteCount(doc);
      const { collection, issues } = exportW3cDocument(doc, context, options.w3cBase ? { base: options.w3cBase } : {});
      await sink.write(`${first ? '[\n' : ',\n'}${w3cJson(collection).trimEnd()}`);
      first = false;
      for (const issue of issues) await losses.add(issueLoss(doc, issue.item, issue.message));
      let spans = 0;
      let relations = 0;
      for (const a of collection.first.items) {
        if (a.motivation === 'linking') relations++;
        else spans++;
      }
      return { spans, relations };
    },
    async finish() {
      await sink.write(first ? '[]\n' : '\n]\n');
      await sink.close();
      return { files: 1, bytes: sink.bytes };
    },
    discard: () => sink.discard(),
    contents: () => [[setup.outName, 'a JSON-LD array of AnnotationCollections, one per document and layer, each with one embedded AnnotationPage']],
    notes: () => [
      'W3C Web Annotation (JSON-LD, context http://www.w3.org/ns/anno.jsonld). A span is an Annotation (`tagging`): a TextualBody with the label, one `application/json` TextualBody per attribute (`{"<attribute>": value}`), a SpecificResource (`identifying`) for a linked entity; its target has a TextPositionSelector and a TextQuoteSelector.',
      'TextPositionSelector `start`/`end` are **Unicode code points**, as the Web Annotation model defines them (not UTF-16 units, which DOM-based tools such as Hypothesis count).',
      `A relation is an Annotation with \`motivation: linking\` and two targets, the source span's annotation first (JSON keeps the order; in RDF \`oa:hasTarget\` is a set). IRIs are ${options.w3cBase ? `under ${options.w3cBase}` : '`urn:standoff:…` URNs (no base was given)'}.`,
    ],
  };
}
