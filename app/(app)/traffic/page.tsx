import Link from "next/link";
import { logAccess, requirePage } from "@/lib/auth/guard";
import { db } from "@/lib/db/client";
import { selectPeriod } from "@/lib/controls/periods";
import { trafficPage, TRAFFIC_PAGE_SIZE } from "@/lib/ingest/traffic-queries";
import { PeriodPicker } from "@/components/period-picker";

type Search = Promise<Record<string, string | undefined>>;

export default async function TrafficPage({ searchParams }: { searchParams: Search }) {
  const actor = await requirePage("evidence:read");
  const sp = await searchParams;
  const { period, periods } = await selectPeriod(db(), actor, sp.period);
  if (!period) return <><h1>AI traffic</h1><div className="empty">No audit period is available to you.</div></>;
  await logAccess(actor, "VIEW", "/traffic", period.id);
  const data = await trafficPage({
    from: period.start,
    to: period.end,
    classification: sp.classification || undefined,
    action: sp.action || undefined,
    findingsOnly: sp.findings === "1",
    page: Number(sp.page ?? 0) || 0,
  });
  const qs = (extra: Record<string, string | number>) =>
    "?" + new URLSearchParams({ ...Object.fromEntries(Object.entries(sp).filter(([, v]) => v) as [string, string][]), ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, String(v)])) }).toString();
  return (
    <>
      <h1>AI traffic</h1>
      <PeriodPicker periods={periods} selected={period.id} path="/traffic" />
      <div className="grid">
        {data.byAction.map((b) => (
          <div key={b.action} className="panel"><div className="muted">{b.action.toLowerCase()}</div><div className="stat">{b.count.toLocaleString("en")}</div></div>
        ))}
      </div>
      <form method="get" className="row" style={{ margin: "12px 0" }}>
        <input type="hidden" name="period" value={period.id} />
        <label>Classification <select name="classification" defaultValue={sp.classification ?? ""}>
          <option value="">any</option>{["RESTRICTED", "CONFIDENTIAL", "INTERNAL", "PUBLIC"].map((c) => <option key={c}>{c}</option>)}
        </select></label>
        <label>Gateway action <select name="action" defaultValue={sp.action ?? ""}>
          <option value="">any</option>{["BLOCKED", "MASKED", "PASSED", "FAILED", "UNKNOWN"].map((c) => <option key={c}>{c}</option>)}
        </select></label>
        <label><input type="checkbox" name="findings" value="1" defaultChecked={sp.findings === "1"} /> with findings only</label>
        <button type="submit" className="secondary">Filter</button>
      </form>
      {data.total === 0 ? (
        <div className="empty">No gateway events in this period. Run <code>npm run cli -- ingest litellm FILE</code> or point LiteLLM at <code>/api/ingest/litellm</code>.</div>
      ) : (
        <>
          <p className="muted">{data.total.toLocaleString("en")} events</p>
          <table>
            <thead><tr><th>Time</th><th>User</th><th>Credential</th><th>Tool</th><th>Model</th><th>Repository</th><th>Action</th><th>Findings</th><th>Payload</th></tr></thead>
            <tbody>
              {data.events.map((e) => (
                <tr key={e.id.toString()}>
                  <td><Link href={`/traffic/${e.id}`}>{e.occurredAt.toISOString().replace("T", " ").slice(0, 19)}</Link></td>
                  <td>{e.proxyUserEmail ?? e.proxyUserId ?? "—"}</td>
                  <td>{e.apiKeyAlias ?? e.apiKeyHash?.slice(0, 10) ?? "—"}</td>
                  <td>{e.toolKey ?? "—"}</td><td>{e.model ?? "—"}</td><td>{e.repository ?? ""}</td>
                  <td>{e.gatewayAction}</td>
                  <td>{e.findingCount > 0 ? <span className={`badge ${e.maxClassification}`}>{e.findingCount} · {e.maxClassification}</span> : "0"}</td>
                  <td>{e.hasPayload ? "scanned" : <span className="muted">none (unverifiable)</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="row">
            {data.page > 0 && <Link href={qs({ page: data.page - 1 })}>← newer</Link>}
            {(data.page + 1) * TRAFFIC_PAGE_SIZE < data.total && <Link href={qs({ page: data.page + 1 })}>older →</Link>}
          </p>
        </>
      )}
    </>
  );
}
