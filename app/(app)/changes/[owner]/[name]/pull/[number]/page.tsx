import { Fragment } from "react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { logAccess, requirePage } from "@/lib/auth/guard";
import { mayReadPeriod } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { periodsContaining } from "@/lib/controls/periods";
import { pullRequestDetail } from "@/lib/ingest/github/change-queries";

type Params = Promise<{ owner: string; name: string; number: string }>;

const time = (d: Date | null | undefined) => (d ? d.toISOString().replace("T", " ").slice(0, 19) + " UTC" : "—");
const short = (s: string | null | undefined) => (s ? s.slice(0, 10) : "—");

export default async function PullRequestPage({ params }: { params: Params }) {
  const actor = await requirePage("evidence:read");
  const p = await params;
  const owner = decodeURIComponent(p.owner);
  const name = decodeURIComponent(p.name);
  if (!/^\d{1,9}$/.test(p.number)) notFound();
  const d = await pullRequestDetail(db(), owner, name, Number(p.number));
  if (!d) notFound();
  // readable when one of its production commits (or its merge) falls in a period the actor may read
  const times = d.production.length ? d.production.map((c) => c.committedAt) : d.pr.mergedAt ? [d.pr.mergedAt] : [];
  const periods = (await Promise.all(times.map((t) => periodsContaining(db(), t)))).flat();
  if (actor.periodIds !== null && !periods.some((x) => mayReadPeriod(actor, x.id))) notFound();
  await logAccess(actor, "VIEW", `/changes/${owner}/${name}/pull/${d.pr.number}`, periods.find((x) => mayReadPeriod(actor, x.id))?.id ?? null);
  const base = `/changes/${encodeURIComponent(owner)}/${encodeURIComponent(name)}`;
  const pr = d.pr;
  const rows: [string, React.ReactNode][] = [
    ["Title", pr.title],
    ["Source", pr.source === "github" ? `GitHub (synced ${time(pr.syncedAt)})` : "git only: merge message, no review data"],
    ["Author", pr.authorLogin ? `${pr.authorLogin}${pr.authorType && pr.authorType !== "User" ? ` (${pr.authorType})` : ""}` : "—"],
    ["State", pr.state],
    ["Base", <><code>{pr.baseRef ?? "?"}</code> {short(pr.baseSha)}</>],
    ["Final head", <><code>{pr.headRef ?? "?"}</code> {short(pr.headSha)}</>],
    ["Created", time(pr.createdAt)],
    ["Merged", <>{time(pr.mergedAt)}{pr.mergedByLogin ? ` by ${pr.mergedByLogin}` : ""} · merge commit {short(pr.mergeCommitSha)}</>],
    ["AI declaration", pr.aiDeclaration ?? "unanswered"],
  ];
  return (
    <>
      <p className="muted"><Link href="/changes">Production changes</Link> / {d.repo.fullName}</p>
      <h1>Pull request #{pr.number}</h1>
      <div className="panel"><dl className="kv">{rows.map(([k, v]) => <Fragment key={k}><dt>{k}</dt><dd>{v}</dd></Fragment>)}</dl></div>
      {pr.body && <details className="panel"><summary>Body</summary><pre style={{ whiteSpace: "pre-wrap" }}>{pr.body.slice(0, 20000)}</pre></details>}

      <h2>Production commits</h2>
      {d.production.length === 0 ? <div className="empty">No production commit of this pull request has been ingested from git.</div> : (
        <table><thead><tr><th>Commit</th><th>Committed</th><th>Arrival</th><th>AI-assisted</th></tr></thead>
          <tbody>{d.production.map((c) => (
            <tr key={c.sha}><td><Link href={`${base}/${c.sha}`}><code>{short(c.sha)}</code></Link> {c.subject}</td><td>{time(c.committedAt)}</td><td>{c.arrival?.toLowerCase()}</td><td>{c.aiAssisted ? `yes ${c.aiTools.join(", ")}` : "no"}</td></tr>
          ))}</tbody>
        </table>
      )}

      <h2>Reviews</h2>
      {pr.reviews.length === 0 ? <div className="empty">No review recorded.</div> : (
        <table><thead><tr><th>Reviewer</th><th>Type</th><th>State</th><th>On commit</th><th>Submitted</th><th>Source</th></tr></thead>
          <tbody>{pr.reviews.map((r) => (
            <tr key={r.id}>
              <td>{r.reviewerLogin}</td><td>{r.reviewerType}</td>
              <td><span className={`badge ${r.state === "APPROVED" ? "PASS" : r.state === "CHANGES_REQUESTED" ? "FAIL" : "NONE"}`}>{r.state.toLowerCase().replace("_", " ")}</span></td>
              <td><code>{short(r.commitSha)}</code> {r.commitSha && pr.headSha && r.commitSha !== pr.headSha && <span className="badge CONFIDENTIAL">earlier commit</span>}</td>
              <td>{time(r.submittedAt)} {r.submittedAt && pr.mergedAt && r.submittedAt >= pr.mergedAt && <span className="badge FAIL">after merge</span>}</td>
              <td>{r.source}</td>
            </tr>
          ))}</tbody>
        </table>
      )}

      <h2>Commits ({d.commits.length})</h2>
      {d.commits.length === 0 ? <div className="empty">The commit list comes from GitHub; sync it with <code>npm run cli -- ingest github --repo {d.repo.fullName}</code>.</div> : (
        <table><thead><tr><th>Commit</th><th>Author</th><th>AI-assisted</th></tr></thead>
          <tbody>{d.commits.map((c) => (
            <tr key={c.sha}>
              {"subject" in c ? (
                <><td><Link href={`${base}/${c.sha}`}><code>{short(c.sha)}</code></Link> {c.subject}</td><td title={c.authorEmail}>{c.authorName}</td><td>{c.aiAssisted ? `yes ${c.aiTools.join(", ")}` : "no"}</td></>
              ) : (
                <><td><code>{short(c.sha)}</code></td><td colSpan={2} className="muted">not in the ingested git history</td></>
              )}
            </tr>
          ))}</tbody>
        </table>
      )}
    </>
  );
}
