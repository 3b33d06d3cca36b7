/**
 * The live project: a slice of the service contract for a project that other programs change
 * while it is open (another Standoff window, git, a sync client, a teammate's pull).
 *
 * - **Seats.** One writer per annotator's files at a time, across processes: the service that
 *   holds an annotator's seat is the only one that writes that annotator's files (annotation
 *   layers and registry file). Another window on the same annotator is read-only and says who
 *   holds the seat; it may take the seat once the holder has closed or crashed.
 * - **Events.** Files changed on disk by anything but this service's own writes are noticed by a
 *   folder watcher and reported as events, which a window asks for with a long poll
 *   (`watchProject`): the same call works over IPC and HTTP.
 * - **Merges.** A save that finds its file changed outside applies its edits onto what is there
 *   now; where both sides changed the same span or relation, the edit is not applied and the
 *   conflict is returned with both versions, for the analyst to decide.
 */
import { z } from 'zod';
import { layerId } from '../format/annotationFile';
import type { Relation, Span } from '../model/span';

/** Who holds an annotator's seat: a Standoff process, on this machine or another sharing the folder. */
export interface SeatHolder {
  pid: number;
  host: string;
  /** When the holder took the seat (ISO 8601). */
  since: string;
  /** What kind of program: "Standoff (browser mode)", "Standoff", "standoff import-annotations". */
  app: string;
}

export type SeatStatus =
  | { annotator: string; held: true }
  | {
      annotator: string;
      held: false;
      /** Null when the holder could not be told (its note was unreadable or gone). */
      holder: SeatHolder | null;
      /** In words, for the window's banner. */
      message: string;
    };

/**
 * A change on disk. `writer` of a layer change is "outside" for another program, or the
 * `clientId` that the window gave with its applyEdits (so a window can skip its own changes
 * while another window of the same service, on the same annotator, sees them).
 */
export type ProjectEvent =
  | { kind: 'layer'; docId: string; annotator: string; writer: string }
  | { kind: 'text'; docId: string }
  | { kind: 'document-meta'; docId: string }
  | { kind: 'document-added'; docId: string }
  | { kind: 'document-removed'; docId: string }
  | { kind: 'schema' }
  | { kind: 'entities' }
  | { kind: 'guidelines' }
  /** assignment.json or team.json changed (a plan, a reassignment, a sync): queues and the matrix read again. */
  | { kind: 'assignment' }
  | { kind: 'seat'; annotator: string };

export interface ProjectEvents {
  /** Give this back as `cursor` to get the events after these. */
  cursor: number;
  events: ProjectEvent[];
  /** Events after the given cursor were dropped (too many, or the service restarted): read everything again. */
  reset?: boolean;
}

/** An edit of a save that could not be applied because the same span or relation was changed outside meanwhile. */
export interface EditConflict {
  kind: 'span' | 'relation';
  id: string;
  /** This window's version (null: deleted here). */
  mine: Span | Relation | null;
  /** The version on disk now (null: deleted there). */
  theirs: Span | Relation | null;
  /** In words: "You relabelled “three people” as Claim; another program deleted it." */
  message: string;
}

/** Set on an EditResult when the file had been changed outside: the window reads the layer again. */
export interface MergeOutcome {
  /** The edits applied on top of the other program's version (the rest are conflicts). */
  applied: number;
  conflicts: EditConflict[];
}

export interface LiveApi {
  /**
   * Takes the annotator's seat for this service if it is free (or held by a process that is
   * gone), or says who holds it. Cheap: a window asks again every few seconds while read-only.
   */
  claimSeat(input: { annotator: string }): Promise<SeatStatus>;
  /**
   * Waits (at most `timeoutMs`, default 25 s) for changes on disk after `cursor` and returns
   * them; without a cursor, returns at once with the current cursor and no events.
   */
  watchProject(input: { cursor?: number; timeoutMs?: number }): Promise<ProjectEvents>;
}

export const clientId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a client id (letters, digits, "-", "_")');

export const liveSchemas = {
  claimSeat: z.strictObject({ annotator: layerId }),
  watchProject: z.strictObject({ cursor: z.int().min(0).optional(), timeoutMs: z.int().min(0).max(60_000).optional() }),
} as const;
