import Link from "next/link";
import { logAccess, requirePage } from "@/lib/auth/guard";
import { monthLabel } from "@/lib/summary/month";
import { selectableMonths, selectMonth, summaryForPage } from "@/lib/summary/queries";
import { MonthPicker } from "@/components/summary/month-picker";
import { SummaryChart } from "@/components/summary/summary-chart";

type Search = Promise<Record<string, string | string[] | undefined>>;

const at = (iso: string | null) => (iso ? `${iso.replace("T", " ").slice(0, 16)} UTC` : "never");

export default async function SummaryPage({ searchParams }: { searchParams: Search }) {
  const actor = await requirePage("summary:read");
  const month = selectMonth((await searchParams).month);
  await logAccess(actor, "VIEW", `/summary?month=${month}`);
  const { summary: s, sections, figures } = await summaryForPage(month);
  const months = selectableMonths();
  if (!months.includes(month)) months.push(month);
  return (
    <>
      <h1>Monthly summary — {s.label}</h1>
      <div className="row" style={{ justifyContent: "space-between", alignItems: "flex-start" }}>
        <MonthPicker months={months} selected={month} path="/summary" />
        <div className="row">
          <a href={`/api/summary/${month}/pdf`} download>Download PDF</a>
          <Link href="/summary/reports">Issued reports</Link>
        </div>
      </div>
      <p className="muted">
        {s.label} against {monthLabel(s.previousMonth)} and the trailing twelve months
        {s.complete ? "" : " (month not finished: figures so far)"}. Figures from the daily roll-ups of {at(s.rolledUpAt)}.
      </p>
      {s.empty ? (
        <div className="empty" role="status">{s.readings.aiShare}</div>
      ) : (
        <div className="grid" style={{ marginBottom: 8 }}>
          {figures.map((f) => (
            <div key={f.label} className="panel" style={{ marginBottom: 0 }}>
              <div className="muted" style={{ fontSize: 13 }}>{f.label}</div>
              <div className="stat">{f.value}</div>
              <div className="muted" style={{ fontSize: 12 }}>{f.previous === null ? "no previous month" : `previous month: ${f.previous}`}</div>
            </div>
          ))}
        </div>
      )}
      {sections
        .filter((section) => !s.empty || section.id === "exceptions")
        .map((section) => (
          <section key={section.id} aria-labelledby={`summary-${section.id}`}>
            <h2 id={`summary-${section.id}`}>{section.title}</h2>
            <div style={{ display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(440px, 1fr))", gap: 12 }}>
              {section.charts.map((chart) => (
                <figure key={chart.id} className="panel" style={{ margin: 0 }}>
                  <figcaption>
                    <div style={{ fontWeight: 600, fontSize: 14 }}>{chart.title}</div>
                    <p style={{ margin: "4px 0 8px" }} data-reading={chart.id}>{chart.reading}</p>
                  </figcaption>
                  <SummaryChart spec={chart} />
                </figure>
              ))}
            </div>
            {section.notes.map((n) => <p key={n} className="muted" style={{ fontSize: 13 }}>{n}</p>)}
          </section>
        ))}
    </>
  );
}
