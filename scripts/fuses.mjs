// electron-builder's afterPack hook (named in electron-builder.yml): sets the Electron fuses in
// the packaged app before it is signed. The configuration and the hook are TypeScript, in
// electron/fuses.ts, where they are type-checked and unit-tested; tsx loads that file here
// for this one import only, as scripts/build.mjs does for the CSP.
import { tsImport } from 'tsx/esm/api';

export async function afterPack(context) {
  const fuses = await tsImport('../electron/fuses.ts', import.meta.url);
  await fuses.afterPack(context);
}

export default afterPack;
