// The control-matrix PDF and the per-control evidence PDF (@react-pdf/renderer). Plain black on
// white, results in words, every page footed with the period, the generation time, the generator
// and "page n of N", so a printed page stands on its own.
import { Document, Page, StyleSheet, Text, View, renderToBuffer } from "@react-pdf/renderer";
import type React from "react";
import type { ReactNode } from "react";
import type { ControlOverview, ExceptionView, PeriodRef, TestOverview } from "./evidence";
import type { ItemRecord } from "../review-records";
import { markerLine, reviewLine } from "../review-records";

/** Helvetica is WinAnsi: characters outside it would print as garbage, so they are spelled out. */
const WIN_ANSI_EXTRA = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ";
export function pdfText(s: string | null | undefined): string {
  if (!s) return "";
  return s
    .replace(/→/g, "->")
    .replace(/←/g, "<-")
    .replace(/≥/g, ">=")
    .replace(/≤/g, "<=")
    .replace(/·/g, "-")
    .replace(/[^\u0009\u000a\u0020-\u007e\u00a0-\u00ff]/g, (c) => (WIN_ANSI_EXTRA.includes(c) ? c : "?"));
}

/** No dictionary hyphenation (it split "re-quests" and could split a hash); long tokens such as
 * item keys break into chunks only when they do not fit. */
const hyphenation = (word: string): string[] => {
  // hashes stay whole (they are laid out where they fit); other long tokens may break
  if (word.length <= 28 || /^[0-9a-f]{40,64}[.,;)]?$/.test(word)) return [word];
  const parts: string[] = [];
  for (let i = 0; i < word.length; i += 12) parts.push(word.slice(i, i + 12));
  return parts;
};

function T(props: React.ComponentProps<typeof Text>) {
  return <Text hyphenationCallback={hyphenation} {...props} />;
}

const styles = StyleSheet.create({
  page: { paddingTop: 36, paddingBottom: 48, paddingHorizontal: 36, fontSize: 9, fontFamily: "Helvetica", color: "#000" },
  h1: { fontSize: 18, fontFamily: "Helvetica-Bold", marginBottom: 8 },
  h2: { fontSize: 13, fontFamily: "Helvetica-Bold", marginTop: 12, marginBottom: 6 },
  h3: { fontSize: 10.5, fontFamily: "Helvetica-Bold", marginTop: 8, marginBottom: 4 },
  p: { marginBottom: 4, lineHeight: 1.35 },
  muted: { color: "#444" },
  mono: { fontFamily: "Courier", fontSize: 8 },
  indent: { marginLeft: 12 },
  kv: { flexDirection: "row", marginBottom: 2 },
  k: { width: 120, color: "#444" },
  // explicit widths: a flex-grown Text is measured at its narrowest by the layout engine
  v: { width: 400 },
  table: { borderTopWidth: 0.5, borderColor: "#000", marginTop: 4, marginBottom: 8 },
  tr: { flexDirection: "row", borderBottomWidth: 0.5, borderColor: "#999", paddingVertical: 2 },
  th: { flexDirection: "row", borderBottomWidth: 1, borderColor: "#000", paddingVertical: 2, fontFamily: "Helvetica-Bold" },
  footer: { position: "absolute", bottom: 20, left: 36, right: 36, fontSize: 7, color: "#444", flexDirection: "row", justifyContent: "space-between" },
  box: { borderWidth: 1, borderColor: "#000", padding: 8, marginVertical: 8 },
});

export interface PdfMeta {
  period: PeriodRef;
  generatedAt: Date;
  generator: string;
  by: string;
}

const day = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : "-");
const time = (d: Date | null | undefined) => (d ? d.toISOString().replace("T", " ").slice(0, 19) + " UTC" : "-");
const periodLine = (p: PeriodRef) => `${p.name}: ${day(p.start)} to ${day(new Date(p.end.getTime() - 1))} (${p.state.toLowerCase()}${p.lockedAt ? `, locked ${day(p.lockedAt)}` : ""})`;

function Footer({ meta, title }: { meta: PdfMeta; title: string }) {
  return (
    <View style={styles.footer} fixed>
      <T>{pdfText(`${title} - period ${meta.period.name} - generated ${time(meta.generatedAt)} by ${meta.by} - ${meta.generator}`)}</T>
      <T render={({ pageNumber, totalPages }) => `page ${pageNumber} of ${totalPages}`} />
    </View>
  );
}

function KV({ k, children }: { k: string; children: ReactNode }) {
  return (
    <View style={styles.kv} wrap={false}>
      <T style={styles.k}>{k}</T>
      <T style={styles.v}>{children}</T>
    </View>
  );
}

type Col = { title: string; width: number | string };
function Table({ cols, rows }: { cols: Col[]; rows: string[][] }) {
  return (
    <View style={styles.table}>
      <View style={styles.th} fixed>
        {cols.map((c) => <T key={c.title} style={{ width: c.width, paddingRight: 4 }}>{c.title}</T>)}
      </View>
      {rows.map((r, i) => (
        <View key={i} style={styles.tr} wrap={false}>
          {r.map((cell, j) => <T key={j} style={{ width: cols[j].width, paddingRight: 4 }}>{pdfText(cell)}</T>)}
        </View>
      ))}
    </View>
  );
}

export function resultWords(t: TestOverview): string {
  if (!t.evaluation) return "NOT EVALUATED";
  return { PASS: "PASS (no exceptions)", FAIL: "FAIL (exceptions)", NOT_APPLICABLE: "NOT APPLICABLE" }[t.evaluation.result] ?? t.evaluation.result;
}

// ---------------------------------------------------------------- control matrix

export function MatrixDocument({ meta, controls, manifestSha256, files }: { meta: PdfMeta; controls: ControlOverview[]; manifestSha256?: string | null; files?: number }) {
  const tests = controls.flatMap((c) => c.tests);
  return (
    <Document title={`Control matrix ${meta.period.name}`} author={meta.generator} subject={`SOC 2 evidence, period ${meta.period.name}`} keywords={manifestSha256 ? `manifest-sha256:${manifestSha256}` : undefined} creator={meta.generator} producer={meta.generator} creationDate={meta.generatedAt}>
      <Page size="A4" style={styles.page}>
        <T style={styles.h1}>SOC 2 evidence: control matrix</T>
        <T style={styles.p}>AI SDLC Evidence - CC8.1 change management, CC6.1 logical access, CC3.2 data classification</T>
        <View style={styles.box}>
          <KV k="Audit period">{pdfText(periodLine(meta.period))}</KV>
          <KV k="Generated">{time(meta.generatedAt)}</KV>
          <KV k="Generated by">{pdfText(meta.by)}</KV>
          <KV k="Generator">{pdfText(meta.generator)}</KV>
          {manifestSha256 ? (
            <View style={styles.kv} wrap={false}>
              <T style={styles.k}>Manifest SHA-256</T>
              <T style={[styles.v, { fontFamily: "Courier-Bold", fontSize: 8.5 }]}>{manifestSha256}</T>
            </View>
          ) : null}
        </View>
        {manifestSha256 ? (
          <T style={styles.p}>
            {pdfText(`This document is the cover of an evidence package. The SHA-256 above is the hash of the package's manifest.json, which lists the SHA-256 and size of each of its ${files ?? "other"} evidence files; SHA256SUMS lists every file including manifest.json and this PDF. Check a package with \`npm run cli -- verify PACKAGE.zip\`, or with \`sha256sum -c SHA256SUMS\` in the unpacked folder.`)}
          </T>
        ) : null}
        <T style={styles.h2}>Results</T>
        <Table
          cols={[{ title: "Control", width: "9%" }, { title: "Test", width: "7%" }, { title: "Title", width: "27%" }, { title: "Result", width: "17%" }, { title: "Population", width: "10%" }, { title: "Exceptions open / disp. / cleared", width: "15%" }, { title: "Overdue", width: "7%" }, { title: "Evaluated", width: "8%" }]}
          rows={tests.map((t) => [
            t.controlId, t.id, t.title, resultWords(t),
            t.evaluation ? t.evaluation.populationSize.toLocaleString("en") : "-",
            `${t.exceptions.open} / ${t.exceptions.dispositioned} / ${t.exceptions.cleared}`,
            String(t.exceptions.overdue),
            day(t.evaluation?.evaluatedAt),
          ])}
        />
        {controls.map((c) => (
          <View key={c.id} wrap={false}>
            <T style={styles.h3}>{pdfText(`${c.id} ${c.title}`)}</T>
            <T style={styles.p}>{pdfText(c.description)}</T>
          </View>
        ))}
        <Footer meta={meta} title="Control matrix" />
      </Page>
    </Document>
  );
}

// ---------------------------------------------------------------- per-control evidence

export interface SampleForPdf {
  id: string;
  testId: string;
  seed: string;
  size: number;
  populationHash: string;
  populationSize: number;
  drawnBy: string;
  drawnAt: Date;
  records: ItemRecord[];
}

export interface TestEvidence {
  test: TestOverview;
  exceptions: ExceptionView[];
  exceptionTotal: number;
  samples: SampleForPdf[];
}

function RecordBlock({ r, n }: { r: ItemRecord; n: number }) {
  if (r.kind === "commit") {
    return (
      <View style={{ marginBottom: 6 }} wrap={false}>
        <T style={{ fontFamily: "Helvetica-Bold" }}>{pdfText(`${n}. ${r.repo} ${r.sha.slice(0, 12)} ${r.subject}`)}</T>
        <T>{pdfText(`Author ${r.authorName} <${r.authorEmail}>; committed ${time(r.committedAt)}; arrival ${r.arrival ?? "unknown"}${r.late ? "; LATE" : ""}`)}</T>
        <T>{pdfText(`AI-assisted: ${r.aiAssisted ? `yes (${r.aiTools.join(", ") || "tool unknown"}${r.aiModels.length ? `; ${r.aiModels.join(", ")}` : ""})` : "no"}`)}</T>
        {r.aiMarkers.slice(0, 6).map((m, i) => <T key={i} style={[styles.muted, styles.indent]}>{pdfText(`marker: ${markerLine(m)}`)}</T>)}
        {r.pr ? (
          <>
            <T>{pdfText(`Pull request #${r.pr.number} "${r.pr.title}" by ${r.pr.authorLogin ?? "?"}; merged ${time(r.pr.mergedAt)} by ${r.pr.mergedBy ?? "?"}; head ${r.pr.headSha?.slice(0, 10) ?? "?"}; AI declaration: ${r.pr.aiDeclaration ?? "unanswered"}`)}</T>
            {r.pr.reviews.length === 0 ? <T style={styles.indent}>no reviews</T> : r.pr.reviews.map((rv, i) => <T key={i} style={styles.indent}>{pdfText(`review: ${reviewLine(rv)}`)}</T>)}
          </>
        ) : (
          <T>No pull request: a direct push.</T>
        )}
      </View>
    );
  }
  if (r.kind === "event") {
    return (
      <View style={{ marginBottom: 6 }} wrap={false}>
        <T style={{ fontFamily: "Helvetica-Bold" }}>{pdfText(`${n}. gateway event ${r.id} at ${time(r.occurredAt)}`)}</T>
        <T>{pdfText(`User ${r.user ?? "?"}; credential ${r.credential ?? "?"}; tool ${r.tool ?? "?"}; model ${r.model ?? "?"}; repository ${r.repository ?? "-"}`)}</T>
        <T>{pdfText(`Gateway action ${r.gatewayAction}${r.guardrailStatus ? ` (guardrail ${r.guardrailStatus})` : ""}; payload ${r.hasPayload ? "scanned" : "not logged (unverifiable)"}; highest classification ${r.maxClassification ?? "none"}`)}</T>
        {r.findings.slice(0, 8).map((f, i) => <T key={i} style={[styles.muted, styles.indent]}>{pdfText(`finding: ${f.type} ${f.classification} in ${f.location}: ${f.excerpt}${f.testData ? " (test data)" : ""}`)}</T>)}
        {r.findings.length > 8 ? <T style={[styles.muted, styles.indent]}>{`... and ${r.findings.length - 8} more findings`}</T> : null}
      </View>
    );
  }
  return <T wrap={false}>{pdfText(`${n}. ${r.label}`)}</T>;
}

const chunk = <X,>(xs: X[], n: number): X[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

/** Rows per page: each chunk is its own <Page>, which keeps react-pdf's pagination linear. */
const EXCEPTIONS_FIRST_PAGE = 12;
const EXCEPTIONS_PER_PAGE = 24;
const RECORDS_PER_PAGE = 5;

const EXCEPTION_COLS = [{ title: "Item", width: "22%" }, { title: "What failed", width: "33%" }, { title: "State", width: "10%" }, { title: "Disposition", width: "35%" }];

function exceptionRows(exceptions: TestEvidence["exceptions"]): string[][] {
  return exceptions.map((e) => {
    const d = e.dispositions[e.dispositions.length - 1];
    const disposition = d ? `${d.kind}${d.reference ? ` (${d.reference})` : ""} by ${d.decidedBy} at ${time(d.decidedAt)}: ${d.comment}` : e.dueAt ? `due ${day(e.dueAt)}` : "-";
    const comments = e.comments.map((c) => `\n${day(c.createdAt)} ${c.author}: ${c.body}`).join("");
    return [e.itemKey, `${e.summary}${e.occurredAt ? ` (${day(e.occurredAt)})` : ""}`, e.state, disposition + comments];
  });
}

export function ControlDocument({ meta, control, tests }: { meta: PdfMeta; control: ControlOverview; tests: TestEvidence[] }) {
  const footer = <Footer meta={meta} title={`${control.id} evidence`} />;
  const pages: React.ReactElement[] = [];
  pages.push(
    <Page key="cover" size="A4" style={styles.page}>
      <T style={styles.h1}>{pdfText(`${control.id} ${control.title}`)}</T>
      <T style={styles.p}>{pdfText(control.description)}</T>
      <View style={styles.box}>
        <KV k="Audit period">{pdfText(periodLine(meta.period))}</KV>
        <KV k="Generated">{`${time(meta.generatedAt)} by ${pdfText(meta.by)}`}</KV>
        <KV k="Generator">{pdfText(meta.generator)}</KV>
      </View>
      <T style={styles.h2}>Tests</T>
      <Table
        cols={[{ title: "Test", width: "10%" }, { title: "Title", width: "40%" }, { title: "Result", width: "22%" }, { title: "Population", width: "13%" }, { title: "Exceptions", width: "15%" }]}
        rows={tests.map(({ test: t, exceptionTotal }) => [t.id, t.title, resultWords(t), t.evaluation ? t.evaluation.populationSize.toLocaleString("en") : "-", String(exceptionTotal)])}
      />
      {footer}
    </Page>,
  );
  for (const { test: t, exceptions, exceptionTotal, samples } of tests) {
    const rows = exceptionRows(exceptions);
    const first = rows.slice(0, EXCEPTIONS_FIRST_PAGE);
    const rest = chunk(rows.slice(EXCEPTIONS_FIRST_PAGE), EXCEPTIONS_PER_PAGE);
    const listed = exceptionTotal > exceptions.length ? ` (the first ${exceptions.length} of ${exceptionTotal}; all are in exceptions.csv)` : "";
    pages.push(
      <Page key={t.id} size="A4" style={styles.page}>
        <T style={styles.h2}>{pdfText(`${t.id} ${t.title}`)}</T>
        <T style={styles.h3}>Procedure</T>
        <T style={styles.p}>{pdfText(t.procedure)}</T>
        <T style={styles.h3}>Evaluation</T>
        <KV k="Result">{resultWords(t)}</KV>
        <KV k="Population size">{t.evaluation ? t.evaluation.populationSize.toLocaleString("en") : "-"}</KV>
        <KV k="Population SHA-256">{t.evaluation?.populationHash ?? "-"}</KV>
        <KV k="Rule version">{t.evaluation?.ruleVersion ?? t.ruleVersion}</KV>
        <KV k="Evaluated">{time(t.evaluation?.evaluatedAt)}</KV>
        <KV k="Exceptions">{`${t.exceptions.open} open, ${t.exceptions.dispositioned} dispositioned, ${t.exceptions.cleared} cleared, ${t.exceptions.overdue} overdue`}</KV>
        {t.evaluation?.settings ? <KV k="Settings used">{pdfText(JSON.stringify(t.evaluation.settings).replace(/,"/g, ', "').replace(/":/g, '": ').slice(0, 1500))}</KV> : null}
        <T style={styles.h3}>{`Exceptions${listed}`}</T>
        {rows.length === 0 ? <T style={styles.p}>None.</T> : <Table cols={EXCEPTION_COLS} rows={first} />}
        {footer}
      </Page>,
    );
    rest.forEach((part, i) =>
      pages.push(
        <Page key={`${t.id}-x${i}`} size="A4" style={styles.page}>
          <T style={styles.h3}>{pdfText(`${t.id} exceptions, continued`)}</T>
          <Table cols={EXCEPTION_COLS} rows={part} />
          {footer}
        </Page>,
      ),
    );
    for (const s of samples) {
      chunk(s.records, RECORDS_PER_PAGE).forEach((part, i) =>
        pages.push(
          <Page key={`${s.id}-${i}`} size="A4" style={styles.page}>
            {i === 0 ? (
              <>
                <T style={styles.h3}>{pdfText(`${t.id} sample ${s.id}: ${s.records.length} of ${s.populationSize} items`)}</T>
                <T style={styles.p}>{pdfText(`Seed "${s.seed}", size ${s.size}, population SHA-256 ${s.populationHash}; drawn by ${s.drawnBy} at ${time(s.drawnAt)}. Selection: the items with the smallest SHA-256("seed:populationHash:key"); see docs/sampling.md to re-derive.`)}</T>
              </>
            ) : (
              <T style={styles.h3}>{pdfText(`${t.id} sample ${s.id}, continued`)}</T>
            )}
            {part.map((r, j) => <RecordBlock key={r.key} r={r} n={i * RECORDS_PER_PAGE + j + 1} />)}
            {footer}
          </Page>,
        ),
      );
    }
  }
  return (
    <Document title={`${control.id} evidence ${meta.period.name}`} author={meta.generator} subject={`${control.id} ${control.title}, period ${meta.period.name}`} creator={meta.generator} producer={meta.generator} creationDate={meta.generatedAt}>
      {pages}
    </Document>
  );
}

export function renderMatrixPdf(props: Parameters<typeof MatrixDocument>[0]): Promise<Buffer> {
  return renderToBuffer(<MatrixDocument {...props} />);
}

export function renderControlPdf(props: Parameters<typeof ControlDocument>[0]): Promise<Buffer> {
  return renderToBuffer(<ControlDocument {...props} />);
}
