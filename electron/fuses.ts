import { FuseV1Options, FuseVersion, type FuseV1Config } from '@electron/fuses';
import { Arch, type AfterPackContext } from 'electron-builder';

/**
 * The Electron fuses of the packaged app: features of the Electron binary itself, switched off
 * (or on) in the binary at packaging time, before it is signed, so that no environment variable,
 * switch or file beside the app can switch them back. docs/SECURITY.md says why each is set.
 *
 * Not listed, so left at Electron's defaults: LoadBrowserProcessSpecificV8Snapshot (off), and
 * Electron 45's ninth fuse, WasmTrapHandlers (on), which @electron/fuses 1.8 has no name for.
 * strictlyRequireAllFuses stays off for that reason: it would refuse a binary with a fuse
 * this version of @electron/fuses does not know.
 */
export const STANDOFF_FUSES = {
  version: FuseVersion.V1,
  /** ELECTRON_RUN_AS_NODE would turn the signed app into a general-purpose Node. */
  [FuseV1Options.RunAsNode]: false,
  /** NODE_OPTIONS (and NODE_EXTRA_CA_CERTS) would let the environment load code into the main process. */
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  /** --inspect and friends (and SIGUSR1) would open a debugger on the main process. */
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  /** app.asar is checked against the hash electron-builder embeds (macOS and Windows). */
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  /** Only app.asar is loaded, never an app/ folder put beside it. */
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  /** The cookie store is encrypted with the OS's keys (Standoff keeps no cookies; cheap insurance). */
  [FuseV1Options.EnableCookieEncryption]: true,
  /** The renderer comes from app://, so file:// keeps no privileges beyond a browser's. */
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
} as const satisfies FuseV1Config;

/**
 * The fuse configuration for one packaged platform and architecture. An arm64 macOS binary
 * must carry a valid signature to start at all, and flipping fuses breaks Electron's ad-hoc
 * one; electron-builder signs after this hook when it has an identity, so resetting the
 * ad-hoc signature only matters (and does no harm) when it has none.
 */
export function fusesFor(platform: string, arch: Arch): FuseV1Config {
  return { ...STANDOFF_FUSES, resetAdHocDarwinSignature: platform === 'darwin' && arch === Arch.arm64 };
}

/**
 * electron-builder's afterPack hook (electron-builder.yml names scripts/fuses.mjs, which loads
 * this file). It runs after the app is packed and before it is signed; the packager's own
 * addElectronFuses finds the binary for each platform (Standoff, Standoff.exe, Standoff.app).
 */
export async function afterPack(context: AfterPackContext): Promise<void> {
  await context.packager.addElectronFuses(context, fusesFor(context.electronPlatformName, context.arch));
}
