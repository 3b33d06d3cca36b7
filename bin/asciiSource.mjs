// One-byte sources for the bundles Node runs: the command line and its workers (dist/cli/, by
// bin/cliBundle.mjs), Electron's main process (dist/electron/, by scripts/build.mjs) and the
// corpus benchmark's server (bench/corpus/bundle.ts).
//
// Why: V8 keeps a module's source as long as the module lives (a function is compiled from it
// when first called), and one character above U+00FF makes the whole source a two-byte string.
// The command line's bundle (8 MB) took 16 MB of heap; ASCII, 8 MB (measured: 9 MB less
// resident memory in every command and in `standoff serve`). esbuild's `charset: 'ascii'`
// escapes strings, templates and names, but not regular expression literals nor comments, where
// readability's, wink's and our own –, —, », ’ … stay: those are escaped here, found by acorn's
// tokenizer (a regular expression cannot be told from a division without one).
//
// In a regular expression `\u2013` is `–`, with or without the u flag (a pair of surrogates is
// one code point under u, two units without, as the character itself was); an identity escape
// `\–` becomes `\u2013`. A tagged template's raw text cannot be escaped: a bundle with one that
// holds non-ASCII stays as it is. Without acorn the bundle stays as esbuild made it: only memory
// is lost, never behaviour.
import { readFileSync, writeFileSync } from 'node:fs';

/** A UTF-16 unit above U+007F (each unit of a surrogate pair alone). */
const NON_ASCII = /[\u0080-\uffff]/;

/**
 * `source` with every non-ASCII character of its regular expressions and comments escaped, or as
 * it is (see above, and when acorn cannot read it). `module`: an ES module (else a CommonJS script).
 */
export async function asciiSource(source, module = true) {
  if (!NON_ASCII.test(source)) return source;
  let acorn;
  try {
    acorn = await import('acorn');
  } catch {
    return source;
  }
  const ranges = [];
  const onComment = (_block, text, start, end) => {
    if (NON_ASCII.test(text)) ranges.push([start, end]);
  };
  try {
    for (const token of acorn.tokenizer(source, { ecmaVersion: 'latest', sourceType: module ? 'module' : 'script', allowHashBang: true, onComment })) {
      if (!NON_ASCII.test(source.slice(token.start, token.end))) continue;
      if (token.type !== acorn.tokTypes.regexp) return source; // a tagged template's raw text
      ranges.push([token.start, token.end]);
    }
  } catch {
    return source;
  }
  ranges.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [start, end] of ranges) {
    out += source.slice(at, start);
    // Each UTF-16 unit alone (a surrogate pair becomes two escapes); an odd run of backslashes before it escaped the character itself.
    out += source.slice(start, end).replace(/(\\*)([\u0080-\uffff])/g, (_, slashes, unit) => `${slashes.length % 2 ? slashes.slice(1) : slashes}\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);
    at = end;
  }
  return out + source.slice(at);
}

/** Rewrites each file (JavaScript made by esbuild with `charset: 'ascii'`) as asciiSource makes it. */
export async function asciiFiles(files) {
  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    const ascii = await asciiSource(source, !file.endsWith('.cjs'));
    if (ascii !== source) writeFileSync(file, ascii);
  }
}
