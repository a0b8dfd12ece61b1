// Git ingest throughput: a generated repository (git fast-import) with N first-parent commits
// on main — about half of them merges of pull requests that bring in 1–3 commits each, a third
// squash merges, the rest direct pushes, refs/pull/N/head for every PR, ~30% AI markers —
// ingested into a fresh database (full, then incremental after 2% more commits), against
// same-run baselines: `git log --first-parent --format=%H main | wc -l` and a `git log` of
// the same range with the same output the ingest asks for (format, --name-only).
// Usage: npx tsx bench/git.ts [--commits N]   (N first-parent commits, default 20000)
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { createDb } from "../lib/db/client";
import { migrate } from "../lib/db/migrate";
import { replaceDatabase } from "../lib/db/test-database";
import { ingestGitRepository } from "../lib/ingest/git-store";

const { values } = parseArgs({ options: { commits: { type: "string", default: "20000" }, keep: { type: "boolean", default: false } } });
const N = Number(values.commits);
const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

// fast-import grows and trims its heap constantly; on VMs where brk is slow that dominates the
// generation (10× here), so it gets a malloc top pad. Only the generation: the ingest and the
// baselines run with the environment as it is.
const MALLOC_PAD = { MALLOC_TOP_PAD_: String(256 << 20), MALLOC_TRIM_THRESHOLD_: String(512 << 20) };

function run(cwd: string, cmd: string, args: string[], input?: AsyncIterable<string>, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, LC_ALL: "C", ...env }, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d.length < 1e6 ? d : ""));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    (async () => {
      if (input) {
        for await (const chunk of input) if (!child.stdin.write(chunk)) await new Promise<void>((r) => child.stdin.once("drain", () => r()));
      }
      child.stdin.end();
    })().catch(reject);
  });
}

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PEOPLE = ["Alice Nguyen <alice@acme.example>", "Bob Okafor <bob@acme.example>", "Carol Silva <carol@acme.example>", "Dev Patel <dev@acme.example>", "Erin Walsh <erin@acme.example>", "Farid Haddad <farid@acme.example>"];
const AI = [
  "\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n",
  "\n\nCo-authored-by: Cursor Agent <cursoragent@cursor.com>\n",
  "\n\nAssisted-by: Claude Opus 4 (claude-opus-4-1)\n",
  "\n\nCo-authored-by: aider (openai/gpt-4o) <aider@aider.chat>\n",
];

interface State {
  mark: number;
  pr: number;
  mainMark: number | null;
  t: number;
  counts: { firstParent: number; merges: number; squashes: number; direct: number; members: number; ai: number };
}

/** The fast-import stream for `n` more first-parent commits on main (streamed, not held in memory). */
async function* stream(st: State, n: number, random: () => number, resumeFrom: string | null): AsyncGenerator<string> {
  const data = (s: string) => `data ${Buffer.byteLength(s)}\n${s}\n`;
  const who = () => PEOPLE[Math.floor(random() * PEOPLE.length)];
  const message = (subject: string) => {
    const ai = random() < 0.3;
    if (ai) st.counts.ai++;
    return `${subject}\n\nSome explanation of the change.${ai ? AI[Math.floor(random() * AI.length)] : "\n"}`;
  };
  const commit = (ref: string, from: string | null, merges: number[], author: string, committer: string, msg: string, files: [string, string][]) => {
    const m = ++st.mark;
    st.t += 60;
    let s = `commit ${ref}\nmark :${m}\nauthor ${author} ${st.t} +0000\ncommitter ${committer} ${st.t} +0000\n${data(msg)}`;
    if (from) s += `from ${from}\n`;
    for (const x of merges) s += `merge :${x}\n`;
    for (const [p, c] of files) s += `M 100644 inline ${p}\n${data(c)}`;
    return { m, s: s + "\n" };
  };
  const file = (i: number): [string, string] => [`src/module${i % 24}/file${i % 9}.ts`, `export const v${i} = ${Math.floor(random() * 1e6)};\n`];
  let from: string | null = resumeFrom ?? (st.mainMark ? `:${st.mainMark}` : null);
  if (!from) {
    const root = commit("refs/heads/main", null, [], PEOPLE[0], PEOPLE[0], "Initial commit\n", [
      [".github/CODEOWNERS", "*  @acme/engineering\n/src/module1*/ @acme/payments @carol\n/docs/\n"],
      ["README.md", "# bench\n"],
    ]);
    yield root.s;
    st.mainMark = root.m;
    from = `:${root.m}`;
    st.counts.firstParent++;
    st.counts.direct++;
    n--;
  }
  for (let i = 0; i < n; i++) {
    const r = random();
    const k = st.mark;
    if (r < 0.5) {
      const pr = ++st.pr;
      const author = who();
      const count = 1 + Math.floor(random() * 3);
      let tip = from;
      const files: [string, string][] = [];
      for (let j = 0; j < count; j++) {
        const f = file(k + j);
        files.push(f);
        const c = commit(`refs/pull/${pr}/head`, tip, [], author, author, message(`Work on change ${pr} part ${j + 1}`), [f]);
        yield c.s;
        tip = `:${c.m}`;
        st.counts.members++;
      }
      const merge = commit("refs/heads/main", from, [Number(tip.slice(1))], who(), "GitHub <noreply@github.com>", `Merge pull request #${pr} from acme/change-${pr}\n\nChange ${pr}\n`, files);
      yield merge.s;
      from = `:${merge.m}`;
      st.counts.merges++;
    } else if (r < 0.85) {
      const pr = ++st.pr;
      const author = who();
      const f = file(k);
      const head = commit(`refs/pull/${pr}/head`, from, [], author, author, message(`Change ${pr}`), [f]);
      yield head.s;
      const sq = commit("refs/heads/main", from, [], author, "GitHub <noreply@github.com>", message(`Change ${pr} (#${pr})`), [f]);
      yield sq.s;
      from = `:${sq.m}`;
      st.counts.squashes++;
    } else {
      const author = who();
      const c = commit("refs/heads/main", from, [], author, author, message(`Hotfix ${k}`), [file(k)]);
      yield c.s;
      from = `:${c.m}`;
      st.counts.direct++;
    }
    st.counts.firstParent++;
  }
  st.mainMark = Number(from!.slice(1));
  yield "done\n";
}

async function fastImport(dir: string, st: State, n: number, random: () => number, resumeFrom: string | null) {
  const res = await run(dir, "git", ["fast-import", "--quiet", "--done", `--export-marks=${path.join(dir, "..", "marks")}`, ...(resumeFrom ? [`--import-marks=${path.join(dir, "..", "marks")}`] : [])], stream(st, n, random, resumeFrom), MALLOC_PAD);
  if (res.code !== 0) throw new Error(`fast-import failed: ${res.stderr}`);
}

async function time<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const t0 = performance.now();
  const value = await fn();
  return { value, seconds: (performance.now() - t0) / 1000 };
}

async function main() {
  const tmp = await mkdtemp(path.join(os.tmpdir(), "bench-git-"));
  const dir = path.join(tmp, "repo.git");
  await run(tmp, "git", ["init", "-q", "--bare", "-b", "main", dir]);
  const random = rng(42);
  const st: State = { mark: 0, pr: 0, mainMark: null, t: Date.UTC(2026, 0, 1) / 1000, counts: { firstParent: 0, merges: 0, squashes: 0, direct: 0, members: 0, ai: 0 } };
  const gen = await time(async () => {
    await fastImport(dir, st, N, random, null);
    await run(dir, "git", ["pack-refs", "--all"]);
  });
  const total = st.mark;
  console.error(`generated ${st.counts.firstParent} first-parent commits (${st.counts.merges} merges, ${st.counts.squashes} squashes, ${st.counts.direct} direct), ${total} commits, ${st.pr} PR refs in ${gen.seconds.toFixed(1)} s`);

  const baseFp = await time(() => run(dir, "sh", ["-c", "git log --first-parent --format=%H main | wc -l"]));
  const baseFull = await time(() =>
    run(dir, "sh", ["-c", "git log --topo-order --reverse -z --format='%H%x00%P%x00%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%cI%x00%s%x00%B' --no-renames --diff-merges=first-parent --name-only main | wc -c"]),
  );
  const baseAll = await time(() => run(dir, "sh", ["-c", "git log --all --format='%H %P %an %ae %aI %s' | wc -l"]));

  const name = `aisdlc_bench_git_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = replaceDatabase(ADMIN_URL, name);
  let db: ReturnType<typeof createDb> | null = null;
  try {
    await migrate(url);
    db = createDb(url, { max: 4 });
    const rssBefore = process.memoryUsage().rss;
    peakRss = rssBefore;
    const full = await time(() => ingestGitRepository(db!, { repoPath: dir, owner: "bench", name: "repo", log: (m) => console.error(m) }));
    const peakFull = peakRss;

    const more = Math.max(10, Math.round(N * 0.02));
    const tip = (await run(dir, "git", ["rev-parse", "main"])).stdout.trim();
    await fastImport(dir, st, more, random, tip);
    peakRss = process.memoryUsage().rss;
    const incr = await time(() => ingestGitRepository(db!, { repoPath: dir, owner: "bench", name: "repo", log: (m) => console.error(m) }));
    const again = await time(() => ingestGitRepository(db!, { repoPath: dir, owner: "bench", name: "repo", log: (m) => console.error(m) }));

    const f = full.value;
    const summary = {
      firstParentCommits: st.counts.firstParent - more,
      totalCommits: total,
      pullRequestRefs: st.pr,
      full: {
        seconds: +full.seconds.toFixed(2),
        commitsPerSecond: Math.round(f.commitsRead / full.seconds),
        productionCommits: f.productionCommits,
        pullRequests: f.pullRequests,
        directPushes: f.directPushes,
        aiAssisted: f.aiAssisted,
        commitsRead: f.commitsRead,
        peakRssMB: Math.round(peakFull / 1048576),
        rssBeforeMB: Math.round(rssBefore / 1048576),
      },
      incremental: { seconds: +incr.seconds.toFixed(2), commitsRead: incr.value.commitsRead, newProductionCommits: incr.value.newProductionCommits },
      noop: { seconds: +again.seconds.toFixed(2), commitsRead: again.value.commitsRead },
      baseline: {
        firstParentLogSeconds: +baseFp.seconds.toFixed(2),
        sameOutputLogSeconds: +baseFull.seconds.toFixed(2),
        allLogSeconds: +baseAll.seconds.toFixed(2),
      },
      ratio: {
        fullVsSameOutputLog: +(full.seconds / baseFull.seconds).toFixed(1),
        fullVsAllLog: +(full.seconds / baseAll.seconds).toFixed(1),
        fullVsFirstParentLog: +(full.seconds / baseFp.seconds).toFixed(1),
      },
    };
    console.log(`full ingest: ${f.commitsRead} commits in ${full.seconds.toFixed(1)} s = ${summary.full.commitsPerSecond} commits/s, peak RSS ${summary.full.peakRssMB} MB`);
    console.log(`incremental (+${more} first-parent): ${incr.value.commitsRead} commits in ${incr.seconds.toFixed(2)} s; no-op re-run ${again.seconds.toFixed(2)} s`);
    console.log(`baseline git log: first-parent %H ${baseFp.seconds.toFixed(2)} s, same output as the ingest ${baseFull.seconds.toFixed(2)} s, --all ${baseAll.seconds.toFixed(2)} s`);
    console.log(`ratio: ${summary.ratio.fullVsSameOutputLog}× the same git log, ${summary.ratio.fullVsAllLog}× git log --all`);
    console.log(JSON.stringify(summary));
  } finally {
    await db?.$disconnect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
    if (!values.keep) await rm(tmp, { recursive: true, force: true });
    else console.error(`kept ${dir}`);
    clearInterval(sampler);
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
