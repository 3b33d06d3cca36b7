/**
 * The CoNLL IOB2 export read by NLTK's ConllCorpusReader (Debian python3-nltk): the same tokens
 * and sentences, and per label column the chunks NLTK's conlltags2tree builds, which, found
 * again in the document text by Python (code points), are the spans the export says it wrote.
 * Skipped, saying why, without /usr/bin/python3 and NLTK.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { conllTagName, emptyConllReport, exportConllDocument, type ConllExportOptions, type ConllReport } from '../../shared/interchange/conll/export';
import { tokenize } from '../../shared/interchange/conll/tokenize';
import type { InterchangeDocument } from '../../shared/interchange/model';
import { TEST_SCHEMA, generateDocument, seededRandom } from './generate';
import { python, pythonWith, sampleProject } from './support';

const { available, skipReason } = pythonWith(['nltk'], 'python3-nltk');

const SCRIPT = `
import json, sys
from nltk.corpus.reader.conll import ConllCorpusReader
from nltk.chunk.util import conlltags2tree
job = json.load(sys.stdin)
out = {}
for f in job["files"]:
    n = len(job["labels"])
    words = ConllCorpusReader(job["root"], [f["file"]], ["words"] + ["ignore"] * n)
    sents = [s for s in words.sents() if s]
    spans = []
    for j, label in enumerate(job["labels"]):
        cols = ["words"] + ["ignore"] * n
        cols[j + 1] = "pos"  # the reader's (word, tag) pairs, for this label's column
        reader = ConllCorpusReader(job["root"], [f["file"]], cols)
        offset = 0
        for sent in reader.tagged_sents():
            if not sent:
                continue
            tree = conlltags2tree([(w, "X", t) for w, t in sent])
            i = 0
            for node in tree:
                if hasattr(node, "label"):
                    spans.append([node.label(), offset + i, offset + i + len(node)])
                    i += len(node)
                else:
                    i += 1
            offset += len(sent)
    # Token positions in the text, in code points: skip whitespace (str.isspace), match the word.
    text = f["text"]
    pos, places = 0, []
    for w in [w for s in sents for w in s]:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        assert text.startswith(w, pos), (w, text[pos:pos + 20])
        places.append((pos, pos + len(w)))
        pos += len(w)
    assert text[pos:].strip() == "", text[pos:]
    out[f["id"]] = {
        "sents": sents,
        "spans": sorted([label, places[a][0], places[b - 1][1]] for label, a, b in spans),
    }
print(json.dumps(out))
`;

const dir = mkdtempSync(join(tmpdir(), 'standoff-conll-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The spans the report says were written: every span not dropped, at its (adjusted) extent, labelled as its tags name it ("-" written "_"). */
function written(d: InterchangeDocument, report: ConllReport): Array<[string, number, number]> {
  const dropped = new Set(report.dropped.filter((x) => x.document === d.id).map((x) => x.span));
  const adjusted = new Map(report.adjusted.filter((x) => x.document === d.id).map((x) => [x.span, x]));
  return d.spans
    .filter((s) => !dropped.has(s.id))
    .map((s): [string, number, number] => [conllTagName(s.label), adjusted.get(s.id)?.newStart ?? s.startOffset, adjusted.get(s.id)?.newEnd ?? s.endOffset])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1] || a[2] - b[2]));
}

function check(docs: InterchangeDocument[], options: ConllExportOptions, name: string) {
  const report = emptyConllReport(options);
  const files = docs.map((d, i) => {
    const file = `${name}-${i}.conll`;
    writeFileSync(join(dir, file), exportConllDocument(d, options, report), 'utf8');
    return { file, id: `${d.id}/${d.annotator}/${i}`, text: d.text };
  });
  const labels = report.columns.slice(1);
  const py = python<Record<string, { sents: string[][]; spans: Array<[string, number, number]> }>>(SCRIPT, { root: dir, files, labels });
  docs.forEach((d, i) => {
    const got = py[files[i]!.id]!;
    expect(got.sents.flat(), d.id).toEqual(tokenize(d.text).map((t) => t.text));
    expect(got.spans, `${d.id} ${files[i]!.file}`).toEqual(written(d, report));
  });
  return report;
}

describe.skipIf(!available)(`CoNLL IOB2 read by NLTK's ConllCorpusReader${skipReason}`, () => {
  it('reads the tokens and, column by column, the spans the export reports, for generated documents', () => {
    const random = seededRandom(2718);
    const docs = Array.from({ length: 120 }, (_, n) => generateDocument(random, n, { zeroWidth: true }));
    const report = check(docs, { schema: TEST_SCHEMA }, 'gen');
    expect(report.written).toBeGreaterThan(300);
    check(docs.slice(0, 30), { schema: TEST_SCHEMA, sentences: 'lines', labels: ['actor', 'claim'] }, 'gen-lines');
  });

  it('reads the two-column variant (token and one tag column, CoNLL-2003 document lines)', () => {
    const random = seededRandom(1414);
    const docs = Array.from({ length: 60 }, (_, n) => generateDocument(random, n, { zeroWidth: true }));
    const report = check(docs, { schema: TEST_SCHEMA, twoColumn: true }, 'two');
    expect(report.columns).toEqual(['token', 'ner']);
    expect(report.dropped.some((d) => d.reason === 'overlap')).toBe(true);
  });

  it("reads a label with a hyphen through NLTK's chunk reader, which splits tags at the hyphen", () => {
    const { docs, ctx } = sampleProject();
    const schema = ctx.schema;
    // The chunk reader takes the third column as the chunk tags: put casualty-figure there.
    const labels = ['claim', 'casualty-figure'];
    const report = emptyConllReport({ schema, labels });
    const d = docs.find((x) => x.spans.some((s) => s.label === 'casualty-figure'))!;
    writeFileSync(join(dir, 'chunk.conll'), exportConllDocument(d, { schema, labels }, report), 'utf8');
    const got = python<Array<[string, string]>>(
      `
import json, sys
from nltk.corpus.reader import ConllChunkCorpusReader
job = json.load(sys.stdin)
r = ConllChunkCorpusReader(job["root"], ["chunk.conll"], ["casualty_figure"])
out = []
for t in r.chunked_sents():
    for node in t:
        if hasattr(node, "label"):
            out.append([node.label(), " ".join(w for w, _ in node.leaves())])
print(json.dumps(out))
`,
      { root: dir },
    );
    const dropped = new Set(report.dropped.map((x) => x.span));
    const expected = d.spans.filter((s) => s.label === 'casualty-figure' && !dropped.has(s.id)).length;
    expect(got.length).toBe(expected);
    expect(expected).toBeGreaterThan(0);
    for (const [label] of got) expect(label).toBe('casualty_figure');
  });

  it('reads the sample project (five seed articles, every layer)', () => {
    const { docs, ctx } = sampleProject();
    const report = check(docs, { schema: ctx.schema }, 'seeds');
    expect(report.written).toBeGreaterThan(0);
  });
});
