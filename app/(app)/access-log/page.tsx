import Link from "next/link";
import { logAccess, requirePage } from "@/lib/auth/guard";
import { db } from "@/lib/db/client";
import { ACCESS_ACTIONS, ACCESS_LOG_PAGE_SIZE, accessLogPage, readsAll } from "@/lib/evidence/access-log";

const time = (d: Date) => d.toISOString().replace("T", " ").slice(0, 19);

export default async function AccessLogPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requirePage("accesslog:own");
  const sp = await searchParams;
  const all = readsAll(actor);
  const filter = { user: all ? sp.user : undefined, action: sp.action, from: sp.from, to: sp.to };
  await logAccess(actor, "VIEW", "/access-log", null, { scope: all ? "all" : "own" });
  const { rows, total, page } = await accessLogPage(db(), actor, filter, Number(sp.page ?? 0) || 0);
  const params = Object.fromEntries(Object.entries(filter).filter(([, v]) => v)) as Record<string, string>;
  const qs = (extra: Record<string, string | number> = {}) => "?" + new URLSearchParams({ ...params, ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, String(v)])) }).toString();
  return (
    <>
      <h1>Access log</h1>
      <p className="muted">
        {all
          ? "Every view, download, export, sign-in and change, by anyone. The log is append-only in the database: a trigger refuses to update or delete it."
          : "Your own entries: every page you viewed and every file you downloaded or exported, with the time and address."}
      </p>
      <form method="get" className="row" style={{ marginBottom: 12 }} aria-label="Filter">
        {all && <label>User <input name="user" defaultValue={sp.user ?? ""} placeholder="email" /></label>}
        <label>Action <select name="action" defaultValue={sp.action ?? ""}><option value="">any</option>{ACCESS_ACTIONS.map((a) => <option key={a}>{a}</option>)}</select></label>
        <label>From <input type="date" name="from" defaultValue={sp.from ?? ""} /></label>
        <label>To <input type="date" name="to" defaultValue={sp.to ?? ""} /></label>
        <button type="submit" className="secondary">Filter</button>
        <a href={`/api/access-log${qs()}`} download>Download CSV</a>
      </form>
      {rows.length === 0 ? <div className="empty">No entries.</div> : (
        <>
          <p className="muted">{total.toLocaleString("en")} entries</p>
          <table>
            <thead><tr><th>When (UTC)</th>{all && <th>User</th>}{all && <th>Role</th>}<th>Action</th><th>What</th><th>From</th><th>Detail</th></tr></thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id.toString()}>
                  <td>{time(r.at)}</td>
                  {all && <td>{r.userEmail ?? "—"}</td>}
                  {all && <td>{r.role?.toLowerCase() ?? "—"}</td>}
                  <td>{r.action}</td>
                  <td><code>{r.target}</code></td>
                  <td>{r.ip ?? "—"}</td>
                  <td className="muted">{r.detail ? JSON.stringify(r.detail).slice(0, 160) : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="row">
            {page > 0 && <Link href={qs({ page: page - 1 })}>← newer</Link>}
            {(page + 1) * ACCESS_LOG_PAGE_SIZE < total && <Link href={qs({ page: page + 1 })}>older →</Link>}
          </p>
        </>
      )}
    </>
  );
}
