import { describe, expect, it } from 'vitest';
import { parseAssignmentFile, serializeAssignmentFile, type AssignmentFile } from './assignmentFile';
import { FormatError } from './errors';

const file: AssignmentFile = {
  formatVersion: 1,
  documents: { 'doc-2': ['tom', 'layla'], 'doc-1': ['amira'], 'doc-3': [] },
  plan: { annotators: ['layla', 'tom', 'amira'], perDocument: 1, overlapShare: 0.2, overlapPerDocument: 2, order: 'random', seed: 'x1' },
  updated: '2026-12-07T19:00:00.000Z',
  updatedBy: 'layla',
};

describe('assignment.json', () => {
  it('is written stably, one document a line, and read back', () => {
    const text = serializeAssignmentFile(file);
    expect(text).toBe(
      [
        '{',
        '  "formatVersion": 1,',
        '  "documents": {',
        '    "doc-1": ["amira"],',
        '    "doc-2": ["layla","tom"]',
        '  },',
        '  "plan": {',
        '    "annotators": [',
        '      "layla",',
        '      "tom",',
        '      "amira"',
        '    ],',
        '    "perDocument": 1,',
        '    "overlapShare": 0.2,',
        '    "overlapPerDocument": 2,',
        '    "order": "random",',
        '    "seed": "x1"',
        '  },',
        '  "updated": "2026-12-07T19:00:00.000Z",',
        '  "updatedBy": "layla"',
        '}',
        '',
      ].join('\n'),
    );
    expect(parseAssignmentFile(text)).toEqual({ ...file, documents: { 'doc-1': ['amira'], 'doc-2': ['layla', 'tom'] } });
    expect(serializeAssignmentFile(parseAssignmentFile(text))).toBe(text);
    expect(serializeAssignmentFile({ ...file, documents: {}, plan: null })).toContain('"documents": {},');
  });

  it('refuses what it does not understand, naming the problem', () => {
    const problems = (raw: string) => {
      try {
        parseAssignmentFile(raw);
      } catch (e) {
        if (e instanceof FormatError) return e.problems.join('; ');
      }
      return 'accepted';
    };
    const ok = JSON.parse(serializeAssignmentFile(file)) as Record<string, unknown>;
    expect(problems(JSON.stringify({ ...ok, formatVersion: 2 }))).toBe('format version 2 is newer than this Standoff understands (1); update Standoff — the file was left as it is');
    expect(problems('{"formatVersion": 1, "documents": ')).toMatch(/^not valid JSON/);
    expect(problems(JSON.stringify({ ...ok, documents: { 'Doc 1': ['tom'] } }))).toMatch(/documents/);
    expect(problems(JSON.stringify({ ...ok, documents: { d1: ['tom', 'tom'] } }))).toBe('documents.d1: names an annotator twice');
    expect(problems(JSON.stringify({ ...ok, extra: 1 }))).toMatch(/extra/);
    // A map checked by hand first (shared/format/assignmentFile.ts) is refused in zod's words all the same.
    expect(problems(JSON.stringify({ ...ok, documents: { d1: ['Gold'] } }))).toBe('documents.d1[0]: "gold" is reserved for the adjudicated layer');
    expect(problems(JSON.stringify({ ...ok, documents: { d1: 'tom' } }))).toMatch(/^documents\.d1: /);
    expect(problems(JSON.stringify({ ...ok, documents: { d1: ['tom'] }, updatedBy: 'Not ok' }))).toMatch(/^updatedBy: /);
    expect(problems(JSON.stringify({ documents: {} }))).toBe('"formatVersion" is missing or not a whole number');
  });
});
