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
      // In a long text (`.article.long`, see LONG_TEXT) a line is laid out and painted only near
      // the viewport, as its block is: a change in one line (a span drawn) then costs the frame
      // that line, not the block's sixteen. Until first shown it takes the height its length
      // suggests (about 80 characters a line of 2.15em), so the scrollbar does not jump as lines
      // are drawn. An empty line is left alone.
      toDOM: (node) => (node.content.size === 0 ? ['p', 0] : ['p', { style: `contain-intrinsic-block-size: auto ${(Math.ceil(node.content.size / 80) * 2.15).toFixed(2)}em` }, 0]),
      parseDOM: [{ tag: 'p' }],
    },
    text: {},
  },
});

/**
 * A text this long (UTF-16 units, some 25 screens) skips the layout and paint of its lines away
 * from the viewport. A short one does not need to, and its lines keep their place exactly while
 * they are first laid out (a drag measured just after a scroll lands where it was aimed).
 */
export const LONG_TEXT = 50_000;

/** Builds the editor document for a text; positions line up with TextPositions. */
export function articleDoc(positions: TextPositions): Node {
  const { paragraph, block } = articleSchema.nodes as Record<'paragraph' | 'block', NonNullable<(typeof articleSchema.nodes)['paragraph']>>;
  const lines = positions.lines().map((line) => paragraph.create(null, line ? articleSchema.text(line) : null));
  const blocks: Node[] = [];
  for (let i = 0; i < lines.length; i += LINES_PER_BLOCK) blocks.push(block.create(null, lines.slice(i, i + LINES_PER_BLOCK)));
  return articleSchema.node('doc', null, blocks);
}
