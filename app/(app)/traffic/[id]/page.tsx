import { Fragment } from "react";
import { notFound } from "next/navigation";
import { logAccess, requirePage } from "@/lib/auth/guard";
import { mayReadPeriod } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { periodsContaining } from "@/lib/controls/periods";
import { eventDetail, runOf } from "@/lib/ingest/traffic-queries";

export default async function EventPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePage("evidence:read");
  const { id } = await params;
  if (!/^\d{1,18}$/.test(id)) notFound();
  const event = await eventDetail(BigInt(id));
  if (!event) notFound();
  const periods = await periodsContaining(db(), event.occurredAt);
  if (actor.periodIds !== null && !periods.some((p) => mayReadPeriod(actor, p.id))) notFound();
  await logAccess(actor, "VIEW", `/traffic/${id}`, periods[0]?.id);
  const run = await runOf(event.runId);
  const rows: [string, React.ReactNode][] = [
    ["Time", event.occurredAt.toISOString()],
    ["Source", `${event.source} · ${event.naturalKey}`],
    ["Call id", event.callId ?? "—"],
    ["User", event.proxyUserEmail ?? event.proxyUserId ?? "—"],
    ["Credential", `${event.apiKeyAlias ?? ""} ${event.apiKeyHash ?? ""}`.trim() || "—"],
    ["Team", event.teamId ?? "—"],
    ["Tool / vendor", event.toolKey ?? "—"],
    ["Model", `${event.model ?? "—"} (${event.provider ?? "?"})`],
    ["Repository", event.repository ?? "—"],
    ["Gateway action", `${event.gatewayAction}${event.guardrailStatus ? ` (guardrail: ${event.guardrailStatus})` : ""}`],
    ["Tokens", `${event.promptTokens ?? "?"} in / ${event.completionTokens ?? "?"} out`],
    ["Cost", event.cost ? `$${event.cost.toString()}` : "—"],
    ["Payload", event.hasPayload ? `scanned, ${event.payloadBytes.toLocaleString("en")} bytes, SHA-256 ${event.payloadSha256}` : "not logged: this event cannot be verified (DC-3)"],
    ["Ingest run", run ? `${run.source} ${run.origin} at ${run.startedAt.toISOString()} (file SHA-256 ${run.sha256?.slice(0, 16) ?? "?"}…)` : "—"],
    ["Late", event.late ? "yes: arrived after its period was locked" : "no"],
  ];
  return (
    <>
      <h1>Gateway event {id}</h1>
      <div className="panel"><dl className="kv">{rows.map(([k, v]) => <Fragment key={k}><dt>{k}</dt><dd>{v}</dd></Fragment>)}</dl></div>
      <h2>Findings</h2>
      <p className="muted">The prompt text was scanned when ingested and not kept: only masked excerpts and keyed fingerprints are stored.</p>
      {event.findings.length === 0 ? <div className="empty">No findings.</div> : (
        <table>
          <thead><tr><th>Type</th><th>Classification</th><th>Where</th><th>Offsets</th><th>Excerpt</th><th>Confidence</th><th>Fingerprint</th></tr></thead>
          <tbody>{event.findings.map((f) => (
            <tr key={f.id.toString()}>
              <td>{f.type}{f.testData ? " (test data)" : ""}</td><td><span className={`badge ${f.classification}`}>{f.classification}</span></td>
              <td><code>{f.location}</code></td><td>{f.start}–{f.end}</td><td><code>{f.excerpt}</code></td><td>{f.confidence}</td><td><code>{f.fingerprint.slice(0, 12)}</code></td>
            </tr>
          ))}</tbody>
        </table>
      )}
      {event.toolCalls.length > 0 && (
        <>
          <h2>Tool calls</h2>
          <table><thead><tr><th>Server</th><th>Tool</th><th>Destination</th></tr></thead>
            <tbody>{event.toolCalls.map((c) => <tr key={c.id.toString()}><td>{c.server ?? "(function)"}</td><td>{c.tool}</td><td>{c.destination ?? "—"}</td></tr>)}</tbody>
          </table>
        </>
      )}
    </>
  );
}
