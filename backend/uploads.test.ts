import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { rejection } from '../tests/support/rejection';
import { dispatch } from '../shared/api/dispatch';
import { UPLOAD_FILE_LIMIT, UPLOAD_REQUEST_LIMIT, uploadProblem } from '../shared/api/uploads';
import { layout } from '../shared/format/layout';
import { StandoffService } from './service';

const SAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../annotations');
const b64 = (s: string | Uint8Array) => Buffer.from(s).toString('base64');

const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map((t) => rm(t, { recursive: true, force: true })));
});

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'standoff-uploads-'));
  temps.push(root);
  await cp(SAMPLE, root, { recursive: true, filter: (src) => !path.relative(SAMPLE, src).split(path.sep).includes('annotations') });
});

describe('importUploads (picked or dropped files)', () => {
  it('imports uploaded files with the same checks and report as files on disk', async () => {
    const service = await StandoffService.open(root);
    const existing = await readFile(path.join(root, layout.text('000_121e11c80b4a277e')), 'utf8');
    const files = [
      { name: 'C:\\Users\\me\\news.txt', base64: b64('Three soldiers were hurt.\r\nOfficials denied it.\n') },
      { name: 'page.html', base64: b64('<html><head><title>Strike</title></head><body><main><p>A strike hit the base at dawn, officials said.</p></main></body></html>') },
      { name: 'empty.txt', base64: '' },
      { name: 'binary.txt', base64: b64(new Uint8Array([0x41, 0, 0, 1, 2, 3])) },
      { name: 'latin1.txt', base64: b64(new Uint8Array([0x63, 0x61, 0x66, 0xe9])) },
      { name: 'same.txt', base64: b64(existing) },
      { name: 'sheet.xlsx', base64: b64('hello') },
    ];
    const report = await dispatch(service, 'importUploads', { files });
    const r = report as Awaited<ReturnType<StandoffService['importUploads']>>;
    expect(r.imported.map((d) => d.file)).toEqual(['news.txt', 'page.html']);
    const news = r.imported[0]!;
    expect(await readFile(path.join(root, layout.text(news.docId)), 'utf8')).toBe('Three soldiers were hurt.\nOfficials denied it.');
    expect(r.imported[1]!.title).toBe('Strike');
    const reasons = Object.fromEntries(r.skipped.map((s) => [s.file, s.reason]));
    expect(Object.keys(reasons)).toEqual(['empty.txt', 'binary.txt', 'latin1.txt', 'same.txt', 'sheet.xlsx']);
    expect(reasons['same.txt']).toMatch(/duplicate: same text as document "000_121e11c80b4a277e"/);
    expect(reasons['empty.txt']).toMatch(/empty/);
    expect(reasons['latin1.txt']).toMatch(/UTF-8/);
    // The very same checks as a path: the same files from disk give the same reasons.
    const dir = await mkdtemp(path.join(tmpdir(), 'standoff-uploads-disk-'));
    temps.push(dir);
    for (const f of files.slice(2)) await writeFile(path.join(dir, f.name), Buffer.from(f.base64, 'base64'));
    const disk = await service.importArticles({ paths: files.slice(2).map((f) => path.join(dir, f.name)) });
    expect(Object.fromEntries(disk.skipped.map((s) => [path.basename(s.file), s.reason]))).toEqual(reasons);
  });

  it('runs as a job, like importArticles', async () => {
    const service = await StandoffService.open(root);
    let status = await service.startJob({ method: 'importUploads', input: { files: [{ name: 'a.md', base64: b64('# Title\n\nBody text here.\n') }] } });
    while (status.state === 'running') {
      await new Promise((r) => setTimeout(r, 20));
      status = await service.jobStatus({ jobId: status.jobId });
    }
    expect(status.state).toBe('done');
    expect((status.result as { imported: unknown[] }).imported).toHaveLength(1);
  });

  it('refuses bytes that are not base64, saying which file', async () => {
    const service = await StandoffService.open(root);
    for (const bad of ['not base64!', 'abc', 'YQ=', 'YWJj\n']) {
      const e = await rejection(dispatch(service, 'importUploads', { files: [{ name: 'x.txt', base64: bad }] }));
      expect(e.message).toMatch(/“x\.txt” did not arrive whole \(its bytes are not base64\)/);
      // and the service itself, called without the door
      await expect(service.importUploads({ files: [{ name: 'x.txt', base64: bad }] })).rejects.toThrow(/not base64/);
    }
    expect((await service.listDocuments()).length).toBe(5);
  });

  it('refuses a file over the size limit, and a request over its limit, in words', async () => {
    const service = await StandoffService.open(root);
    const big = Buffer.alloc(UPLOAD_FILE_LIMIT + 1024 * 1024, 0x61).toString('base64');
    const e = await rejection(dispatch(service, 'importUploads', { files: [{ name: 'big.txt', base64: big }] }));
    expect(e.message).toMatch(/“big\.txt” is 11 MB; a file may be at most 10 MB when chosen or dropped \(import it by its path instead\)/);
    const nine = Buffer.alloc(9 * 1024 * 1024, 0x61).toString('base64');
    const many = Array.from({ length: Math.ceil(UPLOAD_REQUEST_LIMIT / (9 * 1024 * 1024)) }, (_, i) => ({ name: `f${i}.txt`, base64: nine }));
    await expect(service.importUploads({ files: many })).rejects.toThrow(/these files are 45 MB together; at most 40 MB at a time/);
    expect((await service.listDocuments()).length).toBe(5);
  });

  it('refuses a name that is no file name, and an empty request', () => {
    expect(uploadProblem([{ name: 'dir/', base64: '' }])).toMatch(/is not a file name/);
    expect(uploadProblem([{ name: '..', base64: '' }])).toMatch(/is not a file name/);
    expect(uploadProblem([])).toBe('no files were given');
    expect(uploadProblem([{ name: 'ok.txt', base64: 'YWJj' }])).toBeNull();
  });
});
