import { FormatError } from '../../shared/format/errors';
import { layout } from '../../shared/format/layout';
import { parseManifest, serializeManifest, type Manifest } from '../../shared/format/manifest';
import { ChangedOnDisk, contentHash, writeDurably } from './durableFile';
import { insideProject, readUtf8 } from './files';
import { DocumentStore } from './documents';
import { EntityStore } from './entities';
import { LayerStore } from './layers';

/** An open project folder: its manifest, its documents, its annotation layers and its entity registry. */
export class Project {
  readonly documents: DocumentStore;
  readonly layers: LayerStore;
  readonly entities: EntityStore;

  private constructor(
    readonly root: string,
    private current: Manifest,
  ) {
    this.documents = new DocumentStore(root);
    this.entities = new EntityStore(root);
    this.layers = new LayerStore(root, () => ({ labels: this.current.labels, relations: this.current.relations }));
  }

  get manifest(): Manifest {
    return this.current;
  }

  /**
   * Writes a new manifest (atomically: a temporary file renamed over the old one). The file on
   * disk is read first: if it no longer parses, or was changed since it was read, it is not
   * overwritten.
   */
  async saveManifest(next: Manifest): Promise<void> {
    const full = insideProject(this.root, layout.manifest);
    const raw = await readUtf8(full, layout.manifest);
    if (raw === null) throw new FormatError(layout.manifest, ['missing']);
    const onDisk = parseManifest(raw, layout.manifest);
    if (serializeManifest(onDisk) !== serializeManifest(this.current)) {
      throw new FormatError(layout.manifest, ['was changed on disk since the project was opened; reopen the project before changing its labels'], true);
    }
    try {
      await writeDurably(full, serializeManifest(next), contentHash(raw));
    } catch (e) {
      if (e instanceof ChangedOnDisk) throw new FormatError(layout.manifest, ['was changed on disk while the labels were being saved; reopen the project before changing its labels'], true);
      throw e;
    }
    this.current = next;
  }

  /**
   * Reads the manifest again after another program changed it (a git pull, the curator's
   * window); true if the labels or settings differ. A manifest that no longer reads is reported
   * and the one in use kept.
   */
  async reloadManifest(): Promise<boolean> {
    const raw = await readUtf8(insideProject(this.root, layout.manifest), layout.manifest);
    if (raw === null) throw new FormatError(layout.manifest, ['missing']);
    const next = parseManifest(raw, layout.manifest);
    if (serializeManifest(next) === serializeManifest(this.current)) return false;
    this.current = next;
    return true;
  }

  /** Opens a project folder; throws FormatError if it has no readable manifest. */
  static async open(root: string): Promise<Project> {
    const raw = await readUtf8(insideProject(root, layout.manifest), layout.manifest);
    if (raw === null) {
      throw new FormatError(layout.manifest, [`no Standoff project here (${root} has no ${layout.manifest}; create one with "standoff new")`]);
    }
    return new Project(root, parseManifest(raw, layout.manifest));
  }
}
