/**
 * What several slices of the contract share: the file problem every door can report, and the
 * schema pieces more than one slice validates with. It imports no slice, so every slice (and
 * errors.ts) can import it without a cycle.
 */
import { z } from 'zod';

/** A problem with one file, in words: shown in the UI and printed by `standoff validate`. */
export interface FileProblem {
  /** Path relative to the project folder. */
  file: string;
  problems: string[];
}

/**
 * The schemas a slice declares, one per method of its interface, each validating that method's
 * argument. `satisfies SchemasOf<XApi>` makes the compiler name a method without a schema.
 */
export type SchemasOf<Api> = {
  [M in keyof Api]: Api[M] extends (input: infer I) => Promise<unknown> ? z.ZodType<I> : never;
};

/** The argument of a method that takes none. */
export const empty = z.strictObject({});

/** A name a person types: trimmed, 1 to 300 characters. */
export const name = z.string().trim().min(1).max(300);

/** Whether a path is absolute: POSIX, or Windows with a drive or a share. */
export const isAbsolutePath = (p: string): boolean => /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(p);

/** A path on this machine, absolute, without NUL. */
export const absolutePath = z
  .string()
  .max(4096)
  .refine(isAbsolutePath, 'must be an absolute path')
  .refine((p) => !p.includes('\0'), 'must not hold a NUL character');
