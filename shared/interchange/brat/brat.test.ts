import { describe, expect, it } from 'vitest';
import {
  TEST_CONTEXT,
  TEST_SCHEMA,
  generateDocument,
  generateRelations,
  generateSpans,
  generateText,
  relationKeys,
  seededRandom,
  spanKey,
} from '../../../tests/interchange/generate';
import { spanOver } from '../../../tests/support/spans';
import { DEFAULT_SCHEMA } from '../../model/labels';
import { quoteOf } from '../../model/quote';
import { CodePointIndex } from '../../text/codePoints';
import { normalizeText } from '../../text/normalize';
import type { InterchangeDocument } from '../model';
import { bratAnnotationConf, bratAttributeNames, bratVisualConf } from './conf';
import { exportBrat, exportBratDocument } from './export';
import { importBrat, type BratImportOptions } from './import';

const OPTIONS: BratImportOptions = { schema: TEST_SCHEMA, annotator: 'layla' };

function doc(text: string, spans: InterchangeDocument['spans'], relations: InterchangeDocument['relations'] = []): InterchangeDocument {
  return { id: 'd1', text, title: null, source: null, annotator: 'layla', spans, relations };
}

function roundTrip(d: InterchangeDocument) {
  const out = exportBratDocument(d, TEST_CONTEXT);
  const back = importBrat([{ id: d.id, text: out.txt, ann: out.ann }], OPTIONS);
  if (!back.ok) throw new Error(JSON.stringify(back.problems, null, 1) + '\n' + out.ann);
  return { out, back: back.documents[0]!, warnings: back.warnings };
}

describe('brat export', () => {
  it('writes T, R, A and note lines in code points, with the text field brat checks', () => {
    const text = 'Kataib Hezbollah 👍🏽 claimed the attack; 3 killed.';
    const actor = { ...spanOver(text, 'Kataib Hezbollah', 's-actor', 'actor'), attributes: { entity: 'kataib-hezbollah', kind: 'armed-group' } };
    const claim = { ...spanOver(text, 'claimed the attack', 's-claim', 'claim'), attributes: { type: 'responsibility', note: 'said; on TV\nlater', targets: ['convoy', 'civilians'] } };
    const figure = { ...spanOver(text, '3 killed', 's-fig', 'casualty-figure'), attributes: { count: { min: 3, max: null }, vague: false, outcome: 'killed' } };
    const out = exportBratDocument(doc(text, [claim, actor, figure], [{ id: 'r1', type: 'claimant', from: 's-claim', to: 's-actor' }]), TEST_CONTEXT);
    expect(out.ann.split('\n')).toEqual([
      'T1\tactor 0 16\tKataib Hezbollah',
      'T2\tclaim 20 38\tclaimed the attack',
      'T3\tcasualty-figure 40 48\t3 killed',
      'R1\tclaimant Arg1:T2 Arg2:T1',
      'A1\tkind T1 armed-group',
      'A2\ttype T2 responsibility',
      'A3\toutcome T3 killed',
      '#1\tAnnotatorNotes T1\tentity: kataib-hezbollah (Kataib Hezbollah)',
      '#2\tAnnotatorNotes T2\tnote: said\\; on TV\\nlater; targets: convoy, civilians',
      '#3\tAnnotatorNotes T3\tcount: 3..; vague: no',
      '',
    ]);
    expect(out.txt).toBe(text);
    expect(out.issues).toEqual([]);
    // Code points, not UTF-16: the emoji with its skin tone is two code points (four units).
    expect([...text].slice(20, 38).join('')).toBe('claimed the attack');
  });

  it('splits a span across lines into fragments, marking newline edges with zero-width fragments', () => {
    const text = 'al-Ashrin\nBrigades\n\nsaid';
    const spans = [
      { id: 'a', label: 'actor', startOffset: 0, endOffset: 18, quote: quoteOf(new CodePointIndex(text), 0, 18) },
      { id: 'b', label: 'claim', startOffset: 9, endOffset: 24, quote: quoteOf(new CodePointIndex(text), 9, 24) },
      { id: 'c', label: 'denial', startOffset: 18, endOffset: 20, quote: quoteOf(new CodePointIndex(text), 18, 20) },
    ];
    const { out, back } = roundTrip(doc(text, spans));
    expect(out.ann.split('\n').slice(0, 3)).toEqual(['T1\tactor 0 9;10 18\tal-Ashrin Brigades', 'T2\tclaim 9 9;10 18;20 24\t Brigades said', 'T3\tdenial 18 18;20 20\t ']);
    expect(back.spans.map((s) => [s.label, s.startOffset, s.endOffset])).toEqual([
      ['actor', 0, 18],
      ['claim', 9, 24],
      ['denial', 18, 20],
    ]);
  });

  it('generates annotation.conf and visual.conf from the schema', () => {
    const conf = bratAnnotationConf(TEST_SCHEMA);
    expect(conf).toContain('[entities]\nclaim\ndenial\ncasualty-figure\nactor\n');
    expect(conf).toContain('claimant\tArg1:claim, Arg2:actor\n');
    expect(conf).toContain('<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n');
    expect(conf).toContain('type\tArg:claim, Value:responsibility|event-report|accusation|statement\n');
    // denial's yes/no "type" cannot share claim's choice "type".
    expect(conf).toContain('type-denial\tArg:denial\n');
    expect(conf).toContain('vague\tArg:casualty-figure\n');
    expect(conf).not.toMatch(/^count\t/m); // ranges go in notes
    expect(bratAttributeNames(TEST_SCHEMA).attributeOf('type-denial', 'denial')).toBe('type');
    expect(bratVisualConf(DEFAULT_SCHEMA)).toContain('casualty-figure\tbgColor:#009e73, fgColor:black');
    const all = exportBrat([], TEST_CONTEXT);
    expect(all.annotationConf).toBe(conf);
  });

  it('reports what it cannot write instead of dropping it silently', () => {
    const text = 'one two';
    const out = exportBratDocument(
      doc(
        text,
        [
          { id: 'x', label: 'claim', startOffset: 4, endOffset: 99, quote: { prefix: '', exact: '', suffix: '' } },
          { ...spanOver(text, 'one', 'y', 'claim'), attributes: { type: 'nonsense', bogus: 1 } },
        ],
        [{ id: 'r', type: 'claimant', from: 'y', to: 'x' }],
      ),
      TEST_CONTEXT,
    );
    expect(out.issues.map((i) => i.message)).toEqual([
      'attribute "bogus" is not an attribute of claim in the schema: not exported',
      expect.stringContaining('claim › type: "nonsense" is not one of its options'),
      'span 4–99 is outside the text (7 code points): not exported',
      'relation "claimant" joins a span that is not exported (x): not exported',
    ]);
  });
});

describe('brat round trip (property, seeded)', () => {
  it('gives back the same spans, attributes and relations for 400 generated documents', () => {
    const random = seededRandom(20240501);
    let spans = 0;
    let relations = 0;
    for (let n = 0; n < 400; n++) {
      const d = generateDocument(random, n, { zeroWidth: true });
      const { out, back } = roundTrip(d);
      expect(out.issues, `seed doc ${n}`).toEqual([]);
      expect(back.text).toBe(d.text);
      expect(back.spans.map((s) => spanKey(s)).sort(), `doc ${n}\n${out.ann}`).toEqual(d.spans.map((s) => spanKey(s)).sort());
      for (const s of back.spans) expect(s.quote).toEqual(quoteOf(new CodePointIndex(d.text), s.startOffset, s.endOffset));
      expect(relationKeys(back.spans, back.relations)).toEqual(relationKeys(d.spans, d.relations));
      // Every T line passes brat's own check: the text field is the fragments joined by one space, on one line.
      // eslint-disable-next-line no-control-regex -- the line ends of Python's splitlines()
      for (const line of out.ann.split('\n')) expect(line).not.toMatch(/[\r\v\f\x1c-\x1e\x85\u2028\u2029]/);
      spans += d.spans.length;
      relations += d.relations.length;
    }
    expect(spans).toBeGreaterThan(1500);
    expect(relations).toBeGreaterThan(100);
  });

  it('converts offsets of a CRLF text (with a BOM) to the stored LF text', () => {
    const random = seededRandom(7);
    for (let n = 0; n < 200; n++) {
      const raw = (random() < 0.3 ? '\uFEFF' : '') + generateText(random).replace(/\n/g, '\r\n');
      const rawSpans = generateSpans(random, raw, { zeroWidth: true });
      const d = { ...doc(raw, rawSpans), relations: generateRelations(random, rawSpans) };
      const out = exportBratDocument(d, TEST_CONTEXT);
      const back = importBrat([{ id: 'd1', text: out.txt, ann: out.ann }], OPTIONS);
      expect(back.ok, JSON.stringify(!back.ok && back.problems)).toBe(true);
      if (!back.ok) continue;
      const stored = normalizeText(raw);
      const got = back.documents[0]!;
      expect(got.text).toBe(stored);
      // Expected: each raw offset minus the removed BOM and CRs before it.
      const cps = [...raw];
      const removedBefore = (o: number) => cps.slice(0, o).filter((c, i) => (i === 0 && c === '\uFEFF') || (c === '\r' && cps[i + 1] === '\n')).length;
      const expected = rawSpans.map((s) => spanKey({ ...s, startOffset: s.startOffset - removedBefore(s.startOffset), endOffset: s.endOffset - removedBefore(s.endOffset) })).sort();
      expect(got.spans.map((s) => spanKey(s)).sort()).toEqual(expected);
      const stored16 = new CodePointIndex(stored);
      for (const s of got.spans) expect(s.quote.exact).toBe(stored16.slice(s.startOffset, s.endOffset));
    }
  });
});

describe('brat import validation', () => {
  const text = 'Kataib Hezbollah 👍🏽 claimed the attack. It was denied.';
  const ok = (ann: string, extra: Partial<BratImportOptions> = {}) => importBrat([{ id: 'd', text, ann }], { ...OPTIONS, ...extra });
  const problems = (ann: string) => {
    const r = ok(ann);
    expect(r.ok).toBe(false);
    return r.ok ? [] : r.problems.map((p) => `${p.file}:${p.line ?? '-'} ${p.message}`);
  };

  it('reads a hand-written file (any line order, CRLF line ends, a byte-order mark)', () => {
    const r = ok('\uFEFFR1\tclaimant Arg1:T2 Arg2:T1\r\nT1\tactor 0 16\tKataib Hezbollah\r\nT2\tclaim 20 38\tclaimed the attack\r\nA1\ttype T2 accusation\r\n\r\n');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.documents[0]!.spans.map((s) => [s.id, s.label, s.startOffset, s.endOffset, s.quote.exact, s.attributes])).toEqual([
      ['T1', 'actor', 0, 16, 'Kataib Hezbollah', undefined],
      ['T2', 'claim', 20, 38, 'claimed the attack', { type: 'accusation' }],
    ]);
    expect(r.documents[0]!.relations).toEqual([{ id: 'R1', type: 'claimant', from: 'T2', to: 'T1' }]);
    expect(r.warnings).toEqual([]);
  });

  it('names the file and line of each problem, and imports nothing', () => {
    expect(
      problems(
        [
          'T1\tweapon 0 6\tKataib',
          'T2\tclaim 20 99\tclaimed',
          'T3\tclaim 22 40\tclaimed the attack',
          'T4\tactor 0 16\tKataib Hezbolla',
          'T5\tclaim 20 38\tclaimed the attack',
          'A1\ttype T5 bragging',
          'A2\tvague T5',
          'R1\tclaimant Arg1:T5 Arg2:T9',
          'R2\tdenies Arg1:T5 Arg2:T5',
          'R3\tdenier Arg1:T5 Arg2:T6',
          '#1\tAnnotatorNotes T5\tnote: x; targets: convoy, tanks',
          'T5\tclaim 0 1\tK',
          'no tab here',
          'X1\tsomething',
          'T6\tactor 0 16\tKataib Hezbollah',
          'A3\tkind T4 state',
        ].join('\n'),
      ),
    ).toEqual([
      'd.ann:1 T1: label "weapon" is not in the schema (claim, denial, casualty-figure, actor)',
      'd.ann:2 T2: offsets 20–99 are outside the text (54 code points)',
      'd.ann:3 T3: text "claimed the attack" is not the text at 22 40: "aimed the attack. " (the offsets fit as UTF-16 code units: brat offsets are code points)',
      'd.ann:4 T4: text "Kataib Hezbolla" is not the text at 0 16: "Kataib Hezbollah"',
      'd.ann:12 a second annotation with id T5',
      'd.ann:13 not a brat annotation line (expected an id, a tab, then the annotation)',
      'd.ann:14 unknown annotation kind "X" (id X1): brat has T, R, E, A/M, N, * and # lines',
      'd.ann:7 A2: "vague" is not a one-of-a-list or yes/no attribute of claim in the schema',
      'd.ann:8 R1: T9 is not a text-bound annotation (T line) of this file',
      'd.ann:9 R2: a relation joins two different spans',
      'd.ann:10 R3: "denier" cannot start at a claim span',
      'd.ann:6 T5 claim › type: "bragging" is not one of its options (responsibility, event-report, accusation, statement)',
      'd.ann:11 T5 claim › targets: "tanks" is not among its options',
    ]);
  });

  it('joins fragments split at line breaks; rejects (or, asked to, covers) real discontinuity', () => {
    const t2 = 'Saraya\nThawrat and al-Ashrin';
    const one = importBrat([{ id: 'd', text: t2, ann: 'T1\tactor 0 6;7 14\tSaraya Thawrat\n' }], OPTIONS);
    expect(one.ok && one.documents[0]!.spans[0]).toMatchObject({ startOffset: 0, endOffset: 14 });
    const ann = 'T1\tactor 0 6;22 28\tSaraya Ashrin\n';
    const rejected = importBrat([{ id: 'd', text: t2, ann: 'T1\tactor 0 6;22 28\tSaraya Ashrin\n' }], OPTIONS);
    expect(rejected.ok).toBe(false);
    expect(!rejected.ok && rejected.problems[0]!.message).toMatch(/discontinuous with "\\nThawrat and al-" between its fragments/);
    const wrongText = importBrat([{ id: 'd', text: t2, ann }], OPTIONS);
    expect(wrongText.ok).toBe(false);
    const covered = importBrat([{ id: 'd', text: t2, ann: 'T1\tactor 0 6;22 28\tSaraya Ashrin\n' }], { ...OPTIONS, discontinuous: 'cover' });
    expect(covered.ok && covered.documents[0]!.spans[0]).toMatchObject({ startOffset: 0, endOffset: 28 });
    expect(covered.warnings.map((w) => w.line)).toEqual([1]);
  });

  it('warns about what Standoff has no place for, and imports the rest', () => {
    const r = ok(
      [
        'T1\tclaim 20 38\tclaimed the attack',
        'E1\tclaim:T1',
        'N1\tReference T1 Wikidata:Q1\tx',
        '*\tEquiv T1 T1',
        '#1\tAnnotatorNotes T1\tcheck this one later',
        '#2\tAnnotatorNotes R9\tx',
        '#3\tAnnotatorNotes T1\tnote: a real value; targets: convoy',
      ].join('\n'),
    );
    expect(r.ok).toBe(true);
    expect(r.warnings.map((w) => `${w.line} ${w.message}`)).toEqual([
      expect.stringMatching(/^2 event E1 is not imported/),
      expect.stringMatching(/^3 normalisation N1 is not imported/),
      expect.stringMatching(/^4 equivalence/),
      expect.stringMatching(/^6 the note on R9 is not imported/),
    ]);
    expect(r.ok && r.documents[0]!.spans[0]!.attributes).toEqual({ note: 'a real value', targets: ['convoy'] });
    // A note someone wrote in brat is the span's free note.
    expect(r.ok && r.documents[0]!.spans[0]!.note).toEqual({ text: 'check this one later' });
  });

  it('imports a collection all or nothing', () => {
    const good = { id: 'a', text, ann: 'T1\tactor 0 6\tKataib\n' };
    const bad = { id: 'b', text, ann: 'T1\tactor 0 6\tKatai\n', annFile: 'b/b.ann' };
    const r = importBrat([good, bad], OPTIONS);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems.map((p) => `${p.file}:${p.line}`)).toEqual(['b/b.ann:1']);
    expect(importBrat([good, good], OPTIONS).ok).toBe(false);
  });
});
