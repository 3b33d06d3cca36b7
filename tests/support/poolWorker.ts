/**
 * A corpus worker for the pool's tests: answers a chunk with its items marked, after a random
 * wait (so that chunks finish out of order); an item named in the setup fails (ApiError or a
 * file system error) or stops the worker, as a document can.
 */
import { ApiError } from '../../shared/api/errors';
import { FormatError } from '../../shared/format/errors';
import { serveCorpusChunks } from '../../backend/project/corpusPool';

interface Setup {
  failAt?: string;
  errnoAt?: string;
  formatAt?: string;
  exitAt?: string;
  setupFails?: boolean;
}

serveCorpusChunks(async (start) => {
  const setup = start as Setup;
  if (setup.setupFails) throw new FormatError('standoff.json', ['not valid JSON']);
  return async (items) => {
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 20));
    const out: string[] = [];
    for (const item of items) {
      if (item === setup.failAt) throw new ApiError('bad-request', `${item} is a link to /elsewhere, outside the project`);
      if (item === setup.errnoAt) throw Object.assign(new Error(`EACCES: permission denied, scandir '${item}'`), { code: 'EACCES' });
      if (item === setup.formatAt) throw new FormatError(`documents/${item}/document.json`, ['not valid JSON']);
      if (item === setup.exitAt) process.exit(3);
      out.push(`${item}:done`);
    }
    return { value: out };
  };
});
