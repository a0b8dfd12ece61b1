import Link from "next/link";
import { logAccess, requirePage } from "@/lib/auth/guard";
import { monthLabel } from "@/lib/summary/month";
import { issuedReports } from "@/lib/summary/queries";

export default async function SummaryReportsPage() {
  const actor = await requirePage("summary:read");
  await logAccess(actor, "VIEW", "/summary/reports");
  const reports = await issuedReports();
  return (
    <>
      <h1>Issued monthly reports</h1>
      <p className="muted">
        Each complete month&apos;s summary is issued as a PDF on the first day of the next month and kept: these are the reports as
        they were issued. <Link href="/summary">Back to the summary</Link>
      </p>
      {reports.length === 0 ? (
        <div className="empty">No report has been issued yet. The first is issued on the first day of next month, or when a complete month&apos;s PDF is downloaded.</div>
      ) : (
        <table>
          <thead><tr><th>Month</th><th>Issued</th><th>Trigger</th><th>Size</th><th>SHA-256</th><th></th></tr></thead>
          <tbody>
            {reports.map((r) => (
              <tr key={r.month}>
                <td><Link href={`/summary?month=${r.month}`}>{monthLabel(r.month)}</Link></td>
                <td>{r.generatedAt.toISOString().replace("T", " ").slice(0, 16)} UTC</td>
                <td>{r.trigger}</td>
                <td>{Math.max(1, Math.round(r.bytes / 1024)).toLocaleString("en")} KB</td>
                <td><code title={r.sha256}>{r.sha256.slice(0, 16)}…</code></td>
                <td><a href={`/api/summary/${r.month}/pdf`} download>Download PDF</a></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
