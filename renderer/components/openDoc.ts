/**
 * What App hands EditorPane about the open document, in a file of its own so that EditorPane
 * need not import App (which imports EditorPane): no import cycle.
 */
import type { FileProblem, OpenedDocument, SearchHit } from '../../shared/api/contract';
import type { TextPositions } from '../../shared/text/positions';
import type { LayerSession } from '../state/layerSession';

/** An open document: its text, positions, and the current annotator's layer session. */
export interface OpenDoc {
  doc: OpenedDocument;
  positions: TextPositions;
  session: LayerSession;
  /** Set when the annotator's file for this document could not be read. */
  problem: FileProblem | null;
  /** Called once the text and spans are painted (for the benchmark). */
  onPainted: () => void;
  /** Which opening of the document this is: the same document opened again (after an import) is drawn anew. */
  generation: number;
  /** Opened again because another program changed its text: the editor says so. */
  textChanged: boolean;
}

/** A place to show in a document: a search hit, with a nonce so the same hit can be shown again. */
export type Reveal = Pick<SearchHit, 'docId' | 'startOffset' | 'endOffset' | 'spanId'> & { nonce: number };
