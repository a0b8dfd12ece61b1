import { Fragment } from "react";
import Link from "next/link";
import { notFound } from "next/navigation";
import { logAccess, requirePage } from "@/lib/auth/guard";
import { mayReadPeriod } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { findTest } from "@/lib/controls/catalogue";
import { itemRecords, type ItemRecord } from "@/lib/evidence/review-records";
import { loadSample, PYTHON_RECIPE, rederivationRecipe, SAMPLING_METHOD, verifySample } from "@/lib/evidence/sampling";

const time = (d: Date | null | undefined) => (d ? d.toISOString().replace("T", " ").slice(0, 19) : "—");

function Record({ r, n }: { r: ItemRecord; n: number }) {
  const title = r.kind === "commit" ? `${r.repo} ${r.sha.slice(0, 10)} ${r.subject}` : r.kind === "event" ? `Gateway event ${r.id}` : r.label;
  return (
    <section className="panel" aria-label={`Review record ${n}`} id={`item-${n}`}>
      <h3 style={{ margin: "0 0 8px" }}>
        {n}. {r.link ? <Link href={r.link}>{title}</Link> : title}
      </h3>
      {r.kind === "commit" && (
        <>
          <dl className="kv">
            <dt>Commit</dt><dd><code>{r.sha}</code> committed {time(r.committedAt)}{r.late ? " (late)" : ""}</dd>
            <dt>Author</dt><dd>{r.authorName} &lt;{r.authorEmail}&gt;</dd>
            <dt>Arrival</dt><dd>{r.arrival?.toLowerCase() ?? "unknown"}</dd>
            <dt>AI attribution</dt>
            <dd>
              {r.aiAssisted ? <><b>AI-assisted</b> ({r.aiTools.join(", ") || "tool unknown"}{r.aiModels.length ? `; ${r.aiModels.join(", ")}` : ""})</> : "no AI marker"}
              {r.aiMarkers.length > 0 && (
                <ul style={{ margin: "4px 0" }}>
                  {r.aiMarkers.map((m, i) => <li key={i}><code>{m.key}: {m.value}</code> {m.tool ? `→ ${m.tool}` : ""} <span className="muted">({m.parsing}, {m.sha.slice(0, 10)})</span></li>)}
                </ul>
              )}
            </dd>
            <dt>Pull request</dt>
            <dd>
              {r.pr ? (
                <>#{r.pr.number} {r.pr.title} by {r.pr.authorLogin ?? "?"}; merged {time(r.pr.mergedAt)}{r.pr.mergedBy ? ` by ${r.pr.mergedBy}` : ""}; head <code>{r.pr.headSha?.slice(0, 10) ?? "?"}</code>; AI declaration: {r.pr.aiDeclaration ?? "unanswered"}</>
              ) : (
                <span className="error">none: a direct push</span>
              )}
            </dd>
          </dl>
          {r.pr && (
            r.pr.reviews.length === 0 ? <p className="error">No reviews.</p> : (
              <table style={{ marginTop: 8 }}>
                <thead><tr><th>Reviewer</th><th>Identity</th><th>State</th><th>Reviewed commit</th><th>Submitted</th><th>On final head</th><th>Before merge</th></tr></thead>
                <tbody>
                  {r.pr.reviews.map((rv, i) => (
                    <tr key={i}>
                      <td>{rv.reviewer} <span className="muted">({rv.reviewerType})</span></td>
                      <td>{rv.person ? `${rv.person.name}${rv.person.email ? ` <${rv.person.email}>` : ""}${rv.person.isBot ? " (bot)" : ""}` : <span className="muted">not linked</span>}</td>
                      <td>{rv.state}</td>
                      <td><code>{rv.commitSha?.slice(0, 10) ?? "?"}</code></td>
                      <td>{time(rv.submittedAt)}</td>
                      <td>{rv.onHead === null ? "unknown" : rv.onHead ? "yes" : "no (stale)"}</td>
                      <td>{rv.beforeMerge === null ? "unknown" : rv.beforeMerge ? "yes" : "no"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )
          )}
        </>
      )}
      {r.kind === "event" && (
        <>
          <dl className="kv">
            <dt>Time</dt><dd>{time(r.occurredAt)}{r.late ? " (late)" : ""}</dd>
            <dt>User / credential</dt><dd>{r.user ?? "—"} / {r.credential ?? "—"}</dd>
            <dt>Tool / model</dt><dd>{r.tool ?? "—"} / {r.model ?? "—"} ({r.provider ?? "?"})</dd>
            <dt>Gateway action</dt><dd>{r.gatewayAction}{r.guardrailStatus ? ` (guardrail: ${r.guardrailStatus})` : ""}</dd>
            <dt>Payload</dt><dd>{r.hasPayload ? `scanned (SHA-256 ${r.payloadSha256?.slice(0, 16)}…)` : "not logged: unverifiable"}</dd>
          </dl>
          {r.findings.length > 0 && (
            <table style={{ marginTop: 8 }}>
              <thead><tr><th>Finding</th><th>Classification</th><th>Where</th><th>Masked excerpt</th></tr></thead>
              <tbody>{r.findings.map((f, i) => <tr key={i}><td>{f.type}{f.testData ? " (test data)" : ""}</td><td><span className={`badge ${f.classification}`}>{f.classification}</span></td><td><code>{f.location}</code></td><td><code>{f.excerpt}</code></td></tr>)}</tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}

export default async function SamplePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requirePage("evidence:read");
  const { id } = await params;
  const sp = await searchParams;
  const sample = await loadSample(db(), id);
  // a sample of a period outside the auditor's grant does not exist for them
  if (!sample || !mayReadPeriod(actor, sample.periodId)) notFound();
  await logAccess(actor, "VIEW", `/samples/${id}`, sample.periodId);
  const records = await itemRecords(db(), sample.itemKeys);
  const test = findTest(sample.testId);
  const verification = sp.verify ? await verifySample(db(), id).catch((e: Error) => ({ error: e.message })) : null;
  const recipe = rederivationRecipe({ seed: sample.seed, size: sample.size, testId: sample.testId, periodName: sample.period.name, populationHash: sample.populationHash });
  const aiCount = records.filter((r) => r.kind === "commit" && r.aiAssisted).length;
  return (
    <>
      <p className="muted"><Link href={`/samples?period=${sample.periodId}`}>Samples</Link> / {sample.period.name}</p>
      <h1>Sample of {sample.testId}{test ? ` ${test.title}` : ""}: {sample.itemKeys.length} of {sample.populationSize.toLocaleString("en")} items</h1>
      <div className="panel">
        <dl className="kv">
          {([
            ["Period", `${sample.period.name} (${sample.period.state.toLowerCase()})`],
            ["Seed", <code key="s">{sample.seed}</code>],
            ["Size", String(sample.size)],
            ["Population", `${sample.populationSize.toLocaleString("en")} items, SHA-256 ${sample.populationHash}`],
            ["Drawn by", `${sample.drawnBy.name} <${sample.drawnBy.email}> (${sample.drawnBy.role.toLowerCase()}) at ${time(sample.drawnAt)} UTC`],
            ["Method", `${SAMPLING_METHOD}: the ${sample.size} keys with the smallest SHA-256("seed:populationHash:key")`],
            ...(records.some((r) => r.kind === "commit") ? [["AI-assisted", `${aiCount} of ${records.length}`] as [string, string]] : []),
          ] as [string, React.ReactNode][]).map(([k, v]) => <Fragment key={k}><dt>{k}</dt><dd>{v}</dd></Fragment>)}
        </dl>
        <p className="row" style={{ marginTop: 12 }}>
          <a href={`/api/samples/${sample.id}`} download>Download CSV</a>
          <Link href={`/samples/${sample.id}?verify=1`}>Re-derive now</Link>
        </p>
        {verification && ("error" in verification ? <p className="error">{verification.error}</p> : verification.ok ? (
          <p role="status">Re-derived from the seed over today&apos;s population: the same {verification.rederived.length} items in the same order, and the population hash is unchanged.</p>
        ) : (
          <p role="status" className="error">
            {verification.populationUnchanged ? "The selection does not match the seed." : `The population changed since the draw (now ${verification.currentPopulationSize.toLocaleString("en")} items, SHA-256 ${verification.currentPopulationHash.slice(0, 16)}…): re-derive from the population CSV exported with the sample.`}
          </p>
        ))}
      </div>

      <h2>Items and their review records</h2>
      {records.map((r, i) => <Record key={r.key} r={r} n={i + 1} />)}

      <h2>Re-deriving this sample</h2>
      <p>
        The selection is a pure function of the population&apos;s keys, the seed and the size. Sort the keys of the population by
        their UTF-8 bytes and join them with newlines; the SHA-256 of that text is the population hash. Each key&apos;s rank is the
        SHA-256 of <code>seed:populationHash:key</code>; the sample is the {sample.size} keys with the smallest ranks, smallest first.
        Take the keys from the population CSV (<code>populations/{sample.testId}.csv</code> in the evidence package, or the test&apos;s CSV
        download) and run:
      </p>
      <pre className="panel" style={{ overflowX: "auto" }}>{recipe}</pre>
      <p>or in Python (<code>python3 rederive.py keys.txt {JSON.stringify(sample.seed)} {sample.size}</code>):</p>
      <pre className="panel" style={{ overflowX: "auto" }}>{PYTHON_RECIPE}</pre>
      <p>or with this product: <code>npm run cli -- sample verify --id {sample.id}</code>. See <code>docs/sampling.md</code>.</p>
    </>
  );
}
