import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEMA } from '../../shared/model/labels';
import { planLabels, type SourceVocabulary } from './labelPlan';

const vocab = (...labels: string[]): SourceVocabulary => ({ labels: new Map(labels.map((l) => [l, 1])), firstAt: new Map(), relations: new Map(), conf: null, confFile: null, choices: new Map() });

describe('planLabels', () => {
  it('reads a CoNLL tag name ("-" written "_") as the schema label it came from, and says so', () => {
    const plan = planLabels(DEFAULT_SCHEMA, vocab('casualty_figure', 'actor'), {});
    expect(plan.problems).toEqual([]);
    expect(plan.rename.get('casualty_figure')).toBe('casualty-figure');
    expect(plan.warnings).toContain('label "casualty_figure" read as "casualty-figure" (CoNLL tags write "-" as "_")');
  });

  it('still names a label the schema lacks, with the nearest one', () => {
    const plan = planLabels(DEFAULT_SCHEMA, vocab('Claim_X'), {});
    expect(plan.problems).toHaveLength(1);
    expect(plan.problems[0]).toContain('label "Claim_X" (1 span) is not in the schema');
  });
});
