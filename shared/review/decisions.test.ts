import { beforeEach, describe, expect, it } from 'vitest';
import type { Attributes } from '../model/labels';
import type { Relation, Span, SpanEdit } from '../model/span';
import { autoMerge, decide, goldCounterpart, progressOf, reopen, type GoldState, type IdMaker, type SourceLayer } from './decisions';
import { reviewUnits, type ReviewUnit } from './units';

function sp(id: string, label: string, startOffset: number, endOffset: number, attributes?: Attributes): Span {
  return { id, label, startOffset, endOffset, quote: { prefix: `before ${id}`, exact: `${label} ${startOffset}-${endOffset}`, suffix: 'after' }, ...(attributes ? { attributes } : {}) };
}

const rel = (id: string, type: string, from: string, to: string): Relation => ({ id, type, from, to });

const source = (annotator: string, spans: Span[], relations: Relation[] = []): SourceLayer => ({ annotator, spans, relations });

/**
 * The gold layer in memory, applying edits as the store does (backend/project/layers.ts): an
 * add of an existing id, a remove of a missing one, or a relation to a span not there is an
 * error; after a batch every relation must join two spans that are there.
 */
class Gold {
  readonly spans = new Map<string, Span>();
  readonly relations = new Map<string, Relation>();
  readonly settled = new Set<string>();

  apply(edits: readonly SpanEdit[]): this {
    for (const e of edits) {
      switch (e.op) {
        case 'add':
          if (this.spans.has(e.span.id)) throw new Error(`span ${e.span.id} already in gold`);
          this.spans.set(e.span.id, e.span);
          break;
        case 'update':
          if (!this.spans.has(e.span.id)) throw new Error(`no span ${e.span.id} to update`);
          this.spans.set(e.span.id, e.span);
          break;
        case 'remove':
          if (!this.spans.delete(e.id)) throw new Error(`no span ${e.id} to remove`);
          break;
        case 'addRelation':
          if (this.relations.has(e.relation.id)) throw new Error(`relation ${e.relation.id} already in gold`);
          this.relations.set(e.relation.id, e.relation);
          break;
        case 'removeRelation':
          if (!this.relations.delete(e.id)) throw new Error(`no relation ${e.id} to remove`);
          break;
        case 'settle':
          this.settled.add(e.unit);
          break;
        case 'unsettle':
          this.settled.delete(e.unit);
          break;
      }
    }
    for (const r of this.relations.values()) {
      if (!this.spans.has(r.from) || !this.spans.has(r.to)) throw new Error(`relation ${r.id} left dangling`);
    }
    return this;
  }

  /** A snapshot, as a decision sees gold (later edits to this model do not change it). */
  state(): GoldState {
    return { spans: new Map(this.spans), relations: new Map(this.relations), settled: new Set(this.settled) };
  }

  /** Gold spans in short: label@start-end, in document order. */
  places(): string[] {
    return [...this.spans.values()].sort((a, b) => a.startOffset - b.startOffset || b.endOffset - a.endOffset).map((s) => `${s.label}@${s.startOffset}-${s.endOffset}`);
  }

  /** Gold relations in short: type(from place -> to place). */
  links(): string[] {
    const at = (id: string) => {
      const s = this.spans.get(id)!;
      return `${s.label}@${s.startOffset}-${s.endOffset}`;
    };
    return [...this.relations.values()].map((r) => `${r.type}(${at(r.from)} -> ${at(r.to)})`).sort();
  }
}

function idMaker(): IdMaker & { spans: number; relations: number } {
  const made = {
    spans: 0,
    relations: 0,
    span: () => `g${++made.spans}`,
    relation: () => `gr${++made.relations}`,
  };
  return made;
}

const unitAt = (units: readonly ReviewUnit[], label: string, start: number): ReviewUnit => {
  const u = units.find((x) => x.startOffset === start && x.versions.some((v) => v.span.label === label));
  if (!u) throw new Error(`no ${label} unit at ${start}`);
  return u;
};

let ids: ReturnType<typeof idMaker>;
beforeEach(() => {
  ids = idMaker();
});

describe('decide', () => {
  const ann = source('ann', [sp('a1', 'claim', 0, 40, { type: 'responsibility' })]);
  const bob = source('bob', [sp('b1', 'claim', 0, 44, { type: 'statement' })]);

  it('accepting one annotator copies their version into gold under a new id, and settles the unit', () => {
    const [unit] = reviewUnits([ann, bob]);
    expect(unit!.status).toBe('boundary');
    const gold = new Gold();
    const edits = decide(unit!, { kind: 'accept', annotators: ['bob'] }, gold.state(), [ann, bob], ids);
    const original = bob.spans[0]!;
    expect(edits).toEqual([
      { op: 'add', span: { id: 'g1', label: 'claim', startOffset: 0, endOffset: 44, quote: original.quote, attributes: { type: 'statement' } } },
      { op: 'settle', unit: 'ann/a1+bob/b1' },
    ]);
    // A copy: changing the gold span's attributes must not reach the annotator's span.
    const added = (edits[0] as { span: Span }).span;
    expect(added).not.toBe(original);
    expect(added.attributes).not.toBe(original.attributes);
    gold.apply(edits);
    expect(gold.places()).toEqual(['claim@0-44']);
    expect([...gold.settled]).toEqual([unit!.key]);
    // The annotators' layers are untouched.
    expect(bob.spans[0]).toEqual(sp('b1', 'claim', 0, 44, { type: 'statement' }));
  });

  it('a version without attributes gives a gold span without an attributes key', () => {
    const [unit] = reviewUnits([source('ann', [sp('a1', 'denial', 5, 9)]), source('bob', [])]);
    const edits = decide(unit!, { kind: 'accept', annotators: ['ann'] }, new Gold().state(), [], ids);
    expect(edits[0]).toEqual({ op: 'add', span: { id: 'g1', label: 'denial', startOffset: 5, endOffset: 9, quote: sp('a1', 'denial', 5, 9).quote } });
    expect('attributes' in (edits[0] as { span: Span }).span).toBe(false);
  });

  it('accepting both annotators whose versions are the same place and label adds one span', () => {
    const same = [source('ann', [sp('a1', 'actor', 3, 9, { kind: 'state' })]), source('bob', [sp('b1', 'actor', 3, 9, { kind: 'media' })])];
    const [unit] = reviewUnits(same);
    expect(unit!.attributesDiffer).toEqual(['kind']);
    const gold = new Gold().apply(decide(unit!, { kind: 'accept', annotators: ['ann', 'bob'] }, new Gold().state(), same, ids));
    expect(gold.places()).toEqual(['actor@3-9']);
    expect([...gold.spans.values()][0]!.attributes).toEqual({ kind: 'state' });
    expect(gold.settled.has(unit!.key)).toBe(true);
  });

  it('accepting both of two different versions adds both', () => {
    const [unit] = reviewUnits([ann, bob]);
    const gold = new Gold().apply(decide(unit!, { kind: 'accept', annotators: ['ann', 'bob'] }, new Gold().state(), [ann, bob], ids));
    expect(gold.places()).toEqual(['claim@0-44', 'claim@0-40']);
  });

  it('"neither" only settles the unit', () => {
    const [unit] = reviewUnits([ann, bob]);
    const edits = decide(unit!, { kind: 'neither' }, new Gold().state(), [ann, bob], ids);
    expect(edits).toEqual([{ op: 'settle', unit: unit!.key }]);
    expect(ids.spans).toBe(0);
  });

  it('deciding again on a settled unit takes out the earlier gold span and its relations, then adds the new choice', () => {
    const annL = source('ann', [sp('a1', 'claim', 0, 40), sp('a2', 'actor', 50, 55)], [rel('ar1', 'claimant', 'a1', 'a2')]);
    const bobL = source('bob', [sp('b1', 'claim', 0, 44), sp('b2', 'actor', 50, 55)], [rel('br1', 'claimant', 'b1', 'b2')]);
    const units = reviewUnits([annL, bobL]);
    const claim = unitAt(units, 'claim', 0);
    const actor = unitAt(units, 'actor', 50);
    const gold = new Gold();
    gold.apply(decide(actor, { kind: 'accept', annotators: ['ann'] }, gold.state(), [annL, bobL], ids));
    gold.apply(decide(claim, { kind: 'accept', annotators: ['ann'] }, gold.state(), [annL, bobL], ids));
    expect(gold.places()).toEqual(['claim@0-40', 'actor@50-55']);
    expect(gold.links()).toEqual(['claimant(claim@0-40 -> actor@50-55)']);
    const before = gold.state();
    const earlierClaim = goldCounterpart(before, annL.spans[0]!)!;
    const earlierRelation = [...before.relations.values()][0]!;

    const again = decide(claim, { kind: 'accept', annotators: ['bob'] }, before, [annL, bobL], ids);
    // Out first (the relation before its span), then in; no second settle.
    expect(again.slice(0, 2)).toEqual([
      { op: 'removeRelation', id: earlierRelation.id },
      { op: 'remove', id: earlierClaim.id },
    ]);
    expect(again.map((e) => e.op)).toEqual(['removeRelation', 'remove', 'add', 'addRelation']);
    gold.apply(again);
    expect(gold.places()).toEqual(['claim@0-44', 'actor@50-55']);
    // Bob's claim also had a claimant to the same actor: carried, under a new relation id.
    expect(gold.links()).toEqual(['claimant(claim@0-44 -> actor@50-55)']);
    expect(gold.relations.has(earlierRelation.id)).toBe(false);
    expect([...gold.settled].sort()).toEqual([actor.key, claim.key].sort());

    // And deciding "neither" now takes the claim out and keeps the unit settled.
    gold.apply(decide(claim, { kind: 'neither' }, gold.state(), [annL, bobL], ids));
    expect(gold.places()).toEqual(['actor@50-55']);
    expect(gold.links()).toEqual([]);
    expect(gold.settled.has(claim.key)).toBe(true);
  });

  describe('relations', () => {
    // Ann: a claim (0-40) with a claimant actor nested in it (5-12); Bob marked the claim a little longer and no relation.
    const annL = source('ann', [sp('a1', 'claim', 0, 40, { type: 'responsibility' }), sp('a2', 'actor', 5, 12)], [rel('ar1', 'claimant', 'a1', 'a2')]);
    const bobL = source('bob', [sp('b1', 'claim', 0, 44), sp('b2', 'actor', 5, 12)]);
    const units = reviewUnits([annL, bobL]);
    const claim = unitAt(units, 'claim', 0);
    const actor = unitAt(units, 'actor', 5);

    it('accepting a claim whose annotator links it to an actor already in gold carries the relation', () => {
      expect([claim.status, actor.status]).toEqual(['boundary', 'agreed']);
      const gold = new Gold().apply(autoMerge(units, new Gold().state(), [annL, bobL], ids));
      expect(gold.places()).toEqual(['actor@5-12']);
      const goldActor = [...gold.spans.values()][0]!;
      const edits = decide(claim, { kind: 'accept', annotators: ['ann'] }, gold.state(), [annL, bobL], ids);
      const addedClaim = (edits.find((e) => e.op === 'add') as { span: Span }).span;
      expect(edits).toContainEqual({ op: 'addRelation', relation: { id: 'gr1', type: 'claimant', from: addedClaim.id, to: goldActor.id } });
      gold.apply(edits);
      expect(gold.links()).toEqual(['claimant(claim@0-40 -> actor@5-12)']);
    });

    it('no relation while the other end has no gold counterpart; it comes when that end is accepted', () => {
      const gold = new Gold();
      gold.apply(decide(claim, { kind: 'accept', annotators: ['ann'] }, gold.state(), [annL, bobL], ids));
      expect(gold.links()).toEqual([]);
      gold.apply(decide(actor, { kind: 'accept', annotators: ['ann', 'bob'] }, gold.state(), [annL, bobL], ids));
      expect(gold.places()).toEqual(['claim@0-40', 'actor@5-12']);
      expect(gold.links()).toEqual(['claimant(claim@0-40 -> actor@5-12)']);
    });

    it('accepting the version of an annotator who made no relation carries none', () => {
      const gold = new Gold().apply(autoMerge(units, new Gold().state(), [annL, bobL], ids));
      gold.apply(decide(claim, { kind: 'accept', annotators: ['bob'] }, gold.state(), [annL, bobL], ids));
      expect(gold.places()).toEqual(['claim@0-44', 'actor@5-12']);
      expect(gold.links()).toEqual([]);
    });

    it('a relation already in gold is not added twice', () => {
      const gold = new Gold();
      gold.apply(decide(actor, { kind: 'accept', annotators: ['ann'] }, gold.state(), [annL, bobL], ids));
      gold.apply(decide(claim, { kind: 'accept', annotators: ['ann'] }, gold.state(), [annL, bobL], ids));
      // Deciding the actor again: its gold span (and the relation) go out, then come back once.
      gold.apply(decide(actor, { kind: 'accept', annotators: ['ann', 'bob'] }, gold.state(), [annL, bobL], ids));
      expect(gold.links()).toEqual(['claimant(claim@0-40 -> actor@5-12)']);
      expect(gold.relations.size).toBe(1);
    });
  });
});

describe('reopen', () => {
  it('takes out what the unit put into gold, with its relations, and unsettles it', () => {
    const annL = source('ann', [sp('a1', 'claim', 0, 40), sp('a2', 'actor', 50, 55)], [rel('ar1', 'claimant', 'a1', 'a2')]);
    const bobL = source('bob', [sp('b1', 'denial', 0, 40), sp('b2', 'actor', 50, 55)]);
    const units = reviewUnits([annL, bobL]);
    const claim = unitAt(units, 'claim', 0);
    expect(claim.status).toBe('label');
    const gold = new Gold().apply(autoMerge(units, new Gold().state(), [annL, bobL], ids));
    gold.apply(decide(claim, { kind: 'accept', annotators: ['ann'] }, gold.state(), [annL, bobL], ids));
    expect(gold.links()).toHaveLength(1);
    const edits = reopen(claim, gold.state());
    expect(edits.map((e) => e.op)).toEqual(['removeRelation', 'remove', 'unsettle']);
    gold.apply(edits);
    expect(gold.places()).toEqual(['actor@50-55']);
    expect(gold.links()).toEqual([]);
    expect(gold.settled.size).toBe(0);
  });

  it('reopening a unit settled as "neither" only unsettles; an open unit with nothing in gold needs no edit', () => {
    const [unit] = reviewUnits([source('ann', [sp('a1', 'claim', 0, 4)]), source('bob', [])]);
    const gold = new Gold().apply(decide(unit!, { kind: 'neither' }, new Gold().state(), [], ids));
    expect(reopen(unit!, gold.state())).toEqual([{ op: 'unsettle', unit: unit!.key }]);
    gold.apply(reopen(unit!, gold.state()));
    expect(reopen(unit!, gold.state())).toEqual([]);
  });
});

describe('autoMerge', () => {
  it('puts every agreed unit into gold with only the attributes all annotators share, and settles nothing', () => {
    const annL = source('ann', [sp('a1', 'actor', 0, 6, { kind: 'state', entity: 'us' }), sp('a2', 'claim', 10, 30, { type: 'statement' }), sp('a3', 'denial', 40, 50)]);
    const bobL = source('bob', [sp('b1', 'actor', 0, 6, { kind: 'state', entity: 'usa' }), sp('b2', 'claim', 10, 30), sp('b3', 'denial', 40, 52)]);
    const units = reviewUnits([annL, bobL]);
    const edits = autoMerge(units, new Gold().state(), [annL, bobL], ids);
    expect(edits.every((e) => e.op === 'add')).toBe(true);
    const gold = new Gold().apply(edits);
    expect(gold.places()).toEqual(['actor@0-6', 'claim@10-30']);
    const [actor, claim] = [...gold.spans.values()].sort((a, b) => a.startOffset - b.startOffset);
    expect(actor!.attributes).toEqual({ kind: 'state' });
    // Set by one, unset by the other: not shared, so not in gold.
    expect(claim!.attributes).toBeUndefined();
    expect(gold.settled.size).toBe(0);
    // The boundary disagreement on the denial is the curator's.
    expect(goldCounterpart(gold.state(), annL.spans[2]!)).toBeUndefined();
  });

  it('skips units whose span is already in gold, and is idempotent', () => {
    const annL = source('ann', [sp('a1', 'actor', 0, 6), sp('a2', 'claim', 10, 30)]);
    const bobL = source('bob', [sp('b1', 'actor', 0, 6), sp('b2', 'claim', 10, 30)]);
    const units = reviewUnits([annL, bobL]);
    const gold = new Gold().apply([{ op: 'add', span: { ...sp('x', 'actor', 0, 6), id: 'mine', attributes: { kind: 'other' } } }]);
    const edits = autoMerge(units, gold.state(), [annL, bobL], ids);
    expect(edits).toEqual([{ op: 'add', span: expect.objectContaining({ label: 'claim', startOffset: 10, endOffset: 30 }) }]);
    gold.apply(edits);
    expect(gold.spans.get('mine')!.attributes).toEqual({ kind: 'other' });
    expect(autoMerge(units, gold.state(), [annL, bobL], ids)).toEqual([]);
  });

  it('leaves alone an agreed unit the curator has settled (its attributes decided, or rejected as "neither")', () => {
    const annL = source('ann', [sp('a1', 'actor', 0, 6, { kind: 'state' })]);
    const bobL = source('bob', [sp('b1', 'actor', 0, 6, { kind: 'media' })]);
    const units = reviewUnits([annL, bobL]);
    const gold = new Gold().apply(decide(units[0]!, { kind: 'neither' }, new Gold().state(), [annL, bobL], ids));
    expect(autoMerge(units, gold.state(), [annL, bobL], ids)).toEqual([]);
    expect(autoMerge(units, gold.state(), [annL, bobL], ids, { majority: 2 })).toEqual([]);
  });

  it('adds a relation only when every annotator made it between spans now in gold', () => {
    const annL = source(
      'ann',
      [sp('a1', 'claim', 0, 40), sp('a2', 'actor', 5, 12), sp('a3', 'denial', 50, 70), sp('a4', 'actor', 60, 65), sp('a5', 'claim', 80, 90), sp('a6', 'actor', 100, 104)],
      [rel('r1', 'claimant', 'a1', 'a2'), rel('r2', 'denier', 'a3', 'a4'), rel('r3', 'claimant', 'a5', 'a6')],
    );
    const bobL = source(
      'bob',
      [sp('b1', 'claim', 0, 40), sp('b2', 'actor', 5, 12), sp('b3', 'denial', 50, 70), sp('b4', 'actor', 60, 65), sp('b5', 'claim', 80, 92), sp('b6', 'actor', 100, 104)],
      [rel('s1', 'claimant', 'b1', 'b2'), rel('s3', 'claimant', 'b5', 'b6')],
    );
    const units = reviewUnits([annL, bobL]);
    const gold = new Gold().apply(autoMerge(units, new Gold().state(), [annL, bobL], ids));
    // The claim at 80 is a boundary disagreement: not merged, so its relations wait.
    expect(gold.places()).toEqual(['claim@0-40', 'actor@5-12', 'denial@50-70', 'actor@60-65', 'actor@100-104']);
    // Both made the claimant at 0; only Ann made the denier.
    expect(gold.links()).toEqual(['claimant(claim@0-40 -> actor@5-12)']);
  });

  it('adds a shared relation to a span that was already in gold', () => {
    const annL = source('ann', [sp('a1', 'claim', 0, 40), sp('a2', 'actor', 5, 12)], [rel('r1', 'claimant', 'a1', 'a2')]);
    const bobL = source('bob', [sp('b1', 'claim', 0, 40), sp('b2', 'actor', 5, 12)], [rel('s1', 'claimant', 'b1', 'b2')]);
    const units = reviewUnits([annL, bobL]);
    const gold = new Gold().apply([{ op: 'add', span: { ...sp('x', 'actor', 5, 12), id: 'old' } }]);
    gold.apply(autoMerge(units, gold.state(), [annL, bobL], ids));
    expect(gold.links()).toEqual(['claimant(claim@0-40 -> actor@5-12)']);
    expect([...gold.relations.values()][0]!.to).toBe('old');
  });

  it('without a majority option leaves every disagreement alone', () => {
    const layers = [source('ann', [sp('a1', 'claim', 0, 10)]), source('bob', [sp('b1', 'claim', 0, 10)]), source('cat', [])];
    expect(autoMerge(reviewUnits(layers), new Gold().state(), layers, ids)).toEqual([]);
  });

  describe('majority: 2 of 3', () => {
    const annL = source('ann', [sp('a1', 'claim', 0, 10, { type: 'statement' }), sp('a2', 'actor', 20, 25), sp('a3', 'denial', 30, 40), sp('a4', 'claim', 50, 60)]);
    const bobL = source('bob', [sp('b1', 'claim', 0, 10, { type: 'statement' }), sp('b2', 'actor', 20, 25), sp('b4', 'denial', 50, 60)]);
    const catL = source('cat', [sp('c1', 'claim', 0, 12), sp('c4', 'actor', 50, 60)]);
    const layers = [annL, bobL, catL];
    const units = reviewUnits(layers);
    const at = (label: string, start: number) => unitAt(units, label, start);

    it('merges and settles the version a majority shares; not a span only one of three has', () => {
      expect([at('claim', 0).status, at('actor', 20).status, at('denial', 30).status, at('claim', 50).status]).toEqual(['boundary', 'partial', 'partial', 'label']);
      const edits = autoMerge(units, new Gold().state(), layers, ids, { majority: 2 });
      const gold = new Gold().apply(edits);
      // 0-10 (ann, bob against cat's 0-12) and the actor cat lacks; the denial is ann's alone, and at 50 all three differ.
      expect(gold.places()).toEqual(['claim@0-10', 'actor@20-25']);
      expect([...gold.settled].sort()).toEqual([at('claim', 0).key, at('actor', 20).key].sort());
      expect([...gold.spans.values()].find((s) => s.label === 'claim')!.attributes).toEqual({ type: 'statement' });
    });

    it('a majority version already in gold is only settled; a settled unit is left alone', () => {
      const gold = new Gold().apply([{ op: 'add', span: { ...sp('x', 'claim', 0, 10), id: 'mine' } }, { op: 'settle', unit: at('actor', 20).key }]);
      const edits = autoMerge(units, gold.state(), layers, ids, { majority: 2 });
      expect(edits).toEqual([{ op: 'settle', unit: at('claim', 0).key }]);
    });

    it('a majority threshold above what anyone reaches merges nothing but full agreement', () => {
      expect(autoMerge(units, new Gold().state(), layers, ids, { majority: 3 })).toEqual([]);
    });

    it('an attribute the majority itself disagrees on is left out of gold, and the unit stays open for the curator', () => {
      const three = [
        source('ann', [sp('a1', 'casualty-figure', 0, 10, { outcome: 'killed', vague: false })]),
        source('bob', [sp('b1', 'casualty-figure', 0, 10, { outcome: 'injured', vague: false })]),
        source('cat', [sp('c1', 'casualty-figure', 0, 12, { outcome: 'killed', vague: false })]),
      ];
      const found = reviewUnits(three);
      const edits = autoMerge(found, new Gold().state(), three, ids, { majority: 2 });
      const gold = new Gold().apply(edits);
      expect(gold.places()).toEqual(['casualty-figure@0-10']);
      expect([...gold.spans.values()][0]!.attributes).toEqual({ vague: false });
      expect(gold.settled.size).toBe(0);
    });

    it('with two annotators, one against one is never a majority', () => {
      const two = [annL, catL];
      const found = reviewUnits(two);
      expect(autoMerge(found, new Gold().state(), two, ids, { majority: 1 })).toEqual([]);
    });
  });
});

describe('progressOf', () => {
  it('counts the disagreements and those settled; agreement and stale keys do not count', () => {
    const units = reviewUnits([
      source('ann', [sp('a1', 'claim', 0, 10), sp('a2', 'actor', 20, 25, { kind: 'state' }), sp('a3', 'denial', 30, 40), sp('a4', 'actor', 50, 55)]),
      source('bob', [sp('b1', 'claim', 0, 10), sp('b2', 'actor', 20, 25), sp('b3', 'denial', 30, 42)]),
    ]);
    // claim agreed; actor at 20 agreed but an attribute differs; denial boundary; actor at 50 partial.
    expect(progressOf(units, new Set())).toEqual({ disagreements: 3, settled: 0 });
    const keys = units.map((u) => u.key);
    expect(progressOf(units, new Set([keys[0]!, keys[1]!, 'ann/gone+bob/gone']))).toEqual({ disagreements: 3, settled: 1 });
    expect(progressOf(units, new Set(keys))).toEqual({ disagreements: 3, settled: 3 });
    expect(progressOf([], new Set(['x']))).toEqual({ disagreements: 0, settled: 0 });
  });
});
