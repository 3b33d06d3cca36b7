/**
 * Makes a generated corpus project on disk, to look at or to run the command line on:
 *
 *   node --import tsx bench/corpus/make.ts --documents 10000 [--annotators layla,tom,ines]
 *        [--spans 40] [--seed 1] [--coverage full|queue] [--no-assignment] <folder>
 */
import { parseArgs } from 'node:util';
import { generateCorpus } from './generate';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    documents: { type: 'string', default: '10000' },
    annotators: { type: 'string' },
    spans: { type: 'string', default: '40' },
    seed: { type: 'string', default: '1' },
    coverage: { type: 'string', default: 'full' },
    'no-assignment': { type: 'boolean', default: false },
  },
});
const dir = positionals[0];
if (!dir || (values.coverage !== 'full' && values.coverage !== 'queue')) {
  console.error('usage: make.ts --documents N [--annotators a,b,c] [--spans 40] [--seed 1] [--coverage full|queue] [--no-assignment] <folder>');
  process.exit(2);
}
const stats = await generateCorpus(dir, {
  documents: Number(values.documents),
  ...(values.annotators ? { annotators: values.annotators.split(',') } : {}),
  spans: Number(values.spans),
  seed: Number(values.seed),
  coverage: values.coverage,
  assignment: !values['no-assignment'],
  progress: (done, total) => process.stderr.write(`\r${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} documents`),
});
process.stderr.write('\n');
const mb = (b: number) => (b / (1 << 20)).toFixed(0);
console.log(
  `${stats.root}: ${stats.documents.toLocaleString('en-US')} documents, ${stats.layers.toLocaleString('en-US')} layers, ${stats.spans.toLocaleString('en-US')} spans, ` +
    `${stats.files.toLocaleString('en-US')} files (${mb(stats.textBytes)} MB of text, ${mb(stats.annotationBytes)} MB of annotations) in ${stats.seconds.toFixed(1)} s`,
);
