import fs from 'node:fs';
import nodePath from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../shared/api/csp';

/**
 * The renderer's own origin, `app://standoff`. The built renderer (dist/renderer) is served
 * from it instead of file://: a page on file:// may read other local files, shares its origin
 * with every file on the disk, and cannot be given response headers. Nothing here imports
 * Electron, so the rules below are unit-tested in plain Node.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'standoff';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The one page of the app: the window loads it, and only it may call the service. */
export const APP_PAGE_URL = `${APP_ORIGIN}/index.html`;

/**
 * Privileges for protocol.registerSchemesAsPrivileged (before the app is ready): a standard
 * scheme has a real origin (relative URLs, localStorage), secure makes it a secure context,
 * supportFetchAPI and corsEnabled let the page's module scripts load (Vite marks them
 * crossorigin). No bypassCSP, no service workers.
 */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
};

type PathApi = Pick<typeof nodePath, 'resolve' | 'relative' | 'isAbsolute' | 'join' | 'sep'>;

/** Is `child` the folder `root` itself or inside it (both absolute, same path flavour)? */
export function isInside(root: string, child: string, path: PathApi = nodePath): boolean {
  const rel = path.relative(root, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

/**
 * The file inside `root` that an app:// URL names, or null when the URL is not ours or would
 * leave `root`: another scheme or host, credentials or a port, an undecodable or NUL-carrying
 * path, a `..` segment (also percent-encoded, or with backslashes, which Windows reads as
 * separators), a drive or stream name (`C:`, `file::$DATA`). `/` is index.html. The check is
 * lexical; serveAppRequest also refuses links that lead out of `root`.
 */
export function resolveAppPath(url: string, root: string, path: PathApi = nodePath): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST || parsed.username || parsed.password) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const segments = pathname.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..' || s.includes(':'))) return null;
  const file = path.resolve(root, segments.length ? path.join(...segments) : 'index.html');
  return isInside(root, file, path) && file !== path.resolve(root) ? file : null;
}

/** Is this the app's own page (any query or fragment)? Only it may call the service or be navigated to. */
export function isAppPage(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    !parsed.username &&
    !parsed.password &&
    (parsed.pathname === '/index.html' || parsed.pathname === '/')
  );
}

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

/** The Content-Type for a file name; unknown kinds are bytes, never sniffed (nosniff below). */
export function mimeType(file: string): string {
  const dot = file.lastIndexOf('.');
  const ext = dot >= 0 ? file.slice(dot).toLowerCase() : '';
  return MIME_TYPES[ext] ?? 'application/octet-stream';
}

/** Every app:// response carries the one CSP (shared/api/csp.ts) and forbids MIME sniffing. */
const COMMON_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-cache',
};

export interface AppResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array | string | null;
}

/** File access, injectable for tests. The callback forms are the ones Electron's asar support patches. */
export interface AppFileAccess {
  realpath(file: string): Promise<string>;
  readFile(file: string): Promise<Uint8Array>;
}

export const nodeFileAccess: AppFileAccess = {
  realpath: (file) => new Promise((resolve, reject) => fs.realpath(file, (e, real) => (e ? reject(e) : resolve(real)))),
  readFile: (file) => new Promise((resolve, reject) => fs.readFile(file, (e, data) => (e ? reject(e) : resolve(data)))),
};

const plain = (status: number, text: string): AppResponse => ({
  status,
  headers: { ...COMMON_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
  body: text,
});

/**
 * A server of app:// requests from the files under `root` (dist/renderer), and nothing else:
 * GET and HEAD only; a URL resolveAppPath refuses, a missing file, a folder, or a file whose
 * real path (links followed) is outside `root` is 404.
 */
export function createAppServer(root: string, io: AppFileAccess = nodeFileAccess) {
  const absoluteRoot = nodePath.resolve(root);
  return async function serve(request: { url: string; method: string }): Promise<AppResponse> {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      const refused = plain(405, 'Method not allowed');
      return { ...refused, headers: { ...refused.headers, Allow: 'GET, HEAD' } };
    }
    const file = resolveAppPath(request.url, absoluteRoot);
    if (!file) return plain(404, 'Not found');
    try {
      const [realRoot, real] = await Promise.all([io.realpath(absoluteRoot), io.realpath(file)]);
      if (!isInside(realRoot, real)) return plain(404, 'Not found');
      const body = await io.readFile(real);
      return {
        status: 200,
        headers: { ...COMMON_HEADERS, 'Content-Type': mimeType(file) },
        body: request.method === 'HEAD' ? null : body,
      };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return plain(404, 'Not found');
      return plain(500, 'The app could not read its own files.');
    }
  };
}
