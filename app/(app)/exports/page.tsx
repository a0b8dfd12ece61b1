import Link from "next/link";
import { logAccess, requirePage } from "@/lib/auth/guard";
import { db } from "@/lib/db/client";
import { selectPeriod } from "@/lib/controls/periods";
import { CATALOGUE } from "@/lib/controls/catalogue";
import { verifyExportChain } from "@/lib/evidence/exports/chain";
import { PeriodPicker } from "@/components/period-picker";

const time = (d: Date) => d.toISOString().replace("T", " ").slice(0, 19);

export default async function ExportsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requirePage("exports:create");
  const sp = await searchParams;
  const { period, periods } = await selectPeriod(db(), actor, sp.period);
  if (!period) return <><h1>Exports</h1><div className="empty">No audit period is available to you.</div></>;
  await logAccess(actor, "VIEW", "/exports", period.id);
  const realAdmin = actor.role === "ADMIN" && !actor.previewOf;
  const internal = realAdmin && sp.internal === "1";
  const q = `?period=${encodeURIComponent(period.id)}${internal ? "&internal=1" : ""}`;
  const [samples, past, chain] = await Promise.all([
    db().sample.findMany({ where: { periodId: period.id }, orderBy: { drawnAt: "desc" }, take: 50, select: { id: true, testId: true, seed: true, itemKeys: true, drawnAt: true } }),
    db().exportRecord.findMany({
      // an auditor sees the exports issued to them; ADMIN sees every export of the period
      where: { periodId: period.id, ...(realAdmin ? {} : { createdById: actor.id }) },
      orderBy: { createdAt: "desc" },
      take: 100,
    }),
    realAdmin ? verifyExportChain(db()) : Promise.resolve(null),
  ]);
  const users = realAdmin && past.length ? await db().user.findMany({ where: { id: { in: [...new Set(past.map((p) => p.createdById).filter((x): x is string => Boolean(x)))] } }, select: { id: true, email: true } }) : [];
  return (
    <>
      <h1>Exports</h1>
      <PeriodPicker periods={periods} selected={period.id} path="/exports" />
      {realAdmin && (
        <form method="get" className="row" style={{ marginBottom: 12 }}>
          <input type="hidden" name="period" value={period.id} />
          <label><input type="checkbox" name="internal" value="1" defaultChecked={internal} /> include internal notes (never hand such a package to an auditor)</label>
          <button type="submit" className="secondary">Apply</button>
        </form>
      )}
      <section className="panel">
        <h2 style={{ marginTop: 0 }}>Evidence package</h2>
        <p>
          One ZIP with the control-matrix PDF, an evidence PDF per control, every population, exception list and sample as CSV, the redacted
          records they reference, the settings in force, <code>index.html</code> and <code>manifest.json</code> (every file&apos;s SHA-256). Verify it
          with <code>npm run cli -- verify FILE.zip</code> or <code>sha256sum -c SHA256SUMS</code>.
        </p>
        <p><a href={`/api/exports/package${q}`} download>Download the evidence package (ZIP)</a>{internal && <span className="error"> — includes internal notes</span>}</p>
      </section>
      <section className="panel">
        <h2 style={{ marginTop: 0 }}>Single files</h2>
        <ul>
          <li><a href={`/api/exports/matrix${q}`} download>Control matrix (PDF)</a></li>
          {CATALOGUE.map((c) => <li key={c.id}><a href={`/api/exports/control/${encodeURIComponent(c.id)}${q}`} download>{c.id} {c.title}: evidence (PDF)</a></li>)}
          <li><a href={`/api/exports/exceptions${q}`} download>All exceptions with dispositions (CSV)</a></li>
        </ul>
        <table>
          <thead><tr><th>Test</th><th>Population</th><th>Exceptions</th></tr></thead>
          <tbody>
            {CATALOGUE.flatMap((c) => c.tests).map((t) => (
              <tr key={t.id}>
                <td>{t.id} {t.title}</td>
                <td><a href={`/api/exports/population/${t.id}${q}`} download>population CSV</a></td>
                <td><a href={`/api/exports/exceptions${q}&test=${t.id}`} download>exceptions CSV</a></td>
              </tr>
            ))}
          </tbody>
        </table>
        {samples.length > 0 && (
          <>
            <h3>Samples</h3>
            <ul>{samples.map((s) => <li key={s.id}><a href={`/api/samples/${s.id}`} download>{s.testId} sample of {s.itemKeys.length}, seed {s.seed} (CSV)</a> · <Link href={`/samples/${s.id}`}>view</Link></li>)}</ul>
          </>
        )}
      </section>
      <h2>Past exports</h2>
      {chain && (
        <p role="status" className={chain.ok ? "muted" : "error"}>
          Export chain: {chain.ok ? `intact (${chain.records} records, head ${chain.head?.slice(0, 16) ?? "—"}…)` : `BROKEN at ${chain.brokenAt}: ${chain.reason}`}
        </p>
      )}
      {past.length === 0 ? <div className="empty">Nothing exported for {period.name} yet.</div> : (
        <table>
          <thead><tr><th>When</th><th>What</th><th>File</th><th>SHA-256</th>{realAdmin && <th>By</th>}<th>Chain</th></tr></thead>
          <tbody>
            {past.map((e) => (
              <tr key={e.id}>
                <td>{time(e.createdAt)}</td><td>{e.kind}</td><td>{e.filename}</td><td><code title={e.sha256}>{e.sha256.slice(0, 16)}…</code></td>
                {realAdmin && <td>{users.find((u) => u.id === e.createdById)?.email ?? "—"}</td>}
                <td><code title={e.chainHash}>{e.chainHash.slice(0, 12)}…</code></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
