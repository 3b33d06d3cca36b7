/**
 * Talking to an HTTPS git server, where isomorphic-git alone is too slow or cannot stop:
 *
 * - an HTTP client for isomorphic-git that a cancel stops at once (Node's fetch with the
 *   job's AbortSignal; isomorphic-git's own client cannot be stopped mid-request);
 * - a push that sends only what is new: isomorphic-git's push lists every object of the new
 *   commits' whole trees and of the remote's (seconds on 10,000 documents) to learn what to
 *   leave out; this one walks only the folders that differ from the parent commits, as
 *   copyObjects does for a folder remote, packs those objects with isomorphic-git's
 *   packObjects and speaks git's receive-pack protocol (pkt-lines, report-status).
 */
import type { GitHttpRequest, GitHttpResponse, HttpClient } from 'isomorphic-git/http/node';
import { JobCancelled } from '../jobs/context';
import { fs, git, hasObject, type Repo } from './git';

type Auth = { onAuth: () => { username?: string; password?: string; cancel?: boolean }; onAuthFailure: () => { cancel: boolean } };

async function collect(body: GitHttpRequest['body'] | Uint8Array[] | undefined): Promise<Buffer | undefined> {
  if (!body) return undefined;
  const parts: Uint8Array[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array>) parts.push(chunk);
  return Buffer.concat(parts);
}

/** A cancel during a request: the job's own error, not a network failure. */
function cancelled(signal: AbortSignal | undefined, e: unknown): unknown {
  return signal?.aborted ? new JobCancelled() : e;
}

/** isomorphic-git's HTTP client, over Node's fetch, stopped by `signal`. */
export function abortableHttp(signal?: AbortSignal): HttpClient {
  return {
    async request({ url, method = 'GET', headers = {}, body }: GitHttpRequest): Promise<GitHttpResponse> {
      try {
        const payload = await collect(body);
        const res = await fetch(url, { method, headers, ...(payload ? { body: new Uint8Array(payload) } : {}), ...(signal ? { signal } : {}) });
        const stream = res.body as unknown as AsyncIterable<Uint8Array> | null;
        async function* read(): AsyncGenerator<Uint8Array> {
          if (!stream) return;
          try {
            for await (const chunk of stream) yield chunk;
          } catch (e) {
            throw cancelled(signal, e);
          }
        }
        return {
          url: res.url,
          method,
          statusCode: res.status,
          statusMessage: res.statusText,
          headers: Object.fromEntries(res.headers),
          body: read() as AsyncIterableIterator<Uint8Array>,
        };
      } catch (e) {
        throw cancelled(signal, e);
      }
    },
  };
}

/**
 * The objects reachable from `head` that a remote holding (all of) `known` commits lacks. A new
 * commit's tree is compared with its parents' trees folder by folder: an entry equal to the
 * parent's at the same path is the parent's object, already there (an old commit) or listed
 * with that parent (a new one).
 */
export async function newObjects(r: Repo, head: string, known: string[], signal?: AbortSignal): Promise<string[]> {
  const at = { fs, gitdir: r.gitdir, cache: r.cache };
  const out = new Set<string>();
  const stop = new Set<string>(known);
  for (const k of known) {
    if (!(await hasObject(r, k))) continue;
    for (const base of (await git.findMergeBase({ ...at, oids: [head, k] })) as string[]) stop.add(base);
  }
  const entries = async (oid: string) => (await git.readTree({ ...at, oid })).tree;
  const walkTree = async (oid: string, parents: string[]): Promise<void> => {
    if (out.has(oid) || parents.includes(oid)) return;
    out.add(oid);
    const before = await Promise.all(parents.map(async (p) => new Map((await entries(p)).map((e) => [e.path, e.oid]))));
    for (const e of await entries(oid)) {
      if (e.type === 'commit' || before.some((b) => b.get(e.path) === e.oid)) continue;
      if (e.type === 'blob') out.add(e.oid);
      else await walkTree(e.oid, before.map((b) => b.get(e.path)).filter((x): x is string => typeof x === 'string'));
    }
  };
  const todo = [head];
  const seen = new Set<string>();
  while (todo.length) {
    if (signal?.aborted) throw new JobCancelled();
    const oid = todo.pop()!;
    if (seen.has(oid) || stop.has(oid)) continue;
    seen.add(oid);
    out.add(oid);
    const { commit } = await git.readCommit({ ...at, oid });
    const parentTrees = await Promise.all(commit.parent.map(async (p) => (await git.readCommit({ ...at, oid: p })).commit.tree));
    await walkTree(commit.tree, parentTrees);
    todo.push(...commit.parent);
  }
  return [...out];
}

const pkt = (line: string) => {
  const bytes = Buffer.from(line, 'utf8');
  return Buffer.concat([Buffer.from((bytes.length + 4).toString(16).padStart(4, '0'), 'latin1'), bytes]);
};

/** The lines of a pkt-line stream (flushes left out). */
function pktLines(buf: Buffer): string[] {
  const lines: string[] = [];
  let at = 0;
  while (at + 4 <= buf.length) {
    const n = Number.parseInt(buf.toString('latin1', at, at + 4), 16);
    if (!Number.isFinite(n)) break;
    if (n < 4) {
      at += 4;
      continue;
    }
    lines.push(buf.toString('utf8', at + 4, at + n));
    at += n;
  }
  return lines;
}

export class PushRejected extends Error {
  readonly code = 'PushRejectedError';
}

/**
 * Pushes `head` to `branch` of an HTTPS remote. Throws PushRejected when the remote's branch is
 * at a commit this repository does not have (someone pushed since the fetch) or the remote
 * refuses (not a fast-forward): the caller fetches, merges and pushes again.
 */
export async function pushHttp(r: Repo, url: string, branch: string, head: string, auth: Auth, signal?: AbortSignal): Promise<void> {
  const http = abortableHttp(signal);
  const ref = `refs/heads/${branch}`;
  const info = (await git.getRemoteInfo2({ http, url, forPush: true, protocolVersion: 1, ...auth })) as {
    capabilities: Record<string, string | true>;
    refs?: Array<{ ref: string; oid: string }>;
  };
  const remoteTip = info.refs?.find((x) => x.ref === ref)?.oid ?? null;
  if (remoteTip === head) return;
  if (remoteTip && !(await hasObject(r, remoteTip))) throw new PushRejected('the shared branch moved meanwhile');
  const known = (info.refs ?? []).map((x) => x.oid);
  const oids = await newObjects(r, head, known, signal);
  const { packfile } = await git.packObjects({ fs, gitdir: r.gitdir, oids, cache: r.cache });
  if (signal?.aborted) throw new JobCancelled();
  const caps = ['report-status', 'agent=standoff'].filter((c) => c.startsWith('agent=') || c in info.capabilities);
  const body = Buffer.concat([pkt(`${remoteTip ?? '0'.repeat(40)} ${head} ${ref}\0${caps.join(' ')}\n`), Buffer.from('0000', 'latin1'), Buffer.from(packfile!)]);
  const { onAuth } = auth;
  const credentials = onAuth();
  const headers: Record<string, string> = {
    'content-type': 'application/x-git-receive-pack-request',
    accept: 'application/x-git-receive-pack-result',
    'user-agent': 'git/standoff',
  };
  if (credentials.password !== undefined) headers.authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
  const res = await http.request({ url: `${url.replace(/\/$/, '')}/git-receive-pack`, method: 'POST', headers, body: [body] as unknown as AsyncIterableIterator<Uint8Array> });
  const answer = (await collect(res.body)) ?? Buffer.alloc(0);
  if (res.statusCode === 401 || res.statusCode === 403) throw Object.assign(new Error(`HTTP ${res.statusCode}`), { code: 'HttpError', data: { statusCode: res.statusCode } });
  if (res.statusCode !== 200) throw Object.assign(new Error(`the server answered ${res.statusCode} ${res.statusMessage}`), { code: 'HttpError', data: { statusCode: res.statusCode } });
  const lines = pktLines(answer).map((l) => l.replace(/\n$/, ''));
  const unpack = lines.find((l) => l.startsWith('unpack '));
  if (unpack && unpack !== 'unpack ok') throw new Error(`the server could not take the objects (${unpack.slice(7)})`);
  const status = lines.find((l) => l.endsWith(ref) || l.includes(` ${ref} `) || l.startsWith(`ok ${ref}`) || l.startsWith(`ng ${ref}`));
  if (status?.startsWith(`ok ${ref}`)) return;
  throw new PushRejected(`the server refused the push: ${status ?? lines.join('; ')}`);
}
