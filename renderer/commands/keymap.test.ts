import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMMANDS, CONTEXT_WORDS, commandsFor, matchesSpec, type KeyLike } from './keymap';

const README = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '../../README.md'), 'utf8');

/** Every row of the README's key tables (a table whose header starts `| key | does |`): keys, does, and where if given. */
function readmeRows(): { keys: string; does: string; where: string | null }[] {
  const rows: { keys: string; does: string; where: string | null }[] = [];
  const lines = README.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^\|\s*key\s*\|\s*does\s*\|/.test(lines[i]!)) continue;
    const withWhere = /\|\s*where\s*\|\s*$/.test(lines[i]!);
    for (i += 2; i < lines.length && lines[i]!.startsWith('|'); i++) {
      const cells = lines[i]!.slice(1, -1).split(' | ').map((c) => c.trim());
      rows.push({ keys: cells[0]!, does: cells[1]!, where: withWhere ? cells[2]! : null });
    }
  }
  return rows;
}

const row = (c: (typeof COMMANDS)[number]) => `${c.keys.length ? c.keys.join(', ') : '—'} | ${c.title}`;

describe("the README's key tables and the key map", () => {
  const rows = readmeRows();

  it('are read from the README at all', () => {
    expect(rows.length).toBeGreaterThan(20);
  });

  it('list every command of the map, with its keys and its meaning', () => {
    const inReadme = new Set(rows.map((r) => `${r.keys} | ${r.does}`));
    const missing = COMMANDS.filter((c) => !inReadme.has(row(c))).map(row);
    expect(missing, 'commands of renderer/commands/keymap.ts whose row is not in the README (copy these rows)').toEqual([]);
  });

  it('list no key the map does not have, and each command once', () => {
    const inMap = new Set(COMMANDS.map(row));
    const extra = rows.filter((r) => !inMap.has(`${r.keys} | ${r.does}`)).map((r) => `${r.keys} | ${r.does}`);
    expect(extra, 'README rows that no command of the key map has (add the command, or correct the row)').toEqual([]);
    const seen = rows.map((r) => `${r.keys} | ${r.does}`);
    expect(seen.filter((r, i) => seen.indexOf(r) !== i)).toEqual([]);
  });

  it('say where each key applies as the map does', () => {
    const byRow = new Map(COMMANDS.map((c) => [row(c), CONTEXT_WORDS[c.context]]));
    const wrong = rows.filter((r) => r.where !== null && byRow.get(`${r.keys} | ${r.does}`) !== r.where).map((r) => `${r.keys} | ${r.does} | ${r.where}`);
    expect(wrong).toEqual([]);
    // A table without a "where" column holds Review's keys only.
    const reviewOnly = rows.filter((r) => r.where === null).map((r) => byRow.get(`${r.keys} | ${r.does}`));
    expect(new Set(reviewOnly)).toEqual(new Set([CONTEXT_WORDS.review]));
  });
});

const key = (init: Partial<KeyLike> & { key: string }): KeyLike => ({ code: '', ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...init });

describe('key specs', () => {
  it('tell Ctrl+Z from Ctrl+Shift+Z and a bare Z', () => {
    expect(matchesSpec('Ctrl+Z', key({ key: 'z', ctrlKey: true }))).toBe(true);
    expect(matchesSpec('Ctrl+Z', key({ key: 'Z', ctrlKey: true, shiftKey: true }))).toBe(false);
    expect(matchesSpec('Ctrl+Shift+Z', key({ key: 'Z', ctrlKey: true, shiftKey: true }))).toBe(true);
    expect(matchesSpec('Ctrl+Z', key({ key: 'z', metaKey: true }))).toBe(true); // Cmd on macOS
    expect(matchesSpec('Ctrl+Z', key({ key: 'z' }))).toBe(false);
  });

  it('read Alt+letters and digits by the physical key (macOS types å for Alt+A)', () => {
    expect(matchesSpec('Alt+A', key({ key: 'å', code: 'KeyA', altKey: true }))).toBe(true);
    expect(matchesSpec('Alt+1–9', key({ key: '¡', code: 'Digit1', altKey: true }))).toBe(true);
    expect(matchesSpec('Shift+1–9', key({ key: '!', code: 'Digit1', shiftKey: true }))).toBe(true);
  });

  it('give a letter key with Ctrl or Alt no attribute meaning', () => {
    expect(matchesSpec('a–z', key({ key: 'o' }))).toBe(true);
    expect(matchesSpec('a–z', key({ key: 'O', shiftKey: true }))).toBe(true); // Shift cycles backwards
    expect(matchesSpec('a–z', key({ key: 'o', ctrlKey: true }))).toBe(false);
    expect(matchesSpec('a–z', key({ key: 'r', code: 'KeyR', altKey: true }))).toBe(false);
  });

  it('take the more particular command first: Review before the text, R before the attribute letters', () => {
    expect(commandsFor(key({ key: '2', code: 'Digit2' }), ['review', 'text']).map((c) => c.id)).toEqual(['review.accept', 'span.tag']);
    expect(commandsFor(key({ key: '@', code: 'Digit2', shiftKey: true }), ['review', 'text'])[0]!.id).toBe('review.acceptStay');
    expect(commandsFor(key({ key: 'r', code: 'KeyR' }), ['text']).map((c) => c.id)).toEqual(['span.relation', 'span.attribute']);
    expect(commandsFor(key({ key: 'F6' }), ['anywhere']).map((c) => c.id)).toEqual(['region.next']);
    expect(commandsFor(key({ key: 'F6', shiftKey: true }), ['anywhere']).map((c) => c.id)).toEqual(['region.previous']);
  });

  it('give no key two meanings in one context', () => {
    const clashes: string[] = [];
    for (const a of COMMANDS)
      for (const b of COMMANDS)
        if (a !== b && a.context === b.context) for (const k of a.keys) if (b.keys.includes(k)) clashes.push(`${k}: ${a.id} and ${b.id}`);
    expect(clashes).toEqual([]);
  });

  it('keep the window keys clear of the text keys (labels 1–9, attribute letters)', () => {
    for (const c of COMMANDS.filter((c) => c.context === 'anywhere'))
      for (const k of c.keys) expect(/^(Ctrl|Alt)\+|^(Shift\+)?F\d+$|^Esc$/.test(k), `${c.id}: ${k} would clash with typing`).toBe(true);
  });
});
