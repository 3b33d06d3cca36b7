/**
 * The annotators' decisions on suggestions: what each rejected, per document, in
 * `documents/<docId>/suggestions/<annotator>.json` (files.ts). Accepting needs no record: the
 * accepted span is in the layer, and a suggestion the layer holds is not proposed again.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { layout } from '../../shared/format/layout';
import { insideProject } from '../project/files';
import { emptyDecisionsFile, parseDecisionsFile, serializeDecisionsFile, type DecisionsFile, type Rejection } from './files';
import { JsonFileStore } from './store';
import { rejectionKey } from './suggest';

export const decisionsPath = layout.suggestions;

export class DecisionStore {
  /** One store per file, so that this process's changes of a file run one after another. */
  private readonly files = new Map<string, JsonFileStore<DecisionsFile>>();

  constructor(private readonly root: string) {}

  private file(docId: string, annotator: string): JsonFileStore<DecisionsFile> {
    const rel = decisionsPath(docId, annotator);
    let store = this.files.get(rel);
    if (!store) {
      store = new JsonFileStore(this.root, rel, {
        what: `${annotator}'s rejected suggestions on ${docId}`,
        empty: () => emptyDecisionsFile(docId, annotator),
        parse: parseDecisionsFile,
        serialize: serializeDecisionsFile,
      });
      this.files.set(rel, store);
    }
    return store;
  }

  /** The rejection keys (suggest.ts rejectionKey) of an annotator on a document; unreadable: ApiError saying why. */
  async rejected(docId: string, annotator: string): Promise<Set<string>> {
    const { value } = await this.file(docId, annotator).read();
    return new Set(value.rejected.map(rejectionKey));
  }

  /** Remembers rejections (those already remembered are kept once). Resolves with how many were new. */
  async reject(docId: string, annotator: string, rejections: readonly Rejection[]): Promise<number> {
    await mkdir(path.dirname(insideProject(this.root, decisionsPath(docId, annotator))), { recursive: true });
    let added = 0;
    await this.file(docId, annotator).update((current) => {
      const have = new Set(current.rejected.map(rejectionKey));
      const fresh = rejections.filter((r) => {
        const k = rejectionKey(r);
        if (have.has(k)) return false;
        have.add(k);
        return true;
      });
      added = fresh.length;
      return fresh.length ? { ...current, rejected: [...current.rejected, ...fresh] } : null;
    });
    return added;
  }
}
