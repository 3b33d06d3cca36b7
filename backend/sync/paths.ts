/**
 * Who owns which file of a shared project, and what stays out of git.
 *
 * Per-annotator files (each annotator's layer of each document, their part of the entity
 * registry) belong to that annotator: only their Standoff commits them, so two people never
 * change the same file and a merge never meets a conflict there. Everything else that is shared
 * (the label schema `standoff.json`, `guidelines.md`, the assignment file, `team.json`, the gold
 * layers, the documents' texts and metadata, review choices) belongs to the curator role.
 */
import { layerId, GOLD } from '../../shared/format/annotationFile';

/** The file naming the team's curators: `{ "formatVersion": 1, "curators": ["layla"] }`. */
export const TEAM_FILE = 'team.json';
/** The assignment of documents to annotators (curator-owned; written by the assignment feature). */
export const ASSIGNMENT_FILE = 'assignment.json';

export type Owner = { kind: 'annotator'; annotator: string } | { kind: 'curator' } | { kind: 'private' };

/** What git never carries: this machine's working folder, exports, temporary names of writes under way. */
export function isPrivate(rel: string): boolean {
  const parts = rel.split('/');
  const top = parts[0];
  if (top === '.standoff' || top === '.git' || top === 'exports' || top === 'node_modules') return true;
  const name = parts[parts.length - 1] ?? '';
  return /\.(tmp|bak|part)$/.test(name) || parts.some((p) => p.endsWith('.importing'));
}

export function ownerOf(rel: string): Owner {
  if (isPrivate(rel)) return { kind: 'private' };
  const parts = rel.split('/');
  if (parts.length === 4 && parts[0] === 'documents' && parts[2] === 'annotations' && parts[3]!.endsWith('.json')) {
    const who = parts[3]!.slice(0, -5);
    if (who !== GOLD && layerId.safeParse(who).success) return { kind: 'annotator', annotator: who };
  }
  // An annotator's decisions on suggestions (backend/recommend) are their work, as their layer is.
  if (parts.length === 4 && parts[0] === 'documents' && parts[2] === 'suggestions' && parts[3]!.endsWith('.json')) {
    const who = parts[3]!.slice(0, -5);
    if (who !== GOLD && layerId.safeParse(who).success) return { kind: 'annotator', annotator: who };
  }
  if (parts.length === 2 && parts[0] === 'entities' && parts[1]!.endsWith('.json')) {
    const who = parts[1]!.slice(0, -5);
    if (layerId.safeParse(who).success) return { kind: 'annotator', annotator: who };
  }
  return { kind: 'curator' };
}

/** Whether `who` (with the curator role or not) may share a change to this file. */
export function mayChange(rel: string, who: string, curator: boolean): boolean {
  const owner = ownerOf(rel);
  if (owner.kind === 'private') return false;
  if (owner.kind === 'annotator') return owner.annotator === who;
  return curator;
}

/** A file in words, for messages: "the label schema (standoff.json)", "tom's annotations of doc-001". */
export function describePath(rel: string): string {
  const parts = rel.split('/');
  if (rel === 'standoff.json') return 'the label schema (standoff.json)';
  if (rel === 'guidelines.md') return 'the guidelines (guidelines.md)';
  if (rel === TEAM_FILE) return `the team file (${TEAM_FILE})`;
  if (rel === ASSIGNMENT_FILE) return `the assignment (${ASSIGNMENT_FILE})`;
  if (parts[0] === 'documents' && parts.length >= 3) {
    const doc = parts[1];
    if (parts[2] === 'annotations' && parts[3] === `${GOLD}.json`) return `the gold layer of ${doc}`;
    const owner = ownerOf(rel);
    if (owner.kind === 'annotator' && parts[2] === 'annotations') return `${owner.annotator}'s annotations of ${doc}`;
    if (parts[2] === 'text.txt') return `the text of ${doc}`;
    if (parts[2] === 'document.json') return `the details of ${doc} (document.json)`;
    if (parts[2] === 'review.json') return `the review choice of ${doc}`;
    if (parts[2] === 'suggestions' && owner.kind === 'annotator') return `${owner.annotator}'s rejected suggestions on ${doc}`;
  }
  if (parts[0] === 'entities' && parts.length === 2) return `${parts[1]!.replace(/\.json$/, '')}'s entity registry`;
  return rel;
}

/** Lines a shared project's `.gitignore` holds, so that the `git` command line leaves the same files out. */
export const GITIGNORE_LINES = ['.standoff/', 'exports/', '*.tmp', '*.bak', '*.part', '*.importing/'];
/** Git must never change line ends or encodings: offsets count code points of the exact text. */
export const GITATTRIBUTES = '* -text\n';
