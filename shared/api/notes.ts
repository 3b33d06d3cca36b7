/**
 * Notes: a slice of the service contract for notes that are not a span's (a span's note is part
 * of the span, set with an 'update' edit). A layer's note on the whole document, and the
 * curator's note on a disagreement in the gold layer, which the annotators see beside what gold
 * changed. Written alone, in turn with the layer's other saves, as setFinished writes its mark.
 */
import { z } from 'zod';
import { layerId, noteSchema, unitKey } from '../format/annotationFile';
import { documentId } from '../format/documentMeta';
import type { Note } from '../model/span';

export interface NotesApi {
  /**
   * Sets a layer's note on the document, or (`unit`, gold only) the curator's note on a
   * disagreement; `note: null` removes it. Resolves when the file on disk holds it.
   */
  setNote(input: { docId: string; annotator: string; unit?: string; note: Note | null }): Promise<{ docId: string; annotator: string }>;
}

export const notesSchemas = {
  setNote: z.strictObject({ docId: documentId, annotator: layerId, unit: unitKey.optional(), note: noteSchema.nullable() }),
};
