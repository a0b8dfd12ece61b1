/**
 * A real HTTP server on loopback that answers like GitHub's REST API for the endpoints the
 * sync uses, in GitHub's documented shapes (pulls list with Link pagination, reviews,
 * commits, repository), with scripted faults: a 403 primary rate limit
 * (`x-ratelimit-remaining: 0` + `x-ratelimit-reset`), a 429 with `retry-after`, 502s.
 * For tests and local demos; never imported by the application.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeUser {
  login: string;
  type?: "User" | "Bot" | "Organization";
}

export interface FakeReview {
  id: number;
  user: FakeUser | null;
  state: "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED" | "DISMISSED" | "PENDING";
  commit_id: string;
  submitted_at: string | null;
}

export interface FakeCommit {
  sha: string;
  author: { name: string; email: string; date: string };
  committer: { name: string; email: string; date: string };
  message: string;
  authorLogin: string | null;
  committerLogin: string | null;
}

export interface FakePull {
  number: number;
  title: string;
  body: string | null;
  user: FakeUser;
  base: string;
  baseSha: string;
  headRef: string;
  headSha: string;
  created_at: string;
  updated_at: string;
  merged_at: string | null;
  merge_commit_sha: string | null;
  reviews: FakeReview[];
  commits: FakeCommit[];
}

export interface FakeFault {
  /** matched against the request path + query */
  match: RegExp;
  /** how many times to answer with the fault (default 1) */
  times?: number;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface FakeGitHub {
  url: string;
  /** requests received: method and path+query */
  requests: string[];
  /** authorization headers seen */
  authorizations: (string | undefined)[];
  pulls: Map<string, FakePull[]>;
  faults: FakeFault[];
  defaultBranch: string;
  /** file contents for the contents API: key "owner/repo@ref:path" */
  files: Map<string, string>;
  close(): Promise<void>;
}

function userJson(u: FakeUser | null, base: string) {
  if (!u) return null;
  const id = Math.abs([...u.login].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 7));
  return {
    login: u.login,
    id,
    node_id: `U_${id}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    url: `${base}/users/${encodeURIComponent(u.login)}`,
    html_url: `https://github.com/${u.login}`,
    type: u.type ?? "User",
    site_admin: false,
  };
}

function pullJson(p: FakePull, owner: string, repo: string, base: string) {
  return {
    url: `${base}/repos/${owner}/${repo}/pulls/${p.number}`,
    id: 1000000 + p.number,
    node_id: `PR_${p.number}`,
    html_url: `https://github.com/${owner}/${repo}/pull/${p.number}`,
    number: p.number,
    state: "closed",
    locked: false,
    title: p.title,
    user: userJson(p.user, base),
    body: p.body,
    created_at: p.created_at,
    updated_at: p.updated_at,
    closed_at: p.merged_at ?? p.updated_at,
    merged_at: p.merged_at,
    merge_commit_sha: p.merge_commit_sha,
    assignee: null,
    requested_reviewers: [],
    labels: [],
    draft: false,
    head: { label: `${owner}:${p.headRef}`, ref: p.headRef, sha: p.headSha, user: userJson(p.user, base) },
    base: { label: `${owner}:${p.base}`, ref: p.base, sha: p.baseSha },
    author_association: "MEMBER",
    auto_merge: null,
  };
}

function reviewJson(r: FakeReview, p: FakePull, owner: string, repo: string, base: string) {
  return {
    id: r.id,
    node_id: `PRR_${r.id}`,
    user: userJson(r.user, base),
    body: "",
    state: r.state,
    html_url: `https://github.com/${owner}/${repo}/pull/${p.number}#pullrequestreview-${r.id}`,
    pull_request_url: `${base}/repos/${owner}/${repo}/pulls/${p.number}`,
    author_association: "MEMBER",
    submitted_at: r.submitted_at,
    commit_id: r.commit_id,
  };
}

function commitJson(c: FakeCommit, owner: string, repo: string, base: string) {
  return {
    url: `${base}/repos/${owner}/${repo}/commits/${c.sha}`,
    sha: c.sha,
    node_id: `C_${c.sha.slice(0, 8)}`,
    commit: {
      author: c.author,
      committer: c.committer,
      message: c.message,
      tree: { sha: "0".repeat(40) },
      comment_count: 0,
      verification: { verified: false, reason: "unsigned" },
    },
    author: c.authorLogin ? userJson({ login: c.authorLogin }, base) : null,
    committer: c.committerLogin ? userJson({ login: c.committerLogin }, base) : null,
    parents: [],
  };
}

function paginate<T>(items: T[], req: URL, res: ServerResponse, origin: string): T[] {
  const perPage = Math.min(100, Number(req.searchParams.get("per_page") ?? 30));
  const page = Math.max(1, Number(req.searchParams.get("page") ?? 1));
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const links: string[] = [];
  const at = (n: number) => {
    const u = new URL(req.pathname + req.search, origin);
    u.searchParams.set("page", String(n));
    return u.toString();
  };
  if (page < last) links.push(`<${at(page + 1)}>; rel="next"`, `<${at(last)}>; rel="last"`);
  if (page > 1) links.push(`<${at(1)}>; rel="first"`, `<${at(page - 1)}>; rel="prev"`);
  if (links.length) res.setHeader("link", links.join(", "));
  return items.slice((page - 1) * perPage, page * perPage);
}

export async function startFakeGitHub(opts: { prefix?: string } = {}): Promise<FakeGitHub> {
  const prefix = opts.prefix ?? "";
  const state: Omit<FakeGitHub, "url" | "close"> = { requests: [], authorizations: [], pulls: new Map(), faults: [], defaultBranch: "main", files: new Map() };
  let origin = "";
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", origin);
    state.requests.push(`${req.method} ${url.pathname}${url.search}`);
    state.authorizations.push(req.headers.authorization);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.statusCode = status;
      res.setHeader("content-type", "application/json; charset=utf-8");
      res.setHeader("x-ratelimit-limit", "5000");
      if (!("x-ratelimit-remaining" in headers)) res.setHeader("x-ratelimit-remaining", "4999");
      for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
      res.end(body === undefined ? "" : JSON.stringify(body));
    };
    const fault = state.faults.find((f) => f.match.test(`${url.pathname}${url.search}`) && (f.times ?? 1) > 0);
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      return send(fault.status, fault.body ?? { message: "fault", documentation_url: "https://docs.github.com/rest" }, fault.headers);
    }
    const path = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname;
    const base = `${origin}${prefix}`;
    let m = /^\/repos\/([^/]+)\/([^/]+)$/.exec(path);
    if (m) return send(200, { id: 1, name: m[2], full_name: `${m[1]}/${m[2]}`, owner: userJson({ login: m[1], type: "Organization" }, base), default_branch: state.defaultBranch, private: true });
    m = /^\/repos\/([^/]+)\/([^/]+)\/pulls$/.exec(path);
    if (m) {
      const key = `${m[1]}/${m[2]}`;
      const baseRef = url.searchParams.get("base");
      const list = (state.pulls.get(key) ?? [])
        .filter((p) => !baseRef || p.base === baseRef)
        .sort((a, b) => (a.updated_at < b.updated_at ? 1 : a.updated_at > b.updated_at ? -1 : b.number - a.number));
      return send(200, paginate(list, url, res, origin).map((p) => pullJson(p, m![1], m![2], base)));
    }
    m = /^\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/.exec(path);
    if (m) {
      const ref = url.searchParams.get("ref") ?? state.defaultBranch;
      const file = state.files.get(`${m[1]}/${m[2]}@${ref}:${decodeURIComponent(m[3])}`);
      if (file === undefined) return send(404, { message: "Not Found", documentation_url: "https://docs.github.com/rest/repos/contents#get-repository-content" });
      const b64 = Buffer.from(file, "utf8").toString("base64").replace(/.{60}/g, "$&\n");
      return send(200, { type: "file", encoding: "base64", size: Buffer.byteLength(file), name: m[3].split("/").pop(), path: m[3], content: b64, sha: "f".repeat(40) });
    }
    m = /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)\/(reviews|commits)$/.exec(path);
    if (m) {
      const p = (state.pulls.get(`${m[1]}/${m[2]}`) ?? []).find((x) => x.number === Number(m![3]));
      if (!p) return send(404, { message: "Not Found" });
      if (m[4] === "reviews") return send(200, paginate(p.reviews, url, res, origin).map((r) => reviewJson(r, p, m![1], m![2], base)));
      return send(200, paginate(p.commits, url, res, origin).map((c) => commitJson(c, m![1], m![2], base)));
    }
    send(404, { message: "Not Found", documentation_url: "https://docs.github.com/rest" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(state, {
    url: `${origin}${prefix}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
