import { Schema, type Node } from 'prosemirror-model';
import type { TextPositions } from '../../shared/text/positions';

/** An article as ProseMirror sees it: one paragraph per line of the stored text, no marks. */
export const articleSchema = new Schema({
  nodes: {
    doc: { content: 'paragraph+' },
    paragraph: {
      content: 'text*',
      toDOM: () => ['p', 0],
      parseDOM: [{ tag: 'p' }],
    },
    text: {},
  },
});

/** Builds the editor document for a text (see TextPositions for how positions line up). */
export function articleDoc(positions: TextPositions): Node {
  const paragraph = articleSchema.nodes.paragraph!;
  return articleSchema.node(
    'doc',
    null,
    positions.lines().map((line) => paragraph.create(null, line ? articleSchema.text(line) : null)),
  );
}
