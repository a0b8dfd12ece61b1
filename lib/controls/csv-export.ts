import "server-only";
// Streamed CSV downloads of a test's population and of a period's exceptions (bounded memory:
// pages of a few thousand rows; cells escaped against spreadsheet formulas by lib/evidence/csv).
import { db } from "../db/client";
import { csvRow } from "../evidence/csv";
import { populationStream } from "./evaluate";
import { exceptionRows } from "./exception-queries";

function csvStream(header: string[], pages: AsyncGenerator<string[][]>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      controller.enqueue(encoder.encode(csvRow(header)));
    },
    async pull(controller) {
      const { value, done } = await pages.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value.map((r) => csvRow(r)).join("")));
    },
    async cancel() {
      await pages.return(undefined);
    },
  });
}

export function populationCsv(periodId: string, testId: string): ReadableStream<Uint8Array> {
  async function* pages() {
    for await (const page of populationStream(db(), periodId, testId)) {
      yield page.map((i) => [i.key, i.passed ? "pass" : "fail", i.label, i.occurredAt?.toISOString() ?? "", i.itemType, i.itemRef, i.link ?? "", i.exceptionId ?? ""]);
    }
  }
  return csvStream(["item_key", "result", "label", "occurred_at", "item_type", "item_ref", "link", "exception_id"], pages());
}

export function exceptionsCsv(periodId: string, now: Date = new Date()): ReadableStream<Uint8Array> {
  async function* pages() {
    for await (const rows of exceptionRows(periodId)) {
      yield rows.map((x) => {
        const d = x.dispositions[0];
        const overdue = x.state === "OPEN" && x.dueAt !== null && x.dueAt < now;
        return [
          x.id, x.testId, x.itemKey, x.itemType, x.itemRef, x.summary, x.state,
          x.occurredAt?.toISOString() ?? "", x.dueAt?.toISOString() ?? "", overdue ? "yes" : "no",
          x.firstSeenAt.toISOString(), x.clearedAt?.toISOString() ?? "",
          d?.kind ?? "", d?.reference ?? "", d?.comment ?? "", d ? `${d.decidedBy.name} <${d.decidedBy.email}>` : "", d?.decidedAt.toISOString() ?? "",
        ];
      });
    }
  }
  return csvStream(
    ["id", "test", "item_key", "item_type", "item_ref", "summary", "state", "occurred_at", "due_at", "overdue", "first_seen_at", "cleared_at",
      "disposition", "reference", "disposition_comment", "decided_by", "decided_at"],
    pages(),
  );
}
