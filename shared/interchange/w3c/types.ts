/** The JSON-LD shapes the W3C export writes (compacted against http://www.w3.org/ns/anno.jsonld). */

export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';

export interface W3cTextPositionSelector {
  type: 'TextPositionSelector';
  /** Code points, as the model says (§4.2.5), start inclusive. */
  start: number;
  /** Code points, end exclusive. */
  end: number;
}

export interface W3cTextQuoteSelector {
  type: 'TextQuoteSelector';
  exact: string;
  prefix?: string;
  suffix?: string;
}

export interface W3cTextualBody {
  type: 'TextualBody';
  purpose?: string;
  value: string;
  format?: string;
}

/** A body pointing at a registry entity: what the span identifies. */
export interface W3cIdentifyingBody {
  type: 'SpecificResource';
  purpose: 'identifying';
  source: string;
}

export interface W3cCreator {
  id: string;
  name: string;
}

export interface W3cSpanAnnotation {
  id: string;
  type: 'Annotation';
  motivation: 'tagging';
  creator: W3cCreator;
  body: Array<W3cTextualBody | W3cIdentifyingBody>;
  target: {
    source: string;
    selector: [W3cTextPositionSelector, W3cTextQuoteSelector];
  };
}

export interface W3cRelationAnnotation {
  id: string;
  type: 'Annotation';
  motivation: 'linking';
  creator: W3cCreator;
  body: W3cTextualBody;
  /** [source span's annotation, target span's annotation]: see export.ts on order. */
  target: [string, string];
}

export type W3cAnnotation = W3cSpanAnnotation | W3cRelationAnnotation;

export interface W3cPage {
  id: string;
  type: 'AnnotationPage';
  partOf: string;
  startIndex: 0;
  items: W3cAnnotation[];
}

export interface W3cCollection {
  '@context': typeof ANNO_CONTEXT;
  id: string;
  type: 'AnnotationCollection';
  label: string;
  total: number;
  first: W3cPage;
}
