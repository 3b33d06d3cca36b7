/**
 * `standoff export` and `standoff import-annotations` as a user runs them (bin/standoff.mjs),
 * on a copy of the sample project.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { standoff } from '../../tests/support/cli';
import { describe, expect, it } from 'vitest';
import { layout } from '../../shared/format/layout';
import { parseAnnotationFile } from '../../shared/format/annotationFile';
import { tempDirs } from '../../tests/support/interchange';
import { sampleCopies } from '../../tests/support/sample';

const copySample = sampleCopies('cli-interchange');
const temp = tempDirs('cli-interchange');
const IDS = ['000_121e11c80b4a277e', '001_cc6eff7c9034e064', '002_8b07dd57c7e0feb1', '003_0facc4703c9682af', '004_e94987f2d4dfd192'];


describe('standoff export', () => {
  it('writes the dataset and its card, and says what it wrote and what it left out', async () => {
    const project = await copySample({ annotations: true });
    const dir = await temp();
    const out = path.join(dir, 'tom-hf');
    const run = await standoff('export', project, '--format', 'huggingface', '--out', out, '--layer', 'tom', '--labels', 'actor,claim');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Exported 5 documents \\(5 layers\\) as huggingface to ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`));
    expect(run.stdout).toContain('spans per label: claim 27, actor 131');
    expect(run.stdout).toMatch(/left out or changed: \d+ \(end-not-exported \d+, overlap \d+\)/);
    expect(run.stdout).toContain(`card: ${path.join(out, 'README.md')}`);
    expect((await readdir(out)).sort()).toEqual(['.labels.json', 'README.md', 'data.jsonl', 'dropped.tsv']);
    expect(JSON.parse(await readFile(path.join(out, '.labels.json'), 'utf8'))).toEqual(['O', 'B-claim', 'I-claim', 'B-actor', 'I-actor']);
  });

  it('takes finished documents and a list of documents', async () => {
    const project = await copySample({ annotations: true });
    const dir = await temp();
    // Mark one layer finished in its file, as the app does.
    const file = path.join(project, layout.annotation(IDS[2]!, 'layla'));
    await writeFile(file, (await readFile(file, 'utf8')).replace(/("textHash": "[^"]+",)/, '$1\n  "finished": true,'));
    expect(parseAnnotationFile(await readFile(file, 'utf8'), 'x').finished).toBe(true);
    const finished = await standoff('export', project, '--format', 'standoff', '--out', path.join(dir, 'f.jsonl'), '--layer', 'all', '--docs', 'finished');
    expect(finished.code).toBe(0);
    expect(finished.stdout).toContain('Exported 1 document (1 layer)');
    expect(finished.stdout).toContain('not finished, left out: 9 layers');
    const listed = await standoff('export', project, '--format', 'csv', '--out', path.join(dir, 'l.csv'), '--layer', 'layla', '--docs', `${IDS[4]},${IDS[0]}`, '--no-agreement');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('Exported 2 documents (2 layers)');
    expect(listed.stdout).toContain('agreement: not in the card: not asked for.');
  });

  it('refuses to overwrite without --overwrite, and says how; bad options are named', async () => {
    const project = await copySample({ annotations: true });
    const dir = await temp();
    const out = path.join(dir, 'x.jsonl');
    await writeFile(out, 'keep me');
    const refused = await standoff('export', project, '--format', 'standoff', '--out', out, '--layer', 'all');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(`standoff: ${out} exists and is not empty; not replacing it unless asked to (ask to overwrite it, or choose another name)\n`);
    expect(await readFile(out, 'utf8')).toBe('keep me');
    expect((await standoff('export', project, '--format', 'standoff', '--out', out, '--layer', 'all', '--overwrite')).code).toBe(0);
    const bad = await standoff('export', project, '--format', 'xml', '--out', out, '--docs', 'finished', '--layer', 'no/way');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--format');
    expect(bad.stderr).toContain('--layer');
    const nothing = await standoff('export', project, '--format', 'standoff', '--out', path.join(dir, 'gold.jsonl'));
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('nothing to export: no selected document has a gold layer');
  });
});

describe('standoff import-annotations', () => {
  it('imports an export back into another layer, then refuses to touch it again without --mode', async () => {
    const project = await copySample({ annotations: true });
    const dir = await temp();
    const out = path.join(dir, 'layla.ann');
    expect((await standoff('export', project, '--format', 'brat', '--out', out, '--layer', 'layla')).code).toBe(0);
    const run = await standoff('import-annotations', project, out, '--annotator', 'copy');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${IDS[0]} ← layla.ann/${IDS[0]}.ann (by id):`);
    expect(run.stdout).toContain('Imported: 5 documents, 198 spans, 48 relations into copy (brat).');
    for (const id of IDS) expect(await readdir(path.join(project, layout.annotationsDir(id)))).toContain('copy.json');
    const again = await standoff('import-annotations', project, out, '--annotator', 'copy');
    expect(again.code).toBe(1);
    expect(again.stdout).toContain(`already has`);
    expect(again.stdout).toContain('Nothing imported: 5 problems (brat into copy).');
    const merged = await standoff('import-annotations', project, out, '--annotator', 'copy', '--mode', 'merge');
    expect(merged.code).toBe(0);
    expect(merged.stdout).toContain('Imported: 5 documents, 0 spans, 0 relations into copy; 198 duplicates skipped (brat).');
  });

  it('names the file and line of each problem, and writes nothing', async () => {
    const project = await copySample({ annotations: true });
    const dir = await temp();
    const out = path.join(dir, 'layla.jsonl');
    expect((await standoff('export', project, '--format', 'spacy', '--out', out, '--layer', 'layla')).code).toBe(0);
    const lines = (await readFile(out, 'utf8')).split('\n');
    lines[2] = lines[2]!.replace('"label":"actor"', '"label":"villain"');
    await writeFile(out, lines.join('\n'));
    const run = await standoff('import-annotations', project, out, '--annotator', 'copy');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^layla\.jsonl:3: spans\[\d+\]: label "villain" is not in the schema/m);
    expect(run.stdout).toContain('Nothing imported: 1 problem (spacy into copy).');
    for (const id of IDS) expect(await readdir(path.join(project, layout.annotationsDir(id)))).not.toContain('copy.json');
  });
});
