/**
 * The external recommender against a real HTTP server the test starts on 127.0.0.1 (a port the
 * system chooses), through the service: what Standoff sends (code points, the labels, the
 * annotator's spans), what it makes of the answer, and a refusal in words when the service is
 * slow, gone, failing or answering outside the protocol, while the other recommenders answer.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { layout } from '../../shared/format/layout';
import { CodePointIndex } from '../../shared/text/codePoints';
import type { externalRequest } from './external';

type ExternalRequest = ReturnType<typeof externalRequest>;
import { StandoffService } from '../service';
import { withoutBuiltInRecommenders } from '../../tests/support/recommend';
import { sampleCopies } from '../../tests/support/sample';

const DOC = '000_121e11c80b4a277e';

const sampleCopy = sampleCopies('external');
let root: string;
let service: StandoffService;
let server: Server | null = null;
beforeEach(async () => {
  root = await sampleCopy({ annotations: false });
  service = await StandoffService.open(root);
  withoutBuiltInRecommenders(service);
});
afterEach(async () => {
  await service.close();
  if (server) {
    server.closeAllConnections();
    await new Promise((resolve) => server!.close(resolve));
    server = null;
  }
});

/** Starts a server on a port the OS picks; resolves with its URL. */
async function serve(handler: (req: IncomingMessage, body: string, res: ServerResponse) => void): Promise<string> {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, Buffer.concat(chunks).toString('utf8'), res));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}/predict`;
}

const json = (res: ServerResponse, status: number, value: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
};

describe('external recommender', () => {
  it('sends the text, labels and layer; its spans (code points) become suggestions', async () => {
    const text = await readFile(path.join(root, layout.text(DOC)), 'utf8');
    const index = new CodePointIndex(text);
    const u = text.indexOf('Fars News');
    const start = index.toCodePoint(u);
    let request: ExternalRequest | null = null;
    let method = '';
    const url = await serve((req, body, res) => {
      method = req.method ?? '';
      request = JSON.parse(body);
      json(res, 200, { spans: [{ label: 'actor', startOffset: start, endOffset: start + 9, score: 0.8, attributes: { kind: 'media' }, why: 'NER: ORG' }] });
    });
    // The annotator has one span: the service is told it.
    const set0 = await service.configureRecommender({ id: 'external', enabled: true, url, timeoutMs: 5000 });
    expect(set0.find((r) => r.id === 'external')).toMatchObject({ enabled: true, url });
    await service.applyEdits({ docId: DOC, annotator: 'ann', edits: [{ op: 'add', span: { id: 'a1', label: 'actor', startOffset: 0, endOffset: 7, quote: { prefix: '', exact: 'A video', suffix: '' } } }] });
    const set = await service.suggest({ docId: DOC, annotator: 'ann', recommenders: ['external'] });
    expect(method).toBe('POST');
    expect(request!.document).toEqual({ id: DOC, text });
    expect(request!.labels.map((l) => l.id)).toEqual(['claim', 'denial', 'casualty-figure', 'actor']);
    expect(request!.labels[2]!.attributes.map((a) => a.id)).toContain('outcome');
    expect(request!.layer).toEqual({ spans: [{ label: 'actor', startOffset: 0, endOffset: 7 }] });
    expect(set.problems).toEqual([]);
    expect(set.suggestions).toEqual([
      { id: `external:actor:${start}-${start + 9}`, recommender: 'external', label: 'actor', startOffset: start, endOffset: start + 9, exact: 'Fars News', score: 0.8, attributes: { kind: 'media' }, why: 'NER: ORG' },
    ]);
    const accepted = await service.acceptSuggestions({ docId: DOC, annotator: 'ann', suggestionIds: [set.suggestions[0]!.id] });
    expect(accepted.accepted).toBe(1);
  });

  it('says in words when the service is too slow, and still gives the other recommenders’ suggestions', async () => {
    service.recommend.registry.add({ id: 'other', name: 'Other', description: '', kind: 'rules', labels: () => ['claim'], enabledByDefault: true, recommend: () => [{ label: 'claim', startOffset: 0, endOffset: 7, score: 1 }] });
    const url = await serve((_req, _body, res) => setTimeout(() => json(res, 200, { spans: [] }), 3000));
    await service.configureRecommender({ id: 'external', enabled: true, url, timeoutMs: 300 });
    const t0 = Date.now();
    const set = await service.suggest({ docId: DOC, annotator: 'ann' });
    expect(Date.now() - t0).toBeLessThan(2500);
    expect(set.suggestions.map((s) => s.recommender)).toEqual(['other']);
    expect(set.problems).toEqual([{ recommender: 'external', message: expect.stringMatching(/^External model service: the external recommender at 127\.0\.0\.1:\d+ did not answer within 0\.3 s$/) }]);
  });

  it('says when nothing answers at the address, when it fails, and when it answers outside the protocol', async () => {
    // A port that was open and is closed again: nothing answers there.
    const gone = await serve((_req, _body, res) => json(res, 200, { spans: [] }));
    server!.close();
    server = null;
    await service.configureRecommender({ id: 'external', enabled: true, url: gone, timeoutMs: 2000 });
    const refused = await service.suggest({ docId: DOC, annotator: 'ann', recommenders: ['external'] });
    expect(refused.problems[0]?.message).toMatch(/cannot be reached: nothing answers there \(is the service running\?\)/);

    let answer: (res: ServerResponse) => void = (res) => json(res, 500, { error: 'model not loaded' });
    const url = await serve((_req, _body, res) => answer(res));
    await service.configureRecommender({ id: 'external', url });
    expect((await service.suggest({ docId: DOC, annotator: 'ann', recommenders: ['external'] })).problems[0]?.message).toMatch(/answered HTTP 500: \{"error":"model not loaded"\}/);
    answer = (res) => json(res, 200, { spans: [{ label: 'actor', start: 0, end: 4 }] });
    expect((await service.suggest({ docId: DOC, annotator: 'ann', recommenders: ['external'] })).problems[0]?.message).toMatch(/answered outside the protocol: .*startOffset/);
    answer = (res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>login</html>');
    };
    expect((await service.suggest({ docId: DOC, annotator: 'ann', recommenders: ['external'] })).problems[0]?.message).toMatch(/not JSON/);
    // A span outside the text or with a label the project lacks is left out, saying so.
    answer = (res) => json(res, 200, { spans: [{ label: 'weapon', startOffset: 0, endOffset: 4, score: 1 }, { label: 'actor', startOffset: 0, endOffset: 10_000_000, score: 1 }, { label: 'actor', startOffset: 0, endOffset: 7, score: 1 }] });
    const partly = await service.suggest({ docId: DOC, annotator: 'ann', recommenders: ['external'] });
    expect(partly.suggestions.map((s) => s.exact)).toEqual(['A video']);
    expect(partly.problems[0]?.message).toMatch(/2 proposal\(s\) left out: no label "weapon" in the schema; 0–10000000 is not a place in the text/);
  });

  it('lists the external recommender with a problem until it has an address', async () => {
    const info = (await service.listRecommenders({})).find((r) => r.id === 'external')!;
    expect(info).toMatchObject({ kind: 'external', enabled: false, problem: 'no address is set for the external service' });
    expect(await service.suggest({ docId: DOC, annotator: 'ann', recommenders: ['external'] })).toMatchObject({ suggestions: [], problems: [{ recommender: 'external', message: expect.stringMatching(/no address is set/) }] });
  });
});
