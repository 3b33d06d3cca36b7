/**
 * The dataset card written beside every export (Markdown): what was exported and from where,
 * the counts, what was left out and why, agreement between the annotators, the schema, and the
 * format's notes. It holds no clock time unless a date is given, so the same project gives
 * the same card.
 */
import type { ExportDocuments, ExportFormat, ExportLayer, ExportLoss, ProjectAgreementReport } from '../../shared/api/contract';
import { EXPORT_LOSS_REASONS } from '../../shared/api/contract';
import type { ByCriterion, CriterionId, Estimate } from '../../shared/agreement';
import { kindOf } from '../../shared/model/attributeKinds';
import type { AttributeDef, LabelSchema } from '../../shared/model/labels';
import { formatEntry, writesFolder } from '../../shared/interchange/formats';
import { huggingFaceLabelList } from '../../shared/interchange/jsonl';
import { CARD_MARKER } from './target';

export interface CardInput {
  project: string;
  format: ExportFormat;
  formatName: string;
  layer: ExportLayer;
  documents: ExportDocuments;
  labelFilter: string[] | null;
  /** The exported labels' schema. */
  schema: LabelSchema;
  date: string | null;
  counts: {
    documentsInProject: number;
    documentsSelected: number;
    documents: number;
    layers: number;
    notFinished: number;
    spansWritten: number;
    relationsWritten: number;
    /** Spans exported per label and layer, before what the format could not hold. */
    byLabelAndLayer: Map<string, Map<string, number>>;
    relationsExported: number;
  };
  losses: { total: number; byReason: Map<string, number>; first: ExportLoss[]; listName: string | null };
  notCarried: { attributes: number; relations: number; notes?: number };
  agreement: { report: ProjectAgreementReport } | { reason: string };
  contents: Array<[string, string]>;
  notes: string[];
}


const F1_ORDER: readonly CriterionId[] = ['exact-labelled', 'overlap-labelled', 'exact-unlabelled', 'overlap-unlabelled'];

export function datasetCard(input: CardInput): string {
  const out: string[] = [...frontMatter(input), CARD_MARKER, ''];
  const line = (s = '') => out.push(s);
  const { counts } = input;
  const n = (x: number) => x.toLocaleString('en-US');

  line(`# ${input.project}: ${input.formatName}`);
  line();
  line('| | |');
  line('|---|---|');
  line(`| Format | ${input.formatName} (\`${input.format}\`) |`);
  line(`| Layer | ${layerWords(input.layer)} |`);
  line(`| Labels | ${input.labelFilter ? input.labelFilter.map(code).join(', ') : `all (${input.schema.labels.map((l) => code(l.id)).join(', ')})`} |`);
  line(`| Documents | ${documentWords(input.documents)} |`);
  if (input.date) line(`| Exported | ${input.date} |`);
  line(`| Offsets | ${formatEntry(input.format).offsets === 'UTF-16' ? 'UTF-16 code units (converted from Standoff’s Unicode code points)' : 'Unicode code points, start inclusive, end exclusive'} |`);
  line();

  line('## What it holds');
  line();
  line(
    `${n(counts.documents)} document${counts.documents === 1 ? '' : 's'} (of ${n(counts.documentsSelected)} selected, ${n(counts.documentsInProject)} in the project), ` +
      `${n(counts.layers)} layer${counts.layers === 1 ? '' : 's'}; ${n(counts.spansWritten)} span${counts.spansWritten === 1 ? '' : 's'} and ${n(counts.relationsWritten)} relation${counts.relationsWritten === 1 ? '' : 's'} written.`,
  );
  if (counts.notFinished) line(`${n(counts.notFinished)} layer${counts.notFinished === 1 ? ' was' : 's were'} left out because ${counts.notFinished === 1 ? 'it is' : 'they are'} not finished.`);
  line();
  for (const [name, what] of input.contents) line(`- \`${name}\`: ${what}`);
  line(`- ${writesFolder(input.format) ? '`README.md`' : 'this card'}: this description`);
  if (input.losses.listName) line(`- \`${input.losses.listName}\`: every item left out or changed, one per line (tab-separated: document, layer, item, kind, reason, detail)`);
  line();

  line('### Spans per label and layer');
  line();
  const layers = [...new Set([...counts.byLabelAndLayer.values()].flatMap((m) => [...m.keys()]))].sort(layerOrder);
  line(`| label | ${layers.map(code).join(' | ')}${layers.length > 1 ? ' | all' : ''} |`);
  line(`|---|${layers.map(() => '---:').join('|')}${layers.length > 1 ? '|---:' : ''}|`);
  const total = new Map<string, number>();
  for (const label of input.schema.labels) {
    const row = counts.byLabelAndLayer.get(label.id) ?? new Map<string, number>();
    const cells = layers.map((l) => row.get(l) ?? 0);
    layers.forEach((l, i) => total.set(l, (total.get(l) ?? 0) + (cells[i] as number)));
    line(`| ${label.name} (${code(label.id)}) | ${cells.map(n).join(' | ')}${layers.length > 1 ? ` | ${n(cells.reduce((a, b) => a + b, 0))}` : ''} |`);
  }
  const totals = layers.map((l) => total.get(l) ?? 0);
  line(`| **all** | ${totals.map(n).join(' | ')}${layers.length > 1 ? ` | ${n(totals.reduce((a, b) => a + b, 0))}` : ''} |`);
  line();
  line(`These are the spans of the exported layers (and ${n(counts.relationsExported)} relation${counts.relationsExported === 1 ? '' : 's'} between them); what the format could not hold is below.`);
  line();

  line('## Left out or changed');
  line();
  const { losses, notCarried } = input;
  const notes = notCarried.notes ?? 0;
  if (losses.total === 0 && notCarried.attributes === 0 && notCarried.relations === 0 && notes === 0) line('Nothing: every span, attribute, relation and note of the exported layers is in the export as it is in the project.');
  else {
    if (notCarried.attributes) line(`- ${n(notCarried.attributes)} attribute value${notCarried.attributes === 1 ? '' : 's'} not written: the format has no place for attributes.`);
    if (notCarried.relations) line(`- ${n(notCarried.relations)} relation${notCarried.relations === 1 ? '' : 's'} not written: the format has no place for ${input.format === 'doccano' ? 'relations in this layout' : 'relations'}.`);
    if (notes) line(`- ${n(notes)} note${notes === 1 ? '' : 's'} not written: the format has no place for ${input.format === 'brat' ? 'a note on a whole document (notes on spans are `#` lines)' : 'the annotators’ notes (Standoff JSONL and CSV keep them)'}.`);
    if (notCarried.attributes || notCarried.relations || notes) line();
    if (losses.total) {
      line('| reason | count |');
      line('|---|---:|');
      for (const [reason, count] of [...losses.byReason].sort((a, b) => (a[0] < b[0] ? -1 : 1))) line(`| ${EXPORT_LOSS_REASONS[reason] ?? reason} (\`${reason}\`) | ${n(count)} |`);
      line();
    }
    if (losses.total) {
      line(losses.total > losses.first.length ? `The first ${losses.first.length} of ${n(losses.total)} (all of them in \`${losses.listName}\`):` : `Each of them${losses.listName ? ` (also in \`${losses.listName}\`)` : ''}:`);
      line();
      line('| document | layer | item | reason | detail |');
      line('|---|---|---|---|---|');
      for (const l of losses.first) line(`| ${l.docId} | ${l.annotator ?? ''} | ${l.item ?? ''} | ${l.reason} | ${cell(l.detail)} |`);
      line();
    }
  }

  line('## Agreement');
  line();
  if ('reason' in input.agreement) {
    line(`Not included: ${input.agreement.reason}`);
    line();
  } else agreementSection(input.agreement.report, line);

  line('## Schema');
  line();
  line('| label | name | attributes |');
  line('|---|---|---|');
  for (const l of input.schema.labels) line(`| ${code(l.id)} | ${cell(l.name)} | ${l.attributes.map(attributeWords).join('; ') || '—'} |`);
  line();
  if (input.schema.relations.length) {
    line('| relation | name | from | to |');
    line('|---|---|---|---|');
    for (const r of input.schema.relations) line(`| ${code(r.id)} | ${cell(r.name)} | ${r.from.map(code).join(', ')} | ${r.to.map(code).join(', ')} |`);
  } else line('No relation types between the exported labels.');
  line();

  line('## Format notes');
  line();
  for (const note of input.notes) line(`- ${note}`);
  line('- Documents are in id order; layers in annotator order; spans in document order (start, then the longer first). The same project exported the same way gives the same bytes.');
  line();
  return out.join('\n');
}

function agreementSection(report: ProjectAgreementReport, line: (s?: string) => void): void {
  const value = (e: Estimate) => (e.value === null ? `n/a (${e.reason})` : e.value.toFixed(3));
  const docs = report.documents;
  line(
    `Between ${report.annotators.map(code).join(', ')} on the ${docs.compared} exported document${docs.compared === 1 ? '' : 's'} that two or more of them annotated` +
      ` (${docs.selected - docs.compared} not compared), over the exported labels; counts pooled over annotator pairs and documents (docs/AGREEMENT-REPORT.md). The gold layer is never compared.`,
  );
  line();
  const names = Object.fromEntries(report.criteria.map((c) => [c.id, c.name])) as ByCriterion<string>;
  line('| measure | value | counts |');
  line('|---|---:|---|');
  for (const id of F1_ORDER) {
    const f = report.overall.spanF1[id];
    line(`| span F1, ${names[id]} | ${value(f)} | TP ${f.counts.truePositives}; spans ${f.counts.spansA} + ${f.counts.spansB} |`);
  }
  const u = report.overall.unitizingAlpha;
  line(`| Krippendorff’s α_U (${u.unit}) | ${value(u)} | ${u.counts.units} units |`);
  const a = report.overall.nominalAlpha.noneAsMissing;
  line(`| α (nominal), labels of matched spans | ${value(a)} | ${a.counts.pairableUnits} of ${a.counts.units} positions pairable |`);
  for (const p of report.pairs) line(`| Cohen’s κ, ${p.annotatorA}–${p.annotatorB} | ${value(p.kappa)} | N ${p.kappa.counts.items} |`);
  line();
  line('| label | span F1 exact | span F1 overlap | α_U |');
  line('|---|---:|---:|---:|');
  for (const l of report.byLabel) line(`| ${code(l.label)} | ${value(l.spanF1['exact-labelled'])} | ${value(l.spanF1['overlap-labelled'])} | ${value(l.unitizingAlpha)} |`);
  line();
}

function layerWords(layer: ExportLayer): string {
  return layer.kind === 'gold' ? 'the gold (adjudicated) layer' : layer.kind === 'annotator' ? `annotator ${code(layer.annotator)}` : 'every annotator’s layer (not gold)';
}

function documentWords(documents: ExportDocuments): string {
  return documents.kind === 'all' ? 'all' : documents.kind === 'finished' ? 'finished only (the exported layer marked finished; gold also when its review is done)' : `a list of ${documents.docIds.length}`;
}

function attributeWords(def: AttributeDef): string {
  return `${code(def.id)} (${kindOf(def).category(def, code)})`;
}

/** Annotators in name order, gold last. */
function layerOrder(a: string, b: string): number {
  return a === 'gold' ? 1 : b === 'gold' ? -1 : a < b ? -1 : a > b ? 1 : 0;
}

const code = (s: string) => `\`${s}\``;
/** Text for a table cell: one line, pipes escaped. */
const cell = (s: string) => s.replace(/\s+/gu, ' ').replace(/\|/g, '\\|');

/**
 * The YAML header `datasets` and the Hugging Face Hub read from a dataset's README.md, for the
 * Hugging Face export: which file is the data, and its features, `ner_tags` a sequence of
 * ClassLabel with the tag names (so `load_dataset(folder)` gives them names, and reads no other
 * file as data). Strings are JSON-quoted, which YAML reads as they are. None for other formats.
 */
export function frontMatter(input: Pick<CardInput, 'format' | 'schema' | 'layer'>): string[] {
  if (input.format !== 'huggingface') return [];
  const q = (s: string) => JSON.stringify(s);
  const names = huggingFaceLabelList(input.schema);
  const feature = (name: string, type: string) => [`  - name: ${name}`, `    ${type}`];
  return [
    '---',
    'configs:',
    '- config_name: default',
    '  data_files:',
    '  - split: train',
    '    path: data.jsonl',
    'dataset_info:',
    '  features:',
    ...feature('id', 'dtype: string'),
    ...feature('document', 'dtype: string'),
    ...(input.layer.kind === 'all' ? feature('annotator', 'dtype: string') : []),
    ...feature('window', 'dtype: int64'),
    ...feature('tokens', 'sequence: string'),
    '  - name: ner_tags',
    '    sequence:',
    '      class_label:',
    '        names:',
    ...names.map((n, i) => `          ${q(String(i))}: ${q(n)}`),
    ...feature('leading', 'dtype: string'),
    ...feature('whitespace', 'sequence: string'),
    'task_categories:',
    '- token-classification',
    '---',
  ];
}
