/**
 * The desktop's keeper of git tokens (issue 12): a token the analyst asks to remember is
 * encrypted with Electron's safeStorage (the system keychain, DPAPI or libsecret) into one file
 * in the app's user-data folder, never into the project or its git configuration. Where
 * safeStorage cannot encrypt (no keyring), the token is kept in memory for this run only.
 */
import { safeStorage } from 'electron';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeDurably } from '../backend/project/durableFile';
import { MemoryTokens, type TokenStore } from '../backend/sync/tokens';

export class SafeStorageTokens implements TokenStore {
  private readonly memory = new MemoryTokens();

  constructor(private readonly file: string) {}

  static inFolder(userData: string): SafeStorageTokens {
    return new SafeStorageTokens(path.join(userData, 'git-tokens.json'));
  }

  async get(remote: string): Promise<string | null> {
    const stored = await this.read();
    const sealed = stored[remote] ?? stored['*'];
    if (sealed && safeStorage.isEncryptionAvailable()) {
      try {
        return safeStorage.decryptString(Buffer.from(sealed, 'base64'));
      } catch {
        // sealed on another machine or account: ask again
      }
    }
    return this.memory.get(remote);
  }

  async set(remote: string, token: string, remember: boolean): Promise<void> {
    await this.memory.set(remote, token);
    if (!remember || !safeStorage.isEncryptionAvailable()) return;
    const stored = await this.read();
    stored[remote] = safeStorage.encryptString(token).toString('base64');
    await writeDurably(this.file, `${JSON.stringify(stored, null, 2)}\n`);
  }

  private async read(): Promise<Record<string, string>> {
    try {
      return JSON.parse(await readFile(this.file, 'utf8')) as Record<string, string>;
    } catch {
      return {};
    }
  }
}
