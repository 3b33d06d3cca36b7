import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readBratConf } from './readConf';

const CORPORA = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../../backend/import/fixtures/corpora');
const conf = (folder: string) => readBratConf(readFileSync(path.join(CORPORA, folder, 'annotation.conf'), 'utf8'));

describe('readBratConf on the annotation.conf files of brat’s own examples', () => {
  it('NCBI-disease: one entity type and its valued attribute', () => {
    expect(conf('brat-ncbi-disease')).toEqual({
      entities: ['Disease'],
      events: [],
      relations: [],
      attributes: [{ name: 'Category', args: ['Disease'], values: ['SpecificDisease', 'Modifier', 'DiseaseClass', 'CompositeMention'] }],
    });
  });

  it('the news tutorial: relations with argument types, macros expanded, event groups (!Life) left out, flags', () => {
    const c = conf('brat-news-tutorial');
    expect(c.entities).toEqual(['Person', 'Organization', 'GPE', 'Money']);
    expect(c.relations.find((r) => r.type === 'Located')).toEqual({ type: 'Located', arg1: ['Person'], arg2: ['GPE'] });
    expect(c.events).toContain('Die');
    expect(c.events).not.toContain('!Life');
    expect(c.attributes).toEqual([
      { name: 'Individual', args: ['<ENTITY>'], values: null },
      { name: 'Mention', args: ['<ENTITY>'], values: ['Name', 'Nominal', 'Other'] },
      { name: 'Negation', args: ['<EVENT>'], values: null },
      { name: 'Confidence', args: ['<EVENT>'], values: ['High', 'Neutral', 'Low'] },
    ]);
  });
});
