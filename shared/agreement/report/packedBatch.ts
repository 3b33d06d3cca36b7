/**
 * Documents for the project report packed as columns, to cross to the agreement worker: typed
 * arrays (moved, not copied) and a few strings. The worker computes on them as they arrive,
 * without making an object per span: decoding a batch is making a handful of views.
 *
 * What the measures would refuse (a malformed document: see `checkDocument`), or could read
 * differently packed (a layer with relations holding one span id twice: relations name spans by
 * id), travels as JSON instead and is added as it is: the report is the same either way.
 *
 * Attribute values travel as the categories they are compared as (`attributeValueKey`), and
 * relation endpoints as positions in their layer; spans, layers and documents in the order given.
 */
import { attributeValueKey, type AttributedSpan, type AttributeValues } from '../measures/attributes';
import { Interner, type SpanColumns } from '../matching/columns';
import type { ColumnDocument, DocumentMatcher } from '../matching/documentMatcher';
import type { AnnotatedDocument } from '../input/shapes';
import { NO_ANNOTATION, type AttributeField } from '../types';

export interface PackedBatch {
  /** Document ids and titles, annotators and attribute values: string k is strings[stringEnds[k − 1]..stringEnds[k]). */
  strings: string;
  stringEnds: Int32Array;
  /** Span labels and relation types, by code. */
  labels: string[];
  types: string[];
  /** Span ids, likewise one after another (each is read only where a report names a span). */
  ids: string;
  idEnds: Int32Array;
  /** Per document: its id and title (string codes; −1: no title), its first layer, and −1 or its index in `raw`. */
  documentId: Int32Array;
  documentTitle: Int32Array;
  documentLength: Float64Array;
  /** Document d's layers are firstLayer[d]..firstLayer[d + 1]. */
  firstLayer: Int32Array;
  raw: Int32Array;
  rawJson: string[];
  /** Per layer: annotator (string code); its spans are firstSpan[l]..firstSpan[l + 1], its relations firstRelation[l]... */
  annotator: Int32Array;
  firstSpan: Int32Array;
  firstRelation: Int32Array;
  /** Per span: offsets, label code, and where its attribute values begin (firstValue[s]..firstValue[s + 1]). */
  start: Float64Array;
  end: Float64Array;
  label: Int32Array;
  firstValue: Int32Array;
  /** Per attribute field of the span's label, in the schema's order: its value (string code), −1 when not set. */
  value: Int32Array;
  /** Per relation: type code, and its endpoints as positions in its layer (−1: no span of the layer has that id). */
  relationType: Int32Array;
  relationFrom: Int32Array;
  relationTo: Int32Array;
}

/** The buffers of a batch, for `postMessage`'s transfer list. */
export function batchBuffers(batch: PackedBatch): ArrayBuffer[] {
  const arrays = [
    batch.stringEnds, batch.idEnds, batch.documentId, batch.documentTitle, batch.documentLength, batch.firstLayer, batch.raw,
    batch.annotator, batch.firstSpan, batch.firstRelation, batch.start, batch.end, batch.label, batch.firstValue, batch.value,
    batch.relationType, batch.relationFrom, batch.relationTo,
  ];
  return arrays.map((a) => a.buffer as ArrayBuffer);
}

/**
 * Buffers of batches already counted, taken again by the next batches' columns. Buffers left to
 * the garbage collector are memory outside the heap, which a thread that seldom runs a full
 * collection lets pile up (the agreement worker: 130 MB at 100,000 documents); taken from here,
 * the buffers of a run are those of a few batches, whatever the corpus size. Per thread (a module
 * is loaded once per thread); at most POOL_BYTES are kept.
 */
const pool = new Map<number, ArrayBuffer[]>();
let pooled = 0;
const POOL_BYTES = 48 * 2 ** 20;
const FIRST_BYTES = 4096;

function takeBuffer(bytes: number): ArrayBuffer {
  const free = pool.get(bytes)?.pop();
  if (!free) return new ArrayBuffer(bytes);
  pooled -= bytes;
  return free;
}

/**
 * Gives a counted batch's buffers (`batchBuffers`) back for later batches: nothing may read the
 * batch after. Buffers not made by the columns here (another size) are left to the collector.
 */
export function recycleBuffers(buffers: readonly ArrayBuffer[]): void {
  for (const b of buffers) {
    const bytes = b.byteLength;
    // Only the columns' own sizes: FIRST_BYTES doubled (a detached buffer has none).
    if (bytes < FIRST_BYTES || (bytes & (bytes - 1)) !== 0 || pooled + bytes > POOL_BYTES) continue;
    let list = pool.get(bytes);
    if (!list) pool.set(bytes, (list = []));
    list.push(b);
    pooled += bytes;
  }
}

/** A typed array written at its end, grown as needed (buffers from the pool); `done()` gives what was written, a view. */
class Ints {
  private data = new Int32Array(takeBuffer(FIRST_BYTES));
  length = 0;
  push(x: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(takeBuffer(2 * this.data.byteLength));
      bigger.set(this.data);
      recycleBuffers([this.data.buffer as ArrayBuffer]);
      this.data = bigger;
    }
    this.data[this.length++] = x;
  }
  done(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

class Floats {
  private data = new Float64Array(takeBuffer(FIRST_BYTES));
  length = 0;
  push(x: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(takeBuffer(2 * this.data.byteLength));
      bigger.set(this.data);
      recycleBuffers([this.data.buffer as ArrayBuffer]);
      this.data = bigger;
    }
    this.data[this.length++] = x;
  }
  done(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

/**
 * Packs documents. `fields` are the schema's attribute fields (`attributeFields`), as the
 * report's accumulator has them; `resolveEntity` as it would resolve entity ids.
 */
export function packBatch(documents: readonly AnnotatedDocument[], fields: readonly AttributeField[], resolveEntity?: (id: string) => string): PackedBatch {
  const packer = new BatchPacker(fields, resolveEntity);
  for (const doc of documents) packer.add(doc);
  return packer.done();
}

/**
 * Packs documents one at a time, as they are read (`add`), then gives the batch (`done`): a
 * document's objects are garbage once added, instead of living on in a list until the batch is
 * full (which got them promoted to the old generation: 100 MB of garbage there at 10,000
 * documents × 3 annotators × 40 spans, collected only by full collections).
 */
export class BatchPacker {
  private readonly fieldsOf = new Map<string, AttributeField[]>();
  private readonly strings = new Interner();
  private readonly labels = new Interner();
  private readonly types = new Interner();
  private readonly ids: string[] = [];
  private readonly idEnds = new Ints();
  private idLength = 0;
  private readonly documentId = new Ints();
  private readonly documentTitle = new Ints();
  private readonly documentLength = new Floats();
  private readonly firstLayer = new Ints();
  private readonly raw = new Ints();
  private readonly rawJson: string[] = [];
  private readonly annotator = new Ints();
  private readonly firstSpan = new Ints();
  private readonly firstRelation = new Ints();
  private readonly start = new Floats();
  private readonly end = new Floats();
  private readonly label = new Ints();
  private readonly firstValue = new Ints();
  private readonly value = new Ints();
  private readonly relationType = new Ints();
  private readonly relationFrom = new Ints();
  private readonly relationTo = new Ints();
  private readonly columns = [this.annotator, this.firstSpan, this.firstRelation, this.start, this.end, this.label, this.idEnds, this.firstValue, this.value, this.relationType, this.relationFrom, this.relationTo];
  private readonly lengths = new Int32Array(this.columns.length);

  constructor(
    fields: readonly AttributeField[],
    private readonly resolveEntity?: (id: string) => string,
  ) {
    for (const f of fields) {
      const list = this.fieldsOf.get(f.label);
      if (list) list.push(f);
      else this.fieldsOf.set(f.label, [f]);
    }
  }

  /** Documents added so far. */
  get size(): number {
    return this.documentId.length;
  }

  add(doc: AnnotatedDocument): void {
    const { fieldsOf, strings, labels, types, ids, idEnds, documentId, documentTitle, documentLength, firstLayer, raw, rawJson } = this;
    const { annotator, firstSpan, firstRelation, start, end, label, firstValue, value, relationType, relationFrom, relationTo, columns, lengths } = this;
    const resolveEntity = this.resolveEntity;
    documentId.push(strings.code(doc.documentId));
    documentTitle.push(doc.title === undefined || doc.title === null ? -1 : strings.code(doc.title));
    documentLength.push(doc.length);
    firstLayer.push(annotator.length);
    // Packed as it is read, in one pass; a document that turns out not to be packable is taken
    // back out and sent as JSON.
    for (let k = 0; k < columns.length; k++) lengths[k] = columns[k]!.length;
    const idCount = ids.length;
    const idLengthBefore = this.idLength;
    let idLength = this.idLength;
    // The measures check documents of two or more layers (checkDocument): so does packing.
    const check = doc.layers.length >= 2;
    let packable = !check || (Number.isSafeInteger(doc.length) && doc.length >= 0 && new Set(doc.layers.map((l) => l.annotator)).size === doc.layers.length);
    for (let g = 0; g < doc.layers.length && packable; g++) {
      const layer = doc.layers[g]!;
      annotator.push(strings.code(layer.annotator));
      firstSpan.push(start.length);
      firstRelation.push(relationType.length);
      const spans: readonly AttributedSpan[] = layer.spans;
      // Relations name spans by id: id → position, for a layer that has them.
      const ofId = layer.relations?.length ? new Map<string, number>() : null;
      let lastLabel: string | undefined;
      let lastCode = -1;
      let own: AttributeField[] | undefined;
      for (let p = 0; p < spans.length; p++) {
        const span = spans[p]!;
        const s = span.startOffset;
        const e = span.endOffset;
        if (check && (!Number.isSafeInteger(s) || !Number.isSafeInteger(e) || s < 0 || e < s || span.label === NO_ANNOTATION)) {
          packable = false;
          break;
        }
        start.push(s + 0); // (−0 as 0, as JSON writes it)
        end.push(e + 0);
        if (span.label !== lastLabel) {
          lastLabel = span.label;
          lastCode = labels.code(span.label);
          own = fieldsOf.get(span.label);
        }
        label.push(lastCode);
        ids.push(span.id);
        idEnds.push((idLength += span.id.length));
        ofId?.set(span.id, p);
        firstValue.push(value.length);
        if (own) {
          const attributes = span.attributes;
          for (const field of own) {
            const key = attributes ? attributeValueKey(field, attributes[field.attribute], resolveEntity) : null;
            value.push(key === null ? -1 : strings.code(key));
          }
        }
      }
      if (ofId && packable) {
        // One span id twice: which span a relation names would depend on the order.
        if (ofId.size !== spans.length) packable = false;
        else {
          for (const relation of layer.relations!) {
            relationType.push(types.code(relation.type));
            relationFrom.push(ofId.get(relation.from) ?? -1);
            relationTo.push(ofId.get(relation.to) ?? -1);
          }
        }
      }
    }
    if (packable) {
      raw.push(-1);
      this.idLength = idLength;
    } else {
      for (let k = 0; k < columns.length; k++) columns[k]!.length = lengths[k]!;
      ids.length = idCount;
      this.idLength = idLengthBefore;
      raw.push(rawJson.length);
      rawJson.push(JSON.stringify(doc));
    }
  }

  /** The batch of the documents added (the packer is not used after). */
  done(): PackedBatch {
    const { strings, firstLayer, annotator, firstSpan, start, firstRelation, relationType, firstValue, value } = this;
    firstLayer.push(annotator.length);
    firstSpan.push(start.length);
    firstRelation.push(relationType.length);
    firstValue.push(value.length);

    const stringEnds = new Int32Array(strings.names.length);
    let at = 0;
    for (let k = 0; k < strings.names.length; k++) stringEnds[k] = at += strings.names[k]!.length;
    return {
      strings: strings.names.join(''),
      stringEnds,
      labels: this.labels.names,
      types: this.types.names,
      ids: this.ids.join(''),
      idEnds: this.idEnds.done(),
      documentId: this.documentId.done(),
      documentTitle: this.documentTitle.done(),
      documentLength: this.documentLength.done(),
      firstLayer: firstLayer.done(),
      raw: this.raw.done(),
      rawJson: this.rawJson,
      annotator: annotator.done(),
      firstSpan: firstSpan.done(),
      firstRelation: firstRelation.done(),
      start: start.done(),
      end: this.end.done(),
      label: this.label.done(),
      firstValue: firstValue.done(),
      value: value.done(),
      relationType: relationType.done(),
      relationFrom: this.relationFrom.done(),
      relationTo: this.relationTo.done(),
    };
  }
}

/** One document of a batch, as columns (for DocumentMatcher), with its attribute values and relations. */
export class PackedDocument implements ColumnDocument {
  readonly documentId: string;
  readonly title: string | null;
  readonly length: number;
  readonly annotators: string[] = [];
  readonly columns: SpanColumns;
  /** Layer g's spans are first[g]..first[g + 1] (positions in the batch). */
  readonly first: Int32Array;
  /** Layer g's relations are relations.first[g]..first[g + 1] of the batch's. */
  readonly firstRelation: Int32Array;

  constructor(
    private readonly reader: BatchReader,
    d: number,
  ) {
    const b = reader.batch;
    this.documentId = reader.string(b.documentId[d]!);
    this.title = b.documentTitle[d] === -1 ? null : reader.string(b.documentTitle[d]!);
    this.length = b.documentLength[d]!;
    const l0 = b.firstLayer[d]!;
    const l1 = b.firstLayer[d + 1]!;
    for (let l = l0; l < l1; l++) this.annotators.push(reader.string(b.annotator[l]!));
    this.columns = reader.columns;
    this.first = b.firstSpan.subarray(l0, l1 + 1);
    this.firstRelation = b.firstRelation.subarray(l0, l1 + 1);
  }

  spanId(at: number): string {
    const b = this.reader.batch;
    return b.ids.slice(at === 0 ? 0 : b.idEnds[at - 1]!, b.idEnds[at]!);
  }

  /** The value of the `slot`-th attribute field of its label on the span at position `at`: the category key, or null when not set. */
  attributeKey(at: number, slot: number): string | null {
    const v = this.attributeCode(at, slot);
    return v === -1 ? null : this.reader.string(v);
  }

  /** The same as a code into the batch's strings (`strings`), −1 when not set. */
  attributeCode(at: number, slot: number): number {
    const b = this.reader.batch;
    return b.value[b.firstValue[at]! + slot]!;
  }

  /** The batch's strings, by code. */
  get strings(): readonly string[] {
    return this.reader.strings;
  }

  /** The batch's relation columns (types by code in `types`). */
  get relations(): { type: Int32Array; from: Int32Array; to: Int32Array; types: readonly string[] } {
    return this.reader.relations;
  }
}

/** Reads a batch: its documents one at a time, packed or (those sent as JSON) as objects. */
export class BatchReader {
  readonly columns: SpanColumns;
  readonly relations: { type: Int32Array; from: Int32Array; to: Int32Array; types: readonly string[] };
  /** The batch's strings, by code. */
  readonly strings: string[];

  constructor(readonly batch: PackedBatch) {
    this.columns = { start: batch.start, end: batch.end, label: batch.label, labels: batch.labels };
    this.relations = { type: batch.relationType, from: batch.relationFrom, to: batch.relationTo, types: batch.types };
    this.strings = new Array<string>(batch.stringEnds.length);
    let at = 0;
    for (let k = 0; k < batch.stringEnds.length; k++) {
      this.strings[k] = batch.strings.slice(at, batch.stringEnds[k]!);
      at = batch.stringEnds[k]!;
    }
  }

  get size(): number {
    return this.batch.documentId.length;
  }

  string(code: number): string {
    return this.strings[code]!;
  }

  document(d: number): PackedDocument | AnnotatedDocument {
    const raw = this.batch.raw[d]!;
    return raw === -1 ? new PackedDocument(this, d) : (JSON.parse(this.batch.rawJson[raw]!) as AnnotatedDocument);
  }
}

/** A packed document's attribute values, for attribute agreement: as codes into the batch's strings. */
export class PackedAttributeValues implements AttributeValues {
  readonly codeTable: readonly string[];

  constructor(
    private readonly matcher: DocumentMatcher,
    private readonly document: PackedDocument,
  ) {
    this.codeTable = document.strings;
  }

  key(r: number, i: number, _field: AttributeField, slot: number): string | null {
    return this.document.attributeKey(this.matcher.sourcePosition(r, i), slot);
  }

  code(r: number, i: number, slot: number): number {
    return this.document.attributeCode(this.matcher.sourcePosition(r, i), slot);
  }
}

/**
 * A packed document's relations for RelationAgreementAccumulator.addIndexed: per layer of the
 * matcher, null when it has none, else types (codes into the batch's `types`) and endpoints as
 * span indices in document order.
 */
export function packedRelations(matcher: DocumentMatcher, document: PackedDocument): ({ type: Int32Array; from: Int32Array; to: Int32Array } | null)[] {
  const { type, from, to } = document.relations;
  const out: ({ type: Int32Array; from: Int32Array; to: Int32Array } | null)[] = new Array(matcher.annotators.length).fill(null);
  for (let g = 0; g < document.annotators.length; g++) {
    const r0 = document.firstRelation[g]!;
    const r1 = document.firstRelation[g + 1]!;
    if (r0 === r1) continue;
    const r = matcher.givenOrder[g]!;
    const rank = matcher.givenRank[r] ?? null;
    out[r] = { type: type.subarray(r0, r1), from: inDocumentOrder(from, r0, r1, rank), to: inDocumentOrder(to, r0, r1, rank) };
  }
  return out;
}

/** Span positions as given, positions[r0..r1), as indices in document order (−1 stays). */
function inDocumentOrder(positions: Int32Array, r0: number, r1: number, rank: Int32Array | null): Int32Array {
  if (!rank) return positions.subarray(r0, r1);
  const out = positions.slice(r0, r1);
  for (let k = 0; k < out.length; k++) if (out[k]! >= 0) out[k] = rank[out[k]!]!;
  return out;
}
