import { convert } from 'html-to-text';
import { parseDocument, DomUtils } from 'htmlparser2';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { toString as mdToString } from 'mdast-util-to-string';
import type { RootContent } from 'mdast';
import { articleFromPlainText, type Article } from '../../shared/importing/article';
import { decodeUtf8 } from '../project/files';

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

/** Reads one article file: strict UTF-8, then the reader for its kind. */
export function readArticle(bytes: Uint8Array, fileName: string): Article {
  const kind = kindOf(fileName);
  if (!kind) throw new SkipFile('not a .txt, .md or .html file');
  if (bytes.includes(0)) throw new SkipFile('binary file (it contains NUL bytes)');
  let raw: string;
  try {
    raw = decodeUtf8(bytes, fileName);
  } catch (e) {
    throw new SkipFile((e as Error).message.replace(`${fileName}: `, ''));
  }
  const article = kind === 'html' ? fromHtml(raw) : kind === 'markdown' ? fromMarkdownText(raw) : articleFromPlainText(raw);
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

/** HTML: the readable text of the article (main/article element if there is one), not tags, scripts or navigation. */
function fromHtml(raw: string): Article {
  const dom = parseDocument(raw);
  const titleEl = DomUtils.findOne((el) => el.name === 'h1', dom.children) ?? DomUtils.findOne((el) => el.name === 'title', dom.children);
  const title = titleEl ? DomUtils.textContent(titleEl).replace(/\s+/g, ' ').trim() || null : null;
  const skip = ['script', 'style', 'noscript', 'nav', 'header', 'footer', 'aside', 'form', 'iframe', 'svg', 'button', 'template'];
  const text = convert(raw, {
    wordwrap: false,
    baseElements: { selectors: ['article', 'main', 'body'], returnDomByDefault: true },
    selectors: [
      ...skip.map((selector) => ({ selector, format: 'skip' })),
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } })),
      { selector: 'table', format: 'dataTable' },
    ],
  });
  const article = articleFromPlainText(text.replace(/\n{3,}/g, '\n\n'));
  return { ...article, title: title ?? article.title };
}
