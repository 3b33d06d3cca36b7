import { describe, expect, it } from 'vitest';
import { TEST_SCHEMA, generateDocument, seededRandom } from '../../../tests/interchange/generate';
import { spanOver } from '../../../tests/support/spans';
import { DEFAULT_SCHEMA } from '../../model/labels';
import { CodePointIndex } from '../../text/codePoints';
import type { InterchangeDocument } from '../model';
import { exportConll, exportConllDocument, emptyConllReport, type ConllReport } from './export';
import { importConll, importIob, iobLabels } from './import';
import { sentenceStarts, tokenize } from './tokenize';

function doc(id: string, text: string, spans: InterchangeDocument['spans']): InterchangeDocument {
  return { id, text, title: null, source: null, annotator: 'layla', spans, relations: [] };
}

/** What import must give back: every span not dropped, at its written (token) extent. */
function expectedSpans(d: InterchangeDocument, report: ConllReport): string[] {
  const dropped = new Set(report.dropped.filter((x) => x.document === d.id).map((x) => x.span));
  const adjusted = new Map(report.adjusted.filter((x) => x.document === d.id).map((x) => [x.span, x]));
  return d.spans
    .filter((s) => !dropped.has(s.id))
    .map((s) => {
      const a = adjusted.get(s.id);
      return JSON.stringify([s.label, a?.newStart ?? s.startOffset, a?.newEnd ?? s.endOffset]);
    })
    .sort();
}

describe('tokens and sentences', () => {
  it('keeps emoji, flags and combining marks whole, splits punctuation, drops whitespace, counts code points', () => {
    const text = 'Kataib 👍🏽 🇮🇶, cafe\u0301 \u0301x «قال» a\u00a0b';
    const tokens = tokenize(text);
    expect(tokens.map((t) => t.text)).toEqual(['Kataib', '👍🏽', '🇮🇶', ',', 'cafe\u0301', '\u0301', 'x', '«', 'قال', '»', 'a', 'b']);
    const index = new CodePointIndex(text);
    for (const t of tokens) expect(index.slice(t.start, t.end)).toBe(t.text);
    expect(tokens[1]).toEqual({ text: '👍🏽', start: 7, end: 9 });
  });

  it('breaks sentences at line breaks and sentence ends, not after a title', () => {
    const text = 'Gen. Smith spoke. Then he left!\nAnother line';
    const tokens = tokenize(text);
    const starts = sentenceStarts(text, tokens, 'segmenter');
    expect(tokens.filter((_, i) => starts[i]).map((t) => t.text)).toEqual(['Gen', 'Then', 'Another']);
    const lines = sentenceStarts(text, tokens, 'lines');
    expect(tokens.filter((_, i) => lines[i]).map((t) => t.text)).toEqual(['Gen', 'Another']);
  });
});

describe('CoNLL IOB2 export', () => {
  it('writes one column per label, so nested spans of different labels both survive', () => {
    const text = 'Kataib Hezbollah claimed it.\nThe U.S. denied 👍🏽';
    const spans = [
      spanOver(text, 'Kataib Hezbollah claimed it', 'c', 'claim'),
      spanOver(text, 'Kataib Hezbollah', 'a', 'actor'),
      spanOver(text, 'The U.S. denied', 'd', 'denial'),
      spanOver(text, 'U.S.', 'a2', 'actor'),
    ];
    const { text: out, report } = exportConll([doc('d1', text, spans)], { schema: DEFAULT_SCHEMA });
    expect(out).toBe(
      [
        '-DOCSTART-\tO\tO\tO\tO',
        '',
        'Kataib\tB-claim\tO\tO\tB-actor',
        'Hezbollah\tI-claim\tO\tO\tI-actor',
        'claimed\tI-claim\tO\tO\tO',
        'it\tI-claim\tO\tO\tO',
        '.\tO\tO\tO\tO',
        '',
        'The\tO\tB-denial\tO\tO',
        'U.S\tO\tI-denial\tO\tB-actor',
        '.\tO\tI-denial\tO\tI-actor',
        'denied\tO\tI-denial\tO\tO',
        '👍🏽\tO\tO\tO\tO',
        '',
        '',
      ].join('\n'),
    );
    expect(report).toMatchObject({ columns: ['token', 'claim', 'denial', 'casualty-figure', 'actor'], documents: 1, sentences: 2, tokens: 10, written: 4, adjusted: [], dropped: [] });
  });

  it('reports every span it moves or drops: mid-token edges, whitespace, same-label overlap, unknown labels', () => {
    const text = 'Saraya Thawrat al-Ashrin claimed   it';
    const spans = [
      spanOver(text, 'aya Thaw', 'mid', 'actor'), // edges inside tokens → whole tokens
      spanOver(text, ' claimed ', 'ws', 'claim'), // whitespace edges → trimmed
      spanOver(text, 'Saraya Thawrat al-Ashrin', 'long', 'actor'),
      spanOver(text, '   ', 'blank', 'denial'),
      { ...spanOver(text, 'it', 'zero', 'denial'), endOffset: spanOver(text, 'it', 'z', 'denial').startOffset },
      spanOver(text, 'it', 'other', 'weapon'),
    ];
    const { report } = exportConll([doc('d1', text, spans)], { schema: DEFAULT_SCHEMA });
    expect(report.adjusted).toEqual([
      { document: 'd1', span: 'ws', label: 'claim', start: 24, end: 33, newStart: 25, newEnd: 32 },
    ]);
    expect(report.dropped.map((d) => [d.span, d.reason, d.keptSpan])).toEqual([
      ['blank', 'no-token', undefined],
      ['other', 'label', undefined],
      ['zero', 'no-token', undefined],
      ['mid', 'overlap', 'long'],
    ]);
    // Alone, the mid-token span is widened to its tokens.
    const alone = exportConll([doc('d1', text, [spans[0]!])], { schema: DEFAULT_SCHEMA }).report;
    expect(alone.adjusted).toEqual([{ document: 'd1', span: 'mid', label: 'actor', start: 3, end: 11, newStart: 0, newEnd: 14 }]);
    expect(alone.notCarried).toEqual({ attributes: 0, relations: 0 });
  });

  it('cannot write a "-DOCSTART-" of the text as a document marker: it is three tokens', () => {
    const text = '-DOCSTART- is a word.';
    const { text: out } = exportConll([doc('d1', text, [])], { schema: DEFAULT_SCHEMA });
    expect(out.split('\n').slice(0, 5)).toEqual(['-DOCSTART-\tO\tO\tO\tO', '', '-\tO\tO\tO\tO', 'DOCSTART\tO\tO\tO\tO', '-\tO\tO\tO\tO']);
    const back = importConll(out, { file: 'x', schema: DEFAULT_SCHEMA, annotator: 'a', documents: [{ id: 'd1', text }] });
    expect(back.ok).toBe(true);
  });
});

describe('CoNLL round trip (property, seeded)', () => {
  it('gives back every span it did not report dropped, at its reported extent, for 400 generated documents', () => {
    const random = seededRandom(31337);
    const docs = Array.from({ length: 400 }, (_, n) => generateDocument(random, n, { zeroWidth: true }));
    for (const header of [false, true]) {
      const { text, report } = exportConll(docs, { schema: TEST_SCHEMA, header });
      const back = importConll(text, { file: 'all.conll', schema: TEST_SCHEMA, annotator: 'layla', documents: docs.map((d) => ({ id: d.id, text: d.text })) });
      if (!back.ok) throw new Error(JSON.stringify(back.problems.slice(0, 5)));
      expect(back.warnings).toEqual([]);
      expect(back.documents.map((d) => d.id)).toEqual(docs.map((d) => d.id));
      docs.forEach((d, i) => {
        const got = back.documents[i]!;
        expect(got.spans.map((s) => JSON.stringify([s.label, s.startOffset, s.endOffset])).sort(), d.id).toEqual(expectedSpans(d, report));
        const index = new CodePointIndex(got.text);
        for (const s of got.spans) expect(s.quote.exact).toBe(index.slice(s.startOffset, s.endOffset));
      });
      // Every span is accounted for: written, or dropped with a reason.
      expect(report.written + report.dropped.length).toBe(docs.reduce((n, d) => n + d.spans.length, 0));
      expect(report.dropped.some((d) => d.reason === 'overlap')).toBe(true);
      expect(report.adjusted.length).toBeGreaterThan(100);
    }
  });

  it('rebuilds a text when none is given (tokens joined by spaces, sentences by line breaks)', () => {
    const random = seededRandom(5);
    for (let n = 0; n < 100; n++) {
      const d = generateDocument(random, n);
      const report = emptyConllReport({ schema: TEST_SCHEMA });
      const out = exportConllDocument(d, { schema: TEST_SCHEMA }, report);
      const back = importConll(out, { file: 'x', schema: TEST_SCHEMA, annotator: 'a' });
      expect(back.ok).toBe(true);
      if (!back.ok) continue;
      const got = back.documents[0]!;
      expect(got.text.split(/[ \n]/).filter(Boolean)).toEqual(tokenize(d.text).map((t) => t.text));
      expect(got.spans.map((s) => s.label).sort()).toEqual(d.spans.filter((s) => !report.dropped.some((x) => x.span === s.id)).map((s) => s.label).sort());
    }
  });
});

describe('CoNLL import validation', () => {
  const text = 'Kataib Hezbollah claimed it';
  const opts = { file: 'x.conll', schema: DEFAULT_SCHEMA, annotator: 'a', documents: [{ id: 'd', text }] };
  const problems = (content: string, o = opts) => {
    const r = importConll(content, o);
    return r.ok ? [] : r.problems.map((p) => `${p.line ?? '-'} ${p.message}`);
  };

  it('reads a header, documents by id, space-separated columns and IOB1-style I- tags (with a warning)', () => {
    const content = ['# columns: token actor claim', '# document: d', '-DOCSTART- -X- -X-', '', 'Kataib I-actor O', 'Hezbollah I-actor B-claim', 'claimed O I-claim', 'it O O', ''].join('\n');
    const r = importConll(content, opts);
    expect(r.ok).toBe(true);
    expect(r.ok && r.documents[0]!.spans.map((s) => [s.id, s.label, s.quote.exact])).toEqual([
      ['s1', 'actor', 'Kataib Hezbollah'],
      ['s2', 'claim', 'Hezbollah claimed'],
    ]);
    expect(r.warnings.map((w) => w.line)).toEqual([5]);
  });

  it('names the line of each problem and imports nothing', () => {
    expect(problems(['Kataib\tB-claim\tO\tO', 'Hezbollah\tI-claim\tO\tO\tO'].join('\n'))).toEqual(['1 4 fields where the columns are 5 (token claim denial casualty-figure actor)']);
    expect(problems(['Kataib\tB-claim\tO\tO\tO', 'Hezbollah\tI-claim\tO\tO\tO', 'claimed\tB-actor\tO\tO\tO', 'it\tX\tO\tO\tO'].join('\n'))).toEqual([
      '3 tag "B-actor" in column claim: that column holds only claim',
      '4 tag "X" in column claim is not O, B-claim or I-claim',
    ]);
    expect(problems(['Kataib\tO\tO\tO\tO', 'Hezbolah\tO\tO\tO\tO'].join('\n'))).toEqual(['2 token "Hezbolah" is not the next word of the text at code point 7 (the text has "Hezbollah")']);
    expect(problems(['Kataib\tO\tO\tO\tO'].join('\n'))).toEqual(['1 the text goes on after the last token: "Hezbollah claimed it"']);
    expect(problems('# columns: token weapon\nKataib O\n')).toEqual(['- column "weapon" is not a label of the schema (claim, denial, casualty-figure, actor)']);
  });
});

/** Whitespace and line breaks as Python's str.split and str.splitlines count them (written out here, apart from tokenize.ts). */
// eslint-disable-next-line no-control-regex -- \x1c–\x1f are whitespace to Python's str.split()
const PY_SPACE = new RegExp('[\\t\\n\\v\\f\\r \\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]');
// eslint-disable-next-line no-control-regex -- \x1c–\x1e end a line for Python's str.splitlines()
const PY_LINE_BREAK = new RegExp('[\\n\\r\\v\\f\\x1c-\\x1e\\x85\\u2028\\u2029]');

describe('CoNLL tokens and sentences, against ICU on whole texts', () => {
  it('tokens are the word segments of Intl.Segmenter cut at whitespace, with code-point offsets', () => {
    const words = new Intl.Segmenter('und', { granularity: 'word' });
    for (let seed = 1; seed <= 300; seed++) {
      const text = generateDocument(seededRandom(seed), seed).text;
      const cps = Array.from(text);
      const expected: Array<{ text: string; start: number; end: number }> = [];
      for (const { segment, index } of words.segment(text)) {
        const start = Array.from(text.slice(0, index)).length;
        let at = start;
        for (const piece of segment.split(new RegExp(`(${PY_SPACE.source}+)`))) {
          const length = Array.from(piece).length;
          if (piece && !new RegExp(`^${PY_SPACE.source}+$`).test(piece)) expected.push({ text: piece, start: at, end: at + length });
          at += length;
        }
      }
      const tokens = tokenize(text);
      expect(tokens, `seed ${seed}`).toEqual(expected);
      for (const t of tokens) expect(cps.slice(t.start, t.end).join('')).toBe(t.text);
    }
  });

  it('sentence starts are those of the whole text segmented at once', () => {
    const whole = new Intl.Segmenter('en', { granularity: 'sentence' });
    for (let seed = 1; seed <= 300; seed++) {
      const text = generateDocument(seededRandom(seed), seed).text.replace(/\u2028/g, '\n') + '. Mr. Smith said so.\r\nThen he left. 👍🏽 Yes.';
      const index = new CodePointIndex(text);
      const tokens = tokenize(text);
      const boundaries = new Set([...whole.segment(text)].map((s) => index.toCodePoint(s.index)));
      const starts = sentenceStarts(text, tokens, 'segmenter', index);
      tokens.forEach((t, i) => {
        if (i === 0) return;
        const prev = tokens[i - 1]!;
        const gap = index.slice(prev.end, t.start);
        const breaksHere = [...boundaries].some((b) => b > prev.end && b <= t.start) || [...boundaries].some((b) => b === t.start);
        const title = prev.text === '.' && i >= 2 && ['Mr', 'Mrs', 'Dr', 'Gen'].includes(tokens[i - 2]!.text);
        if (PY_LINE_BREAK.test(gap)) expect(starts[i], `seed ${seed} token ${i}`).toBe(true);
        else if (!title) expect(starts[i], `seed ${seed} token ${i} "${t.text}"`).toBe(breaksHere);
      });
    }
  });
});

describe('importIob: the common one-tag layout', () => {
  const options = { file: 'ner.conll', idPrefix: 'ner', labels: new Set(['PER', 'LOC', 'ORG', 'MISC']), annotator: 'gold' };
  const ok = (content: string) => {
    const r = importIob(content, options);
    if (!r.ok) throw new Error(r.problems.map((p) => `${p.line}: ${p.message}`).join('\n'));
    return r;
  };
  const spans = (r: ReturnType<typeof ok>, n = 0) => r.documents[n]!.spans.map((s) => `${s.label}:${s.quote.exact}`);

  it('reads CoNLL-2002 (token tag, space-separated) and CoNLL-2003 (token POS chunk tag), -DOCSTART- splitting documents', () => {
    const r = ok('-DOCSTART- -X- O O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP B-MISC\n\n-DOCSTART- -X- O O\n\nPeter NNP B-NP B-PER\nBlackburn NNP I-NP I-PER\n');
    expect(r.documents.map((d) => [d.id, d.text])).toEqual([
      ['ner-1', 'EU rejects German'],
      ['ner-2', 'Peter Blackburn'],
    ]);
    expect(spans(r, 0)).toEqual(['ORG:EU', 'MISC:German']);
    expect(spans(r, 1)).toEqual(['PER:Peter Blackburn']);
    expect(spans(ok('Melbourne B-LOC\n(\tO\nAustralia B-LOC\n'))).toEqual(['LOC:Melbourne', 'LOC:Australia']);
  });

  it('reads BIOES and BILOU, and an I- that begins a span as IOB1 does, with a warning naming its line', () => {
    expect(spans(ok('New\tB-LOC\nYork\tE-LOC\nis\tO\nin\tO\nUSA\tS-LOC\n'))).toEqual(['LOC:New York', 'LOC:USA']);
    expect(spans(ok('New\tB-LOC\nYork\tL-LOC\nParis\tU-LOC\n'))).toEqual(['LOC:New York', 'LOC:Paris']);
    const r = ok('In\tO\nLos\tI-LOC\nAngeles\tI-LOC\n');
    expect(spans(r)).toEqual(['LOC:Los Angeles']);
    expect(r.warnings).toEqual([{ file: 'ner.conll', line: 2, message: 'I-LOC follows no LOC span: taken as its beginning' }]);
  });

  it('names the line of a tag it cannot read and of a label the schema lacks', () => {
    const r = importIob('EU\tB-ORG\nrejects\tX\nGerman\tB-NORP\n', options);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems.map((p) => [p.line, p.message])).toEqual([
      [2, 'tag "X" is not O, B-<label> or I-<label>'],
      [3, 'label "NORP" of tag "B-NORP" is not in the schema (PER, LOC, ORG, MISC)'],
    ]);
  });

  it('lists the labels a file uses, in the order first met', () => {
    expect(iobLabels('A\tB-PER\nB\tO\nC\tS-LOC\nD\tB-PER\n')).toEqual(['PER', 'LOC']);
  });
});
