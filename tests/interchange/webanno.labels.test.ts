/**
 * WebAnno TSV 3 brings labels from outside: `--add-labels` (labels.add) adds the layer's values
 * to the schema, as it does for brat and CoNLL. Fixture: INCEpTION's own TSV 3 suite
 * (tests/interchange/fixtures/webanno, see its README).
 */
import { copyFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../shared/format/manifest';
import { StandoffService } from '../../backend/service';
import { tempDirs, writeProject } from '../support/interchange';

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'webanno', 'testMultiTokenStackedSpanWithFeatureValue.tsv');
const temp = tempDirs('webanno-labels');

describe('WebAnno TSV 3 with labels the schema lacks', () => {
  it('names them without --add-labels, and adds them with it', async () => {
    const dir = await temp();
    const root = await writeProject(path.join(dir, 'p'), [{ id: 'testMultiTokenStackedSpanWithFeatureValue', text: 'This is a test .' }]);
    const file = path.join(dir, 'testMultiTokenStackedSpanWithFeatureValue.tsv');
    await copyFile(FIXTURE, file);
    const service = await StandoffService.open(root);
    try {
      const refused = await service.importAnnotations({ path: file, annotator: 'inception' });
      expect(refused.ok).toBe(false);
      if (!refused.ok) expect(refused.problems.map((p) => p.message).join('\n')).toContain('label "PERSON"');
      const added = await service.importAnnotations({ path: file, annotator: 'inception', labels: { add: true } });
      expect(added.ok).toBe(true);
      const labels = parseManifest(await readFile(path.join(root, 'standoff.json'), 'utf8'), 'standoff.json').labels.map((l) => l.id);
      expect(labels).toEqual(expect.arrayContaining(['PERSON', 'LOCATION']));
    } finally {
      await service.close();
    }
  });
});
