/**
 * Git ingest (CC8.1 evidence): the production branch's first-parent line of a local clone or
 * bare repository into Commit / PullRequest / CodeownersSnapshot rows, incrementally.
 *
 * One pass over what is new (`tip ^gitTip`), whatever the history's size:
 *   1. `git rev-list --parents` of the range gives the DAG (sha → parents, ~100 bytes a commit);
 *      the production line is the first-parent walk from the tip, and each merge's members
 *      (M^1..M^2) are the side commits first reached from it, oldest merge first — exactly
 *      `git log M^1..M^2`, for every merge at once, without one git process per merge;
 *   2. one `git log --topo-order --reverse --name-only` of the range streams every commit
 *      (members before the merge that brought them in), in chunks: AI markers and trailers
 *      per commit, arrival per production commit, batched writes (INSERT … FROM jsonb_to_recordset … ON CONFLICT DO NOTHING;
 *      rows that already exist — a re-read after a force push — are updated in one statement
 *      per chunk); the next chunk is parsed while the previous one is written;
 *   3. CODEOWNERS at each pull request's base (first parent), each distinct base read once
 *      with one `git cat-file --batch` per chunk.
 *
 * A previous tip that is no longer an ancestor of the branch (force push, rewritten history)
 * is recorded in the run's detail and the whole branch is re-read. A commit whose time falls
 * in a LOCKED audit period is stored with `late = true`. Every git author email becomes a
 * Person alias (lib/people).
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import type { Db } from "../db/client";
import { getSetting } from "../settings/store";
import { classifyArrival, type Arrival as GitArrival } from "./git/arrival";
import { CODEOWNERS_PATHS } from "./git/codeowners";
import { DEFAULT_AI_MARKERS, detectAiMarkers, type AiMarker, type AiMarkerSettings } from "./git/markers";
import { defaultBranch, isAncestor, patchIds, pullRequestCommits, pullRequestHeads, resolveCommit, type GitCommit } from "./git/reader";
import { DEFAULT_LENIENT_KEYS, parseTrailers } from "./git/trailers";
import { finishRun, quarantine, startRun } from "./ingest-run";
import { IdentityResolver } from "../people/people";
import { isGitHubSystemEmail } from "../people/identity";

export interface GitIngestOptions {
  /** local clone or bare repository */
  repoPath: string;
  owner: string;
  name: string;
  /** production branch; default: the one stored for the repository, else the repository's HEAD branch */
  branch?: string;
  /** commits per batch (default 4000): one INSERT, one patch-id and one cat-file run per batch */
  chunkSize?: number;
  /** progress messages */
  log?: (message: string) => void;
}

export interface GitIngestResult {
  runId: string;
  chainHash: string;
  repository: string;
  branch: string;
  tip: string;
  previousTip: string | null;
  /** the previous tip was no longer an ancestor of the branch: history rewritten, branch re-read */
  forcePush: boolean;
  /** for the branch as ingested (all runs) */
  productionCommits: number;
  pullRequests: number;
  directPushes: number;
  aiAssisted: number;
  /** commits read and stored by this run */
  commitsRead: number;
  newCommits: number;
  newProductionCommits: number;
  memberCommits: number;
  codeownersSnapshots: number;
  late: number;
  quarantined: number;
  /** one time per distinct UTC day of the new production commits (for evaluateAffected) */
  affectedTimes: Date[];
}

// ---------------------------------------------------------------------------------------
// git plumbing (streamed)

const GIT_CONFIG = ["-c", "core.quotePath=false", "-c", "log.showSignature=false", "-c", "i18n.logOutputEncoding=UTF-8", "-c", "diff.external=", "-c", "core.pager=cat"];

function gitProcess(repoPath: string, args: string[]) {
  const child = spawn("git", ["-C", repoPath, ...GIT_CONFIG, ...args], {
    env: { ...process.env, LC_ALL: "C", LANG: "C", GIT_TERMINAL_PROMPT: "0", GIT_PAGER: "cat", GIT_OPTIONAL_LOCKS: "0" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (d: string) => {
    if (stderr.length < 65536) stderr += d;
  });
  const exit = new Promise<number | null>((resolve, reject) => {
    child.once("error", (e) => reject(new Error(`cannot run git: ${e.message}`)));
    child.once("close", (code) => resolve(code));
  });
  exit.catch(() => undefined);
  child.stdin.on("error", () => undefined);
  const done = async () => {
    const code = await exit;
    if (code !== 0) throw new Error(`git ${args.slice(0, 3).join(" ")} failed (exit ${code}): ${stderr.trim() || "no output"}`);
  };
  return { child, done };
}

/** NUL-separated tokens of a git command's stdout. */
async function* nulTokens(repoPath: string, args: string[], stdin = ""): AsyncGenerator<string> {
  const { child, done } = gitProcess(repoPath, args);
  child.stdin.end(stdin);
  let finished = false;
  try {
    let carry: Buffer[] = [];
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      let start = 0;
      let idx: number;
      while ((idx = chunk.indexOf(0, start)) !== -1) {
        const piece = chunk.subarray(start, idx);
        start = idx + 1;
        if (carry.length) {
          carry.push(piece);
          yield Buffer.concat(carry).toString("utf8");
          carry = [];
        } else yield piece.toString("utf8");
      }
      if (start < chunk.length) carry.push(chunk.subarray(start));
    }
    if (carry.length) yield Buffer.concat(carry).toString("utf8");
    await done();
    finished = true;
  } finally {
    if (!finished && child.exitCode === null) child.kill();
  }
}

/** Newline-separated lines of a git command's stdout. */
async function* gitLines(repoPath: string, args: string[], stdin = ""): AsyncGenerator<string> {
  let rest = "";
  for await (const tok of nulTokens(repoPath, args, stdin)) {
    rest += tok;
    let nl: number;
    while ((nl = rest.indexOf("\n")) !== -1) {
      const line = rest.slice(0, nl);
      rest = rest.slice(nl + 1);
      if (line) yield line;
    }
  }
  if (rest) yield rest;
}

const SENTINEL = "\x1e\x1fCOMMIT\x1f\x1e";
const FORMAT = `--format=${SENTINEL}%x00%H%x00%P%x00%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%cI%x00%s%x00%B`;
const FIELDS = 10;

function buildCommit(f: string[], paths: string[]): GitCommit {
  return {
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
    paths,
  };
}

/** Every commit of the range, parents before children, with paths changed against the first parent. */
async function* rangeCommits(repoPath: string, revs: string[]): AsyncGenerator<GitCommit> {
  const args = ["log", "--topo-order", "--reverse", "-z", FORMAT, "--no-renames", "--diff-merges=first-parent", "--name-only", "--end-of-options", ...revs, "--"];
  let fields: string[] | null = null;
  let paths: string[] = [];
  for await (const tok of nulTokens(repoPath, args)) {
    if (tok === SENTINEL) {
      if (fields) yield buildCommit(fields, paths);
      fields = [];
      paths = [];
    } else if (fields && fields.length < FIELDS) fields.push(tok);
    else if (fields) {
      const p = paths.length === 0 && tok.startsWith("\n") ? tok.slice(1) : tok;
      if (p) paths.push(p);
    }
  }
  if (fields) {
    if (fields.length < FIELDS) throw new Error(`git log: truncated record for ${fields[0] ?? "?"}`);
    yield buildCommit(fields, paths);
  }
}

/** sha → parents of every commit in the range. */
async function rangeDag(repoPath: string, revs: string[]): Promise<Map<string, string[]>> {
  const dag = new Map<string, string[]>();
  for await (const line of gitLines(repoPath, ["rev-list", "--parents", "--end-of-options", ...revs, "--"])) {
    const words = line.trim().split(" ");
    if (words[0]) dag.set(words[0], words.slice(1));
  }
  return dag;
}

/** The first CODEOWNERS file (CODEOWNERS_PATHS order) at each commit, read with one `git cat-file --batch`. */
async function codeownersAt(repoPath: string, shas: string[]): Promise<Map<string, { path: string | null; content: string | null }>> {
  const out = new Map<string, { path: string | null; content: string | null }>();
  if (shas.length === 0) return out;
  const requests: { sha: string; path: string }[] = [];
  for (const sha of shas) for (const p of CODEOWNERS_PATHS) requests.push({ sha, path: p });
  const { child, done } = gitProcess(repoPath, ["cat-file", "--batch"]);
  child.stdin.end(requests.map((r) => `${r.sha}:${r.path}`).join("\n") + "\n");
  const chunks: Buffer[] = [];
  for await (const c of child.stdout as AsyncIterable<Buffer>) chunks.push(c);
  await done();
  const buf = Buffer.concat(chunks);
  let pos = 0;
  for (const r of requests) {
    const nl = buf.indexOf(10, pos);
    if (nl < 0) throw new Error("git cat-file --batch: truncated output");
    const header = buf.subarray(pos, nl).toString("utf8");
    pos = nl + 1;
    const m = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (!m) continue; // "<sha>:<path> missing" (or ambiguous)
    const size = Number(m[2]);
    const body = buf.subarray(pos, pos + size);
    pos += size + 1;
    if (m[1] === "blob" && !out.has(r.sha)) out.set(r.sha, { path: r.path, content: body.toString("utf8") });
  }
  for (const sha of shas) if (!out.has(sha)) out.set(sha, { path: null, content: null });
  return out;
}

// ---------------------------------------------------------------------------------------
// helpers

const ARRIVAL: Record<GitArrival["kind"], "MERGE" | "SQUASH" | "REBASE" | "DIRECT"> = {
  merge: "MERGE",
  squash: "SQUASH",
  rebase: "REBASE",
  direct: "DIRECT",
};

function isMarkerSettings(v: unknown): v is AiMarkerSettings {
  const o = v as AiMarkerSettings | null;
  return Boolean(o && Array.isArray(o.trailerKeys) && Array.isArray(o.agentIdentities) && Array.isArray(o.lines));
}

/** The marker settings in force ("changes.aiMarkers"; null or malformed = the defaults). */
export async function aiMarkerSettings(db: Db): Promise<AiMarkerSettings> {
  const v = await getSetting(db, "changes.aiMarkers");
  return isMarkerSettings(v) ? v : DEFAULT_AI_MARKERS;
}

function toolsAndModels(markers: AiMarker[], tools: Set<string>, models: Set<string>) {
  for (const m of markers) {
    if (m.tool) tools.add(m.tool);
    if (m.model) models.add(m.model);
  }
}

/** The PR title a production commit carries: GitHub's merge message body, or the squash subject without "(#N)". */
function prTitle(c: GitCommit, arrival: GitArrival): string {
  if (arrival.kind === "merge") {
    const para = c.message.split(/\n\s*\n/)[1]?.trim();
    if (para) return para.split("\n")[0].slice(0, 500);
  }
  if (arrival.kind === "squash") return c.subject.replace(/\s*\(#\d+\)\s*$/, "").slice(0, 500);
  return c.subject.slice(0, 500);
}

function chunked<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

interface MemberAgg {
  shas: string[];
  ai: boolean;
  tools: Set<string>;
  models: Set<string>;
}

interface ProdInfo {
  seq: number;
}

interface PrInfo {
  number: number;
  title: string;
  headSha: string | null;
  baseSha: string | null;
  mergeCommitSha: string;
  mergedAt: Date;
  commitShas: string[];
}

type CommitRow = {
  repositoryId: string;
  sha: string;
  parents: string[];
  authorName: string;
  authorEmail: string;
  authoredAt: Date;
  committerName: string;
  committerEmail: string;
  committedAt: Date;
  subject: string;
  message: string;
  trailers: object;
  aiMarkers: object;
  changedPaths: string[];
  isProduction: boolean;
  productionSeq: number | null;
  arrival: "MERGE" | "SQUASH" | "REBASE" | "DIRECT" | null;
  pullNumber: number | null;
  aiAssisted: boolean;
  aiTools: string[];
  aiModels: string[];
  memberShas: string[];
  late: boolean;
};

const SQUASH_SUBJECT = /\(#\d+\)\s*$/;
const MERGE_PR_SUBJECT = /^Merge pull request #\d+ from \S/;

// ---------------------------------------------------------------------------------------
// the ingest

export async function ingestGitRepository(db: Db, opts: GitIngestOptions): Promise<GitIngestResult> {
  const log = opts.log ?? (() => undefined);
  const repoPath = path.resolve(opts.repoPath);
  const owner = opts.owner.trim();
  const name = opts.name.trim();
  if (!owner || !name) throw new Error("owner and name are required");
  const chunkSize = Math.max(10, opts.chunkSize ?? 4000);
  const fullName = `${owner}/${name}`;

  const existing = await db.repository.findUnique({ where: { owner_name: { owner, name } } });
  const branch = opts.branch ?? (existing?.gitTip ? existing.productionBranch : null) ?? (await defaultBranch(repoPath));
  const tip = await resolveCommit(repoPath, branch);
  if (!tip) throw new Error(`branch ${branch} not found in ${repoPath}`);

  const repo = await db.repository.upsert({
    where: { owner_name: { owner, name } },
    create: { owner, name, productionBranch: branch, localPath: repoPath },
    update: { productionBranch: branch, localPath: repoPath },
  });
  const previousTip = repo.gitTip;
  // a different branch than last time: its history is not the stored one
  const branchChanged = Boolean(existing?.gitTip && existing.productionBranch !== branch);

  const run = await startRun(db, "git", fullName);
  const counts = { read: 0, stored: 0, duplicate: 0, quarantined: 0 };
  const detail: Record<string, unknown> = { branch, tip, previousTip, repoPath };
  try {
    let since: string | null = previousTip;
    let forcePush = false;
    if (previousTip && previousTip !== tip && (branchChanged || !(await isAncestor(repoPath, previousTip, tip)))) {
      forcePush = !branchChanged;
      since = null;
      const removed = await removedCommits(repoPath, previousTip, tip);
      detail.forcePush = {
        previousTip,
        newTip: tip,
        detectedAt: new Date().toISOString(),
        previousTipExists: removed !== null,
        removedFirstParentCommits: removed?.count ?? null,
        removedSample: removed?.sample ?? [],
        branchChanged,
      };
      log(`${fullName}: ${branchChanged ? "production branch changed" : "force push detected"}: ${previousTip.slice(0, 12)} is not an ancestor of ${tip.slice(0, 12)}; re-reading ${branch}`);
    }

    const stats = { newProduction: 0, members: 0, snapshots: 0, late: 0 };
    const affectedDays = new Map<string, Date>();
    if (since !== tip) {
      const res = await readRange(db, {
        repoId: repo.id,
        repoPath,
        branch,
        tip,
        since,
        resetProduction: since === null && Boolean(previousTip),
        chunkSize,
        runId: run.id,
        log,
        fullName,
      });
      if (res.lineChanged) {
        // the old tip is an ancestor but no longer on the first-parent line (a fast-forward to a
        // branch that had merged production): the production line changed, re-read it all
        detail.firstParentLineChanged = { previousTip };
        const again = await readRange(db, { repoId: repo.id, repoPath, branch, tip, since: null, resetProduction: true, chunkSize, runId: run.id, log, fullName });
        Object.assign(res, again, { lineChanged: false });
      }
      counts.read = res.read;
      counts.stored = res.stored;
      counts.duplicate = res.duplicate;
      counts.quarantined = res.quarantined;
      Object.assign(stats, res.stats);
      if (res.timings) detail.timings = res.timings;
      for (const d of res.affectedDays) affectedDays.set(d.toISOString().slice(0, 10), d);
    }

    await db.repository.update({ where: { id: repo.id }, data: { gitTip: tip } });
    // CM-6 reads CODEOWNERS at the PR's base as GitHub reports it: snapshot those bases too
    stats.snapshots += await snapshotPullRequestBases(db, repo.id, repoPath);
    const summary = await branchSummary(db, repo.id);
    Object.assign(detail, summary, {
      newProductionCommits: stats.newProduction,
      memberCommits: stats.members,
      codeownersSnapshots: stats.snapshots,
      late: stats.late,
    });
    const chainHash = await finishRun(db, run.id, counts, { sha256: tip, detail });
    return {
      runId: run.id,
      chainHash,
      repository: fullName,
      branch,
      tip,
      previousTip,
      forcePush,
      ...summary,
      commitsRead: counts.read,
      newCommits: counts.stored,
      newProductionCommits: stats.newProduction,
      memberCommits: stats.members,
      codeownersSnapshots: stats.snapshots,
      late: stats.late,
      quarantined: counts.quarantined,
      affectedTimes: [...affectedDays.values()],
    };
  } catch (e) {
    await finishRun(db, run.id, counts, { sha256: tip, error: (e as Error).message, detail }).catch(() => undefined);
    throw e;
  }
}

/** Inserts CODEOWNERS snapshots (raw batch insert; existing ones are kept). Returns how many were new. */
async function insertSnapshots(db: Db, repositoryId: string, rows: { commitSha: string; path: string | null; content: string | null }[]): Promise<number> {
  let n = 0;
  for (const part of chunked(rows, 2000)) {
    const json = JSON.stringify(part.map((r) => ({ id: randomUUID(), sha: r.commitSha, path: r.path, content: r.content })));
    n += await db.$executeRaw`
      INSERT INTO "CodeownersSnapshot" (id, "repositoryId", "commitSha", path, content)
      SELECT v.id, ${repositoryId}, v.sha, v.path, v.content FROM jsonb_to_recordset(${json}::jsonb) AS v(id text, sha text, path text, content text)
      ON CONFLICT ("repositoryId", "commitSha") DO NOTHING`;
  }
  return n;
}

/** Commits among `shas` that exist in the repository. */
async function existingCommits(repoPath: string, shas: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  if (shas.length === 0) return out;
  let i = 0;
  for await (const line of gitLines(repoPath, ["cat-file", "--batch-check"], shas.map((s) => `${s}^{commit}`).join("\n") + "\n")) {
    const sha = shas[i++];
    if (/^[0-9a-f]+ commit \d+$/.test(line.trim())) out.add(sha);
  }
  return out;
}

/**
 * CODEOWNERS at the base commits of the repository's pull requests (GitHub's base.sha) that
 * have no snapshot yet and exist in the clone. Returns how many were stored.
 */
export async function snapshotPullRequestBases(db: Db, repositoryId: string, repoPath: string): Promise<number> {
  const rows = await db.$queryRaw<{ sha: string }[]>`
    SELECT DISTINCT pr."baseSha" AS sha FROM "PullRequest" pr
    WHERE pr."repositoryId" = ${repositoryId} AND pr."baseSha" IS NOT NULL AND pr."baseSha" ~ '^[0-9a-f]{40}$'
      AND NOT EXISTS (SELECT 1 FROM "CodeownersSnapshot" s WHERE s."repositoryId" = pr."repositoryId" AND s."commitSha" = pr."baseSha")`;
  let stored = 0;
  for (const part of chunked(rows.map((r) => r.sha), 1000)) {
    const present = [...(await existingCommits(repoPath, part))];
    if (present.length === 0) continue;
    const files = await codeownersAt(repoPath, present);
    stored += await insertSnapshots(db, repositoryId, present.map((b) => ({ commitSha: b, ...files.get(b)! })));
  }
  return stored;
}

async function removedCommits(repoPath: string, oldTip: string, newTip: string): Promise<{ count: number; sample: string[] } | null> {
  if (!(await resolveCommit(repoPath, oldTip))) return null;
  const sample: string[] = [];
  let count = 0;
  for await (const line of gitLines(repoPath, ["rev-list", "--first-parent", "--end-of-options", oldTip, `^${newTip}`, "--"])) {
    count++;
    if (sample.length < 50) sample.push(line.trim());
  }
  return { count, sample };
}

/** Counts for the branch as ingested (all runs). */
export async function branchSummary(db: Db, repositoryId: string) {
  const [productionCommits, directPushes, aiAssisted, prs] = await Promise.all([
    db.commit.count({ where: { repositoryId, isProduction: true } }),
    db.commit.count({ where: { repositoryId, isProduction: true, arrival: "DIRECT" } }),
    db.commit.count({ where: { repositoryId, isProduction: true, aiAssisted: true } }),
    db.commit.findMany({ where: { repositoryId, isProduction: true, pullNumber: { not: null } }, distinct: ["pullNumber"], select: { pullNumber: true } }),
  ]);
  return { productionCommits, pullRequests: prs.length, directPushes, aiAssisted };
}

interface RangeOptions {
  repoId: string;
  repoPath: string;
  branch: string;
  tip: string;
  since: string | null;
  resetProduction: boolean;
  chunkSize: number;
  runId: string;
  log: (m: string) => void;
  fullName: string;
}

interface RangeResult {
  read: number;
  stored: number;
  duplicate: number;
  quarantined: number;
  lineChanged: boolean;
  /** seconds spent per phase (overlapping: writes run while the next chunk is parsed) */
  timings?: Record<string, number>;
  stats: { newProduction: number; members: number; snapshots: number; late: number };
  affectedDays: Date[];
}

async function readRange(db: Db, o: RangeOptions): Promise<RangeResult> {
  const revs = o.since ? [o.tip, `^${o.since}`] : [o.tip];
  const started = Date.now();

  // 1. the DAG of the range, the production line and each merge's members
  const timings: Record<string, number> = {};
  const timed = async <T>(k: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      timings[k] = (timings[k] ?? 0) + (performance.now() - t0) / 1000;
    }
  };
  const dag = await timed("dag", () => rangeDag(o.repoPath, revs));
  const line: string[] = [];
  for (let sha: string | undefined = o.tip; sha && dag.has(sha); sha = dag.get(sha)![0]) line.push(sha);
  line.reverse();
  if (o.since && line.length && dag.get(line[0])![0] !== o.since) {
    return { read: 0, stored: 0, duplicate: 0, quarantined: 0, lineChanged: true, stats: { newProduction: 0, members: 0, snapshots: 0, late: 0 }, affectedDays: [] };
  }
  let seqBase = 0;
  if (o.since) {
    const max = await db.commit.aggregate({ where: { repositoryId: o.repoId, isProduction: true }, _max: { productionSeq: true } });
    seqBase = (max._max.productionSeq ?? -1) + 1;
  }
  const production = new Map<string, ProdInfo>();
  line.forEach((sha, i) => production.set(sha, { seq: seqBase + i }));
  const memberOf = new Map<string, string>();
  for (const sha of line) {
    const parents = dag.get(sha)!;
    if (parents.length < 2) continue;
    const stack = parents.slice(1);
    while (stack.length) {
      const s = stack.pop()!;
      if (production.has(s) || memberOf.has(s) || !dag.has(s)) continue;
      memberOf.set(s, sha);
      for (const p of dag.get(s)!) stack.push(p);
    }
  }
  dag.clear();
  o.log(`${o.fullName}: ${line.length} production commits and ${memberOf.size} merged-in commits to read`);

  if (o.resetProduction) {
    await db.commit.updateMany({ where: { repositoryId: o.repoId, isProduction: true }, data: { isProduction: false, productionSeq: null } });
  }

  // settings and lookups
  const markerSettings = await aiMarkerSettings(db);
  const lenientKeys = [...new Set([...DEFAULT_LENIENT_KEYS, ...markerSettings.trailerKeys, ...(markerSettings.coAuthorKeys ?? ["Co-authored-by"])])];
  const locked = await db.auditPeriod.findMany({ where: { state: "LOCKED" }, select: { start: true, end: true } });
  const isLate = (t: Date) => locked.some((p) => t >= p.start && t < p.end);
  const people = new IdentityResolver(db);
  const peopleSeen = new Set<string>();
  const snapshotDone = new Set<string>();
  let headsP: Promise<Map<string, number>> | null = null;
  const loadHeads = () => (headsP ??= pullRequestHeads(o.repoPath));
  let prMap: Promise<Map<string, number>> | null = null;
  // PR heads and their off-branch commits (with patch-ids), for merges by ref and rebase detection
  const loadPrMap = () =>
    (prMap ??= (async () => {
      const heads = await loadHeads();
      const commits = heads.size ? await pullRequestCommits(o.repoPath, o.branch, { patchIds: true }) : new Map<string, number>();
      return new Map([...commits, ...heads]);
    })());
  // a long range will need it: start it now, alongside the log
  if (line.length > 2000) loadPrMap().catch(() => undefined);
  const headOf = new Map<number, string>();
  let headsLoaded = false;
  const prs = new Map<number, PrInfo>();
  const aggs = new Map<string, MemberAgg>();

  const result: RangeResult = { read: 0, stored: 0, duplicate: 0, quarantined: 0, lineChanged: false, stats: { newProduction: 0, members: 0, snapshots: 0, late: 0 }, affectedDays: [] };
  const days = new Map<string, Date>();

  // 2. stream the commits, chunk by chunk; one chunk is written while the next is parsed
  let pending: Promise<void> = Promise.resolve();
  let chunk: { c: GitCommit; markers: AiMarker[]; trailers: object; index: number }[] = [];
  const bad: { lineNumber: number; reason: string; raw: string }[] = [];
  let index = 0;

  const flush = async (items: typeof chunk) => {
    if (items.length === 0) return;
    // arrivals (production commits)
    const prod = items.filter((x) => production.has(x.c.sha));
    const needsMap = prod.some((x) =>
      x.c.parents.length >= 2 ? !MERGE_PR_SUBJECT.test(x.c.subject.trim()) : !SQUASH_SUBJECT.test(x.c.subject.trim()),
    );
    const map = needsMap ? await timed("pullRequestMap", loadPrMap) : undefined;
    const arrivals = new Map<string, GitArrival>();
    const rebaseCandidates: string[] = [];
    for (const x of prod) {
      const a = classifyArrival(x.c, map);
      arrivals.set(x.c.sha, a);
      if (a.kind === "direct" && x.c.parents.length === 1 && map && map.size) rebaseCandidates.push(x.c.sha);
    }
    if (rebaseCandidates.length) {
      const ids = await timed("patchIds", () => patchIds(o.repoPath, rebaseCandidates));
      for (const x of prod) {
        const id = ids.get(x.c.sha);
        if (!id) continue;
        const a = classifyArrival({ ...x.c, patchId: id }, map);
        if (a.kind !== "direct") arrivals.set(x.c.sha, a);
      }
    }
    const prNumbers = new Set<number>();
    for (const a of arrivals.values()) if (a.pullRequest !== null) prNumbers.add(a.pullRequest);
    if (prNumbers.size && !headsLoaded) {
      for (const [sha, n] of await loadHeads()) if (!headOf.has(n)) headOf.set(n, sha);
      headsLoaded = true;
    }

    // rows
    const rows: CommitRow[] = [];
    const bases = new Set<string>();
    for (const x of items) {
      const c = x.c;
      const prodInfo = production.get(c.sha);
      const tools = new Set<string>();
      const models = new Set<string>();
      toolsAndModels(x.markers, tools, models);
      let ai = x.markers.length > 0;
      let members: string[] = [];
      let arrival: GitArrival | null = null;
      if (prodInfo) {
        const agg = aggs.get(c.sha);
        if (agg) {
          aggs.delete(c.sha);
          members = agg.shas;
          ai = ai || agg.ai;
          agg.tools.forEach((t) => tools.add(t));
          agg.models.forEach((m) => models.add(m));
        }
        arrival = arrivals.get(c.sha)!;
        if (arrival.pullRequest !== null) {
          if (c.parents[0]) bases.add(c.parents[0]);
          const n = arrival.pullRequest;
          const prev = prs.get(n);
          const commitShas = arrival.kind === "merge" ? members : arrival.kind === "rebase" ? [...(prev?.commitShas ?? []), c.sha] : [];
          prs.set(n, {
            number: n,
            title: prev?.title ?? prTitle(c, arrival),
            headSha: arrival.kind === "merge" ? (c.parents[1] ?? null) : (headOf.get(n) ?? (arrival.kind === "rebase" ? c.sha : null)),
            baseSha: prev?.baseSha ?? c.parents[0] ?? null,
            mergeCommitSha: c.sha,
            mergedAt: c.committedAt,
            commitShas,
          });
        }
      }
      rows.push({
        repositoryId: o.repoId,
        sha: c.sha,
        parents: c.parents,
        authorName: c.authorName,
        authorEmail: c.authorEmail,
        authoredAt: c.authoredAt,
        committerName: c.committerName,
        committerEmail: c.committerEmail,
        committedAt: c.committedAt,
        subject: c.subject,
        message: c.message,
        trailers: x.trailers,
        aiMarkers: x.markers as unknown as object,
        changedPaths: c.paths,
        isProduction: Boolean(prodInfo),
        productionSeq: prodInfo?.seq ?? null,
        arrival: arrival ? ARRIVAL[arrival.kind] : null,
        pullNumber: arrival?.pullRequest ?? null,
        aiAssisted: ai,
        aiTools: [...tools].sort(),
        aiModels: [...models].sort(),
        memberShas: members,
        late: false,
      });
    }

    // commits, then CODEOWNERS snapshots, then people (sequential: on a small machine running
    // them concurrently only adds contention for the same connections and cores)
    const writeStep = async () => {
      const written = await timed("writeCommits", () => writeCommits(db, o.repoId, rows, isLate));
      result.stored += written.created;
      result.duplicate += rows.length - written.created;
      result.stats.late += written.late;
      result.stats.newProduction += written.createdProduction;
      for (const t of written.productionTimes) {
        const day = t.toISOString().slice(0, 10);
        if (!days.has(day)) days.set(day, new Date(`${day}T12:00:00.000Z`));
      }
    };
    // CODEOWNERS at each distinct base
    const codeownersStep = async () => {
      const wanted = [...bases].filter((b) => !snapshotDone.has(b));
      if (wanted.length === 0) return;
      wanted.forEach((b) => snapshotDone.add(b));
      const have = await db.codeownersSnapshot.findMany({ where: { repositoryId: o.repoId, commitSha: { in: wanted } }, select: { commitSha: true } });
      const haveSet = new Set(have.map((h) => h.commitSha));
      const missing = wanted.filter((b) => !haveSet.has(b));
      if (missing.length === 0) return;
      const files = await timed("codeowners", () => codeownersAt(o.repoPath, missing));
      result.stats.snapshots += await insertSnapshots(db, o.repoId, missing.map((b) => ({ commitSha: b, ...files.get(b)! })));
    };
    // people: each author (GitHub's own committer identity is no person)
    const peopleStep = () =>
      timed("people", async () => {
        const authors = new Map<string, string>();
        for (const x of items) if (x.c.authorEmail && !isGitHubSystemEmail(x.c.authorEmail)) authors.set(x.c.authorEmail.toLowerCase(), x.c.authorName);
        const known = new Set<string>();
        const fresh = [...authors.keys()].filter((e) => !peopleSeen.has(e));
        if (fresh.length) {
          for (const a of await db.personAlias.findMany({ where: { kind: "GIT_EMAIL", value: { in: fresh } }, select: { value: true } })) known.add(a.value);
        }
        for (const email of fresh) {
          peopleSeen.add(email);
          if (!known.has(email)) await people.resolve("GIT_EMAIL", email, { name: authors.get(email) });
        }
      });
    await writeStep();
    await codeownersStep();
    await peopleStep();
  };

  for await (const c of rangeCommits(o.repoPath, revs)) {
    index++;
    result.read++;
    const tParse = performance.now();
    try {
      const markers = detectAiMarkers(c, markerSettings);
      const t = parseTrailers(c.message, { lenientKeys });
      if (Number.isNaN(c.committedAt.getTime()) || Number.isNaN(c.authoredAt.getTime())) throw new Error("invalid commit date");
      const merge = memberOf.get(c.sha);
      if (merge) {
        let agg = aggs.get(merge);
        if (!agg) aggs.set(merge, (agg = { shas: [], ai: false, tools: new Set(), models: new Set() }));
        agg.shas.push(c.sha);
        if (markers.length) agg.ai = true;
        toolsAndModels(markers, agg.tools, agg.models);
        result.stats.members++;
      } else if (!production.has(c.sha)) {
        continue; // not in the range's production line nor merged by it (cannot happen for a connected range)
      }
      chunk.push({ c, markers, trailers: { strict: t.strict, lenient: t.lenient }, index });
    } catch (e) {
      bad.push({ lineNumber: index, reason: `commit ${c.sha}: ${(e as Error).message}`, raw: c.sha });
    }
    timings.parse = (timings.parse ?? 0) + (performance.now() - tParse) / 1000;
    if (chunk.length >= o.chunkSize) {
      const items = chunk;
      chunk = [];
      await timed("waitWrite", () => pending);
      pending = flush(items);
      pending.catch(() => undefined);
    }
  }
  await pending;
  await flush(chunk);
  chunk = [];

  if (bad.length) {
    await quarantine(db, o.runId, bad);
    result.quarantined = bad.length;
  }

  // 3. pull requests known from git, where GitHub has not provided them
  await timed("pullRequests", () => writePullRequests(db, o.repoId, [...prs.values()]));
  result.affectedDays = [...days.values()];
  result.timings = Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v * 100) / 100]));
  o.log(`${o.fullName}: ${result.read} commits read, ${result.stored} new, in ${((Date.now() - started) / 1000).toFixed(1)} s (${Object.entries(result.timings).map(([k, v]) => `${k} ${v}s`).join(", ")})`);
  return result;
}

/**
 * Inserts new commit rows (one INSERT … SELECT FROM jsonb_to_recordset per batch: Postgres
 * parses the batch, not the ORM) and refreshes the derived production fields of rows that
 * already exist (a re-read after a force push or a reset tip).
 */
async function writeCommits(db: Db, repositoryId: string, rows: CommitRow[], isLate: (t: Date) => boolean) {
  const out = { created: 0, createdProduction: 0, late: 0, productionTimes: [] as Date[] };
  for (const part of chunked(rows, 1000)) {
    const json = JSON.stringify(
      part.map((r) => ({
        id: randomUUID(),
        sha: r.sha,
        parents: r.parents,
        an: r.authorName,
        ae: r.authorEmail,
        at: r.authoredAt.toISOString(),
        cn: r.committerName,
        ce: r.committerEmail,
        ct: r.committedAt.toISOString(),
        subject: r.subject,
        message: r.message,
        trailers: r.trailers,
        markers: r.aiMarkers,
        paths: r.changedPaths,
        prod: r.isProduction,
        seq: r.productionSeq,
        arrival: r.arrival,
        pr: r.pullNumber,
        ai: r.aiAssisted,
        tools: r.aiTools,
        models: r.aiModels,
        members: r.memberShas,
        late: isLate(r.committedAt),
      })),
    );
    const inserted = await db.$queryRaw<{ sha: string; late: boolean }[]>`
      INSERT INTO "Commit" (id, "repositoryId", sha, parents, "authorName", "authorEmail", "authoredAt", "committerName", "committerEmail",
        "committedAt", subject, message, trailers, "aiMarkers", "changedPaths", "isProduction", "productionSeq", arrival, "pullNumber",
        "aiAssisted", "aiTools", "aiModels", "memberShas", late)
      SELECT v.id, ${repositoryId}, v.sha, v.parents, v.an, v.ae, v.at::timestamptz, v.cn, v.ce, v.ct::timestamptz, v.subject, v.message,
        v.trailers, v.markers, v.paths, v.prod, v.seq, v.arrival::"Arrival", v.pr, v.ai, v.tools, v.models, v.members, v.late
      FROM jsonb_to_recordset(${json}::jsonb) AS v(id text, sha text, parents text[], an text, ae text, at text, cn text, ce text, ct text,
        subject text, message text, trailers jsonb, markers jsonb, paths text[], prod boolean, seq int, arrival text, pr int, ai boolean,
        tools text[], models text[], members text[], late boolean)
      ON CONFLICT ("repositoryId", sha) DO NOTHING
      RETURNING sha, late`;
    const fresh = new Set(inserted.map((r) => r.sha));
    out.created += inserted.length;
    out.late += inserted.filter((r) => r.late).length;
    for (const r of part) {
      if (!r.isProduction || !fresh.has(r.sha)) continue;
      out.createdProduction++;
      out.productionTimes.push(r.committedAt);
    }
    // rows already stored (a re-read): refresh what this run derives for production commits
    const again = part.filter((r) => !fresh.has(r.sha) && r.isProduction);
    if (again.length) {
      const upd = JSON.stringify(
        again.map((r) => ({
          sha: r.sha,
          seq: r.productionSeq,
          arrival: r.arrival,
          pr: r.pullNumber,
          ai: r.aiAssisted,
          tools: r.aiTools,
          models: r.aiModels,
          members: r.memberShas,
          markers: r.aiMarkers,
        })),
      );
      await db.$executeRaw`
        UPDATE "Commit" AS c SET
          "isProduction" = true, "productionSeq" = v.seq, "arrival" = v.arrival::"Arrival", "pullNumber" = v.pr,
          "aiAssisted" = v.ai, "aiTools" = v.tools, "aiModels" = v.models, "memberShas" = v.members, "aiMarkers" = v.markers
        FROM jsonb_to_recordset(${upd}::jsonb) AS v(sha text, seq int, arrival text, pr int, ai boolean, tools text[], models text[], members text[], markers jsonb)
        WHERE c."repositoryId" = ${repositoryId} AND c.sha = v.sha`;
    }
  }
  return out;
}

async function writePullRequests(db: Db, repositoryId: string, prs: PrInfo[]) {
  for (const part of chunked(prs, 2000)) {
    const rows = JSON.stringify(
      part.map((p) => ({ id: randomUUID(), n: p.number, title: p.title, base: p.baseSha, head: p.headSha, at: p.mergedAt.toISOString(), merge: p.mergeCommitSha, shas: p.commitShas })),
    );
    const inserted = await db.$queryRaw<{ number: number }[]>`
      INSERT INTO "PullRequest" (id, "repositoryId", number, title, state, "baseSha", "headSha", "mergedAt", "mergeCommitSha", "commitShas", source)
      SELECT v.id, ${repositoryId}, v.n, v.title, 'merged', v.base, v.head, v.at::timestamptz, v.merge, v.shas, 'git'
      FROM jsonb_to_recordset(${rows}::jsonb) AS v(id text, n int, title text, base text, head text, at text, merge text, shas text[])
      ON CONFLICT ("repositoryId", number) DO NOTHING
      RETURNING number`;
    const fresh = new Set(inserted.map((r) => r.number));
    const known = part.filter((p) => !fresh.has(p.number));
    if (known.length === 0) continue;
    // rows from an earlier git run (a rebase spanning runs, a re-read): refresh; GitHub's rows are left alone
    const json = JSON.stringify(known.map((p) => ({ n: p.number, head: p.headSha, merge: p.mergeCommitSha, at: p.mergedAt.toISOString(), shas: p.commitShas })));
    await db.$executeRaw`
      UPDATE "PullRequest" AS p SET "headSha" = COALESCE(v.head, p."headSha"), "mergeCommitSha" = v.merge, "mergedAt" = v.at::timestamptz,
        "commitShas" = CASE WHEN cardinality(v.shas) > 0 THEN v.shas ELSE p."commitShas" END
      FROM jsonb_to_recordset(${json}::jsonb) AS v(n int, head text, merge text, at text, shas text[])
      WHERE p."repositoryId" = ${repositoryId} AND p.number = v.n AND p.source = 'git'
        AND (p."mergeCommitSha" IS DISTINCT FROM v.merge OR p."headSha" IS DISTINCT FROM COALESCE(v.head, p."headSha"))`;
  }
}

// ---------------------------------------------------------------------------------------
// the "git-ingest" job queued by push webhooks

/**
 * Runs a "git-ingest" job (queued by the push webhook): fetches the repository's recorded local
 * clone from its `origin` (a `git clone --mirror` keeps refs/heads/* and refs/pull/* current),
 * then ingests the production branch incrementally. The clone path comes from the last
 * `ingest git`, never from the job payload.
 */
export async function runGitIngestJob(db: Db, payload: unknown, opts: { fetch?: boolean; log?: (m: string) => void } = {}): Promise<GitIngestResult> {
  const repository = (payload as { repository?: unknown } | null)?.repository;
  const m = typeof repository === "string" ? /^([\w.-]+)\/([\w.-]+)$/.exec(repository) : null;
  if (!m || /^\.+$/.test(m[1]) || /^\.+$/.test(m[2])) throw new Error("git-ingest job: payload.repository must be OWNER/NAME");
  const repo = await db.repository.findUnique({ where: { owner_name: { owner: m[1], name: m[2] } } });
  if (!repo?.localPath) throw new Error(`git-ingest job: no local clone recorded for ${repository}; run "ingest git --repo PATH --name ${repository}" once`);
  if (opts.fetch !== false) {
    const remotes: string[] = [];
    for await (const line of gitLines(repo.localPath, ["remote"])) remotes.push(line.trim());
    if (remotes.includes("origin")) {
      for await (const _ of gitLines(repo.localPath, ["fetch", "--prune", "--quiet", "origin"])) void _;
    }
  }
  return ingestGitRepository(db, { repoPath: repo.localPath, owner: m[1], name: m[2], branch: repo.productionBranch, log: opts.log });
}
