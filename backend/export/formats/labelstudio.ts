/**
 * Label Studio JSON: a folder with `tasks.json` (a JSON array of tasks, one per document and
 * layer, each with one annotation: Label Studio's own export layout, which its import reads as
 * annotated tasks) and `config.xml` (the labelling configuration its `from_name`s need).
 */
import path from 'node:path';
import { labelStudioConfig, labelStudioTask } from '../../../shared/interchange/labelstudio';
import { Sink, writeWhole } from '../sink';
import { issueLoss, noteCount, type FormatWriter, type WriterSetup } from './writer';

export async function labelStudioWriter(setup: WriterSetup): Promise<FormatWriter> {
  const { context, losses } = setup;
  const sink = await Sink.create(path.join(setup.out, 'tasks.json'));
  let tasks = 0;
  return {
    async write(doc) {
      const issues: Array<{ item: string; message: string }> = [];
      const task = labelStudioTask(doc, ++tasks, context, (item, message) => issues.push({ item, message }));
      await sink.write(`${tasks === 1 ? '[\n' : ',\n'}${JSON.stringify(task)}`);
      for (const i of issues) await losses.add(issueLoss(doc, i.item, i.message));
      losses.notCarried.notes += noteCount(doc);
      const result = task.annotations[0]?.result ?? [];
      return { spans: result.filter((r) => r.type === 'labels').length, relations: result.filter((r) => r.type === 'relation').length };
    },
    async finish() {
      await sink.write(tasks === 0 ? '[]\n' : '\n]\n');
      await sink.close();
      const bytes = await writeWhole(path.join(setup.out, 'config.xml'), labelStudioConfig(context.schema));
      return { files: 2, bytes: sink.bytes + bytes };
    },
    discard: () => sink.discard(),
    contents: () => [
      ['tasks.json', `Label Studio tasks, one per document${setup.severalLayers ? ' and annotator' : ''}, each with one annotation (regions, per-region attributes, relations)`],
      ['config.xml', 'the labelling configuration: paste it into the project’s Settings › Labeling Interface › Code before importing tasks.json'],
    ],
    notes: () => [
      'Label Studio JSON (its Export › JSON layout; Import reads it as annotated tasks): `data` holds `text`, `document` (the Standoff id), `title`, `source`, `annotator`; each annotation’s `result` holds a `labels` region per span (`value.start`, `value.end`, `value.text`, `value.labels`), with the span’s id as the region id.',
      '`start`/`end` are **Unicode code points**, as Label Studio stores them since 1.4 (Python’s `text[start:end]`).',
      'Attributes are per-region results with the region’s id and `from_name` `<label>.<attribute>` (controls with `perRegion="true"` in config.xml): choices as `choices`, yes/no as `choices` `["yes"]`/`["no"]`, whole numbers as `number`, free text, ranges (`min..max`) and linked entities (their id) as `textarea`.',
      'Relations are `relation` results (`from_id` the source span, `to_id` the target, `direction: right`, `labels` the relation type).',
      'Notes have no place in Label Studio’s results: not written (counted under “Left out or changed”). `standoff import-annotations` reads this file back (one annotation per task).',
    ],
  };
}
