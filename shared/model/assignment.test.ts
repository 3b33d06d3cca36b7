import { describe, expect, it } from 'vitest';
import type { AssignmentPlan } from '../api/assignment';
import { AssignmentProblem, buildQueue, describePlan, planDocuments, reassignDocuments, workStatus } from './assignment';

const docs = (n: number) => Array.from({ length: n }, (_, i) => `doc-${String(i).padStart(4, '0')}`);
const plan = (p: Partial<AssignmentPlan>): AssignmentPlan => ({ annotators: ['amira', 'layla', 'tom'], perDocument: 1, overlapShare: 0, overlapPerDocument: 2, order: 'in-order', ...p });

/** How many documents have 1, 2, … annotators, and each annotator's load. */
function shape(documents: Record<string, string[]>) {
  const byCount: Record<number, number> = {};
  const load: Record<string, number> = {};
  for (const names of Object.values(documents)) {
    byCount[names.length] = (byCount[names.length] ?? 0) + 1;
    for (const a of names) load[a] = (load[a] ?? 0) + 1;
  }
  return { byCount, load };
}

describe('planDocuments', () => {
  it('gives exactly N annotators to every document, with even loads', () => {
    const out = planDocuments(docs(100), {}, plan({ perDocument: 2 }));
    expect(Object.keys(out.documents)).toHaveLength(100);
    expect(shape(out.documents).byCount).toEqual({ 2: 100 });
    // 200 places over 3 annotators: 67, 67, 66.
    expect(Object.values(shape(out.documents).load).sort()).toEqual([66, 67, 67]);
    for (const names of Object.values(out.documents)) expect(new Set(names).size).toBe(2);
    expect(out).toMatchObject({ planned: 100, kept: 0, changed: 100, byCount: { 2: 100 } });
  });

  it('gives the overlap share its annotators, rounded to whole documents', () => {
    const out = planDocuments(docs(100), {}, plan({ annotators: ['a1', 'a2', 'a3', 'a4'], overlapShare: 0.2 }));
    expect(shape(out.documents).byCount).toEqual({ 1: 80, 2: 20 });
    expect(shape(out.documents).load).toEqual({ a1: 30, a2: 30, a3: 30, a4: 30 });
    expect(describePlan(out)).toBe('100 documents assigned: 80 to one annotator, 20 to two (documents each: a1 30, a2 30, a3 30, a4 30).');

    const odd = planDocuments(docs(7), {}, plan({ overlapShare: 0.25, overlapPerDocument: 3, order: 'random', seed: 's' }));
    expect(shape(odd.documents).byCount).toEqual({ 1: 5, 3: 2 }); // 0.25 × 7 = 1.75 → 2
  });

  it('varies the pairs on overlap documents, so every pair can be measured', () => {
    const out = planDocuments(docs(60), {}, plan({ annotators: ['a1', 'a2', 'a3', 'a4'], perDocument: 2 }));
    const pairs: Record<string, number> = {};
    for (const names of Object.values(out.documents)) pairs[names.join('+')] = (pairs[names.join('+')] ?? 0) + 1;
    // Four annotators make six pairs, each on ten of the sixty documents.
    expect(pairs).toEqual({ 'a1+a2': 10, 'a1+a3': 10, 'a1+a4': 10, 'a2+a3': 10, 'a2+a4': 10, 'a3+a4': 10 });
  });

  it('in order: deals in the list order and spreads the overlap evenly', () => {
    const out = planDocuments(docs(10), {}, plan({ annotators: ['tom', 'layla'], overlapShare: 0.2 }));
    expect(out.documents).toEqual({
      'doc-0000': ['tom'],
      'doc-0001': ['layla'],
      'doc-0002': ['tom'],
      'doc-0003': ['layla'],
      'doc-0004': ['layla', 'tom'],
      'doc-0005': ['tom'],
      'doc-0006': ['layla'],
      'doc-0007': ['tom'],
      'doc-0008': ['layla'],
      'doc-0009': ['layla', 'tom'],
    });
  });

  it('random: the same seed gives the same plan, another seed another', () => {
    const p = plan({ order: 'random', seed: 'autumn-2026', overlapShare: 0.3 });
    const a = planDocuments(docs(50), {}, p);
    const b = planDocuments(docs(50), {}, { ...p });
    expect(b.documents).toEqual(a.documents);
    const c = planDocuments(docs(50), {}, { ...p, seed: 'spring-2027' });
    expect(c.documents).not.toEqual(a.documents);
    expect(shape(c.documents).byCount).toEqual(shape(a.documents).byCount);
    // Not simply the in-order deal.
    expect(a.documents).not.toEqual(planDocuments(docs(50), {}, { ...p, order: 'in-order' }).documents);
  });

  it('keepExisting (the default) plans only the documents nobody has, counting what each already holds', () => {
    const existing = { 'doc-0000': ['tom'], 'doc-0001': ['tom'], 'doc-0002': ['tom'], gone: ['layla'] };
    const out = planDocuments(docs(9), existing, plan({ annotators: ['tom', 'layla', 'amira'] }));
    expect(out.kept).toBe(3);
    expect(out.planned).toBe(6);
    expect(out.changed).toBe(6);
    for (const d of ['doc-0000', 'doc-0001', 'doc-0002']) expect(out.documents[d]).toEqual(['tom']);
    // tom already holds 3: the 6 new documents go to layla and amira, 3 each.
    expect(out.perAnnotator).toEqual({ tom: 3, layla: 3, amira: 3 });
    expect(out.documents.gone).toEqual(['layla']); // an entry of a removed document is left for validate to report
    expect(describePlan(out)).toContain('6 documents assigned: 6 to one annotator; 3 already assigned were kept');

    const replaced = planDocuments(docs(9), existing, plan({ annotators: ['tom', 'layla', 'amira'], keepExisting: false }));
    expect(replaced.kept).toBe(0);
    expect(replaced.planned).toBe(9);
    expect(shape(replaced.documents).load).toMatchObject({ tom: 3, layla: 4, amira: 3 }); // "gone" still layla's
  });

  it('refuses a plan that cannot be done, in words', () => {
    expect(() => planDocuments(docs(3), {}, plan({ annotators: ['tom'], perDocument: 2 }))).toThrow(
      new AssignmentProblem('Each document would need 2 annotators, but the plan names 1 (tom): name more annotators, or ask for fewer per document.'),
    );
    expect(() => planDocuments(docs(3), {}, plan({ annotators: ['tom', 'layla'], overlapShare: 0.1, overlapPerDocument: 3 }))).toThrow(/would need 3 annotators/);
    expect(() => planDocuments(docs(3), {}, plan({ annotators: ['tom', 'tom'] }))).toThrow('The plan names tom more than once; name each annotator once.');
  });

  it('an empty project or no share plans nothing and says so', () => {
    const out = planDocuments([], {}, plan({}));
    expect(out.planned).toBe(0);
    expect(describePlan(out)).toBe('No document was assigned: every document already has its annotators.');
  });
});

describe('reassignDocuments', () => {
  const existing = { d1: ['tom'], d2: ['layla', 'tom'] };
  it('sets, adds and removes, counting only real changes', () => {
    expect(reassignDocuments(existing, ['d1', 'd3'], ['amira'], 'set')).toEqual({ documents: { d1: ['amira'], d2: ['layla', 'tom'], d3: ['amira'] }, changed: 2 });
    expect(reassignDocuments(existing, ['d1', 'd2'], ['layla'], 'add')).toEqual({ documents: { d1: ['layla', 'tom'], d2: ['layla', 'tom'] }, changed: 1 });
    expect(reassignDocuments(existing, ['d1', 'd2'], ['tom'], 'remove')).toEqual({ documents: { d2: ['layla'] }, changed: 2 });
    expect(reassignDocuments(existing, ['d2'], [], 'set')).toEqual({ documents: { d1: ['tom'] }, changed: 1 });
    expect(() => reassignDocuments(existing, ['d1'], [], 'add')).toThrow('Say whom to add: no annotator was given.');
  });
});

describe('workStatus and buildQueue', () => {
  it('finished, in progress, not started', () => {
    expect(workStatus(null)).toBe('not-started');
    expect(workStatus({ spans: 0, relations: 0, finished: false })).toBe('not-started');
    expect(workStatus({ spans: 3, relations: 0, finished: false })).toBe('in-progress');
    expect(workStatus({ spans: 0, relations: 0, finished: true })).toBe('finished');
  });

  it('lists unfinished first; next goes round from the document given', () => {
    const e = (docId: string, status: 'finished' | 'in-progress' | 'not-started') => ({ docId, title: null, status, spans: 0 });
    const entries = [e('a', 'finished'), e('b', 'not-started'), e('c', 'in-progress'), e('d', 'finished'), e('f', 'not-started')];
    const q = buildQueue('tom', entries);
    expect(q.items.map((i) => i.docId)).toEqual(['b', 'c', 'f', 'a', 'd']);
    expect([q.done, q.left, q.next]).toEqual([2, 3, 'b']);
    expect(buildQueue('tom', entries, 'c').next).toBe('f');
    expect(buildQueue('tom', entries, 'f').next).toBe('b');
    expect(buildQueue('tom', [e('a', 'finished')], 'a').next).toBeNull();
    expect(buildQueue('tom', [e('a', 'in-progress')], 'a').next).toBe('a');
  });
});
