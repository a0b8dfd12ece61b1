// ADMIN's answer to an auditor request: a plain multipart form to the route handler (attachments
// can be larger than a server action's body limit). Render it only for an ADMIN who is not previewing.
import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_ANSWER, REQUEST_STATUSES } from "@/lib/evidence/requests";

export function AnswerRequestForm({ requestId, answer, status }: { requestId: string; answer: string | null; status: string }) {
  return (
    <form method="post" action={`/api/requests/${encodeURIComponent(requestId)}/answer`} encType="multipart/form-data" className="panel" data-permission="requests:answer" aria-label="Answer">
      <label style={{ display: "block" }}>Answer<br /><textarea name="answer" rows={5} defaultValue={answer ?? ""} style={{ width: "100%" }} /></label>
      <div className="row" style={{ marginTop: 8 }}>
        <label>Status{" "}
          <select name="status" defaultValue={status === "OPEN" ? "ANSWERED" : status}>
            {REQUEST_STATUSES.map((s) => <option key={s} value={s}>{s.replace("_", " ").toLowerCase()}</option>)}
          </select>
        </label>
        <label>Attachments <input type="file" name="attachments" multiple /></label>
        <span className="muted">up to {MAX_ATTACHMENTS_PER_ANSWER} files of {MAX_ATTACHMENT_BYTES / 1024 / 1024} MB each; stored with their SHA-256</span>
      </div>
      <p><button type="submit">Save answer</button></p>
    </form>
  );
}
