/**
 * When each annotator's work last reached the shared history: the time of their newest commit
 * on the remote-tracking branch (what this copy last fetched from, or sent to, the remote). A
 * sync commits as the annotator (backend/sync), so their commits, merges included, are theirs.
 * A project that is not shared has no shared history: every time is null.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { currentBranch, fs, git, resolveRef, workRepo } from '../sync/git';

/** Commits read at most, newest first: an annotator silent for longer than this shows "never". */
const MAX_COMMITS = 20_000;

export async function lastSyncs(root: string, annotators: readonly string[]): Promise<Record<string, string | null>> {
  const out: Record<string, string | null> = Object.fromEntries(annotators.map((a) => [a, null]));
  if (!existsSync(path.join(root, '.git'))) return out;
  const repo = workRepo(root);
  const remote = (await git.getConfig({ fs, dir: root, path: 'remote.origin.url' }).catch(() => undefined)) as string | undefined;
  if (!remote) return out;
  const branch = await currentBranch(repo).catch(() => null);
  const tip = branch ? await resolveRef(repo, `refs/remotes/origin/${branch}`) : null;
  if (!tip) return out;

  const wanted = new Set(annotators);
  const readCommit = async (oid: string) => ({ oid, commit: (await git.readCommit({ fs, gitdir: repo.gitdir, oid, cache: repo.cache })).commit });
  // Newest first by commit time, so that the first commit found of an annotator is their last.
  const seen = new Set<string>([tip]);
  const waiting = [await readCommit(tip)];
  let read = 1;
  while (waiting.length && wanted.size) {
    let newest = 0;
    for (let i = 1; i < waiting.length; i++) if (waiting[i]!.commit.committer.timestamp > waiting[newest]!.commit.committer.timestamp) newest = i;
    const { commit } = waiting.splice(newest, 1)[0]!;
    const who = commit.author.name;
    if (wanted.has(who)) {
      out[who] = new Date(commit.author.timestamp * 1000).toISOString();
      wanted.delete(who);
    }
    for (const parent of commit.parent) {
      if (seen.has(parent) || read >= MAX_COMMITS) continue;
      seen.add(parent);
      waiting.push(await readCommit(parent));
      read++;
    }
  }
  return out;
}
