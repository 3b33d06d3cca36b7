import { describe, expect, it } from 'vitest';
import { TEST_CONTEXT, generateDocument, seededRandom } from '../../../tests/interchange/generate';
import { spanOver } from '../../../tests/support/spans';
import { DEFAULT_SCHEMA } from '../../model/labels';
import type { InterchangeDocument } from '../model';
import { csvColumns, csvTable, exportCsv } from './export';
import { csvField, csvRecord } from './rfc4180';

/** RFC 4180 parsing, written separately from the writer, for the round trip below. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    }
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length) throw new Error('unterminated last record');
  return rows;
}

describe('RFC 4180 writer (to be replaced by csv-stringify)', () => {
  it('quotes what needs quoting, escapes formulas in text, writes numbers as numbers', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "no"')).toBe('"say ""no"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=SUM(A1:A9)')).toBe("'=SUM(A1:A9)");
    expect(csvField('+1 555')).toBe("'+1 555");
    expect(csvField('-2 dead')).toBe("'-2 dead");
    expect(csvField('@cmd')).toBe("'@cmd");
    expect(csvField('\tx')).toBe("'\tx");
    expect(csvField('\rx')).toBe('"\'\rx"');
    expect(csvField('＝1+1')).toBe("'＝1+1");
    expect(csvField('=a,b')).toBe(`"'=a,b"`);
    expect(csvField('=a', { escapeFormulas: false })).toBe('=a');
    expect(csvField(-2)).toBe('-2');
    expect(csvField(62)).toBe('62');
    expect(csvField(null)).toBe('');
    expect(csvField('a;b', { delimiter: ';' })).toBe('"a;b"');
    expect(csvRecord(['a', 1, null])).toBe('a,1,\r\n');
  });
});

describe('CSV export', () => {
  const text = 'Kataib Hezbollah claimed responsibility; the U.S. said 3 soldiers were killed.';
  const actor = { ...spanOver(text, 'Kataib Hezbollah', 'a1', 'actor'), attributes: { entity: 'kataib-hezbollah', kind: 'armed-group' } };
  const claim = { ...spanOver(text, 'claimed responsibility', 'c1', 'claim'), attributes: { type: 'responsibility', note: '=HYPERLINK("x")', targets: ['civilians', 'convoy'] } };
  const figure = { ...spanOver(text, '3 soldiers were killed', 'f1', 'casualty-figure'), attributes: { count: { min: 3, max: null }, vague: false, outcome: 'killed' } };
  const doc: InterchangeDocument = {
    id: 'doc-1',
    text,
    title: '-1 attack',
    source: null,
    annotator: 'layla',
    spans: [figure, claim, actor],
    relations: [{ id: 'r1', type: 'claimant', from: 'c1', to: 'a1' }],
  };

  it('has one column per attribute (ranges as min and max, entities as name and id) and readable relations', () => {
    expect(csvColumns(DEFAULT_SCHEMA)).toEqual([
      'document', 'title', 'annotator', 'span', 'label', 'text', 'start', 'end',
      'claim.type',
      'casualty-figure.outcome', 'casualty-figure.count.min', 'casualty-figure.count.max', 'casualty-figure.hedge', 'casualty-figure.vague', 'casualty-figure.victims',
      'actor.entity', 'actor.entity.id', 'actor.kind',
      'relations', 'relations.incoming', 'note', 'note.flag', 'document.note',
    ]);
    const table = csvTable([doc], TEST_CONTEXT);
    expect(table.issues).toEqual([]);
    const rows = table.rows.map((r) => Object.fromEntries(table.header.map((h, i) => [h, r[i]]).filter(([, v]) => v !== null)));
    expect(rows).toEqual([
      {
        document: 'doc-1', title: '-1 attack', annotator: 'layla', span: 'a1', label: 'actor', text: 'Kataib Hezbollah', start: 0, end: 16,
        'actor.entity': 'Kataib Hezbollah', 'actor.entity.id': 'kataib-hezbollah', 'actor.kind': 'armed group',
        'relations.incoming': 'claimant ← claimed responsibility (claim 17–39)',
      },
      {
        document: 'doc-1', title: '-1 attack', annotator: 'layla', span: 'c1', label: 'claim', text: 'claimed responsibility', start: 17, end: 39,
        'claim.type': 'responsibility', 'claim.note': '=HYPERLINK("x")', 'claim.targets': 'civilians; convoy',
        relations: 'claimant → Kataib Hezbollah (actor 0–16)',
      },
      {
        document: 'doc-1', title: '-1 attack', annotator: 'layla', span: 'f1', label: 'casualty-figure', text: '3 soldiers were killed', start: 55, end: 77,
        'casualty-figure.outcome': 'killed', 'casualty-figure.count.min': 3, 'casualty-figure.vague': 'no',
      },
    ]);
  });

  it('writes the file: formulas escaped, numbers bare, RFC 4180 quoting, CRLF, optional BOM', () => {
    const { text: out, issues } = exportCsv([doc], TEST_CONTEXT, { bom: true });
    expect(issues).toEqual([]);
    expect(out.startsWith('\uFEFFdocument,title,annotator,span,label,text,start,end,')).toBe(true);
    const lines = out.split('\r\n');
    expect(lines[2]).toContain(`doc-1,'-1 attack,layla,c1,claim,claimed responsibility,17,39,responsibility,"'=HYPERLINK(""x"")",civilians; convoy,`);
    expect(lines[3]).toContain(',55,77,');
    expect(lines[3]).toContain(',killed,3,,,no,');
    expect(out.endsWith('\r\n')).toBe(true);
    expect(exportCsv([doc], TEST_CONTEXT, { values: 'ids', labels: ['actor'] }).text.split('\r\n')[1]).toBe(
      "doc-1,'-1 attack,layla,a1,actor,Kataib Hezbollah,0,16,Kataib Hezbollah,kataib-hezbollah,armed-group,,claimant ← claimed responsibility (claim 17–39),,,",
    );
  });

  it('reports what it leaves out or empty', () => {
    const bad: InterchangeDocument = {
      ...doc,
      spans: [
        { ...actor, attributes: { entity: 'nobody', kind: 'tank', colour: 'red' } },
        { ...claim, id: 'far', startOffset: 70, endOffset: 900 },
      ],
      relations: [],
    };
    expect(csvTable([bad], TEST_CONTEXT).issues.map((i) => `${i.item}: ${i.message}`)).toEqual([
      'a1: attribute "colour" of actor is not in the schema: not exported',
      'a1: actor.entity: entity "nobody" is not in the registry: its name is left empty',
      'a1: actor.kind: "tank" is not one of its options (state, armed-group, official, media, civilians, other): left empty',
      'far: span 70–900 is outside the text (78 code points): not exported',
    ]);
  });

  it('parses back to the same cells for 300 generated documents (an independent RFC 4180 reader)', () => {
    const random = seededRandom(808);
    const docs = Array.from({ length: 300 }, (_, n) => generateDocument(random, n, { zeroWidth: true }));
    const table = csvTable(docs, TEST_CONTEXT);
    const parsed = parseCsv(exportCsv(docs, TEST_CONTEXT).text);
    const formula = (s: string) => (/^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/.test(s) ? `'${s}` : s);
    expect(parsed[0]).toEqual(table.header);
    expect(parsed.slice(1)).toEqual(table.rows.map((r) => r.map((c) => (c === null ? '' : typeof c === 'number' ? String(c) : formula(c)))));
    expect(table.rows.length).toBe(docs.reduce((n, d) => n + d.spans.length, 0));
  });
});
