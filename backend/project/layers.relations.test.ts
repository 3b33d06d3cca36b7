import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { rejection } from '../../tests/support/rejection';
import { spanOver } from '../../tests/support/spans';
import type { SpanEditInput } from '../../shared/api/contract';
import { parseAnnotationFile, type AnnotationFile } from '../../shared/format/annotationFile';
import { layout } from '../../shared/format/layout';
import type { Attributes } from '../../shared/model/labels';
import type { Span } from '../../shared/model/span';
import { StandoffService } from '../service';
import { sampleCopies } from '../../tests/support/sample';

const DOC = '000_121e11c80b4a277e';
const FILE = layout.annotation(DOC, 'amira');

const copySample = sampleCopies('relations');

/** A copy of the sample project: its texts, schema and entity registries, but no annotation files. */
async function newProject(): Promise<string> {
  const dir = await copySample({ annotations: false });
  return dir;
}

let root: string;
let service: StandoffService;
let text: string;
beforeEach(async () => {
  root = await newProject();
  service = await StandoffService.open(root);
  text = await readFile(path.join(root, layout.text(DOC)), 'utf8');
});

const span = (exact: string, id: string, label: string, attributes?: Attributes): Span => ({ ...spanOver(text, exact, id, label), ...(attributes ? { attributes } : {}) });
const claim = (id = 'c1', attributes: Attributes = { type: 'responsibility' }) => span('claimed responsibility', id, 'claim', attributes);
const actor = (id = 'a1', attributes: Attributes = { entity: 'saraya-thawrat-al-ashrin', kind: 'armed-group' }) => span('Sayara Thora Al-Ashrin', id, 'actor', attributes);
const figure = (id = 'f1', attributes: Attributes = { outcome: 'injured', count: { min: 3, max: null }, vague: true, victims: 'civilians' }) =>
  span('Injured people', id, 'casualty-figure', attributes);
const source = (id = 'a2') => span('a security source', id, 'actor', { kind: 'official' });
const denial = (id = 'd1') => span('denied', id, 'denial');

const apply = (edits: SpanEditInput[], annotator = 'amira', on: StandoffService = service) => on.applyEdits({ docId: DOC, annotator, edits });
const bytes = (rel = FILE) => readFile(path.join(root, rel));
async function saved(rel = FILE): Promise<AnnotationFile> {
  return parseAnnotationFile(await readFile(path.join(root, rel), 'utf8'), rel);
}
/** What the service shows of amira's layer. */
async function shown() {
  const doc = await service.openDocument({ docId: DOC, annotators: ['amira'] });
  return doc.layers[0];
}

/** A layer with a claim, its claimant and a casualty figure, saved. */
async function base(): Promise<void> {
  await apply([
    { op: 'add', span: claim() },
    { op: 'add', span: actor() },
    { op: 'add', span: figure() },
    { op: 'addRelation', relation: { id: 'r1', type: 'claimant', from: 'c1', to: 'a1' } },
  ]);
}

describe('spans with attributes and relations, in one batch', () => {
  it('are written to documents/<doc>/annotations/<annotator>.json', async () => {
    const result = await apply([
      { op: 'add', span: claim() },
      { op: 'add', span: actor() },
      { op: 'add', span: figure() },
      { op: 'add', span: source() },
      { op: 'addRelation', relation: { id: 'r1', type: 'claimant', from: 'c1', to: 'a1' } },
      { op: 'addRelation', relation: { id: 'r2', type: 'reported-by', from: 'f1', to: 'a2' } },
    ]);
    expect(result.spanCount).toBe(4);
    const file = await saved();
    expect(file.annotator).toBe('amira');
    expect(file.document).toBe(DOC);
    const byId = new Map(file.spans.map((s) => [s.id, s]));
    expect(byId.get('c1')).toMatchObject({ label: 'claim', quote: { exact: 'claimed responsibility' }, attributes: { type: 'responsibility' } });
    expect(byId.get('a1')?.attributes).toEqual({ entity: 'saraya-thawrat-al-ashrin', kind: 'armed-group' });
    expect(byId.get('f1')?.attributes).toEqual({ outcome: 'injured', count: { min: 3, max: null }, vague: true, victims: 'civilians' });
    expect(file.relations).toEqual([
      { id: 'r1', type: 'claimant', from: 'c1', to: 'a1' },
      { id: 'r2', type: 'reported-by', from: 'f1', to: 'a2' },
    ]);
    // And the service shows what the file holds.
    const layer = await shown();
    expect(layer?.relations).toEqual(file.relations);
    expect(layer?.spans.find((s) => s.id === 'f1')?.attributes).toEqual(byId.get('f1')?.attributes);
  });

  it('survive a reload of the service', async () => {
    await base();
    const again = await StandoffService.open(root);
    const [layer] = (await again.openDocument({ docId: DOC })).layers;
    expect(layer?.error).toBeUndefined();
    expect(layer?.relations).toEqual([{ id: 'r1', type: 'claimant', from: 'c1', to: 'a1' }]);
    expect(layer?.spans.find((s) => s.id === 'f1')?.attributes).toEqual({ outcome: 'injured', count: { min: 3, max: null }, vague: true, victims: 'civilians' });
    // The reloaded layer still guards its relations.
    expect((await rejection(apply([{ op: 'remove', id: 'a1' }], 'amira', again))).message).toContain('the claimant relation from Claim “claimed responsibility”');
  });

  it('drop an attribute set to nothing, and keep the others', async () => {
    await base();
    await apply([{ op: 'update', span: claim('c1', {}) }, { op: 'update', span: figure('f1', { outcome: 'killed' }) }]);
    const byId = new Map((await saved()).spans.map((s) => [s.id, s]));
    expect(byId.get('c1')).not.toHaveProperty('attributes');
    expect(byId.get('f1')?.attributes).toEqual({ outcome: 'killed' });
    expect((await saved()).relations).toHaveLength(1);
  });
});

describe('an attribute value that does not fit the schema', () => {
  const cases: Array<[what: string, edit: () => SpanEditInput, message: RegExp]> = [
    ['an unknown option', () => ({ op: 'add', span: claim('c2', { type: 'boast' }) }), /Claim “[^”]*”: Claim › Type: "boast" is not one of its options/],
    ['a number for a range', () => ({ op: 'add', span: figure('f2', { count: 5 }) }), /Casualty figure “[^”]*”: Casualty figure › Count \(min–max\): must be \{min, max\}/],
    ['a word for yes/no', () => ({ op: 'add', span: figure('f2', { vague: 'yes' }) }), /Casualty figure “[^”]*”: Casualty figure › Vague: must be true or false/],
    ['a range with its minimum above its maximum', () => ({ op: 'add', span: figure('f2', { count: { min: 9, max: 2 } }) }), /Casualty figure “[^”]*”: Casualty figure › Count \(min–max\): minimum is above maximum/],
    ['a range with no end', () => ({ op: 'add', span: figure('f2', { count: { min: null, max: null } }) }), /Casualty figure “[^”]*”: Casualty figure › Count \(min–max\): needs a minimum or a maximum/],
    ['an attribute the label does not have', () => ({ op: 'add', span: claim('c2', { colour: 'red' }) }), /Claim “[^”]*”: Claim has no attribute "colour"/],
    ['an attribute of another label', () => ({ op: 'add', span: span('denied', 'd2', 'denial', { outcome: 'killed' }) }), /Denial “[^”]*”: Denial has no attribute "outcome"/],
    ['a bad value set by an update', () => ({ op: 'update', span: figure('f1', { outcome: 'exploded' }) }), /Casualty figure “[^”]*”: Casualty figure › Outcome: "exploded" is not one of its options/],
  ];

  it.each(cases)('is refused (%s), naming the span and the attribute; the file is unchanged byte for byte', async (_what, edit, message) => {
    await base();
    const before = await bytes();
    const error = await rejection(apply([edit()]));
    expect(error.code).toBe('bad-request');
    expect(error.message).toMatch(message);
    expect((await bytes()).equals(before)).toBe(true);
    // Nor did the layer in memory take it: the next save writes no trace of it.
    await apply([{ op: 'add', span: denial() }]);
    const file = await saved();
    expect(file.spans.map((s) => s.id).sort()).toEqual(['a1', 'c1', 'd1', 'f1']);
    expect(file.spans.find((s) => s.id === 'f1')?.attributes).toEqual({ outcome: 'injured', count: { min: 3, max: null }, vague: true, victims: 'civilians' });
  });

  it('creates no file when it comes in a new annotator’s first batch', async () => {
    await rejection(apply([{ op: 'add', span: actor() }, { op: 'add', span: claim('c1', { type: 'boast' }) }], 'bob'));
    await expect(readFile(path.join(root, layout.annotation(DOC, 'bob')))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('relations are checked against the schema', () => {
  it('refuses a relation whose type does not allow those labels, leaving the file as it was', async () => {
    await base();
    const before = await bytes();
    // Reversed: the claimant goes from the claim to the actor, not the other way.
    const reversed = await rejection(apply([{ op: 'addRelation', relation: { id: 'r2', type: 'claimant', from: 'a1', to: 'c1' } }]));
    expect(reversed.code).toBe('bad-request');
    expect(reversed.message).toMatch(/the claimant relation from [^:]*: "claimant" cannot start at an? actor span/);
    const wrongEnd = await rejection(apply([{ op: 'addRelation', relation: { id: 'r2', type: 'reported-by', from: 'f1', to: 'c1' } }]));
    expect(wrongEnd.message).toMatch(/the reported by relation from [^:]*: "reported by" cannot end at a claim span/);
    const unknown = await rejection(apply([{ op: 'addRelation', relation: { id: 'r2', type: 'funds', from: 'c1', to: 'a1' } }]));
    expect(unknown.message).toContain('no relation type "funds" in the schema');
    const dangling = await rejection(apply([{ op: 'addRelation', relation: { id: 'r2', type: 'claimant', from: 'c1', to: 'nobody' } }]));
    expect(dangling.message).toContain('its target span "nobody" does not exist');
    const twice = await rejection(apply([{ op: 'addRelation', relation: { id: 'r1', type: 'claimant', from: 'c1', to: 'a1' } }]));
    expect(twice.code).toBe('conflict');
    expect(twice.message).toContain('the claimant relation from Claim “claimed responsibility” to Actor “Sayara Thora Al-Ashrin” is already there');
    expect((await bytes()).equals(before)).toBe(true);
    expect((await shown())?.relations).toEqual([{ id: 'r1', type: 'claimant', from: 'c1', to: 'a1' }]);
  });

  it('refuses to remove a span that a relation still joins, and keeps both', async () => {
    await base();
    const before = await bytes();
    for (const id of ['a1', 'c1']) {
      const error = await rejection(apply([{ op: 'remove', id }]));
      expect(error.code).toBe('bad-request');
      expect(error.message).toMatch(new RegExp(`the claimant relation from .*: its (source|target) span "${id}" does not exist`));
    }
    expect((await bytes()).equals(before)).toBe(true);
    const layer = await shown();
    expect(layer?.spans.map((s) => s.id).sort()).toEqual(['a1', 'c1', 'f1']);
    expect(layer?.relations).toHaveLength(1);
  });

  it('removes the relation and its span together in one batch, in either order', async () => {
    await base();
    await apply([{ op: 'add', span: source() }, { op: 'addRelation', relation: { id: 'r2', type: 'reported-by', from: 'f1', to: 'a2' } }]);
    const first = await apply([{ op: 'remove', id: 'a1' }, { op: 'removeRelation', id: 'r1' }]);
    expect(first.spanCount).toBe(3);
    const second = await apply([{ op: 'removeRelation', id: 'r2' }, { op: 'remove', id: 'f1' }]);
    expect(second.spanCount).toBe(2);
    const file = await saved();
    expect(file.spans.map((s) => s.id).sort()).toEqual(['a2', 'c1']);
    expect(file.relations).toEqual([]);
  });

  it('refuses to relabel a span so that its relation no longer fits', async () => {
    await base();
    const before = await bytes();
    const target = await rejection(apply([{ op: 'update', span: span('Sayara Thora Al-Ashrin', 'a1', 'claim') }]));
    expect(target.message).toMatch(/the claimant relation from [^:]*: "claimant" cannot end at a claim span/);
    const source = await rejection(apply([{ op: 'update', span: span('claimed responsibility', 'c1', 'denial') }]));
    expect(source.message).toMatch(/the claimant relation from [^:]*: "claimant" cannot start at a denial span/);
    expect((await bytes()).equals(before)).toBe(true);
    // A change that keeps the labels is fine, and so is relabelling along with a new relation type.
    await apply([{ op: 'update', span: actor('a1', { kind: 'official' }) }]);
    expect((await saved()).spans.find((s) => s.id === 'a1')?.attributes).toEqual({ kind: 'official' });
    await apply([
      { op: 'removeRelation', id: 'r1' },
      { op: 'update', span: span('claimed responsibility', 'c1', 'denial') },
      { op: 'addRelation', relation: { id: 'r1', type: 'denier', from: 'c1', to: 'a1' } },
    ]);
    expect((await saved()).relations).toEqual([{ id: 'r1', type: 'denier', from: 'c1', to: 'a1' }]);
  });
});

describe('a batch applies whole or not at all', () => {
  it('writes nothing of a batch whose last edit is refused, in the file or in memory', async () => {
    await base();
    const before = await bytes();
    const error = await rejection(
      apply([
        { op: 'add', span: source() },
        { op: 'addRelation', relation: { id: 'r2', type: 'reported-by', from: 'f1', to: 'a2' } },
        { op: 'removeRelation', id: 'r1' },
        { op: 'update', span: figure('f1', { outcome: 'killed' }) },
        { op: 'addRelation', relation: { id: 'r3', type: 'denies', from: 'c1', to: 'a1' } },
      ]),
    );
    expect(error.message).toContain('the denies relation from Claim “claimed responsibility” to Actor');
    expect((await bytes()).equals(before)).toBe(true);
    const layer = await shown();
    expect(layer?.spans.map((s) => s.id).sort()).toEqual(['a1', 'c1', 'f1']);
    expect(layer?.relations).toEqual([{ id: 'r1', type: 'claimant', from: 'c1', to: 'a1' }]);
    expect(layer?.spans.find((s) => s.id === 'f1')?.attributes?.outcome).toBe('injured');
    // The same batch without the bad edit goes through.
    await apply([
      { op: 'add', span: source() },
      { op: 'addRelation', relation: { id: 'r2', type: 'reported-by', from: 'f1', to: 'a2' } },
      { op: 'removeRelation', id: 'r1' },
      { op: 'update', span: figure('f1', { outcome: 'killed' }) },
    ]);
    const file = await saved();
    expect(file.relations).toEqual([{ id: 'r2', type: 'reported-by', from: 'f1', to: 'a2' }]);
    expect(file.spans.find((s) => s.id === 'f1')?.attributes).toEqual({ outcome: 'killed' });
  });

  it('checks a relation against the spans as the batch leaves them, not as they were', async () => {
    // The relation comes before the spans it joins, in the same batch.
    await apply([
      { op: 'addRelation', relation: { id: 'r1', type: 'claimant', from: 'c1', to: 'a1' } },
      { op: 'add', span: claim() },
      { op: 'add', span: actor() },
    ]);
    expect((await saved()).relations).toHaveLength(1);
    // A span added and relabelled within one batch is checked with its final label.
    const error = await rejection(
      apply([
        { op: 'add', span: span('a security source', 'a2', 'actor') },
        { op: 'addRelation', relation: { id: 'r2', type: 'claimant', from: 'c1', to: 'a2' } },
        { op: 'update', span: span('a security source', 'a2', 'denial') },
      ]),
    );
    expect(error.message).toMatch(/the claimant relation from [^:]*: "claimant" cannot end at a denial span/);
  });
});

describe('stable output', () => {
  it('writes each relation on one line, relations sorted by source, target, type and id', async () => {
    await apply([
      { op: 'add', span: source('z') },
      { op: 'add', span: figure('f') },
      { op: 'add', span: actor('b') },
      { op: 'add', span: claim('a') },
      { op: 'addRelation', relation: { id: 'r9', type: 'reported-by', from: 'f', to: 'z' } },
      { op: 'addRelation', relation: { id: 'r2', type: 'claimant', from: 'a', to: 'z' } },
      { op: 'addRelation', relation: { id: 'r1', type: 'claimant', from: 'a', to: 'b' } },
    ]);
    const raw = (await bytes()).toString('utf8');
    expect(raw).toContain(
      [
        '  "relations": [',
        '    {"id": "r1", "type": "claimant", "from": "a", "to": "b"},',
        '    {"id": "r2", "type": "claimant", "from": "a", "to": "z"},',
        '    {"id": "r9", "type": "reported-by", "from": "f", "to": "z"}',
        '  ],',
      ].join('\n'),
    );
    // Attributes sorted by id, a range with min before max, an open end as null.
    expect(raw).toContain(
      [
        '      "attributes": {',
        '        "count": {',
        '          "min": 3,',
        '          "max": null',
        '        },',
        '        "outcome": "injured",',
        '        "vague": true,',
        '        "victims": "civilians"',
        '      }',
      ].join('\n'),
    );
    expect(raw.endsWith('\n}\n')).toBe(true);
  });

  it('writes the same bytes for the same content, whatever order the edits came in', async () => {
    const edits: SpanEditInput[] = [
      { op: 'add', span: claim() },
      { op: 'add', span: actor() },
      { op: 'add', span: figure('f1', { victims: 'civilians', vague: true, outcome: 'injured', count: { max: null, min: 3 } }) },
      { op: 'add', span: source() },
      { op: 'addRelation', relation: { id: 'r1', type: 'claimant', from: 'c1', to: 'a1' } },
      { op: 'addRelation', relation: { id: 'r2', type: 'reported-by', from: 'f1', to: 'a2' } },
    ];
    await apply(edits);
    const first = await bytes();

    const otherRoot = await newProject();
    const other = await StandoffService.open(otherRoot);
    // Relations before their spans, in another batch: refused, and nothing written.
    await rejection(apply([edits[5]!, edits[4]!], 'amira', other));
    await apply([edits[3]!, edits[1]!], 'amira', other);
    await apply([edits[5]!, edits[2]!, edits[0]!, edits[4]!], 'amira', other);
    expect((await readFile(path.join(otherRoot, FILE))).equals(first)).toBe(true);

    // Saving a span unchanged leaves the file as it was.
    await apply([{ op: 'update', span: figure() }]);
    expect((await bytes()).equals(first)).toBe(true);
  });
});
