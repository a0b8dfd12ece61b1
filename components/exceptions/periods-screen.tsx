// The audit periods page body: list, create, edit and lock (with the period's name as confirmation).
import Link from "next/link";
import type { periodsOverview } from "@/lib/controls/period-queries";
import { createPeriodAction, evaluateNowAction, lockPeriodAction, updatePeriodAction } from "@/app/(app)/periods/actions";
import { ActionForm } from "./action-form";

type Period = Awaited<ReturnType<typeof periodsOverview>>[number];

function PeriodFields({ p }: { p?: Period }) {
  return (
    <div className="row">
      <label>Name <input name="name" defaultValue={p?.name} required maxLength={100} placeholder="FY2026 Type II" /></label>
      <label>First day <input name="start" type="date" defaultValue={p?.start} required /></label>
      <label>Last day (inclusive) <input name="lastDay" type="date" defaultValue={p?.lastDay} required /></label>
    </div>
  );
}

export function PeriodsScreen({ periods, readOnly }: { periods: Period[]; readOnly: boolean }) {
  return (
    <>
      <h1>Audit periods</h1>
      <p className="muted">
        A period is the Type II window the controls are tested over. Locking it freezes its results and evidence: it is no longer
        re-evaluated, and evidence that arrives later is marked late.
      </p>
      {periods.length === 0 ? (
        <div className="empty">No audit period yet: create the first one below, then evaluate it.</div>
      ) : (
        <table>
          <thead>
            <tr><th>Name</th><th>First day</th><th>Last day</th><th>State</th><th>Last evaluated</th><th>Failing tests</th><th>Open exceptions</th><th /></tr>
          </thead>
          <tbody>
            {periods.map((p) => (
              <tr key={p.id}>
                <td><Link href={`/?period=${p.id}`}>{p.name}</Link></td>
                <td>{p.start}</td>
                <td>{p.lastDay}</td>
                <td>
                  <span className={`badge ${p.state === "LOCKED" ? "CLEARED" : "NONE"}`}>{p.state === "LOCKED" ? "🔒 Locked" : "Open"}</span>
                  {p.lockedAt && <div className="muted">{p.lockedAt.toISOString().slice(0, 16).replace("T", " ")}{p.lockedBy ? ` by ${p.lockedBy}` : ""}</div>}
                </td>
                <td>{p.evaluatedAt ? p.evaluatedAt.toISOString().slice(0, 16).replace("T", " ") : "never"}</td>
                <td>{p.failing}</td>
                <td><Link href={`/exceptions?period=${p.id}&state=OPEN`}>{p.openExceptions}</Link></td>
                <td>
                  {p.state === "OPEN" && !readOnly && (
                    <>
                      <form action={evaluateNowAction} className="inline">
                        <input type="hidden" name="periodId" value={p.id} />
                        <button type="submit" className="secondary">Evaluate now</button>
                      </form>
                      <details>
                        <summary>Edit</summary>
                        <ActionForm action={updatePeriodAction} submitLabel="Save and re-evaluate">
                          <input type="hidden" name="id" value={p.id} />
                          <PeriodFields p={p} />
                        </ActionForm>
                      </details>
                      <details>
                        <summary>Lock…</summary>
                        <ActionForm action={lockPeriodAction} submitLabel={`Lock ${p.name}`} danger>
                          <input type="hidden" name="id" value={p.id} />
                          <p>Locking cannot be undone. The results as of the lock are what the auditor tests.</p>
                          <label><input type="checkbox" name="evaluateFirst" defaultChecked /> Evaluate once more before locking</label>
                          <p><label>Type <strong>{p.name}</strong> to confirm <input name="confirmation" required autoComplete="off" /></label></p>
                        </ActionForm>
                      </details>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {!readOnly && (
        <>
          <h2>New audit period</h2>
          <ActionForm action={createPeriodAction} submitLabel="Create period">
            <PeriodFields />
          </ActionForm>
        </>
      )}
    </>
  );
}
