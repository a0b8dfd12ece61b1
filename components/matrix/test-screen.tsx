// The test page body: procedure, settings used, result history, population and exceptions.
import Link from "next/link";
import { PeriodPicker } from "@/components/period-picker";
import { POPULATION_PAGE_SIZE, type testView } from "@/lib/controls/test-queries";
import { StatusBadge } from "./status-badge";
import styles from "./matrix.module.css";

type View = NonNullable<Awaited<ReturnType<typeof testView>>>;
const time = (d: Date | null) => (d ? d.toISOString().replace("T", " ").slice(0, 16) + " UTC" : "—");
const show = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

/** What to do when a population is empty, per kind of evidence. */
function emptyPopulationHint(testId: string) {
  if (testId.startsWith("CM") || testId === "LA-4") return <>No production commits in this population: run <code>npm run cli -- ingest git --repo PATH --name OWNER/NAME</code> (and <code>ingest github</code> for reviews), then evaluate.</>;
  if (testId === "DC-4") return <>No DC-1 or DC-2 exceptions to disposition in this period.</>;
  if (testId === "CM-6") return <>No CODEOWNERS file at the base of any production change.</>;
  return <>No AI gateway events in this population: run <code>npm run cli -- ingest litellm FILE.jsonl</code> (or another gateway source), then evaluate.</>;
}

export function TestScreen({ view }: { view: View }) {
  const { test, control, period } = view;
  const heading = (
    <>
      <p className="muted"><Link href={period ? `/?period=${period.id}` : "/"}>Control matrix</Link> › {control.id} {control.title}</p>
      <h1>{test.id} {test.title}</h1>
      <div className="panel">
        <h2 style={{ marginTop: 0 }}>Procedure</h2>
        <p>{test.procedure}</p>
        <p className="muted" style={{ marginBottom: 0 }}>Rule version {test.ruleVersion}. Settings read: {view.settingsKeys.length ? view.settingsKeys.join(", ") : "none"}.</p>
      </div>
    </>
  );
  if (!period) return <>{heading}<div className="empty">No audit period you may read.</div></>;

  const { latest, population, query } = view;
  const link = (over: Record<string, string | number | undefined>) => {
    const q = new URLSearchParams();
    const merged = { period: period.id, sort: query.sort, dir: query.dir, filter: query.filter, q: query.q, page: query.page, ...over };
    for (const [k, v] of Object.entries(merged)) if (v !== undefined && v !== "" && !(k === "page" && v === 0)) q.set(k, String(v));
    return `/controls/${test.id}?${q}`;
  };
  const sortHeader = (key: string, label: string) => {
    const active = query.sort === key;
    const next = active && query.dir === "asc" ? "desc" : "asc";
    return (
      <th aria-sort={active ? (query.dir === "asc" ? "ascending" : "descending") : undefined}>
        <Link href={link({ sort: key, dir: next, page: 0 })}>{label}{active ? (query.dir === "asc" ? " ▲" : " ▼") : ""}</Link>
      </th>
    );
  };
  const pages = Math.max(1, Math.ceil(population.total / POPULATION_PAGE_SIZE));

  return (
    <>
      {heading}
      {view.refused && <div className="banner" role="status">You may not read the requested period; showing {period.name}.</div>}
      <PeriodPicker periods={view.periods} selected={period.id} path={`/controls/${test.id}`} />

      <h2>Result in {period.name}</h2>
      {latest ? (
        <div className="panel">
          <div className="grid">
            <div><div className="muted">Result</div><StatusBadge status={latest.result} /></div>
            <div><div className="muted">Population</div><div className="stat">{latest.populationSize.toLocaleString("en-US")}</div></div>
            <div><div className="muted">Exceptions</div><div className="stat">{latest.exceptionCount.toLocaleString("en-US")}</div>
              <div className="muted">{view.exceptionStates.map((s) => `${s.n} ${s.state.toLowerCase()}`).join(", ")}</div></div>
            <div><div className="muted">Evaluated</div><div>{time(latest.evaluatedAt)} ({latest.trigger})</div></div>
          </div>
          <p className="muted">Population hash (SHA-256 of the sorted item keys): <code>{latest.populationHash}</code></p>
          <h3>Settings used</h3>
          {Object.keys(latest.settings as object).length === 0 ? (
            <p className="muted">This rule reads no settings.</p>
          ) : (
            <dl className="kv">
              {Object.entries(latest.settings as Record<string, unknown>).map(([k, v]) => (
                <div key={k} style={{ display: "contents" }}><dt>{k}</dt><dd><code>{show(v)}</code></dd></div>
              ))}
            </dl>
          )}
        </div>
      ) : (
        <div className="empty">
          {period.state === "LOCKED" ? "This period was locked before this test was evaluated." : <>Not evaluated yet: run <code>npm run cli -- evaluate --period {period.name}</code>.</>}
        </div>
      )}

      <h2>Exceptions</h2>
      {view.exceptions.length === 0 ? (
        <p className="muted">No open or dispositioned exception.</p>
      ) : (
        <table>
          <thead><tr><th>What failed</th><th>Occurred</th><th>State</th><th>Due</th></tr></thead>
          <tbody>
            {view.exceptions.map((x) => (
              <tr key={x.id}>
                <td><Link href={`/exceptions/${x.id}`}>{x.summary}</Link></td>
                <td>{time(x.occurredAt)}</td>
                <td><span className={`badge ${x.state}`}>{x.state.toLowerCase()}</span></td>
                <td>{time(x.dueAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p><Link href={`/exceptions?period=${period.id}&test=${test.id}`}>All exceptions of {test.id}</Link></p>

      <h2>Population</h2>
      <form method="get" action={`/controls/${test.id}`} className="row" aria-label="Filter the population" style={{ marginBottom: 8 }}>
        <input type="hidden" name="period" value={period.id} />
        <input type="hidden" name="sort" value={query.sort} />
        <input type="hidden" name="dir" value={query.dir} />
        <label>Items{" "}
          <select name="filter" defaultValue={query.filter}>
            <option value="all">all</option>
            <option value="failed">failed only</option>
            <option value="passed">passed only</option>
          </select>
        </label>
        <label>Search <input name="q" defaultValue={query.q} placeholder="key or label" /></label>
        <button type="submit" className="secondary">Apply</button>
        <a href={`/api/controls/${test.id}/population.csv?period=${encodeURIComponent(period.id)}`} download>Download CSV (whole population)</a>
      </form>
      {population.items.length === 0 ? (
        <div className="empty">{query.filter !== "all" || query.q ? "No item matches." : emptyPopulationHint(test.id)}</div>
      ) : (
        <>
          <table>
            <thead>
              <tr>{sortHeader("key", "Item")}{sortHeader("label", "Description")}{sortHeader("occurred", "Occurred")}{sortHeader("passed", "Result")}<th>Exception</th></tr>
            </thead>
            <tbody>
              {population.items.map((i) => (
                <tr key={i.key}>
                  <td className={styles.num}>{i.link ? <Link href={i.link}>{i.key}</Link> : i.key}</td>
                  <td>{i.label}</td>
                  <td>{time(i.occurredAt)}</td>
                  <td><StatusBadge status={i.passed ? "PASS" : "FAIL"} /></td>
                  <td>{i.exceptionId ? <Link href={`/exceptions/${i.exceptionId}`}>open</Link> : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <nav className="row" aria-label="Population pages" style={{ marginTop: 12 }}>
            {query.page > 0 && <Link href={link({ page: query.page - 1 })}>← Previous</Link>}
            <span className="muted">Page {query.page + 1} of {pages.toLocaleString("en-US")} ({population.total.toLocaleString("en-US")} items)</span>
            {query.page + 1 < pages && <Link href={link({ page: query.page + 1 })}>Next →</Link>}
          </nav>
        </>
      )}

      <h2>Result history</h2>
      {view.history.length === 0 ? (
        <p className="muted">No evaluation yet.</p>
      ) : (
        <table>
          <thead><tr><th>Evaluated</th><th>Result</th><th>Population</th><th>Exceptions</th><th>Trigger</th><th>Rule</th><th>Population hash</th></tr></thead>
          <tbody>
            {view.history.map((e) => (
              <tr key={e.id}>
                <td>{time(e.evaluatedAt)}</td>
                <td><StatusBadge status={e.result} /></td>
                <td className={styles.num}>{e.populationSize.toLocaleString("en-US")}</td>
                <td className={styles.num}>{e.exceptionCount.toLocaleString("en-US")}</td>
                <td>{e.trigger}</td>
                <td>v{e.ruleVersion}</td>
                <td><code>{e.populationHash.slice(0, 16)}…</code></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
