// The exceptions list: filters by control, test, state and overdue; links to each exception.
import Link from "next/link";
import { PeriodPicker } from "@/components/period-picker";
import { CATALOGUE } from "@/lib/controls/catalogue";
import { DISPOSITION_LABELS } from "@/lib/controls/exception-workflow";
import { EXCEPTIONS_PAGE_SIZE, type exceptionList, type ExceptionFilters } from "@/lib/controls/exception-queries";

type View = Awaited<ReturnType<typeof exceptionList>>;
const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "—");

export function ExceptionList({ view, filters }: { view: View; filters: ExceptionFilters }) {
  const { period } = view;
  if (!period) {
    return (
      <>
        <h1>Exceptions</h1>
        <div className="empty">No audit period you may read: an ADMIN creates periods under Audit periods and grants auditors access.</div>
      </>
    );
  }
  const query = (over: Record<string, string | undefined>) => {
    const q = new URLSearchParams();
    const merged = { period: period.id, control: filters.control, test: filters.test, state: filters.state, overdue: filters.overdue, ...over };
    for (const [k, v] of Object.entries(merged)) if (v) q.set(k, v);
    return `/exceptions?${q}`;
  };
  const pages = Math.ceil(view.total / EXCEPTIONS_PAGE_SIZE);
  return (
    <>
      <h1>Exceptions</h1>
      {view.refused && <div className="banner" role="status">You may not read the requested period; showing {period.name}.</div>}
      <PeriodPicker periods={view.periods} selected={period.id} path="/exceptions" />
      <p className="muted">
        {period.name}: {view.counts.map((c) => `${c.n} ${c.state.toLowerCase()}`).join(", ") || "no exceptions"}.{" "}
        <a href={`/api/exceptions.csv?period=${encodeURIComponent(period.id)}`} download>Download CSV</a>
      </p>
      <form method="get" action="/exceptions" className="row panel" aria-label="Filter exceptions">
        <input type="hidden" name="period" value={period.id} />
        <label>Control{" "}
          <select name="control" defaultValue={filters.control ?? ""}>
            <option value="">all</option>
            {CATALOGUE.map((c) => <option key={c.id} value={c.id}>{c.id} {c.title}</option>)}
          </select>
        </label>
        <label>Test{" "}
          <select name="test" defaultValue={filters.test ?? ""}>
            <option value="">all</option>
            {CATALOGUE.flatMap((c) => c.tests).map((t) => <option key={t.id} value={t.id}>{t.id} {t.title}</option>)}
          </select>
        </label>
        <label>State{" "}
          <select name="state" defaultValue={filters.state ?? ""}>
            <option value="">all</option>
            <option value="OPEN">open</option>
            <option value="DISPOSITIONED">dispositioned</option>
            <option value="CLEARED">cleared</option>
          </select>
        </label>
        <label><input type="checkbox" name="overdue" value="1" defaultChecked={filters.overdue === "1"} /> overdue only</label>
        <button type="submit" className="secondary">Filter</button>
      </form>
      {view.rows.length === 0 ? (
        <div className="empty">
          {view.total === 0 && view.counts.length === 0
            ? <>No exceptions in {period.name}: either every test passed, or the period has not been evaluated yet (<code>npm run cli -- evaluate --period {period.name}</code>).</>
            : <>No exception matches these filters. <Link href={query({ control: undefined, test: undefined, state: undefined, overdue: undefined })}>Clear the filters</Link></>}
        </div>
      ) : (
        <table>
          <thead>
            <tr><th>Test</th><th>What failed</th><th>Occurred</th><th>State</th><th>Due</th><th>Disposition</th></tr>
          </thead>
          <tbody>
            {view.rows.map((x) => (
              <tr key={x.id}>
                <td>{x.testId}</td>
                <td><Link href={`/exceptions/${x.id}`}>{x.summary}</Link></td>
                <td>{day(x.occurredAt)}</td>
                <td><span className={`badge ${x.state}`}>{x.state.toLowerCase()}</span></td>
                <td>{x.overdue ? <strong className="error">⚠ overdue since {day(x.dueAt)}</strong> : day(x.dueAt)}</td>
                <td>{x.latest ? `${DISPOSITION_LABELS[x.latest.kind]} by ${x.latest.decidedBy.name}` : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pages > 1 && (
        <nav className="row" aria-label="Pages" style={{ marginTop: 12 }}>
          {view.page > 0 && <Link href={query({ page: String(view.page - 1) })}>← Previous</Link>}
          <span className="muted">Page {view.page + 1} of {pages} ({view.total.toLocaleString("en-US")} exceptions)</span>
          {view.page + 1 < pages && <Link href={query({ page: String(view.page + 1) })}>Next →</Link>}
        </nav>
      )}
    </>
  );
}
