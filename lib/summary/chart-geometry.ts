// Vector chart geometry for the monthly PDF: charts are laid out here as plain primitives
// (rectangles, lines, paths, circles, text) that pdf.tsx draws with react-pdf's Svg
// elements. Pure and deterministic, so the layout can be tested (and previewed as SVG)
// without rendering a PDF.

export type Prim =
  | { t: "rect"; x: number; y: number; w: number; h: number; fill: string }
  | { t: "line"; x1: number; y1: number; x2: number; y2: number; stroke: string; width: number; dash?: string }
  | { t: "path"; d: string; stroke: string; width: number }
  | { t: "circle"; cx: number; cy: number; r: number; fill: string }
  | { t: "text"; x: number; y: number; text: string; size: number; anchor: "start" | "middle" | "end"; fill: string; bold?: boolean };

export interface Chart {
  width: number;
  height: number;
  prims: Prim[];
}

export type ValueFormat = "count" | "percent" | "money";

export const PALETTE = {
  primary: "#2f5bd3",
  secondary: "#8fa8e8",
  pass: "#1f7a44",
  fail: "#b42318",
  warn: "#a15c07",
  muted: "#7a7f87",
  grid: "#dde1e6",
  text: "#1b1f24",
  faint: "#5b6470",
};

const AXIS_FONT = 6.5;

/** Short axis labels: 1.2k, 3.4M, 45%, $1.2k. */
export function shortValue(v: number, format: ValueFormat): string {
  if (format === "percent") return `${Math.round(v * 100)}%`;
  const prefix = format === "money" ? "$" : "";
  const a = Math.abs(v);
  if (a >= 1e6) return `${prefix}${trim(v / 1e6)}M`;
  if (a >= 1e3) return `${prefix}${trim(v / 1e3)}k`;
  if (format === "money" && a > 0 && a < 10) return `${prefix}${v.toFixed(2)}`;
  return `${prefix}${Math.round(v)}`;
}

function trim(v: number): string {
  return (Math.abs(v) >= 100 ? Math.round(v) : Math.round(v * 10) / 10).toString();
}

/** A "nice" axis maximum and tick step for values up to `max`. */
export function niceScale(max: number, ticks = 4): { max: number; step: number } {
  if (!(max > 0)) return { max: 1, step: 0.25 };
  const raw = max / ticks;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  return { max: step * Math.ceil(max / step - 1e-9), step };
}

function f(n: number): number {
  return Math.round(n * 100) / 100;
}

export interface Series {
  name: string;
  color: string;
  values: number[];
}

interface Frame {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

function legend(prims: Prim[], series: { name: string; color: string }[], x: number, y: number) {
  let cx = x;
  for (const s of series) {
    prims.push({ t: "rect", x: cx, y: y - 5, w: 6, h: 6, fill: s.color });
    prims.push({ t: "text", x: cx + 9, y, text: s.name, size: AXIS_FONT, anchor: "start", fill: PALETTE.faint });
    cx += 9 + s.name.length * AXIS_FONT * 0.52 + 12;
  }
}

function yAxis(prims: Prim[], frame: Frame, width: number, scaleMax: number, step: number, format: ValueFormat, plotH: number) {
  for (let v = 0; v <= scaleMax + 1e-9; v += step) {
    const y = f(frame.top + plotH - (v / scaleMax) * plotH);
    prims.push({ t: "line", x1: frame.left, y1: y, x2: width - frame.right, y2: y, stroke: PALETTE.grid, width: 0.5 });
    prims.push({ t: "text", x: frame.left - 3, y: y + 2, text: shortValue(v, format), size: AXIS_FONT, anchor: "end", fill: PALETTE.faint });
  }
}

/** Vertical bars per category (months), grouped or stacked, with a value axis and a legend. */
export function barChart(opts: {
  categories: string[];
  series: Series[];
  width: number;
  height: number;
  stacked?: boolean;
  format?: ValueFormat;
  /** fixed axis maximum, e.g. 1 for percentages */
  max?: number;
  highlightLast?: boolean;
}): Chart {
  const format = opts.format ?? "count";
  const prims: Prim[] = [];
  const frame: Frame = { left: 34, right: 6, top: 14, bottom: 16 };
  const plotW = opts.width - frame.left - frame.right;
  const plotH = opts.height - frame.top - frame.bottom;
  const n = opts.categories.length;
  const totals = opts.categories.map((_, i) =>
    opts.stacked ? opts.series.reduce((a, s) => a + (s.values[i] || 0), 0) : Math.max(0, ...opts.series.map((s) => s.values[i] || 0)),
  );
  const { max, step } = opts.max ? { max: opts.max, step: opts.max / 4 } : niceScale(Math.max(0, ...totals));
  yAxis(prims, frame, opts.width, max, step, format, plotH);
  const band = plotW / Math.max(1, n);
  const groupW = band * 0.7;
  const barW = opts.stacked ? groupW : groupW / Math.max(1, opts.series.length);
  for (let i = 0; i < n; i++) {
    const x0 = frame.left + i * band + (band - groupW) / 2;
    let stackBase = 0;
    opts.series.forEach((s, si) => {
      const v = Math.max(0, s.values[i] || 0);
      const h = (Math.min(v, max) / max) * plotH;
      const x = opts.stacked ? x0 : x0 + si * barW;
      const y = frame.top + plotH - h - (opts.stacked ? (stackBase / max) * plotH : 0);
      if (h > 0) prims.push({ t: "rect", x: f(x), y: f(y), w: f(Math.max(0.5, barW - (opts.stacked ? 0 : 0.6))), h: f(h), fill: s.color });
      if (opts.stacked) stackBase += v;
    });
    const label = opts.categories[i];
    prims.push({
      t: "text",
      x: f(frame.left + i * band + band / 2),
      y: opts.height - 5,
      text: label,
      size: AXIS_FONT,
      anchor: "middle",
      fill: opts.highlightLast && i === n - 1 ? PALETTE.text : PALETTE.faint,
      bold: opts.highlightLast && i === n - 1,
    });
  }
  prims.push({ t: "line", x1: frame.left, y1: frame.top + plotH, x2: opts.width - frame.right, y2: frame.top + plotH, stroke: PALETTE.faint, width: 0.6 });
  legend(prims, opts.series, frame.left, 8);
  return { width: opts.width, height: opts.height, prims };
}

/** Lines over categories (months) for rates; null values leave a gap. */
export function lineChart(opts: {
  categories: string[];
  series: { name: string; color: string; values: (number | null)[] }[];
  width: number;
  height: number;
  format?: ValueFormat;
  max?: number;
}): Chart {
  const format = opts.format ?? "percent";
  const prims: Prim[] = [];
  const frame: Frame = { left: 34, right: 6, top: 14, bottom: 16 };
  const plotW = opts.width - frame.left - frame.right;
  const plotH = opts.height - frame.top - frame.bottom;
  const n = opts.categories.length;
  const all = opts.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const { max, step } = opts.max ? { max: opts.max, step: opts.max / 4 } : niceScale(Math.max(0, ...all));
  yAxis(prims, frame, opts.width, max, step, format, plotH);
  const band = plotW / Math.max(1, n);
  const xOf = (i: number) => f(frame.left + i * band + band / 2);
  const yOf = (v: number) => f(frame.top + plotH - (Math.min(Math.max(v, 0), max) / max) * plotH);
  for (const s of opts.series) {
    let d = "";
    let pen = false;
    s.values.forEach((v, i) => {
      if (v === null) {
        pen = false;
        return;
      }
      d += `${pen ? "L" : "M"}${xOf(i)} ${yOf(v)} `;
      pen = true;
      prims.push({ t: "circle", cx: xOf(i), cy: yOf(v), r: 1.6, fill: s.color });
    });
    if (d) prims.push({ t: "path", d: d.trim(), stroke: s.color, width: 1.2 });
  }
  opts.categories.forEach((c, i) => prims.push({ t: "text", x: xOf(i), y: opts.height - 5, text: c, size: AXIS_FONT, anchor: "middle", fill: PALETTE.faint }));
  prims.push({ t: "line", x1: frame.left, y1: frame.top + plotH, x2: opts.width - frame.right, y2: frame.top + plotH, stroke: PALETTE.faint, width: 0.6 });
  legend(prims, opts.series, frame.left, 8);
  return { width: opts.width, height: opts.height, prims };
}

export interface HBarRow {
  label: string;
  /** segments drawn left to right */
  segments: { value: number; color: string }[];
  /** previous month's value, drawn as a tick */
  prev?: number | null;
  /** text after the bar */
  note?: string;
}

/** Horizontal bars, one row per item, optional previous-month ticks and segment legend. */
export function hbarChart(opts: {
  rows: HBarRow[];
  width: number;
  format?: ValueFormat;
  max?: number;
  legend?: { name: string; color: string }[];
  rowHeight?: number;
}): Chart {
  const rowH = opts.rowHeight ?? 13;
  const top = opts.legend?.length ? 14 : 4;
  const height = top + Math.max(1, opts.rows.length) * rowH + 4;
  const labelW = Math.min(150, Math.max(60, ...opts.rows.map((r) => r.label.length * 3.6 + 6)));
  const noteW = 70;
  const plotW = opts.width - labelW - noteW;
  const prims: Prim[] = [];
  const totals = opts.rows.map((r) => r.segments.reduce((a, s) => a + Math.max(0, s.value), 0));
  const maxV = opts.max ?? Math.max(1e-9, ...totals, ...opts.rows.map((r) => r.prev ?? 0));
  opts.rows.forEach((r, i) => {
    const y = top + i * rowH;
    prims.push({ t: "text", x: labelW - 4, y: y + rowH / 2 + 2.2, text: truncate(r.label, Math.floor((labelW - 6) / 3.4)), size: AXIS_FONT, anchor: "end", fill: PALETTE.text });
    let x = labelW;
    for (const s of r.segments) {
      const w = (Math.max(0, s.value) / maxV) * plotW;
      if (w > 0) prims.push({ t: "rect", x: f(x), y: f(y + 2), w: f(Math.max(0.5, w)), h: rowH - 4, fill: s.color });
      x += w;
    }
    if (r.prev != null && r.prev > 0) {
      const px = f(labelW + (Math.min(r.prev, maxV) / maxV) * plotW);
      prims.push({ t: "line", x1: px, y1: y + 0.5, x2: px, y2: y + rowH - 0.5, stroke: PALETTE.text, width: 1 });
    }
    if (r.note) prims.push({ t: "text", x: f(x + 4), y: y + rowH / 2 + 2.2, text: r.note, size: AXIS_FONT, anchor: "start", fill: PALETTE.faint });
  });
  if (opts.legend?.length) legend(prims, opts.legend, labelW, 8);
  return { width: opts.width, height, prims };
}

function truncate(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, Math.max(1, n - 1))}…`;
}

/** The same primitives as an SVG document (for previews and tests). */
export function chartToSvg(c: Chart): string {
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const body = c.prims
    .map((p) => {
      switch (p.t) {
        case "rect":
          return `<rect x="${p.x}" y="${p.y}" width="${p.w}" height="${p.h}" fill="${p.fill}"/>`;
        case "line":
          return `<line x1="${p.x1}" y1="${p.y1}" x2="${p.x2}" y2="${p.y2}" stroke="${p.stroke}" stroke-width="${p.width}"${p.dash ? ` stroke-dasharray="${p.dash}"` : ""}/>`;
        case "path":
          return `<path d="${p.d}" stroke="${p.stroke}" stroke-width="${p.width}" fill="none"/>`;
        case "circle":
          return `<circle cx="${p.cx}" cy="${p.cy}" r="${p.r}" fill="${p.fill}"/>`;
        case "text":
          return `<text x="${p.x}" y="${p.y}" font-family="Helvetica" font-size="${p.size}" text-anchor="${p.anchor}" fill="${p.fill}"${p.bold ? ` font-weight="bold"` : ""}>${esc(p.text)}</text>`;
      }
    })
    .join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${c.width}" height="${c.height}" viewBox="0 0 ${c.width} ${c.height}">${body}</svg>`;
}
