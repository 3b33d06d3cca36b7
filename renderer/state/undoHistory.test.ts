import { beforeEach, describe, expect, it } from 'vitest';
import type { OpenedDocument, StandoffApi } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import { DEFAULT_LABELS, DEFAULT_RELATIONS } from '../../shared/model/labels';
import type { Span, SpanEdit } from '../../shared/model/span';
import { applyEdits, dataSink, layerData, type LayerData } from './layerEdits';
import { LayerSession, type SessionEvent } from './layerSession';
import { LinkedAction } from './linkedEdits';

const TEXTS: Record<string, string> = {
  d1: 'The Hashd said three people were killed. AFP reported it.',
  d2: 'Hashd fighters entered the town. The Hashd denied it.',
  d3: 'A Hashd commander spoke to AFP.',
};

function span(doc: string, id: string, exact: string, label = 'actor', attributes?: Span['attributes'], nth = 0): Span {
  let start = -1;
  for (let i = 0; i <= nth; i++) start = TEXTS[doc]!.indexOf(exact, start + 1);
  return { id, label, startOffset: start, endOffset: start + exact.length, quote: { prefix: '', exact, suffix: '' }, ...(attributes ? { attributes } : {}) };
}

/** A service in memory holding one annotator's layer of several documents: what is on disk. */
class Disk {
  layers = new Map<string, LayerData>(Object.keys(TEXTS).map((d) => [d, layerData([], [])]));
  requests: Array<{ docId: string; edits: SpanEdit[] }> = [];

  /** Another program writes the file. */
  outside(docId: string, edits: SpanEdit[]): void {
    applyEdits(dataSink(this.layers.get(docId)!), edits);
  }

  api(): StandoffApi {
    const api: Partial<StandoffApi> = {
      applyEdits: async ({ docId, edits }) => {
        this.requests.push({ docId, edits });
        const layer = this.layers.get(docId);
        if (!layer) throw new ApiError('not-found', `no document ${docId}`);
        const copy = layerData(layer.spans.values(), layer.relations.values(), layer.settled);
        for (const e of edits) {
          if (e.op === 'add' && copy.spans.has(e.span.id)) throw new ApiError('conflict', `span "${e.span.id}" already exists`);
          applyEdits(dataSink(copy), [e]);
        }
        this.layers.set(docId, copy);
        return { spanCount: copy.spans.size };
      },
      openDocument: async ({ docId }) => {
        const layer = this.layers.get(docId);
        if (!layer) throw new ApiError('not-found', `no document ${docId}`);
        return {
          meta: { id: docId, title: docId },
          text: TEXTS[docId],
          layers: [{ annotator: 'amira', spans: [...layer.spans.values()], relations: [...layer.relations.values()], orphans: [], reanchored: 0 }],
        } as unknown as OpenedDocument;
      },
    };
    return api as StandoffApi;
  }
}

function open(disk: Disk, docId: string, api = disk.api()): LayerSession {
  const layer = disk.layers.get(docId)!;
  return new LayerSession({
    api,
    docId,
    annotator: 'amira',
    text: TEXTS[docId]!,
    spans: [...layer.spans.values()],
    relations: [],
    labels: DEFAULT_LABELS,
    relationTypes: DEFAULT_RELATIONS,
    retryMs: [20, 20, 20],
  });
}

const ids = (m: Map<string, unknown>) => [...m.keys()].sort();

// Each test has its own disk: the sessions the window keeps from the test before go.
beforeEach(() => {
  for (const docId of Object.keys(TEXTS)) LayerSession.keptFor(docId, 'amira')?.discard();
});

describe('undo history kept per document', () => {
  it('is taken up again when the document is opened again, and Ctrl+Z undoes its last action', async () => {
    const disk = new Disk();
    const s = open(disk, 'd1');
    s.apply([{ op: 'add', span: span('d1', 'a', 'Hashd') }]);
    s.apply([{ op: 'add', span: span('d1', 'b', 'AFP') }]);
    await s.whenSaved();
    s.retire(); // another document is opened
    const again = LayerSession.keptFor('d1', 'amira');
    expect(again).toBe(s);
    again!.revive();
    expect(await again!.refresh()).toBe('ok');
    expect(again!.undo()).toBe(true);
    await again!.whenSaved();
    expect(ids(disk.layers.get('d1')!.spans)).toEqual(['a']);
    expect(again!.undo()).toBe(true);
    await again!.whenSaved();
    expect(ids(disk.layers.get('d1')!.spans)).toEqual([]);
  });

  it('is found again even when the document is chosen again before another one replaced it on screen', async () => {
    const disk = new Disk();
    const s = open(disk, 'd1');
    s.apply([{ op: 'add', span: span('d1', 'a', 'Hashd') }]);
    // Alt+↓ then Alt+↑ at once: the next document never opened, so this one was never retired.
    expect(LayerSession.keptFor('d1', 'amira')).toBe(s);
    expect(s.undo()).toBe(true);
  });

  it('drops, and says so, the steps another program made impossible; the others still undo', async () => {
    const disk = new Disk();
    const s = open(disk, 'd1');
    const events: SessionEvent[] = [];
    s.onEvent((e) => events.push(e));
    const hashd = span('d1', 'a', 'Hashd');
    s.apply([{ op: 'add', span: hashd }]);
    s.apply([{ op: 'add', span: span('d1', 'b', 'AFP') }]);
    await s.whenSaved();
    s.retire();
    // Meanwhile another program relabels the first span (git checkout of a colleague's version, say).
    disk.outside('d1', [{ op: 'update', span: { ...hashd, label: 'claim' } }]);
    s.revive();
    expect(await s.refresh()).toBe('ok');
    expect(events.find((e) => e.kind === 'reloaded')).toMatchObject({ changed: 1, undoDropped: 1 });
    expect(s.historySize.undo).toBe(1);
    // The one left is the AFP span: undoing it leaves the other program's change alone.
    s.undo();
    await s.whenSaved();
    expect(ids(disk.layers.get('d1')!.spans)).toEqual(['a']);
    expect(disk.layers.get('d1')!.spans.get('a')!.label).toBe('claim');
    expect(s.undo()).toBe(false);
  });

  it('keeps every step when nothing they changed was changed outside', async () => {
    const disk = new Disk();
    const s = open(disk, 'd1');
    s.apply([{ op: 'add', span: span('d1', 'a', 'Hashd') }]);
    await s.whenSaved();
    disk.outside('d1', [{ op: 'add', span: span('d1', 'x', 'AFP') }]);
    await s.refresh();
    expect(s.historySize.undo).toBe(1);
    expect(ids(s.spans)).toEqual(['a', 'x']);
  });
});

describe('an action across documents (tag all mentions over the project)', () => {
  /** Tags "Hashd" in d1 (open) and in d2 and d3 (not open), as one action of d1. */
  async function tagAll(disk: Disk) {
    const s = open(disk, 'd1');
    const parts = [];
    for (const [docId, hits] of [['d2', [['p', 0], ['q', 1]]], ['d3', [['r', 0]]]] as const) {
      const other = await s.sibling(docId);
      const entry = other.applyDetached(hits.map(([id, nth]) => ({ op: 'add', span: span(docId, id, 'Hashd', 'actor', { entity: 'hashd' }, nth) })));
      parts.push({ session: other, entry: entry!, title: `Article ${docId}` });
    }
    const messages: string[] = [];
    s.onEvent((e) => e.kind === 'linked' && messages.push(e.message));
    const linked = new LinkedAction(parts);
    s.apply([{ op: 'add', span: span('d1', 'a', 'Hashd', 'actor', { entity: 'hashd' }) }], linked);
    await s.whenSaved();
    for (const p of parts) await p.session.whenSaved();
    return { s, linked, messages, parts };
  }

  it('is one undo step: Ctrl+Z in the document where it started removes what it wrote everywhere', async () => {
    const disk = new Disk();
    const { s, linked, messages } = await tagAll(disk);
    expect(ids(disk.layers.get('d2')!.spans)).toEqual(['p', 'q']);
    expect(ids(disk.layers.get('d3')!.spans)).toEqual(['r']);
    expect(s.historySize.undo).toBe(1);
    s.undo();
    await linked.settled();
    await s.whenSaved();
    expect(ids(disk.layers.get('d1')!.spans)).toEqual([]);
    expect(ids(disk.layers.get('d2')!.spans)).toEqual([]);
    expect(ids(disk.layers.get('d3')!.spans)).toEqual([]);
    expect(messages.at(-1)).toBe('Undone in 2 other documents too: 2 in “Article d2”, 1 in “Article d3”.');
    // And redo writes them again.
    s.redo();
    await linked.settled();
    expect(ids(disk.layers.get('d2')!.spans)).toEqual(['p', 'q']);
    expect(ids(disk.layers.get('d1')!.spans)).toEqual(['a']);
  });

  it('undoes what still matches where a file changed since, and says in words what it left', async () => {
    const disk = new Disk();
    const { s, linked, messages } = await tagAll(disk);
    // Another program changes one of the spans written in d2.
    const q = disk.layers.get('d2')!.spans.get('q')!;
    disk.outside('d2', [{ op: 'update', span: { ...q, attributes: { entity: 'someone-else' } } }]);
    s.undo();
    await linked.settled();
    expect(ids(disk.layers.get('d2')!.spans)).toEqual(['q']);
    expect(disk.layers.get('d2')!.spans.get('q')!.attributes).toEqual({ entity: 'someone-else' });
    expect(ids(disk.layers.get('d3')!.spans)).toEqual([]);
    expect(messages.at(-1)).toBe(
      'Undone in 2 other documents too: 1 in “Article d2”, 1 in “Article d3”. Not everything: one span in “Article d2” (“Hashd”) was changed or removed since, so it was left as it is.',
    );
  });

  it('says so when another document is gone', async () => {
    const disk = new Disk();
    const { s, linked, messages } = await tagAll(disk);
    disk.layers.delete('d3');
    s.undo();
    await linked.settled();
    expect(ids(disk.layers.get('d2')!.spans)).toEqual([]);
    expect(messages.at(-1)).toContain('in “Article d3” nothing could be undone: the document is no longer in the project');
  });
});
