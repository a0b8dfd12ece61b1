// The exception page body: what failed and why, the evidence, the disposition form (ADMIN) and the history.
import { Fragment } from "react";
import Link from "next/link";
import { commentAction, dispositionAction } from "@/app/(app)/exceptions/[id]/actions";
import { DISPOSITION_KINDS, DISPOSITION_LABELS } from "@/lib/controls/exception-workflow";
import type { exceptionView } from "@/lib/controls/exception-queries";
import { ActionForm } from "./action-form";

type View = NonNullable<Awaited<ReturnType<typeof exceptionView>>>;
const time = (d: Date | null) => (d ? d.toISOString().replace("T", " ").slice(0, 16) + " UTC" : "—");

export function ExceptionDetail({ view }: { view: View }) {
  const x = view.exception;
  return (
    <>
      <p className="muted">
        <Link href={`/exceptions?period=${x.periodId}`}>Exceptions</Link> › {x.period.name} ›{" "}
        <Link href={`/controls/${x.testId}?period=${x.periodId}`}>{x.testId} {view.test?.title}</Link>
      </p>
      <h1>{x.summary}</h1>
      <div className="panel">
        <dl className="kv">
          <dt>State</dt>
          <dd>
            <span className={`badge ${x.state}`}>{x.state.toLowerCase()}</span>
            {view.overdue && <strong className="error"> ⚠ overdue since {time(x.dueAt)}</strong>}
          </dd>
          <dt>Test</dt><dd>{x.testId} {view.test?.title}</dd>
          <dt>Item</dt><dd>{view.link ? <Link href={view.link}>{x.itemKey}</Link> : x.itemKey}</dd>
          <dt>Occurred</dt><dd>{time(x.occurredAt)}</dd>
          <dt>Due</dt><dd>{x.dueAt ? time(x.dueAt) : "no SLA for this test"}</dd>
          <dt>First / last seen</dt><dd>{time(x.firstSeenAt)} / {time(x.lastSeenAt)}</dd>
          {x.clearedAt && (<><dt>Cleared</dt><dd>{time(x.clearedAt)}: the item no longer fails the rule</dd></>)}
        </dl>
      </div>

      <h2>Evidence</h2>
      {view.evidence ? (
        <div className="panel">
          <h3 style={{ marginTop: 0 }}>{view.link ? <Link href={view.link}>{view.evidence.title}</Link> : view.evidence.title}</h3>
          <dl className="kv">
            {view.evidence.facts.map(([k, v]) => (
              <Fragment key={k}><dt>{k}</dt><dd>{v}</dd></Fragment>
            ))}
          </dl>
          {view.evidence.rows && (
            <table style={{ marginTop: 12 }}>
              <caption style={{ textAlign: "left" }}>{view.evidence.rows.caption}</caption>
              <thead><tr>{view.evidence.rows.header.map((h) => <th key={h}>{h}</th>)}</tr></thead>
              <tbody>{view.evidence.rows.cells.map((r, i) => <tr key={i}>{r.map((c, j) => <td key={j}>{c}</td>)}</tr>)}</tbody>
            </table>
          )}
        </div>
      ) : (
        <div className="empty">{view.link ? <>The record is on <Link href={view.link}>its own page</Link>.</> : "The raw record is no longer in the store."}</div>
      )}
      <details className="panel">
        <summary>What the rule recorded</summary>
        <pre style={{ whiteSpace: "pre-wrap" }}>{JSON.stringify(x.details, null, 2)}</pre>
      </details>

      <h2>Dispositions</h2>
      {x.dispositions.length === 0 ? (
        <p className="muted">No disposition yet.</p>
      ) : (
        <table>
          <thead><tr><th>When</th><th>By</th><th>Disposition</th><th>Reference</th><th>Comment</th></tr></thead>
          <tbody>
            {x.dispositions.map((d, i) => (
              <tr key={d.id}>
                <td>{time(d.decidedAt)}{i === 0 && x.dispositions.length > 1 ? " (in force)" : ""}</td>
                <td>{d.decidedBy.name} &lt;{d.decidedBy.email}&gt;</td>
                <td>{DISPOSITION_LABELS[d.kind]}</td>
                <td>{d.reference ?? "—"}</td>
                <td>{d.comment}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {view.mayDisposition && (
        <ActionForm action={dispositionAction} submitLabel="Record disposition">
          <input type="hidden" name="exceptionId" value={x.id} />
          <div className="row">
            <label>Disposition{" "}
              <select name="kind" required defaultValue="">
                <option value="" disabled>choose…</option>
                {DISPOSITION_KINDS.map((k) => <option key={k} value={k}>{DISPOSITION_LABELS[k]}</option>)}
              </select>
            </label>
            <label>Reference (required for an incident) <input name="reference" maxLength={200} placeholder="INC-1234" /></label>
          </div>
          <p><label>Comment<br /><textarea name="comment" required rows={3} cols={80} maxLength={5000} /></label></p>
        </ActionForm>
      )}

      <h2>Comments</h2>
      {x.comments.length === 0 ? (
        <p className="muted">No comments.</p>
      ) : (
        x.comments.map((c) => (
          <div key={c.id} className="panel">
            <p className="muted" style={{ marginTop: 0 }}>
              {c.author.name}, {time(c.createdAt)}{c.internal && <> · <span className="badge NONE">internal</span></>}
            </p>
            <p style={{ whiteSpace: "pre-wrap", marginBottom: 0 }}>{c.body}</p>
          </div>
        ))
      )}
      {view.mayDisposition && (
        <ActionForm action={commentAction} submitLabel="Add comment">
          <input type="hidden" name="exceptionId" value={x.id} />
          <p style={{ marginTop: 0 }}><label>Comment<br /><textarea name="body" required rows={3} cols={80} maxLength={5000} /></label></p>
          <label><input type="checkbox" name="internal" /> Internal: never shown to auditors</label>
        </ActionForm>
      )}
    </>
  );
}
