import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../shared/api/csp';
import { StandoffService } from '../service';
import { startLoopbackServer, type LoopbackServer } from './server';

const SAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../annotations');
const INDEX_HTML = '<!doctype html><title>Standoff</title><div id="root"></div>';
const SECRET = 'top secret outside the static folder';

let base: string;
let server: LoopbackServer;

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'standoff-http-'));
  const project = path.join(base, 'project');
  await cp(SAMPLE, project, { recursive: true, filter: (src) => !path.relative(SAMPLE, src).split(path.sep).includes('annotations') });
  const staticDir = path.join(base, 'static');
  await mkdir(path.join(staticDir, 'assets'), { recursive: true });
  await writeFile(path.join(staticDir, 'index.html'), INDEX_HTML);
  await writeFile(path.join(staticDir, 'assets', 'app.js'), 'console.log("app")');
  await writeFile(path.join(base, 'secret.txt'), SECRET);
  await writeFile(path.join(base, 'static-evil.txt'), SECRET); // a sibling whose name starts like the folder's
  server = await startLoopbackServer({ service: await StandoffService.open(project), staticDir });
});

afterAll(async () => {
  await server?.close();
  await rm(base, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request to the server: path sent as is, every header under the test's control. */
function send(opts: { method?: string; path: string; headers?: Record<string, string>; body?: string; host?: string }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        method: opts.method ?? 'GET',
        path: opts.path,
        headers: { host: opts.host ?? `127.0.0.1:${server.port}`, ...opts.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

function api(method: string, input: unknown, headers: Record<string, string> = {}, host?: string): Promise<Reply> {
  return send({
    method: 'POST',
    path: `/api/${method}`,
    headers: { 'content-type': 'application/json', 'x-standoff-token': server.token, ...headers },
    body: JSON.stringify(input),
    ...(host ? { host } : {}),
  });
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('the loopback server', () => {
  it('listens on 127.0.0.1 only, with a token in the URL fragment', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/#token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
    expect(await canConnect('127.0.0.1', server.port)).toBe(true);
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((i) => i && i.family === 'IPv4' && !i.internal)
      .map((i) => i!.address);
    for (const address of others) expect(await canConnect(address, server.port), address).toBe(false);
  });

  it('uses a new random token on each start unless one is given', async () => {
    const service = await StandoffService.open(path.join(base, 'project'));
    const a = await startLoopbackServer({ service, staticDir: path.join(base, 'static') });
    const b = await startLoopbackServer({ service, staticDir: path.join(base, 'static'), token: 'given-token' });
    try {
      expect(a.token).not.toBe(server.token);
      expect(b.token).toBe('given-token');
      expect(a.port).not.toBe(server.port);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('answers an API call with the token: the service result', async () => {
    const reply = await api('getProject', {});
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
    expect(reply.headers['cache-control']).toBe('no-store');
    const body = JSON.parse(reply.body);
    expect(body.ok).toBe(true);
    expect(body.result.name).toBe('Sample: attacks on US forces in Iraq');
    const docs = JSON.parse((await api('listDocuments', {})).body);
    expect(docs.result).toHaveLength(5);
    // localhost:<port> is the same server too.
    expect((await api('getProject', {}, {}, `localhost:${server.port}`)).status).toBe(200);
  });

  it('refuses an API call without the token, or with a wrong one: 401', async () => {
    const missing = await send({ method: 'POST', path: '/api/getProject', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(missing.status).toBe(401);
    expect(JSON.parse(missing.body)).toEqual({ ok: false, error: { code: 'bad-request', message: 'missing or wrong token' } });
    // Change the last character to one it certainly is not (a random token may end in any).
    const last = server.token.at(-1) === 'x' ? 'y' : 'x';
    expect((await api('getProject', {}, { 'x-standoff-token': `${server.token.slice(0, -1)}${last}` })).status).toBe(401);
    expect((await api('getProject', {}, { 'x-standoff-token': server.token.slice(1) })).status).toBe(401);
    expect((await api('getProject', {}, { 'x-standoff-token': '' })).status).toBe(401);
  });

  it('refuses a request with another Host header (DNS rebinding): 421, even with the token', async () => {
    for (const host of [`evil.example:${server.port}`, '127.0.0.1', `127.0.0.1:${server.port + 1}`, `localhost.evil.example:${server.port}`]) {
      const reply = await api('getProject', {}, {}, host);
      expect(reply.status, host).toBe(421);
      expect(reply.body).not.toContain('Sample');
    }
    expect((await send({ path: '/', host: `evil.example:${server.port}` })).status).toBe(421);
  });

  it('rejects invalid arguments with 400 and a message naming the field', async () => {
    const reply = await api('openDocument', { docId: '../../etc/passwd' });
    expect(reply.status).toBe(400);
    const error = JSON.parse(reply.body).error;
    expect(error.code).toBe('bad-request');
    expect(error.message).toMatch(/^invalid arguments to openDocument: docId: /);
    const edits = await api('applyEdits', { docId: '000_121e11c80b4a277e', annotator: 'amira', edits: [{ op: 'add', span: { id: 's1', label: 'claim', startOffset: 5, endOffset: 2, quote: { prefix: '', exact: '', suffix: '' } } }] });
    expect(edits.status).toBe(400);
    expect(JSON.parse(edits.body).error.message).toContain('edits[0].span.endOffset');
  });

  it('maps other failures to clear statuses', async () => {
    expect((await api('noSuchMethod', {})).status).toBe(400);
    expect((await api('openDocument', { docId: 'not-here' })).status).toBe(404);
    const notJson = await send({ method: 'POST', path: '/api/getProject', headers: { 'content-type': 'application/json', 'x-standoff-token': server.token }, body: '{oops' });
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.body).error.message).toMatch(/request body is not JSON/);
    const form = await send({ method: 'POST', path: '/api/getProject', headers: { 'content-type': 'text/plain', 'x-standoff-token': server.token }, body: '{}' });
    expect(form.status).toBe(415);
    expect((await send({ path: '/api/getProject', headers: { 'x-standoff-token': server.token } })).status).toBe(405);
    expect((await send({ method: 'DELETE', path: '/index.html' })).status).toBe(405);
  });

  it('serves index.html at / with the Content-Security-Policy', async () => {
    const reply = await send({ path: '/' });
    expect(reply.status).toBe(200);
    expect(reply.body).toBe(INDEX_HTML);
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(reply.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(reply.headers['content-security-policy']).toContain("script-src 'self'");
    expect(reply.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    const js = await send({ path: '/assets/app.js?v=1' });
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it('does not serve anything outside the static folder: 404', async () => {
    const attempts = [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd',
      '/%2e%2e%2fstatic-evil.txt',
      '//etc/passwd',
      '/%00',
      '/assets',
      '/missing.html',
    ];
    for (const p of attempts) {
      const reply = await send({ path: p });
      expect(reply.status, p).toBe(404);
      expect(reply.body, p).not.toContain(SECRET);
      expect(reply.body, p).not.toContain('root:');
    }
  });

  it('keeps serving after a malformed request', async () => {
    const bad = await send({ path: '/%E0%A4%A' });
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(bad.body).not.toContain(SECRET);
    expect((await send({ path: '/' })).status).toBe(200);
  });
});

describe('requests are bounded before they are parsed', () => {
  /** Starts an API call and writes only `firstBytes` of its body; resolves with the answer, if one comes. */
  function partialCall(method: string, headers: Record<string, string>, firstBytes: string | Buffer): Promise<Reply & { ms: number }> {
    const started = Date.now();
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: server.port,
          method: 'POST',
          path: `/api/${method}`,
          headers: { host: `127.0.0.1:${server.port}`, 'content-type': 'application/json', 'x-standoff-token': server.token, ...headers },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            req.destroy();
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), ms: Date.now() - started });
          });
        },
      );
      req.on('error', reject);
      req.write(firstBytes);
      // The rest of the body never comes: an answer can only be the door's refusal.
    });
  }

  it('refuses a body declared larger than the limit at once, without reading it: 413 in words', async () => {
    const reply = await partialCall('applyEdits', { 'content-length': String(100 * 1024 * 1024) }, '{"docId":');
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.body).error.message).toBe('This request is larger than the 16 MB the service accepts in one call. Send it in smaller parts.');
    expect(reply.ms).toBeLessThan(2000);
  });

  it('refuses a body that grows past the limit while it streams, and uploads get their larger limit', async () => {
    const big = Buffer.alloc(17 * 1024 * 1024, 0x20); // 17 MB of spaces: valid JSON whitespace
    const reply = await partialCall('applyEdits', { 'transfer-encoding': 'chunked' }, big);
    expect(reply.status).toBe(413);
    // The same size is allowed to importUploads (its limit is 64 MB); it fails on its argument instead.
    const upload = await api('importUploads', { files: [{ name: 'a.txt', base64: 'aGk=' }], padding: ' '.repeat(17 * 1024 * 1024) });
    expect(upload.status).toBe(400);
    expect(JSON.parse(upload.body).error.message).not.toMatch(/larger than/);
  });

  it('refuses nesting deeper than 64 levels before parsing, and keeps serving', async () => {
    const deep = '['.repeat(200_000);
    const reply = await partialCall('applyEdits', { 'transfer-encoding': 'chunked' }, deep);
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body).error.message).toBe('This request nests lists and objects more than 64 levels deep, which no Standoff call does.');
    expect(reply.ms).toBeLessThan(2000);
    // Brackets inside a string are text, not nesting: this call reaches the service.
    const quoted = await api('getProject', { note: '['.repeat(10_000) });
    expect(JSON.parse(quoted.body).error?.message ?? '').not.toMatch(/levels deep/);
    expect((await api('getProject', {})).status).toBe(200);
  });
});
