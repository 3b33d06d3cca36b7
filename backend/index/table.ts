/**
 * The project index held in columns (issue 14): at 100,000 documents, one object per entry (its
 * layers, their label counts) took about 110 MB of heap and seconds to parse; columns take a
 * third of that and load as they lie on disk (backend/index/store.ts).
 *
 * `EntryTable` is one immutable table, rows in id order: strings in arrays (ids, titles,
 * sources, excerpts), numbers in typed arrays, each document's layers as a run of layer rows
 * and each layer's label counts as a run of (name, count) pairs; annotator and label names in
 * one string table. The text hash and the stamp are held as bytes and made into hex on demand.
 *
 * Between two full writes, changed entries are held beside the table as objects (`IndexRows`
 * merges them in id order), so a save costs its entry, not the table.
 */
import type { FileProblem } from '../../shared/api/contract';
import type { LayerState } from '../../shared/model/assignment';
import { GOLD } from '../../shared/format/annotationFile';
import type { IndexEntry, LayerEntry } from './entry';

const DOC_UNREADABLE = 1; // textHash null
const DOC_EDITED = 2;
const LAYER_FINISHED = 1;
const LAYER_SETTLED = 2;
const HASH_BYTES = 32;
const STAMP_BYTES = 8;
const EMPTY: never[] = [];
/** Text hashes are "sha256:" and 64 hex digits (shared/text/hash.ts): held as their 32 bytes. */
const HASH_PREFIX = 'sha256:';
const USUAL_HASH = /^sha256:[0-9a-f]{64}$/;

/** The JSON part of a table on disk: strings, and what is rare (problems) by row. */
export interface TableStrings {
  ids: string[];
  titles: Array<string | null>;
  sources: Array<string | null>;
  excerpts: string[];
  /** Annotator and label names, referred to by number. */
  names: string[];
  /** Distinct lists of finished layers. */
  finishedLists: string[][];
  /** Documents' problems, by row. */
  problems: Record<string, FileProblem[]>;
  /** Text hashes not of the usual form ("sha256:" and 64 hex digits), by row. */
  otherHashes: Record<string, string>;
  /** Unreadable layers' problem and counts, by layer row. */
  layerExtras: Record<string, { problem?: FileProblem; counted?: LayerState }>;
}

/** The numeric columns, in the order they are written. */
const INT_COLUMNS = ['length', 'disagreements', 'settled', 'flags', 'finishedList', 'layerStart', 'layerWho', 'layerSpans', 'layerFlags', 'layerSettled', 'labelStart', 'labelName', 'labelCount'] as const;
type IntColumn = (typeof INT_COLUMNS)[number];

export class EntryTable {
  /** Made by TableBuilder.finish and EntryTable.decode. */
  constructor(
    /** The columns: read by TableBuilder.copy, never changed once made. */
    readonly s: TableStrings,
    readonly ints: Record<IntColumn, Int32Array>,
    readonly hashes: Uint8Array,
    readonly stamps: Uint8Array,
  ) {}

  get size(): number {
    return this.s.ids.length;
  }

  /** The row of a document, or -1 (ids are sorted: a binary search, no map held). */
  find(id: string): number {
    const ids = this.s.ids;
    let lo = 0;
    let hi = ids.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = ids[mid]!;
      if (v === id) return mid;
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  id(r: number): string {
    return this.s.ids[r]!;
  }
  title(r: number): string | null {
    return this.s.titles[r]!;
  }
  source(r: number): string | null {
    return this.s.sources[r]!;
  }
  excerpt(r: number): string {
    return this.s.excerpts[r]!;
  }
  length(r: number): number {
    return this.ints.length[r]!;
  }
  disagreements(r: number): number {
    return this.ints.disagreements[r]!;
  }
  settled(r: number): number {
    return this.ints.settled[r]!;
  }
  finished(r: number): string[] {
    return this.s.finishedLists[this.ints.finishedList[r]!]!;
  }
  problems(r: number): FileProblem[] {
    return this.s.problems[r] ?? EMPTY;
  }
  stamp(r: number): string {
    return hex(this.stamps, r * STAMP_BYTES, STAMP_BYTES);
  }
  textHash(r: number): string | null {
    if (this.ints.flags[r]! & DOC_UNREADABLE) return null;
    return this.s.otherHashes[r] ?? `${HASH_PREFIX}${hex(this.hashes, r * HASH_BYTES, HASH_BYTES)}`;
  }

  /** Layer rows of a document: [from, to). */
  layersFrom(r: number): number {
    return this.ints.layerStart[r]!;
  }
  layersTo(r: number): number {
    return this.ints.layerStart[r + 1]!;
  }
  layerWho(l: number): string {
    return this.s.names[this.ints.layerWho[l]!]!;
  }
  layerSpans(l: number): number {
    return this.ints.layerSpans[l]!;
  }
  layerFinished(l: number): boolean {
    return (this.ints.layerFlags[l]! & LAYER_FINISHED) !== 0;
  }
  layerProblem(l: number): boolean {
    return this.s.layerExtras[l]?.problem !== undefined;
  }
  /** Label counts of a layer row, added into `into`. */
  addLabels(l: number, into: Record<string, number>): void {
    const { labelStart, labelName, labelCount } = this.ints;
    for (let p = labelStart[l]!; p < labelStart[l + 1]!; p++) {
      const name = this.s.names[labelName[p]!]!;
      into[name] = (into[name] ?? 0) + labelCount[p]!;
    }
  }
  /** A label's count in a layer row (0 when none). */
  labelCount(l: number, label: string): number {
    const { labelStart, labelName, labelCount } = this.ints;
    for (let p = labelStart[l]!; p < labelStart[l + 1]!; p++) if (this.s.names[labelName[p]!] === label) return labelCount[p]!;
    return 0;
  }

  /** Marks, by name number, the labels a layer row counts. */
  markLabels(l: number, marks: Uint8Array): void {
    const { labelStart, labelName } = this.ints;
    for (let p = labelStart[l]!; p < labelStart[l + 1]!; p++) marks[labelName[p]!] = 1;
  }

  /** The names marked (markLabels). */
  namesMarked(marks: Uint8Array): string[] {
    return this.s.names.filter((_, k) => marks[k] === 1);
  }

  get nameCount(): number {
    return this.s.names.length;
  }

  /** The row as the entry it was made from. */
  entry(r: number): IndexEntry {
    const layers: Record<string, LayerEntry> = {};
    for (let l = this.layersFrom(r); l < this.layersTo(r); l++) layers[this.layerWho(l)] = this.layerEntry(l);
    const e: IndexEntry = {
      id: this.id(r),
      title: this.title(r),
      source: this.source(r),
      excerpt: this.excerpt(r),
      length: this.length(r),
      textHash: this.textHash(r),
      layers,
      finished: this.finished(r),
      disagreements: this.disagreements(r),
      settled: this.settled(r),
      problems: this.problems(r),
      stamp: this.stamp(r),
    };
    if (this.ints.flags[r]! & DOC_EDITED) e.edited = true;
    return e;
  }

  /**
   * The row as an entry whose costlier parts (label counts, text hash, stamp) are made only when
   * read: team progress reads 100,000 entries' layers and marks, and nothing else.
   */
  lightEntry(r: number): IndexEntry {
    const layers: Record<string, LayerEntry> = {};
    for (let l = this.layersFrom(r); l < this.layersTo(r); l++) layers[this.layerWho(l)] = new RowLayer(this, l, this.ints.layerSpans[l]!);
    return new RowEntry(this, r, layers);
  }

  /** A layer row's label counts. */
  labelsOf(l: number): Record<string, number> {
    const labels: Record<string, number> = {};
    this.addLabels(l, labels);
    return labels;
  }

  /** A layer row's marks and problem, set on `out`. */
  layerMarks(l: number, out: LayerEntry): void {
    const flags = this.ints.layerFlags[l]!;
    if (flags & LAYER_FINISHED) out.finished = true;
    const extra = this.s.layerExtras[l];
    if (extra?.problem) out.problem = extra.problem;
    if (flags & LAYER_SETTLED) out.settledIds = this.ints.layerSettled[l]!;
    if (extra?.counted) out.counted = extra.counted;
  }

  edited(r: number): boolean {
    return (this.ints.flags[r]! & DOC_EDITED) !== 0;
  }

  /** A layer row as its entry (no spreads: team progress makes 100,000 of these at once). */
  private layerEntry(l: number): LayerEntry {
    const out: LayerEntry = { spans: this.ints.layerSpans[l]!, labels: this.labelsOf(l) };
    this.layerMarks(l, out);
    return out;
  }

  /** The table as bytes: a JSON part (strings) and a binary part (hashes, stamps, numbers). */
  encode(): { strings: Buffer[]; binary: Buffer[] } {
    return { strings: this.stringParts().map((part) => Buffer.concat([...part()])), binary: this.binaryParts() };
  }

  /** The binary part, as views of the columns (nothing copied but the columns' lengths). */
  binaryParts(): Buffer[] {
    const binary = [Buffer.from(this.hashes.buffer, this.hashes.byteOffset, this.hashes.byteLength), Buffer.from(this.stamps.buffer, this.stamps.byteOffset, this.stamps.byteLength)];
    for (const c of INT_COLUMNS) {
      binary.push(Buffer.from(Int32Array.from([this.ints[c].length]).buffer));
      binary.push(Buffer.from(this.ints[c].buffer, this.ints[c].byteOffset, this.ints[c].byteLength));
    }
    return binary;
  }

  /**
   * The JSON parts (ids, titles, sources, excerpts, the rest), each as JSON.stringify writes it,
   * made a slice at a time when asked (each call starts again): the strings in parts, each
   * parsed and let go before the next is read, so that a file of 100,000 documents never has its
   * 20 MB of JSON in memory at once, neither when read nor when written (store.ts writes each
   * part twice over: once for the head's sizes and hash, then into the file).
   */
  stringParts(): Array<() => Generator<Buffer>> {
    const { ids, titles, sources, excerpts, ...rest } = this.s;
    return [...[ids, titles, sources, excerpts].map((column) => () => jsonArraySlices(column)), function* () {
      yield Buffer.from(JSON.stringify(rest));
    }];
  }

  /**
   * A table from its bytes, or null when they are not one (checked, never trusted). The bytes are
   * taken part by part from `next` (the file read straight into each column: the file is never
   * held whole), the JSON parts first (their sizes in bytes: `stringParts`).
   */
  static async decode(stringParts: readonly number[], next: (bytes: number) => Promise<Uint8Array | null>): Promise<EntryTable | null> {
    if (stringParts.length !== 5) return null;
    const parts: unknown[] = [];
    for (const bytes of stringParts) {
      const json = await next(bytes);
      if (!json) return null;
      parts.push(JSON.parse(Buffer.from(json.buffer, json.byteOffset, json.byteLength).toString('utf8')));
    }
    const [ids, titles, sources, excerpts, rest] = parts as [string[], Array<string | null>, Array<string | null>, string[], Omit<TableStrings, 'ids' | 'titles' | 'sources' | 'excerpts'>];
    if (!rest || typeof rest !== 'object') return null;
    const s: TableStrings = { ...rest, ids, titles, sources, excerpts };
    if (!Array.isArray(s.ids) || !Array.isArray(s.titles) || !Array.isArray(s.sources) || !Array.isArray(s.excerpts) || !Array.isArray(s.names) || !Array.isArray(s.finishedLists)) return null;
    if (typeof s.problems !== 'object' || typeof s.layerExtras !== 'object' || typeof s.otherHashes !== 'object' || !s.problems || !s.layerExtras || !s.otherHashes) return null;
    const n = s.ids.length;
    if (s.titles.length !== n || s.sources.length !== n || s.excerpts.length !== n) return null;
    const hashes = await next(n * HASH_BYTES);
    const stamps = await next(n * STAMP_BYTES);
    if (!hashes || !stamps) return null;
    const ints = {} as Record<IntColumn, Int32Array>;
    for (const c of INT_COLUMNS) {
      const head = await next(4);
      if (!head) return null;
      const count = new Int32Array(head.buffer, head.byteOffset, 1)[0]!;
      if (count < 0 || count > 1 << 28) return null;
      const bytes = await next(count * 4);
      if (!bytes) return null;
      ints[c] = new Int32Array(bytes.buffer, bytes.byteOffset, count);
    }
    const layers = ints.layerWho.length;
    const pairs = ints.labelName.length;
    const sized = (c: IntColumn, m: number) => ints[c].length === m;
    if (!(['length', 'disagreements', 'settled', 'flags', 'finishedList'] as const).every((c) => sized(c, n)) || !sized('layerStart', n + 1)) return null;
    if (!(['layerSpans', 'layerFlags', 'layerSettled'] as const).every((c) => sized(c, layers)) || !sized('labelStart', layers + 1) || !sized('labelCount', pairs)) return null;
    // Every reference inside the table points inside it.
    const within = (a: Int32Array, max: number) => a.every((v) => v >= 0 && v < max);
    const rising = (a: Int32Array, end: number) => a[0] === 0 && a[a.length - 1] === end && a.every((v, i) => i === 0 || v >= a[i - 1]!);
    if (!within(ints.finishedList, s.finishedLists.length) || !within(ints.layerWho, s.names.length) || !within(ints.labelName, s.names.length)) return null;
    if (!rising(ints.layerStart, layers) || !rising(ints.labelStart, pairs)) return null;
    for (let i = 1; i < n; i++) if (!(s.ids[i - 1]! < s.ids[i]!)) return null;
    return new EntryTable(s, ints, hashes, stamps);
  }

  /** A table from its bytes in memory (encode's), or null. */
  static async fromBytes(strings: Buffer[], binary: Buffer): Promise<EntryTable | null> {
    const all = Buffer.concat([...strings, binary]);
    let at = 0;
    const table = await EntryTable.decode(
      strings.map((b) => b.length),
      async (bytes) => {
      if (at + bytes > all.length) return null;
      const out = new Uint8Array(bytes);
        out.set(all.subarray(at, (at += bytes)));
        return out;
      },
    );
    return at === all.length ? table : null;
  }

  /** A table of entries given in id order. */
  static of(entries: Iterable<IndexEntry>): EntryTable {
    const b = new TableBuilder();
    for (const e of entries) b.add(e);
    return b.finish();
  }

  /**
   * Rows of `rows` (in its order), as one table. Its columns are made at their size at once
   * (counted first): grown by doubling, then cut to size, they had the table's 22 MB of columns
   * (at 100,000 documents) made about three times over, beside the old table, when the project
   * closed after a save.
   */
  static from(rows: IndexRows): EntryTable {
    let layers = 0;
    let labels = 0;
    for (let i = 0; i < rows.size; i++) {
      const at = rows.at(i);
      if (typeof at === 'number') {
        const t = rows.base;
        layers += t.layersTo(at) - t.layersFrom(at);
        labels += t.ints.labelStart[t.layersTo(at)]! - t.ints.labelStart[t.layersFrom(at)]!;
      } else {
        for (const layer of Object.values(at.layers)) {
          layers++;
          labels += Object.keys(layer.labels).length;
        }
      }
    }
    const b = new TableBuilder({ documents: rows.size, layers, labels });
    for (let i = 0; i < rows.size; i++) {
      const at = rows.at(i);
      if (typeof at === 'number') b.copy(rows.base, at);
      else b.add(at);
    }
    return b.finish();
  }

  static empty(): EntryTable {
    return new TableBuilder().finish();
  }
}

/** A layer row as an entry, its label counts made when read. */
class RowLayer implements LayerEntry {
  finished?: true;
  problem?: FileProblem;
  settledIds?: number;
  counted?: LayerState;
  constructor(
    private readonly table: EntryTable,
    private readonly row: number,
    readonly spans: number,
  ) {
    table.layerMarks(row, this);
  }
  get labels(): Record<string, number> {
    return this.table.labelsOf(this.row);
  }
}

/** A row as an entry, its text hash and stamp made when read. */
class RowEntry implements IndexEntry {
  readonly id: string;
  readonly title: string | null;
  readonly source: string | null;
  readonly excerpt: string;
  readonly length: number;
  readonly edited?: true;
  readonly finished: string[];
  readonly disagreements: number;
  readonly settled: number;
  readonly problems: FileProblem[];
  constructor(
    private readonly table: EntryTable,
    private readonly row: number,
    readonly layers: Record<string, LayerEntry>,
  ) {
    this.id = table.id(row);
    this.title = table.title(row);
    this.source = table.source(row);
    this.excerpt = table.excerpt(row);
    this.length = table.length(row);
    if (table.edited(row)) this.edited = true;
    this.finished = table.finished(row);
    this.disagreements = table.disagreements(row);
    this.settled = table.settled(row);
    this.problems = table.problems(row);
  }
  get textHash(): string | null {
    return this.table.textHash(this.row);
  }
  get stamp(): string {
    return this.table.stamp(this.row);
  }
}

/** A column being made: 4 bytes a number (a JS array of numbers takes 8 and more while it grows). */
class GrowingInts {
  private a: Int32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.a = new Int32Array(Math.max(1, capacity));
  }
  push(v: number): void {
    if (this.length === this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.length++] = v;
  }
  done(): Int32Array {
    // Made at its size (TableBuilder's sizes): taken as it is, not copied.
    return this.length === this.a.length ? this.a : this.a.slice(0, this.length);
  }
}

/** Makes a table row by row (entries in id order). */
export class TableBuilder {
  private readonly s: TableStrings = { ids: [], titles: [], sources: [], excerpts: [], names: [], finishedLists: [], problems: {}, otherHashes: {}, layerExtras: {} };
  private readonly nameIds = new Map<string, number>();
  private readonly listIds = new Map<string, number>();
  private readonly cols: Record<IntColumn, GrowingInts>;
  private hashes: Uint8Array;
  private stamps: Uint8Array;

  /** `sizes`: the table's, when known (the columns are then made at their size). */
  constructor(sizes?: { documents: number; layers: number; labels: number }) {
    const capacity = (c: IntColumn): number | undefined => {
      if (!sizes) return undefined;
      if (c === 'layerStart') return sizes.documents + 1;
      if (c === 'labelStart') return sizes.layers + 1;
      if (c.startsWith('layer')) return sizes.layers;
      if (c.startsWith('label')) return sizes.labels;
      return sizes.documents;
    };
    this.cols = Object.fromEntries(INT_COLUMNS.map((c) => [c, new GrowingInts(capacity(c))])) as Record<IntColumn, GrowingInts>;
    const documents = Math.max(1, sizes?.documents ?? 1024);
    this.hashes = new Uint8Array(documents * HASH_BYTES);
    this.stamps = new Uint8Array(documents * STAMP_BYTES);
    this.cols.layerStart.push(0);
    this.cols.labelStart.push(0);
  }

  private name(n: string): number {
    let i = this.nameIds.get(n);
    if (i === undefined) this.nameIds.set(n, (i = this.s.names.push(n) - 1));
    return i;
  }

  private list(l: readonly string[]): number {
    const key = l.join('\n');
    let i = this.listIds.get(key);
    if (i === undefined) this.listIds.set(key, (i = this.s.finishedLists.push([...l]) - 1));
    return i;
  }

  private bytes(r: number, hash: string | null, stamp: string): void {
    this.grow(r);
    if (hash !== null && USUAL_HASH.test(hash)) this.hashes.set(Buffer.from(hash.slice(HASH_PREFIX.length), 'hex'), r * HASH_BYTES);
    else if (hash !== null) this.s.otherHashes[r] = hash;
    this.stamps.set(Buffer.from(stamp, 'hex').subarray(0, STAMP_BYTES), r * STAMP_BYTES);
  }

  /** Room for row r's bytes. */
  private grow(r: number): void {
    if ((r + 1) * HASH_BYTES > this.hashes.length) {
      const h = new Uint8Array(this.hashes.length * 2);
      h.set(this.hashes);
      this.hashes = h;
      const s = new Uint8Array(this.stamps.length * 2);
      s.set(this.stamps);
      this.stamps = s;
    }
  }

  private doc(id: string, title: string | null, source: string | null, excerpt: string): number {
    const r = this.s.ids.length;
    this.s.ids.push(id);
    this.s.titles.push(title);
    this.s.sources.push(source);
    this.s.excerpts.push(excerpt);
    return r;
  }

  private layer(who: string, spans: number, finished: boolean, settledIds: number | undefined, extra: TableStrings['layerExtras'][string] | undefined): void {
    const c = this.cols;
    const l = c.layerWho.length;
    c.layerWho.push(this.name(who));
    c.layerSpans.push(spans);
    c.layerFlags.push((finished ? LAYER_FINISHED : 0) | (settledIds !== undefined ? LAYER_SETTLED : 0));
    c.layerSettled.push(settledIds ?? 0);
    if (extra && (extra.problem || extra.counted)) this.s.layerExtras[l] = extra;
  }

  add(e: IndexEntry): void {
    const c = this.cols;
    const r = this.doc(e.id, e.title, e.source, e.excerpt);
    this.bytes(r, e.textHash, e.stamp);
    c.length.push(e.length);
    c.disagreements.push(e.disagreements);
    c.settled.push(e.settled);
    c.flags.push((e.textHash === null ? DOC_UNREADABLE : 0) | (e.edited ? DOC_EDITED : 0));
    c.finishedList.push(this.list(e.finished));
    if (e.problems.length) this.s.problems[r] = e.problems;
    for (const [who, l] of Object.entries(e.layers)) {
      this.layer(who, l.spans, l.finished === true, l.settledIds, l.problem || l.counted ? { ...(l.problem ? { problem: l.problem } : {}), ...(l.counted ? { counted: l.counted } : {}) } : undefined);
      for (const [label, n] of Object.entries(l.labels)) {
        c.labelName.push(this.name(label));
        c.labelCount.push(n);
      }
      c.labelStart.push(c.labelName.length);
    }
    c.layerStart.push(c.layerWho.length);
  }

  /** Copies row r of a table, column by column (the journal written whole copies every row). */
  copy(t: EntryTable, r: number): void {
    const c = this.cols;
    const row = this.doc(t.id(r), t.title(r), t.source(r), t.excerpt(r));
    this.grow(row);
    this.hashes.set(t.hashes.subarray(r * HASH_BYTES, (r + 1) * HASH_BYTES), row * HASH_BYTES);
    this.stamps.set(t.stamps.subarray(r * STAMP_BYTES, (r + 1) * STAMP_BYTES), row * STAMP_BYTES);
    const other = t.s.otherHashes[r];
    if (other !== undefined) this.s.otherHashes[row] = other;
    c.length.push(t.ints.length[r]!);
    c.disagreements.push(t.ints.disagreements[r]!);
    c.settled.push(t.ints.settled[r]!);
    c.flags.push(t.ints.flags[r]!);
    c.finishedList.push(this.list(t.finished(r)));
    const problems = t.s.problems[r];
    if (problems) this.s.problems[row] = problems;
    for (let l = t.layersFrom(r); l < t.layersTo(r); l++) {
      const extra = t.s.layerExtras[l];
      if (extra) this.s.layerExtras[c.layerWho.length] = extra;
      c.layerWho.push(this.name(t.layerWho(l)));
      c.layerSpans.push(t.ints.layerSpans[l]!);
      c.layerFlags.push(t.ints.layerFlags[l]!);
      c.layerSettled.push(t.ints.layerSettled[l]!);
      for (let p = t.ints.labelStart[l]!; p < t.ints.labelStart[l + 1]!; p++) {
        c.labelName.push(this.name(t.s.names[t.ints.labelName[p]!]!));
        c.labelCount.push(t.ints.labelCount[p]!);
      }
      c.labelStart.push(c.labelName.length);
    }
    c.layerStart.push(c.layerWho.length);
  }

  finish(): EntryTable {
    const n = this.s.ids.length;
    const ints = Object.fromEntries(INT_COLUMNS.map((c) => [c, this.cols[c].done()])) as Record<IntColumn, Int32Array>;
    const cut = (a: Uint8Array, bytes: number) => (a.length === bytes ? a : a.slice(0, bytes));
    return new EntryTable(this.s, ints, cut(this.hashes, n * HASH_BYTES), cut(this.stamps, n * STAMP_BYTES));
  }
}

/** Strings (or nulls) written per slice of JSON. */
const JSON_SLICE = 4096;

/**
 * JSON.stringify(column) in slices, byte for byte: an array of strings and nulls is "[", its
 * elements as JSON.stringify writes each, joined by ",", and "]".
 */
function* jsonArraySlices(column: ReadonlyArray<string | null>): Generator<Buffer> {
  if (column.length === 0) {
    yield Buffer.from('[]');
    return;
  }
  for (let from = 0; from < column.length; from += JSON_SLICE) {
    const to = Math.min(column.length, from + JSON_SLICE);
    const json = JSON.stringify(column.slice(from, to));
    // The slice's own brackets, but the first and the last, are left out.
    yield Buffer.from(`${from === 0 ? '[' : ','}${json.slice(1, -1)}${to === column.length ? ']' : ''}`);
  }
}

function hex(bytes: Uint8Array, from: number, length: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + from, length).toString('hex');
}

/**
 * The index as the list reads it: the table's rows with the entries changed since it was made
 * put in their place, in id order. Position i is a table row (a number) or an entry.
 */
export class IndexRows {
  private readonly order: Array<number | IndexEntry>;

  constructor(
    readonly base: EntryTable,
    /** Entries changed since the table was made, by id; null: removed. */
    changed: ReadonlyMap<string, IndexEntry | null>,
  ) {
    if (changed.size === 0) {
      this.order = Array.from({ length: base.size }, (_, i) => i);
      return;
    }
    const added = [...changed.values()].filter((e): e is IndexEntry => e !== null && base.find(e.id) < 0).sort((a, b) => (a.id < b.id ? -1 : 1));
    const order: Array<number | IndexEntry> = [];
    let k = 0;
    for (let r = 0; r < base.size; r++) {
      const id = base.id(r);
      while (k < added.length && added[k]!.id < id) order.push(added[k++]!);
      const c = changed.get(id);
      if (c === undefined) order.push(r);
      else if (c !== null) order.push(c);
    }
    while (k < added.length) order.push(added[k++]!);
    this.order = order;
  }

  get size(): number {
    return this.order.length;
  }

  /** Position i: a row of the table, or a changed entry. */
  at(i: number): number | IndexEntry {
    return this.order[i]!;
  }

  id(i: number): string {
    const a = this.order[i]!;
    return typeof a === 'number' ? this.base.id(a) : a.id;
  }
  title(i: number): string | null {
    const a = this.order[i]!;
    return typeof a === 'number' ? this.base.title(a) : a.title;
  }
  source(i: number): string | null {
    const a = this.order[i]!;
    return typeof a === 'number' ? this.base.source(a) : a.source;
  }
  excerpt(i: number): string {
    const a = this.order[i]!;
    return typeof a === 'number' ? this.base.excerpt(a) : a.excerpt;
  }
  length(i: number): number {
    const a = this.order[i]!;
    return typeof a === 'number' ? this.base.length(a) : a.length;
  }
  disagreements(i: number): number {
    const a = this.order[i]!;
    return typeof a === 'number' ? this.base.disagreements(a) : a.disagreements;
  }
  settled(i: number): number {
    const a = this.order[i]!;
    return typeof a === 'number' ? this.base.settled(a) : a.settled;
  }
  finished(i: number): string[] {
    const a = this.order[i]!;
    return typeof a === 'number' ? this.base.finished(a) : a.finished;
  }
  problems(i: number): FileProblem[] {
    const a = this.order[i]!;
    return typeof a === 'number' ? this.base.problems(a) : a.problems;
  }
  stamp(i: number): string {
    const a = this.order[i]!;
    return typeof a === 'number' ? this.base.stamp(a) : a.stamp;
  }

  /** Calls `f` for each layer: who, spans, finished, unreadable, and the layer's handle for `labelCount`. */
  eachLayer(i: number, f: (who: string, spans: number, finished: boolean, problem: boolean, handle: number | LayerEntry) => boolean | void): void {
    const a = this.order[i]!;
    if (typeof a === 'number') {
      for (let l = this.base.layersFrom(a); l < this.base.layersTo(a); l++) {
        if (f(this.base.layerWho(l), this.base.layerSpans(l), this.base.layerFinished(l), this.base.layerProblem(l), l) === false) return;
      }
    } else {
      for (const who in a.layers) {
        const l = a.layers[who]!;
        if (f(who, l.spans, l.finished === true, l.problem !== undefined, l) === false) return;
      }
    }
  }

  /** A layer's count of one label (the handle eachLayer gave). */
  labelCount(handle: number | LayerEntry, label: string): number {
    return typeof handle === 'number' ? this.base.labelCount(handle, label) : (handle.labels[label] ?? 0);
  }

  /** Span counts by label over the annotators' layers (gold left out). */
  labels(i: number): Record<string, number> {
    const out: Record<string, number> = {};
    const a = this.order[i]!;
    if (typeof a === 'number') {
      for (let l = this.base.layersFrom(a); l < this.base.layersTo(a); l++) if (this.base.layerWho(l) !== GOLD) this.base.addLabels(l, out);
    } else {
      for (const who in a.layers) {
        if (who === GOLD) continue;
        const labels = a.layers[who]!.labels;
        for (const label in labels) out[label] = (out[label] ?? 0) + labels[label]!;
      }
    }
    return out;
  }

  /** The entry at position i (made from the table's columns when it is a row). */
  entry(i: number): IndexEntry {
    const a = this.order[i]!;
    return typeof a === 'number' ? this.base.entry(a) : a;
  }

  /** The entry at position i, its costlier parts made when read (EntryTable.lightEntry). */
  lightEntry(i: number): IndexEntry {
    const a = this.order[i]!;
    return typeof a === 'number' ? this.base.lightEntry(a) : a;
  }

  /** Position of a document, or -1. */
  find(id: string): number {
    let lo = 0;
    let hi = this.order.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.id(mid);
      if (v === id) return mid;
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}

/**
 * The entries as a read-only map that makes each entry when it is asked for (team progress reads
 * them one after another): 100,000 entries are never held as objects at once.
 */
export class LazyEntries implements ReadonlyMap<string, IndexEntry> {
  constructor(
    private readonly rows: IndexRows,
    /** The index's version when these entries were taken (ProjectIndex.version): the same version, the same entries. */
    readonly version?: number,
  ) {}
  get size(): number {
    return this.rows.size;
  }
  get(id: string): IndexEntry | undefined {
    const i = this.rows.find(id);
    return i < 0 ? undefined : this.rows.entry(i);
  }
  has(id: string): boolean {
    return this.rows.find(id) >= 0;
  }
  *keys(): MapIterator<string> {
    for (let i = 0; i < this.rows.size; i++) yield this.rows.id(i);
  }
  *values(): MapIterator<IndexEntry> {
    for (let i = 0; i < this.rows.size; i++) yield this.rows.lightEntry(i);
  }
  *entries(): MapIterator<[string, IndexEntry]> {
    for (let i = 0; i < this.rows.size; i++) yield [this.rows.id(i), this.rows.lightEntry(i)];
  }
  [Symbol.iterator](): MapIterator<[string, IndexEntry]> {
    return this.entries();
  }
  forEach(f: (value: IndexEntry, key: string, map: ReadonlyMap<string, IndexEntry>) => void): void {
    for (let i = 0; i < this.rows.size; i++) f(this.rows.lightEntry(i), this.rows.id(i), this);
  }
}
