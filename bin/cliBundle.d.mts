/** Types of bin/cliBundle.mjs (plain JavaScript: it runs before any build). */
import type { BuildOptions } from 'esbuild';

export const NODE_BUNDLE: BuildOptions;
export function cliBundle(): Promise<string | null>;
