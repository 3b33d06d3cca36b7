import { FormatError } from '../../shared/format/errors';
import { layout } from '../../shared/format/layout';
import { writeFile, rename } from 'node:fs/promises';
import { parseManifest, serializeManifest, type Manifest } from '../../shared/format/manifest';
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
    const tmp = `${full}.${process.pid}.tmp`;
    await writeFile(tmp, serializeManifest(next), 'utf8');
    await rename(tmp, full);
    this.current = next;
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
