import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { rejection } from '../../tests/support/rejection';
import type { EntityInput } from '../../shared/api/contract';
import { parseEntityFile, serializeEntityFile, type EntityFile } from '../../shared/format/entityFile';
import { layout } from '../../shared/format/layout';
import { StandoffService } from '../service';
import { SAMPLE, sampleCopies } from '../../tests/support/sample';


const copySample = sampleCopies('entities');

let root: string;
let service: StandoffService;
/** A copy of the sample project with its two registry files (layla, tom) and no annotation files. */
beforeEach(async () => {
  root = await copySample({ annotations: false });
  service = await StandoffService.open(root);
});

const full = (annotator: string) => path.join(root, layout.entities(annotator));
const bytes = (annotator: string) => readFile(full(annotator));
async function registryFile(annotator: string): Promise<EntityFile> {
  return parseEntityFile(await readFile(full(annotator), 'utf8'), layout.entities(annotator));
}
/** Starts from an empty registry (the sample's two files removed). */
async function emptyRegistry(): Promise<void> {
  await rm(full('layla'));
  await rm(full('tom'));
}
const save = (annotator: string, entity: EntityInput) => service.saveEntity({ annotator, entity });
const names = async () => (await service.listEntities()).entities.map((e) => e.name);
const byId = async (id: string) => (await service.listEntities()).entities.find((e) => e.id === id);
/** `updated` has millisecond resolution: a pause makes the next save unambiguously later. */
const later = () => new Promise((r) => setTimeout(r, 5));

/** Every file of the project with its bytes. */
async function snapshot(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const e of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const file = path.join(e.parentPath, e.name);
    const rel = path.relative(root, file).split(path.sep).join('/');
    if (rel.startsWith('.standoff/')) continue; // this machine's working folder (seats), not the project's content
    out.set(rel, (await readFile(file)).toString('base64'));
  }
  return out;
}

describe('the registry as the sample project ships it', () => {
  it('merges layla’s and tom’s files into one list, with no problems', async () => {
    const list = await service.listEntities();
    expect(list.problems).toEqual([]);
    const kh = list.entities.find((e) => e.id === 'kataib-hezbollah');
    expect(kh?.contributors).toEqual(['layla', 'tom']);
    // Aliases of both records, without the name itself.
    expect(kh?.aliases).toEqual(expect.arrayContaining(['Hezbollah Brigades', 'Kata’ib Hizballah', 'Kataib Hezbollah militia']));
    expect(kh?.aliases).not.toContain('Kataib Hezbollah');
    // Entities only one annotator recorded are there too.
    expect(list.entities.find((e) => e.id === 'iraqi-general-003')?.contributors).toEqual(['tom']);
    expect(list.entities.find((e) => e.id === 'islamic-state')?.aliases).toEqual(expect.arrayContaining(['IS', 'ISIS']));
  });
});

describe('saveEntity writes only the annotator’s own file', () => {
  it('creates entities/<annotator>.json for a new annotator and leaves every other file byte for byte', async () => {
    const before = await snapshot();
    const saved = await save('amira', { name: '  Saraya Awliya al-Dam ', kind: 'armed-group', aliases: ['Awliya al-Dam', ' Awliya al-Dam', 'Saraya Awliya al-Dam', ''], notes: 'Claimed the Erbil attack.' });
    expect(saved).toMatchObject({ id: 'saraya-awliya-al-dam', name: 'Saraya Awliya al-Dam', kind: 'armed-group', aliases: ['Awliya al-Dam'], contributors: ['amira'] });
    const after = await snapshot();
    expect([...after.keys()].filter((f) => !before.has(f))).toEqual(['entities/amira.json']);
    for (const [file, content] of before) expect(after.get(file), file).toBe(content);

    const file = await registryFile('amira');
    expect(file.annotator).toBe('amira');
    expect(file.entities).toEqual([
      { id: 'saraya-awliya-al-dam', name: 'Saraya Awliya al-Dam', kind: 'armed-group', aliases: ['Awliya al-Dam'], notes: 'Claimed the Erbil attack.', updated: saved.updated },
    ]);
    expect(Date.now() - Date.parse(saved.updated)).toBeLessThan(60_000);
    expect(await names()).toContain('Saraya Awliya al-Dam');
  });

  it('gives a new entity with a name already taken an id of its own, rather than changing the other', async () => {
    const layla = await bytes('layla');
    const tom = await bytes('tom');
    const saved = await save('amira', { name: 'Kataib Hezbollah', aliases: ['KH'] });
    expect(saved.id).toBe('kataib-hezbollah-2');
    expect((await byId('kataib-hezbollah'))?.aliases).not.toContain('KH');
    expect((await bytes('layla')).equals(layla)).toBe(true);
    expect((await bytes('tom')).equals(tom)).toBe(true);
  });

  it('changes an entity in the annotator’s own file only, leaving the other annotator’s record as it was', async () => {
    const tom = await bytes('tom');
    await save('layla', { id: 'iraq', name: 'Iraq (federal government)', kind: 'state', aliases: ['Iraq', 'Baghdad government'] });
    expect((await bytes('tom')).equals(tom)).toBe(true);
    const layla = await registryFile('layla');
    expect(layla.entities.find((e) => e.id === 'iraq')).toMatchObject({ name: 'Iraq (federal government)', aliases: ['Iraq', 'Baghdad government'] });
    // Nothing else of layla’s file changed.
    const original = parseEntityFile(await readFile(path.join(SAMPLE, layout.entities('layla')), 'utf8'), 'layla');
    expect(layla.entities.filter((e) => e.id !== 'iraq')).toEqual(original.entities.filter((e) => e.id !== 'iraq'));
    const merged = await byId('iraq');
    expect(merged?.name).toBe('Iraq (federal government)');
    expect(merged?.aliases).toEqual(expect.arrayContaining(['Iraq', 'Baghdad government', 'Iraqi government']));
  });

  it('refuses to change an entity the registry does not hold', async () => {
    const error = await rejection(save('amira', { id: 'no-such-group', name: 'No such group', aliases: [] }));
    expect(error.code).toBe('not-found');
    expect(error.message).toContain('no entity "no-such-group"');
    await expect(readFile(full('amira'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('two annotators’ records of one entity', () => {
  it('unite their aliases, and the record updated last gives the name', async () => {
    await emptyRegistry();
    // Annotator ids in the opposite order to the saves: a tie would go to "zoe", so only the time can make adam win.
    const created = await save('zoe', { name: 'Hashd al-Shaabi', aliases: ['PMF'] });
    expect(created.id).toBe('hashd-al-shaabi');
    const zoe = await bytes('zoe');
    await later();
    await save('adam', { id: 'hashd-al-shaabi', name: 'Popular Mobilization Forces', aliases: ['PMU', 'PMF'] });
    expect((await bytes('zoe')).equals(zoe)).toBe(true);
    // Zoe's alias stays in her file only: were it copied into Adam's, her removing it would not remove it.
    expect((await registryFile('adam')).entities).toEqual([expect.objectContaining({ id: 'hashd-al-shaabi', name: 'Popular Mobilization Forces', aliases: ['PMU'] })]);

    const list = await service.listEntities();
    expect(list.entities).toHaveLength(1);
    expect(list.entities[0]).toMatchObject({ id: 'hashd-al-shaabi', name: 'Popular Mobilization Forces', aliases: ['PMF', 'PMU'], contributors: ['adam', 'zoe'] });

    // Zoe changes it again, later: her name wins now, and the aliases are still united.
    await later();
    await save('zoe', { id: 'hashd-al-shaabi', name: 'Hashd al-Shaabi', aliases: ['PMF', 'Hashd'] });
    const entity = await byId('hashd-al-shaabi');
    expect(entity?.name).toBe('Hashd al-Shaabi');
    expect([...(entity?.aliases ?? [])].sort()).toEqual(['Hashd', 'PMF', 'PMU']);
    expect((await registryFile('adam')).entities[0]?.name).toBe('Popular Mobilization Forces');
  });
});

describe("hiding another annotator's alias", () => {
  it('is kept in the hider’s own file, with no entity record, and their own alias is removed instead', async () => {
    await emptyRegistry();
    await save('zoe', { name: 'Hashd al-Shaabi', aliases: ['PMF', 'Hashd'] });
    const zoe = await bytes('zoe');
    // Adam removes "PMF" from what he sees: it is Zoe's, so it is hidden for him, not removed.
    const seen = await save('adam', { id: 'hashd-al-shaabi', name: 'Hashd al-Shaabi', aliases: ['Hashd'], hiddenAliases: ['PMF'] });
    expect((await bytes('zoe')).equals(zoe)).toBe(true);
    expect(await registryFile('adam')).toMatchObject({ entities: [], hiddenAliases: { 'hashd-al-shaabi': ['PMF'] } });
    expect(seen.aliases).toEqual(['PMF', 'Hashd']);
    expect(seen.hiddenBy).toEqual({ PMF: ['adam'] });
    expect(seen.aliasOwners).toEqual({ PMF: ['zoe'], Hashd: ['zoe'] });
    // Shown again: the entry goes.
    await save('adam', { id: 'hashd-al-shaabi', name: 'Hashd al-Shaabi', aliases: ['Hashd'], hiddenAliases: [] });
    expect((await registryFile('adam')).hiddenAliases).toBeUndefined();
    expect((await byId('hashd-al-shaabi'))?.hiddenBy).toBeUndefined();
  });
});

describe('merging entities', () => {
  beforeEach(async () => {
    await emptyRegistry();
    await save('amira', { name: 'Hashd al-Shaabi', aliases: ['PMF'] });
    await save('amira', { name: 'Hachd al-Chaabi', aliases: [] });
    await save('amira', { name: 'Kataib Hezbollah', aliases: [] });
  });

  it('makes the merged entity resolve to the survivor and leave the list', async () => {
    expect(await names()).toEqual(['Hachd al-Chaabi', 'Hashd al-Shaabi', 'Kataib Hezbollah']);
    await later();
    const merged = await save('tom', { id: 'hachd-al-chaabi', name: 'Hachd al-Chaabi', aliases: [], mergedInto: 'hashd-al-shaabi' });
    expect(merged.mergedInto).toBe('hashd-al-shaabi');
    expect((await registryFile('tom')).entities).toEqual([expect.objectContaining({ id: 'hachd-al-chaabi', mergedInto: 'hashd-al-shaabi' })]);
    expect(await names()).toEqual(['Hashd al-Shaabi', 'Kataib Hezbollah']);
    // Typing the merged entity's name suggests the survivor, saying why.
    const [top] = await service.suggestEntities({ text: 'Hachd' });
    expect(top?.entity.id).toBe('hashd-al-shaabi');
    expect(top?.matched).toBe('Hachd al-Chaabi');
    expect(top?.explanation).toContain("'Hachd al-Chaabi' was merged into 'Hashd al-Shaabi'");
    // And it is no longer proposed as a duplicate of the entity it is part of.
    expect(await service.entityDuplicates({})).toEqual([]);
  });

  it('follows a chain of merges, and refuses a merge that would loop or name an unknown entity', async () => {
    await save('amira', { name: 'al-Hashd', aliases: [] });
    await save('amira', { id: 'hachd-al-chaabi', name: 'Hachd al-Chaabi', aliases: [], mergedInto: 'hashd-al-shaabi' });
    await save('amira', { id: 'al-hashd', name: 'al-Hashd', aliases: [], mergedInto: 'hachd-al-chaabi' });
    expect(await names()).toEqual(['Hashd al-Shaabi', 'Kataib Hezbollah']);
    expect((await service.suggestEntities({ text: 'al-Hashd' }))[0]?.entity.id).toBe('hashd-al-shaabi');

    const before = await bytes('amira');
    const loop = await rejection(save('amira', { id: 'hashd-al-shaabi', name: 'Hashd al-Shaabi', aliases: ['PMF'], mergedInto: 'al-hashd' }));
    expect(loop.code).toBe('conflict');
    expect(loop.message).toContain('already one entity');
    const unknown = await rejection(save('amira', { id: 'kataib-hezbollah', name: 'Kataib Hezbollah', aliases: [], mergedInto: 'nobody' }));
    expect(unknown.code).toBe('not-found');
    expect(unknown.message).toContain('"nobody"');
    expect((await bytes('amira')).equals(before)).toBe(true);
  });

  it('is undone by a later record without mergedInto', async () => {
    await save('tom', { id: 'hachd-al-chaabi', name: 'Hachd al-Chaabi', aliases: [], mergedInto: 'hashd-al-shaabi' });
    expect(await names()).not.toContain('Hachd al-Chaabi');
    await later();
    await save('amira', { id: 'hachd-al-chaabi', name: 'Hachd al-Chaabi', aliases: [] });
    expect(await names()).toContain('Hachd al-Chaabi');
  });
});

describe('registry files changed on disk by something else', () => {
  it('are seen by the next listEntities, without reopening the project', async () => {
    expect(await byId('kataib-hezbollah')).toBeDefined();
    const tom = await registryFile('tom');
    const edited: EntityFile = {
      ...tom,
      entities: [
        ...tom.entities.map((e) => (e.id === 'kataib-hezbollah' ? { ...e, name: 'Kata’ib Hizballah (KH)', updated: '2030-01-01T00:00:00.000Z' } : e)),
        { id: 'saraya-awliya-al-dam', name: 'Saraya Awliya al-Dam', aliases: [], updated: '2030-01-01T00:00:00.000Z' },
      ],
    };
    await writeFile(full('tom'), serializeEntityFile(edited));
    expect((await byId('kataib-hezbollah'))?.name).toBe('Kata’ib Hizballah (KH)');
    expect((await byId('saraya-awliya-al-dam'))?.contributors).toEqual(['tom']);
    expect((await service.suggestEntities({ text: 'Awliya' }))[0]?.entity.id).toBe('saraya-awliya-al-dam');

    // A save as tom keeps what was written on disk.
    await save('tom', { name: 'Usbat al-Thaireen fighters', aliases: [] });
    const ids = (await registryFile('tom')).entities.map((e) => e.id);
    expect(ids).toEqual(expect.arrayContaining(['saraya-awliya-al-dam', 'usbat-al-thaireen-fighters']));
    expect((await registryFile('tom')).entities.find((e) => e.id === 'kataib-hezbollah')?.name).toBe('Kata’ib Hizballah (KH)');

    // A file removed takes its records with it.
    await rm(full('tom'));
    expect(await byId('iraqi-general-003')).toBeUndefined();
    expect((await byId('kataib-hezbollah'))?.contributors).toEqual(['layla']);
    expect((await byId('kataib-hezbollah'))?.name).toBe('Kataib Hezbollah');
  });

  it('picks up a registry file that appears, from a sync say', async () => {
    await writeFile(
      full('nadia'),
      serializeEntityFile({ format: 'standoff/entities', version: 1, annotator: 'nadia', entities: [{ id: 'kataib-hezbollah', name: 'Kataib Hezbollah', aliases: ['KH'], updated: '2020-01-01T00:00:00.000Z' }] }),
    );
    const kh = await byId('kataib-hezbollah');
    expect(kh?.contributors).toEqual(['layla', 'nadia', 'tom']);
    expect(kh?.aliases).toContain('KH');
  });
});

describe('a corrupt registry file', () => {
  const cases: Array<[what: string, content: Buffer, problem: RegExp]> = [
    ['bad JSON', Buffer.from('{"format": "standoff/entities", "version": 1, "entit'), /^not valid JSON/],
    ['invalid UTF-8', Buffer.concat([Buffer.from('{"format": "standoff/entities", "name": "'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]), /^not valid UTF-8 \(first bad byte at 41\)$/],
    ['a record that does not validate', Buffer.from('{"format": "standoff/entities", "version": 1, "annotator": "tom", "entities": [{"id": "x", "aliases": []}]}'), /entities\[0\]/],
    ['another annotator’s file', Buffer.from(serializeEntityFile({ format: 'standoff/entities', version: 1, annotator: 'layla', entities: [] })), /belongs to "layla", not to tom/],
  ];

  it.each(cases)('(%s) is reported in problems with its file name, and the other files still count', async (_what, content, problem) => {
    await writeFile(full('tom'), content);
    const list = await service.listEntities();
    expect(list.problems).toHaveLength(1);
    expect(list.problems[0]?.file).toBe('entities/tom.json');
    expect(list.problems[0]?.problems.join('\n')).toMatch(new RegExp(problem.source, 'm'));
    // Layla's records are there; those only tom's file held are not.
    expect(list.entities.find((e) => e.id === 'kataib-hezbollah')?.contributors).toEqual(['layla']);
    expect(list.entities.find((e) => e.id === 'iraqi-general-003')).toBeUndefined();
  });

  it.each(cases)('(%s) is never written: saving as its annotator is refused, the file byte for byte untouched', async (_what, content) => {
    await writeFile(full('tom'), content);
    const refused = await rejection(save('tom', { name: 'New group', aliases: [] }));
    expect(refused.code).toBe('unreadable-file');
    expect(refused.message).toContain('entities/tom.json could not be read, so it is not being changed');
    const edit = await rejection(save('tom', { id: 'kataib-hezbollah', name: 'Kataib Hezbollah', aliases: ['KH'] }));
    expect(edit.code).toBe('unreadable-file');
    expect((await bytes('tom')).equals(content)).toBe(true);
    // Another annotator can still save.
    await save('layla', { name: 'New group', aliases: [] });
    expect((await registryFile('layla')).entities.map((e) => e.id)).toContain('new-group');
    expect((await bytes('tom')).equals(content)).toBe(true);
  });

  it('is read again once it is fixed on disk, and can then be saved', async () => {
    const original = await bytes('tom');
    await writeFile(full('tom'), '{"format": ');
    expect((await service.listEntities()).problems).toHaveLength(1);
    await writeFile(full('tom'), original);
    const list = await service.listEntities();
    expect(list.problems).toEqual([]);
    expect(list.entities.find((e) => e.id === 'iraqi-general-003')).toBeDefined();
    await save('tom', { name: 'New group', aliases: [] });
    expect((await registryFile('tom')).entities.map((e) => e.id)).toEqual(expect.arrayContaining(['iraqi-general-003', 'new-group']));
  });
});

describe('suggestEntities', () => {
  beforeEach(async () => {
    await emptyRegistry();
    for (const name of ['Hashd al-Shaabi', 'Suleimani', 'Kataib Hezbollah', 'Asaib Ahl al-Haq', 'Hamas']) await save('amira', { name, aliases: [] });
  });

  it('finds Hashd al-Shaabi for "Hachd al-Chaabi", explaining the spelling rules', async () => {
    const found = await service.suggestEntities({ text: 'Hachd al-Chaabi' });
    expect(found.map((s) => s.entity.name)).toEqual(['Hashd al-Shaabi']);
    expect(found[0]?.matched).toBe('Hashd al-Shaabi');
    const why = found[0]?.explanation.join('\n') ?? '';
    expect(why).toContain("'Hachd' ~ 'Hashd'");
    expect(why).toContain("'Chaabi' ~ 'Shaabi'");
    expect(why).toMatch(/ch→sh/);
  });

  it('finds Suleimani for "Soleimani"', async () => {
    const found = await service.suggestEntities({ text: 'Soleimani' });
    expect(found[0]?.entity.name).toBe('Suleimani');
    expect(found[0]?.explanation.join('\n')).toContain("'Soleimani' ~ 'Suleimani'");
  });

  it('finds what begins with the typed text first, and nothing for blank text', async () => {
    const found = await service.suggestEntities({ text: 'hash' });
    expect(found[0]).toMatchObject({ entity: { name: 'Hashd al-Shaabi' }, explanation: ["the name 'Hashd al-Shaabi' begins with 'hash'"] });
    expect(await service.suggestEntities({ text: '   ' })).toEqual([]);
    expect((await service.suggestEntities({ text: 'a', limit: 2 })).length).toBeLessThanOrEqual(2);
  });
});

describe('entityDuplicates', () => {
  it('proposes Hashd al-Shaabi and Hachd al-Chaabi, explained, but not Kataib Hezbollah and Asaib Ahl al-Haq', async () => {
    await emptyRegistry();
    await save('amira', { name: 'Hashd al-Shaabi', aliases: [] });
    await save('amira', { name: 'Kataib Hezbollah', aliases: ['Hezbollah Brigades'] });
    await save('tom', { name: 'Hachd al-Chaabi', aliases: [] });
    await save('tom', { name: 'Asaib Ahl al-Haq', aliases: ['League of the Righteous'] });
    const found = await service.entityDuplicates({});
    expect(found.map((d) => [d.a.id, d.b.id])).toEqual([['hachd-al-chaabi', 'hashd-al-shaabi']]);
    expect(found[0]).toMatchObject({ matchedA: 'Hachd al-Chaabi', matchedB: 'Hashd al-Shaabi' });
    expect(found[0]?.score).toBeGreaterThanOrEqual(0.85);
    expect(found[0]?.explanation.some((l) => l.includes('ch→sh'))).toBe(true);
  });

  it('never pairs Kataib Hezbollah with Asaib Ahl al-Haq in the sample registry', async () => {
    const pairs = (await service.entityDuplicates({ limit: 1000 })).map((d) => `${d.a.id}/${d.b.id}`);
    expect(pairs).not.toContain('asaib-ahl-al-haq/kataib-hezbollah');
    expect(pairs.every((p) => !(p.includes('asaib-ahl-al-haq') && p.includes('kataib-hezbollah')))).toBe(true);
  });
});
