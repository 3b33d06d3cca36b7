/**
 * parseAnnotationFile's fast path (validAsIs) against zod's schema, which stays the rule: on
 * valid files and on files broken one place at a time, the fast path never accepts what zod
 * refuses, and what it accepts is exactly what zod returns (values and key order); the files
 * Standoff writes take the fast path.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Span } from '../model/span';
import { textHash } from '../text/hash';
import { annotationFileSchema, emptyAnnotationFile, GOLD, parseAnnotationFile, serializeAnnotationFile, validAsIs, type AnnotationFile } from './annotationFile';

const HASH = textHash('some text');

const idArb = fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/);
const valueArb = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.array(fc.string({ maxLength: 6 }), { maxLength: 4 }),
  fc.integer({ min: -50, max: 50 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
  fc.boolean(),
  fc.record({ min: fc.option(fc.integer({ min: 0, max: 9 }), { nil: null }), max: fc.option(fc.integer({ min: 10, max: 99 }), { nil: null }) }),
);
const noteArb = fc.oneof(fc.record({ text: fc.constantFrom('a note', 'why?') }), fc.record({ text: fc.constantFrom('', 'see'), flag: fc.constantFrom('check', 'todo-1') }));
const spanArb = (i: number) =>
  fc
    .record({
      label: fc.constantFrom('actor', 'claim', 'PER', 'org.company'),
      start: fc.nat(500),
      length: fc.nat(40),
      attributes: fc.option(fc.dictionary(fc.constantFrom('entity', 'kind', 'count', 'outcome', 'a-b_1'), valueArb, { maxKeys: 3 }), { nil: undefined }),
      note: fc.option(noteArb, { nil: undefined }),
    })
    .map(
      (r): Span => ({
        id: `s${i}`,
        label: r.label,
        startOffset: r.start,
        endOffset: r.start + r.length,
        quote: { prefix: 'p', exact: 'x'.repeat(r.length), suffix: 's' },
        ...(r.attributes ? { attributes: r.attributes as Span['attributes'] } : {}),
        ...(r.note ? { note: r.note } : {}),
      }),
    );

/** A valid file as Standoff writes it, parsed back to the plain JSON value a reader sees. */
const fileArb = fc
  .record({
    gold: fc.boolean(),
    spans: fc.integer({ min: 0, max: 6 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => spanArb(i)))),
    orphans: fc.integer({ min: 0, max: 2 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => spanArb(100 + i)))),
    finished: fc.boolean(),
    note: fc.option(noteArb, { nil: undefined }),
    relations: fc.array(fc.tuple(fc.nat(20), fc.nat(20), idArb), { maxLength: 4 }),
    settled: fc.array(fc.constantFrom('a|b', 'c'), { maxLength: 2 }),
  })
  .map((r) => {
    const spans = r.spans as Span[];
    const orphans = (r.orphans as Span[]).map((span) => ({ span, reason: 'not found' }));
    const ids = [...spans, ...orphans.map((o) => o.span)].map((s) => s.id);
    const relations = ids.length < 2 ? [] : r.relations.map(([a, b, id], k) => ({ id: `r${k}${id}`, type: 'claimant', from: ids[a % ids.length]!, to: ids[(a + 1 + (b % (ids.length - 1))) % ids.length]! }));
    const file: AnnotationFile = {
      ...emptyAnnotationFile('doc-1', r.gold ? GOLD : 'amira', HASH),
      spans,
      orphans,
      relations,
      ...(r.finished ? { finished: true as const } : {}),
      ...(r.note ? { note: r.note } : {}),
      ...(r.gold ? { settled: r.settled, unitNotes: { 'a|b': { text: 'kept' } } } : {}),
    };
    return JSON.parse(serializeAnnotationFile(file)) as Record<string, unknown>;
  });

/** Every place in a JSON value: the path to each object and array in it, and to each of their members. */
function places(value: unknown, at: Array<string | number> = []): Array<Array<string | number>> {
  const out = [at];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...places(v, [...at, i])));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) out.push(...places(v, [...at, k]));
  return out;
}

const BAD_VALUES: unknown[] = [null, '', 'gold', 'Gold', ' ', -1, 1.5, 2 ** 60, -0, true, {}, [], 'x'.repeat(10_001), { min: 2, max: 1 }, { max: 1, min: 0 }, { min: null, max: null }, ['a', 1], 's0', 'r0claimant', 'a b'];
type Mutation = { kind: 'set'; value: unknown } | { kind: 'delete' } | { kind: 'add'; key: string } | { kind: 'reverse' } | { kind: 'duplicate' };
const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constantFrom(...BAD_VALUES).map((value) => ({ kind: 'set' as const, value })),
  fc.constant({ kind: 'delete' as const }),
  fc.constantFrom('__proto__', 'extra', 'note', 'attributes', 'finished', 'settled', 'unitNotes', 'flag').map((key) => ({ kind: 'add' as const, key })),
  fc.constant({ kind: 'reverse' as const }),
  fc.constant({ kind: 'duplicate' as const }),
);

/** The file broken at one place, as JSON text (so that "__proto__" is an own key, as JSON.parse makes it). */
function mutated(record: Record<string, unknown>, path: Array<string | number>, m: Mutation): string {
  const copy = structuredClone(record);
  const parent = path.slice(0, -1).reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], copy) as Record<string | number, unknown> | undefined;
  const key = path.at(-1);
  const target = key === undefined ? copy : parent![key];
  let text: string | null = null;
  if (m.kind === 'set' && parent && key !== undefined) parent[key] = m.value;
  else if (m.kind === 'delete' && parent && key !== undefined) {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  } else if (m.kind === 'add' && target && typeof target === 'object' && !Array.isArray(target)) {
    if (m.key === '__proto__') text = JSON.stringify(copy).replace(JSON.stringify(target), JSON.stringify(target).replace(/^\{/, '{"__proto__":1,').replace(',}', '}'));
    else (target as Record<string, unknown>)[m.key] = m.key === 'finished' ? true : m.key === 'flag' ? 'check' : m.key === 'settled' ? [] : { text: 'x' };
  } else if (m.kind === 'reverse' && target && typeof target === 'object') {
    const reversed = Array.isArray(target) ? [...target].reverse() : Object.fromEntries(Object.entries(target).reverse());
    if (parent && key !== undefined) parent[key] = reversed;
    else return JSON.stringify(reversed);
  } else if (m.kind === 'duplicate' && Array.isArray(target) && target.length) target.push(structuredClone(target[0]));
  return text ?? JSON.stringify(copy);
}

/** The fast path's answer on a raw file: accepted only where zod accepts, with exactly zod's value. */
function agrees(raw: string): boolean {
  const record = JSON.parse(raw) as Record<string, unknown>;
  const zod = annotationFileSchema.safeParse(record);
  const fast = validAsIs(JSON.parse(raw) as Record<string, unknown>);
  if (fast) {
    expect(zod.success).toBe(true);
    expect(JSON.stringify(record)).toBe(JSON.stringify(zod.data));
  }
  return fast;
}

describe('annotation files: the fast path holds to the schema', () => {
  it('takes every valid file Standoff writes, as zod reads it', () => {
    fc.assert(
      fc.property(fileArb, (record) => {
        expect(agrees(JSON.stringify(record))).toBe(true);
        const raw = JSON.stringify(record, null, 2);
        expect(parseAnnotationFile(raw, 'f.json')).toEqual(annotationFileSchema.parse(JSON.parse(raw)));
      }),
      { numRuns: 300 },
    );
  });

  it('never accepts a file broken at one place that zod refuses, nor returns other than zod would', () => {
    let fast = 0;
    let refused = 0;
    fc.assert(
      fc.property(fileArb, fc.nat(), mutationArb, (record, pick, m) => {
        const all = places(record);
        const raw = mutated(record, all[pick % all.length]!, m);
        if (agrees(raw)) fast++;
        else if (!annotationFileSchema.safeParse(JSON.parse(raw)).success) refused++;
      }),
      { numRuns: 3000 },
    );
    // The mutations reach both sides: some stay valid (the fast path takes them), many are refused.
    expect(fast).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(1000);
  });

  it('leaves to zod a valid file whose keys are in another order, and zod puts them in order', () => {
    const record = fc.sample(fileArb, { numRuns: 1, seed: 7 })[0]!;
    const reversed = Object.fromEntries(Object.entries(record).reverse());
    expect(validAsIs(reversed)).toBe(false);
    const parsed = parseAnnotationFile(JSON.stringify(reversed), 'f.json');
    expect(Object.keys(parsed)).toEqual(Object.keys(record));
  });
});
