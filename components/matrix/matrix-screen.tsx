// The control matrix page body (server component).
import Link from "next/link";
import { PeriodPicker } from "@/components/period-picker";
import type { matrixView } from "@/lib/controls/matrix-queries";
import { evaluateNowAction } from "@/app/(app)/periods/actions";
import { MatrixTable } from "./matrix-table";
import { matrixRows } from "./rows";

type View = Awaited<ReturnType<typeof matrixView>>;

export function MatrixScreen({ view, isAdmin }: { view: View; isAdmin: boolean }) {
  const { period } = view;
  if (!period) {
    return (
      <>
        <h1>Control matrix</h1>
        <div className="empty">
          {isAdmin ? (
            <>No audit period yet: create one under <Link href="/periods">Audit periods</Link> (or run <code>npm run cli -- seed-demo</code> for the demo organisation).</>
          ) : (
            <>No audit period has been granted to you yet: ask the compliance lead to grant you access to one.</>
          )}
        </div>
      </>
    );
  }
  return (
    <>
      <h1>Control matrix</h1>
      {view.refused && <div className="banner" role="status">You may not read the requested period; showing {period.name}.</div>}
      <PeriodPicker periods={view.periods} selected={period.id} path="/" />
      <p className="muted">
        {period.name}: {period.start.toISOString().slice(0, 10)} to {new Date(period.end.getTime() - 1).toISOString().slice(0, 10)},{" "}
        {period.state === "LOCKED" ? "locked: its results no longer change" : "open: re-evaluated after each ingest"}.
        {view.drilldown && <> <Link href={`/exceptions?period=${period.id}`}>All exceptions</Link></>}
      </p>
      {!view.hasCommits && (
        <div className="empty" style={{ marginBottom: 12 }}>
          No production commits ingested: run <code>npm run cli -- ingest git --repo PATH --name OWNER/NAME</code>, then{" "}
          <code>npm run cli -- ingest github --repo OWNER/NAME</code> for the reviews.
        </div>
      )}
      {!view.hasEvents && (
        <div className="empty" style={{ marginBottom: 12 }}>
          No AI gateway events ingested: run <code>npm run cli -- ingest litellm FILE.jsonl</code> (or <code>ingest cloudflare</code>, <code>ingest generic</code>, <code>ingest litellm-db --url …</code>).
        </div>
      )}
      {!view.evaluated && (
        <div className="empty" style={{ marginBottom: 12 }}>
          {period.state === "LOCKED" ? (
            <>This period was locked before it was evaluated: it has no results.</>
          ) : (
            <>Not evaluated yet: run <code>npm run cli -- evaluate --period {period.name}</code>{view.mayEvaluate ? " or evaluate it now." : "."}</>
          )}
        </div>
      )}
      {view.mayEvaluate && period.state === "OPEN" && (
        <form action={evaluateNowAction} className="row" style={{ marginBottom: 12 }}>
          <input type="hidden" name="periodId" value={period.id} />
          <button type="submit" className="secondary">Evaluate now</button>
        </form>
      )}
      <MatrixTable key={period.id} rows={matrixRows(view.controls, period.id, view.drilldown)} />
    </>
  );
}
