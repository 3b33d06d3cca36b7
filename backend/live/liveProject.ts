import type { FSWatcher } from 'chokidar';
import type { ProjectEvent } from '../../shared/api/live';
import { annotatorId, layerId } from '../../shared/format/annotationFile';
import { ASSIGNMENT_PATH } from '../../shared/format/assignmentFile';
import { documentId } from '../../shared/format/documentMeta';
import { TEAM_FILE } from '../sync/paths';
import type { Project } from '../project/project';
import { EventLog } from './events';
import { watchFolder, type FileChange } from './watcher';

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
  private watcher: FSWatcher | null = null;

  constructor(
    private readonly project: Project,
    /** Told of every path that changed (the project index, backend/index, takes them in). */
    private readonly onPath: (rel: string, kind: FileChange) => void = () => {},
  ) {}

  /** `observer`: told of every path that changes (sync keeps them), and when the watcher fails (then it cannot rely on it). */
  async start(observer?: { changed(rel: string): void; lost(): void }): Promise<void> {
    this.watcher = await watchFolder(
      this.project.root,
      (rel, kind) => {
        this.onPath(rel, kind);
        observer?.changed(rel);
        this.changed(rel, kind).catch((e: unknown) => console.error(`Standoff: could not take in the change to ${rel}: ${(e as Error).message}`));
      },
      () => observer?.lost(),
    );
  }

  async close(): Promise<void> {
    this.events.close();
    await this.watcher?.close();
    this.watcher = null;
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
