/**
 * The Hugging Face windows read by Python's json (as `datasets`' JSON builder reads them, one
 * record per line): every record holds at most N tokens, tags and whitespace line up with the
 * tokens, a document's windows in order rebuild its text exactly (Python strings: code points),
 * no window begins inside a span unless the span is longer than a window (and then it is
 * listed), and the card's YAML header (read by PyYAML, as huggingface_hub does) names the data
 * file and the ClassLabel names.
 */
import { describe, expect, it } from 'vitest';
import { frontMatter } from '../../backend/export/card';
import { huggingFaceLabelList, huggingFaceWindows } from '../../shared/interchange/jsonl';
import type { InterchangeDocument } from '../../shared/interchange/model';
import { TEST_SCHEMA, generateDocument, seededRandom } from './generate';
import { python, pythonWith, sampleProject } from './support';

const { available, skipReason } = pythonWith(['json', 'yaml'], 'python3-yaml');

const SCRIPT = `
import json, sys, yaml
job = json.load(sys.stdin)
out = {"problems": [], "records": 0, "longest": 0}
texts = job["texts"]
rebuilt = {}
for line in job["data"].splitlines():
    r = json.loads(line)
    out["records"] += 1
    n = len(r["tokens"])
    out["longest"] = max(out["longest"], n)
    if n > job["max"]: out["problems"].append(["too long", r["id"], n])
    if len(r["ner_tags"]) != n or len(r["whitespace"]) != n: out["problems"].append(["misaligned", r["id"]])
    if r["id"] != "%s:%d" % (r["document"], r["window"]): out["problems"].append(["id", r["id"]])
    names = job["labels"]
    if n and names[r["ner_tags"][0]].startswith("I-") and r["id"] not in job["split"]: out["problems"].append(["starts inside a span", r["id"]])
    rebuilt.setdefault(r["document"], []).append(r["leading"] + "".join(t + w for t, w in zip(r["tokens"], r["whitespace"])))
for doc, text in texts.items():
    if "".join(rebuilt.get(doc, [])) != text: out["problems"].append(["text not rebuilt", doc])
card = yaml.safe_load(job["card"].split("---\\n")[1])
out["data_files"] = card["configs"][0]["data_files"]
feats = {f["name"]: f for f in card["dataset_info"]["features"]}
out["names"] = [feats["ner_tags"]["sequence"]["class_label"]["names"][str(i)] for i in range(len(feats["ner_tags"]["sequence"]["class_label"]["names"]))]
out["features"] = sorted(feats)
print(json.dumps(out))
`;

function run(docs: InterchangeDocument[], max: number) {
  const labels = huggingFaceLabelList(TEST_SCHEMA);
  let data = '';
  const split: string[] = [];
  for (const d of docs) {
    const w = huggingFaceWindows(d, labels, { maxTokens: max });
    data += w.lines.join('');
    for (const s of w.split) split.push(`${d.id}:${s.windows[1]}`);
  }
  const card = [...frontMatter({ format: 'huggingface', schema: TEST_SCHEMA, layer: { kind: 'gold' } }), ''].join('\n');
  const texts = Object.fromEntries(docs.map((d) => [d.id, d.text]));
  return { labels, split, got: python<{ problems: unknown[]; records: number; longest: number; data_files: unknown; names: string[]; features: string[] }>(SCRIPT, { data, texts, max, labels, split, card }) };
}

describe.skipIf(!available)(`Hugging Face windows read by Python's json${skipReason}`, () => {
  it('generated documents, windows of 6 tokens: every window fits, the text is rebuilt, spans are cut only when longer than a window', () => {
    const random = seededRandom(4242);
    const docs = Array.from({ length: 200 }, (_, n) => generateDocument(random, n, { zeroWidth: true }));
    const { labels, split, got } = run(docs, 6);
    expect(got.problems).toEqual([]);
    expect(got.records).toBeGreaterThan(docs.length);
    expect(got.longest).toBe(6);
    expect(split.length).toBeGreaterThan(0); // some generated spans are longer than 6 tokens
    expect(got.names).toEqual(labels);
    expect(got.data_files).toEqual([{ split: 'train', path: 'data.jsonl' }]);
    expect(got.features).toEqual(['document', 'id', 'leading', 'ner_tags', 'tokens', 'whitespace', 'window']);
  });

  it('the sample project, windows of 256 (the default): several per article, none cut inside a span', () => {
    const docs = sampleProject().docs.filter((d) => d.annotator === 'layla');
    expect(docs.length).toBe(5);
    const { split, got } = run(docs, 256);
    expect(got.problems).toEqual([]);
    expect(split).toEqual([]);
    expect(got.records).toBeGreaterThan(docs.length * 2);
    expect(got.longest).toBeLessThanOrEqual(256);
  });
});
