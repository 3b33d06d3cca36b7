import { FormatError } from './errors';

/**
 * The first check on any Standoff file: is it JSON, is it the kind of file expected, and is
 * its format version one this build understands? Anything else is rejected before a single
 * field is read, so an unknown version is never half-read and rewritten.
 */
export function readVersioned(raw: string, file: string, format: string, supported: number): Record<string, unknown> {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (e) {
    throw new FormatError(file, [`not valid JSON (${(e as Error).message})`]);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new FormatError(file, ['expected a JSON object']);
  }
  const record = data as Record<string, unknown>;
  if (record.format !== format) {
    throw new FormatError(file, [
      `not a ${format} file (its "format" is ${JSON.stringify(record.format ?? null)})`,
    ]);
  }
  if (typeof record.version !== 'number' || !Number.isInteger(record.version)) {
    throw new FormatError(file, ['"version" is missing or not a whole number']);
  }
  if (record.version > supported) {
    throw new FormatError(file, [
      `format version ${record.version} is newer than this Standoff understands (${supported}); update Standoff — the file was left as it is`,
    ]);
  }
  if (record.version < 1) throw new FormatError(file, [`unknown format version ${record.version}`]);
  return record;
}

/** JSON with two-space indent and a final newline: the one output style of every Standoff file. */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
