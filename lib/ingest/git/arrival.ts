/**
 * How a commit on the production branch's first-parent line arrived (CM-2).
 *
 * - "merge":  a merge commit whose subject is GitHub's "Merge pull request #N from …", or
 *             whose second parent is the tip of `refs/pull/N/head`;
 * - "squash": a single-parent commit whose subject ends with GitHub's " (#N)";
 * - "rebase": a single-parent commit found among a pull request's commits (by sha, or by
 *             patch-id when the caller supplies one: GitHub's rebase-merge rewrites commits);
 * - "direct": anything else, including merges that are not pull requests ("Merge branch 'x'").
 *
 * `pullHeads` maps a commit sha to its pull request number. At minimum the tips of
 * `refs/pull/N/head` (reader.pullRequestHeads); for rebase detection, every commit of each
 * pull request, and `patch:<patch-id>` keys for rewritten ones (reader.pullRequestCommits).
 */

export type ArrivalKind = "merge" | "squash" | "rebase" | "direct";

export interface Arrival {
  kind: ArrivalKind;
  pullRequest: number | null;
}

export interface ArrivalCommit {
  sha: string;
  parents: string[];
  subject: string;
  /** `git patch-id --stable` of the commit, when known */
  patchId?: string | null;
}

const MERGE_PR_RE = /^Merge pull request #(\d+) from \S/;
const SQUASH_RE = /\(#(\d+)\)\s*$/;

/** Key under which a patch-id is stored in a pull-request commit map. */
export function patchIdKey(patchId: string): string {
  return `patch:${patchId}`;
}

export function classifyArrival(commit: ArrivalCommit, pullHeads?: ReadonlyMap<string, number>): Arrival {
  const subject = commit.subject.trim();
  if (commit.parents.length >= 2) {
    const m = MERGE_PR_RE.exec(subject);
    if (m) return { kind: "merge", pullRequest: Number(m[1]) };
    const pr = pullHeads?.get(commit.parents[1]);
    if (pr !== undefined) return { kind: "merge", pullRequest: pr };
    return { kind: "direct", pullRequest: null };
  }
  const sq = SQUASH_RE.exec(subject);
  if (sq) return { kind: "squash", pullRequest: Number(sq[1]) };
  if (pullHeads) {
    const pr = pullHeads.get(commit.sha) ?? (commit.patchId ? pullHeads.get(patchIdKey(commit.patchId)) : undefined);
    if (pr !== undefined) return { kind: "rebase", pullRequest: pr };
  }
  return { kind: "direct", pullRequest: null };
}
