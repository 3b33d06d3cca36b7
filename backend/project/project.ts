import { FormatError } from '../../shared/format/errors';
import { layout } from '../../shared/format/layout';
import { parseManifest, type Manifest } from '../../shared/format/manifest';
import { insideProject, readUtf8 } from './files';
import { DocumentStore } from './documents';
import { LayerStore } from './layers';

/** An open project folder: its manifest, its documents and its annotation layers. */
export class Project {
  readonly documents: DocumentStore;
  readonly layers: LayerStore;

  private constructor(
    readonly root: string,
    readonly manifest: Manifest,
  ) {
    this.documents = new DocumentStore(root);
    const labelIds = new Set(manifest.labels.map((l) => l.id));
    this.layers = new LayerStore(root, () => labelIds);
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
