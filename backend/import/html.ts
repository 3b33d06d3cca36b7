import { Readability } from '@mozilla/readability';
import { convert } from 'html-to-text';
import { parseHTML } from 'linkedom';
import { articleFromPlainText, type Article } from '../../shared/importing/article';

/**
 * HTML import: the article's main text, found by Mozilla's Readability (the Firefox Reader View
 * engine) over a linkedom DOM, and what the page says about the article (title, canonical URL,
 * byline, publication time, publisher).
 *
 * Readability decides what the article is. A few things it keeps inside the article are not
 * article text, and are taken out after it, each with a note: ad and "Sponsored" labels, lists
 * of links (related stories), and the byline / date line, which goes into the metadata instead.
 * When Readability finds no article (a short page), the text is the page body as import made it
 * before, minus scripts, styles, navigation, headers, footers, asides and forms, and the notes
 * say so and what was left out.
 */
export interface PageArticle extends Article {
  author: string | null;
  published: string | null;
  publisher: string | null;
}

/** Readability's own measure of an article: under this many characters it has not found one. */
export const ARTICLE_MIN_CHARS = 500;

export function articleFromHtml(raw: string, fileName: string): PageArticle {
  const page = parsePage(raw);
  const meta = pageMetadata(page);
  const pageLines = linesOf(page.body);

  const reader = new Readability(parsePage(raw) as never, { keepClasses: true, serializer: (el: unknown) => el });
  let found: { title?: string | null; byline?: string | null; content?: unknown; textContent?: string | null } | null;
  try {
    found = reader.parse();
  } catch {
    found = null; // Readability gave up on the page: read it as a page without an article
  }
  const foundChars = collapse(found?.textContent ?? '').length;

  const author = cleanByline(found?.byline) ?? meta.author;
  // The title the page gives in its metadata, else its headline, else Readability's pick from <title>.
  const title = withoutSiteName(meta.title ?? meta.h1 ?? nonEmpty(found?.title) ?? meta.documentTitle, meta.siteNames);

  if (!found || foundChars < ARTICLE_MIN_CHARS) {
    const fallback = fallbackArticle(raw, page, foundChars);
    return { ...fallback, title: title ?? fallback.title, source: meta.source ?? fallback.source ?? fileName, author, published: meta.published, publisher: meta.publisher };
  }

  const content = found.content as DomElement;
  const notes: string[] = [];
  tidyArticle(content, notes);
  let text = blockText(content);
  // The headline goes first, as a reader view shows it, unless the article already starts with one.
  if (title && !startsWithHeading(content) && !sameHeadline(firstLine(text), title)) text = text ? `${title}\n\n${text}` : title;
  const article = articleFromPlainText(text);
  const keptLines = new Set(article.text.split('\n').map((l) => l.trim()));
  const left = pageLines.filter((line) => !keptLines.has(line) && !article.text.includes(line));
  const summary = `main text found by Readability; ${left.length} ${left.length === 1 ? 'line' : 'lines'} of the rest of the page left out`;
  const prose = left.filter((line) => line.length >= 80);
  const quoted = prose.slice(0, 5).map((line) => `left out: ${quote(line, 100)}`);
  if (prose.length > 5) quoted.push(`left out ${prose.length - 5} more lines of 80 characters or more`);
  return {
    text: article.text,
    title: title ?? article.title,
    source: meta.source ?? article.source ?? fileName,
    notes: [summary, ...notes, ...quoted, ...article.notes],
    author,
    published: meta.published,
    publisher: meta.publisher,
  };
}

// ---- a small DOM surface: what this file uses of linkedom (backend code sees no DOM types)

interface DomNode {
  readonly nodeType: number;
  readonly textContent: string | null;
  readonly parentNode: DomNode | null;
  readonly childNodes: ArrayLike<DomNode>;
}
interface DomElement extends DomNode {
  readonly tagName: string;
  readonly id: string;
  readonly className: string;
  readonly parentElement: DomElement | null;
  readonly attributes: ArrayLike<{ name: string; value: string }>;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  querySelector(selectors: string): DomElement | null;
  querySelectorAll(selectors: string): ArrayLike<DomElement>;
  closest(selectors: string): DomElement | null;
  contains(other: DomNode): boolean;
  appendChild(node: DomNode): DomNode;
  remove(): void;
}
interface DomDocument {
  readonly documentElement: DomElement | null;
  readonly head: DomElement;
  readonly body: DomElement;
  readonly title: string;
  readonly childNodes: ArrayLike<DomNode>;
  querySelector(selectors: string): DomElement | null;
  querySelectorAll(selectors: string): ArrayLike<DomElement>;
  importNode(node: DomNode, deep: boolean): DomNode;
}

const ELEMENT = 1;
const TEXT = 3;
const DOCTYPE = 10;
const isElement = (n: DomNode): n is DomElement => n.nodeType === ELEMENT;
const tagOf = (el: DomElement) => el.tagName.toUpperCase();
const all = (list: ArrayLike<DomElement>) => Array.from(list);

const HEAD_TAGS = new Set(['TITLE', 'META', 'LINK', 'BASE', 'STYLE', 'SCRIPT', 'NOSCRIPT', 'TEMPLATE']);

/**
 * The page as a document with <html>, <head> and <body>. linkedom does not build the parts that
 * HTML lets a page leave out (a fragment, or a page without <head> or <body> tags), and
 * Readability reads only document.body; such a page is rebuilt as a browser would.
 */
function parsePage(raw: string): DomDocument {
  const document = parseHTML(raw).document as unknown as DomDocument;
  const root = document.documentElement;
  const isHtml = root !== null && tagOf(root) === 'HTML';
  const top = Array.from(isHtml ? root.childNodes : document.childNodes).filter((n) => n.nodeType !== DOCTYPE);
  const blank = (n: DomNode) => n.nodeType !== ELEMENT && (n.nodeType !== TEXT || (n.textContent ?? '').trim() === '');
  if (isHtml && top.every((n) => blank(n) || (isElement(n) && ['HEAD', 'BODY'].includes(tagOf(n)))) && root.querySelector('body')) {
    return document;
  }
  const fresh = parseHTML('<!DOCTYPE html><html><head></head><body></body></html>').document as unknown as DomDocument;
  const copyAttributes = (from: DomElement, to: DomElement) => Array.from(from.attributes).forEach((a) => to.setAttribute(a.name, a.value));
  if (isHtml && fresh.documentElement) copyAttributes(root, fresh.documentElement);
  const adopt = (n: DomNode, into: DomElement) => into.appendChild(fresh.importNode(n, true));
  let inBody = false;
  for (const n of top) {
    if (isElement(n) && tagOf(n) === 'HEAD') {
      Array.from(n.childNodes).forEach((c) => adopt(c, fresh.head));
    } else if (isElement(n) && tagOf(n) === 'BODY') {
      inBody = true;
      copyAttributes(n, fresh.body);
      Array.from(n.childNodes).forEach((c) => adopt(c, fresh.body));
    } else if (!inBody && (isElement(n) ? HEAD_TAGS.has(tagOf(n)) : blank(n))) {
      adopt(n, fresh.head);
    } else {
      inBody = true;
      adopt(n, fresh.body);
    }
  }
  return fresh;
}

// ---- metadata

interface PageMetadata {
  /** og:title, JSON-LD headline, twitter:title or dc:title. */
  title: string | null;
  /** The headline: the page's only h1, or the first in its article or main element. */
  h1: string | null;
  documentTitle: string | null;
  /** Names the site goes by, to take off the end of a title. */
  siteNames: string[];
  source: string | null;
  author: string | null;
  published: string | null;
  publisher: string | null;
}

/** schema.org types of an article (Readability's list). */
const ARTICLE_TYPE =
  /^(?:Article|AdvertiserContentArticle|NewsArticle|AnalysisNewsArticle|AskPublicNewsArticle|BackgroundNewsArticle|OpinionNewsArticle|ReportageNewsArticle|ReviewNewsArticle|Report|SatiricalArticle|ScholarlyArticle|MedicalScholarlyArticle|SocialMediaPosting|BlogPosting|LiveBlogPosting|DiscussionForumPosting|TechArticle|APIReference|WebPage)$/;

function pageMetadata(doc: DomDocument): PageMetadata {
  const metas = new Map<string, string>();
  for (const m of all(doc.querySelectorAll('meta'))) {
    const content = nonEmpty(m.getAttribute('content'));
    if (!content) continue;
    for (const key of [m.getAttribute('property'), m.getAttribute('name'), m.getAttribute('itemprop')]) {
      const k = key?.trim().toLowerCase();
      if (k && !metas.has(k)) metas.set(k, content);
    }
  }
  const meta = (key: string) => metas.get(key) ?? null;
  const ld = jsonLd(doc);
  const article = ld.nodes.find((n) => typesOf(n).some((t) => ARTICLE_TYPE.test(t) && t !== 'WebPage')) ?? ld.nodes.find((n) => typesOf(n).includes('WebPage'));
  const ldNames = (value: unknown) => (article ? namesOf(value, ld.byId) : []);

  const ogUrl = httpUrl(meta('og:url'));
  const canonical = httpUrl(doc.querySelector('link[rel~="canonical"]')?.getAttribute('href') ?? null, ogUrl);
  const publisher = meta('og:site_name') ?? ldNames(article?.publisher)[0] ?? null;
  const ldAuthors = ldNames(article?.author);
  const author = cleanByline(meta('author')) ?? cleanByline(ldAuthors.join(', ')) ?? bylineInPage(doc);

  const h1s = all(doc.querySelectorAll('h1'));
  const h1 = h1s.length === 1 ? (h1s[0] ?? null) : doc.querySelector('article h1, main h1, [role="main"] h1');
  const datetimeOf = (el: DomElement | null) => nonEmpty(el?.getAttribute('datetime') ?? el?.getAttribute('content') ?? null);
  const published =
    meta('article:published_time') ??
    (typeof article?.datePublished === 'string' ? nonEmpty(article.datePublished) : null) ??
    datetimeOf(doc.querySelector('[itemprop~="datePublished"]')) ??
    timeAfter(doc, h1) ??
    null;

  return {
    title: meta('og:title') ?? (typeof article?.headline === 'string' ? nonEmpty(collapse(article.headline)) : null) ?? meta('twitter:title') ?? meta('dc:title'),
    h1: h1 ? nonEmpty(collapse(h1.textContent ?? '')) : null,
    documentTitle: nonEmpty(collapse(doc.title ?? '')),
    siteNames: [publisher, meta('og:site_name'), meta('application-name'), ...ldNames(article?.publisher), hostOf(canonical ?? ogUrl)].filter((s): s is string => !!s),
    source: canonical ?? ogUrl,
    author,
    published,
    publisher,
  };
}

type LdNode = Record<string, unknown>;

/** Every JSON-LD object on the page (top level, in arrays and in @graph), and the ones with an @id by id. */
function jsonLd(doc: DomDocument): { nodes: LdNode[]; byId: Map<string, LdNode> } {
  const nodes: LdNode[] = [];
  const visit = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      const node = v as LdNode;
      nodes.push(node);
      if (node['@graph']) visit(node['@graph']);
    }
  };
  for (const s of all(doc.querySelectorAll('script'))) {
    if ((s.getAttribute('type') ?? '').trim().toLowerCase() !== 'application/ld+json') continue;
    try {
      visit(JSON.parse((s.textContent ?? '').replace(/^\s*<!\[CDATA\[|\]\]>\s*$/g, '')));
    } catch {
      // a broken block of JSON-LD says nothing
    }
  }
  const byId = new Map<string, LdNode>();
  for (const n of nodes) if (typeof n['@id'] === 'string' && !byId.has(n['@id'])) byId.set(n['@id'], n);
  return { nodes, byId };
}

function typesOf(n: LdNode): string[] {
  const t = n['@type'];
  return (Array.isArray(t) ? t : [t]).filter((x): x is string => typeof x === 'string');
}

/** Names in a JSON-LD value: a string, a Person or Organization, a reference by @id, or a list of them. */
function namesOf(value: unknown, byId: Map<string, LdNode>, depth = 0): string[] {
  if (depth > 3 || value === null || value === undefined) return [];
  if (typeof value === 'string') return nonEmpty(collapse(value)) ? [collapse(value)] : [];
  if (Array.isArray(value)) return [...new Set(value.flatMap((v) => namesOf(v, byId, depth + 1)))];
  if (typeof value !== 'object') return [];
  const node = value as LdNode;
  if (typeof node.name === 'string' && nonEmpty(node.name)) return [collapse(node.name)];
  const ref = typeof node['@id'] === 'string' ? byId.get(node['@id']) : undefined;
  return ref && ref !== node ? namesOf(ref, byId, depth + 1) : [];
}

/** Class or id of a byline (Readability's pattern, without "dateline", which names a place). */
const BYLINE = /byline|writtenby|p-author|\bauthors?\b/i;

/** The byline as the page shows it: author links, microdata, or an element named as a byline. */
function bylineInPage(doc: DomDocument): string | null {
  const body = doc.body;
  const linked = [...new Set(all(body.querySelectorAll('a[rel~="author"]')).map((a) => collapse(a.textContent ?? '')).filter(Boolean))];
  if (linked.length) return cleanByline(linked.join(', '));
  const prop = body.querySelector('[itemprop~="author"]');
  if (prop) {
    const name = prop.querySelector('[itemprop~="name"]') ?? prop;
    const found = cleanByline(name.getAttribute('content') ?? name.textContent);
    if (found) return found;
  }
  for (const el of all(body.querySelectorAll('[class], [id]'))) {
    if (!BYLINE.test(`${el.className} ${el.id}`)) continue;
    const found = cleanByline(el.textContent);
    if (found) return found;
  }
  return null;
}

/** "By Rebaz Ali - " → "Rebaz Ali"; null for nothing, or for more than a byline's length. */
function cleanByline(text: string | null | undefined): string | null {
  const t = collapse(text ?? '')
    .replace(/^by\b[\s:]*/i, '')
    .replace(/[\s|,;:·•–—-]+$/, '')
    .trim();
  return t && t.length <= 100 ? t : null;
}

/** The datetime of the first <time> after the headline (the page's first <time> when there is no h1). */
function timeAfter(doc: DomDocument, h1: DomElement | null): string | null {
  const times = all(doc.body.querySelectorAll('time[datetime]'));
  const after = h1 ? times.filter((t) => followsInDocument(h1, t)) : [];
  for (const t of [...after, ...times]) {
    const value = nonEmpty(t.getAttribute('datetime'));
    if (value) return value;
  }
  return null;
}

/** Does b come after a in document order? */
function followsInDocument(a: DomElement, b: DomElement): boolean {
  const path = (n: DomNode) => {
    const out: DomNode[] = [];
    for (let c: DomNode | null = n; c; c = c.parentNode) out.unshift(c);
    return out;
  };
  const pa = path(a);
  const pb = path(b);
  let i = 0;
  while (i < pa.length && i < pb.length && pa[i] === pb[i]) i++;
  if (i === pa.length) return i < pb.length; // b inside a
  if (i === pb.length) return false; // a inside b
  const parent = pa[i - 1];
  if (!parent) return false;
  const kids = Array.from(parent.childNodes);
  return kids.indexOf(pb[i] as DomNode) > kids.indexOf(pa[i] as DomNode);
}

/** An absolute http(s) URL, resolving a relative one against base; null otherwise. */
function httpUrl(value: string | null, base?: string | null): string | null {
  const v = nonEmpty(value);
  if (!v) return null;
  try {
    const url = base ? new URL(v, base) : new URL(v);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function hostOf(url: string | null): string | null {
  if (!url) return null;
  return new URL(url).hostname.replace(/^www\./, '');
}

const SITE_SEPARATOR = /^(.*\S)\s+(\||-|–|—|·|•|::|»)\s+(\S.*)$/;

/**
 * "Headline | Section | Site" → "Headline": a tail after " | " goes, and a tail after another
 * separator (" - ", " – ", " — ", " · ", " :: ", " » ") goes when it is the site's name.
 */
export function withoutSiteName(title: string | null, siteNames: string[]): string | null {
  let t = nonEmpty(collapse(title ?? ''));
  if (!t) return null;
  const key = (s: string) => s.toLowerCase().replace(/^the\s+/, '').replace(/^www\./, '').replace(/[^\p{L}\p{N}]+/gu, '');
  const sites = new Set(siteNames.map(key).filter(Boolean));
  // "Site | Headline"
  const lead = /^(\S.*?)\s+(?:\||-|–|—|·|•|::|»)\s+(\S.*)$/.exec(t);
  if (lead && sites.has(key(lead[1] ?? ''))) t = (lead[2] ?? t).trim();
  for (;;) {
    const m = SITE_SEPARATOR.exec(t);
    if (!m) break;
    const [, head = '', separator, tail = ''] = m;
    if (sites.has(key(tail)) || separator === '|') t = head.trim();
    else break;
  }
  return t;
}

// ---- what Readability keeps that is not article text

/** A label that marks an ad or sponsored content, and nothing else ("Advertisement · Scroll to continue", "- Advertisement -"). */
const AD_LABEL =
  /^(?:advertisement|advertising|advert|ads?|sponsored(?: content| links| stories)?|paid (?:content|post|partner content)|partner content|promoted(?: content| stories)?|anzeige|werbung|publicité|إعلان)(?:\s*[·•|:]\s*(?:scroll|continue|story|article)\b.*)?$/i;
const CONTINUES = /^(?:(?:the )?(?:story|article) continues (?:below|after)(?: (?:this |the )?(?:advertisement|ad))?|continue reading (?:below|the main story|after (?:this |the )?(?:advertisement|ad)))$/i;
/** A lead-in to links to other stories: "Read more: …", "Related: …". */
const MORE_LEAD = /^(?:read more|read also|also read|more|related(?: stories| coverage| articles| content)?|see also|more on this(?: story)?|recommended(?: stories)?|watch)$/i;

const trimLabel = (s: string) => collapse(s).replace(/^[\s\-–—·•|:.]+|[\s\-–—·•|:.]+$/g, '');
const isAdLabel = (s: string) => {
  const t = trimLabel(s);
  return t !== '' && t.length <= 80 && (AD_LABEL.test(t) || CONTINUES.test(t));
};

function linkChars(el: DomElement): number {
  return all(el.querySelectorAll('a')).reduce((n, a) => n + collapse(a.textContent ?? '').length, 0);
}

/** Takes out of Readability's article what is not article text, noting each thing taken out. */
function tidyArticle(root: DomElement, notes: string[]) {
  const removeWithEmptyParents = (el: DomElement, alsoIf: (p: DomElement) => boolean) => {
    let parent = el.parentElement;
    el.remove();
    while (parent && parent !== root) {
      const raw = parent.textContent ?? '';
      if (raw.length > 2000) break; // a container with this much text is article, not what held the removed thing
      const next: DomElement | null = parent.parentElement;
      if (raw.trim() === '' || alsoIf(parent)) parent.remove();
      else break;
      parent = next;
    }
  };
  const onlyLinks = (p: DomElement) => {
    const text = collapse(p.textContent ?? '').length;
    return text > 0 && linkChars(p) >= 0.9 * text;
  };
  // A container left with a heading or a label and no sentence, once its links went.
  const leftoverOfLinks = (p: DomElement) => {
    const text = collapse(p.textContent ?? '');
    const own = text.length - linkChars(p);
    return onlyLinks(p) || (own <= 80 && !/[.!?…]["”’)]?(?:\s|$)/.test(text));
  };

  // 1. Ad and sponsor labels ("Advertisement", "- Advertisement -", "Sponsored").
  const labels = new Map<string, number>();
  for (const el of all(root.querySelectorAll('*'))) {
    if ((el.textContent ?? '').length > 300 || !root.contains(el) || !isAdLabel(el.textContent ?? '')) continue;
    const label = quote(el.textContent ?? '', 80);
    labels.set(label, (labels.get(label) ?? 0) + 1);
    removeWithEmptyParents(el, onlyLinks);
  }
  for (const [label, n] of labels) notes.push(`dropped ${n === 1 ? 'an ad label' : `${n} ad labels`} inside the article: ${label}`);

  // 2. Lists of links (related stories, "Recommended"), and "Read more: <link>" lines.
  for (const list of all(root.querySelectorAll('ul, ol'))) {
    if (!root.contains(list)) continue;
    const items = Array.from(list.childNodes).filter(isElement).filter((n) => tagOf(n) === 'LI');
    const linky = (li: DomElement) => {
      const chars = collapse(li.textContent ?? '').length;
      return chars > 0 && linkChars(li) >= 0.9 * chars;
    };
    if (items.length === 0 || !items.every(linky)) continue;
    let container: DomElement = list;
    let parent = list.parentElement;
    list.remove();
    while (parent && parent !== root && BOXES.has(tagOf(parent)) && (parent.textContent ?? '').length <= 2000 && leftoverOfLinks(parent)) {
      container = parent;
      parent = parent.parentElement;
      container.remove();
    }
    notes.push(`dropped a list of links inside the article: ${quote(lineText(container, list), 120)}`);
  }
  for (const el of all(root.querySelectorAll('p, div, li'))) {
    if ((el.textContent ?? '').length > 300 || !root.contains(el) || el.querySelector('p, div, ul, ol, table') || linkChars(el) === 0) continue;
    const withoutLinks = Array.from(el.childNodes)
      .filter((n) => !(isElement(n) && (tagOf(n) === 'A' || n.querySelector('a'))))
      .map((n) => n.textContent ?? '')
      .join(' ');
    if (!MORE_LEAD.test(trimLabel(withoutLinks))) continue;
    notes.push(`dropped a link to another story: ${quote(el.textContent ?? '', 120)}`);
    removeWithEmptyParents(el, () => false);
  }

  // 3. The byline / date line before the story: it is in the document's metadata.
  const firstParagraph = all(root.querySelectorAll('p')).find((p) => collapse(p.textContent ?? '').length >= 80);
  const tokens = (el: DomElement, attr: string) => (el.getAttribute(attr) ?? '').split(/\s+/);
  const marks = all(root.querySelectorAll('*')).filter(
    (el) =>
      tagOf(el) === 'TIME' ||
      tokens(el, 'rel').includes('author') ||
      tokens(el, 'itemprop').some((t) => ['author', 'datePublished', 'dateModified'].includes(t)) ||
      /byline|dateline|writtenby|p-author/i.test(`${el.className} ${el.id}`),
  );
  for (const mark of marks) {
    if (!root.contains(mark) || (firstParagraph && !followsInDocument(mark, firstParagraph))) continue;
    if (tagOf(mark) === 'TIME' && !mark.getAttribute('datetime') && !/\d/.test(mark.textContent ?? '')) continue;
    let block: DomElement = mark;
    while (block.parentElement && block.parentElement !== root && !BLOCKS.has(tagOf(block))) block = block.parentElement;
    if ((block.textContent ?? '').length > 1000) continue;
    const line = collapse(block.textContent ?? '');
    const own = collapse(mark.textContent ?? '');
    if (line === '' || line.length > 200 || line.length - own.length > 40) continue;
    notes.push(`dropped the byline or date line (kept in the document's metadata): ${quote(line, 120)}`);
    removeWithEmptyParents(block, () => false);
  }
}

/** Text of a removed container, for a note: its heading and items, one line. */
function lineText(container: DomElement, list: DomElement): string {
  const items = Array.from(list.childNodes)
    .filter(isElement)
    .map((li) => collapse(li.textContent ?? ''));
  const rest = container === list ? '' : collapse(container.textContent ?? '');
  return [rest, items.join('; ')].filter(Boolean).join(': ');
}

// ---- text as a reader shows it

const BLOCKS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BODY', 'CAPTION', 'CENTER', 'DD', 'DETAILS', 'DIALOG', 'DIV', 'DL', 'DT', 'FIELDSET',
  'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HGROUP', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P',
  'PRE', 'SECTION', 'SUMMARY', 'TABLE', 'TBODY', 'TFOOT', 'THEAD', 'TR', 'UL',
]);
/** Containers that may hold nothing but a box of links (and its heading), and go with it. */
const BOXES = new Set(['DIV', 'SECTION', 'ASIDE', 'NAV', 'HEADER', 'FOOTER']);
/** Blocks that stand on their own line, with no blank line around them. */
const LINES = new Set(['LI', 'DT', 'DD', 'TR', 'CAPTION']);
/** Elements with nothing to read: code, media, controls. */
const SILENT = new Set([
  'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'HEAD', 'TITLE', 'META', 'LINK', 'IMG', 'PICTURE', 'SOURCE', 'SVG', 'MATH', 'VIDEO', 'AUDIO',
  'IFRAME', 'OBJECT', 'EMBED', 'CANVAS', 'BUTTON', 'INPUT', 'SELECT', 'TEXTAREA', 'OPTION',
]);

type Piece = string | { pre: string } | { brk: 1 | 2 } | { br: true } | { cell: true };

/**
 * The text of an element as a reader shows it: paragraphs and headings separated by a blank
 * line, list items and table rows on lines of their own (cells separated by a tab), <br> a line
 * break, white space collapsed as CSS does outside <pre> (a no-break space is kept).
 */
export function blockText(root: DomElement): string {
  const pieces: Piece[] = [];
  const walk = (node: DomNode, tight: boolean, pre: boolean) => {
    if (node.nodeType === TEXT) {
      const s = node.textContent ?? '';
      pieces.push(pre ? { pre: s } : s);
      return;
    }
    if (!isElement(node)) return;
    const tag = tagOf(node);
    if (SILENT.has(tag)) return;
    if (tag === 'BR') return void pieces.push({ br: true });
    if (tag === 'TD' || tag === 'TH') pieces.push({ cell: true });
    const block = BLOCKS.has(tag);
    const line = LINES.has(tag) || tight;
    if (block) pieces.push({ brk: line ? 1 : 2 });
    for (const child of Array.from(node.childNodes)) walk(child, line || (tight && tag !== 'BLOCKQUOTE'), pre || tag === 'PRE');
    if (block) pieces.push({ brk: line ? 1 : 2 });
  };
  walk(root, false, false);

  let out = '';
  let pending = 0;
  let line = '';
  let preformatted = false; // the line starts inside <pre>: its indent is kept
  const endLine = (strength: number) => {
    const t = line.replace(preformatted ? /[ \t\n\r\f]+$/ : /^[ \t\n\r\f]+|[ \t\n\r\f]+$/g, '');
    line = '';
    preformatted = false;
    if (t !== '') {
      if (out !== '') out += pending >= 2 ? '\n\n' : '\n';
      out += t;
      pending = 0;
    }
    pending = Math.max(pending, strength);
  };
  for (const p of pieces) {
    if (typeof p === 'string') {
      const s = p.replace(/[ \t\n\r\f]+/g, ' ');
      line += s.startsWith(' ') && (line === '' || /[ \t]$/.test(line)) ? s.slice(1) : s;
    } else if ('pre' in p) {
      const [first = '', ...rest] = p.pre.split('\n');
      if (line.trim() === '') preformatted = true;
      line += first;
      for (const r of rest) {
        endLine(1);
        line = r;
        preformatted = true;
      }
    } else if ('brk' in p) {
      endLine(p.brk);
    } else if ('br' in p) {
      const empty = line.trim() === '';
      endLine(1);
      if (empty && out !== '') pending = 2;
    } else if (line.trim() !== '') {
      line = `${line.replace(/[ \t\n\r\f]+$/, '')}\t`;
    }
  }
  endLine(0);
  return out;
}

/** The page's lines of text (its body as blockText gives it), for saying what was left out. */
function linesOf(body: DomElement): string[] {
  return blockText(body)
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

// ---- when Readability finds no article: the page body, as import read HTML before

const SKIPPED = ['script', 'style', 'noscript', 'nav', 'header', 'footer', 'aside', 'form', 'iframe', 'svg', 'button', 'template'];
const SKIPPED_NAMES: Record<string, [string, string]> = {
  nav: ['navigation', 'navigations'],
  header: ['header', 'headers'],
  footer: ['footer', 'footers'],
  aside: ['aside', 'asides'],
  form: ['form', 'forms'],
  iframe: ['embedded frame', 'embedded frames'],
  svg: ['drawing', 'drawings'],
  button: ['button', 'buttons'],
  script: ['script', 'scripts'],
  style: ['style sheet', 'style sheets'],
  noscript: ['noscript block', 'noscript blocks'],
  template: ['template', 'templates'],
};

function fallbackArticle(raw: string, page: DomDocument, foundChars: number): Article {
  const text = convert(raw, {
    wordwrap: false,
    baseElements: { selectors: ['article', 'main', 'body'], returnDomByDefault: true },
    selectors: [
      ...SKIPPED.map((selector) => ({ selector, format: 'skip' })),
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } })),
      { selector: 'table', format: 'dataTable' },
    ],
  });
  const article = articleFromPlainText(text.replace(/\n{3,}/g, '\n\n'));
  const notes = [
    `Readability found no article (${foundChars === 0 ? 'no block of text' : `its best block has ${foundChars} characters`}; an article has ${ARTICLE_MIN_CHARS} or more), so the text is the whole page body, with scripts, styles, navigation, headers, footers, asides and forms left out`,
  ];
  // What was left out, outermost elements only, by kind, with the text of the first few.
  const left = all(page.body.querySelectorAll(SKIPPED.join(', '))).filter((el) => !el.parentElement?.closest(SKIPPED.join(', ')));
  const silent: string[] = [];
  for (const tag of SKIPPED) {
    const els = left.filter((el) => el.tagName.toLowerCase() === tag);
    if (els.length === 0) continue;
    const [one, many] = SKIPPED_NAMES[tag] ?? [tag, `${tag}s`];
    const name = `${els.length} ${els.length === 1 ? one : many}`;
    const texts = els.map((el) => collapse(el.textContent ?? '')).filter(Boolean);
    if (['script', 'style', 'noscript', 'template', 'svg'].includes(tag) || texts.length === 0) silent.push(name);
    else notes.push(`left out ${name}: ${texts.slice(0, 3).map((t) => quote(t, 80)).join('; ')}${texts.length > 3 ? '; …' : ''}`);
  }
  if (silent.length) notes.push(`left out ${silent.join(', ')}`);
  return { ...article, notes: [...notes, ...article.notes] };
}

// ---- small helpers

function collapse(s: string): string {
  return s.replace(/[ \t\n\r\f]+/g, ' ').replace(/^ | $/g, '');
}

function nonEmpty(s: string | null | undefined): string | null {
  const t = s?.trim();
  return t ? t : null;
}

/** Does the element's text begin with an h1 or h2 (Readability keeps a headline that differs from the title)? */
function startsWithHeading(root: DomElement): boolean {
  const first = (node: DomNode): DomNode | null => {
    if (node.nodeType === TEXT) return (node.textContent ?? '').trim() ? node : null;
    if (!isElement(node) || SILENT.has(tagOf(node))) return null;
    for (const child of Array.from(node.childNodes)) {
      const found = first(child);
      if (found) return found;
    }
    return null;
  };
  for (let n = first(root)?.parentNode ?? null; n && n !== root; n = n.parentNode) {
    if (isElement(n) && (tagOf(n) === 'H1' || tagOf(n) === 'H2')) return true;
  }
  return false;
}

/** Is this first line the headline already (the same words, or one a little longer than the other)? */
function sameHeadline(line: string, title: string): boolean {
  const key = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  const a = key(line);
  const b = key(title);
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short !== '' && (a === b || (long.startsWith(`${short} `) && long.length <= 1.5 * short.length));
}

function firstLine(text: string): string {
  return text.slice(0, text.indexOf('\n') < 0 ? text.length : text.indexOf('\n'));
}

/** A short quotation for a note: collapsed, cut at max code points with an ellipsis. */
function quote(s: string, max: number): string {
  const cps = Array.from(collapse(s));
  return JSON.stringify(cps.length > max ? `${cps.slice(0, max - 1).join('')}…` : cps.join(''));
}
