/**
 * A real git server over smart HTTP on 127.0.0.1 for tests: Node's http in front of the git
 * command line's own `git http-backend` (CGI), with a token check (HTTP Basic, the token as
 * password, as GitHub, GitLab and Gitea take it). Started and stopped by the test; it can be
 * stopped and started again on the same port (an annotator offline, then back).
 */
import { spawn, execFileSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GitServer {
  url: (repo: string) => string;
  port: number;
  /** Requests answered, by method and path (for checks that the server was really used). */
  requests: string[];
  /**
   * A slow server: each POST whose path ends with `path` ("git-upload-pack": a fetch's
   * download, "git-receive-pack": a push) waits `ms` before git runs (only the next one when
   * `once`; `onHeld` is told when it starts waiting). A client that gives up meanwhile is not
   * answered, and git never runs for it.
   */
  hold: { path: string; ms: number; once?: boolean; onHeld?: () => void } | null;
  stop(): Promise<void>;
  start(): Promise<void>;
}

function backendPath(): string {
  return `${execFileSync('git', ['--exec-path'], { encoding: 'utf8' }).trim()}/git-http-backend`;
}

export async function startGitServer(reposRoot: string, token: string, port = 0): Promise<GitServer> {
  const backend = backendPath();
  const requests: string[] = [];
  const control = { hold: null as GitServer['hold'] };
  const handler = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(`${req.method} ${url.pathname}`);
    const auth = req.headers.authorization ?? '';
    const password = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':').slice(1).join(':') : null;
    if (password !== token) {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"', 'Content-Type': 'text/plain' });
      res.end('token required\n');
      return;
    }
    const hold = control.hold;
    if (hold && req.method === 'POST' && url.pathname.endsWith(hold.path)) {
      if (hold.once) control.hold = null;
      hold.onHeld?.();
      let gone = false;
      res.once('close', () => (gone = true));
      await new Promise((r) => setTimeout(r, hold.ms));
      if (gone) return;
    }
    const cgi = spawn(backend, [], {
      env: {
        PATH: process.env.PATH ?? '',
        GIT_PROJECT_ROOT: reposRoot,
        GIT_HTTP_EXPORT_ALL: '1',
        REMOTE_USER: 'tester',
        REMOTE_ADDR: '127.0.0.1',
        REQUEST_METHOD: req.method ?? 'GET',
        PATH_INFO: decodeURIComponent(url.pathname),
        QUERY_STRING: url.search.slice(1),
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        ...(req.headers['content-encoding'] ? { HTTP_CONTENT_ENCODING: String(req.headers['content-encoding']) } : {}),
        ...(req.headers['git-protocol'] ? { GIT_PROTOCOL: String(req.headers['git-protocol']) } : {}),
      },
    });
    req.pipe(cgi.stdin);
    let head = Buffer.alloc(0);
    let headerDone = false;
    cgi.stdout.on('data', (chunk: Buffer) => {
      if (headerDone) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      let end = head.indexOf('\r\n\r\n');
      let sep = 4;
      if (end < 0) {
        end = head.indexOf('\n\n');
        sep = 2;
      }
      if (end < 0) return;
      headerDone = true;
      let status = 200;
      const headers: Record<string, string> = {};
      for (const line of head.subarray(0, end).toString('utf8').split(/\r?\n/)) {
        const i = line.indexOf(':');
        if (i < 0) continue;
        const name = line.slice(0, i).trim();
        const value = line.slice(i + 1).trim();
        if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
        else headers[name] = value;
      }
      res.writeHead(status, headers);
      res.write(head.subarray(end + sep));
    });
    cgi.stdout.on('end', () => res.end());
    cgi.on('error', () => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  };
  let server: http.Server | null = null;
  let boundPort = port;
  const sockets = new Set<import('node:net').Socket>();
  const start = () =>
    new Promise<void>((resolve, reject) => {
      const s = http.createServer((req, res) => void handler(req, res));
      s.on('connection', (c) => {
        sockets.add(c);
        c.on('close', () => sockets.delete(c));
      });
      s.once('error', reject);
      s.listen(boundPort, '127.0.0.1', () => {
        boundPort = (s.address() as AddressInfo).port;
        server = s;
        resolve();
      });
    });
  await start();
  return {
    get port() {
      return boundPort;
    },
    url: (repo) => `http://127.0.0.1:${boundPort}/${repo}`,
    requests,
    get hold() {
      return control.hold;
    },
    set hold(value) {
      control.hold = value;
    },
    start,
    stop: () =>
      new Promise<void>((resolve) => {
        if (!server) return resolve();
        for (const c of sockets) c.destroy();
        server.close(() => resolve());
        server = null;
      }),
  };
}
