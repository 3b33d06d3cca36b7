/** A file that cannot be used as it is: says which file and what is wrong with it. */
export class FormatError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
    /** The file could not be read just now (permissions, a folder in the way): worth trying again, unlike bad content. */
    readonly transient = false,
  ) {
    super(`${file}: ${problems.join('; ')}`);
    this.name = 'FormatError';
  }
}

/** Turns validation issues into "path: message" lines an analyst can act on. */
export function describeIssues(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>, max = 8): string[] {
  const lines = issues.slice(0, max).map((issue) => {
    const where = issue.path
      .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`))
      .join('');
    return where ? `${where}: ${issue.message}` : issue.message;
  });
  if (issues.length > max) lines.push(`…and ${issues.length - max} more problems`);
  return lines;
}
