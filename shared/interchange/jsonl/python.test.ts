/**
 * The JSONL exports read by Python's own json module (/usr/bin/python3, standard library only),
 * so that offsets are checked by an independent reader, in the units each format promises:
 * - Standoff and spaCy/Prodigy JSONL: `text[start:end]` (Python str: code points) is the span;
 *   Prodigy tokens select their text, rebuild the text as spaCy's Doc(words, spaces) would, and
 *   token_start/token_end (inclusive) start and end exactly at the span.
 * - doccano: `text.encode("utf-16-le")[2*start:2*end].decode("utf-16-le")` is the span.
 * - Hugging Face: the tokens are the text without its whitespace; one integer tag per token.
 * Files are read line by line as Python reads them, and must have as many lines under
 * str.splitlines() (which also breaks at U+2028, U+0085…) as documents.
 * The corpus: generated documents (tests/interchange/generate.ts) and the sample project's seed articles.
 * Skipped, saying why, without /usr/bin/python3.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sampleProject } from '../../../tests/interchange/support';
import { seededRandom } from '../../../tests/support/random';
import { compareSpans } from '../../model/span';
import type { ExportContext, InterchangeDocument } from '../model';
import { doccanoJsonlLine } from './doccano';
import { TEST_ENTITIES, TEST_SCHEMA, generateDocument } from '../../../tests/interchange/generate';
import { huggingFaceLabelList, huggingFaceRecord } from './huggingface';
import { spacyJsonlLine } from './spacy';
import { standoffJsonlLine } from './standoff';

const PYTHON = '/usr/bin/python3';
const probe = spawnSync(PYTHON, ['-c', 'import json, sys'], { encoding: 'utf8' });
const available = probe.status === 0;
const skipReason = available ? '' : ` (skipped: ${PYTHON} is not available: ${probe.error?.message ?? probe.stderr?.trim()})`;
if (!available) console.warn(`JSONL Python check${skipReason}`);

const SCRIPT = String.raw`
import json, sys
files = json.load(sys.stdin)
errors = []
counts = {}

def err(kind, n, msg):
    if len(errors) < 50:
        errors.append(f"{kind} line {n}: {msg}")

def lines(kind):
    path = files[kind]
    with open(path, encoding="utf-8") as f:
        whole = f.read()
    if len(whole.splitlines()) != len(files["expected"]):
        err(kind, 0, f"str.splitlines() gives {len(whole.splitlines())} lines for {len(files['expected'])} documents")
    with open(path, encoding="utf-8", newline="") as f:
        for n, line in enumerate(f, 1):
            counts[kind] = counts.get(kind, 0) + 1
            yield n, json.loads(line), files["expected"][n - 1]

def same_spans(kind, n, found, exp):
    if found != exp["spans"]:
        err(kind, n, f"spans {found!r} != expected {exp['spans']!r}")

for n, rec, exp in lines("standoff"):
    t = rec["text"]
    if t != exp["text"]: err("standoff", n, "text differs")
    for s in rec["spans"]:
        if t[s["startOffset"]:s["endOffset"]] != s["text"]: err("standoff", n, f"span {s['id']} text")
    same_spans("standoff", n, [[s["label"], t[s["startOffset"]:s["endOffset"]]] for s in rec["spans"]], exp)

for kind in ("spacy", "spacy_plain"):
    for n, rec, exp in lines(kind):
        t = rec["text"]
        same_spans(kind, n, [[s["label"], t[s["start"]:s["end"]]] for s in rec["spans"]], exp)
        if kind == "spacy_plain":
            if "tokens" in rec: err(kind, n, "tokens written")
            continue
        toks = rec["tokens"]
        # What spacy.tokens.Doc(vocab, words, spaces) rebuilds, and where it puts each token.
        rebuilt, idx = "", []
        for i, tok in enumerate(toks):
            if tok["id"] != i: err(kind, n, f"token {i} has id {tok['id']}")
            if t[tok["start"]:tok["end"]] != tok["text"]: err(kind, n, f"token {i} text")
            idx.append(len(rebuilt))
            rebuilt += tok["text"] + (" " if tok["ws"] else "")
        if rebuilt != t: err(kind, n, "tokens do not rebuild the text")
        if idx != [tok["start"] for tok in toks]: err(kind, n, "token offsets differ from Doc's")
        for s in rec["spans"]:
            if s["start"] == s["end"]:
                if "token_start" in s: err(kind, n, "zero-width span with tokens")
                continue
            ts, te = s["token_start"], s["token_end"]
            if toks[ts]["start"] != s["start"] or toks[te]["end"] != s["end"]:
                err(kind, n, f"span {s['id']} tokens {ts}..{te} do not cover {s['start']}..{s['end']}")
        for r in rec.get("relations", []):
            for end, key in (("head", "head_span"), ("child", "child_span")):
                if end in r and r[end] != r[key].get("token_end"): err(kind, n, f"relation {r['id']} {end} is not its span's last token")

for kind in ("doccano", "doccano_rel"):
    for n, rec, exp in lines(kind):
        t = rec["text"]
        u = t.encode("utf-16-le")
        sel = lambda a, b: u[2 * a:2 * b].decode("utf-16-le")
        if kind == "doccano":
            found = [[lab, sel(a, b)] for a, b, lab in rec["label"]]
        else:
            found = [[e["label"], sel(e["start_offset"], e["end_offset"])] for e in rec["entities"]]
            ids = {e["id"] for e in rec["entities"]}
            for r in rec["relations"]:
                if r["from_id"] not in ids or r["to_id"] not in ids: err(kind, n, "relation to an unknown entity")
        same_spans(kind, n, found, exp)

labels = files["labels"]
for n, rec, exp in lines("hf"):
    if "".join(rec["tokens"]) != "".join(exp["text"].split()): err("hf", n, "tokens are not the text without whitespace")
    if len(rec["tokens"]) != len(rec["ner_tags"]): err("hf", n, "one tag per token")
    if any(not isinstance(x, int) or not 0 <= x < len(labels) for x in rec["ner_tags"]): err("hf", n, "tag out of the label list")

print(json.dumps({"errors": errors, "counts": counts}))
`;

const dir = mkdtempSync(join(tmpdir(), 'standoff-jsonl-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('JSONL exports read by Python', () => {
  it.skipIf(!available)(`give every span in the units each format promises${skipReason}`, () => {
    const random = seededRandom(20240501);
    const generated = Array.from({ length: 400 }, (_, i) => generateDocument(random, i, { zeroWidth: true }));
    const sample = sampleProject();
    const jobs: Array<{ doc: InterchangeDocument; context: ExportContext }> = [
      ...generated.map((doc) => ({ doc, context: { schema: TEST_SCHEMA, entities: TEST_ENTITIES } })),
      ...sample.docs.map((doc) => ({ doc, context: sample.ctx })),
    ];
    expect(sample.docs.length).toBeGreaterThan(0);
    const labels = huggingFaceLabelList(TEST_SCHEMA);
    const write = (name: string, line: (job: (typeof jobs)[number]) => string) => {
      const path = join(dir, `${name}.jsonl`);
      writeFileSync(path, jobs.map(line).join(''), 'utf8');
      return path;
    };
    const files = {
      standoff: write('standoff', ({ doc, context }) => standoffJsonlLine(doc, context)),
      spacy: write('spacy', ({ doc }) => spacyJsonlLine(doc)),
      spacy_plain: write('spacy_plain', ({ doc }) => spacyJsonlLine(doc, { tokens: false })),
      doccano: write('doccano', ({ doc }) => doccanoJsonlLine(doc)),
      doccano_rel: write('doccano_rel', ({ doc }) => doccanoJsonlLine(doc, { relations: true })),
      // The sample project's labels are the default ones, all in the generated schema.
      hf: write('hf', ({ doc }) => huggingFaceRecord(doc, labels).line),
      labels,
      // Expected from the documents themselves: each span's label and its quote (computed from code points).
      expected: jobs.map(({ doc }) => ({ text: doc.text, spans: [...doc.spans].sort(compareSpans).map((s) => [s.label, s.quote.exact]) })),
    };
    const out = spawnSync(PYTHON, ['-c', SCRIPT], { input: JSON.stringify(files), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, PYTHONIOENCODING: 'utf-8', PYTHONUTF8: '1' } });
    expect(out.status, out.stderr).toBe(0);
    const result = JSON.parse(out.stdout) as { errors: string[]; counts: Record<string, number> };
    expect(result.errors).toEqual([]);
    for (const kind of ['standoff', 'spacy', 'spacy_plain', 'doccano', 'doccano_rel', 'hf']) expect(result.counts[kind], kind).toBe(jobs.length);
    // The corpus has what makes UTF-16 and code points differ.
    expect(jobs.some(({ doc }) => /[\u{10000}-\u{10FFFF}]/u.test(doc.text) && doc.spans.length > 0)).toBe(true);
  });
});
