import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { Arch, type AfterPackContext } from 'electron-builder';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { afterPack, fusesFor, STANDOFF_FUSES } from './fuses';

/**
 * No Electron binary can be downloaded here, so the fuses are flipped in stand-in binaries:
 * files laid out as Electron's are (docs/tutorial/fuses.md: the sentinel, the schema version,
 * the wire's length, one byte per fuse), with Electron 45's nine fuses at their defaults.
 * electron-builder's own code finds the hook and the binary; @electron/fuses flips the wire.
 */
const require = createRequire(import.meta.url);
const repo = path.resolve(__dirname, '..');
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron 45's defaults: RunAsNode, CookieEncryption, NodeOptions, CliInspect, AsarIntegrity, OnlyAsar, V8Snapshot, FileProtocol, WasmTrapHandlers. */
const ELECTRON_DEFAULTS = '101100011';

async function fakeElectron(file: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const wire = Buffer.concat([Buffer.from(SENTINEL), Buffer.from([1, ELECTRON_DEFAULTS.length]), Buffer.from(ELECTRON_DEFAULTS)]);
  await writeFile(file, Buffer.concat([Buffer.alloc(4096, 0xcc), wire, Buffer.alloc(4096, 0xdd)]));
}

/** The wire as '0'/'1' per fuse, in FuseV1Options order, plus the ninth: read from the bytes, as Electron reads it. */
async function wireOf(file: string): Promise<string> {
  const bytes = await readFile(file);
  const at = bytes.indexOf(SENTINEL) + SENTINEL.length;
  expect(bytes[at]).toBe(1); // schema version
  return bytes.subarray(at + 2, at + 2 + bytes[at + 1]!).toString('latin1');
}

// RunAsNode off, CookieEncryption on, NodeOptions off, CliInspect off, AsarIntegrity on,
// OnlyAsar on, V8Snapshot as it was (off), FileProtocol off, WasmTrapHandlers as it was (on).
const EXPECTED = '010011001';

describe('the fuse configuration', () => {
  it('is the one docs/SECURITY.md describes', () => {
    expect(STANDOFF_FUSES).toEqual({
      version: FuseVersion.V1,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    });
    expect(STANDOFF_FUSES).not.toHaveProperty(String(FuseV1Options.LoadBrowserProcessSpecificV8Snapshot));
    expect(STANDOFF_FUSES).not.toHaveProperty('strictlyRequireAllFuses');
  });

  it('resets the ad-hoc signature on arm64 macOS only', () => {
    expect(fusesFor('darwin', Arch.arm64).resetAdHocDarwinSignature).toBe(true);
    expect(fusesFor('darwin', Arch.x64).resetAdHocDarwinSignature).toBe(false);
    expect(fusesFor('mas', Arch.arm64).resetAdHocDarwinSignature).toBe(false);
    expect(fusesFor('linux', Arch.arm64).resetAdHocDarwinSignature).toBe(false);
    expect(fusesFor('win32', Arch.x64).resetAdHocDarwinSignature).toBe(false);
  });
});

describe('the afterPack hook, as electron-builder runs it', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'standoff-fuses-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** A packager as electron-builder makes one, with its own addElectronFuses (which finds the binary). */
  function packagerFor(platform: 'linux' | 'win32' | 'darwin') {
    const { PlatformPackager } = require('app-builder-lib/out/platformPackager');
    const { LinuxPackager } = require('app-builder-lib/out/linuxPackager');
    return platform === 'linux'
      ? Object.create(LinuxPackager.prototype, { executableName: { value: 'standoff' } })
      : Object.create(PlatformPackager.prototype, { appInfo: { value: { productFilename: 'Standoff' } } });
  }

  const cases = [
    { platform: 'linux', binary: 'standoff' },
    { platform: 'win32', binary: 'Standoff.exe' },
    { platform: 'darwin', binary: 'Standoff.app/Contents/Frameworks/Electron Framework.framework/Electron Framework' },
  ] as const;

  for (const { platform, binary } of cases) {
    it(`sets Standoff's fuses in the ${platform} binary and leaves the others as Electron ships them`, async () => {
      const appOutDir = path.join(dir, platform);
      const file = path.join(appOutDir, binary);
      await fakeElectron(file);
      const before = await readFile(file);
      const context = { appOutDir, electronPlatformName: platform, arch: Arch.x64, packager: packagerFor(platform) } as unknown as AfterPackContext;
      await afterPack(context);
      expect(await wireOf(file)).toBe(EXPECTED);
      // Only the fuse bytes changed.
      const after = await readFile(file);
      expect(after.length).toBe(before.length);
      const changed = [...after.keys()].filter((i) => after[i] !== before[i]);
      const wireStart = before.indexOf(SENTINEL) + SENTINEL.length + 2;
      expect(changed.every((i) => i >= wireStart && i < wireStart + ELECTRON_DEFAULTS.length)).toBe(true);
      expect(changed.length).toBeGreaterThan(0);
    });
  }

  it('is the hook electron-builder.yml names, found and loaded by electron-builder', async () => {
    const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config');
    const { resolveFunction } = require('app-builder-lib/out/util/resolve');
    const { DebugLogger } = require('builder-util');
    const config = await getConfig(repo, path.join(repo, 'electron-builder.yml'), null);
    await validateConfiguration(config, new DebugLogger(false));
    expect(config.asar).not.toBe(false);
    expect(config.electronFuses ?? null).toBeNull(); // set once, by the hook
    expect(config.afterPack).toBe('./scripts/fuses.mjs');

    const cwd = process.cwd();
    process.chdir(repo); // electron-builder resolves hook paths from where it runs: the repository
    let hook: (context: AfterPackContext) => Promise<void>;
    try {
      hook = await resolveFunction(undefined, config.afterPack, 'afterPack', repo);
    } finally {
      process.chdir(cwd);
    }
    const appOutDir = path.join(dir, 'through-config');
    await fakeElectron(path.join(appOutDir, 'standoff'));
    await hook({ appOutDir, electronPlatformName: 'linux', arch: Arch.x64, packager: packagerFor('linux') } as unknown as AfterPackContext);
    expect(await wireOf(path.join(appOutDir, 'standoff'))).toBe(EXPECTED);
  }, 60_000); // electron-builder compiles its configuration schema first: ~5 s

  it('stops the build rather than ship a binary whose fuses it cannot set', async () => {
    const appOutDir = path.join(dir, 'no-sentinel');
    await mkdir(appOutDir, { recursive: true });
    await writeFile(path.join(appOutDir, 'standoff'), Buffer.alloc(1024, 0));
    const context = { appOutDir, electronPlatformName: 'linux', arch: Arch.x64, packager: packagerFor('linux') } as unknown as AfterPackContext;
    await expect(afterPack(context)).rejects.toThrow(/sentinel/);
  });
});
