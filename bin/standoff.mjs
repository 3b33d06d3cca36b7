#!/usr/bin/env node
// The `standoff` command. The backend is TypeScript run through tsx, so the command line needs
// no build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../backend/cli/main.ts');
await runCli(process.argv);
