import Link from "next/link";
import { logAccess, requirePage } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { selectPeriod } from "@/lib/controls/periods";
import { audienceFor } from "@/lib/evidence/http";
import {
  STANDARD_REQUESTS,
  classificationAnswer,
  commitSampleAnswer,
  egressPolicyAnswer,
  requestsOf,
  toolRegisterAnswer,
} from "@/lib/evidence/requests";
import { PeriodPicker } from "@/components/period-picker";
import { DrawSampleForm } from "@/components/auditor/draw-sample-form";
import { NewRequestForm } from "@/components/auditor/new-request-form";

const day = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : "—");
const time = (d: Date | null | undefined) => (d ? d.toISOString().replace("T", " ").slice(0, 16) : "—");
const yn = (v: boolean | null) => (v === true ? "yes" : v === false ? "no" : "unknown");
const json = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

function StandardRequest({ n, children, download, links }: { n: number; children: React.ReactNode; download: string; links?: React.ReactNode }) {
  const r = STANDARD_REQUESTS[n - 1];
  return (
    <section className="panel" aria-labelledby={`request-${n}-title`} id={`request-${n}`}>
      <h2 id={`request-${n}-title`} style={{ marginTop: 0 }}>{n}. {r.title}</h2>
      <p className="muted" style={{ marginTop: 0 }}>&ldquo;{r.question}&rdquo;</p>
      {children}
      <p className="row" style={{ marginBottom: 0 }}>
        <a href={download} download>Download CSV</a>
        {links}
      </p>
    </section>
  );
}

export default async function RequestsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requirePage("requests:read");
  const sp = await searchParams;
  const { period, periods } = await selectPeriod(db(), actor, sp.period);
  if (!period) return <><h1>Auditor requests</h1><div className="empty">No audit period is available to you.</div></>;
  await logAccess(actor, "VIEW", "/requests", period.id);
  const d = db();
  const [tools, policy, sample, cc32, own] = await Promise.all([
    toolRegisterAnswer(d),
    egressPolicyAnswer(d, period),
    commitSampleAnswer(d, period.id),
    classificationAnswer(d, period, audienceFor(actor, false)),
    requestsOf(d, period.id),
  ]);
  const q = `?period=${encodeURIComponent(period.id)}`;
  const mayDraw = can(actor.role, "samples:draw") && !actor.previewOf;
  const mayCreate = can(actor.role, "requests:create") && !actor.previewOf;

  return (
    <>
      <h1>Auditor requests</h1>
      <PeriodPicker periods={periods} selected={period.id} path="/requests" />
      <p className="muted">
        The five standard AI-audit requests, answered live from {period.name}&apos;s data. Every answer links to its evidence and downloads as CSV;
        the full package is on <Link href={`/exports${q}`}>Exports</Link>, samples on <Link href={`/samples${q}`}>Samples</Link>.
      </p>

      <StandardRequest n={1} download={`/api/requests/standard/1${q}`} links={<Link href="/registers">Tool register</Link>}>
        {tools.tools.length === 0 ? <div className="empty">No AI tool registered or seen yet.</div> : (
          <table>
            <thead><tr><th>Tool</th><th>Vendor</th><th>Registered</th><th>Contract type</th><th>Zero retention</th><th>Trains on inputs</th><th>SOC 2 Type II report</th><th>Incident contact</th></tr></thead>
            <tbody>
              {tools.tools.map((t) => (
                <tr key={t.key}>
                  <td><Link href={`/registers#tool-${encodeURIComponent(t.key)}`}>{t.product}</Link> <span className="muted">{t.key}</span></td>
                  <td>{t.vendor}</td>
                  <td>{t.registered ? "yes" : <span className="error">no: shadow tool</span>}</td>
                  <td>{t.contractType ?? "—"}{t.tier ? ` (${t.tier})` : ""}</td>
                  <td>{yn(t.zeroDataRetention)}</td><td>{yn(t.trainingOnInputs)}</td>
                  <td>{day(t.soc2ReportDate)} {t.attestation !== "current" && <span className="badge FAIL">{t.attestation}</span>}</td>
                  <td>{t.incidentContact ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="muted">Attestations older than {tools.maxAgeMonths} months are stale (LA-1).</p>
      </StandardRequest>

      <StandardRequest n={2} download={`/api/requests/standard/2${q}`} links={<Link href="/policy">Policy document</Link>}>
        <table>
          <thead><tr><th>Setting</th><th>In force</th><th>Meaning</th></tr></thead>
          <tbody>{policy.policy.map((p) => <tr key={p.key}><td><code>{p.key}</code></td><td><code>{json(p.value)}</code>{p.isDefault ? <span className="muted"> (default)</span> : null}</td><td>{p.description}</td></tr>)}</tbody>
        </table>
        <h3>Change history</h3>
        {policy.history.length === 0 ? <p className="muted">The policy has not changed from its defaults up to the end of {period.name}.</p> : (
          <table>
            <thead><tr><th>When</th><th>Who</th><th>Setting</th><th>From</th><th>To</th><th>Comment</th></tr></thead>
            <tbody>{policy.history.slice(0, 50).map((h, i) => <tr key={i}><td>{time(h.changedAt)}{h.inPeriod === false ? <span className="muted"> (before the period)</span> : null}</td><td>{h.changedBy ?? "—"}</td><td><code>{h.key}</code></td><td><code>{json(h.oldValue)}</code></td><td><code>{json(h.newValue)}</code></td><td>{h.comment ?? ""}</td></tr>)}</tbody>
          </table>
        )}
      </StandardRequest>

      <StandardRequest n={3} download={sample.sample ? `/api/samples/${sample.sample.id}` : `/api/requests/standard/3${q}`} links={sample.sample ? <Link href={`/samples/${sample.sample.id}`}>Sample with review records</Link> : null}>
        {sample.sample ? (
          <>
            <p>
              Latest sample of production commits (CM-1): {sample.sample.itemKeys.length} of {sample.sample.populationSize.toLocaleString("en")}, seed <code>{sample.sample.seed}</code>,
              drawn by {sample.sample.drawnBy.email} at {time(sample.sample.drawnAt)}. <b>{sample.aiAssisted.length}</b> AI-assisted.
            </p>
            <table>
              <thead><tr><th>#</th><th>Commit</th><th>Subject</th><th>AI-assisted</th><th>Pull request</th></tr></thead>
              <tbody>
                {sample.records.map((r, i) => r.kind === "commit" ? (
                  <tr key={r.key}><td>{i + 1}</td><td>{r.link ? <Link href={r.link}>{r.repo} {r.sha.slice(0, 10)}</Link> : `${r.repo} ${r.sha.slice(0, 10)}`}</td><td>{r.subject}</td>
                    <td>{r.aiAssisted ? `yes (${r.aiTools.join(", ") || "?"})` : "no"}</td><td>{r.pr ? `#${r.pr.number}` : <span className="error">direct push</span>}</td></tr>
                ) : <tr key={r.key}><td>{i + 1}</td><td colSpan={4}>{r.key}</td></tr>)}
              </tbody>
            </table>
          </>
        ) : <div className="empty">No sample of production commits drawn for {period.name} yet.</div>}
        {mayDraw && <div style={{ marginTop: 12 }}><DrawSampleForm periodId={period.id} testId="CM-1" label="Draw a sample of production commits" /></div>}
      </StandardRequest>

      <StandardRequest n={4} download={`/api/requests/standard/4${q}`} links={sample.sample ? <Link href={`/samples/${sample.sample.id}`}>Full sample</Link> : null}>
        {!sample.sample ? <div className="empty">Draw a sample of production commits (request 3) first.</div> : sample.aiAssisted.length === 0 ? (
          <p>None of the {sample.records.length} sampled commits is AI-assisted.</p>
        ) : (
          <table>
            <thead><tr><th>Commit</th><th>AI attribution</th><th>Pull request</th><th>Reviews (reviewer, identity, state, commit, time)</th></tr></thead>
            <tbody>
              {sample.aiAssisted.map((c) => (
                <tr key={c.key}>
                  <td>{c.link ? <Link href={c.link}>{c.repo} {c.sha.slice(0, 10)}</Link> : c.sha.slice(0, 10)}<br /><span className="muted">{c.authorName}</span></td>
                  <td>{c.aiTools.join(", ") || "?"}{c.aiMarkers[0] ? <><br /><code>{c.aiMarkers[0].key}: {c.aiMarkers[0].value}</code></> : null}</td>
                  <td>{c.pr ? <>#{c.pr.number} by {c.pr.authorLogin ?? "?"}<br />merged {time(c.pr.mergedAt)}</> : <span className="error">direct push</span>}</td>
                  <td>
                    {c.pr?.reviews.length ? (
                      <ul style={{ margin: 0, paddingLeft: 16 }}>
                        {c.pr.reviews.map((rv, i) => (
                          <li key={i}>{rv.reviewer}{rv.person ? ` (${rv.person.name})` : ""} [{rv.reviewerType}] <b>{rv.state}</b> on <code>{rv.commitSha?.slice(0, 10) ?? "?"}</code> at {time(rv.submittedAt)}{rv.onHead === false ? " — stale" : ""}{rv.beforeMerge === false ? " — after merge" : ""}</li>
                        ))}
                      </ul>
                    ) : <span className="error">no reviews</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </StandardRequest>

      <StandardRequest n={5} download={`/api/requests/standard/5${q}`} links={<><Link href={`/traffic${q}`}>AI traffic</Link><Link href={`/exceptions${q}&test=DC-1`}>DC-1 exceptions</Link></>}>
        <div className="grid">
          <div><div className="muted">events logged</div><div className="stat">{cc32.events.toLocaleString("en")}</div></div>
          <div><div className="muted">scanned (payload logged)</div><div className="stat">{cc32.scanned.toLocaleString("en")}</div></div>
          <div><div className="muted">unverifiable (no payload)</div><div className="stat">{cc32.unverifiable.toLocaleString("en")}</div></div>
          <div><div className="muted">pass-throughs (DC-1, DC-2)</div><div className="stat">{cc32.passThroughs.length.toLocaleString("en")}</div></div>
        </div>
        <div className="row" style={{ alignItems: "flex-start", marginTop: 12 }}>
          <table style={{ width: "auto" }}>
            <thead><tr><th>Gateway action</th><th>Events</th></tr></thead>
            <tbody>{cc32.byAction.map((b) => <tr key={b.action}><td>{b.action.toLowerCase()}</td><td>{b.count.toLocaleString("en")}</td></tr>)}</tbody>
          </table>
          <table style={{ width: "auto" }}>
            <thead><tr><th>Classification</th><th>Findings</th><th>Events</th><th>Events not blocked</th></tr></thead>
            <tbody>{cc32.findings.map((f) => <tr key={f.classification}><td><span className={`badge ${f.classification}`}>{f.classification}</span></td><td>{f.findings.toLocaleString("en")}</td><td>{f.events.toLocaleString("en")}</td><td>{f.passed.toLocaleString("en")}</td></tr>)}</tbody>
          </table>
        </div>
        <p className="muted">Blocking level: {cc32.blockingLevel.toLowerCase()} and above.</p>
        <h3>Every pass-through and its disposition</h3>
        {cc32.passThroughs.length === 0 ? <p>No data at or above the blocking level went through the gateway in {period.name}, and the rescan found nothing the gateway missed.</p> : (
          <table>
            <thead><tr><th>Test</th><th>Event</th><th>What went through</th><th>State</th><th>Disposition</th></tr></thead>
            <tbody>
              {cc32.passThroughs.slice(0, 200).map((e) => {
                const disp = e.dispositions[e.dispositions.length - 1];
                return (
                  <tr key={e.id}>
                    <td>{e.testId}</td>
                    <td><Link href={`/exceptions/${e.id}`}>{e.itemRef}</Link><br /><span className="muted">{time(e.occurredAt)}</span></td>
                    <td>{e.summary}</td>
                    <td><span className={`badge ${e.state}`}>{e.state.toLowerCase()}</span></td>
                    <td>{disp ? <>{disp.kind.replace("_", " ").toLowerCase()}{disp.reference ? ` (${disp.reference})` : ""} by {disp.decidedBy} at {time(disp.decidedAt)}: {disp.comment}</> : e.dueAt ? `due ${day(e.dueAt)}` : "—"}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </StandardRequest>

      <h2>{actor.role === "AUDITOR" ? "Your requests" : "Requests from auditors"}</h2>
      {own.length === 0 ? <div className="empty">No requests for {period.name} yet.</div> : (
        <table>
          <thead><tr><th>Request</th><th>Status</th><th>Asked by</th><th>Asked</th><th>Answered</th><th>Attachments</th></tr></thead>
          <tbody>
            {own.map((r) => (
              <tr key={r.id}>
                <td><Link href={`/requests/${r.id}`}>{r.title}</Link></td>
                <td><span className="badge NONE">{r.status.replace("_", " ").toLowerCase()}</span></td>
                <td>{r.createdBy?.email ?? "—"}</td><td>{time(r.createdAt)}</td><td>{time(r.answeredAt)}</td><td>{r.attachments.length}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {mayCreate && (
        <>
          <h3>Add a request</h3>
          <NewRequestForm periodId={period.id} />
        </>
      )}
    </>
  );
}
