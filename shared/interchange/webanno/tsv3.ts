/**
 * WebAnno TSV 3.3, the tab-separated format of WebAnno and INCEpTION (`ctsv3`), as its
 * specification has it (INCEpTION's user guide, "WebAnno TSV 3.3 File format"):
 *
 * ```
 * #FORMAT=WebAnno TSV 3.3
 * #T_SP=webanno.custom.Standoff|label|type|kind
 * #T_RL=webanno.custom.StandoffRelation|label|BT_webanno.custom.Standoff
 *
 *
 * #Text=Kataib Hezbollah claimed the attack .
 * 1-1	0-6	Kataib	actor[1]	*[1]	armed-group[1]	_	_
 * 1-2	7-16	Hezbollah	actor[1]	*[1]	armed-group[1]	_	_
 * 1-3	17-24	claimed	claim[2]	responsibility[2]	*[2]	claimant	1-1[2_1]
 * ```
 *
 * OFFSETS are UTF-16 units (Java's), converted to and from Standoff's code points. A document
 * is one file; its id is the file's name. Rows are tokens (sentence-token ids, offsets, the
 * token), then one column per feature of each layer; `_` is no annotation, `*` an annotation
 * without a value for that feature; stacked annotations are joined by `|`; `[N]` ties the rows
 * of a multi-token or stacked annotation together; reserved characters are escaped with `\`.
 *
 * Export: one span layer (`webanno.custom.Standoff`, features `label` then every attribute id
 * of the schema's labels, in schema order) and one relation layer
 * (`webanno.custom.StandoffRelation`, feature `label`), whose cells are on the row of the
 * target span's first token, pointing at the source span's first token (INCEpTION's layout:
 * the governor is the source). Tokens are UAX #29 word segments cut at every span edge, so every
 * span is whole tokens; whitespace at a span's edge is in no token (the span is written
 * without it, `adjusted`); a zero-width span has no token (`dropped`). Attribute values are
 * written as text: option ids, several choices joined by ",", yes/no as true/false, a range as
 * `min..max`, a linked entity by its id. Text between sentences is not in the format (only the
 * sentences' `#Text`), so import takes the document's text from the project and checks every
 * token against it.
 *
 * Import: every span layer (`T_SP`) gives spans: the label is the value of its feature named
 * `label` or `value`, else of its first feature (NamedEntity `value` = PER), or, where it is
 * `*`, the layer's short name; its other
 * features are attributes where the label has an attribute of that name. Relation layers
 * (`T_RL`) give relations between the spans of their base layer, typed the same way (their
 * other features are left out, with a warning). Chains (`T_CH`) and slot features (`ROLE_`) have no place in Standoff:
 * left out with a warning.
 */
import type { AttributeDef, Attributes, AttributeValue, Label, LabelSchema } from '../../model/labels';
import { quoteOf } from '../../model/quote';
import { compareRelations, compareSpans, type Relation, type Span } from '../../model/span';
import { relationProblem, valueProblem } from '../../schema/conformance';
import { CodePointIndex } from '../../text/codePoints';
import { sentenceStarts } from '../conll/tokenize';
import { tokenize, type Token } from '../jsonl/tokens';
import type { ExportContext, ImportProblem, InterchangeDocument } from '../model';

export const TSV3_FORMAT_LINE = '#FORMAT=WebAnno TSV 3.3';
export const SPAN_LAYER = 'webanno.custom.Standoff';
export const RELATION_LAYER = 'webanno.custom.StandoffRelation';

/** The reserved sequences, escaped with a backslash (`->` as one unit). */
const RESERVED = /->|[\\[\]|_;*\t\n]/g;
export function escapeTsv(s: string): string {
  return s.replace(RESERVED, (m) => (m === '\t' ? '\\t' : m === '\n' ? '\\n' : `\\${m}`)).replace(/\r/g, '\\r');
}
export function unescapeTsv(s: string): string {
  return s.replace(/\\(->|t|n|r|.)/g, (_m, c: string) => (c === 't' ? '\t' : c === 'n' ? '\n' : c === 'r' ? '\r' : c));
}

export interface Tsv3Export {
  text: string;
  /** Spans written at other edges (whitespace at an edge is in no token). */
  adjusted: Array<{ span: Span; start: number; end: number }>;
  /** Spans with no token (zero-width, or only whitespace). */
  dropped: Array<{ span: Span; why: string }>;
  /** Relations not written (a span of theirs was dropped). */
  droppedRelations: Relation[];
  /** Attribute values not written (not an attribute of the label, or not fitting it). */
  issues: Array<{ item: string; message: string }>;
}

/** The attribute ids of the span layer's feature columns, after `label`: every label's, in schema order, once. */
export function tsvAttributeColumns(schema: LabelSchema): string[] {
  const out: string[] = [];
  for (const l of schema.labels) for (const a of l.attributes) if (!out.includes(a.id)) out.push(a.id);
  return out;
}

/** One document's layer as a WebAnno TSV 3.3 file. */
export function exportTsv3(doc: InterchangeDocument, context: ExportContext): Tsv3Export {
  const index = new CodePointIndex(doc.text);
  const attrs = tsvAttributeColumns(context.schema);
  const labels = new Map(context.schema.labels.map((l) => [l.id, l]));
  const issues: Tsv3Export['issues'] = [];
  const adjusted: Tsv3Export['adjusted'] = [];
  const dropped: Tsv3Export['dropped'] = [];

  // Spans without edge whitespace; those with nothing left have no token.
  const placed: Array<{ span: Span; start: number; end: number }> = [];
  for (const span of [...doc.spans].sort(compareSpans)) {
    let { startOffset: s, endOffset: e } = span;
    while (s < e && /\s/u.test(index.slice(s, s + 1))) s++;
    while (e > s && /\s/u.test(index.slice(e - 1, e))) e--;
    if (s === e) {
      dropped.push({ span, why: span.startOffset === span.endOffset ? 'zero-width: covers no token' : 'only whitespace: covers no token' });
      continue;
    }
    if (s !== span.startOffset || e !== span.endOffset) adjusted.push({ span, start: s, end: e });
    placed.push({ span, start: s, end: e });
  }
  const tokens = tokenize(doc.text, { starts: placed.map((p) => p.start), ends: placed.map((p) => p.end) }).filter((t) => !t.space);
  // Which tokens each span covers.
  const firstAt = (cp: number) => {
    let lo = 0;
    let hi = tokens.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((tokens[mid] as Token).start < cp) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const covers = placed.map((p) => {
    const first = firstAt(p.start);
    let last = first;
    while (last + 1 < tokens.length && (tokens[last + 1] as Token).end <= p.end) last++;
    return { ...p, first, last };
  });
  const perToken: number[][] = tokens.map(() => []);
  covers.forEach((c, k) => {
    for (let t = c.first; t <= c.last; t++) (perToken[t] as number[]).push(k);
  });
  // A disambiguation id for every span that is multi-token or shares a token with another.
  const ids = new Map<number, number>();
  covers.forEach((c, k) => {
    let ambiguous = c.last > c.first;
    for (let t = c.first; !ambiguous && t <= c.last; t++) if ((perToken[t] as number[]).length > 1) ambiguous = true;
    if (ambiguous) ids.set(k, ids.size + 1);
  });
  const tag = (k: number) => (ids.has(k) ? `[${ids.get(k)}]` : '');

  // Sentences: ICU's, never inside a span.
  const starts = sentenceStarts(doc.text, tokens, 'segmenter', index);
  for (const c of covers) for (let t = c.first + 1; t <= c.last; t++) starts[t] = false;
  const rowId: string[] = [];
  let sentence = 0;
  let inSentence = 0;
  tokens.forEach((_, t) => {
    if (t === 0 || starts[t]) {
      sentence++;
      inSentence = 0;
    }
    rowId.push(`${sentence}-${++inSentence}`);
  });

  // Relations, on the row of the target's first token.
  const byId = new Map(covers.map((c, k) => [c.span.id, k]));
  const relationsAt: string[][] = tokens.map(() => []);
  const relationRefs: string[][] = tokens.map(() => []);
  const droppedRelations: Relation[] = [];
  for (const r of [...doc.relations].sort(compareRelations)) {
    const from = byId.get(r.from);
    const to = byId.get(r.to);
    if (from === undefined || to === undefined) {
      droppedRelations.push(r);
      continue;
    }
    const source = covers[from] as (typeof covers)[number];
    const target = covers[to] as (typeof covers)[number];
    const ambiguous = ids.has(from) || ids.has(to);
    (relationsAt[target.first] as string[]).push(escapeTsv(r.type));
    (relationRefs[target.first] as string[]).push(`${rowId[source.first]}${ambiguous ? `[${ids.get(from) ?? 0}_${ids.get(to) ?? 0}]` : ''}`);
  }

  // Feature values of each span: label, then each attribute column.
  const cells = covers.map((c) => {
    const label = labels.get(c.span.label);
    const values = attrs.map((a) => {
      const v = c.span.attributes?.[a];
      if (v === undefined) return '*';
      const def = label?.attributes.find((d) => d.id === a);
      if (!def || valueProblem(def, v)) {
        issues.push({ item: c.span.id, message: `${c.span.label} › ${a}: ${def ? 'does not fit its definition' : 'not an attribute of the label in the schema'}: not exported` });
        return '*';
      }
      const text = valueText(def, v);
      if (text === '') {
        issues.push({ item: c.span.id, message: `${c.span.label} › ${a}: an empty value has no place in TSV (where * is no value): not exported` });
        return '*';
      }
      return escapeTsv(text);
    });
    return [escapeTsv(c.span.label), ...values];
  });
  for (const c of covers) if (c.span.attributes) for (const k of Object.keys(c.span.attributes)) if (!attrs.includes(k)) issues.push({ item: c.span.id, message: `${c.span.label} › ${k}: not an attribute of the schema: not exported` });

  const out: string[] = [TSV3_FORMAT_LINE, `#T_SP=${SPAN_LAYER}|label${attrs.map((a) => `|${a}`).join('')}`, `#T_RL=${RELATION_LAYER}|label|BT_${SPAN_LAYER}`, '', ''];
  tokens.forEach((tok, t) => {
    if (t === 0 || starts[t]) {
      if (t > 0) out.push('');
      let last = t;
      while (last + 1 < tokens.length && !starts[last + 1]) last++;
      for (const line of index.slice(tok.start, (tokens[last] as Token).end).split('\n')) out.push(`#Text=${escapeTsv(line)}`);
    }
    const here = perToken[t] as number[];
    const columns = (1 + attrs.length) as number;
    const spanCols: string[] = [];
    for (let f = 0; f < columns; f++) spanCols.push(here.length ? here.map((k) => `${(cells[k] as string[])[f]}${tag(k)}`).join('|') : '_');
    const rel = relationsAt[t] as string[];
    out.push([rowId[t], `${index.toUtf16(tok.start)}-${index.toUtf16(tok.end)}`, escapeTsv(tok.text), ...spanCols, rel.length ? rel.join('|') : '_', rel.length ? (relationRefs[t] as string[]).join('|') : '_', ''].join('\t'));
  });
  return { text: `${out.join('\n')}\n`, adjusted, dropped, droppedRelations, issues };
}

function valueText(def: AttributeDef, v: AttributeValue): string {
  if (def.type === 'choices') return (v as string[]).join(',');
  if (def.type === 'boolean') return v ? 'true' : 'false';
  if (def.type === 'range') {
    const r = v as { min: number | null; max: number | null };
    return `${r.min ?? ''}..${r.max ?? ''}`;
  }
  return String(v);
}

function valueFrom(def: AttributeDef, text: string): AttributeValue | null {
  switch (def.type) {
    case 'choices':
      return text === '' ? [] : text.split(',');
    case 'boolean':
      return /^(true|yes)$/i.test(text) ? true : /^(false|no)$/i.test(text) ? false : null;
    case 'integer':
      return /^-?\d+$/.test(text) ? Number(text) : null;
    case 'range': {
      const m = /^(-?\d+)?\.\.(-?\d+)?$/.exec(text);
      return m ? { min: m[1] !== undefined ? Number(m[1]) : null, max: m[2] !== undefined ? Number(m[2]) : null } : null;
    }
    default:
      return text;
  }
}

// ---- import

interface Layer {
  kind: 'SP' | 'CH' | 'RL';
  name: string;
  /** The header's entries after the name, one column each. */
  features: string[];
  /** Where its columns begin (0 is the first column after the token). */
  column: number;
  /** RL: its base layer. */
  base?: string;
}

export interface Tsv3ImportOptions {
  file: string;
  schema?: LabelSchema;
  annotator: string;
  /** The document: its id, and its text when the project has it (the file holds only the sentences' text). */
  id: string;
  text?: string;
}

export interface Tsv3Import {
  document: InterchangeDocument | null;
  problems: ImportProblem[];
  warnings: ImportProblem[];
}

/** Splits at a separator that is not escaped. */
function splitUnescaped(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c === '\\' && i + 1 < s.length) {
      cur += c + (s[i + 1] as string);
      i++;
    } else if (c === sep) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** A cell value without its `[N]` (unescaped brackets only), and N. */
function withId(v: string): { value: string; id: string | null } {
  const m = /^([\s\S]*?)(?<!\\)\[([0-9_]+)\]$/.exec(v);
  return m ? { value: m[1] as string, id: m[2] as string } : { value: v, id: null };
}

const shortName = (layer: string) => layer.slice(layer.lastIndexOf('.') + 1);

/** Reads one WebAnno TSV 3 file: its spans and relations, every problem with its line. */
export function parseTsv3(content: string, options: Tsv3ImportOptions): Tsv3Import {
  const { file } = options;
  const problems: ImportProblem[] = [];
  const warnings: ImportProblem[] = [];
  const problem = (line: number | undefined, message: string) => problems.push(line === undefined ? { file, message } : { file, line, message });
  const warn = (line: number | undefined, message: string) => warnings.push(line === undefined ? { file, message } : { file, line, message });
  const lines = content.replace(/^\uFEFF/, '').split('\n').map((l) => l.replace(/\r$/, ''));
  if (!/^#FORMAT=WebAnno TSV 3(\.\d+)?$/.test(lines[0] ?? '')) {
    problem(1, `the first line is ${JSON.stringify((lines[0] ?? '').slice(0, 40))}, not "#FORMAT=WebAnno TSV 3.x": ${/^#FORMAT=WebAnno TSV [12]/.test(lines[0] ?? '') ? 'TSV 1 and 2 are not read; export as WebAnno TSV 3 (ctsv3)' : 'is this a WebAnno TSV 3 file?'}`);
    return { document: null, problems, warnings };
  }
  const layers: Layer[] = [];
  let column = 0;
  let l = 1;
  for (; l < lines.length && /^#T_(SP|CH|RL)=/.test(lines[l] as string); l++) {
    const m = /^#T_(SP|CH|RL)=([^|]+)\|?(.*)$/.exec(lines[l] as string) as RegExpExecArray;
    const kind = m[1] as Layer['kind'];
    const features = (m[3] as string) === '' ? [] : (m[3] as string).split('|');
    const layer: Layer = { kind, name: m[2] as string, features, column };
    if (kind === 'RL') {
      const bt = features[features.length - 1] ?? '';
      layer.base = bt.startsWith('BT_') ? bt.slice(3) : undefined;
      if (!layer.base) problem(l + 1, `relation layer ${layer.name} does not end with its base type (BT_…)`);
    }
    // One column per header entry (a slot feature is two entries: ROLE_… and its target type); a span layer without features has one.
    column += kind === 'SP' && features.length === 0 ? 1 : features.length;
    layers.push(layer);
    if (kind === 'CH') warn(l + 1, `chain layer ${layer.name} (coreference chains) has no place in Standoff: left out`);
    if (features.some((f) => f.startsWith('ROLE_'))) warn(l + 1, `the slot features of ${layer.name} have no place in Standoff: left out`);
  }
  if (problems.length) return { document: null, problems, warnings };

  // Rows: id, offsets (UTF-16), token, then the layers' columns.
  interface Row {
    line: number;
    id: string;
    begin: number;
    end: number;
    token: string;
    cols: string[];
  }
  const rows: Row[] = [];
  const texts: Array<{ line: number; text: string; firstRow: number }> = [];
  for (; l < lines.length; l++) {
    const line = lines[l] as string;
    if (line === '' || line.startsWith('#Sentence.id=')) continue;
    if (line.startsWith('#Text=')) {
      const last = texts[texts.length - 1];
      if (last && last.firstRow === rows.length) last.text += `\n${unescapeTsv(line.slice(6))}`;
      else texts.push({ line: l + 1, text: unescapeTsv(line.slice(6)), firstRow: rows.length });
      continue;
    }
    if (line.startsWith('#')) {
      warn(l + 1, `line ${JSON.stringify(line.slice(0, 30))} is not read`);
      continue;
    }
    const cells = line.split('\t');
    const m = /^(\d+)-(\d+)$/.exec(cells[1] ?? '');
    if (!/^\d+-\d+(\.\d+)?$/.test(cells[0] ?? '') || !m) {
      problem(l + 1, `expected a token row ("<sentence>-<token>", "<begin>-<end>", the token, …), found ${JSON.stringify(line.slice(0, 40))}`);
      continue;
    }
    const cols = cells.slice(3);
    if (cols.length && cols[cols.length - 1] === '') cols.pop(); // INCEpTION ends each row with a tab
    if (cols.length !== column) {
      problem(l + 1, `the row has ${cols.length} annotation columns; the header declares ${column}`);
      continue;
    }
    rows.push({ line: l + 1, id: cells[0] as string, begin: Number(m[1]), end: Number(m[2]), token: unescapeTsv(cells[2] ?? ''), cols });
  }
  if (problems.length) return { document: null, problems, warnings };

  // The text: the project's (checked token by token), else the sentences put back at their offsets.
  let text = options.text;
  if (text === undefined) {
    let built = '';
    for (const s of texts) {
      const begin = rows[s.firstRow]?.begin ?? built.length;
      if (begin > built.length) built += ' '.repeat(begin - built.length);
      built += s.text;
    }
    text = built;
  }
  for (const r of rows) {
    if (r.end > text.length || r.begin > r.end) problem(r.line, `token ${r.id} at ${r.begin}–${r.end} (UTF-16 units) is past the end of the text (${text.length} units)`);
    else if (text.slice(r.begin, r.end) !== r.token) problem(r.line, `token ${r.id} ${JSON.stringify(r.token)} is not the text at ${r.begin}–${r.end} (UTF-16 units): ${JSON.stringify(text.slice(r.begin, r.end))}; is this file made from another text?`);
  }
  if (problems.length) return { document: null, problems, warnings };
  const index = new CodePointIndex(text);

  // Spans, layer by layer: [N] ties rows together; without it a value is one row's annotation.
  const labels = options.schema ? new Map(options.schema.labels.map((x) => [x.id, x])) : undefined;
  interface Building {
    layer: Layer;
    key: string;
    label: string;
    features: string[];
    begin: number;
    end: number;
    line: number;
    rows: string[];
  }
  const built: Building[] = [];
  const byKey = new Map<string, Building>();
  /** Per row id and layer: the annotations there, with their [N]. */
  const at = new Map<string, Array<{ b: Building; id: string | null }>>();
  for (const layer of layers.filter((x) => x.kind === 'SP')) {
    const plainCols = plainFeatures(layer);
    const plain = plainCols.map((p) => p.name);
    for (const r of rows) {
      const stacks = (plainCols.length ? plainCols.map((p) => p.col) : [layer.column]).map((col) => splitUnescaped(r.cols[col] as string, '|'));
      const first = stacks[0] as string[];
      if (first.length === 1 && first[0] === '_') continue;
      first.forEach((_, k) => {
        const parts = stacks.map((s) => withId(s[k] ?? '*'));
        const id = parts.find((p) => p.id !== null)?.id ?? null;
        const key = id !== null ? `${layer.name}\t${id}` : `${layer.name}\t@${r.id}\t${k}`;
        let b = byKey.get(key);
        const values = parts.map((p) => (p.value === '*' || p.value === '_' ? '' : unescapeTsv(p.value)));
        if (!b) {
          const li = labelFeature(plain);
          b = { layer, key, label: plain.length && values[li] ? (values[li] as string) : shortName(layer.name), features: values.map((v, i) => (i === li ? '' : (v as string))), begin: r.begin, end: r.end, line: r.line, rows: [] };
          byKey.set(key, b);
          built.push(b);
        } else b.end = Math.max(b.end, r.end);
        b.rows.push(r.id);
        const list = at.get(`${r.id}\t${layer.name}`) ?? [];
        list.push({ b, id });
        at.set(`${r.id}\t${layer.name}`, list);
      });
    }
  }
  const spans: Span[] = [];
  const spanOf = new Map<Building, Span>();
  let n = 0;
  for (const b of built) {
    if (labels && !labels.has(b.label)) {
      problem(b.line, `label "${b.label}" (layer ${b.layer.name}) is not in the schema (${[...labels.keys()].join(', ')})`);
      continue;
    }
    const label = labels?.get(b.label);
    const attributes: Attributes = {};
    b.features.forEach((value, i) => {
      const feature = (plainFeatures(b.layer)[i] as { name: string }).name;
      if (value === '') return;
      const def = label?.attributes.find((d) => d.id === feature);
      if (!def) {
        if (label) warn(b.line, `feature ${feature} = ${JSON.stringify(value)} is not an attribute of ${b.label}: left out`);
        else attributes[feature] = value;
        return;
      }
      const v = valueFrom(def, value);
      const why = v === null ? `${JSON.stringify(value)} is not a ${def.type} value` : valueProblem(def, v);
      if (why) problem(b.line, `${b.label} › ${feature}: ${why}`);
      else attributes[feature] = v as AttributeValue;
    });
    const start = index.toCodePoint(b.begin);
    const end = index.toCodePoint(b.end);
    const span: Span = { id: `t${++n}`, label: b.label, startOffset: start, endOffset: end, quote: quoteOf(index, start, end), ...(Object.keys(attributes).length ? { attributes: sortKeys(attributes, label) } : {}) };
    spans.push(span);
    spanOf.set(b, span);
  }

  // Relations: on the target's row, pointing at the source's row ([source_target] when ambiguous).
  const relations: Relation[] = [];
  for (const layer of layers.filter((x) => x.kind === 'RL')) {
    const feats = layer.features.slice(0, -1);
    for (const r of rows) {
      const refCell = r.cols[layer.column + layer.features.length - 1] as string;
      if (refCell === '_' || refCell === undefined) continue;
      const refs = splitUnescaped(refCell, '|');
      const typeCells = feats.length ? splitUnescaped(r.cols[layer.column + labelFeature(feats)] as string, '|') : [];
      refs.forEach((ref, k) => {
        const m = /^(\d+-\d+(?:\.\d+)?)(?:\[(\d+)_(\d+)\])?$/.exec(ref);
        if (!m) return problem(r.line, `relation source ${JSON.stringify(ref)} is not a token id (1-2, or 1-2[3_4])`);
        const find = (row: string, id: string | undefined) => {
          const list = at.get(`${row}\t${layer.base}`) ?? [];
          const hit = id && id !== '0' ? list.find((x) => x.id === id) : list.length === 1 ? list[0] : undefined;
          return hit ? spanOf.get(hit.b) : undefined;
        };
        const from = find(m[1] as string, m[2]);
        const to = find(r.id, m[3]);
        if (!from || !to) return problem(r.line, `relation ${k + 1} of ${layer.name} on token ${r.id}: its ${!from ? `source on ${m[1]}` : 'target on this token'} is not one annotation of ${layer.base}`);
        const raw = typeCells[k] !== undefined ? unescapeTsv(withId(typeCells[k] as string).value) : '*';
        const type = raw === '*' || raw === '_' || raw === '' ? shortName(layer.name) : raw;
        const relation: Relation = { id: `r${relations.length + 1}`, type, from: from.id, to: to.id };
        if (options.schema) {
          const why = relationProblem(relation, from, to, options.schema);
          if (why) return problem(r.line, why);
        }
        relations.push(relation);
      });
    }
  }
  if (problems.length) return { document: null, problems, warnings };
  return {
    document: { id: options.id, text, title: null, source: null, annotator: options.annotator, spans: spans.sort(compareSpans), relations: relations.sort(compareRelations) },
    problems,
    warnings,
  };
}

function sortKeys(a: Attributes, label: Label | undefined): Attributes {
  const order = label ? label.attributes.map((d) => d.id) : Object.keys(a).sort();
  const out: Attributes = {};
  for (const k of order) if (a[k] !== undefined) out[k] = a[k] as AttributeValue;
  return out;
}

/** A span layer's features that are not slots (a ROLE_ entry and the target type after it), with their columns. */
function plainFeatures(layer: Layer): Array<{ name: string; col: number }> {
  const out: Array<{ name: string; col: number }> = [];
  for (let i = 0; i < layer.features.length; i++) {
    const f = layer.features[i] as string;
    if (f.startsWith('ROLE_')) i++;
    else out.push({ name: f, col: layer.column + i });
  }
  return out;
}

/** Which feature holds the label: the one named label or value, else the first. */
function labelFeature(names: readonly string[]): number {
  const i = names.findIndex((n) => n === 'label' || n === 'value');
  return i >= 0 ? i : 0;
}
