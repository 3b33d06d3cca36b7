/**
 * Sharing a project through git (issue 12): a slice of the service contract.
 *
 * A shared project is a git working tree whose remote is an HTTPS repository (GitHub, GitLab,
 * Gitea…, with a token) or a bare repository on disk (a shared drive). Sync commits this
 * annotator's own files, fetches the others' work, merges it and pushes; offline, it commits
 * locally and pushes at a later sync. Per-annotator files never conflict; shared files (the
 * label schema, guidelines, team and assignment files, gold layers, texts) belong to the
 * curators named in `team.json`: a change by someone else is refused locally, and where two
 * curators changed one file both versions are kept and shown for a decision.
 */
import { z } from 'zod';
import { annotatorId } from '../format/annotationFile';

/** A file both sides changed: one version is in the file, the other kept beside it, both in history. */
export interface SyncConflict {
  /** The file, relative to the project ("standoff.json"). */
  path: string;
  /** In words: "the label schema (standoff.json)". */
  what: string;
  /** Where the other version is kept, relative to the project (a `.standoff/sync/conflicts/…` copy), or null when it was a deletion. */
  otherCopy: string | null;
  /** Which version the file holds now: this computer's ("mine") or the shared one ("theirs"). */
  inFile: 'mine' | 'theirs';
  /** When the conflict was found (ISO 8601). */
  found: string;
  message: string;
}

/** A change on this computer that sync does not share, with why. */
export interface RefusedChange {
  path: string;
  message: string;
}

export interface SyncStatus {
  /** The project is a git repository with a remote. */
  shared: boolean;
  /** The remote, as the analyst gave it (never with a token). */
  remote: string | null;
  branch: string | null;
  /** Who syncs here (the annotator last synced as). */
  annotator: string | null;
  /** Who may change shared files (team.json); empty: no curator is named, and anyone may. */
  curators: string[];
  /** Commits made here and not yet sent; commits of others fetched and not yet merged. */
  ahead: number;
  behind: number;
  /** ISO 8601 of the last sync that reached the remote. */
  lastSynced: string | null;
  /** The last sync's error in words, cleared by a sync that reaches the remote. */
  lastError: string | null;
  /** The last error was the remote refusing or asking for a token. */
  needsToken: boolean;
  conflicts: SyncConflict[];
  refused: RefusedChange[];
  /** Minutes between automatic syncs in this window's service (null: none). */
  autoSyncMinutes: number | null;
  /** One sentence for the status line: "Synced 2 minutes ago", "3 changes not sent: offline". */
  message: string;
}

export interface SyncReport {
  status: SyncStatus;
  /** The commit message of this annotator's changes, or null when there was nothing to commit. */
  committed: string | null;
  /** Files others changed that this sync brought in. */
  received: number;
  /** This sync sent commits to the remote. */
  sent: boolean;
  /** The remote could not be reached: the work is committed here and goes at the next sync. */
  offline: boolean;
  message: string;
}

export interface CloneResult {
  root: string;
  message: string;
}

/** What asking to work in another project folder did. */
export interface OpenProjectResult {
  root: string;
  /** True when the app is reopening on that folder (the desktop app); false in browser mode, which serves one folder per server. */
  switched: boolean;
  /** What happens now, or what to do, in words. */
  message: string;
}

export interface SyncApi {
  /** Whether the project is shared, and how far this copy is from the remote, in words. Cheap. */
  syncStatus(input: Record<string, never>): Promise<SyncStatus>;
  /**
   * Turns the project into a shared one: a git repository (made if needed, with `.gitignore`
   * and `team.json` naming `annotator` as curator) whose remote is `remote`, then syncs. A path
   * to a folder that does not exist becomes a bare repository there.
   */
  shareProject(input: { remote: string; annotator: string }): Promise<SyncReport>;
  /** Commits this annotator's files, fetches, merges and pushes. Also a job, with progress and cancel. */
  syncProject(input: { annotator: string }): Promise<SyncReport>;
  /** The token for the HTTPS remote: kept in memory (browser mode), or encrypted on the desktop (`remember`). */
  setSyncToken(input: { token: string; remember?: boolean }): Promise<SyncStatus>;
  /** Keeps one version of a conflicted file: this computer's, or the other kept beside it. */
  resolveSyncConflict(input: { path: string; keep: 'mine' | 'theirs' }): Promise<SyncStatus>;
  /** Copies a shared project into a new folder (on the machine the service runs on). */
  cloneProject(input: { url: string; dir: string; annotator?: string }): Promise<CloneResult>;
  /**
   * Work in another project folder (a copy just made by cloneProject): the desktop app reopens
   * its window on it; browser mode cannot change the folder its server serves, and says what to
   * run instead.
   */
  openProject(input: { root: string }): Promise<OpenProjectResult>;
}

const remote = z.string().trim().min(1, 'a remote: an https:// address or a folder').max(2048);

export const syncSchemas = {
  syncStatus: z.strictObject({}),
  shareProject: z.strictObject({ remote, annotator: annotatorId }),
  syncProject: z.strictObject({ annotator: annotatorId }),
  setSyncToken: z.strictObject({ token: z.string().trim().min(1).max(4096), remember: z.boolean().optional() }),
  resolveSyncConflict: z.strictObject({ path: z.string().min(1).max(1024), keep: z.enum(['mine', 'theirs']) }),
  cloneProject: z.strictObject({ url: remote, dir: z.string().min(1).max(4096), annotator: annotatorId.optional() }),
  openProject: z.strictObject({ root: z.string().min(1).max(4096) }),
} as const;
