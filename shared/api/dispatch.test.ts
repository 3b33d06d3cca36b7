import { describe, expect, it, vi } from 'vitest';
import { rejection } from '../../tests/support/rejection';
import type { StandoffApi } from './contract';
import { dispatch } from './dispatch';
import { ApiError, deserializeError, serializeError } from './errors';

function fakeService() {
  const calls: Array<[string, unknown]> = [];
  const record = (name: string) => vi.fn(async (input: unknown) => {
    calls.push([name, input]);
    return { called: name };
  });
  const service = {
    getProject: record('getProject'),
    listDocuments: record('listDocuments'),
    openDocument: record('openDocument'),
    applyEdits: record('applyEdits'),
    validateProject: record('validateProject'),
  } as unknown as StandoffApi;
  return { service, calls };
}

const span = { id: 's1', label: 'claim', startOffset: 0, endOffset: 3, quote: { prefix: '', exact: 'The', suffix: ' end' } };


describe('dispatch (the generic part of every door)', () => {
  it('calls the method with the validated argument', async () => {
    const { service, calls } = fakeService();
    await expect(dispatch(service, 'openDocument', { docId: '000_abc' })).resolves.toEqual({ called: 'openDocument' });
    await dispatch(service, 'getProject', undefined);
    expect(calls).toEqual([
      ['openDocument', { docId: '000_abc' }],
      ['getProject', {}],
    ]);
  });

  it('refuses unknown methods, including inherited names', async () => {
    const { service, calls } = fakeService();
    for (const name of ['deleteEverything', 'constructor', 'toString', '__proto__']) {
      const e = await rejection(dispatch(service, name, {}));
      expect(e.code).toBe('bad-request');
      expect(e.message).toContain(`unknown method "${name}"`);
    }
    expect(calls).toEqual([]);
  });

  it('refuses invalid arguments with a message naming the method and the field', async () => {
    const { service, calls } = fakeService();
    let e = await rejection(dispatch(service, 'openDocument', { docId: '../../etc' }));
    expect(e.code).toBe('bad-request');
    expect(e.message).toMatch(/^invalid arguments to openDocument: docId: /);
    e = await rejection(dispatch(service, 'applyEdits', { docId: 'd1', annotator: 'amira', edits: [{ op: 'add', span: { ...span, endOffset: -2 } }] }));
    expect(e.message).toContain('edits[0].span.endOffset');
    e = await rejection(dispatch(service, 'applyEdits', { docId: 'd1', annotator: '.hidden', edits: [{ op: 'remove', id: 's1' }] }));
    expect(e.message).toContain('annotator: ');
    // "gold" is the adjudicated layer, which edits may write, but not an annotator to ask for by name.
    e = await rejection(dispatch(service, 'openDocument', { docId: 'd1', annotators: ['gold'] }));
    expect(e.message).toContain('"gold" is reserved');
    e = await rejection(dispatch(service, 'saveEntity', { annotator: 'gold', entity: { name: 'X', aliases: [] } }));
    expect(e.message).toContain('"gold" is reserved');
    e = await rejection(dispatch(service, 'applyEdits', { docId: 'd1', annotator: 'amira', edits: [] }));
    expect(e.message).toContain('edits: ');
    e = await rejection(dispatch(service, 'applyEdits', { docId: 'd1', annotator: 'amira', edits: [{ op: 'rename', id: 's1' }] }));
    expect(e.message).toContain('edits[0]');
    e = await rejection(dispatch(service, 'getProject', { sneaky: 1 }));
    expect(e.message).toContain('sneaky');
    expect(calls).toEqual([]);
  });

  it('serializes errors for the wire and back without losing code, message or file problem', () => {
    const problem = { file: 'documents/d/annotations/a.json', problems: ['not valid JSON'] };
    const back = deserializeError(serializeError(new ApiError('unreadable-file', 'cannot read', problem)));
    expect(back).toBeInstanceOf(ApiError);
    expect([back.code, back.message, back.problem]).toEqual(['unreadable-file', 'cannot read', problem]);
    expect(serializeError(new TypeError('boom'))).toEqual({ code: 'internal', message: 'boom' });
  });
});
