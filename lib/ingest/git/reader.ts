/**
 * Reads a local clone or bare repository with the `git` CLI (>= 2.31), streamed: output is
 * split on NUL bytes as it arrives and one commit is held at a time, so a long history
 * never sits in memory as one string. Revisions are passed after `--end-of-options`, so a
 * value starting with "-" can never be taken for an option.
 *
 * Every git failure (not a repository, unknown branch…) throws a GitError whose message
 * carries git's stderr.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { CODEOWNERS_PATHS, parseCodeowners, type CodeownersRule } from "./codeowners";
import { patchIdKey } from "./arrival";

export interface GitCommit {
  sha: string;
  parents: string[];
  authorName: string;
  authorEmail: string;
  authoredAt: Date;
  committerName: string;
  committerEmail: string;
  committedAt: Date;
  /** the title line(s), as git's %s (first paragraph joined with spaces) */
  subject: string;
  /** the full raw message, as git's %B */
  message: string;
  /**
   * Paths changed against the first parent (for a merge: what it brought into the branch;
   * for a root commit: every file), renames as delete + add so both sides are listed.
   * Empty for `paths: false`.
   */
  paths: string[];
}

export class GitError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(`git ${args.join(" ")} failed${exitCode === null ? "" : ` (exit ${exitCode})`}: ${stderr.trim() || "no output"}`);
    this.name = "GitError";
  }
}

const STDERR_LIMIT = 64 * 1024;

/** Options forced on every call so that user configuration cannot change the output. */
const CONFIG = [
  "-c", "core.quotePath=false",
  "-c", "log.showSignature=false",
  "-c", "i18n.logOutputEncoding=UTF-8",
  "-c", "diff.external=",
  "-c", "core.pager=cat",
];

function gitEnv(): NodeJS.ProcessEnv {
  return { ...process.env, LC_ALL: "C", LANG: "C", GIT_TERMINAL_PROMPT: "0", GIT_PAGER: "cat", GIT_OPTIONAL_LOCKS: "0" };
}

function spawnGit(repoPath: string, args: readonly string[]): ChildProcessWithoutNullStreams {
  return spawn("git", ["-C", repoPath, ...CONFIG, ...args], { env: gitEnv(), stdio: ["pipe", "pipe", "pipe"] });
}

function collectStderr(child: ChildProcessWithoutNullStreams): () => string {
  let err = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (d: string) => {
    if (err.length < STDERR_LIMIT) err += d.slice(0, STDERR_LIMIT - err.length);
  });
  return () => err;
}

function waitExit(child: ChildProcessWithoutNullStreams, args: readonly string[]): Promise<number | null> {
  return new Promise((resolve, reject) => {
    child.once("error", (e) => reject(new GitError(args, null, `cannot run git: ${e.message}`)));
    child.once("close", (code) => resolve(code));
  });
}

interface RunResult {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/** Run git to completion, buffering stdout (for small outputs only). */
async function runGit(repoPath: string, args: readonly string[], okCodes: readonly number[] = [0]): Promise<RunResult> {
  const child = spawnGit(repoPath, args);
  child.stdin.end();
  const stderr = collectStderr(child);
  const chunks: Buffer[] = [];
  child.stdout.on("data", (c: Buffer) => chunks.push(c));
  const code = await waitExit(child, args);
  const res = { code, stdout: Buffer.concat(chunks), stderr: stderr() };
  if (code === null || !okCodes.includes(code)) throw new GitError(args, code, res.stderr);
  return res;
}

/**
 * Stream a git command's stdout as tokens separated by `sep` (NUL by default, or "\n"),
 * holding at most one token in memory; throws GitError on failure.
 */
async function* gitTokens(
  repoPath: string,
  args: readonly string[],
  opts: { sep?: 0 | 10; stdin?: string } = {},
): AsyncGenerator<string> {
  const sep = opts.sep ?? 0;
  const stdin = opts.stdin;
  const child = spawnGit(repoPath, args);
  const stderr = collectStderr(child);
  const exit = waitExit(child, args);
  exit.catch(() => undefined); // observed below; avoid an unhandled rejection on early exit
  child.stdin.on("error", () => undefined);
  child.stdin.end(stdin ?? "");
  let finished = false;
  try {
    let carry: Buffer[] = [];
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      let start = 0;
      let idx: number;
      while ((idx = chunk.indexOf(sep, start)) !== -1) {
        const piece = chunk.subarray(start, idx);
        start = idx + 1;
        if (carry.length) {
          carry.push(piece);
          const tok = Buffer.concat(carry).toString("utf8");
          carry = [];
          yield tok;
        } else {
          yield piece.toString("utf8");
        }
      }
      if (start < chunk.length) carry.push(chunk.subarray(start));
    }
    if (carry.length) yield Buffer.concat(carry).toString("utf8");
    const code = await exit;
    finished = true;
    if (code !== 0) throw new GitError(args, code, stderr());
  } finally {
    if (!finished && child.exitCode === null && child.signalCode === null) child.kill();
  }
}

function checkRev(rev: string, what: string): string {
  if (!rev || rev.startsWith("-") || /[\s\0]/.test(rev)) throw new Error(`invalid ${what}: ${JSON.stringify(rev)}`);
  return rev;
}

// ---------------------------------------------------------------------------------------
// commits

const SENTINEL = "\x1e\x1fCOMMIT\x1f\x1e";
const FORMAT = `--format=${SENTINEL}%x00%H%x00%P%x00%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%cI%x00%s%x00%B`;
const FIELDS = 10;

interface LogOptions {
  firstParent: boolean;
  paths: boolean;
}

async function* logCommits(repoPath: string, revs: string[], opts: LogOptions): AsyncGenerator<GitCommit> {
  const args = ["log", "--reverse", "-z", FORMAT];
  if (opts.firstParent) args.push("--first-parent");
  if (opts.paths) args.push("--no-renames", "--diff-merges=first-parent", "--name-only");
  args.push("--end-of-options", ...revs, "--");

  let fields: string[] | null = null;
  let paths: string[] = [];
  const build = (f: string[], p: string[]): GitCommit => ({
    sha: f[0],
    parents: f[1] ? f[1].split(" ") : [],
    authorName: f[2],
    authorEmail: f[3],
    authoredAt: new Date(f[4]),
    committerName: f[5],
    committerEmail: f[6],
    committedAt: new Date(f[7]),
    subject: f[8],
    message: f[9],
    paths: p,
  });
  for await (const tok of gitTokens(repoPath, args)) {
    if (tok === SENTINEL) {
      if (fields) yield build(fields, paths);
      fields = [];
      paths = [];
    } else if (fields && fields.length < FIELDS) {
      fields.push(tok);
    } else if (fields) {
      // git separates the name list from the message with "\n"
      const p = paths.length === 0 && tok.startsWith("\n") ? tok.slice(1) : tok;
      if (p) paths.push(p);
    }
  }
  if (fields) {
    if (fields.length < FIELDS) throw new Error(`git log: truncated record for ${fields[0] ?? "?"}`);
    yield build(fields, paths);
  }
}

export interface ProductionCommitsOptions {
  /** sha already ingested: read only `since..branch` */
  since?: string;
  /** list changed paths (default true) */
  paths?: boolean;
}

/**
 * The production branch's first-parent line, oldest first (`git log --first-parent --reverse`),
 * with paths changed against the first parent.
 */
export async function* productionCommits(
  repoPath: string,
  branch: string,
  opts: ProductionCommitsOptions = {},
): AsyncGenerator<GitCommit> {
  checkRev(branch, "branch");
  const revs = opts.since ? [`^${checkRev(opts.since, "since")}`, branch] : [branch];
  yield* logCommits(repoPath, revs, { firstParent: true, paths: opts.paths ?? true });
}

/** The commits a merge brought in: `M^1..M^2` (and further parents of an octopus), oldest first. */
export async function* mergedCommits(
  repoPath: string,
  mergeSha: string,
  opts: { paths?: boolean } = {},
): AsyncGenerator<GitCommit> {
  const parents = await commitParents(repoPath, mergeSha);
  if (parents.length < 2) return;
  yield* logCommits(repoPath, [`^${parents[0]}`, ...parents.slice(1)], { firstParent: false, paths: opts.paths ?? true });
}

/** The parents of a commit. */
export async function commitParents(repoPath: string, rev: string): Promise<string[]> {
  const res = await runGit(repoPath, ["rev-list", "--parents", "-n", "1", "--end-of-options", checkRev(rev, "revision"), "--"]);
  const words = res.stdout.toString("utf8").trim().split(/\s+/);
  return words.slice(1);
}

/** The full sha of a commit, or null when the revision does not name one. */
export async function resolveCommit(repoPath: string, rev: string): Promise<string | null> {
  checkRev(rev, "revision");
  const res = await runGit(repoPath, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${rev}^{commit}`], [0, 1]);
  if (res.code !== 0) return null;
  return res.stdout.toString("utf8").trim() || null;
}

// ---------------------------------------------------------------------------------------
// refs

/** The branch HEAD points to ("main"), for bare and non-bare repositories. */
export async function defaultBranch(repoPath: string): Promise<string> {
  const args = ["symbolic-ref", "--quiet", "--short", "HEAD"];
  const res = await runGit(repoPath, args, [0, 1]);
  if (res.code !== 0) throw new GitError(args, res.code, res.stderr || "HEAD is detached: no default branch");
  return res.stdout.toString("utf8").trim();
}

const PULL_REF_RES = [
  /^refs\/pull\/(\d+)\/head$/,
  /^refs\/remotes\/[^/]+\/pull\/(\d+)\/head$/,
  /^refs\/remotes\/[^/]+\/pr\/(\d+)$/,
];

function pullNumber(ref: string): number | null {
  for (const re of PULL_REF_RES) {
    const m = re.exec(ref);
    if (m) return Number(m[1]);
  }
  return null;
}

/**
 * Pull request heads: sha → PR number, from `refs/pull/N/head` (a mirror of GitHub's refs),
 * or `refs/remotes/<remote>/pull/N/head` / `refs/remotes/<remote>/pr/N` when a clone fetched
 * them with a refspec. When one commit heads several PRs the lowest number is kept.
 */
export async function pullRequestHeads(repoPath: string): Promise<Map<string, number>> {
  const heads = new Map<string, number>();
  for await (const line of lines(repoPath, ["for-each-ref", "--format=%(objectname) %(refname)", "refs/pull/", "refs/remotes/"])) {
    const sp = line.indexOf(" ");
    if (sp < 0) continue;
    const n = pullNumber(line.slice(sp + 1));
    if (n === null) continue;
    const sha = line.slice(0, sp);
    const prev = heads.get(sha);
    if (prev === undefined || n < prev) heads.set(sha, n);
  }
  return heads;
}

async function* lines(repoPath: string, args: readonly string[], stdin?: string): AsyncGenerator<string> {
  for await (const line of gitTokens(repoPath, args, { sep: 10, stdin })) if (line) yield line;
}

/**
 * Every commit of every pull request that is not on `branch` (sha → PR), for rebase detection:
 * one `git rev-list <heads…> ^branch` walk, each commit attributed to the lowest-numbered PR
 * whose head reaches it. With `patchIds`, also the
 * `git patch-id --stable` of each, under `patch:<id>` keys (see arrival.patchIdKey), which
 * finds the commits GitHub's "rebase and merge" rewrote.
 */
export async function pullRequestCommits(
  repoPath: string,
  branch: string,
  opts: { patchIds?: boolean } = {},
): Promise<Map<string, number>> {
  checkRev(branch, "branch");
  const out = new Map<string, number>();
  const heads = await pullRequestHeads(repoPath);
  if (heads.size === 0) return out;
  const shaToPr = new Map<string, number>();
  // one walk: commits reachable from any PR head but not from the branch, with parents
  const revArgs = ["rev-list", "--parents", "--stdin"];
  const stdin = [...heads.keys(), `^${branch}`].join("\n") + "\n";
  const commitParents = new Map<string, string[]>();
  for await (const line of lines(repoPath, revArgs, stdin)) {
    const [sha, ...parents] = line.trim().split(" ");
    if (sha) commitParents.set(sha, parents);
  }
  // attribute commits to PRs walking down from each head (lowest PR number first)
  const byNumber = [...heads.entries()].sort((a, b) => a[1] - b[1]);
  for (const [head, pr] of byNumber) {
    const stack = [head];
    while (stack.length) {
      const sha = stack.pop()!;
      if (shaToPr.has(sha) || !commitParents.has(sha)) continue;
      shaToPr.set(sha, pr);
      for (const p of commitParents.get(sha)!) stack.push(p);
    }
  }
  for (const [sha, pr] of shaToPr) out.set(sha, pr);
  if (opts.patchIds && shaToPr.size) {
    const ids = await patchIds(repoPath, [...shaToPr.keys()]);
    for (const [sha, id] of ids) {
      const key = patchIdKey(id);
      if (!out.has(key)) out.set(key, shaToPr.get(sha)!);
    }
  }
  return out;
}

/** `git patch-id --stable` of non-merge commits: sha → patch-id (merges and empty commits have none). */
export async function patchIds(repoPath: string, shas: readonly string[]): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  if (shas.length === 0) return result;
  for (const s of shas) checkRev(s, "sha");
  const diffArgs = ["diff-tree", "--stdin", "-p", "--no-renames", "-r"];
  const idArgs = ["patch-id", "--stable"];
  const diff = spawnGit(repoPath, diffArgs);
  const pid = spawnGit(repoPath, idArgs);
  const diffErr = collectStderr(diff);
  const pidErr = collectStderr(pid);
  const diffExit = waitExit(diff, diffArgs);
  const pidExit = waitExit(pid, idArgs);
  diff.stdout.pipe(pid.stdin);
  pid.stdin.on("error", () => undefined);
  diff.stdin.on("error", () => undefined);
  diff.stdin.end(shas.join("\n") + "\n");
  let rest = "";
  pid.stdout.setEncoding("utf8");
  for await (const chunk of pid.stdout as AsyncIterable<string>) {
    rest += chunk;
    let nl: number;
    while ((nl = rest.indexOf("\n")) !== -1) {
      const [id, sha] = rest.slice(0, nl).split(" ");
      rest = rest.slice(nl + 1);
      if (id && sha) result.set(sha, id);
    }
  }
  const [dc, pc] = await Promise.all([diffExit, pidExit]);
  if (dc !== 0) throw new GitError(diffArgs, dc, diffErr());
  if (pc !== 0) throw new GitError(idArgs, pc, pidErr());
  return result;
}

// ---------------------------------------------------------------------------------------
// files

/** The text of `path` at commit `sha`, or null when the commit has no such file. */
export async function readFileAt(repoPath: string, sha: string, path: string): Promise<string | null> {
  checkRev(sha, "sha");
  const p = path.replace(/^\/+/, "");
  const args = ["cat-file", "blob", `${sha}:${p}`];
  const res = await runGit(repoPath, args, [0, 1, 128]);
  if (res.code === 0) return res.stdout.toString("utf8");
  // a missing path and a bad sha look alike: tell them apart
  if ((await resolveCommit(repoPath, sha)) === null) throw new GitError(args, res.code, res.stderr);
  return null;
}

export interface CodeownersFile {
  path: string;
  text: string;
  rules: CodeownersRule[];
}

/** The CODEOWNERS file in force at a commit (first of CODEOWNERS_PATHS found), or null. */
export async function readCodeownersAt(repoPath: string, sha: string): Promise<CodeownersFile | null> {
  for (const path of CODEOWNERS_PATHS) {
    const text = await readFileAt(repoPath, sha, path);
    if (text !== null) return { path, text, rules: parseCodeowners(text) };
  }
  return null;
}

// ---------------------------------------------------------------------------------------
// history rewrites

/**
 * Whether commit `a` is an ancestor of (or equal to) `b`. A previously ingested tip that is no
 * longer an ancestor of the branch means the history was rewritten (force push). An `a` that
 * no longer exists in the repository (garbage-collected after a force push) is not an
 * ancestor; an unknown `b` throws.
 */
export async function isAncestor(repoPath: string, a: string, b: string): Promise<boolean> {
  checkRev(a, "revision");
  checkRev(b, "revision");
  const args = ["merge-base", "--is-ancestor", "--end-of-options", a, b];
  const res = await runGit(repoPath, args, [0, 1, 128]);
  if (res.code === 0) return true;
  if (res.code === 1) return false;
  if ((await resolveCommit(repoPath, b)) === null) throw new GitError(args, res.code, res.stderr);
  if ((await resolveCommit(repoPath, a)) === null) return false;
  throw new GitError(args, res.code, res.stderr);
}
