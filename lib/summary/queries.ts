import "server-only";
// What the summary pages and the PDF route read (thin wrappers over the process-wide client).
import { db } from "../db/client";
import { listIssuedReports, reportForDownload } from "./issue";
import { isMonth, lastFullMonth, monthOf, monthRange, addMonths } from "./month";
import { monthlySummary } from "./monthly";
import { keyFigures, summarySections } from "./sections";

/** The month a page shows: the requested one when valid and begun, else the last full month. */
export function selectMonth(requested: string | string[] | undefined, now: Date = new Date()): string {
  const m = Array.isArray(requested) ? requested[0] : requested;
  return isMonth(m) && m <= monthOf(now) ? m : lastFullMonth(now);
}

/** Months offered by the selector: the current one and the 24 before it, newest first. */
export function selectableMonths(now: Date = new Date()): string[] {
  const current = monthOf(now);
  return monthRange(addMonths(current, -24), current).reverse();
}

export async function summaryForPage(month: string) {
  const summary = await monthlySummary(db(), month);
  return { summary, sections: summarySections(summary), figures: keyFigures(summary) };
}

export async function issuedReports() {
  return listIssuedReports(db());
}

export async function summaryPdf(month: string) {
  return reportForDownload(db(), month);
}
