import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { articleFromPlainText, documentIdFromFileName } from './article';
import { fileURLToPath } from 'node:url';

/** The seed articles as given (tests/fixtures/seeds). */
const SEEDS = fileURLToPath(new URL('../../tests/fixtures/seeds', import.meta.url));
const seed = (name: string) => readFileSync(`${SEEDS}/${name}`, 'utf8');

describe('articleFromPlainText on the seed articles', () => {
  it('drops the stray Google-tag line of 002 and says so in a note', () => {
    const raw = seed('002_8b07dd57c7e0feb1.txt');
    expect(raw.split('\n')[0]).toBe('!-- Google tag (gtag.js) -->');
    const a = articleFromPlainText(raw);
    expect(a.text).not.toContain('gtag');
    expect(a.text.startsWith('On Monday evening, an explosion was reported')).toBe(true);
    expect(a.notes).toEqual(['dropped line 1, page markup: "!-- Google tag (gtag.js) -->"', 'removed 1 blank line at the start']);
    expect(a.title).toBeNull(); // the first line is a sentence, not a headline
  });

  it('takes the headline of 003 as its title and keeps it in the text', () => {
    const a = articleFromPlainText(seed('003_0facc4703c9682af.txt'));
    expect(a.title).toBe('How Qassem Suleimani provoked the US with covert attacks in Iraq');
    expect(a.text.startsWith('How Qassem Suleimani provoked')).toBe(true);
    expect(a.notes).toEqual([]);
  });

  it('reads the source of 000 from its closing "Source » jpost" line, which stays in the text', () => {
    const a = articleFromPlainText(seed('000_121e11c80b4a277e.txt'));
    expect(a.source).toBe('jpost');
    expect(a.text.endsWith('Source » jpost')).toBe(true);
    expect(a.title).toBeNull();
  });

  it('leaves prose untouched: the text is the seed minus dropped lines and edge blank lines', () => {
    const raw = seed('001_cc6eff7c9034e064.txt');
    const a = articleFromPlainText(raw);
    expect(a.text).toBe(raw.replace(/[ \t]+$/gm, '').replace(/\n+$/, ''));
    expect(a.text).toContain('“several dead”');
  });
});

describe('articleFromPlainText', () => {
  it('normalises CRLF and CR to LF and removes a BOM', () => {
    const a = articleFromPlainText('\uFEFFHeadline here\r\n\r\nBody line one.\rBody two.\r\n');
    expect(a.text).toBe('Headline here\n\nBody line one.\nBody two.');
    expect(a.title).toBe('Headline here');
  });

  it('drops lone tags, comments and doctype lines, numbering each note by its original line', () => {
    const a = articleFromPlainText('<!DOCTYPE html>\n<div class="x">\nReal text.\n<!-- comment -->\n</div>\nMore text with <b>inline</b> tags.');
    expect(a.text).toBe('Real text.\nMore text with <b>inline</b> tags.');
    expect(a.notes).toHaveLength(4);
    expect(a.notes[0]).toMatch(/^dropped line 1, page markup: /);
    expect(a.notes[3]).toMatch(/^dropped line 5, page markup: "<\/div>"$/);
  });

  it('gives no title to a one-line text, a sentence, or a very long first line', () => {
    expect(articleFromPlainText('Only a headline').title).toBeNull();
    expect(articleFromPlainText('This is a sentence.\nBody.').title).toBeNull();
    expect(articleFromPlainText(`${'word '.repeat(40)}\nBody.`).title).toBeNull();
  });

  it('reads "Source: Reuters" too, only near the end', () => {
    expect(articleFromPlainText('Head\nBody.\nSource: Reuters\n').source).toBe('Reuters');
    expect(articleFromPlainText('Head\nSource: early\n1\n2\n3\n4').source).toBeNull();
  });

  it('notes every character it changes: line ends, spaces at line ends, edge blank lines, the final line break', () => {
    const a = articleFromPlainText('\r\nTitle here  \r\nBody one.\t\r\nBody two.\r\n');
    expect(a.text).toBe('Title here\nBody one.\nBody two.');
    expect(a.notes).toEqual([
      'made CRLF line ends LF',
      'removed spaces or tabs at the end of 2 lines (lines 2, 3)',
      'removed 1 blank line at the start',
      'removed the line break at the end',
    ]);
    expect(articleFromPlainText('Plain.\n\n\n').notes).toEqual(['removed 2 blank lines and the line break at the end']);
    expect(articleFromPlainText('Plain, as it is.').notes).toEqual([]);
  });

  it('keeps emoji, Arabic and combining marks as they are', () => {
    const body = 'Reaction 👍🏽 🇮🇶\nسرايا ثورة العشرين\ncafe\u0301';
    expect(articleFromPlainText(body).text).toBe(body);
  });
});

describe('documentIdFromFileName', () => {
  it('makes a folder-safe id from a file name', () => {
    expect(documentIdFromFileName('/x/y/000_121e11c80b4a277e.txt')).toBe('000_121e11c80b4a277e');
    expect(documentIdFromFileName('C:\\docs\\Café Report (2).md')).toBe('Cafe-Report-2');
    // Names that are valid ids are kept, case and dots too (brat's NCBI-disease and CoNLL-2002 samples).
    expect(documentIdFromFileName('PMID-9888390.txt')).toBe('PMID-9888390');
    expect(documentIdFromFileName('esp.train-doc-46.txt')).toBe('esp.train-doc-46');
    expect(documentIdFromFileName('draft.importing.txt')).toBe('draft-importing');
    expect(documentIdFromFileName('../../etc/passwd')).toBe('passwd');
    expect(documentIdFromFileName('سرايا.txt')).toBe('document');
    expect(documentIdFromFileName('.hidden.txt')).toBe('hidden');
  });
});
