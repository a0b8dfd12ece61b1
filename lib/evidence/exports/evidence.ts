// What an export says about a period, read once and shared by the PDFs, CSVs and the package.
// The audience decides one thing: internal exception notes are only ever read for an ADMIN who
// asked for them; for an auditor (or an ADMIN previewing one) they are never even loaded.
import { readFileSync } from "node:fs";
import path from "node:path";
import { Prisma, type Db } from "../../db/client";
import { CATALOGUE } from "../../controls/catalogue";
import { SETTINGS, type SettingKey } from "../../settings/definitions";
import { getSettings } from "../../settings/store";

function packageVersion(): string {
  try {
    return JSON.parse(readFileSync(path.join(process.cwd(), "package.json"), "utf8")).version ?? "0.0.0";
  } catch {
    return "0.0.0";
  }
}

export const GENERATOR = `ai-sdlc-evidence ${packageVersion()}`;

/** Who an export is for. */
export interface Audience {
  /** the user the export is issued to (recorded in the manifest and the export chain) */
  by: { id: string | null; email: string; role: string };
  /** internal exception notes: only for an ADMIN who asked; never for an auditor */
  includeInternal: boolean;
}

export function auditorSafe(a: Audience): Audience {
  return { ...a, includeInternal: a.by.role === "ADMIN" ? a.includeInternal : false };
}

/** Limits that keep a PDF readable; the complete lists are in the CSVs. */
export const PDF_EXCEPTION_LIMIT = 200;

export interface TestOverview {
  id: string;
  controlId: string;
  title: string;
  procedure: string;
  ruleVersion: string;
  evaluation: {
    result: string;
    populationSize: number;
    exceptionCount: number;
    populationHash: string;
    ruleVersion: string;
    evaluatedAt: Date;
    settings: unknown;
  } | null;
  exceptions: { open: number; dispositioned: number; cleared: number; overdue: number };
}

export interface ControlOverview {
  id: string;
  title: string;
  description: string;
  tests: TestOverview[];
}

export interface PeriodRef {
  id: string;
  name: string;
  start: Date;
  end: Date;
  state: string;
  lockedAt: Date | null;
}

export async function periodRef(db: Db, periodId: string): Promise<PeriodRef | null> {
  return db.auditPeriod.findUnique({ where: { id: periodId }, select: { id: true, name: true, start: true, end: true, state: true, lockedAt: true } });
}

/** Every control and test of the catalogue with the period's latest evaluation and exception counts. */
export async function periodOverview(db: Db, periodId: string, now = new Date()): Promise<ControlOverview[]> {
  const [evaluations, counts, overdue] = await Promise.all([
    db.$queryRaw<{ testId: string; result: string; populationSize: number; exceptionCount: number; populationHash: string; ruleVersion: string; evaluatedAt: Date; settings: unknown }[]>`
      SELECT DISTINCT ON ("testId") "testId", result::text AS result, "populationSize", "exceptionCount", "populationHash", "ruleVersion", "evaluatedAt", settings
      FROM "TestEvaluation" WHERE "periodId" = ${periodId}
      ORDER BY "testId", "evaluatedAt" DESC, id DESC`,
    db.controlException.groupBy({ by: ["testId", "state"], where: { periodId }, _count: { _all: true } }),
    db.controlException.groupBy({ by: ["testId"], where: { periodId, state: "OPEN", dueAt: { lt: now } }, _count: { _all: true } }),
  ]);
  return CATALOGUE.map((c) => ({
    id: c.id,
    title: c.title,
    description: c.description,
    tests: c.tests.map((t) => {
      const ev = evaluations.find((e) => e.testId === t.id) ?? null;
      const n = (state: string) => counts.find((x) => x.testId === t.id && x.state === state)?._count._all ?? 0;
      return {
        id: t.id,
        controlId: c.id,
        title: t.title,
        procedure: t.procedure,
        ruleVersion: t.ruleVersion,
        evaluation: ev && { result: ev.result, populationSize: ev.populationSize, exceptionCount: ev.exceptionCount, populationHash: ev.populationHash, ruleVersion: ev.ruleVersion, evaluatedAt: ev.evaluatedAt, settings: ev.settings },
        exceptions: { open: n("OPEN"), dispositioned: n("DISPOSITIONED"), cleared: n("CLEARED"), overdue: overdue.find((o) => o.testId === t.id)?._count._all ?? 0 },
      };
    }),
  }));
}

export interface ExceptionView {
  id: string;
  testId: string;
  itemKey: string;
  itemType: string;
  itemRef: string;
  summary: string;
  state: string;
  occurredAt: Date | null;
  firstSeenAt: Date;
  dueAt: Date | null;
  clearedAt: Date | null;
  details: unknown;
  dispositions: { kind: string; reference: string | null; comment: string; decidedBy: string; decidedAt: Date }[];
  /** only non-internal comments unless the audience may read internal notes */
  comments: { author: string; body: string; internal: boolean; createdAt: Date }[];
}

const exceptionInclude = (includeInternal: boolean) =>
  ({
    dispositions: { orderBy: { decidedAt: "asc" }, include: { decidedBy: { select: { name: true, email: true } } } },
    // internal notes are filtered in the query itself, so they never reach an auditor's export
    comments: { where: includeInternal ? {} : { internal: false }, orderBy: { createdAt: "asc" }, include: { author: { select: { name: true, email: true } } } },
  }) satisfies Prisma.ControlExceptionInclude;

type ExceptionRow = Prisma.ControlExceptionGetPayload<{ include: ReturnType<typeof exceptionInclude> }>;

function toView(e: ExceptionRow, includeInternal: boolean): ExceptionView {
  return {
    id: e.id,
    testId: e.testId,
    itemKey: e.itemKey,
    itemType: e.itemType,
    itemRef: e.itemRef,
    summary: e.summary,
    state: e.state,
    occurredAt: e.occurredAt,
    firstSeenAt: e.firstSeenAt,
    dueAt: e.dueAt,
    clearedAt: e.clearedAt,
    details: e.details,
    dispositions: e.dispositions.map((d) => ({ kind: d.kind, reference: d.reference, comment: d.comment, decidedBy: `${d.decidedBy.name} <${d.decidedBy.email}>`, decidedAt: d.decidedAt })),
    // belt and braces: even if a caller passed rows loaded elsewhere, drop internal notes here too
    comments: e.comments
      .filter((c) => includeInternal || !c.internal)
      .map((c) => ({ author: `${c.author.name} <${c.author.email}>`, body: c.body, internal: c.internal, createdAt: c.createdAt })),
  };
}

/** A test's exceptions for a PDF: open ones first, at most `limit`. */
export async function exceptionsOf(db: Db, periodId: string, testId: string, audience: Audience, limit = PDF_EXCEPTION_LIMIT): Promise<ExceptionView[]> {
  const a = auditorSafe(audience);
  const rows = await db.controlException.findMany({
    where: { periodId, testId },
    orderBy: [{ state: "asc" }, { occurredAt: "asc" }, { id: "asc" }],
    take: limit,
    include: exceptionInclude(a.includeInternal),
  });
  return rows.map((r) => toView(r, a.includeInternal));
}

/** Every exception of the period in batches (bounded memory), in test then key order. */
export async function* exceptionBatches(db: Db, periodId: string, audience: Audience, batch = 2000): AsyncGenerator<ExceptionView[]> {
  const a = auditorSafe(audience);
  let cursor: string | undefined;
  for (;;) {
    const rows = await db.controlException.findMany({
      where: { periodId },
      orderBy: { id: "asc" },
      take: batch,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      include: exceptionInclude(a.includeInternal),
    });
    if (rows.length === 0) return;
    yield rows.map((r) => toView(r, a.includeInternal));
    cursor = rows[rows.length - 1].id;
    if (rows.length < batch) return;
  }
}

export const EXCEPTION_CSV_HEADER = [
  "exception_id", "test", "item_key", "item_type", "item_ref", "summary", "state", "occurred_at", "first_seen_at", "due_at", "cleared_at",
  "disposition", "disposition_reference", "disposition_comment", "disposed_by", "disposed_at", "comments",
] as const;

export function exceptionCsvCells(e: ExceptionView): (string | Date | null)[] {
  const d = e.dispositions[e.dispositions.length - 1];
  return [
    e.id, e.testId, e.itemKey, e.itemType, e.itemRef, e.summary, e.state, e.occurredAt, e.firstSeenAt, e.dueAt, e.clearedAt,
    d?.kind ?? null, d?.reference ?? null, d?.comment ?? null, d?.decidedBy ?? null, d?.decidedAt ?? null,
    e.comments.map((c) => `${c.createdAt.toISOString()} ${c.author}${c.internal ? " [internal]" : ""}: ${c.body}`).join(" | "),
  ];
}

/** The settings in force now (the ones each evaluation used are stored with it). */
export async function settingsInForce(db: Db): Promise<Record<string, unknown>> {
  const keys = Object.keys(SETTINGS) as SettingKey[];
  return (await getSettings(db, keys)) as Record<string, unknown>;
}
