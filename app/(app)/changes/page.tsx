import Link from "next/link";
import { logAccess, requirePage } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { selectPeriod } from "@/lib/controls/periods";
import { changesPage, CHANGES_PAGE_SIZE, repositoriesOverview, repositoryNames } from "@/lib/ingest/github/change-queries";
import { PeriodPicker } from "@/components/period-picker";

type Search = Promise<Record<string, string | undefined>>;

const time = (d: Date | null | undefined) => (d ? d.toISOString().replace("T", " ").slice(0, 16) : "—");
const TONE: Record<string, string> = { pass: "PASS", fail: "FAIL", warn: "CONFIDENTIAL", na: "NONE" };

export default async function ChangesPage({ searchParams }: { searchParams: Search }) {
  const actor = await requirePage("evidence:read");
  const sp = await searchParams;
  const { period, periods } = await selectPeriod(db(), actor, sp.period);
  if (!period) return <><h1>Production changes</h1><div className="empty">No audit period is available to you.</div></>;
  await logAccess(actor, "VIEW", "/changes", period.id, { filters: Object.fromEntries(Object.entries(sp).filter(([k, v]) => v && k !== "period")) });
  const admin = can(actor.role, "ingest:write") && !actor.previewOf;
  const [data, repos, overview] = await Promise.all([
    changesPage(db(), {
      from: period.start,
      to: period.end,
      repo: sp.repo || undefined,
      arrival: sp.arrival || undefined,
      ai: sp.ai === "yes" || sp.ai === "no" ? sp.ai : undefined,
      q: sp.q || undefined,
      page: Number(sp.page ?? 0) || 0,
    }),
    repositoryNames(db()),
    admin ? repositoriesOverview(db()) : Promise.resolve([]),
  ]);
  const qs = (extra: Record<string, string | number>) =>
    "?" + new URLSearchParams({ ...Object.fromEntries(Object.entries(sp).filter(([, v]) => v) as [string, string][]), ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, String(v)])) }).toString();
  const filtered = Boolean(sp.repo || sp.arrival || sp.ai || sp.q);

  return (
    <>
      <h1>Production changes</h1>
      <PeriodPicker periods={periods} selected={period.id} path="/changes" />
      <p className="muted">
        Every commit on each repository&apos;s production branch (first-parent line) committed in {period.name}: how it arrived, whether it was
        AI-assisted, and its review record. See also the <Link href="/people">people register</Link>.
      </p>

      {admin && overview.length > 0 && (
        <>
          <h2>Repositories</h2>
          <table>
            <thead><tr><th>Repository</th><th>Branch</th><th>Production commits</th><th>Direct pushes</th><th>Pull requests (GitHub)</th><th>Last git ingest</th><th>Last GitHub sync</th><th>Last webhook</th></tr></thead>
            <tbody>
              {overview.map((r) => (
                <tr key={r.id}>
                  <td><Link href={qs({ repo: r.name, page: 0 })}>{r.name}</Link></td>
                  <td><code>{r.branch}</code> {r.gitTip && <code className="muted" title={r.gitTip}>{r.gitTip.slice(0, 10)}</code>}</td>
                  <td>{r.productionCommits.toLocaleString("en")}</td>
                  <td>{r.directPushes.toLocaleString("en")}</td>
                  <td>{r.pullRequests.toLocaleString("en")} ({r.pullRequestsFromGitHub.toLocaleString("en")})</td>
                  <td>
                    {r.lastGit ? <>{time(r.lastGit.finishedAt ?? r.lastGit.startedAt)} <span className={`badge ${r.lastGit.status === "COMPLETED" ? "PASS" : "FAIL"}`}>{r.lastGit.status.toLowerCase()}</span></> : "never"}
                    {r.lastGitForcePush && <> <span className="badge FAIL" title="the previous tip was no longer on the branch">force push</span></>}
                  </td>
                  <td>{r.lastGitHub ? <>{time(r.lastGitHub.finishedAt ?? r.lastGitHub.startedAt)} <span className={`badge ${r.lastGitHub.status === "COMPLETED" ? "PASS" : "FAIL"}`}>{r.lastGitHub.status.toLowerCase()}</span></> : "never"}</td>
                  <td>{r.lastWebhook ? <>{time(r.lastWebhook.receivedAt)} {r.lastWebhook.event} ({r.lastWebhook.status})</> : "none received"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}

      {repos.length === 0 ? (
        <div className="empty">
          No repository has been ingested yet. Load one with{" "}
          <code>npm run cli -- ingest git --repo PATH --name OWNER/NAME</code>, then its reviews with{" "}
          <code>GITHUB_TOKEN=… npm run cli -- ingest github --repo OWNER/NAME</code> (or point a GitHub webhook at <code>/api/webhooks/github</code>).
        </div>
      ) : (
        <>
          <div className="grid" style={{ margin: "12px 0" }}>
            <div className="panel"><div className="muted">production commits{filtered ? " (filtered)" : ""}</div><div className="stat">{data.total.toLocaleString("en")}</div></div>
            <div className="panel"><div className="muted">AI-assisted</div><div className="stat">{data.aiAssisted.toLocaleString("en")}</div></div>
            <div className="panel"><div className="muted">direct pushes</div><div className="stat">{data.directPushes.toLocaleString("en")}</div></div>
          </div>
          <form method="get" className="row" style={{ margin: "12px 0" }}>
            <input type="hidden" name="period" value={period.id} />
            <label>Repository <select name="repo" defaultValue={sp.repo ?? ""}>
              <option value="">all</option>{repos.map((r) => <option key={r}>{r}</option>)}
            </select></label>
            <label>Arrival <select name="arrival" defaultValue={sp.arrival ?? ""}>
              <option value="">any</option>{["MERGE", "SQUASH", "REBASE", "DIRECT"].map((a) => <option key={a} value={a}>{a.toLowerCase()}</option>)}
            </select></label>
            <label>AI-assisted <select name="ai" defaultValue={sp.ai ?? ""}>
              <option value="">any</option><option value="yes">yes</option><option value="no">no</option>
            </select></label>
            <label>Search <input name="q" defaultValue={sp.q ?? ""} placeholder="sha, #PR, author, subject" /></label>
            <button type="submit" className="secondary">Filter</button>
            {filtered && <Link href={`/changes?period=${period.id}`}>clear</Link>}
          </form>
          {data.total === 0 ? (
            <div className="empty">
              {filtered ? "No production commit matches these filters." : <>No production commit in {period.name}. Ingest a repository with <code>npm run cli -- ingest git --repo PATH --name OWNER/NAME</code>.</>}
            </div>
          ) : (
            <>
              <table>
                <thead><tr><th>Commit</th><th>Repository</th><th>Committed</th><th>Author</th><th>Arrival</th><th>PR</th><th>AI-assisted</th><th>Review (summary)</th></tr></thead>
                <tbody>
                  {data.rows.map((c) => {
                    const href = `/changes/${encodeURIComponent(c.repository.owner)}/${encodeURIComponent(c.repository.name)}/${c.sha}`;
                    return (
                      <tr key={c.id}>
                        <td><Link href={href}><code>{c.sha.slice(0, 10)}</code></Link><br /><span className="muted">{c.subject.slice(0, 90)}</span></td>
                        <td>{c.repo}</td>
                        <td>{time(c.committedAt)}{c.late && <> <span className="badge CONFIDENTIAL" title="arrived after its period was locked">late</span></>}</td>
                        <td title={c.authorEmail}>{c.authorName}</td>
                        <td><span className={`badge ${c.arrival === "DIRECT" ? "FAIL" : "NONE"}`}>{c.arrival?.toLowerCase() ?? "?"}</span></td>
                        <td>{c.pullNumber !== null ? <Link href={`/changes/${encodeURIComponent(c.repository.owner)}/${encodeURIComponent(c.repository.name)}/pull/${c.pullNumber}`}>#{c.pullNumber}</Link> : "—"}{c.pr?.source === "git" && <span className="muted"> (git)</span>}</td>
                        <td>{c.aiAssisted ? <>yes <span className="muted">{c.aiTools.join(", ")}</span></> : "no"}{c.pr?.aiDeclaration && <><br /><span className="muted">declared: {c.pr.aiDeclaration}</span></>}</td>
                        <td><span className={`badge ${TONE[c.review.tone]}`}>{c.review.tone === "pass" ? "approved" : c.review.tone === "fail" ? "exception" : "incomplete"}</span> {c.review.label}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              <p className="row">
                <span className="muted">{data.page * CHANGES_PAGE_SIZE + 1}–{Math.min((data.page + 1) * CHANGES_PAGE_SIZE, data.total)} of {data.total.toLocaleString("en")}</span>
                {data.page > 0 && <Link href={qs({ page: data.page - 1 })}>← newer</Link>}
                {(data.page + 1) * CHANGES_PAGE_SIZE < data.total && <Link href={qs({ page: data.page + 1 })}>older →</Link>}
              </p>
            </>
          )}
        </>
      )}
    </>
  );
}
