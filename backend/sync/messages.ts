/**
 * What went wrong with a remote, in words an analyst can act on, and what the commit says.
 */
import { describePath } from './paths';

export interface RemoteProblem {
  message: string;
  offline: boolean;
  needsToken: boolean;
}

const OFFLINE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'EPIPE', 'ECONNABORTED']);

/** Finds a Node error code in an error or its causes. */
function codeOf(e: unknown): string | null {
  let cur: unknown = e;
  for (let i = 0; i < 5 && cur; i++) {
    const c = (cur as { code?: unknown }).code;
    if (typeof c === 'string' && OFFLINE_CODES.has(c)) return c;
    cur = (cur as { cause?: unknown }).cause ?? (cur as { data?: { error?: unknown } }).data?.error;
  }
  return null;
}

export function remoteProblem(e: unknown, remote: string, tokenGiven: boolean): RemoteProblem {
  const err = e as { code?: string; data?: { statusCode?: number }; message?: string };
  const kept = 'Nothing is lost: your work is committed on this computer and goes with the next sync.';
  if (err.code === 'UserCanceledError' || (err.code === 'HttpError' && (err.data?.statusCode === 401 || err.data?.statusCode === 403))) {
    return tokenGiven
      ? { message: `${remote} refused the token (wrong or expired, or without write access). Give another token. ${kept}`, offline: false, needsToken: true }
      : { message: `${remote} asks for a token. Give one (in the app, or STANDOFF_GIT_TOKEN on the command line). ${kept}`, offline: false, needsToken: true };
  }
  if (err.code === 'HttpError' && err.data?.statusCode === 404) {
    return { message: `There is no repository at ${remote} (or the token may not see it). Check the address. ${kept}`, offline: false, needsToken: false };
  }
  const code = codeOf(e);
  if (code) return { message: `Cannot reach ${remote} (${code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'no network, or the name is wrong' : 'offline, or the server is down'}). ${kept}`, offline: true, needsToken: false };
  if (err.code === 'MissingRemote') return { message: `${err.message} ${kept}`, offline: true, needsToken: false };
  return { message: `Sync with ${remote} failed: ${err.message ?? String(e)}. ${kept}`, offline: false, needsToken: false };
}

/** Spans added, removed and changed between two versions of an annotation file. */
export function spanChanges(before: Uint8Array | null, after: Uint8Array | null): { added: number; removed: number; changed: number } {
  const spans = (bytes: Uint8Array | null): Map<string, string> => {
    if (!bytes) return new Map();
    try {
      const parsed = JSON.parse(Buffer.from(bytes).toString('utf8')) as { spans?: Array<{ id?: unknown }> };
      return new Map((parsed.spans ?? []).map((s) => [String(s.id), JSON.stringify(s)]));
    } catch {
      return new Map();
    }
  };
  const a = spans(before);
  const b = spans(after);
  let added = 0;
  let removed = 0;
  let changed = 0;
  for (const [id, s] of b) {
    const old = a.get(id);
    if (old === undefined) added++;
    else if (old !== s) changed++;
  }
  for (const id of a.keys()) if (!b.has(id)) removed++;
  return { added, removed, changed };
}

export interface CommittedFile {
  path: string;
  before: Uint8Array | null;
  after: Uint8Array | null;
}

/**
 * "layla: 2 documents (doc-001, doc-002), 5 spans added, 1 removed, 2 changed", with a line per
 * file below: who, which documents, how many spans, readable in plain `git log`.
 */
export function commitMessage(who: string, files: CommittedFile[], first = false): string {
  const docs = new Set<string>();
  let added = 0;
  let removed = 0;
  let changed = 0;
  const lines: string[] = [];
  const others: string[] = [];
  for (const f of files) {
    const parts = f.path.split('/');
    if (parts[0] === 'documents' && parts[1]) docs.add(parts[1]);
    if (parts[0] === 'documents' && parts[2] === 'annotations') {
      const c = spanChanges(f.before, f.after);
      added += c.added;
      removed += c.removed;
      changed += c.changed;
      lines.push(`${describePath(f.path)}: ${c.added} spans added, ${c.removed} removed, ${c.changed} changed${f.after ? '' : ' (file removed)'}`);
    } else {
      const what = describePath(f.path);
      others.push(what);
      lines.push(`${what}: ${f.before ? (f.after ? 'changed' : 'removed') : 'added'}`);
    }
  }
  const docList = [...docs].sort();
  const docPart = docList.length
    ? `${docList.length} document${docList.length === 1 ? '' : 's'} (${docList.slice(0, 5).join(', ')}${docList.length > 5 ? ', …' : ''})`
    : '';
  const spanPart = added || removed || changed ? `${added} spans added, ${removed} removed, ${changed} changed` : '';
  const otherPart = others.length ? (others.length <= 2 ? others.join(', ') : `${others.length} shared files`) : '';
  const subject = first
    ? `${who}: shared the project (${docList.length} document${docList.length === 1 ? '' : 's'}${spanPart ? `, ${spanPart.replace(/, 0 removed, 0 changed$/, '')}` : ''})`
    : `${who}: ${[docPart, spanPart, docPart ? '' : otherPart].filter(Boolean).join(', ') || `${files.length} files`}`;
  return `${subject}\n\n${lines.join('\n')}\n`;
}
