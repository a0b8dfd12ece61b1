"use client";
// Draws one chart of the monthly summary with recharts, from the neutral spec the PDF uses too.
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { shortValue, type ValueFormat } from "@/lib/summary/chart-geometry";
import type { BreakdownSpec, ChartSpec, GroupedSpec, TrendSpec } from "@/lib/summary/sections";

const PREVIOUS = "#b8bec7";

function fullValue(v: unknown, format: ValueFormat): string {
  const n = typeof v === "number" ? v : Number(v);
  if (!Number.isFinite(n)) return "—";
  if (format === "percent") return `${(n * 100).toFixed(1)}%`;
  if (format === "money") return `$${n.toLocaleString("en-US", { maximumFractionDigits: 2 })}`;
  return n.toLocaleString("en-US");
}

export function SummaryChart({ spec }: { spec: ChartSpec }) {
  switch (spec.kind) {
    case "trend":
      return <Trend spec={spec} />;
    case "breakdown":
      return <Breakdown spec={spec} />;
    case "grouped":
      return <Grouped spec={spec} />;
  }
}

function Trend({ spec }: { spec: TrendSpec }) {
  const data = spec.categories.map((month, i) => {
    const row: Record<string, string | number | null> = { month };
    spec.series.forEach((s, si) => (row[`s${si}`] = s.values[i]));
    return row;
  });
  const domain: [number, number | "auto"] = [0, spec.max ?? "auto"];
  const tick = (v: number) => shortValue(v, spec.format);
  const tip = (v: unknown) => fullValue(v, spec.format);
  return (
    <div style={{ width: "100%", height: 220 }} role="img" aria-label={`${spec.title}: ${spec.reading}`}>
      <ResponsiveContainer>
        {spec.style === "lines" ? (
          <LineChart data={data} margin={{ top: 8, right: 12, left: 0, bottom: 0 }}>
            <CartesianGrid stroke="#eef1f5" vertical={false} />
            <XAxis dataKey="month" fontSize={11} />
            <YAxis domain={domain} tickFormatter={tick} fontSize={11} width={48} />
            <Tooltip formatter={tip} />
            {spec.series.length > 1 && <Legend wrapperStyle={{ fontSize: 12 }} />}
            {spec.series.map((s, si) => (
              <Line key={s.name} dataKey={`s${si}`} name={s.name} stroke={s.color} strokeWidth={2} dot={{ r: 2.5 }} connectNulls={false} isAnimationActive={false} />
            ))}
          </LineChart>
        ) : (
          <BarChart data={data} margin={{ top: 8, right: 12, left: 0, bottom: 0 }}>
            <CartesianGrid stroke="#eef1f5" vertical={false} />
            <XAxis dataKey="month" fontSize={11} />
            <YAxis domain={domain} tickFormatter={tick} fontSize={11} width={48} />
            <Tooltip formatter={tip} />
            {spec.series.length > 1 && <Legend wrapperStyle={{ fontSize: 12 }} />}
            {spec.series.map((s, si) => (
              <Bar key={s.name} dataKey={`s${si}`} name={s.name} fill={s.color} stackId={spec.style === "stacked" ? "a" : undefined} isAnimationActive={false} />
            ))}
          </BarChart>
        )}
      </ResponsiveContainer>
    </div>
  );
}

function Breakdown({ spec }: { spec: BreakdownSpec }) {
  if (spec.rows.length === 0) return <div className="empty">{spec.emptyText}</div>;
  const segments = spec.rows[0].segments.map((s) => ({ name: s.name, color: s.color }));
  const hasPrev = spec.rows.some((r) => r.prev !== null);
  const data = spec.rows.map((r) => {
    const row: Record<string, string | number | null> = { label: r.label, note: r.note, prev: r.prev };
    r.segments.forEach((s, si) => (row[`s${si}`] = s.value));
    return row;
  });
  const tip = (v: unknown) => fullValue(v, spec.format);
  const height = 40 + spec.rows.length * (hasPrev ? 34 : 26) + (segments.length > 1 || hasPrev ? 24 : 0);
  const labelWidth = Math.min(200, Math.max(80, ...spec.rows.map((r) => r.label.length * 7)));
  return (
    <div style={{ width: "100%", height }} role="img" aria-label={`${spec.title}: ${spec.reading}`}>
      <ResponsiveContainer>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, left: 0, bottom: 0 }} barCategoryGap={4}>
          <CartesianGrid stroke="#eef1f5" horizontal={false} />
          <XAxis type="number" domain={[0, spec.max ?? "auto"]} tickFormatter={(v: number) => shortValue(v, spec.format)} fontSize={11} />
          <YAxis type="category" dataKey="label" width={labelWidth} fontSize={11} interval={0} />
          <Tooltip formatter={tip} />
          {(segments.length > 1 || hasPrev) && <Legend wrapperStyle={{ fontSize: 12 }} />}
          {segments.map((s, si) => (
            <Bar key={s.name} dataKey={`s${si}`} name={segments.length > 1 ? s.name : "this month"} stackId="cur" fill={s.color} isAnimationActive={false} />
          ))}
          {hasPrev && <Bar dataKey="prev" name="previous month" fill={PREVIOUS} isAnimationActive={false} />}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

function Grouped({ spec }: { spec: GroupedSpec }) {
  const data = spec.categories.map((c, i) => {
    const row: Record<string, string | number> = { category: c };
    spec.series.forEach((s, si) => (row[`s${si}`] = s.values[i] ?? 0));
    return row;
  });
  return (
    <div style={{ width: "100%", height: 240 }} role="img" aria-label={`${spec.title}: ${spec.reading}`}>
      <ResponsiveContainer>
        <BarChart data={data} margin={{ top: 8, right: 12, left: 0, bottom: 0 }}>
          <CartesianGrid stroke="#eef1f5" vertical={false} />
          <XAxis dataKey="category" fontSize={11} interval={0} />
          <YAxis allowDecimals={false} tickFormatter={(v: number) => shortValue(v, spec.format)} fontSize={11} width={48} />
          <Tooltip formatter={(v: unknown) => fullValue(v, spec.format)} />
          {spec.series.length > 1 && <Legend wrapperStyle={{ fontSize: 12 }} />}
          {spec.series.map((s, si) => (
            <Bar key={s.name} dataKey={`s${si}`} name={s.name} fill={s.color} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
