import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { ProjectEvent } from '../../shared/api/live';
import { annotatorId, layerId } from '../../shared/format/annotationFile';
import { ASSIGNMENT_PATH } from '../../shared/format/assignmentFile';
import { documentId } from '../../shared/format/documentMeta';
import { TEAM_FILE } from '../sync/paths';
import type { Project } from '../project/project';
import { onWritten } from '../project/durableFile';
import { EventLog } from './events';
import { watchEntries, watchFolder, type FileChange, type FolderWatch } from './watcher';

/**
 * Up to this many documents, the whole project folder is watched. Above it, the watch is narrow
 * (see LiveProject.start): a platform watch per folder stops scaling, measured at 100,000
 * documents: Linux's default limit of watches (fs.inotify.max_user_watches, 192,540 here) ran
 * out after 50 s and 340 MB, while a narrow watch starts at once.
 */
export const WHOLE_WATCH_LIMIT = 5_000;
/** In a narrow watch, the documents last opened whose own folders are watched. */
const FOCUSED_DOCUMENTS = 32;

/**
 * A project open in a long-lived service (the app, browser mode): files changed on disk by
 * other programs are read again and told to the windows as events. What each path means:
 *
 *   standoff.json                        the labels: read again → "schema"
 *   guidelines.md                        → "guidelines"
 *   assignment.json, team.json           who codes what, who curates → "assignment"
 *   entities/<annotator>.json            read again on next use → "entities"
 *   documents/<id>/                      made or removed → "document-added" / "document-removed"
 *   documents/<id>/text.txt              read again, its layers re-anchored on next read → "text"
 *   documents/<id>/document.json         → "document-meta"
 *   documents/<id>/review.json           whom review compares → "document-meta"
 *   documents/<id>/annotations/<a>.json  unless it is this service's own write → "layer"
 */
export class LiveProject {
  readonly events = new EventLog();
  private watches: FolderWatch[] = [];
  /** A narrow watch's documents watched one by one, oldest first (null: the whole project is watched). */
  private focused: Map<string, Promise<FolderWatch>> | null = null;
  private onEvent: (rel: string, kind: FileChange) => void = () => {};
  private onLost: () => void = () => {};
  private stopHearingWrites: (() => void) | null = null;

  constructor(
    private readonly project: Project,
    /** Told of every path that changed (the project index, backend/index, takes them in). */
    private readonly onPath: (rel: string, kind: FileChange) => void = () => {},
  ) {}

  /**
   * Starts watching. `observer`: told of every path that changes (sync keeps them), and when the
   * watcher fails (then it cannot rely on it). Returns whether every project file is watched.
   *
   * A project of up to WHOLE_WATCH_LIMIT documents is watched whole. A larger one is watched
   * narrowly, so that opening it costs what the windows show: the project's own files and
   * folders except documents/ (standoff.json, assignment.json, entities/ …), the list of
   * document folders (one made or removed), and the folders of the documents last opened
   * (`focus`); and what this process itself writes into any document (a sync's pull). A change
   * another program makes to a document no window has opened is then seen by the project
   * index's check of every document (when the project is opened, then every few minutes: the
   * service schedules it), and by sync's look at the whole project (it is told the watch is not
   * whole).
   */
  async start(observer?: { changed(rel: string): void; lost(): void }, wholeUpTo = WHOLE_WATCH_LIMIT): Promise<boolean> {
    this.onEvent = (rel, kind) => {
      this.onPath(rel, kind);
      observer?.changed(rel);
      this.changed(rel, kind).catch((e: unknown) => console.error(`Standoff: could not take in the change to ${rel}: ${(e as Error).message}`));
    };
    this.onLost = () => observer?.lost();
    const root = this.project.root;
    const documents = await readdir(path.join(root, 'documents')).catch(() => [] as string[]);
    if (documents.length <= wholeUpTo) {
      this.watches.push(await watchFolder(root, this.onEvent, this.onLost));
      return true;
    }
    this.focused = new Map();
    this.watches.push(await watchFolder(root, this.onEvent, this.onLost, { ignore: ['documents'] }));
    this.watches.push(watchEntries(root, 'documents', this.onEvent, this.onLost));
    // Files this process writes into documents no window has open (a sync bringing in a
    // teammate's work, above all) are taken in as the watcher's reports would have been.
    const prefix = path.resolve(root) + path.sep;
    this.stopHearingWrites = onWritten((full) => {
      if (!full.startsWith(prefix)) return;
      const rel = full.slice(prefix.length).split(path.sep).join('/');
      const docId = rel.split('/')[1];
      if (rel.startsWith('documents/') && docId !== undefined && !this.focused?.has(docId)) this.onEvent(rel, 'change');
    });
    return false;
  }

  /** A window opened this document: in a narrow watch, its folder is watched from now on (the last FOCUSED_DOCUMENTS opened). */
  async focus(docId: string): Promise<void> {
    const focused = this.focused;
    if (!focused) return;
    const known = focused.get(docId);
    if (known) {
      focused.delete(docId);
      focused.set(docId, known);
      await known;
      return;
    }
    const watching = watchFolder(this.project.root, this.onEvent, () => {}, { under: `documents/${docId}` });
    focused.set(docId, watching);
    for (const [oldest, watch] of focused) {
      if (focused.size <= FOCUSED_DOCUMENTS) break;
      focused.delete(oldest);
      void watch.then((w) => w.close());
    }
    await watching;
  }

  async close(): Promise<void> {
    this.events.close();
    this.stopHearingWrites?.();
    this.stopHearingWrites = null;
    const all = [...this.watches, ...(await Promise.all(this.focused?.values() ?? []))];
    this.watches = [];
    this.focused = null;
    await Promise.all(all.map((w) => w.close()));
  }

  private async unfocus(docId: string): Promise<void> {
    const watch = this.focused?.get(docId);
    if (!watch) return;
    this.focused!.delete(docId);
    await (await watch).close();
  }

  private tell(event: ProjectEvent): void {
    this.events.push(event);
  }

  private async changed(rel: string, kind: FileChange): Promise<void> {
    const parts = rel.split('/');
    const { project } = this;
    if (rel === 'standoff.json') {
      try {
        if (await project.reloadManifest()) this.tell({ kind: 'schema' });
      } catch (e) {
        console.error(`Standoff: standoff.json was changed and cannot be read (${(e as Error).message}); the labels in use are kept`);
      }
      return;
    }
    if (rel === 'guidelines.md') return this.tell({ kind: 'guidelines' });
    if (rel === ASSIGNMENT_PATH || rel === TEAM_FILE) return this.tell({ kind: 'assignment' });
    if (parts[0] === 'entities' && parts.length === 2) {
      const annotator = parts[1]!.replace(/\.json$/, '');
      if (!annotatorId.safeParse(annotator).success) return;
      project.entities.invalidate(annotator);
      return this.tell({ kind: 'entities' });
    }
    if (parts[0] !== 'documents' || parts.length < 2) return;
    const docId = parts[1]!;
    if (!documentId.safeParse(docId).success) return;
    if (parts.length === 2) {
      if (kind === 'addDir') this.tell({ kind: 'document-added', docId });
      if (kind === 'unlinkDir') {
        void this.unfocus(docId);
        project.documents.forget(docId);
        project.layers.forgetDocument(docId);
        this.tell({ kind: 'document-removed', docId });
      }
      return;
    }
    if (parts.length === 3 && parts[2] === 'text.txt') {
      project.documents.forget(docId);
      project.layers.forgetDocument(docId);
      return this.tell({ kind: 'text', docId });
    }
    if (parts.length === 3 && (parts[2] === 'document.json' || parts[2] === 'review.json')) {
      project.documents.forget(docId);
      return this.tell({ kind: 'document-meta', docId });
    }
    if (parts.length === 4 && parts[2] === 'annotations' && parts[3]!.endsWith('.json')) {
      const annotator = parts[3]!.slice(0, -5);
      if (!layerId.safeParse(annotator).success) return;
      if (await project.layers.noticeChange(docId, annotator)) this.tell({ kind: 'layer', docId, annotator, writer: 'outside' });
    }
  }
}
