/**
 * Where the token of a shared project's HTTPS remote is kept. The token is never written into
 * the project or its git configuration. By default it lives in this process's memory (browser
 * mode, the command line), after `STANDOFF_GIT_TOKEN`; the desktop app gives a store that keeps
 * it encrypted with Electron's safeStorage (electron/syncTokens.ts).
 */
import type { TokenSource } from './projectSync';

export interface TokenStore extends TokenSource {
  /** `remote`: the remote's address, or "*" for any. `remember`: keep it across restarts, if the store can. */
  set(remote: string, token: string, remember: boolean): Promise<void>;
}

export class MemoryTokens implements TokenStore {
  private readonly tokens = new Map<string, string>();

  async get(remote: string): Promise<string | null> {
    return this.tokens.get(remote) ?? this.tokens.get('*') ?? process.env.STANDOFF_GIT_TOKEN ?? null;
  }

  async set(remote: string, token: string): Promise<void> {
    this.tokens.set(remote, token);
  }
}
