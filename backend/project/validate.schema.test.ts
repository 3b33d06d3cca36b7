import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAnnotationFile, serializeAnnotationFile, type AnnotationFile } from '../../shared/format/annotationFile';
import { parseEntityFile, serializeEntityFile } from '../../shared/format/entityFile';
import { layout } from '../../shared/format/layout';
import { validateProject } from './validate';
import { sampleCopies } from '../../tests/support/sample';

const DOC = '000_121e11c80b4a277e';
const LAYLA = layout.annotation(DOC, 'layla');
const TOM_REGISTRY = layout.entities('tom');

const copySample = sampleCopies('validate-schema');

/** A copy of the sample project as it ships: five documents, layla's and tom's annotations and registries. */
async function sample(): Promise<string> {
  const root = await copySample({ annotations: true });
  return root;
}

async function readLayer(root: string, rel = LAYLA): Promise<AnnotationFile> {
  return parseAnnotationFile(await readFile(path.join(root, rel), 'utf8'), rel);
}

/** Changes layla's annotation file of DOC as an editor outside Standoff might, keeping the format valid. */
async function editLayer(root: string, change: (file: AnnotationFile) => void): Promise<AnnotationFile> {
  const file = await readLayer(root);
  change(file);
  await writeFile(path.join(root, LAYLA), serializeAnnotationFile(file));
  return readLayer(root);
}

/** Index in the file of the first span of a label, and that span. */
function firstOf(file: AnnotationFile, label: string): number {
  const i = file.spans.findIndex((s) => s.label === label);
  expect(i, `a ${label} span in ${LAYLA}`).toBeGreaterThanOrEqual(0);
  return i;
}

async function filesOf(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const e of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const full = path.join(e.parentPath, e.name);
    out.set(full, `${(await readFile(full)).toString('base64')}@${(await stat(full)).mtimeMs}`);
  }
  return out;
}

/** Validates, checks that only reading happened, and returns the problems by file. */
async function problemsOf(root: string): Promise<Map<string, string[]>> {
  const before = await filesOf(root);
  const report = await validateProject(root);
  expect(await filesOf(root)).toEqual(before);
  return new Map(report.problems.map((p) => [p.file, p.problems]));
}

describe('validateProject on the sample project', () => {
  it('finds no problem in the project as it ships, and checks every file of both annotators', async () => {
    const report = await validateProject(await sample());
    expect(report.problems).toEqual([]);
    // The manifest, two registry files, and for each of five documents its text, its metadata and two annotation files.
    expect(report.filesChecked).toBe(1 + 2 + 5 * 4);
  });
});

describe('validateProject checks annotations against the schema', () => {
  it('reports an attribute value that does not fit, naming the span, the label and the attribute', async () => {
    const root = await sample();
    let f = -1;
    let a = -1;
    await editLayer(root, (file) => {
      f = firstOf(file, 'casualty-figure');
      a = firstOf(file, 'actor');
      const figure = file.spans[f]!;
      file.spans[f] = { ...figure, attributes: { ...figure.attributes, outcome: 'exploded', count: 5, vague: 'yes' } };
      const actor = file.spans[a]!;
      file.spans[a] = { ...actor, attributes: { ...actor.attributes, colour: 'red' } };
    });
    const problems = await problemsOf(root);
    expect([...problems.keys()]).toEqual([LAYLA]);
    expect(problems.get(LAYLA)).toEqual(
      expect.arrayContaining([
        `spans[${f}]: Casualty figure › Outcome: "exploded" is not one of its options (killed, injured, missing)`,
        `spans[${f}]: Casualty figure › Count (min–max): must be {min, max}`,
        `spans[${f}]: Casualty figure › Vague: must be true or false`,
        `spans[${a}]: Actor has no attribute "colour"`,
      ]),
    );
    expect(problems.get(LAYLA)).toHaveLength(4);
  });

  it('reports a relation whose type does not allow the labels of its spans', async () => {
    const root = await sample();
    const file = await editLayer(root, (data) => {
      const claimant = data.relations.findIndex((r) => r.type === 'claimant');
      expect(claimant).toBeGreaterThanOrEqual(0);
      data.relations[claimant] = { ...data.relations[claimant]!, id: 'r-broken', type: 'reported-by' };
    });
    const i = file.relations.findIndex((r) => r.id === 'r-broken');
    const problems = await problemsOf(root);
    expect([...problems.keys()]).toEqual([LAYLA]);
    expect(problems.get(LAYLA)).toEqual([`relations[${i}]: "reported by" cannot start at a claim span`]);
  });

  it('reports a relation of a type the schema does not have', async () => {
    const root = await sample();
    const file = await editLayer(root, (data) => {
      data.relations[0] = { ...data.relations[0]!, id: 'r-broken', type: 'funds' };
    });
    const i = file.relations.findIndex((r) => r.id === 'r-broken');
    expect((await problemsOf(root)).get(LAYLA)).toEqual([`relations[${i}]: no relation type "funds" in the schema`]);
  });

  it('reports an entity link to an id no registry file holds, and accepts one held only in another annotator’s file', async () => {
    const root = await sample();
    let dangling = -1;
    await editLayer(root, (file) => {
      const actors = file.spans.map((s, i) => [s, i] as const).filter(([s]) => s.label === 'actor' && typeof s.attributes?.entity === 'string');
      expect(actors.length).toBeGreaterThanOrEqual(2);
      const [[first, i], [second, j]] = actors as [[typeof file.spans[number], number], [typeof file.spans[number], number]];
      dangling = i;
      file.spans[i] = { ...first, attributes: { ...first.attributes, entity: 'no-such-group' } };
      // Only tom's registry has this one: the registry is every annotator's files together.
      file.spans[j] = { ...second, attributes: { ...second.attributes, entity: 'iraqi-general-003' } };
    });
    const problems = await problemsOf(root);
    expect([...problems.keys()]).toEqual([LAYLA]);
    expect(problems.get(LAYLA)).toEqual([`spans[${dangling}]: Entity links "no-such-group", which no registry file in entities/ holds`]);
  });
});

describe('validateProject checks the entity registry files', () => {
  const registryCases: Array<[what: string, content: (original: string) => string | Buffer, problem: RegExp]> = [
    ['not JSON', () => '{"format": "standoff/entities", "entities": [', /^not valid JSON/],
    ['not UTF-8', () => Buffer.concat([Buffer.from('{"format": "standoff/entities", "name": "'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]), /^not valid UTF-8 \(first bad byte at 41\)$/],
    ['of a newer version', (o) => o.replace('"version": 1', '"version": 4'), /format version 4 is newer than this Standoff understands/],
    ['with a record missing its name', (o) => o.replace('"name": "Abu Mahdi al-Muhandis",', ''), /^entities\[0\]\.name: /],
    [
      'with an entity merged into itself',
      (o) => {
        const file = parseEntityFile(o, TOM_REGISTRY);
        file.entities[0] = { ...file.entities[0]!, mergedInto: file.entities[0]!.id };
        return serializeEntityFile(file);
      },
      /an entity cannot be merged into itself/,
    ],
    ['naming another annotator', (o) => o.replace('"annotator": "tom"', '"annotator": "layla"'), /^"annotator" is "layla" but the file is named "tom\.json"$/],
  ];

  it.each(registryCases)('reports entities/<annotator>.json %s, naming the file, and nothing else', async (_what, content, problem) => {
    const root = await sample();
    const original = await readFile(path.join(root, TOM_REGISTRY), 'utf8');
    await writeFile(path.join(root, TOM_REGISTRY), content(original));
    const problems = await problemsOf(root);
    // Tom's annotations link entities only his registry holds: while it cannot be read, they are not called dangling.
    expect([...problems.keys()]).toEqual([TOM_REGISTRY]);
    expect(problems.get(TOM_REGISTRY)?.join('\n')).toMatch(new RegExp(problem.source, 'm'));
  });

  it('reports a stray file in entities/ and a temporary file a save left, and ignores other hidden ones', async () => {
    const root = await sample();
    await writeFile(path.join(root, 'entities', 'notes.txt'), 'to do');
    await writeFile(path.join(root, 'entities', '.DS_Store'), 'x');
    await writeFile(path.join(root, 'entities', '.tom.json.tmp'), '{"half": ');
    const problems = await problemsOf(root);
    expect([...problems.keys()].sort()).toEqual(['entities/.tom.json.tmp', 'entities/notes.txt']);
    expect(problems.get('entities/notes.txt')).toEqual(['not an entity registry file name (<annotator>.json)']);
    expect(problems.get('entities/.tom.json.tmp')?.[0]).toMatch(/^a temporary file left by an interrupted save of tom\.json; `standoff validate --repair` removes it/);
  });

  it('reports links into a registry file that was removed', async () => {
    const root = await sample();
    await rm(path.join(root, TOM_REGISTRY));
    const problems = await problemsOf(root);
    // Every report is a link from tom's annotations to an entity only his file held.
    expect(problems.size).toBeGreaterThan(0);
    for (const [file, list] of problems) {
      expect(file).toMatch(/^documents\/\d{3}_[0-9a-f]+\/annotations\/tom\.json$/);
      for (const p of list) expect(p).toMatch(/^spans\[\d+\]: Entity links "[a-z0-9-]+", which no registry file in entities\/ holds$/);
    }
    expect(problems.get(layout.annotation('003_0facc4703c9682af', 'tom'))?.join('\n')).toContain('"iraqi-general-003"');
  });
});
