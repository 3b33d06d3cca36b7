/** Types of bin/asciiSource.mjs (plain JavaScript: it runs before any build). */
export function asciiSource(source: string, module?: boolean): Promise<string>;
export function asciiFiles(files: readonly string[]): Promise<void>;
