/** The import tells Label Studio and WebAnno TSV files from their content, as a user gives them. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../backend/import/annotations';

const fixtures = fileURLToPath(new URL('./fixtures', import.meta.url));

describe('the format of an import, told by the file', () => {
  it('a Label Studio JSON export, a WebAnno TSV file and a folder of them', async () => {
    expect(await detectFormat(path.join(fixtures, 'labelstudio', 'ner-relations.json'), false)).toBe('labelstudio');
    expect(await detectFormat(path.join(fixtures, 'webanno', 'testSentenceWithEmoji.tsv'), false)).toBe('webanno');
    expect(await detectFormat(path.join(fixtures, 'webanno'), true)).toBe('webanno');
  });

  it('a folder whose only .tsv is an export’s dropped list is not WebAnno', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'standoff-detect-'));
    await writeFile(path.join(dir, 'dropped.tsv'), 'document\tlayer\titem\tkind\treason\tdetail\n');
    expect(await detectFormat(dir, true)).toBe('brat');
  });
});
