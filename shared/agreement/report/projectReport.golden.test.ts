/**
 * The project report of random corpora (tests/support/agreementCorpus.ts), held to fingerprints
 * of each of its parts as the straightforward implementation computed them: a faster way of
 * computing the report must give it bit for bit (every count, every floating-point value, every
 * order). A deliberate change to what the report says changes these fingerprints, and the commit
 * that makes it says why.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { randomAgreementCorpus, resolveTestEntity, TEST_SCHEMA, type RandomCorpusOptions } from '../../../tests/support/agreementCorpus';
import { ProjectAgreementAccumulator, type ReportContext } from './projectReport';
import type { ProjectAgreementReport } from '../projectTypes';

const context: ReportContext = { project: 'golden', filters: { annotators: null, labels: null, docIds: null }, documentsInProject: 0, documentsSelected: 0, problems: [] };

/** The parts of the report computed from the documents. */
const PARTS = ['annotators', 'documents', 'overall', 'byLabel', 'pairs', 'confusion', 'byDocument', 'attributes', 'relations', 'unitizingAdjustments'] as const;

/** sha-256 (first 16 hex digits) of the JSON of each part. */
function fingerprints(report: ProjectAgreementReport): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of PARTS) out[part] = createHash('sha256').update(JSON.stringify(report[part])).digest('hex').slice(0, 16);
  return out;
}

function report(seed: number, options: RandomCorpusOptions, resolve: boolean): ProjectAgreementReport {
  const acc = new ProjectAgreementAccumulator({ schema: TEST_SCHEMA, examples: 5, ...(resolve ? { resolveEntity: resolveTestEntity } : {}) });
  for (const doc of randomAgreementCorpus(seed, options)) acc.add(doc);
  return acc.result(context, { elapsedMs: 0, where: 'main thread' });
}

describe('the project report of random corpora', () => {
  it('is what the straightforward implementation computed (two annotators)', () => {
    expect(fingerprints(report(1, { documents: 80, maxAnnotators: 2 }, false))).toEqual({
      annotators: '89c11dca5971c7fc',
      attributes: '18fc86108346db40',
      byDocument: '8ae948a2ec0bc046',
      byLabel: '32006a374f74d256',
      confusion: '125a89aa9a98f22e',
      documents: 'c44cf6a8ea406d9b',
      overall: 'c3e500e39964524b',
      pairs: 'd915003609de78b8',
      relations: '713613f811a3fb1f',
      unitizingAdjustments: 'ad0acd4929b84f8a',
    });
  });
  it('is what the straightforward implementation computed (up to four annotators, entities merged)', () => {
    expect(fingerprints(report(2, { documents: 120, maxAnnotators: 4, spans: 15 }, true))).toEqual({
      annotators: '89c11dca5971c7fc',
      attributes: 'b7b2597f233027b2',
      byDocument: 'f7ed9a6e5ef41167',
      byLabel: 'e8e4c70761dd4d60',
      confusion: '1002a66a899f163b',
      documents: '754b0052bdee283a',
      overall: '434985159e66209a',
      pairs: 'df36b41376633c6d',
      relations: '90e612d2e2490699',
      unitizingAdjustments: '6f73867361718680',
    });
  });
  it('is what the straightforward implementation computed (crowded layers, up to five annotators)', () => {
    expect(fingerprints(report(3, { documents: 60, maxAnnotators: 5, spans: 30 }, false))).toEqual({
      annotators: '89c11dca5971c7fc',
      attributes: '6f9011871717fceb',
      byDocument: 'babf8057f834fc35',
      byLabel: 'dc670ab35210bb8b',
      confusion: '47eaa1d502695c3f',
      documents: 'ed4dae2187170162',
      overall: '9cac34a4faa145f5',
      pairs: '738592194596fb2a',
      relations: '7ee84a271f55448b',
      unitizingAdjustments: '50acd2a0af2ada3d',
    });
  });
});
