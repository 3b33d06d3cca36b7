import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAnnotationFile, serializeAnnotationFile } from '../../shared/format/annotationFile';
import { layout } from '../../shared/format/layout';
import { importArticles } from '../import/importer';
import { StandoffService } from '../service';

const SAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../annotations');
const temps: string[] = [];
afterAll(() => Promise.all(temps.map((t) => rm(t, { recursive: true, force: true }))));

async function project(): Promise<{ service: StandoffService; root: string }> {
  const root = await mkdtemp(path.join(tmpdir(), 'standoff-notes-'));
  temps.push(root);
  await cp(SAMPLE, root, { recursive: true, filter: (src) => !path.relative(SAMPLE, src).split(path.sep).includes('annotations') });
  await writeFile(path.join(root, 'notes.txt'), 'Praise for Kataib Hezbollah, said the army in Basra.');
  await importArticles(root, [path.join(root, 'notes.txt')]);
  return { service: await StandoffService.open(root), root };
}

const actor = (id: string, text: string, exact: string) => {
  const start = text.indexOf(exact);
  return { id, label: 'actor', startOffset: start, endOffset: start + exact.length, quote: { prefix: '', exact, suffix: '' } };
};

describe('notes through the service', () => {
  it('saves a span note with its span, a document note alone, and finds both by text and by flag, saying whose', async () => {
    const { service, root } = await project();
    const doc = await service.openDocument({ docId: 'notes' });
    const span = actor('a1', doc.text, 'Kataib Hezbollah');
    await service.applyEdits({ docId: 'notes', annotator: 'amira', edits: [{ op: 'add', span }] });
    await service.applyEdits({ docId: 'notes', annotator: 'amira', edits: [{ op: 'update', span: { ...span, note: { text: 'Praise, or a claim? Ask.', flag: 'unsure' } } }] });
    await service.setNote({ docId: 'notes', annotator: 'tom', note: { text: 'Second half is a wire copy', flag: 'check-source' } });

    const rel = layout.annotation('notes', 'amira');
    const file = parseAnnotationFile(await readFile(path.join(root, rel), 'utf8'), rel);
    expect(file.spans[0]!.note).toEqual({ text: 'Praise, or a claim? Ask.', flag: 'unsure' });
    const reopened = await service.openDocument({ docId: 'notes', annotators: ['amira', 'tom'] });
    expect(reopened.layers.find((l) => l.annotator === 'tom')!.note).toEqual({ text: 'Second half is a wire copy', flag: 'check-source' });
    expect(reopened.layers.find((l) => l.annotator === 'amira')!.note).toBeUndefined();

    const byText = await service.search({ query: 'CLAIM', notes: {} });
    expect(byText.hits).toEqual([expect.objectContaining({ docId: 'notes', spanId: 'a1', annotator: 'amira', noteOn: 'span', match: 'Kataib Hezbollah', note: { text: 'Praise, or a claim? Ask.', flag: 'unsure' } })]);
    const byFlag = await service.search({ query: '', notes: { flag: 'check-source' } });
    expect(byFlag.hits).toEqual([expect.objectContaining({ docId: 'notes', annotator: 'tom', noteOn: 'document' })]);
    expect((await service.search({ query: '', notes: {} })).hits).toHaveLength(2);
    // A text search does not look in notes.
    expect((await service.search({ query: 'wire copy' })).hits).toHaveLength(0);

    // Removing the note: the span stays, without it.
    await service.applyEdits({ docId: 'notes', annotator: 'amira', edits: [{ op: 'update', span }] });
    await service.setNote({ docId: 'notes', annotator: 'tom', note: null });
    expect((await service.search({ query: '', notes: {} })).hits).toHaveLength(0);
    await service.close();
  });

  it('keeps the curator’s notes on disagreements in gold only, and refuses them elsewhere', async () => {
    const { service, root } = await project();
    await service.setNote({ docId: 'notes', annotator: 'gold', unit: 'amira/a1+tom/t1', note: { text: 'The army is the claimant here', flag: 'discuss' } });
    const gold = await service.openDocument({ docId: 'notes', annotators: [], gold: true });
    expect(gold.gold!.unitNotes).toEqual({ 'amira/a1+tom/t1': { text: 'The army is the claimant here', flag: 'discuss' } });
    await expect(service.setNote({ docId: 'notes', annotator: 'amira', unit: 'amira/a1', note: { text: 'x' } })).rejects.toThrow(/only the gold layer/);
    const raw = await readFile(path.join(root, layout.annotation('notes', 'gold')), 'utf8');
    expect(raw).toContain('"unitNotes": {\n    "amira/a1+tom/t1": {"text": "The army is the claimant here", "flag": "discuss"}\n  }');
    await service.close();
  });

  it('a note written while another program changed the file lands on their version; a span note changed by both is a conflict', async () => {
    const { service, root } = await project();
    const doc = await service.openDocument({ docId: 'notes' });
    const a1 = actor('a1', doc.text, 'Kataib Hezbollah');
    const a2 = actor('a2', doc.text, 'the army');
    await service.applyEdits({ docId: 'notes', annotator: 'amira', edits: [{ op: 'add', span: a1 }, { op: 'add', span: a2 }] });
    const rel = layout.annotation('notes', 'amira');
    const full = path.join(root, rel);
    // Another program (a git pull) notes a1 and adds a document note.
    const theirs = parseAnnotationFile(await readFile(full, 'utf8'), rel);
    theirs.spans = theirs.spans.map((s) => (s.id === 'a1' ? { ...s, note: { text: 'theirs' } } : s));
    theirs.note = { text: 'from the other machine' };
    await writeFile(full, serializeAnnotationFile(theirs));
    // This window notes a1 (conflict) and a2 (merged), then its document note.
    const result = await service.applyEdits({ docId: 'notes', annotator: 'amira', edits: [{ op: 'update', span: { ...a1, quote: theirs.spans[0]!.quote, note: { text: 'mine' } } }, { op: 'update', span: { ...a2, quote: theirs.spans[1]!.quote, note: { text: 'mine too' } } }] });
    expect(result.merged?.conflicts.map((c) => c.id)).toEqual(['a1']);
    const now = parseAnnotationFile(await readFile(full, 'utf8'), rel);
    expect(now.spans.map((s) => s.note?.text)).toEqual(['theirs', 'mine too']);
    expect(now.note).toEqual({ text: 'from the other machine' });
    await service.close();
  });
});
