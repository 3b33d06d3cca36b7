/**
 * Every format over the sample project (annotations/: the five seed articles, each annotator's
 * layer): brat and W3C give back exactly what they were given; CoNLL gives back what its report
 * says it wrote; the CSV has a row per span; nothing is reported left out except what IOB2
 * cannot hold. Output is deterministic (same layer, same bytes).
 */
import { describe, expect, it } from 'vitest';
import { exportBrat } from '../../shared/interchange/brat/export';
import { importBrat } from '../../shared/interchange/brat/import';
import { exportConll } from '../../shared/interchange/conll/export';
import { importConll } from '../../shared/interchange/conll/import';
import { exportCsv } from '../../shared/interchange/csv/export';
import { exportW3cDocument, w3cJson } from '../../shared/interchange/w3c/export';
import { importW3c } from '../../shared/interchange/w3c/import';
import { relationKeys, spanKey } from './generate';
import { sampleProject } from './support';

describe('interchange formats on the sample project', () => {
  const { docs, ctx } = sampleProject();

  it('has layers to work on', () => {
    expect(docs.length).toBeGreaterThanOrEqual(5);
    expect(docs.reduce((n, d) => n + d.spans.length, 0)).toBeGreaterThan(20);
  });

  it('brat: same spans, attributes and relations back; same bytes twice', () => {
    const out = exportBrat(docs, ctx);
    expect(out.documents.flatMap((d) => d.issues)).toEqual([]);
    expect(exportBrat(docs, ctx)).toEqual(out);
    docs.forEach((d, i) => {
      const back = importBrat([{ id: d.id, text: out.documents[i]!.txt, ann: out.documents[i]!.ann }], { schema: ctx.schema, annotator: d.annotator });
      expect(back.ok, JSON.stringify(!back.ok && back.problems)).toBe(true);
      if (!back.ok) return;
      expect(back.warnings).toEqual([]);
      const got = back.documents[0]!;
      expect(got.spans.map((s) => spanKey(s)).sort()).toEqual(d.spans.map((s) => spanKey(s)).sort());
      expect(relationKeys(got.spans, got.relations)).toEqual(relationKeys(d.spans, d.relations));
    });
  });

  it('W3C: same spans (with ids and quotes) and relations back', () => {
    for (const d of docs) {
      const { collection, issues } = exportW3cDocument(d, ctx);
      expect(issues).toEqual([]);
      const back = importW3c(w3cJson(collection), { file: `${d.id}.jsonld`, schema: ctx.schema, annotator: d.annotator, documents: [{ id: d.id, text: d.text }] });
      expect(back.ok, JSON.stringify(!back.ok && back.problems)).toBe(true);
      if (!back.ok) continue;
      const got = back.documents[0]!;
      expect(got.spans.map((s) => ({ ...s, quote: s.quote.exact }))).toEqual(d.spans.map((s) => ({ ...s, quote: s.quote.exact })));
      expect(relationKeys(got.spans, got.relations)).toEqual(relationKeys(d.spans, d.relations));
    }
  });

  it('CoNLL: what the report says was written comes back; the rest is in the report', () => {
    const { text, report } = exportConll(docs, { schema: ctx.schema, header: true });
    expect(exportConll(docs, { schema: ctx.schema, header: true }).text).toBe(text);
    expect(text).toContain('# document: 000_121e11c80b4a277e\n# annotator: layla\n-DOCSTART-');
    // One file per layer: an import goes into one layer.
    for (const d of docs) {
      const one = exportConll([d], { schema: ctx.schema, header: true });
      const back = importConll(one.text, { file: `${d.id}.conll`, schema: ctx.schema, annotator: d.annotator, documents: [{ id: d.id, text: d.text }] });
      expect(back.ok, JSON.stringify(!back.ok && back.problems)).toBe(true);
      if (!back.ok) continue;
      const dropped = new Set(one.report.dropped.map((x) => x.span));
      const adjusted = new Map(one.report.adjusted.map((x) => [x.span, x]));
      const expected = d.spans.filter((s) => !dropped.has(s.id)).map((s) => JSON.stringify([s.label, adjusted.get(s.id)?.newStart ?? s.startOffset, adjusted.get(s.id)?.newEnd ?? s.endOffset]));
      expect(back.documents[0]!.spans.map((s) => JSON.stringify([s.label, s.startOffset, s.endOffset])).sort()).toEqual(expected.sort());
    }
    expect(report.written + report.dropped.length).toBe(docs.reduce((n, d) => n + d.spans.length, 0));
    // Two layers of one document in one file cannot go into one layer: said, with the line.
    const both = importConll(text, { file: 'seeds.conll', schema: ctx.schema, annotator: 'x', documents: docs.map((d) => ({ id: d.id, text: d.text })) });
    expect(!both.ok && both.problems[0]!.message).toBe('a second document "000_121e11c80b4a277e"');
  });

  it('CSV: a row per span, nothing reported', () => {
    const { text, issues } = exportCsv(docs, ctx, { bom: true });
    expect(issues).toEqual([]);
    expect(exportCsv(docs, ctx, { bom: true }).text).toBe(text);
  });
});
