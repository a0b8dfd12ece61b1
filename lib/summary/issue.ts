// Issuing the monthly report: a complete month's PDF is generated once and kept
// (MonthlyReport), so past months' reports are the ones that were issued. An unfinished
// month, or a complete one without any data (history may still be back-filled), is
// rendered as a draft and not kept.
import { createHash } from "node:crypto";
import { Prisma, type Db } from "../db/client";
import { addMonths, isComplete, isMonth, monthOf } from "./month";
import { monthlySummary } from "./monthly";
import { renderSummaryPdf } from "./pdf";
import { rollUpMonths } from "./rollup";

export type IssueStatus = "issued" | "reissued" | "exists" | "empty" | "incomplete";

export interface IssueResult {
  month: string;
  status: IssueStatus;
  sha256?: string;
  bytes?: number;
  generatedAt?: string;
}

export function sha256Hex(b: Uint8Array): string {
  return createHash("sha256").update(b).digest("hex");
}

/**
 * Rolls up the month (and the previous one, which it is compared with), renders the PDF
 * and keeps it. Keeps the first issue: an existing report is left alone unless `force`.
 */
export async function issueMonthlyReport(
  db: Db,
  month: string,
  opts: { trigger: string; now?: Date; force?: boolean; rollUp?: boolean },
): Promise<IssueResult> {
  if (!isMonth(month)) throw new Error(`not a month (YYYY-MM): ${month}`);
  const now = opts.now ?? new Date();
  if (!isComplete(month, now)) return { month, status: "incomplete" };
  const existing = await db.monthlyReport.findUnique({ where: { month }, select: { sha256: true, generatedAt: true, pdf: true } });
  if (existing && !opts.force) return { month, status: "exists", sha256: existing.sha256, bytes: existing.pdf.length, generatedAt: existing.generatedAt.toISOString() };
  if (opts.rollUp !== false) await rollUpMonths(db, addMonths(month, -1), month);
  const summary = await monthlySummary(db, month, { now });
  if (summary.empty && !opts.force) return { month, status: "empty" };
  const pdf = await renderSummaryPdf(summary, { status: "issued", trigger: opts.trigger });
  const sha256 = sha256Hex(pdf);
  const data = { pdf: new Uint8Array(pdf), sha256, trigger: opts.trigger, generatedAt: now };
  if (existing) {
    await db.monthlyReport.update({ where: { month }, data });
    return { month, status: "reissued", sha256, bytes: pdf.length, generatedAt: now.toISOString() };
  }
  try {
    await db.monthlyReport.create({ data: { month, ...data } });
  } catch (e) {
    // another worker or a download issued it first: theirs is the issued one
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") {
      const r = await db.monthlyReport.findUniqueOrThrow({ where: { month }, select: { sha256: true, generatedAt: true, pdf: true } });
      return { month, status: "exists", sha256: r.sha256, bytes: r.pdf.length, generatedAt: r.generatedAt.toISOString() };
    }
    throw e;
  }
  return { month, status: "issued", sha256, bytes: pdf.length, generatedAt: now.toISOString() };
}

export interface ReportDownload {
  pdf: Uint8Array;
  sha256: string;
  /** kept as the issued report */
  kept: boolean;
  generatedAt: Date;
  trigger: string | null;
}

/**
 * The PDF a download serves: the issued report when kept; for a complete month without
 * one, issues it now (trigger "on-demand") and keeps it; otherwise a draft from the
 * current roll-ups, not kept. Null for a month that has not begun.
 */
export async function reportForDownload(db: Db, month: string, opts: { now?: Date } = {}): Promise<ReportDownload | null> {
  const now = opts.now ?? new Date();
  if (!isMonth(month) || month > monthOf(now)) return null;
  const kept = await db.monthlyReport.findUnique({ where: { month } });
  if (kept) return { pdf: kept.pdf, sha256: kept.sha256, kept: true, generatedAt: kept.generatedAt, trigger: kept.trigger };
  if (isComplete(month, now)) {
    const r = await issueMonthlyReport(db, month, { trigger: "on-demand", now });
    if (r.status === "issued" || r.status === "exists") {
      const row = await db.monthlyReport.findUniqueOrThrow({ where: { month } });
      return { pdf: row.pdf, sha256: row.sha256, kept: true, generatedAt: row.generatedAt, trigger: row.trigger };
    }
  }
  const summary = await monthlySummary(db, month, { now });
  const pdf = await renderSummaryPdf(summary, { status: "draft" });
  return { pdf: new Uint8Array(pdf), sha256: sha256Hex(pdf), kept: false, generatedAt: now, trigger: null };
}

/** The issued reports, newest first, without their bytes. */
export async function listIssuedReports(db: Db) {
  return db.$queryRaw<{ month: string; sha256: string; trigger: string; generatedAt: Date; bytes: number }[]>`
    SELECT month, sha256, trigger, "generatedAt", octet_length(pdf)::int AS bytes FROM "MonthlyReport" ORDER BY month DESC`;
}
