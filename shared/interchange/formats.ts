/**
 * The interchange formats: one entry per format, and every fact about a format that more than
 * one place needs (its name, what it is for, what it writes, whether it can be read back, the
 * options it takes and how the command line and the export dialog offer them). The export
 * dialog, the import dialog, the command line's flags and help, the dataset card, the service
 * and the tests all read this table; docs/EXPORT.md and the README are held to it by
 * `formats.test.ts`.
 *
 * A new format is one entry here (the compiler names any field it lacks), plus the code that
 * reads and writes files, which is Node code and so lives in two tables of the same shape in
 * the backend: its writer in `backend/export/formats/index.ts` (`WRITERS`) and, when it can be
 * imported, its reader in `backend/import/annotations.ts` (`READERS`). Both are keyed by
 * the ids of this table, so the type check fails until they exist. docs/ARCHITECTURE.md, "A
 * new export format", has the whole list.
 */

/** What some formats can be asked to do otherwise (docs/EXPORT.md). */
export interface ExportFormatOptions {
  /** spaCy/Prodigy: write tokens and token_start/token_end (default true). */
  spacyTokens?: boolean;
  /** doccano: the relation-extraction layout (entities and relations) instead of `label`. */
  doccanoRelations?: boolean;
  /** CSV: a UTF-8 byte-order mark first, for Excel (default false). */
  csvBom?: boolean;
  /** CSV: choice values and relation types by name (default) or id. */
  csvValues?: 'names' | 'ids';
  /** W3C: the base of the IRIs (default: urn:standoff:… URNs). */
  w3cBase?: string;
  /** CoNLL: sentence breaks at line breaks only, or also where ICU ends a sentence (default). */
  conllSentences?: 'lines' | 'segmenter';
  /** CoNLL: the two-column variant (token, one tag column for every label written) instead of a column per label. */
  conllTwoColumn?: boolean;
  /** Hugging Face: at most this many tokens per record (default 256). */
  hfWindow?: number;
  /** doccano: a non-overlapping layer (the longest of overlapping spans kept; the others, and relations to them, dropped and listed). */
  doccanoNoOverlap?: boolean;
}

export type ExportFormatOption = keyof ExportFormatOptions;

/** One option of a format, as each door offers it. */
export interface FormatOption {
  key: ExportFormatOption;
  /** The command line: the flag as commander declares it, and its help (without the format's name, added in front). */
  flag: string;
  help: string;
  /** The option's value from commander's parsed options (undefined: not given, the default). */
  fromCli(opts: Readonly<Record<string, unknown>>): ExportFormatOptions[ExportFormatOption] | undefined;
  /**
   * The export dialog: a check box, whose ticking sets `checked` (unticked: the default, not
   * sent), or a text field with its words and its accessible name (empty: not sent).
   */
  field: { kind: 'check'; words: string; checked: string | boolean } | { kind: 'text'; words: string; name: string; placeholder: string; whole?: { min: number; max: number } };
}

/** What every format says about itself. */
export interface FormatEntry {
  /** Its name, one spelling everywhere: dialogs, card, command line, the heading in docs/EXPORT.md. */
  name: string;
  /** What it is for, in the export dialog under the format's name. */
  use: string;
  /** An export is one file, or a folder (with the card as its README.md). */
  writes: 'file' | 'folder';
  /** The file name's ending (with the dot) for a file; '' for a folder. */
  extension: string;
  /** How its offsets count: Unicode code points (Standoff's own), or UTF-16 code units (converted). */
  offsets: 'code points' | 'UTF-16';
  /** Whether `importAnnotations` reads it, and what the import dialog adds to its name (its reader: `READERS` in backend/import/annotations.ts). */
  import: { hint: string | null } | null;
  /** The options of `ExportFormatOptions` it takes, in the order the dialog and the help show them. */
  options: readonly FormatOption[];
}

/**
 * Every format, in the order the export dialog lists them (and the command line's help): the
 * format that keeps everything first, then what analysts and model trainers most often want.
 */
export const FORMATS = {
  standoff: {
    name: 'Standoff JSONL',
    use: 'everything: spans with attributes, relations, entities',
    writes: 'file',
    extension: '.jsonl',
    offsets: 'code points',
    import: { hint: null },
    options: [],
  },
  csv: {
    name: 'CSV',
    use: 'one row per span, for Excel or LibreOffice',
    writes: 'file',
    extension: '.csv',
    offsets: 'code points',
    import: null,
    options: [
      {
        key: 'csvBom',
        flag: '--bom',
        help: 'begin with a UTF-8 byte-order mark, for Excel',
        fromCli: (o) => (o.bom ? true : undefined),
        field: { kind: 'check', words: 'Byte-order mark, for Excel', checked: true },
      },
      {
        key: 'csvValues',
        flag: '--ids',
        help: 'choices and relation types by id, not by name',
        fromCli: (o) => (o.ids ? 'ids' : undefined),
        field: { kind: 'check', words: 'Choice values and relation types as ids, not names', checked: 'ids' },
      },
    ],
  },
  spacy: {
    name: 'spaCy / Prodigy JSONL',
    use: 'training with spaCy; Prodigy’s db-in',
    writes: 'file',
    extension: '.jsonl',
    offsets: 'code points',
    import: { hint: null },
    options: [
      {
        key: 'spacyTokens',
        flag: '--no-tokens',
        help: 'no tokens, no token_start/token_end',
        fromCli: (o) => (o.tokens === false ? false : undefined),
        field: { kind: 'check', words: 'Without tokens (character offsets only; smaller)', checked: false },
      },
    ],
  },
  huggingface: {
    name: 'Hugging Face token classification',
    use: 'windows of tokens and ner_tags on sentence boundaries, ClassLabel names in the card',
    writes: 'folder',
    extension: '',
    offsets: 'code points',
    import: null,
    options: [
      {
        key: 'hfWindow',
        flag: '--window <tokens>',
        help: 'at most this many tokens per record (default 256)',
        fromCli: (o) => (typeof o.window === 'string' && o.window !== '' ? Number(o.window) : undefined),
        field: { kind: 'text', words: 'Tokens per record, at most (256 if empty)', name: 'Tokens per record', placeholder: '256', whole: { min: 1, max: 100000 } },
      },
    ],
  },
  conll: {
    name: 'CoNLL IOB2',
    use: 'one token per line, one column per label (or two columns, one label family)',
    writes: 'folder',
    extension: '',
    offsets: 'code points',
    // Import reads Standoff's own columns and the common one-tag layout (CoNLL-2002/2003, IOB, BIOES).
    import: { hint: '.conll, .iob, CoNLL-2002/2003' },
    options: [
      {
        key: 'conllSentences',
        flag: '--sentences <mode>',
        help: 'lines, or segmenter (default: line breaks and sentence ends)',
        fromCli: (o) => (typeof o.sentences === 'string' ? (o.sentences as 'lines' | 'segmenter') : undefined),
        field: { kind: 'check', words: 'Sentences end at line breaks only', checked: 'lines' },
      },
      {
        key: 'conllTwoColumn',
        flag: '--two-column',
        help: 'token and one tag column (one label family: pick it with --labels), for spacy convert and other NER readers',
        fromCli: (o) => (o.twoColumn ? true : undefined),
        field: { kind: 'check', words: 'Two columns: token and one tag column (choose one label family), for spaCy and NER readers', checked: true },
      },
    ],
  },
  doccano: {
    name: 'doccano JSONL',
    use: 'doccano (offsets converted to UTF-16)',
    writes: 'file',
    extension: '.jsonl',
    offsets: 'UTF-16',
    import: { hint: null },
    options: [
      {
        key: 'doccanoRelations',
        flag: '--relations',
        help: 'the relation-extraction layout (entities and relations)',
        fromCli: (o) => (o.relations ? true : undefined),
        field: { kind: 'check', words: 'Relation layout (entities and relations, for doccano’s relation projects)', checked: true },
      },
      {
        key: 'doccanoNoOverlap',
        flag: '--no-overlap',
        help: 'no overlapping spans (for a doccano project that does not allow them): the longest kept, the others and their relations dropped and listed',
        fromCli: (o) => (o.overlap === false ? true : undefined),
        field: { kind: 'check', words: 'No overlapping spans (the longest kept; the others and their relations listed as dropped)', checked: true },
      },
    ],
  },
  brat: {
    name: 'brat standoff',
    use: '.txt and .ann per document, with annotation.conf',
    writes: 'folder',
    extension: '',
    offsets: 'code points',
    import: { hint: '.ann, or a folder' },
    options: [],
  },
  labelstudio: {
    name: 'Label Studio JSON',
    use: 'Label Studio tasks with regions, per-region choices and relations, and its labelling config',
    writes: 'folder',
    extension: '',
    offsets: 'code points',
    import: { hint: 'its JSON export, or tasks.json' },
    options: [],
  },
  webanno: {
    name: 'WebAnno TSV 3',
    use: 'INCEpTION and WebAnno: one .tsv per document, spans with features, relations',
    writes: 'folder',
    extension: '',
    offsets: 'UTF-16',
    import: { hint: '.tsv, or a folder of them' },
    options: [],
  },
  w3c: {
    name: 'W3C Web Annotation',
    use: 'JSON-LD with position and quote selectors',
    writes: 'file',
    extension: '.jsonld',
    offsets: 'code points',
    import: { hint: 'JSON-LD' },
    options: [
      {
        key: 'w3cBase',
        flag: '--base <iri>',
        help: 'the base of the IRIs (default: urn:standoff:…)',
        fromCli: (o) => (typeof o.base === 'string' && o.base !== '' ? o.base : undefined),
        field: { kind: 'text', words: 'Base of the IRIs (optional)', name: 'Base of the IRIs', placeholder: 'urn:standoff:… by default; or https://example.org/news/' },
      },
    ],
  },
} as const satisfies Record<string, FormatEntry>;

/** The export formats' ids (docs/EXPORT.md): every entry of FORMATS. */
export type ExportFormat = keyof typeof FORMATS;
/** The formats annotations can be imported from: the entries with `import`. */
export type ImportFormat = { [F in ExportFormat]: (typeof FORMATS)[F]['import'] extends null ? never : F }[ExportFormat];

/** The table read as entries (its literal types widened). */
export const FORMAT_ENTRIES: ReadonlyArray<readonly [ExportFormat, FormatEntry]> = Object.entries(FORMATS) as Array<[ExportFormat, FormatEntry]>;

export const EXPORT_FORMATS: readonly ExportFormat[] = FORMAT_ENTRIES.map(([id]) => id);
/** Formats whose `out` is a folder (with the card as README.md inside it). */
export const FOLDER_FORMATS: readonly ExportFormat[] = FORMAT_ENTRIES.filter(([, f]) => f.writes === 'folder').map(([id]) => id);
export const IMPORT_FORMATS: readonly ImportFormat[] = FORMAT_ENTRIES.filter(([, f]) => f.import !== null).map(([id]) => id as ImportFormat);

/** A format's entry, its types widened. */
export function formatEntry(format: ExportFormat): FormatEntry {
  return FORMATS[format];
}

/** Whether an export of this format is a folder. */
export const writesFolder = (format: ExportFormat): boolean => formatEntry(format).writes === 'folder';

/** Every option any format takes, each with its format, in the table's order (the command line's flags). */
export const FORMAT_OPTIONS: ReadonlyArray<FormatOption & { format: ExportFormat }> = FORMAT_ENTRIES.flatMap(([format, f]) => f.options.map((o) => ({ ...o, format })));

/** The format options of the command line's parsed flags (only those given). */
export function optionsFromCli(opts: Readonly<Record<string, unknown>>): ExportFormatOptions {
  const out: Record<string, unknown> = {};
  for (const o of FORMAT_OPTIONS) {
    const value = o.fromCli(opts);
    if (value !== undefined) out[o.key] = value;
  }
  return out as ExportFormatOptions;
}

/** Ids joined for messages and help: "standoff, spacy, doccano". */
export const formatList = (ids: readonly string[]): string => ids.join(', ');
