/**
 * W3C annotations whose targets are web addresses, imported through the service into a copy of
 * the sample project: a map from sources to documents (the command line's --source), or the
 * document whose own source is that address; an address that names nothing is a problem
 * saying how to map it.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StandoffService } from '../../backend/service';
import { sampleCopies } from '../support/sample';

const copySample = sampleCopies('w3c-sources');
const DOC = '000_121e11c80b4a277e';
const URL = 'https://news.example.org/2024/iraq-attack';

async function annotationsOn(root: string, source: string): Promise<string> {
  const text = await readFile(path.join(root, 'documents', DOC, 'text.txt'), 'utf8');
  const exact = Array.from(text).slice(0, 12).join('');
  const file = path.join(root, '..', `web-${Math.random().toString(36).slice(2)}.jsonld`);
  const anno = {
    '@context': 'http://www.w3.org/ns/anno.jsonld',
    '@graph': [
      { id: 'https://annotations.example.org/a1', type: 'Annotation', body: '_:b0', target: '_:b1' },
      { id: '_:b0', type: 'TextualBody', purpose: 'tagging', value: 'claim' },
      { id: '_:b1', source, selector: { type: 'FragmentSelector', conformsTo: 'http://tools.ietf.org/rfc/rfc5147', value: 'char=0,12', refinedBy: { type: 'TextQuoteSelector', exact } } },
    ],
  };
  await writeFile(file, JSON.stringify(anno), 'utf8');
  return file;
}

describe('W3C import: targets that are web addresses', () => {
  it('a map from the source to a document brings the annotations onto it', async () => {
    const root = await copySample({ annotations: false });
    const service = await StandoffService.open(root);
    const file = await annotationsOn(root, URL);
    const refused = await service.importAnnotations({ path: file, annotator: 'web' });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.problems[0]?.message).toContain(`target source ${URL} names no document of the project: map it to one (standoff import-annotations --source ${URL}=<document id>)`);
    const result = await service.importAnnotations({ path: file, annotator: 'web', w3cSources: { [URL]: DOC } });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.documents.map((d) => [d.docId, d.spans])).toEqual([[DOC, 1]]);
    const opened = await service.openDocument({ docId: DOC });
    expect(opened.layers.find((l) => l.annotator === 'web')?.spans.map((s) => [s.label, s.startOffset, s.endOffset])).toEqual([['claim', 0, 12]]);
  });

  it('without a map, the document whose source is that address', async () => {
    const root = await copySample({ annotations: false });
    const meta = path.join(root, 'documents', DOC, 'document.json');
    await writeFile(meta, (await readFile(meta, 'utf8')).replace('"source": "jpost"', `"source": "${URL}"`), 'utf8');
    const service = await StandoffService.open(root);
    const result = await service.importAnnotations({ path: await annotationsOn(root, URL), annotator: 'web' });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.documents.map((d) => d.docId)).toEqual([DOC]);
  });
});
