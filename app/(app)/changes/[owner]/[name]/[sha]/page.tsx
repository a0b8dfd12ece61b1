import { Fragment } from "react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { logAccess, requirePage } from "@/lib/auth/guard";
import { mayReadPeriod } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { periodsContaining } from "@/lib/controls/periods";
import { changeDetail } from "@/lib/ingest/github/change-queries";
import type { AiMarker } from "@/lib/ingest/git/markers";

type Params = Promise<{ owner: string; name: string; sha: string }>;

const time = (d: Date | null | undefined) => (d ? d.toISOString().replace("T", " ").slice(0, 19) + " UTC" : "—");
const short = (s: string | null | undefined) => (s ? s.slice(0, 10) : "—");

function MarkerRows({ markers, where }: { markers: AiMarker[]; where: React.ReactNode }) {
  return (
    <>
      {markers.map((m, i) => (
        <tr key={i}>
          <td>{where}</td><td>{m.kind}</td><td><code>{m.key}</code></td><td><code>{m.value}</code></td>
          <td>{m.tool ?? "—"}</td><td>{m.model ?? "—"}</td>
          <td><span className={`badge ${m.parsing === "strict" ? "PASS" : "CONFIDENTIAL"}`}>{m.parsing}</span>{m.line !== null && <span className="muted"> line {m.line}</span>}</td>
        </tr>
      ))}
    </>
  );
}

export default async function ChangePage({ params }: { params: Params }) {
  const actor = await requirePage("evidence:read");
  const p = await params;
  const owner = decodeURIComponent(p.owner);
  const name = decodeURIComponent(p.name);
  const d = await changeDetail(db(), owner, name, p.sha);
  if (!d) notFound();
  const periods = await periodsContaining(db(), d.commit.committedAt);
  if (actor.periodIds !== null && !periods.some((x) => mayReadPeriod(actor, x.id))) notFound();
  const readable = periods.filter((x) => mayReadPeriod(actor, x.id));
  await logAccess(actor, "VIEW", `/changes/${owner}/${name}/${d.commit.sha}`, readable[0]?.id ?? null);
  const c = d.commit;
  const base = `/changes/${encodeURIComponent(owner)}/${encodeURIComponent(name)}`;

  // message lines with trailers and markers highlighted
  const strictLines = new Set(c.trailers.strict?.map((t) => t.line) ?? []);
  const markerLines = new Set(c.aiMarkers.map((m) => m.line).filter((l): l is number => l !== null));
  const messageLines = c.message.replace(/\n+$/, "").split("\n");
  const markersAnywhere = c.aiMarkers.length + d.members.reduce((n, m) => n + m.aiMarkers.length, 0);
  const declared = d.pr?.aiDeclaration ?? null;
  const agreement = declared === null ? null : (declared === "yes") === c.aiAssisted;
  const visibleExceptions = d.exceptions.filter((e) => mayReadPeriod(actor, e.periodId));

  const meta: [string, React.ReactNode][] = [
    ["Repository", <>{d.repo.fullName} · production branch <code>{d.repo.branch}</code></>],
    ["Commit", <code key="sha">{c.sha}</code>],
    ["Parents", c.parents.length ? c.parents.map((x) => <Fragment key={x}><code>{short(x)}</code> </Fragment>) : "none (root commit)"],
    ["Author", <>{c.authorName} &lt;{c.authorEmail}&gt; · {time(c.authoredAt)}</>],
    ["Committer", <>{c.committerName} &lt;{c.committerEmail}&gt; · {time(c.committedAt)}</>],
    ["On the production line", c.isProduction ? `yes, #${(c.productionSeq ?? 0) + 1} on ${d.repo.branch}` : "no (not, or no longer, on the production branch's first-parent line)"],
    ["Arrival", c.arrival ? <><span className={`badge ${c.arrival === "DIRECT" ? "FAIL" : "PASS"}`}>{c.arrival.toLowerCase()}</span> {c.arrival === "DIRECT" ? "pushed without a pull request" : c.arrival === "MERGE" ? "merge commit of a pull request" : c.arrival === "SQUASH" ? "squash of a pull request" : "rebase of a pull request"}</> : "—"],
    ["Pull request", c.pullNumber !== null ? <Link href={`${base}/pull/${c.pullNumber}`}>#{c.pullNumber}</Link> : "—"],
    ["AI-assisted", c.aiAssisted ? <>yes · tools {c.aiTools.join(", ") || "—"} · models {c.aiModels.join(", ") || "—"} <span className="muted">({markersAnywhere} marker{markersAnywhere === 1 ? "" : "s"} on this commit and the commits it brought in)</span></> : "no AI marker on this commit or the commits it brought in"],
    ["Late", c.late ? "yes: ingested after its audit period was locked" : "no"],
    ["Ingested", time(c.ingestedAt)],
  ];

  return (
    <>
      <p className="muted"><Link href="/changes">Production changes</Link> / {d.repo.fullName}</p>
      <h1><code>{short(c.sha)}</code> {c.subject}</h1>
      <div className="panel"><dl className="kv">{meta.map(([k, v]) => <Fragment key={k}><dt>{k}</dt><dd>{v}</dd></Fragment>)}</dl></div>

      {visibleExceptions.length > 0 && (
        <>
          <h2>Control exceptions</h2>
          <table><thead><tr><th>Test</th><th>State</th><th>Summary</th></tr></thead>
            <tbody>{visibleExceptions.map((e) => (
              <tr key={e.id}><td>{e.testId}</td><td><span className={`badge ${e.state}`}>{e.state.toLowerCase()}</span></td><td><Link href={`/exceptions/${e.id}`}>{e.summary}</Link></td></tr>
            ))}</tbody>
          </table>
        </>
      )}

      <h2>Message</h2>
      <p className="muted">Highlighted: git&apos;s trailer block (strict parse) and lines carrying an AI marker.</p>
      <pre className="panel" style={{ whiteSpace: "pre-wrap", overflowX: "auto" }}>
        {messageLines.map((line, i) => {
          const n = i + 1;
          const style = markerLines.has(n) ? { background: "#fff1dc", fontWeight: 600 } : strictLines.has(n) ? { background: "#eef1f5" } : undefined;
          return <span key={i} style={{ display: "block", ...style }}>{line || " "}</span>;
        })}
      </pre>

      <h2>AI markers</h2>
      {markersAnywhere === 0 ? (
        <div className="empty">No AI marker: no AI trailer, no agent co-author, author or committer, no &quot;Generated with&quot; line{d.members.length ? " on this commit or the commits it brought in" : ""}.</div>
      ) : (
        <table>
          <thead><tr><th>Where</th><th>Kind</th><th>Key</th><th>Value</th><th>Tool</th><th>Model</th><th>Parse</th></tr></thead>
          <tbody>
            <MarkerRows markers={c.aiMarkers} where="this commit" />
            {d.members.map((m) => <MarkerRows key={m.sha} markers={m.aiMarkers} where={<Link href={`${base}/${m.sha}`}><code>{short(m.sha)}</code></Link>} />)}
          </tbody>
        </table>
      )}

      {d.members.length > 0 && (
        <>
          <h2>Commits this merge brought in ({d.members.length})</h2>
          <table>
            <thead><tr><th>Commit</th><th>Author</th><th>Committer</th><th>Authored</th><th>AI-assisted</th></tr></thead>
            <tbody>{d.members.map((m) => (
              <tr key={m.sha}>
                <td><Link href={`${base}/${m.sha}`}><code>{short(m.sha)}</code></Link> {m.subject}</td>
                <td title={m.authorEmail}>{m.authorName}</td><td title={m.committerEmail}>{m.committerName}</td>
                <td>{time(m.authoredAt)}</td>
                <td>{m.aiAssisted ? <>yes <span className="muted">{m.aiTools.join(", ")}</span></> : "no"}</td>
              </tr>
            ))}</tbody>
          </table>
        </>
      )}

      <h2>Pull request</h2>
      {!d.pr ? (
        <div className="empty">{c.pullNumber !== null ? <>Pull request #{c.pullNumber} is not in the evidence yet: run <code>npm run cli -- ingest github --repo {d.repo.fullName}</code>.</> : "This change did not come from a pull request."}</div>
      ) : (
        <div className="panel">
          <dl className="kv">
            <dt>Number</dt><dd><Link href={`${base}/pull/${d.pr.number}`}>#{d.pr.number}</Link> {d.pr.title} <span className="muted">(from {d.pr.source === "github" ? "GitHub" : "git only: no review data"})</span></dd>
            <dt>Author</dt><dd>{d.pr.authorLogin ?? "—"}{d.pr.authorType && d.pr.authorType !== "User" ? ` (${d.pr.authorType})` : ""}</dd>
            <dt>Base → head</dt><dd><code>{d.pr.baseRef ?? "?"}</code> {short(d.pr.baseSha)} ← <code>{d.pr.headRef ?? "?"}</code> {short(d.pr.headSha)} (final head)</dd>
            <dt>Merged</dt><dd>{time(d.pr.mergedAt)}{d.pr.mergedByLogin ? ` by ${d.pr.mergedByLogin}` : ""} · merge commit {short(d.pr.mergeCommitSha)}</dd>
            <dt>AI declaration</dt><dd>
              {declared === null ? <span className="badge FAIL">unanswered</span> : <span className={`badge ${agreement ? "PASS" : "FAIL"}`}>{declared}</span>}{" "}
              <span className="muted">template question &quot;{d.templateQuestion}&quot;; {declared === null ? "no answer found in the body" : agreement ? "agrees with the commits' AI markers" : `the commits' markers say ${c.aiAssisted ? "AI-assisted" : "not AI-assisted"}`}</span>
            </dd>
          </dl>
          {d.pr.body && <details style={{ marginTop: 8 }}><summary>Body</summary><pre style={{ whiteSpace: "pre-wrap" }}>{d.pr.body.slice(0, 20000)}</pre></details>}
        </div>
      )}
      {d.siblings.length > 0 && (
        <p className="muted">Other production commits of this pull request: {d.siblings.map((s) => <Fragment key={s.sha}><Link href={`${base}/${s.sha}`}><code>{short(s.sha)}</code></Link> </Fragment>)}</p>
      )}

      {d.pr && (
        <>
          <h2>Reviews</h2>
          {d.reviews.length === 0 ? (
            <div className="empty">{d.pr.source === "git" ? "No review data: the pull request is known from git only." : "No review was submitted."}</div>
          ) : (
            <table>
              <thead><tr><th>Reviewer</th><th>Type</th><th>State</th><th>On commit</th><th>Submitted</th><th>Independent approval (CM-3)</th></tr></thead>
              <tbody>{d.reviews.map((r) => (
                <tr key={r.id}>
                  <td>{r.reviewerLogin}{r.person !== r.reviewerLogin && <><br /><span className="muted">{r.person}</span></>}</td>
                  <td>{r.reviewerType}</td>
                  <td><span className={`badge ${r.state === "APPROVED" ? "PASS" : r.state === "CHANGES_REQUESTED" ? "FAIL" : "NONE"}`}>{r.state.toLowerCase().replace("_", " ")}</span></td>
                  <td><code>{short(r.commitSha)}</code> {r.onHead ? <span className="muted">final head</span> : <span className="badge CONFIDENTIAL">earlier commit</span>}</td>
                  <td>{time(r.submittedAt)} {r.submittedAt && (r.beforeMerge ? <span className="muted">before merge</span> : <span className="badge FAIL">after merge</span>)}</td>
                  <td>{r.counts === null ? <span className="muted">—</span> : r.counts ? <span className="badge PASS">counts</span> : <><span className="badge FAIL">does not count</span> <span className="muted">{r.reasons.join("; ")}</span></>}</td>
                </tr>
              ))}</tbody>
            </table>
          )}
          {d.prCommits.length > 0 && (
            <>
              <h2>The pull request&apos;s commits ({d.prCommits.length})</h2>
              <table><thead><tr><th>Commit</th><th>Author</th><th>AI-assisted</th></tr></thead>
                <tbody>{d.prCommits.map((x) => (
                  <tr key={x.sha}>
                    {x.stored ? (
                      <><td><Link href={`${base}/${x.sha}`}><code>{short(x.sha)}</code></Link> {x.subject}</td><td title={x.authorEmail}>{x.authorName}</td><td>{x.aiAssisted ? `yes ${x.aiTools.join(", ")}` : "no"}</td></>
                    ) : (
                      <><td><code>{short(x.sha)}</code></td><td colSpan={2} className="muted">not in the ingested git history (squashed or rebased away)</td></>
                    )}
                  </tr>
                ))}</tbody>
              </table>
            </>
          )}
        </>
      )}

      <h2>CODEOWNERS at the base</h2>
      {!d.codeowners.snapshot ? (
        <div className="empty">No CODEOWNERS snapshot at the base commit {short(d.codeowners.base)}{c.pullNumber === null ? " (a direct push has no pull request base)" : ""}.</div>
      ) : !d.codeowners.snapshot.path ? (
        <div className="empty">The base commit {short(d.codeowners.snapshot.commitSha)} has no CODEOWNERS file.</div>
      ) : (
        <>
          <p className="muted"><code>{d.codeowners.snapshot.path}</code> at {short(d.codeowners.snapshot.commitSha)}; the last matching line wins, a line without owners clears ownership.</p>
          <table><thead><tr><th>Changed path</th><th>Owners</th><th>Line</th></tr></thead>
            <tbody>{d.codeowners.lines.map((l) => (
              <tr key={l.path}><td><code>{l.path}</code></td><td>{l.owners.length ? l.owners.join(" ") : <span className="muted">no owner</span>}</td><td>{l.pattern ? <><code>{l.pattern}</code> <span className="muted">line {l.line}</span></> : "—"}</td></tr>
            ))}</tbody>
          </table>
        </>
      )}

      <h2>Gateway traffic of the authors for {d.repo.fullName}</h2>
      <p className="muted">From {time(d.gateway.windowStart)} ({d.gateway.windowHours} h before the earliest authored commit) to the merge at {time(d.gateway.windowEnd)}, matched through the people register.</p>
      {d.gateway.events.length === 0 ? (
        <div className="empty">No gateway event of the authors tagged with this repository in that window.{!c.aiAssisted ? "" : " An AI-assisted change without gateway traffic suggests a tool used around the gateway (LA-4)."}</div>
      ) : (
        <table><thead><tr><th>Time</th><th>User</th><th>Tool</th><th>Model</th><th>Gateway action</th><th>Findings</th></tr></thead>
          <tbody>{d.gateway.events.map((e) => (
            <tr key={e.id.toString()}>
              <td><Link href={`/traffic/${e.id}`}>{time(e.occurredAt)}</Link></td><td>{e.proxyUserEmail ?? e.proxyUserId ?? "—"}</td>
              <td>{e.toolKey ?? e.clientTool ?? "—"}</td><td>{e.model ?? "—"}</td><td>{e.gatewayAction}</td>
              <td>{e.findingCount > 0 ? <span className={`badge ${e.maxClassification}`}>{e.findingCount} · {e.maxClassification}</span> : "0"}</td>
            </tr>
          ))}</tbody>
        </table>
      )}
    </>
  );
}
