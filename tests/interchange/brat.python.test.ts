/**
 * The brat export read the way brat reads it, in Python: the .ann split into lines by
 * str.splitlines() (which also breaks at \v \f \x1c–\x1e \x85 U+2028 U+2029, so a span's text
 * must not hold any of them), each T line's text field equal to the document's fragments
 * (Python str slices: code points) joined by one space, as brat's annotation.py checks it, and
 * every R, A and # line pointing at a T line of the file. annotation.conf's sections and
 * declared types are checked too. Skipped, saying why, without /usr/bin/python3.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportBrat } from '../../shared/interchange/brat/export';
import type { ExportContext, InterchangeDocument } from '../../shared/interchange/model';
import { TEST_CONTEXT, generateDocument, seededRandom } from './generate';
import { python, pythonWith, sampleProject } from './support';

const { available, skipReason } = pythonWith(['json'], 'python3');

const SCRIPT = `
import io, json, re, sys
job = json.load(sys.stdin)
conf = io.open(job["conf"], encoding="utf-8").read().splitlines()
sections, section = {}, None
for line in conf:
    if not line.strip() or line.startswith("#"):
        continue
    m = re.match(r"^\\[(\\w+)\\]$", line)
    if m:
        section = m.group(1)
        sections[section] = []
    else:
        sections[section].append(line.split("\\t")[0])
entity_types = set(sections["entities"])
relation_types = set(sections["relations"])
attribute_names = set(sections["attributes"])
out = []
for f in job["files"]:
    text = io.open(f["txt"], encoding="utf-8", newline="").read()
    raw = io.open(f["ann"], encoding="utf-8", newline="").read()
    lines = raw.splitlines()
    problems = []
    if len(lines) != raw.count("\\n"):
        problems.append(["line count", len(lines), raw.count("\\n")])
    ids = {}
    for n, line in enumerate(lines, 1):
        kind = line[0]
        if kind == "T":
            id_, rest = line.split("\\t", 1)
            head, field = rest.split("\\t", 1)
            label, offsets = head.split(" ", 1)
            frags = [tuple(int(x) for x in part.split(" ")) for part in offsets.split(";")]
            ref = " ".join(text[s:e] for s, e in frags)
            if field != ref:
                problems.append([n, "text", field, ref])
            if label not in entity_types:
                problems.append([n, "undeclared label", label])
            ids[id_] = (label, frags[0][0], frags[-1][1])
    for n, line in enumerate(lines, 1):
        kind = line[0]
        if kind == "R":
            _, rest = line.split("\\t", 1)
            typ, a1, a2 = rest.split(" ")
            if typ not in relation_types or a1[5:] not in ids or a2[5:] not in ids:
                problems.append([n, "relation", line])
        elif kind == "A":
            _, rest = line.split("\\t", 1)
            parts = rest.split(" ")
            if parts[0] not in attribute_names or parts[1] not in ids:
                problems.append([n, "attribute", line])
        elif kind == "#":
            _, head, note = line.split("\\t", 2)
            if not head.startswith("AnnotatorNotes ") or head.split(" ")[1] not in ids:
                problems.append([n, "note", line])
        elif kind != "T":
            problems.append([n, "kind", line])
    out.append({"problems": problems, "spans": sorted(list(v) for v in ids.values())})
print(json.dumps(out))
`;

const dir = mkdtempSync(join(tmpdir(), 'standoff-brat-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function check(docs: InterchangeDocument[], ctx: ExportContext, name: string) {
  const out = exportBrat(docs, ctx);
  const conf = join(dir, `${name}-annotation.conf`);
  writeFileSync(conf, out.annotationConf, 'utf8');
  const files = out.documents.map((d, i) => {
    const base = join(dir, `${name}-${i}`);
    writeFileSync(`${base}.txt`, d.txt, 'utf8');
    writeFileSync(`${base}.ann`, d.ann, 'utf8');
    return { txt: `${base}.txt`, ann: `${base}.ann` };
  });
  const results = python<Array<{ problems: unknown[]; spans: Array<[string, number, number]> }>>(SCRIPT, { conf, files });
  docs.forEach((d, i) => {
    expect(out.documents[i]!.issues).toEqual([]);
    expect(results[i]!.problems, d.id).toEqual([]);
    expect(results[i]!.spans).toEqual(d.spans.map((s): [string, number, number] => [s.label, s.startOffset, s.endOffset]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1] || a[2] - b[2])));
  });
}

describe.skipIf(!available)(`brat files read as brat reads them (Python)${skipReason}`, () => {
  it('keeps every T line on one line with the text brat expects, for generated documents', () => {
    const random = seededRandom(2024);
    check(Array.from({ length: 150 }, (_, n) => generateDocument(random, n, { zeroWidth: true })), TEST_CONTEXT, 'gen');
  });

  it('does the same for the sample project (five seed articles, every layer)', () => {
    const { docs, ctx } = sampleProject();
    check(docs, ctx, 'seeds');
  });
});
