#!/usr/bin/env node
// The `standoff` command. The backend is TypeScript; the command line needs no build step: it
// runs from a bundle made (and made again after a change) on the fly (bin/cliBundle.mjs), or,
// when none can be made, from the sources through tsx.
import { cliBundle } from './cliBundle.mjs';

const bundle = await cliBundle();
let runCli;
if (bundle) ({ runCli } = await import(bundle));
else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ runCli } = await import('../backend/cli/main.ts'));
}
await runCli(process.argv);
