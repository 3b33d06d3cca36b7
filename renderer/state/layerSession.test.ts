import { describe, expect, it } from 'vitest';
import type { EditResult, OpenedDocument, StandoffApi } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import type { SeatStatus } from '../../shared/api/live';
import { DEFAULT_LABELS, DEFAULT_RELATIONS } from '../../shared/model/labels';
import type { Span, SpanEdit } from '../../shared/model/span';
import { applyEdits, dataSink, layerData, type LayerData } from './layerEdits';
import { LayerSession, type SessionEvent } from './layerSession';
import { Seats } from './seats';

const TEXT = 'Officials said three people were killed. Fars News reported it. The group denied it.';

function span(id: string, exact: string, label: string, attributes?: Span['attributes']): Span {
  const start = TEXT.indexOf(exact);
  return { id, label, startOffset: start, endOffset: start + exact.length, quote: { prefix: '', exact, suffix: '' }, ...(attributes ? { attributes } : {}) };
}

/**
 * A service in memory: applies edits to its layer like the real one (a batch whole or not at
 * all), refuses what `refuse` says, fails what `fail` says, and records every request.
 */
class FakeService {
  layer: LayerData = layerData([], []);
  requests: SpanEdit[][] = [];
  fail: ((edits: SpanEdit[]) => ApiError | null) | null = null;
  refuse: ((edit: SpanEdit, layer: LayerData) => string | null) | null = null;
  merged: EditResult['merged'] | undefined;
  seat: SeatStatus = { annotator: 'amira', held: true };
  private gate: Promise<void> | null = null;
  private open: (() => void) | null = null;

  hold(): void {
    this.gate = new Promise((r) => (this.open = r));
  }
  release(): void {
    this.open?.();
    this.gate = null;
  }

  api(): StandoffApi {
    const api: Partial<StandoffApi> = {
      applyEdits: async ({ edits }) => {
        if (this.gate) await this.gate;
        this.requests.push(edits);
        const failure = this.fail?.(edits);
        if (failure) throw failure;
        const copy = layerData(this.layer.spans.values(), this.layer.relations.values(), this.layer.settled);
        for (const e of edits) {
          const why = this.refuse?.(e, copy);
          if (why) throw new ApiError('bad-request', why);
          if (e.op === 'update' && !copy.spans.has(e.span.id)) throw new ApiError('conflict', `no span "${e.span.id}" to update in doc/amira`);
          if (e.op === 'add' && copy.spans.has(e.span.id)) throw new ApiError('conflict', `span "${e.span.id}" already exists in doc/amira`);
          applyEdits(dataSink(copy), [e]);
        }
        this.layer = copy;
        const merged = this.merged;
        this.merged = undefined;
        return { spanCount: copy.spans.size, ...(merged ? { merged } : {}) };
      },
      openDocument: async () =>
        ({
          meta: { id: 'doc' },
          text: TEXT,
          layers: [{ annotator: 'amira', spans: [...this.layer.spans.values()], relations: [...this.layer.relations.values()], orphans: [], reanchored: 0 }],
        }) as unknown as OpenedDocument,
      claimSeat: async () => this.seat,
    };
    return api as StandoffApi;
  }
}

function session(service: FakeService, spans: Span[] = [], seats?: Seats, sendAfter?: (send: () => void) => void): { s: LayerSession; events: SessionEvent[] } {
  service.layer = layerData(spans, []);
  const s = new LayerSession({
    api: service.api(),
    docId: 'doc',
    annotator: 'amira',
    text: TEXT,
    spans,
    relations: [],
    labels: DEFAULT_LABELS,
    relationTypes: DEFAULT_RELATIONS,
    retryMs: [30, 30, 30],
    ...(seats ? { seats } : {}),
    ...(sendAfter ? { sendAfter } : {}),
  });
  const events: SessionEvent[] = [];
  s.onEvent((e) => events.push(e));
  return { s, events };
}

const saved = (s: LayerSession) => expect.poll(() => s.saveStatus.state, { timeout: 3000 }).toBe('saved');
const ids = (m: Map<string, unknown>) => [...m.keys()].sort();

describe('LayerSession', () => {
  it('sends a save only when the window lets it (after the paint), saying "Saving…" meanwhile, and sends the actions made before in one request', async () => {
    const service = new FakeService();
    const waiting: Array<() => void> = [];
    const { s } = session(service, [], undefined, (send) => waiting.push(send));
    s.apply([{ op: 'add', span: span('a', 'Officials', 'actor') }]);
    s.apply([{ op: 'add', span: span('b', 'Fars News', 'actor') }]);
    expect(service.requests).toEqual([]);
    expect(s.saveStatus.state).toBe('saving');
    expect(s.unsaved).toBe(true);
    expect(waiting).toHaveLength(1); // one send for both
    waiting.shift()!();
    await saved(s);
    expect(service.requests.map((r) => r.map((e) => (e.op === 'add' ? e.span.id : '')))).toEqual([['a', 'b']]);
    expect(ids(service.layer.spans)).toEqual(['a', 'b']);
    s.retire();
  });

  it('keeps edits through a failed write, tries again by itself, and saves later edits after them in order', async () => {
    const service = new FakeService();
    const { s } = session(service);
    let failing = true;
    service.fail = () => (failing ? new ApiError('io', "could not save documents/doc/annotations/amira.json: ENOSPC: no space left on device, write") : null);
    s.apply([{ op: 'add', span: span('a', 'Officials', 'actor') }]);
    await expect.poll(() => s.saveStatus.state).toBe('error');
    expect(s.saveStatus).toMatchObject({ kind: 'retrying', short: 'the disk is full', message: 'could not save documents/doc/annotations/amira.json: the disk is full' });
    s.apply([{ op: 'add', span: span('b', 'Fars News', 'actor') }]);
    expect(ids(s.spans)).toEqual(['a', 'b']);
    expect(s.unsaved).toBe(true);
    expect(LayerSession.anyUnsaved()).toBe(true);
    failing = false;
    await saved(s); // by itself, no Retry pressed
    expect(ids(service.layer.spans)).toEqual(['a', 'b']);
    expect(service.requests.at(-1)!.map((e) => (e.op === 'add' ? e.span.id : ''))).toEqual(['a', 'b']);
    expect(s.unsaved).toBe(false);
    s.retire();
    expect(LayerSession.anyUnsaved()).toBe(false);
  });

  it('takes back exactly the refused action, off the undo stack, says why without ids, and saves the rest', async () => {
    const service = new FakeService();
    const fars = span('fars', 'Fars News', 'actor');
    const { s, events } = session(service, [fars]);
    service.hold();
    s.apply([{ op: 'add', span: span('a', 'Officials', 'actor') }]); // in flight
    s.apply([{ op: 'add', span: span('b', 'three people were killed', 'casualty-figure') }]);
    s.apply([{ op: 'update', span: { ...fars, attributes: { kind: 'press' } } }]); // the service will refuse this one
    s.apply([{ op: 'add', span: span('c', 'The group', 'actor') }]);
    service.refuse = (e) => (e.op === 'update' && e.span.id === 'fars' ? 'span "fars": Actor › Kind: "press" is not one of its options (state, armed-group, media)' : null);
    service.release();
    await saved(s);
    // b, (update), c went together and were refused; then one at a time: b and c saved, the update taken back.
    expect(ids(service.layer.spans)).toEqual(['a', 'b', 'c', 'fars']);
    expect(service.layer.spans.get('fars')!.attributes).toBeUndefined();
    expect(s.spans.get('fars')!.attributes).toBeUndefined();
    expect(ids(s.spans)).toEqual(['a', 'b', 'c', 'fars']);
    const refused = events.filter((e) => e.kind === 'refused');
    expect(refused).toHaveLength(1);
    expect(refused[0]!.message).toBe(
      'Changing the attributes of the Actor “Fars News” was not saved: Kind cannot be “press” for Actor spans (the options are state, armed group, media). It has been taken back.',
    );
    expect(refused[0]!.message).not.toMatch(/"fars"/);
    // Undo goes back through c, b, a: the refused step is no longer there to undo.
    s.undo();
    expect(s.spans.has('c')).toBe(false);
    s.undo();
    expect(s.spans.has('b')).toBe(false);
    s.undo();
    expect(s.spans.has('a')).toBe(false);
    expect(s.canUndo).toBe(false);
    await saved(s);
    expect(ids(service.layer.spans)).toEqual(['fars']);
    s.retire();
  });

  it('never takes back what was acknowledged, and takes back a later action that depended on the refused one', async () => {
    const service = new FakeService();
    const { s, events } = session(service);
    s.apply([{ op: 'add', span: span('a', 'Officials', 'actor') }]);
    await saved(s);
    service.hold();
    s.apply([{ op: 'remove', id: 'a' }]); // in flight, will pass
    service.refuse = (e) => (e.op === 'add' && e.span.id === 'x' ? 'span "x": its quote does not match the text at 0–9' : null);
    s.apply([{ op: 'add', span: span('x', 'Fars News', 'actor') }]); // refused
    const x = s.spans.get('x')!;
    s.apply([{ op: 'update', span: { ...x, attributes: { kind: 'media' } } }]); // depends on x
    service.release();
    await saved(s);
    expect(ids(s.spans)).toEqual([]);
    expect(ids(service.layer.spans)).toEqual([]);
    const refused = events.filter((e) => e.kind === 'refused');
    expect(refused.map((e) => e.kind === 'refused' && e.message)).toEqual([
      'Tagging “Fars News” as Actor was not saved: its quote does not match the text at 0–9. It has been taken back, with a later change that depended on it.',
    ]);
    // The acknowledged removal stays removed; undo brings "a" back.
    expect(s.undo()).toBe(true);
    expect(ids(s.spans)).toEqual(['a']);
    s.undo(); // tagging "a"
    expect(s.canUndo).toBe(false);
    await saved(s);
    expect(ids(service.layer.spans)).toEqual([]);
    s.retire();
  });

  it('relabelling drops the attributes the new label lacks in the same step, and undo brings them back', async () => {
    const service = new FakeService();
    const actor = span('fars', 'Fars News', 'actor', { entity: 'fars-news', kind: 'media' });
    const { s } = session(service, [actor]);
    s.apply([{ op: 'update', span: { ...actor, label: 'denial' } }]);
    expect(s.spans.get('fars')).toEqual({ ...actor, label: 'denial', attributes: undefined } as unknown as Span);
    expect(s.spans.get('fars')!.attributes).toBeUndefined();
    await saved(s);
    expect(service.layer.spans.get('fars')!.label).toBe('denial');
    s.undo();
    expect(s.spans.get('fars')).toEqual(actor);
    await saved(s);
    expect(service.layer.spans.get('fars')).toEqual(actor);
    s.retire();
  });

  it('goes read-only when the seat is lost, keeps the edits, and saves them once the seat is free', async () => {
    const service = new FakeService();
    const seats = new Seats(service.api(), 30);
    const { s, events } = session(service, [], seats);
    service.fail = () => new ApiError('locked', 'Another Standoff window (process 42 on desk) is annotating as amira');
    service.seat = { annotator: 'amira', held: false, holder: null, message: 'Another Standoff window (process 42 on desk) is annotating as amira' };
    s.apply([{ op: 'add', span: span('a', 'Officials', 'actor') }]);
    await expect.poll(() => s.saveStatus).toMatchObject({ state: 'error', kind: 'seat', pending: 1 });
    expect(s.readOnlyReason).toContain('process 42');
    expect(s.apply([{ op: 'add', span: span('b', 'Fars News', 'actor') }])).toBe(false);
    expect(ids(s.spans)).toEqual(['a']);
    service.fail = null;
    service.seat = { annotator: 'amira', held: true };
    await saved(s);
    expect(s.readOnlyReason).toBeNull();
    expect(ids(service.layer.spans)).toEqual(['a']);
    await expect.poll(() => events.some((e) => e.kind === 'reloaded' && e.reason === 'seat')).toBe(true);
    s.retire();
  });

  it('reads the layer again after its own edits are saved and counts what another program changed', async () => {
    const service = new FakeService();
    const { s, events } = session(service, [span('a', 'Officials', 'actor'), span('b', 'Fars News', 'actor')]);
    service.hold();
    s.apply([{ op: 'add', span: span('c', 'The group', 'actor') }]);
    // Another program removes b and adds two spans.
    service.layer.spans.delete('b');
    service.layer.spans.set('d', span('d', 'three people were killed', 'casualty-figure'));
    service.layer.spans.set('e', span('e', 'denied', 'denial'));
    s.reload('outside');
    await new Promise((r) => setTimeout(r, 20));
    expect(events.some((e) => e.kind === 'reloaded')).toBe(false); // not before this window's edit is saved
    service.release();
    await expect.poll(() => events.find((e) => e.kind === 'reloaded')).toEqual({ kind: 'reloaded', reason: 'outside', added: 2, removed: 1, changed: 0, undoDropped: 0 });
    expect(ids(s.spans)).toEqual(['a', 'c', 'd', 'e']);
    s.retire();
  });

  it('after a merge, reads the layer again and then lists the conflicts', async () => {
    const service = new FakeService();
    const a = span('a', 'Officials', 'actor');
    const { s, events } = session(service, [a]);
    const theirs = { ...a, label: 'claim' };
    service.merged = { applied: 0, conflicts: [{ kind: 'span', id: 'a', mine: { ...a, attributes: { kind: 'state' } }, theirs, message: 'You set Kind; another program relabelled it.' }] };
    service.refuse = null;
    s.apply([{ op: 'update', span: { ...a, attributes: { kind: 'state' } } }]);
    // What the other program wrote is what the service now has.
    service.hold();
    service.layer.spans.set('a', theirs);
    service.release();
    await expect.poll(() => s.conflicts.length).toBe(1);
    expect(s.spans.get('a')!.label).toBe('claim');
    expect(events.map((e) => e.kind)).toContain('conflicts');
    s.retire();
  });
});

describe('words for failed saves', () => {
  it('takes the reason the service gives, and its file, without its advice', async () => {
    const { ioWords } = await import('./words');
    expect(
      ioWords('could not save documents/d/annotations/amira.json: the disk is full. Nothing was lost: the edit is kept in this window; Retry saves it.'),
    ).toEqual({ short: 'the disk is full', full: 'could not save documents/d/annotations/amira.json: the disk is full' });
    expect(ioWords("could not save documents/d/annotations/amira.json: EACCES: permission denied, open '/x'").short).toBe('no permission');
    expect(ioWords('the Standoff server cannot be reached (Failed to fetch)').short).toBe('the Standoff service cannot be reached');
  });
});

describe('LayerSession after a lost answer', () => {
  it('counts a save whose answer was lost as saved, when the service already has it', async () => {
    const service = new FakeService();
    const { s, events } = session(service);
    // The service writes the edit, then the answer is lost on the way (the connection dropped).
    let lose = true;
    const api = service.api();
    const applyEdits = api.applyEdits.bind(api);
    (s as unknown as { api: StandoffApi }).api.applyEdits = async (input) => {
      const result = await applyEdits(input);
      if (lose) {
        lose = false;
        throw new Error('the Standoff server cannot be reached (connection reset)');
      }
      return result;
    };
    s.apply([{ op: 'add', span: span('a', 'Officials', 'actor') }]);
    s.apply([{ op: 'add', span: span('b', 'Fars News', 'actor') }]);
    // Tried again, the service says "a" is already there: it is, as made here, so that counts as saved.
    await saved(s);
    expect(ids(s.spans)).toEqual(['a', 'b']);
    expect(ids(service.layer.spans)).toEqual(['a', 'b']);
    expect(events.filter((e) => e.kind === 'refused')).toEqual([]);
    expect(s.canUndo).toBe(true);
    s.retire();
  });
});
