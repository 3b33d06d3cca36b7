/**
 * Where things live in a project folder (paths relative to it, always with "/"):
 *
 *   standoff.json                                  manifest: name, labels, settings
 *   guidelines.md                                  the annotation guidelines (Markdown)
 *   documents/<docId>/text.txt                     the text, UTF-8, LF line ends
 *   documents/<docId>/document.json                title, source, text hash, import notes
 *   documents/<docId>/annotations/<annotator>.json one annotator's spans on that text
 *   documents/<docId>/annotations/gold.json        the adjudicated layer
 *   entities/<annotator>.json                      one annotator's part of the entity registry
 *   recommenders.json                              recommenders switched on or off, the external
 *                                                  service's address, the last evaluation
 *   documents/<docId>/suggestions/<annotator>.json the suggestions an annotator rejected there
 *   predictions/<name>.jsonl                       predictions imported from another system
 *   .standoff/models/<id>.json                     a learned model (this machine, derived, out of git)
 *
 * One file per (document, annotator): two people never write the same file.
 */
export const layout = {
  manifest: 'standoff.json',
  guidelines: 'guidelines.md',
  documentsDir: 'documents',
  documentDir: (docId: string) => `documents/${docId}`,
  text: (docId: string) => `documents/${docId}/text.txt`,
  meta: (docId: string) => `documents/${docId}/document.json`,
  annotationsDir: (docId: string) => `documents/${docId}/annotations`,
  annotation: (docId: string, annotator: string) => `documents/${docId}/annotations/${annotator}.json`,
  entitiesDir: 'entities',
  entities: (annotator: string) => `entities/${annotator}.json`,
  recommenders: 'recommenders.json',
  suggestions: (docId: string, annotator: string) => `documents/${docId}/suggestions/${annotator}.json`,
  predictionsDir: 'predictions',
  predictions: (name: string) => `predictions/${name}.jsonl`,
  model: (id: string) => `.standoff/models/${id}.json`,
} as const;
