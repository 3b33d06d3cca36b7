import { Schema, type Node } from 'prosemirror-model';
import { LINES_PER_BLOCK, type TextPositions } from '../../shared/text/positions';

/**
 * An article as ProseMirror sees it: one paragraph per line of the stored text, grouped in
 * blocks of LINES_PER_BLOCK lines (see TextPositions), no marks.
 */
export const articleSchema = new Schema({
  nodes: {
    doc: { content: 'block+' },
    block: {
      content: 'paragraph+',
      toDOM: () => ['div', { class: 'lines' }, 0],
      parseDOM: [{ tag: 'div.lines' }],
    },
    paragraph: {
      content: 'text*',
      toDOM: () => ['p', 0],
      parseDOM: [{ tag: 'p' }],
    },
    text: {},
  },
});

/** Builds the editor document for a text; positions line up with TextPositions. */
export function articleDoc(positions: TextPositions): Node {
  const { paragraph, block } = articleSchema.nodes as Record<'paragraph' | 'block', NonNullable<(typeof articleSchema.nodes)['paragraph']>>;
  const lines = positions.lines().map((line) => paragraph.create(null, line ? articleSchema.text(line) : null));
  const blocks: Node[] = [];
  for (let i = 0; i < lines.length; i += LINES_PER_BLOCK) blocks.push(block.create(null, lines.slice(i, i + LINES_PER_BLOCK)));
  return articleSchema.node('doc', null, blocks);
}
