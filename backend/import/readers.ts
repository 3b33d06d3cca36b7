import { fromMarkdown } from 'mdast-util-from-markdown';
import { toString as mdToString } from 'mdast-util-to-string';
import type { RootContent } from 'mdast';
import { articleFromPlainText, type Article } from '../../shared/importing/article';
import { decodeUtf8 } from '../project/files';
import { articleFromHtml, type PageArticle } from './html';

/** Why a file was not imported, in words. */
export class SkipFile extends Error {}

export type ArticleKind = 'text' | 'markdown' | 'html';

export function kindOf(fileName: string): ArticleKind | null {
  const ext = fileName.toLowerCase().replace(/^.*\./, '');
  if (ext === 'txt' || ext === 'text') return 'text';
  if (ext === 'md' || ext === 'markdown') return 'markdown';
  if (ext === 'html' || ext === 'htm') return 'html';
  return null;
}

/** An imported article and what its page said about it (author, publication time, publisher: HTML only). */
export type ImportedArticle = PageArticle;

/** Reads one article file: strict UTF-8, then the reader for its kind. */
export function readArticle(bytes: Uint8Array, fileName: string): ImportedArticle {
  const kind = kindOf(fileName);
  if (!kind) throw new SkipFile('not a .txt, .md or .html file');
  if (bytes.includes(0)) throw new SkipFile('binary file (it contains NUL bytes)');
  let raw: string;
  try {
    raw = decodeUtf8(bytes, fileName);
  } catch (e) {
    throw new SkipFile((e as Error).message.replace(`${fileName}: `, ''));
  }
  const article: ImportedArticle =
    kind === 'html' ? articleFromHtml(raw, fileName) : { ...(kind === 'markdown' ? fromMarkdownText(raw) : articleFromPlainText(raw)), author: null, published: null, publisher: null };
  if (article.text.trim() === '') throw new SkipFile('empty (no text after import)');
  return article;
}

/** Markdown: the text of each block on its own paragraph, without markup; the first heading is the title. */
function fromMarkdownText(raw: string): Article {
  const tree = fromMarkdown(raw.replace(/\r\n?/g, '\n'));
  const blocks: string[] = [];
  let title: string | null = null;
  const add = (node: RootContent) => {
    if (node.type === 'heading' && title === null) title = mdToString(node).trim();
    if (node.type === 'list') {
      for (const item of node.children) blocks.push(mdToString(item, { includeHtml: false }).trim());
    } else if (node.type === 'html' || node.type === 'thematicBreak' || node.type === 'definition') {
      // page markup and link definitions are not article text
    } else {
      blocks.push(mdToString(node, { includeHtml: false }).trim());
    }
  };
  tree.children.forEach(add);
  const article = articleFromPlainText(blocks.filter((b) => b !== '').join('\n\n'));
  return { ...article, title: title ?? article.title };
}
