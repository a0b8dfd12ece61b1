// The monthly summary as a PDF: the page's content, with the charts drawn as vector
// graphics (react-pdf Svg primitives laid out by chart-geometry.ts). Built-in Helvetica only.
import { Circle, Document, Line, Page, Path, Rect, renderToBuffer, StyleSheet, Svg, Text, View } from "@react-pdf/renderer";
import type { ReactElement } from "react";
import { barChart, hbarChart, lineChart, PALETTE, type Chart, type Prim } from "./chart-geometry";
import { monthLabel } from "./month";
import type { MonthlySummary } from "./monthly";
import { keyFigures, summarySections, type ChartSpec, type Section } from "./sections";

const PAGE_W = 595.28;
const MARGIN = 36;
const CONTENT_W = Math.floor(PAGE_W - 2 * MARGIN);

const styles = StyleSheet.create({
  page: { paddingTop: MARGIN, paddingBottom: MARGIN + 10, paddingHorizontal: MARGIN, fontFamily: "Helvetica", fontSize: 9, color: PALETTE.text },
  title: { fontFamily: "Helvetica-Bold", fontSize: 18, marginBottom: 2 },
  subtitle: { fontSize: 9, color: PALETTE.faint, marginBottom: 12 },
  figures: { flexDirection: "row", flexWrap: "wrap", marginBottom: 8 },
  figure: { width: "25%", paddingRight: 6, paddingBottom: 6 },
  figureBox: { borderWidth: 0.5, borderColor: PALETTE.grid, borderRadius: 3, padding: 5, height: 48 },
  figureLabel: { fontSize: 6.5, color: PALETTE.faint, marginBottom: 2 },
  figureValue: { fontFamily: "Helvetica-Bold", fontSize: 14 },
  figurePrev: { fontSize: 6.5, color: PALETTE.faint, marginTop: 1 },
  sectionTitle: { fontFamily: "Helvetica-Bold", fontSize: 12, marginTop: 10, marginBottom: 4, paddingBottom: 2, borderBottomWidth: 0.5, borderBottomColor: PALETTE.grid },
  chart: { marginBottom: 8 },
  chartTitle: { fontFamily: "Helvetica-Bold", fontSize: 8.5, marginBottom: 1 },
  reading: { fontSize: 9, marginBottom: 3 },
  empty: { fontSize: 8, color: PALETTE.faint, marginBottom: 4 },
  note: { fontSize: 7.5, color: PALETTE.faint, marginBottom: 3 },
  emptyMonth: { marginTop: 24, padding: 16, borderWidth: 0.5, borderColor: PALETTE.grid, borderStyle: "dashed", color: PALETTE.faint, fontSize: 11, textAlign: "center" },
  footer: { position: "absolute", bottom: 20, left: MARGIN, right: MARGIN, flexDirection: "row", justifyContent: "space-between", fontSize: 7, color: PALETTE.faint },
});

export interface PdfOptions {
  /** "issued" for a kept report, "draft" for an unfinished month or an unkept one */
  status: "issued" | "draft";
  trigger?: string;
}

/** Renders the summary to PDF bytes. */
export async function renderSummaryPdf(summary: MonthlySummary, opts: PdfOptions): Promise<Buffer> {
  return renderToBuffer(<SummaryDocument summary={summary} opts={opts} />);
}

function SummaryDocument({ summary: s, opts }: { summary: MonthlySummary; opts: PdfOptions }): ReactElement {
  const sections = summarySections(s);
  const generated = s.generatedAt.replace("T", " ").slice(0, 16) + " UTC";
  const subtitle = [
    `Monthly summary for ${monthLabel(s.month)}, against ${monthLabel(s.previousMonth)} and the trailing twelve months`,
    opts.status === "issued" ? `issued ${generated}${opts.trigger ? ` (${opts.trigger})` : ""}` : `draft generated ${generated}${s.complete ? "" : ", month not finished"}`,
  ].join(" · ");
  return (
    <Document title={`AI in engineering — ${monthLabel(s.month)}`} author="AI SDLC Evidence" subject="Monthly summary" creator="AI SDLC Evidence" producer="AI SDLC Evidence">
      <Page size="A4" style={styles.page}>
        <Text style={styles.title}>AI in engineering — {monthLabel(s.month)}</Text>
        <Text style={styles.subtitle}>{subtitle}</Text>
        {s.empty ? (
          <>
            <Text style={styles.emptyMonth}>{s.readings.aiShare}</Text>
            {sections.filter((x) => x.id === "exceptions").map((x) => <SectionView key={x.id} section={x} />)}
          </>
        ) : (
          <>
            <View style={styles.figures}>
              {keyFigures(s).map((k) => (
                <View key={k.label} style={styles.figure}>
                  <View style={styles.figureBox}>
                    <Text style={styles.figureLabel}>{k.label}</Text>
                    <Text style={styles.figureValue}>{k.value}</Text>
                    <Text style={styles.figurePrev}>{k.previous === null ? "no previous month" : `previous month: ${k.previous}`}</Text>
                  </View>
                </View>
              ))}
            </View>
            {sections.map((x) => <SectionView key={x.id} section={x} />)}
          </>
        )}
        <View style={styles.footer} fixed>
          <Text>AI SDLC Evidence · {monthLabel(s.month)} · {s.rolledUpAt ? `figures rolled up ${s.rolledUpAt.replace("T", " ").slice(0, 16)} UTC` : "no roll-up yet"}</Text>
          <Text render={({ pageNumber, totalPages }) => `${pageNumber} / ${totalPages}`} />
        </View>
      </Page>
    </Document>
  );
}

function SectionView({ section }: { section: Section }) {
  return (
    <View>
      <Text style={styles.sectionTitle} minPresenceAhead={140}>{section.title}</Text>
      {section.charts.map((c) => <ChartView key={c.id} spec={c} />)}
      {section.notes.map((n) => <Text key={n} style={styles.note}>{n}</Text>)}
    </View>
  );
}

function ChartView({ spec }: { spec: ChartSpec }) {
  const chart = layout(spec);
  return (
    <View style={styles.chart} wrap={false}>
      <Text style={styles.chartTitle}>{spec.title}</Text>
      <Text style={styles.reading}>{spec.reading}</Text>
      {chart ? <ChartSvg chart={chart} /> : <Text style={styles.empty}>{spec.kind === "breakdown" ? spec.emptyText : ""}</Text>}
    </View>
  );
}

/** Lays a chart out for the page width; null when there is nothing to draw. */
export function layout(spec: ChartSpec, width = CONTENT_W): Chart | null {
  switch (spec.kind) {
    case "trend":
      if (spec.style === "lines") return lineChart({ categories: spec.categories, series: spec.series, width, height: 110, format: spec.format, max: spec.max });
      return barChart({
        categories: spec.categories,
        series: spec.series.map((x) => ({ ...x, values: x.values.map((v) => v ?? 0) })),
        width,
        height: 110,
        stacked: spec.style === "stacked",
        format: spec.format,
        max: spec.max,
        highlightLast: true,
      });
    case "grouped":
      return barChart({ categories: spec.categories, series: spec.series, width, height: 110, format: spec.format });
    case "breakdown":
      if (spec.rows.length === 0) return null;
      return hbarChart({
        rows: spec.rows.map((r) => ({ label: r.label, segments: r.segments, prev: r.prev, note: r.note })),
        width,
        format: spec.format,
        max: spec.max,
        legend: spec.legend,
      });
  }
}

// react-pdf reads font attributes of SVG text from its props; its typings only list presentation attributes
function fontProps(size: number, bold?: boolean): object {
  return { fontSize: size, fontFamily: bold ? "Helvetica-Bold" : "Helvetica" };
}

function ChartSvg({ chart }: { chart: Chart }) {
  return (
    <Svg width={chart.width} height={chart.height} viewBox={`0 0 ${chart.width} ${chart.height}`}>
      {chart.prims.map((p, i) => <Primitive key={i} p={p} />)}
    </Svg>
  );
}

function Primitive({ p }: { p: Prim }) {
  switch (p.t) {
    case "rect":
      return <Rect x={p.x} y={p.y} width={p.w} height={p.h} fill={p.fill} />;
    case "line":
      return <Line x1={p.x1} y1={p.y1} x2={p.x2} y2={p.y2} stroke={p.stroke} strokeWidth={p.width} strokeDasharray={p.dash} />;
    case "path":
      return <Path d={p.d} stroke={p.stroke} strokeWidth={p.width} fill="none" />;
    case "circle":
      return <Circle cx={p.cx} cy={p.cy} r={p.r} fill={p.fill} />;
    case "text":
      return (
        <Text x={p.x} y={p.y} fill={p.fill} textAnchor={p.anchor} {...fontProps(p.size, p.bold)}>
          {p.text}
        </Text>
      );
  }
}
