import type { IncomingMessage } from 'node:http';
import { ApiError } from '../../shared/api/errors';

/**
 * What the HTTP door accepts before it parses a request at all. A request body is read as it
 * arrives and refused as soon as it passes a limit, so a huge or deeply nested body costs the
 * server what it has read so far, not a full parse (a 62 MB body of nested arrays once kept the
 * service busy for 35 s at 3.3 GB).
 */

/** Largest body of any call but uploads: a whole-document edit batch is well under 1 MB. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;
/** importUploads carries the files themselves in base64 (shared/api/uploads.ts keeps it under this). */
export const MAX_UPLOAD_BODY_BYTES = 64 * 1024 * 1024;
/** Deepest nesting of arrays and objects in a body; the deepest argument of any method is about 8. */
export const MAX_NESTING_DEPTH = 64;

/** The body limit of one method, in bytes. */
export function bodyLimitOf(method: string): number {
  return method === 'importUploads' ? MAX_UPLOAD_BODY_BYTES : MAX_BODY_BYTES;
}

/** Thrown for a body over its size limit; the door answers 413. */
export class BodyTooLarge extends ApiError {
  constructor(limitBytes: number) {
    super('bad-request', `This request is larger than the ${formatMegabytes(limitBytes)} the service accepts in one call. Send it in smaller parts.`);
  }
}

/**
 * Reads a request body as UTF-8, refusing it once it passes `limitBytes` (checked against the
 * Content-Length header first, then as bytes arrive) or nests arrays and objects deeper than
 * `maxDepth`. A refused request is not read any further.
 */
export function readBoundedBody(req: IncomingMessage, limitBytes: number, maxDepth = MAX_NESTING_DEPTH): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limitBytes) {
      reject(new BodyTooLarge(limitBytes));
      return;
    }
    const depth = new NestingGauge(maxDepth);
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const stop = (e: Error) => {
      if (done) return;
      done = true;
      req.removeAllListeners('data');
      req.resume(); // drain what is still coming without keeping it, so the answer can be sent
      reject(e);
    };
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limitBytes) return stop(new BodyTooLarge(limitBytes));
      if (!depth.feed(chunk)) {
        return stop(new ApiError('bad-request', `This request nests lists and objects more than ${maxDepth} levels deep, which no Standoff call does.`));
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', (e) => stop(e));
  });
}

/**
 * The nesting depth of JSON text fed in pieces: brackets inside strings do not count. Works on
 * bytes, since every character that matters ([ ] { } " \) is one byte in UTF-8 and never part
 * of a longer character.
 */
export class NestingGauge {
  private depth = 0;
  private inString = false;
  private escaped = false;
  constructor(private readonly maxDepth: number) {}

  /** Takes the next piece; false once the nesting has gone deeper than allowed. */
  feed(bytes: Uint8Array): boolean {
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (b === 0x5c) this.escaped = true;
        else if (b === 0x22) this.inString = false;
      } else if (b === 0x22) this.inString = true;
      else if (b === 0x5b || b === 0x7b) {
        if (++this.depth > this.maxDepth) return false;
      } else if (b === 0x5d || b === 0x7d) this.depth--;
    }
    return true;
  }
}

function formatMegabytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}
