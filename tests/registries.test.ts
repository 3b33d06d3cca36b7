/**
 * The extension points are one table each (docs/ARCHITECTURE.md, "Where a new feature goes"):
 * interchange formats in shared/interchange/formats.ts, attribute kinds in
 * shared/model/attributeKinds.ts. The type check asks a new entry for every field; these tests
 * catch what it cannot: a format or a kind added somewhere else (a writer, a reader, a schema,
 * a flag, an editor, a page of the docs) and not in its table, or in its table and missing
 * from a door or a page.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { z } from 'zod';
import { buildCli } from '../backend/cli/main';
import { WRITERS } from '../backend/export/formats';
import { inputSchemas } from '../shared/api/contract';
import { attributeDefSchema } from '../shared/format/manifest';
import { EXPORT_FORMATS, FORMAT_ENTRIES, FORMAT_OPTIONS, FORMATS, IMPORT_FORMATS } from '../shared/interchange/formats';
import { ATTRIBUTE_KIND_IDS, ATTRIBUTE_KINDS, ATTRIBUTE_TYPES } from '../shared/model/attributeKinds';
import type { AttributeDef } from '../shared/model/labels';

const root = path.resolve(__dirname, '..');
/** The fields of a contract schema (the contract types them by their input only). */
const shape = (schema: unknown) => (schema as z.ZodObject).shape;
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
/** The lines of a Markdown file from a heading to the next heading of the same level. */
function section(markdown: string, heading: string): string {
  const lines = markdown.split('\n');
  const start = lines.indexOf(heading);
  if (start < 0) throw new Error(`no heading "${heading}"`);
  const level = heading.match(/^#+/)![0];
  const end = lines.findIndex((l, i) => i > start && new RegExp(`^${level} `).test(l));
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

describe('formats: one table, read by every door and page', () => {
  it('the service takes exactly the formats of the table, and imports exactly those marked importable', () => {
    const exportFormat = shape(inputSchemas.exportDataset).format as z.ZodEnum;
    const importFormat = (shape(inputSchemas.importAnnotations).format as z.ZodOptional<z.ZodEnum>).unwrap();
    expect(Object.keys(exportFormat.enum).sort()).toEqual(Object.keys(FORMATS).sort());
    expect(Object.keys(importFormat.enum).sort()).toEqual(FORMAT_ENTRIES.filter(([, f]) => f.import).map(([id]) => id).sort());
  });

  it('every format has a writer, and no writer is without a format', () => {
    expect(Object.keys(WRITERS).sort()).toEqual([...EXPORT_FORMATS].sort());
  });

  it('the format options the service validates are exactly those the table gives some format, each to one', () => {
    const schema = (shape(inputSchemas.exportDataset).options as z.ZodOptional<z.ZodObject>).unwrap();
    const keys = FORMAT_OPTIONS.map((o) => o.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(Object.keys(schema.shape).sort()).toEqual([...keys].sort());
  });

  it('the command line offers every format, every importable format and every format option', () => {
    const cli = buildCli();
    const command = (name: string) => cli.commands.find((c) => c.name() === name)!;
    const help = (name: string, flag: string) => command(name).options.find((o) => o.long === flag)!.description;
    expect(help('export', '--format')).toBe(EXPORT_FORMATS.join(', '));
    expect(help('import-annotations', '--format')).toBe(`${IMPORT_FORMATS.join(', ')} (default: told by the file)`);
    const flags = command('export').options.map((o) => o.flags);
    for (const o of FORMAT_OPTIONS) expect(flags, o.flag).toContain(o.flag);
  });

  it('docs/EXPORT.md has a section for each format, named as the table names it, and none for another', () => {
    const formats = section(read('docs/EXPORT.md'), '## The formats');
    const headings = [...formats.matchAll(/^### (.+) \(`([a-z0-9-]+)`\)$/gm)].map((m) => [m[2], m[1]]);
    expect(headings.sort()).toEqual(FORMAT_ENTRIES.map(([id, f]) => [id, f.name]).sort());
  });

  it('the README lists each format once in its export table, and each format option', () => {
    const exportSection = section(read('README.md'), '## Export');
    const rows = [...exportSection.matchAll(/^\| `([a-z0-9][a-z0-9-]*)` \|/gm)].map((m) => m[1]);
    expect(rows.sort()).toEqual([...EXPORT_FORMATS].sort());
    for (const o of FORMAT_OPTIONS) expect(exportSection, o.flag).toContain(`\`${o.flag.split(' ')[0]}`);
  });
});

describe('attribute kinds: one table, with an editor each', () => {
  it('every kind has an editor in the inspector, and no editor is without a kind', async () => {
    // The editors' module reaches the service client, which looks for the desktop shell's bridge.
    vi.stubGlobal('window', { standoff: { invoke: () => Promise.resolve({ ok: false, error: { code: 'internal', message: 'not in a test' } }) } });
    const { ATTRIBUTE_EDITORS } = await import('../renderer/inspector/attributeEditors');
    vi.unstubAllGlobals();
    expect(Object.keys(ATTRIBUTE_EDITORS).sort()).toEqual([...ATTRIBUTE_KIND_IDS].sort());
    for (const kind of ATTRIBUTE_KIND_IDS) expect(typeof ATTRIBUTE_EDITORS[kind], kind).toBe('function');
  });

  it('the manifest takes a definition of every kind of the table, and of no other', () => {
    const base = { id: 'a', name: 'A' };
    for (const kind of ATTRIBUTE_KIND_IDS) {
      // Made the way the label editor makes one: from another definition, by the kind's retype.
      const def = ATTRIBUTE_KINDS[kind].retype(base, { ...base, type: 'choice', options: [{ id: 'x', name: 'x' }] });
      expect(def.type).toBe(kind);
      expect(attributeDefSchema.safeParse(def).success, kind).toBe(true);
    }
    expect(attributeDefSchema.safeParse({ ...base, type: 'date' }).success).toBe(false);
  });

  it('the label editor offers exactly the kinds of the table', () => {
    expect(ATTRIBUTE_TYPES.map((t) => t.type)).toEqual(ATTRIBUTE_KIND_IDS);
  });

  it('the JSON Schema of standoff.json and docs/FORMAT.md know every kind', () => {
    const schema = read('docs/schema/project.schema.json');
    const table = section(read('docs/FORMAT.md'), '## Manifest: `standoff.json`');
    for (const kind of ATTRIBUTE_KIND_IDS) {
      expect(schema, kind).toContain(`"const": "${kind}"`);
      expect(table, kind).toMatch(new RegExp(`^ *\\| \`${kind}\` \\|`, 'm'));
    }
  });

  it('every kind says whether a value fits, in words, and reads a fitting value in words', () => {
    const samples: { [K in AttributeDef['type']]: [Extract<AttributeDef, { type: K }>, unknown, unknown] } = {
      choice: [{ id: 'a', name: 'A', type: 'choice', options: [{ id: 'x', name: 'ex' }] }, 'x', 'y'],
      choices: [{ id: 'a', name: 'A', type: 'choices', options: [{ id: 'x', name: 'ex' }] }, ['x'], 'x'],
      integer: [{ id: 'a', name: 'A', type: 'integer', min: 0 }, 3, -1],
      range: [{ id: 'a', name: 'A', type: 'range' }, { min: 31, max: null }, { min: null, max: null }],
      boolean: [{ id: 'a', name: 'A', type: 'boolean' }, true, 'yes'],
      text: [{ id: 'a', name: 'A', type: 'text' }, 'free', 3],
      entity: [{ id: 'a', name: 'A', type: 'entity' }, 'e-1', ''],
    };
    expect(Object.keys(samples).sort()).toEqual([...ATTRIBUTE_KIND_IDS].sort());
    for (const kind of ATTRIBUTE_KIND_IDS) {
      const [def, good, bad] = samples[kind];
      const entry = ATTRIBUTE_KINDS[kind] as unknown as (typeof ATTRIBUTE_KINDS)['text'];
      expect(entry.problem(def as never, good as never), kind).toBeNull();
      expect(entry.problem(def as never, bad as never), kind).toMatch(/^[a-z"]/);
      expect(entry.describe(def as never, good as never, () => 'Entity One'), kind).not.toBe('');
    }
  });
});
