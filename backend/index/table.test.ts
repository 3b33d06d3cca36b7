import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readIndex, writeIndex } from './store';
import type { IndexEntry } from './entry';
import { EntryTable, IndexRows, LazyEntries } from './table';

const hash = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;
const stamp = (n: number) => n.toString(16).padStart(16, '0');

/** Entries with every rare part an index meets: problems, unreadable layers, gold, an edited text, a hash of another form. */
function entry(n: number): IndexEntry {
  const e: IndexEntry = {
    id: `doc-${String(n).padStart(4, '0')}`,
    title: n % 3 ? `Title ${n}` : null,
    source: n % 4 ? `https://example.org/${n}` : null,
    excerpt: `The first words of ${n}, Ḥalabja 🙂`,
    length: 1000 + n,
    textHash: n % 7 === 0 ? null : n % 11 === 0 ? `md5:${n}` : hash(n),
    layers: {
      layla: { spans: n % 5, labels: n % 5 ? { actor: n % 5 } : {}, ...(n % 2 ? { finished: true as const } : {}) },
      tom: n % 6 === 0 ? { spans: 0, labels: {}, problem: { file: `documents/doc-${n}/annotations/tom.json`, problems: ['not JSON'] }, counted: { spans: 0, relations: 1, finished: false } } : { spans: 3, labels: { claim: 2, denial: 1 } },
      ...(n % 8 === 0 ? { gold: { spans: 1, labels: { claim: 1 }, finished: true as const, settledIds: 2 } } : {}),
    },
    finished: n % 2 ? ['layla'] : [],
    disagreements: n % 9,
    settled: n % 3,
    problems: n % 6 === 0 ? [{ file: `documents/doc-${n}/annotations/tom.json`, problems: ['not JSON'] }] : [],
    stamp: stamp(n * 7919),
  };
  if (n % 10 === 0) e.edited = true;
  return e;
}

describe('the index table', () => {
  const entries = Array.from({ length: 50 }, (_, n) => entry(n));

  it('gives back every entry it was made of, after a trip through its bytes', async () => {
    const table = EntryTable.of(entries);
    const { strings, binary } = table.encode();
    const again = (await EntryTable.fromBytes(strings, Buffer.concat(binary)))!;
    expect(again).not.toBeNull();
    expect(Array.from({ length: again.size }, (_, r) => again.entry(r))).toEqual(entries);
    expect(again.find('doc-0017')).toBe(17);
    expect(again.find('doc-9999')).toBe(-1);
  });

  it('writes its strings as JSON.stringify does, in slices, and a project of more documents than a slice reads back whole', async () => {
    // More rows than a slice of JSON (4,096), with nulls, quotes, escapes and characters beyond Latin-1.
    const many = Array.from({ length: 9000 }, (_, n) => ({ ...entry(n), title: n % 3 ? `Title ${n} "Ḥalabja" \\ 🙂 \u2028` : null }));
    const table = EntryTable.of(many);
    const { ids, titles, sources, excerpts, ...rest } = table.s;
    const parts = table.stringParts().map((part) => Buffer.concat([...part()]).toString('utf8'));
    expect(parts).toEqual([ids, titles, sources, excerpts, rest].map((p) => JSON.stringify(p)));
    expect(EntryTable.empty().stringParts().map((part) => Buffer.concat([...part()]).toString('utf8')).slice(0, 4)).toEqual(['[]', '[]', '[]', '[]']);
    const root = await mkdtemp(path.join(tmpdir(), 'standoff-table-'));
    try {
      await writeIndex(root, table);
      const back = (await readIndex(root))!.table;
      expect(back.size).toBe(9000);
      expect(back.entry(8999)).toEqual(many[8999]);
      expect(back.entry(4096)).toEqual(many[4096]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('refuses bytes that do not hold together', async () => {
    const { strings, binary } = EntryTable.of(entries).encode();
    const bytes = Buffer.concat(binary);
    expect(await EntryTable.fromBytes(strings, bytes.subarray(0, bytes.length - 4))).toBeNull();
    const pointing = Buffer.from(bytes);
    // The first layer's name number (after hashes, stamps and five columns of 50 and one of 51, each with its count).
    const at = 50 * 32 + 50 * 8 + 5 * (4 + 50 * 4) + (4 + 51 * 4) + 4;
    pointing.writeInt32LE(1000, at);
    expect(await EntryTable.fromBytes(strings, pointing)).toBeNull();
  });

  it('with changes beside it, reads in id order as the entries now are, and is made whole again alike', () => {
    const table = EntryTable.of(entries);
    const changed = new Map<string, IndexEntry | null>([
      ['doc-0003', { ...entry(3), title: 'Changed' }],
      ['doc-0004', null],
      ['doc-0010b', { ...entry(10), id: 'doc-0010b' }],
      ['zz-last', { ...entry(49), id: 'zz-last' }],
    ]);
    const rows = new IndexRows(table, changed);
    const now = entries
      .filter((e) => e.id !== 'doc-0004')
      .map((e) => (e.id === 'doc-0003' ? changed.get('doc-0003')! : e))
      .concat([changed.get('doc-0010b')!, changed.get('zz-last')!])
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(Array.from({ length: rows.size }, (_, i) => rows.entry(i))).toEqual(now);
    expect(rows.labels(rows.find('doc-0008'))).toEqual({ actor: 3, claim: 2, denial: 1 });
    const whole = EntryTable.from(rows);
    expect(Array.from({ length: whole.size }, (_, r) => whole.entry(r))).toEqual(now);
    // Team progress's entries: the same values, read through.
    const lazy = [...new LazyEntries(new IndexRows(whole, new Map())).values()];
    expect(lazy.map((e) => [e.id, e.textHash, e.stamp, e.layers.tom!.labels, e.layers.tom!.counted])).toEqual(now.map((e) => [e.id, e.textHash, e.stamp, e.layers.tom!.labels, e.layers.tom!.counted]));
  });
});
