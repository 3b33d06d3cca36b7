import { describe, expect, it } from 'vitest';
import type { Attributes } from '../model/labels';
import type { Span } from '../model/span';
import { unitsBehind } from './focus';
import { isDisagreement, reviewUnits, type ReviewLayer } from './units';

function sp(id: string, label: string, startOffset: number, endOffset: number, attributes?: Attributes): Span {
  return { id, label, startOffset, endOffset, quote: { prefix: '', exact: `${label}@${startOffset}`, suffix: '' }, ...(attributes ? { attributes } : {}) };
}
const layer = (annotator: string, ...spans: Span[]): ReviewLayer => ({ annotator, spans });

// Three annotators: ann and bob agree on the claim at 0 and the actor at 50; cy differs on both.
// The denial at 70 is ann's alone; the casualty at 100 has another boundary in bob's layer.
const units = reviewUnits([
  layer('ann', sp('a1', 'claim', 0, 40), sp('a2', 'actor', 50, 60, { entity: 'afp' }), sp('a3', 'denial', 70, 90), sp('a4', 'casualty', 100, 110)),
  layer('bob', sp('b1', 'claim', 0, 40), sp('b2', 'actor', 50, 60, { entity: 'afp' }), sp('b4', 'casualty', 100, 112)),
  layer('cy', sp('c1', 'denial', 0, 40), sp('c2', 'actor', 50, 60, { entity: 'reuters' }), sp('c4', 'casualty', 100, 110)),
]);
const keys = (list: { key: string }[]) => list.map((u) => u.key);

describe('the disagreements behind a figure', () => {
  it('with no filter: every disagreement of the document', () => {
    expect(keys(unitsBehind(units, {}))).toEqual(keys(units.filter(isDisagreement)));
  });

  it('a label: the disagreements where one version has it', () => {
    expect(keys(unitsBehind(units, { label: 'claim' }))).toEqual(['ann/a1+bob/b1+cy/c1']);
    expect(keys(unitsBehind(units, { label: 'denial' }))).toEqual(['ann/a1+bob/b1+cy/c1', 'ann/a3']);
  });

  it('a pair: only where those two differ, whatever the others did', () => {
    // ann and bob agree on the claim and the actor: only the denial (ann's alone) and the casualty boundary.
    expect(keys(unitsBehind(units, { annotators: ['ann', 'bob'] }))).toEqual(['ann/a3', 'ann/a4+bob/b4+cy/c4']);
    // ann and cy: the label of the claim, the actor's entity, the denial; not the casualty (same place).
    expect(keys(unitsBehind(units, { annotators: ['ann', 'cy'] }))).toEqual(['ann/a1+bob/b1+cy/c1', 'ann/a2+bob/b2+cy/c2', 'ann/a3']);
  });

  it('a label and a pair together', () => {
    expect(keys(unitsBehind(units, { label: 'actor', annotators: ['bob', 'cy'] }))).toEqual(['ann/a2+bob/b2+cy/c2']);
    expect(keys(unitsBehind(units, { label: 'actor', annotators: ['ann', 'bob'] }))).toEqual([]);
  });

  it('annotators not compared on the document are ignored', () => {
    expect(keys(unitsBehind(units, { annotators: ['ann', 'zed'] }))).toEqual(keys(units.filter(isDisagreement)));
  });
});

describe('the disagreements behind a measure', () => {
  it('span figures leave out units that differ only in attributes', () => {
    expect(keys(unitsBehind(units, { label: 'actor' }))).toEqual(['ann/a2+bob/b2+cy/c2']);
    // The actor unit: everyone has it, same place and label; only cy's entity differs.
    expect(keys(unitsBehind(units, { label: 'actor', spans: true }))).toEqual([]);
    expect(keys(unitsBehind(units, { annotators: ['ann', 'cy'], spans: true }))).toEqual(['ann/a1+bob/b1+cy/c1', 'ann/a3']);
  });

  it('an attribute: versions of the label that set it to different values', () => {
    expect(keys(unitsBehind(units, { label: 'actor', attribute: 'entity' }))).toEqual(['ann/a2+bob/b2+cy/c2']);
    expect(keys(unitsBehind(units, { label: 'actor', attribute: 'entity', annotators: ['ann', 'bob'] }))).toEqual([]);
    expect(keys(unitsBehind(units, { label: 'actor', attribute: 'kind' }))).toEqual([]);
  });
});

describe('the disagreements behind a span F1', () => {
  it('counts what that predicate counts: presence always, boundaries when exact, labels when labelled', () => {
    const match = (boundary: 'exact' | 'overlap', labels: 'labelled' | 'unlabelled') => keys(unitsBehind(units, { match: { boundary, labels } }));
    expect(match('exact', 'labelled')).toEqual(['ann/a1+bob/b1+cy/c1', 'ann/a3', 'ann/a4+bob/b4+cy/c4']);
    expect(match('overlap', 'labelled')).toEqual(['ann/a1+bob/b1+cy/c1', 'ann/a3']);
    expect(match('exact', 'unlabelled')).toEqual(['ann/a3', 'ann/a4+bob/b4+cy/c4']);
    expect(match('overlap', 'unlabelled')).toEqual(['ann/a3']);
    expect(keys(unitsBehind(units, { annotators: ['ann', 'cy'], match: { boundary: 'exact', labels: 'labelled' } }))).toEqual(['ann/a1+bob/b1+cy/c1', 'ann/a3']);
  });
});
