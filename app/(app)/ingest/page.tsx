import { requirePage } from "@/lib/auth/guard";
import { recentIngestRuns } from "@/lib/ingest/run-queries";

export default async function IngestPage() {
  await requirePage("ingest:write");
  const runs = await recentIngestRuns();
  return (
    <>
      <h1>Ingest</h1>
      <div className="panel">
        <p>Load gateway logs and repositories from the command line, or let the gateway push:</p>
        <ul>
          <li><code>npm run cli -- ingest litellm FILE.jsonl</code> (also <code>cloudflare</code>, <code>generic</code>, <code>litellm-db --url postgres://…</code>)</li>
          <li><code>npm run cli -- ingest git --repo PATH --name OWNER/NAME</code></li>
          <li>LiteLLM callback: POST batches to <code>/api/ingest/litellm</code> with an ingest token (below).</li>
        </ul>
      </div>
      <h2>Ingest runs</h2>
      {runs.length === 0 ? (
        <div className="empty">No ingest runs yet: run <code>npm run cli -- ingest litellm FILE</code> or point LiteLLM at <code>/api/ingest/litellm</code>.</div>
      ) : (
        <table>
          <thead><tr><th>Started</th><th>Source</th><th>Origin</th><th>Status</th><th>Read</th><th>Stored</th><th>Duplicates</th><th>Quarantined</th><th>SHA-256</th></tr></thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id}>
                <td>{r.startedAt.toISOString().replace("T", " ").slice(0, 19)}</td><td>{r.source}</td><td>{r.origin}</td><td>{r.status}</td>
                <td>{r.readCount}</td><td>{r.storedCount}</td><td>{r.duplicateCount}</td>
                <td>{r.quarantinedCount > 0 ? <a href={`/ingest/${r.id}`}>{r.quarantinedCount}</a> : 0}</td>
                <td><code title={r.sha256 ?? ""}>{r.sha256?.slice(0, 12) ?? ""}</code></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
