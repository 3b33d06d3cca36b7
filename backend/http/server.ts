import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import type { StandoffApi } from '../../shared/api/contract';
import { dispatch } from '../../shared/api/dispatch';
import { ApiError, serializeError, type ApiErrorCode } from '../../shared/api/errors';
import { CONTENT_SECURITY_POLICY } from '../../shared/api/csp';
import { BodyTooLarge, bodyLimitOf, readBoundedBody } from './bounds';

export interface LoopbackServer {
  /** The address to open, token included (in the fragment, so it never reaches a log). */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};
const HTTP_STATUS: Record<ApiErrorCode, number> = {
  'bad-request': 400,
  'not-found': 404,
  'unreadable-file': 400,
  conflict: 409,
  locked: 423,
  io: 500,
  internal: 500,
};

/**
 * Browser mode's door: the same service, over HTTP on 127.0.0.1 only. Each run has a secret
 * token that every API call must carry in a header, so other pages open in the same browser
 * (which can reach loopback too) cannot call it; the Host header is checked against DNS
 * rebinding. Static files are the built renderer.
 */
export async function startLoopbackServer(opts: {
  service: StandoffApi;
  staticDir: string;
  port?: number;
  token?: string;
}): Promise<LoopbackServer> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const tokenBytes = Buffer.from(token);
  let port = 0;

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => send(res, 500, { ok: false, error: serializeError(e) }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
      res.writeHead(421).end('wrong host');
      return;
    }
    const url = new URL(req.url ?? '/', `http://${host}`);
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') {
        res.writeHead(405, { allow: 'POST' }).end();
        return;
      }
      const given = Buffer.from(String(req.headers['x-standoff-token'] ?? ''));
      if (given.length !== tokenBytes.length || !timingSafeEqual(given, tokenBytes)) {
        send(res, 401, { ok: false, error: { code: 'bad-request', message: 'missing or wrong token' } });
        return;
      }
      if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
        send(res, 415, { ok: false, error: { code: 'bad-request', message: 'expected application/json' } });
        return;
      }
      try {
        const method = url.pathname.slice(5);
        const input = JSON.parse(await readBoundedBody(req, bodyLimitOf(method)));
        const result = await dispatch(opts.service, method, input);
        send(res, 200, { ok: true, result });
      } catch (e) {
        const error = e instanceof SyntaxError ? new ApiError('bad-request', `request body is not JSON: ${e.message}`) : e;
        const status = error instanceof BodyTooLarge ? 413 : error instanceof ApiError ? HTTP_STATUS[error.code] : 500;
        send(res, status, { ok: false, error: serializeError(error) });
      }
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    await serveStatic(opts.staticDir, url.pathname, res);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(json);
}

async function serveStatic(dir: string, pathname: string, res: ServerResponse): Promise<void> {
  let rel: string;
  try {
    rel = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
  } catch {
    res.writeHead(400, { 'content-type': 'text/plain' }).end('bad path');
    return;
  }
  const full = path.resolve(dir, `.${rel}`);
  if (!full.startsWith(path.resolve(dir) + path.sep)) {
    res.writeHead(404).end();
    return;
  }
  try {
    const info = await stat(full);
    if (!info.isFile()) throw new Error('not a file');
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  res.writeHead(200, {
    'content-type': TYPES[path.extname(full)] ?? 'application/octet-stream',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-cache',
  });
  createReadStream(full).pipe(res);
}
