import Link from "next/link";
import { notFound } from "next/navigation";
import { logAccess, requirePage } from "@/lib/auth/guard";
import { mayReadPeriod } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { requestDetail } from "@/lib/evidence/requests";
import { AnswerRequestForm } from "@/components/auditor/answer-form";

const time = (d: Date | null | undefined) => (d ? d.toISOString().replace("T", " ").slice(0, 16) + " UTC" : "—");

export default async function RequestPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requirePage("requests:read");
  const { id } = await params;
  const sp = await searchParams;
  const r = await requestDetail(db(), id);
  // a request of a period outside the auditor's grant does not exist for them
  if (!r || !mayReadPeriod(actor, r.periodId)) notFound();
  await logAccess(actor, "VIEW", `/requests/${id}`, r.periodId);
  const mayAnswer = can(actor.role, "requests:answer") && !actor.previewOf;
  return (
    <>
      <p className="muted"><Link href={`/requests?period=${r.periodId}`}>Auditor requests</Link> / {r.period.name}</p>
      <h1>{r.title}</h1>
      {sp.error && <p role="alert" className="error">{sp.error}</p>}
      {sp.answered && <p role="status">Answer saved.</p>}
      <div className="panel">
        <p className="muted" style={{ marginTop: 0 }}>
          Asked by {r.createdBy ? `${r.createdBy.name} <${r.createdBy.email}>` : "—"} at {time(r.createdAt)} · status{" "}
          <span className="badge NONE">{r.status.replace("_", " ").toLowerCase()}</span>
        </p>
        <p style={{ whiteSpace: "pre-wrap" }}>{r.body || <span className="muted">(no details)</span>}</p>
      </div>
      <h2>Answer</h2>
      {r.answer ? (
        <div className="panel">
          <p className="muted" style={{ marginTop: 0 }}>By {r.answeredBy ? `${r.answeredBy.name} <${r.answeredBy.email}>` : "—"} at {time(r.answeredAt)}</p>
          <p style={{ whiteSpace: "pre-wrap" }}>{r.answer}</p>
        </div>
      ) : <div className="empty">Not answered yet.</div>}
      {r.attachments.length > 0 && (
        <>
          <h3>Attachments</h3>
          <table>
            <thead><tr><th>File</th><th>Type</th><th>SHA-256</th><th>Added</th></tr></thead>
            <tbody>{r.attachments.map((a) => (
              <tr key={a.id}><td><a href={`/api/requests/attachments/${a.id}`} download>{a.filename}</a></td><td>{a.contentType}</td><td><code>{a.sha256}</code></td><td>{time(a.createdAt)}</td></tr>
            ))}</tbody>
          </table>
        </>
      )}
      {mayAnswer && (
        <>
          <h2>Answer this request</h2>
          <AnswerRequestForm requestId={r.id} answer={r.answer} status={r.status} />
        </>
      )}
    </>
  );
}
