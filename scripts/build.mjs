// Builds what runs outside `tsx`: the renderer (Vite) and the Electron main process and
// preload (esbuild). Output goes to dist/, which is never committed.
import { build as esbuild } from 'esbuild';
import { asciiFiles } from '../bin/asciiSource.mjs';
import { build as viteBuild } from 'vite';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
// The one Content Security Policy (shared/api/csp.ts), also written into index.html, so that the
// page carries it whoever serves it (Electron's app:// handler and the loopback server also send
// it as a header).
const { CONTENT_SECURITY_POLICY } = await import('../shared/api/csp.ts');
const metaPolicy = CONTENT_SECURITY_POLICY.split('; ')
  .filter((d) => !d.startsWith('frame-ancestors')) // not allowed in a <meta> policy
  .join('; ');
const cspMeta = {
  name: 'standoff-csp-meta',
  transformIndexHtml: (html) => html.replace('<meta charset="utf-8" />', `<meta charset="utf-8" />\n    <meta http-equiv="Content-Security-Policy" content="${metaPolicy}" />`),
};

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const quiet = process.argv.includes('--quiet');

await viteBuild({
  configFile: false,
  root: path.join(root, 'renderer'),
  base: './',
  logLevel: quiet ? 'warn' : 'info',
  esbuild: { jsx: 'automatic' },
  plugins: [cspMeta],
  build: {
    outDir: path.join(root, 'dist/renderer'),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      // zod's sources carry comments Rollup cannot place; harmless, and not ours to fix.
      onwarn: (warning, warn) => warning.code !== 'INVALID_ANNOTATION' && warn(warning),
    },
  },
});

// One-byte sources for Electron's main process (bin/asciiSource.mjs says why; the source maps
// are off by the escapes' width only on the few lines that hold one).
const common = { bundle: true, platform: 'node', target: 'node20', external: ['electron'], sourcemap: true, logLevel: 'warning', charset: 'ascii' };
await esbuild({ ...common, entryPoints: [path.join(root, 'electron/main.ts')], outfile: path.join(root, 'dist/electron/main.cjs'), format: 'cjs' });
// A sandboxed preload must be a single CommonJS file that requires nothing but electron.
await esbuild({ ...common, entryPoints: [path.join(root, 'electron/preload.ts')], outfile: path.join(root, 'dist/electron/preload.cjs'), format: 'cjs' });
await asciiFiles([path.join(root, 'dist/electron/main.cjs'), path.join(root, 'dist/electron/preload.cjs')]);
if (!quiet) console.log('built dist/renderer and dist/electron');
