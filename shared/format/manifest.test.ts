import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEMA } from '../model/labels';
import { FormatError } from './errors';
import { MANIFEST_FILE, newManifest, parseManifest, serializeManifest } from './manifest';

const good = () => JSON.parse(serializeManifest(newManifest('Iraq reports', DEFAULT_SCHEMA))) as Record<string, unknown> & { labels: Array<Record<string, unknown>> };
const rejects = (record: unknown): string => {
  try {
    parseManifest(JSON.stringify(record), MANIFEST_FILE);
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    expect((e as FormatError).file).toBe(MANIFEST_FILE);
    return (e as FormatError).problems.join('\n');
  }
  throw new Error('expected the manifest to be rejected');
};

describe('project manifest', () => {
  it('round-trips the default schema byte for byte, with the four labels of the design', () => {
    const text = serializeManifest(newManifest('Iraq reports', DEFAULT_SCHEMA));
    const parsed = parseManifest(text, MANIFEST_FILE);
    expect(parsed.labels.map((l) => l.id)).toEqual(['claim', 'denial', 'casualty-figure', 'actor']);
    expect(parsed.labels.map((l) => l.key)).toEqual(['1', '2', '3', '4']);
    expect(parsed.settings.snapToWords).toBe(true);
    expect(serializeManifest(parsed)).toBe(text);
  });

  it('rejects two labels with one id or one key, naming the label by its path', () => {
    const m = good();
    m.labels[1] = { ...m.labels[1], id: 'claim', key: '1' };
    const text = rejects(m);
    expect(text).toContain('labels[1].id: duplicate label id "claim"');
    expect(text).toContain('labels[1].key: key 1 is used twice');
  });

  it('rejects a bad colour, a bad key, no labels, and a key used twice', () => {
    const m = good();
    m.labels[0] = { ...m.labels[0], color: 'blue', key: '0' };
    const text = rejects(m);
    expect(text).toMatch(/^labels\[0\]\.color: must be a colour like #0072b2$/m);
    expect(text).toMatch(/^labels\[0\]\.key: must be one digit 1–9$/m);
    expect(rejects({ ...good(), labels: [] })).toMatch(/^labels: /m);
    const ten = Array.from({ length: 10 }, (_, i) => ({ id: `l${i}`, name: `L${i}`, key: String((i % 9) + 1), color: '#000000', attributes: [] }));
    expect(rejects({ ...good(), labels: ten, relations: [] })).toMatch(/^labels\[9\]\.key: key 1 is used twice$/m);
  });

  it('holds any number of labels (keys for nine), with the case and punctuation of other tools', () => {
    // An OntoNotes-sized set and more: labels past the ninth have no key.
    const many = Array.from({ length: 40 }, (_, i) => ({ id: i === 0 ? 'WORK_OF_ART' : i === 1 ? 'Simple_chemical' : i === 2 ? 'org.company' : `L-${i}`, name: `L${i}`, ...(i < 9 ? { key: String(i + 1) } : {}), color: '#000000', attributes: [] }));
    const m = { ...good(), labels: many, relations: [{ id: 'Part-of', name: 'Part-of', from: ['Simple_chemical'], to: ['WORK_OF_ART'] }] };
    const parsed = parseManifest(JSON.stringify(m), 'standoff.json');
    expect(parsed.labels).toHaveLength(40);
    expect(parsed.labels[39]!.key).toBeUndefined();
    expect(parseManifest(serializeManifest(parsed), 'standoff.json')).toEqual(parsed);
    expect(rejects({ ...good(), labels: [{ id: 'Person Name', name: 'x', color: '#000000', attributes: [] }], relations: [] })).toMatch(/^labels\[0\]\.id: must be 1–64 letters/m);
  });

  it('rejects a newer version without reading further, and a missing setting', () => {
    expect(rejects({ ...good(), version: 3 })).toMatch(/version 3 is newer.*left as it is/);
    expect(rejects({ ...good(), settings: {} })).toMatch(/^settings\.snapToWords: /m);
  });
});
