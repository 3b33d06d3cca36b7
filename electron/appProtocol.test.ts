import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../shared/api/csp';
import { APP_PAGE_URL, createAppServer, isAppPage, mimeType, resolveAppPath } from './appProtocol';

describe('resolveAppPath', () => {
  const root = '/opt/Standoff/resources/app.asar/dist/renderer';

  it('maps app://standoff/… to files under the renderer folder, / to index.html', () => {
    expect(resolveAppPath('app://standoff/', root)).toBe(`${root}/index.html`);
    expect(resolveAppPath('app://standoff', root)).toBe(`${root}/index.html`);
    expect(resolveAppPath(APP_PAGE_URL, root)).toBe(`${root}/index.html`);
    expect(resolveAppPath('app://standoff/assets/index-Ab12.js?v=1#x', root)).toBe(`${root}/assets/index-Ab12.js`);
    expect(resolveAppPath('app://standoff/assets/a%20b.css', root)).toBe(`${root}/assets/a b.css`);
  });

  it('refuses every way of climbing out of the folder', () => {
    for (const url of [
      'app://standoff/..%2f..%2fpackage.json',
      'app://standoff/assets/..%2F..%2F..%2Fetc%2Fpasswd',
      'app://standoff/%2e%2e%2f%2e%2e%2fpackage.json',
      'app://standoff/assets%2f%2e%2e%2f%2e%2e%2fmain.cjs',
      'app://standoff/..%5c..%5cpackage.json',
      'app://standoff/assets\\..\\..\\package.json',
    ]) {
      expect(resolveAppPath(url, root), url).toBeNull();
    }
    // Plain or encoded dot segments are resolved by the URL parser itself, clamped at the root.
    expect(resolveAppPath('app://standoff/assets/%2e%2e/%2e%2e/../package.json', root)).toBe(`${root}/package.json`);
  });

  it('refuses other schemes and hosts, credentials, NULs and undecodable paths', () => {
    for (const url of [
      'file:///opt/Standoff/resources/app.asar/dist/renderer/index.html',
      'https://standoff/index.html',
      'app://other/index.html',
      'app://user:pw@standoff/index.html',
      'app://standoff/index.html%00.png',
      'app://standoff/%E0%A4%A',
      'not a url',
    ]) {
      expect(resolveAppPath(url, root), url).toBeNull();
    }
  });

  it('on Windows refuses drive letters, backslashes that climb, and stream names', () => {
    const winRoot = 'C:\\Program Files\\Standoff\\resources\\app.asar\\dist\\renderer';
    expect(resolveAppPath('app://standoff/assets/x.js', winRoot, path.win32)).toBe(`${winRoot}\\assets\\x.js`);
    for (const url of [
      'app://standoff/C:%5CWindows%5Cwin.ini',
      'app://standoff/D:/secrets.txt',
      'app://standoff/..%5C..%5C..%5Cstandoff.json',
      'app://standoff/index.html::$DATA',
    ]) {
      expect(resolveAppPath(url, winRoot, path.win32), url).toBeNull();
    }
  });
});

describe('isAppPage', () => {
  it('is the app page only', () => {
    expect(isAppPage('app://standoff/index.html')).toBe(true);
    expect(isAppPage('app://standoff/index.html#doc=1')).toBe(true);
    expect(isAppPage('app://standoff/')).toBe(true);
    for (const url of [
      'app://standoff/assets/index.js',
      'app://standoff/other.html',
      'app://evil/index.html',
      'app://x:y@standoff/index.html',
      'file:///home/a/dist/renderer/index.html',
      'https://standoff/index.html',
      'http://127.0.0.1:4000/index.html',
      '',
    ]) {
      expect(isAppPage(url), url).toBe(false);
    }
  });
});

describe('mimeType', () => {
  it('names the types the built renderer has, and bytes for anything else', () => {
    expect(mimeType('index.html')).toBe('text/html; charset=utf-8');
    expect(mimeType('assets/index-A1.js')).toBe('text/javascript; charset=utf-8');
    expect(mimeType('assets/index-A1.CSS')).toBe('text/css; charset=utf-8');
    expect(mimeType('icon.svg')).toBe('image/svg+xml');
    expect(mimeType('font.woff2')).toBe('font/woff2');
    expect(mimeType('LICENSE')).toBe('application/octet-stream');
  });
});

describe('createAppServer, on real files', () => {
  let dir: string;
  let root: string;
  let serve: ReturnType<typeof createAppServer>;
  const get = (url: string, method = 'GET') => serve({ url, method });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'standoff-app-protocol-'));
    root = path.join(dir, 'dist/renderer');
    await mkdir(path.join(root, 'assets'), { recursive: true });
    await writeFile(path.join(root, 'index.html'), '<!doctype html><title>Standoff</title>');
    await writeFile(path.join(root, 'assets/index.js'), 'console.log(1)');
    await writeFile(path.join(dir, 'secret.txt'), 'not for the page');
    await writeFile(path.join(dir, 'dist/main.cjs'), 'main process');
    // Links inside the folder: one leading out of it, one staying in.
    await symlink(path.join(dir, 'secret.txt'), path.join(root, 'assets/leak.txt'));
    await symlink(dir, path.join(root, 'up'));
    await symlink(path.join(root, 'assets/index.js'), path.join(root, 'alias.js'));
    serve = createAppServer(root);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('serves the page and its assets with their types and the CSP', async () => {
    const page = await get('app://standoff/index.html');
    expect(page.status).toBe(200);
    expect(Buffer.from(page.body as Uint8Array).toString()).toContain('<title>Standoff</title>');
    expect(page.headers['Content-Type']).toBe('text/html; charset=utf-8');
    expect(page.headers['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers['X-Content-Type-Options']).toBe('nosniff');

    const script = await get('app://standoff/assets/index.js');
    expect(script.status).toBe(200);
    expect(script.headers['Content-Type']).toBe('text/javascript; charset=utf-8');
    expect((await get('app://standoff/alias.js')).status).toBe(200);
  });

  it('answers HEAD without a body, and refuses other methods', async () => {
    const head = await get('app://standoff/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBeNull();
    const post = await get('app://standoff/index.html', 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.Allow).toBe('GET, HEAD');
  });

  it('never hands out a file outside the renderer folder', async () => {
    for (const url of [
      'app://standoff/..%2fsecret.txt',
      'app://standoff/..%2fmain.cjs',
      'app://standoff/%2e%2e%2f%2e%2e%2fsecret.txt',
      'app://standoff/assets/leak.txt',
      'app://standoff/up/secret.txt',
      'app://standoff/up/dist/main.cjs',
    ]) {
      const res = await get(url);
      expect(res.status, url).toBe(404);
      expect(String(res.body), url).not.toContain('not for the page');
      expect(String(res.body), url).not.toContain('main process');
    }
  });

  it('is 404 for a missing file or a folder', async () => {
    expect((await get('app://standoff/nope.js')).status).toBe(404);
    expect((await get('app://standoff/assets')).status).toBe(404);
    expect((await get('app://standoff/assets/')).status).toBe(404);
  });
});
