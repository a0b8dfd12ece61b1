/**
 * A realistic demo repository built with `git fast-import` (a few hundred commits in well
 * under a second), deterministic from a seed, with its ground truth:
 *
 * - `main` with `.github/CODEOWNERS` (changed once, by a pull request, half-way);
 * - pull requests on `refs/pull/N/head`, arriving as GitHub does: merge commits
 *   ("Merge pull request #N from owner/branch", committed by GitHub), squash merges
 *   ("Title (#N)" with GitHub's "* subject" body and Co-authored-by trailers), and
 *   rebase merges (commits rewritten with GitHub as committer, same patch);
 * - a few direct pushes (the root commit, hot fixes, one "Merge branch 'hotfix/…'");
 * - about 40% of the pull requests AI-assisted, with a variety of markers: Claude Code
 *   footers, Co-authored-by agents, strict and in-body (lenient) trailers, aider's
 *   "(aider)" author names, agent bot authors; plus human commits with look-alikes that
 *   are not markers ("AI-Assisted: no", human co-authors, Signed-off-by).
 *
 * Nothing here reads a clock or Math.random: same options, same shas.
 */
import { spawn } from "node:child_process";
import { mkdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

export interface DemoRepositoryOptions {
  seed: number;
  owner: string;
  name: string;
  /** approximate number of commits to create (all refs); a few more may be needed to merge open PRs */
  commits: number;
  start: Date;
  end: Date;
  /** create a bare repository (default: non-bare, with main checked out) */
  bare?: boolean;
  /** engineers' email domain (default "demo.example", as the demo gateway traffic uses) */
  emailDomain?: string;
}

export type DemoMergeStrategy = "merge" | "squash" | "rebase";

export interface DemoPullRequest {
  number: number;
  /** tip of refs/pull/N/head */
  headSha: string;
  /** merge commit, squash commit, or last rebased commit on main */
  mergeSha: string;
  /** GitHub login of the PR author */
  author: string;
  title: string;
  body: string;
  /** ground truth: a commit of the PR (or its squash commit) carries an AI marker */
  aiAssisted: boolean;
  strategy: DemoMergeStrategy;
  /** the branch name, "feature/…" */
  branch: string;
  /** main's tip when the branch was created */
  baseSha: string;
  /** the PR's own commits (on refs/pull/N/head), oldest first */
  commits: string[];
  /** for rebase merges: the rewritten commits on main, oldest first */
  rebasedCommits: string[];
  /** the answer to the template's "AI-assisted: yes/no" question; null when the section is missing */
  declaredAiAssisted: boolean | null;
  /** GitHub login of the person who merged it */
  mergedBy: string;
  createdAt: Date;
  mergedAt: Date;
  /** paths the PR changes (against its base) */
  paths: string[];
}

export interface DemoAiCommit {
  sha: string;
  /** tool keys of the markers the commit carries */
  tools: string[];
  /** the marker styles used (for test diagnostics) */
  styles: string[];
}

export interface DemoRepository {
  path: string;
  branch: "main";
  headSha: string;
  pullRequests: DemoPullRequest[];
  /** first-parent commits of main that did not come from a pull request, oldest first */
  directPushes: string[];
  /** every commit in the repository that carries an AI marker */
  aiCommits: DemoAiCommit[];
  /** the pull request that changed .github/CODEOWNERS, when there was one */
  codeownersPullRequest: number | null;
  /** CODEOWNERS text before and after that change */
  codeownersBefore: string;
  codeownersAfter: string;
}

export interface GitDemoEngineer {
  /** GitHub login, and the local part of the email */
  login: string;
  name: string;
  tz: string;
  /** the AI tool this engineer mostly uses */
  tool: "claude-code" | "cursor" | "aider";
}

/**
 * The same people as the demo gateway traffic (lib/demo/seed-gateway.ts): same logins,
 * names, emails (`<login>@demo.example`) and main tool, so commits and proxy traffic correlate.
 */
export const GIT_DEMO_ENGINEERS: readonly GitDemoEngineer[] = [
  { login: "alice", name: "Alice Nguyen", tz: "+0100", tool: "claude-code" },
  { login: "bob", name: "Bob Okafor", tz: "+0100", tool: "cursor" },
  { login: "carol", name: "Carol Silva", tz: "-0300", tool: "claude-code" },
  { login: "dev", name: "Dev Patel", tz: "+0530", tool: "aider" },
  { login: "erin", name: "Erin Walsh", tz: "+0000", tool: "claude-code" },
  { login: "farid", name: "Farid Haddad", tz: "+0200", tool: "cursor" },
  { login: "grace", name: "Grace Kim", tz: "-0800", tool: "claude-code" },
  { login: "hugo", name: "Hugo Martin", tz: "+0100", tool: "claude-code" },
];

// ---------------------------------------------------------------------------------------
// deterministic randomness

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  private next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  weighted<T>(xs: readonly (readonly [T, number])[]): T {
    const total = xs.reduce((s, x) => s + x[1], 0);
    let r = this.next() * total;
    for (const [v, w] of xs) {
      r -= w;
      if (r < 0) return v;
    }
    return xs[xs.length - 1][0];
  }
}

// ---------------------------------------------------------------------------------------
// content

type Area = "api" | "web" | "lib" | "docs" | "payments" | "auth" | "infra" | "ci";

const AREAS: readonly (readonly [Area, number])[] = [
  ["api", 4],
  ["web", 3],
  ["lib", 2],
  ["docs", 1],
  ["payments", 0.8],
  ["auth", 0.8],
  ["infra", 0.6],
  ["ci", 0.3],
];

const AREA_FILES: Record<Area, string[]> = {
  api: ["src/api/server.ts", "src/api/routes.ts", "src/api/handlers/users.ts", "src/api/handlers/orders.ts"],
  web: ["src/web/App.tsx", "src/web/components/Button.tsx", "src/web/components/Table.tsx"],
  lib: ["src/lib/logger.ts", "src/lib/config.ts", "src/lib/retry.ts"],
  docs: ["docs/architecture.md", "docs/runbook.md", "README.md"],
  payments: ["src/payments/stripe.ts", "src/payments/ledger.ts"],
  auth: ["src/auth/session.ts", "src/auth/oauth.ts"],
  infra: ["infra/terraform/main.tf", "infra/terraform/variables.tf"],
  ci: [".github/workflows/ci.yml"],
};

const AREA_OBJECTS: Record<Area, string[]> = {
  api: ["pagination to the orders endpoint", "request validation for user updates", "rate limiting on public routes", "error mapping in the API server", "health check endpoint", "idempotency keys for order creation"],
  web: ["table sorting", "button loading state", "empty state on the dashboard", "keyboard navigation in the table", "dark mode colours"],
  lib: ["retry backoff jitter", "structured logger fields", "config loading from env", "timeout handling in retry"],
  docs: ["runbook for on-call", "architecture overview", "README setup steps", "deployment notes"],
  payments: ["refund ledger entries", "Stripe webhook signature check", "currency rounding in the ledger", "payout reconciliation"],
  auth: ["session refresh race", "OAuth state validation", "session cookie flags", "token revocation"],
  infra: ["database instance size", "terraform variables for staging", "log retention policy", "VPC flow logs"],
  ci: ["CI caching", "node version matrix", "test sharding in CI"],
};

const VERBS = ["Add", "Fix", "Refactor", "Update", "Improve", "Handle", "Simplify", "Remove dead code in"];

function initialFiles(owner: string, name: string): Map<string, string> {
  const files = new Map<string, string>();
  files.set("README.md", `# ${name}\n\nThe ${owner} ${name} service.\n\n## Setup\n\nnpm install && npm test\n`);
  files.set(".github/CODEOWNERS", codeownersText(owner, false));
  files.set(".github/workflows/ci.yml", "name: ci\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm ci && npm test\n");
  files.set("package.json", `{\n  "name": "${name}",\n  "private": true,\n  "scripts": { "test": "vitest run" }\n}\n`);
  for (const [area, paths] of Object.entries(AREA_FILES) as [Area, string[]][]) {
    for (const p of paths) {
      if (files.has(p)) continue;
      if (p.endsWith(".md")) files.set(p, `# ${path.basename(p, ".md")}\n\nOwned by the ${area} area.\n`);
      else if (p.endsWith(".tf")) files.set(p, `# ${area}\nterraform {\n  required_version = ">= 1.6"\n}\n`);
      else files.set(p, `// ${p}\nexport const name = "${path.basename(p).replace(/\.\w+$/, "")}";\n`);
    }
  }
  return files;
}

export function codeownersText(owner: string, withFrontend: boolean): string {
  return [
    `# Code owners. Last matching pattern wins.`,
    ``,
    `*                    @${owner}/engineering`,
    `/src/payments/       @${owner}/payments @carol`,
    `/src/auth/           @${owner}/security`,
    `/infra/              @${owner}/platform`,
    `*.tf                 @${owner}/platform`,
    `/.github/            @${owner}/platform`,
    ...(withFrontend ? [`/src/web/            @${owner}/frontend @grace`] : []),
    `# documentation has no required reviewer`,
    `/docs/`,
    ``,
  ].join("\n");
}

/** A new version of a file: one line inserted or appended, with a deterministic token. */
function editContent(rng: Rng, content: string, n: number, file: string): string {
  const lines = content.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  let line: string;
  if (file.endsWith(".md")) line = `- note ${n}: ${rng.pick(["clarified", "added", "updated", "expanded"])} section ${rng.int(1, 9)}`;
  else if (file.endsWith(".tf")) line = `# change ${n}: ${rng.pick(["size", "retention", "tags", "cidr"])} = ${rng.int(1, 99)}`;
  else if (file.endsWith(".yml")) line = `# ci tweak ${n}`;
  else line = `export const v${n} = ${rng.int(0, 9999)};`;
  if (lines.length > 3 && rng.chance(0.4)) lines.splice(rng.int(2, lines.length - 1), 0, line);
  else lines.push(line);
  return lines.join("\n") + "\n";
}

// ---------------------------------------------------------------------------------------
// AI marker styles

interface Person {
  name: string;
  email: string;
  tz: string;
}

interface StyledCommit {
  author: Person;
  committer: Person;
  message: string;
  tools: string[];
  styles: string[];
}

type Style =
  | "claude-code"
  | "claude-code-model"
  | "assisted-by-strict"
  | "ai-assisted-lenient"
  | "aider-identity"
  | "generated-by-aider"
  | "copilot-coauthor"
  | "copilot-agent"
  | "cursor"
  | "jules"
  | "codex"
  | "devin"
  | "amp";

const STYLES: readonly (readonly [Style, number])[] = [
  ["claude-code", 3],
  ["claude-code-model", 2],
  ["assisted-by-strict", 1],
  ["ai-assisted-lenient", 1.5],
  ["aider-identity", 1],
  ["generated-by-aider", 0.6],
  ["copilot-coauthor", 1],
  ["copilot-agent", 0.5],
  ["cursor", 0.8],
  ["jules", 0.4],
  ["codex", 0.5],
  ["devin", 0.3],
  ["amp", 0.4],
];

const STYLE_TOOL: Record<Style, string> = {
  "claude-code": "claude-code",
  "claude-code-model": "claude-code",
  "assisted-by-strict": "claude-code",
  "ai-assisted-lenient": "cursor",
  "aider-identity": "aider",
  "generated-by-aider": "aider",
  "copilot-coauthor": "copilot",
  "copilot-agent": "copilot",
  cursor: "cursor",
  jules: "jules",
  codex: "codex",
  devin: "devin",
  amp: "amp",
};

const BOTS = {
  copilot: { name: "copilot-swe-agent[bot]", email: "198982749+Copilot@users.noreply.github.com", tz: "+0000" },
  jules: { name: "google-labs-jules[bot]", email: "161369871+google-labs-jules[bot]@users.noreply.github.com", tz: "+0000" },
  devin: { name: "devin-ai-integration[bot]", email: "158243242+devin-ai-integration[bot]@users.noreply.github.com", tz: "+0000" },
};

const GITHUB: Person = { name: "GitHub", email: "noreply@github.com", tz: "+0000" };

function styledCommit(rng: Rng, style: Style | null, human: Person, subject: string, body: string): StyledCommit {
  const plain = (msg: string): StyledCommit => ({ author: human, committer: human, message: msg, tools: [], styles: [] });
  const paras = [subject, body];
  if (style === null) {
    // human commits, some with look-alikes that are not AI markers
    const r = rng.float();
    if (r < 0.12) paras.push(`Signed-off-by: ${human.name} <${human.email}>`);
    else if (r < 0.18) paras.push("AI-Assisted: no");
    else if (r < 0.24) {
      const other = rng.pick(GIT_DEMO_ENGINEERS);
      paras.push(`Co-authored-by: ${other.name} <${other.login}@pair.example>`);
    }
    return plain(paras.join("\n\n") + "\n");
  }
  const tool = STYLE_TOOL[style];
  const ai = (author: Person, committer: Person, msg: string): StyledCommit => ({
    author,
    committer,
    message: msg,
    tools: [tool],
    styles: [style],
  });
  switch (style) {
    case "claude-code":
      paras.push("🤖 Generated with [Claude Code](https://claude.com/claude-code)", "Co-Authored-By: Claude <noreply@anthropic.com>");
      return ai(human, human, paras.join("\n\n") + "\n");
    case "claude-code-model": {
      const model = rng.pick(["Claude Sonnet 4.5", "Claude Opus 4.1", "Claude Sonnet 4"]);
      paras.push("🤖 Generated with [Claude Code](https://claude.com/claude-code)", `Co-Authored-By: ${model} <noreply@anthropic.com>`);
      return ai(human, human, paras.join("\n\n") + "\n");
    }
    case "assisted-by-strict":
      paras.push(`Assisted-by: Claude Opus 4 (claude-opus-4-1)\nSigned-off-by: ${human.name} <${human.email}>`);
      return ai(human, human, paras.join("\n\n") + "\n");
    case "ai-assisted-lenient":
      // the marker sits in the body; the last paragraph is prose, so git sees no trailers
      return ai(human, human, [subject, `${body}\nAI-Assisted: yes (Cursor, gpt-4.1)`, "Tested against staging before merging."].join("\n\n") + "\n");
    case "aider-identity": {
      const who = { ...human, name: `${human.name} (aider)` };
      paras.push(`Co-authored-by: aider (openai/gpt-4o) <aider@aider.chat>`);
      return ai(who, who, paras.join("\n\n") + "\n");
    }
    case "generated-by-aider":
      paras.push("Generated-by: aider (gpt-4o)");
      return ai(human, human, paras.join("\n\n") + "\n");
    case "copilot-coauthor":
      paras.push("Co-authored-by: Copilot <175728472+Copilot@users.noreply.github.com>");
      return ai(human, human, paras.join("\n\n") + "\n");
    case "copilot-agent":
      paras.push(`Co-authored-by: ${human.name} <${human.email}>`);
      return ai(BOTS.copilot, BOTS.copilot, paras.join("\n\n") + "\n");
    case "cursor":
      paras.push("Co-authored-by: Cursor Agent <cursoragent@cursor.com>");
      return ai(human, human, paras.join("\n\n") + "\n");
    case "jules":
      return ai(BOTS.jules, BOTS.jules, paras.join("\n\n") + "\n");
    case "codex":
      paras.push("Co-authored-by: Codex <codex@openai.com>");
      return ai(human, human, paras.join("\n\n") + "\n");
    case "devin":
      return ai(BOTS.devin, BOTS.devin, paras.join("\n\n") + "\n");
    case "amp": {
      const thread = `T-${rng.int(0x10000000, 0x7fffffff).toString(16)}-${rng.int(0x1000, 0xffff).toString(16)}`;
      paras.push(`Amp-Thread-ID: https://ampcode.com/threads/${thread}\nCo-authored-by: Amp <amp@ampcode.com>`);
      return ai(human, human, paras.join("\n\n") + "\n");
    }
  }
}

// ---------------------------------------------------------------------------------------
// the plan

interface CommitSpec {
  ref: string;
  mark: number;
  from: number | null;
  merges: number[];
  author: Person;
  committer: Person;
  message: string;
  /** full new contents of changed files */
  changes: Map<string, string>;
  tools: string[];
  styles: string[];
}

interface OpenPr {
  number: number;
  branch: string;
  author: GitDemoEngineer;
  area: Area;
  baseMark: number;
  baseFiles: Map<string, string>;
  overlay: Map<string, string>;
  tip: number;
  commitMarks: number[];
  /** per own commit: the changes it made, for rebase replays */
  commitChanges: Map<string, string>[];
  ai: boolean;
  title: string;
  createdIndex: number;
  codeowners: boolean;
}

interface PlannedPr {
  number: number;
  branch: string;
  author: string;
  title: string;
  body: string;
  aiAssisted: boolean;
  strategy: DemoMergeStrategy;
  baseMark: number;
  headMark: number;
  mergeMark: number;
  commitMarks: number[];
  rebasedMarks: number[];
  declaredAiAssisted: boolean | null;
  mergedBy: string;
  createdIndex: number;
  mergedIndex: number;
  paths: string[];
}

export async function createDemoRepository(dir: string, opts: DemoRepositoryOptions): Promise<DemoRepository> {
  const rng = new Rng(opts.seed);
  const { owner, name } = opts;
  const domain = opts.emailDomain ?? "demo.example";
  const person = (e: GitDemoEngineer): Person => ({ name: e.name, email: `${e.login}@${domain}`, tz: e.tz });
  // mostly the engineer's own tool, sometimes another
  const TOOL_STYLES: Record<GitDemoEngineer["tool"], Style[]> = {
    "claude-code": ["claude-code", "claude-code", "claude-code-model", "assisted-by-strict"],
    cursor: ["cursor", "ai-assisted-lenient"],
    aider: ["aider-identity", "generated-by-aider"],
  };
  const styleFor = (e: GitDemoEngineer): Style => (rng.chance(0.6) ? rng.pick(TOOL_STYLES[e.tool]) : rng.weighted(STYLES));

  const specs: CommitSpec[] = [];
  const add = (s: Omit<CommitSpec, "mark">): number => {
    const mark = specs.length + 1;
    specs.push({ ...s, mark });
    return mark;
  };

  let mainFiles = initialFiles(owner, name);
  const founder = GIT_DEMO_ENGINEERS[0];
  let mainTip = add({
    ref: "refs/heads/main",
    from: null,
    merges: [],
    author: person(founder),
    committer: person(founder),
    message: "Initial commit\n",
    changes: new Map(mainFiles),
    tools: [],
    styles: [],
  });
  const directMarks: number[] = [mainTip];
  const planned: PlannedPr[] = [];
  const open: OpenPr[] = [];
  let nextPr = 1;
  let editCounter = 0;
  let codeownersPr: number | null = null;
  let hotfixDone = false;

  const target = Math.max(opts.commits, 10);
  const subjectFor = (area: Area) => `${rng.pick(VERBS)} ${rng.pick(AREA_OBJECTS[area])}`;
  const bodyFor = (area: Area) =>
    rng.pick([
      `The ${area} code needed this for the next release.`,
      `Follow-up from the last incident review in ${area}.`,
      `Small, self-contained change in ${area}; covered by existing tests.`,
      `Customer-reported issue in ${area}.`,
    ]);

  const editFiles = (view: (p: string) => string | undefined, area: Area, count: number): Map<string, string> => {
    const changes = new Map<string, string>();
    const files = AREA_FILES[area];
    for (let i = 0; i < count; i++) {
      const p = rng.pick(files);
      const base = changes.get(p) ?? view(p) ?? "";
      changes.set(p, editContent(rng, base, ++editCounter, p));
    }
    return changes;
  };

  const prCommit = (pr: OpenPr, first: boolean) => {
    const view = (p: string) => pr.overlay.get(p) ?? pr.baseFiles.get(p);
    const changes = editFiles(view, pr.area, rng.int(1, 2));
    if (first && pr.codeowners) {
      changes.set(".github/CODEOWNERS", codeownersText(owner, true));
    } else if (first && rng.chance(0.1)) {
      // a new file now and then
      const dirs: Record<Area, string> = { api: "src/api/handlers", web: "src/web/components", lib: "src/lib", docs: "docs", payments: "src/payments", auth: "src/auth", infra: "infra/terraform", ci: ".github/workflows" };
      const ext = pr.area === "docs" ? "md" : pr.area === "infra" ? "tf" : pr.area === "ci" ? "yml" : "ts";
      const p = `${dirs[pr.area]}/feature-${pr.number}.${ext}`;
      changes.set(p, `// ${p}\nexport const feature${pr.number} = true;\n`);
    }
    const subject = first ? pr.title : subjectFor(pr.area);
    const style = pr.ai && (first || rng.chance(0.8)) ? styleFor(pr.author) : null;
    const sc = styledCommit(rng, style, person(pr.author), subject, bodyFor(pr.area));
    const mark = add({
      ref: `refs/pull/${pr.number}/head`,
      from: pr.tip,
      merges: [],
      author: sc.author,
      committer: sc.committer,
      message: sc.message,
      changes,
      tools: sc.tools,
      styles: sc.styles,
    });
    for (const [p, c] of changes) pr.overlay.set(p, c);
    pr.tip = mark;
    pr.commitMarks.push(mark);
    pr.commitChanges.push(changes);
  };

  const openPr = () => {
    const author = rng.pick(GIT_DEMO_ENGINEERS);
    const wantCodeowners = codeownersPr === null && specs.length >= target / 2;
    const area: Area = wantCodeowners ? "ci" : rng.weighted(AREAS);
    const number = nextPr++;
    if (wantCodeowners) codeownersPr = number;
    const title = wantCodeowners ? "Add frontend team to CODEOWNERS" : subjectFor(area);
    const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, "-").slice(0, 40).replace(/^-+|-+$/g, "");
    const pr: OpenPr = {
      number,
      branch: `${author.login}/${slug}`,
      author,
      area,
      baseMark: mainTip,
      baseFiles: new Map(mainFiles),
      overlay: new Map(),
      tip: mainTip,
      commitMarks: [],
      commitChanges: [],
      ai: !wantCodeowners && rng.chance(0.42),
      title,
      createdIndex: specs.length,
      codeowners: wantCodeowners,
    };
    prCommit(pr, true);
    open.push(pr);
  };

  const squashMessage = (pr: OpenPr): { message: string; tools: string[]; styles: string[] } => {
    const coAuthors: string[] = [];
    const bullets: string[] = [];
    const tools = new Set<string>();
    const styles = new Set<string>();
    const prAuthor = person(pr.author);
    for (const m of pr.commitMarks) {
      const spec = specs[m - 1];
      spec.tools.forEach((t) => tools.add(t));
      spec.styles.forEach((s) => styles.add(s));
      const lines = spec.message.replace(/\n+$/, "").split("\n");
      const kept: string[] = [];
      for (const l of lines) {
        const co = /^co-authored-by:\s*(.+)$/i.exec(l);
        if (co) {
          if (!coAuthors.includes(co[1])) coAuthors.push(co[1]);
        } else kept.push(l);
      }
      bullets.push(`* ${kept.join("\n").replace(/\n+$/, "")}`);
      const a = `${spec.author.name} <${spec.author.email}>`;
      if (spec.author.email !== prAuthor.email || spec.author.name !== prAuthor.name) {
        if (!coAuthors.includes(a)) coAuthors.push(a);
      }
    }
    let message = `${pr.title} (#${pr.number})\n\n${bullets.join("\n\n")}\n`;
    if (coAuthors.length) message += `\n${coAuthors.map((c) => `Co-authored-by: ${c}`).join("\n")}\n`;
    return { message, tools: [...tools], styles: [...styles] };
  };

  const mergePr = (pr: OpenPr) => {
    open.splice(open.indexOf(pr), 1);
    const merger = rng.pick(GIT_DEMO_ENGINEERS.filter((e) => e !== pr.author));
    const clean = [...pr.overlay.keys()].every((p) => mainFiles.get(p) === pr.baseFiles.get(p));
    const strategy: DemoMergeStrategy = clean && rng.chance(0.18) ? "rebase" : rng.weighted([["merge", 0.6], ["squash", 0.4]] as const);
    const changes = new Map<string, string>();
    for (const [p, c] of pr.overlay) if (mainFiles.get(p) !== c) changes.set(p, c);
    const rebasedMarks: number[] = [];
    if (strategy === "merge") {
      mainTip = add({
        ref: "refs/heads/main",
        from: mainTip,
        merges: [pr.tip],
        author: person(merger),
        committer: GITHUB,
        message: `Merge pull request #${pr.number} from ${owner}/${pr.branch}\n\n${pr.title}\n`,
        changes,
        tools: [],
        styles: [],
      });
    } else if (strategy === "squash") {
      const sq = squashMessage(pr);
      mainTip = add({
        ref: "refs/heads/main",
        from: mainTip,
        merges: [],
        author: person(pr.author),
        committer: GITHUB,
        message: sq.message,
        changes,
        tools: sq.tools,
        styles: sq.styles,
      });
    } else {
      pr.commitMarks.forEach((m, i) => {
        const orig = specs[m - 1];
        mainTip = add({
          ref: "refs/heads/main",
          from: mainTip,
          merges: [],
          author: orig.author,
          committer: GITHUB,
          message: orig.message,
          changes: new Map(pr.commitChanges[i]),
          tools: orig.tools,
          styles: orig.styles,
        });
        rebasedMarks.push(mainTip);
      });
    }
    for (const [p, c] of pr.overlay) mainFiles.set(p, c);
    const aiAssisted = pr.commitMarks.some((m) => specs[m - 1].tools.length > 0);
    const declared: boolean | null = rng.chance(0.1) ? null : rng.chance(0.06) ? !aiAssisted : aiAssisted;
    const body = [
      `## Summary`,
      ``,
      `${pr.title}.`,
      ``,
      ...(declared === null ? [] : [`## AI assistance`, ``, `AI-assisted: ${declared ? "yes" : "no"}`, ``]),
      `## Testing`,
      ``,
      `- [x] unit tests`,
    ].join("\n");
    planned.push({
      number: pr.number,
      branch: pr.branch,
      author: pr.author.login,
      title: pr.title,
      body,
      aiAssisted,
      strategy,
      baseMark: pr.baseMark,
      headMark: pr.tip,
      mergeMark: mainTip,
      commitMarks: [...pr.commitMarks],
      rebasedMarks,
      declaredAiAssisted: declared,
      mergedBy: merger.login,
      createdIndex: pr.createdIndex,
      mergedIndex: specs.length - 1,
      paths: [...pr.overlay.keys()].sort(),
    });
  };

  const directPush = () => {
    const e = rng.pick(GIT_DEMO_ENGINEERS);
    const area = rng.weighted(AREAS);
    const changes = editFiles((p) => mainFiles.get(p), area, 1);
    const style = rng.chance(0.3) ? styleFor(e) : null;
    const sc = styledCommit(rng, style, person(e), `Hotfix: ${subjectFor(area).toLowerCase()}`, bodyFor(area));
    mainTip = add({ ref: "refs/heads/main", from: mainTip, merges: [], ...sc, changes });
    for (const [p, c] of changes) mainFiles.set(p, c);
    directMarks.push(mainTip);
  };

  const hotfixMerge = () => {
    // a local branch merged without a pull request: "Merge branch 'hotfix/…'"
    const e = rng.pick(GIT_DEMO_ENGINEERS);
    const changes = editFiles((p) => mainFiles.get(p), "lib", 1);
    const sc = styledCommit(rng, null, person(e), "Fix crash when config file is empty", bodyFor("lib"));
    const fix = add({ ref: "refs/heads/hotfix/empty-config", from: mainTip, merges: [], ...sc, changes });
    mainTip = add({
      ref: "refs/heads/main",
      from: mainTip,
      merges: [fix],
      author: person(e),
      committer: person(e),
      message: "Merge branch 'hotfix/empty-config'\n",
      changes: new Map(changes),
      tools: [],
      styles: [],
    });
    for (const [p, c] of changes) mainFiles.set(p, c);
    directMarks.push(mainTip);
  };

  while (specs.length < target) {
    const r = rng.float();
    if (!hotfixDone && specs.length >= target * 0.7) {
      hotfixMerge();
      hotfixDone = true;
    } else if (open.length === 0 || (open.length < 4 && r < 0.3)) openPr();
    else if (r < 0.55) {
      const pr = rng.pick(open);
      if (pr.commitMarks.length < 4) prCommit(pr, false);
    } else if (r < 0.975) {
      // the oldest open PR most of the time
      mergePr(rng.chance(0.7) ? open[0] : rng.pick(open));
    } else directPush();
  }
  while (open.length) mergePr(open[0]);

  // --------------------------------------------------------------------------------------
  // times: spread evenly over [start, end], with jitter that keeps them increasing
  const t0 = opts.start.getTime();
  const span = Math.max(opts.end.getTime() - t0, specs.length * 1000);
  const step = span / specs.length;
  const times = specs.map((_, i) => Math.floor((t0 + step * (i + 0.15 + 0.7 * rng.float())) / 1000));

  // --------------------------------------------------------------------------------------
  // git fast-import
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await git(dir, opts.bare ? ["init", "-q", "--bare", "-b", "main"] : ["init", "-q", "-b", "main"]);

  const chunks: Buffer[] = [];
  const text = (s: string) => chunks.push(Buffer.from(s, "utf8"));
  const data = (s: string) => {
    const b = Buffer.from(s, "utf8");
    text(`data ${b.length}\n`);
    chunks.push(b);
    text("\n");
  };
  for (let i = 0; i < specs.length; i++) {
    const s = specs[i];
    const when = times[i];
    text(`commit ${s.ref}\nmark :${s.mark}\n`);
    text(`author ${s.author.name} <${s.author.email}> ${when} ${s.author.tz}\n`);
    text(`committer ${s.committer.name} <${s.committer.email}> ${when} ${s.committer.tz}\n`);
    data(s.message);
    if (s.from !== null) text(`from :${s.from}\n`);
    for (const m of s.merges) text(`merge :${m}\n`);
    for (const [p, c] of s.changes) {
      text(`M 100644 inline ${p}\n`);
      data(c);
    }
    text("\n");
  }
  text("done\n");
  const marksFile = path.join(os.tmpdir(), `demo-marks-${process.pid}-${opts.seed}-${Math.abs(hash(dir))}.txt`);
  await git(dir, ["fast-import", "--quiet", "--done", `--export-marks=${marksFile}`], Buffer.concat(chunks));
  const marks = new Map<number, string>();
  for (const line of (await readFile(marksFile, "utf8")).split("\n")) {
    const m = /^:(\d+) ([0-9a-f]+)$/.exec(line);
    if (m) marks.set(Number(m[1]), m[2]);
  }
  await rm(marksFile, { force: true });
  if (!opts.bare) await git(dir, ["reset", "-q", "--hard", "main"]);
  const sha = (mark: number) => {
    const s = marks.get(mark);
    if (!s) throw new Error(`fast-import did not export mark :${mark}`);
    return s;
  };
  const at = (i: number) => new Date(times[i] * 1000);

  return {
    path: dir,
    branch: "main",
    headSha: sha(mainTip),
    pullRequests: planned.map((p) => ({
      number: p.number,
      headSha: sha(p.headMark),
      mergeSha: sha(p.mergeMark),
      author: p.author,
      title: p.title,
      body: p.body,
      aiAssisted: p.aiAssisted,
      strategy: p.strategy,
      branch: p.branch,
      baseSha: sha(p.baseMark),
      commits: p.commitMarks.map(sha),
      rebasedCommits: p.rebasedMarks.map(sha),
      declaredAiAssisted: p.declaredAiAssisted,
      mergedBy: p.mergedBy,
      createdAt: at(p.createdIndex),
      mergedAt: at(p.mergedIndex),
      paths: p.paths,
    })),
    directPushes: directMarks.map(sha),
    aiCommits: specs.filter((s) => s.tools.length > 0).map((s) => ({ sha: sha(s.mark), tools: [...new Set(s.tools)], styles: s.styles })),
    codeownersPullRequest: codeownersPr,
    codeownersBefore: codeownersText(owner, false),
    codeownersAfter: codeownersText(owner, codeownersPr !== null),
  };
}

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

function git(cwd: string, args: string[], input?: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", ["-C", cwd, ...args], {
      env: { ...process.env, LC_ALL: "C", GIT_TERMINAL_PROMPT: "0" },
      stdio: ["pipe", "ignore", "pipe"],
    });
    let err = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (d: string) => {
      if (err.length < 65536) err += d;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve();
      else reject(new Error(`git ${args.join(" ")} failed (exit ${code}): ${err.trim()}`));
    });
    child.stdin.on("error", () => undefined);
    child.stdin.end(input ?? "");
  });
}
