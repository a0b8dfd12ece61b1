import Link from "next/link";
import { logAccess, requirePage } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { selectPeriod } from "@/lib/controls/periods";
import { samplesOf } from "@/lib/evidence/sampling";
import { PeriodPicker } from "@/components/period-picker";
import { DrawSampleForm } from "@/components/auditor/draw-sample-form";

export default async function SamplesPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const actor = await requirePage("evidence:read");
  const sp = await searchParams;
  const { period, periods } = await selectPeriod(db(), actor, sp.period);
  if (!period) return <><h1>Samples</h1><div className="empty">No audit period is available to you.</div></>;
  await logAccess(actor, "VIEW", "/samples", period.id);
  const samples = await samplesOf(db(), { periodIds: actor.periodIds, periodId: period.id });
  const mayDraw = can(actor.role, "samples:draw") && !actor.previewOf;
  return (
    <>
      <h1>Samples</h1>
      <PeriodPicker periods={periods} selected={period.id} path="/samples" />
      {mayDraw && (
        <div className="panel">
          <h2 style={{ marginTop: 0 }}>Draw a sample</h2>
          <p className="muted">Pick a test&apos;s population and a size; give a seed to reproduce a selection, or leave it empty for a random one (it is recorded).</p>
          <DrawSampleForm periodId={period.id} />
        </div>
      )}
      {samples.length === 0 ? (
        <div className="empty">No samples drawn in {period.name} yet.</div>
      ) : (
        <table>
          <thead><tr><th>Drawn</th><th>Test</th><th>Items</th><th>Population</th><th>Seed</th><th>Drawn by</th><th /></tr></thead>
          <tbody>
            {samples.map((s) => (
              <tr key={s.id}>
                <td><Link href={`/samples/${s.id}`}>{s.drawnAt.toISOString().replace("T", " ").slice(0, 16)}</Link></td>
                <td>{s.testId}</td><td>{s.itemKeys.length}</td><td>{s.populationSize.toLocaleString("en")}</td>
                <td><code>{s.seed}</code></td><td>{s.drawnBy.email}</td>
                <td><a href={`/api/samples/${s.id}`} download>CSV</a></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
