// The auditor's request list: the five standard AI-audit requests of DESIGN.md, each answered
// live from the period's data, and the auditor's own requests that ADMIN answers.
import { createHash } from "node:crypto";
import { z } from "zod";
import type { Db } from "../db/client";
import { EGRESS_POLICY_KEYS, SETTINGS, type SettingKey } from "../settings/definitions";
import { getSetting, getSettings } from "../settings/store";
import { toCsv } from "./csv";
import { itemRecords, RECORD_CSV_HEADER, recordCsvCells, type CommitRecord } from "./review-records";
import { EXCEPTION_CSV_HEADER, exceptionCsvCells, type Audience, auditorSafe, type ExceptionView } from "./exports/evidence";

export interface PeriodScope {
  id: string;
  name: string;
  start: Date;
  end: Date;
}

export const STANDARD_REQUESTS = [
  { n: 1, title: "AI coding tools in use", question: "List every AI coding tool used by engineering, with vendor, contract type and attestation date." },
  { n: 2, title: "Data egress policy", question: "Show the data egress policy that governs prompt content." },
  { n: 3, title: "Sample of production commits", question: "Pull a sample of N production commits and identify which were AI-assisted." },
  { n: 4, title: "Review records of AI-assisted commits", question: "Show the review record for each AI-assisted commit, including reviewer identity." },
  { n: 5, title: "Confidential data and third-party models", question: "Demonstrate that data classified confidential or above did not reach a third-party model in the audit window." },
] as const;

export type StandardRequestNumber = 1 | 2 | 3 | 4 | 5;

// ---------------------------------------------------------------- (1) tool register

export async function toolRegisterAnswer(db: Db, now = new Date()) {
  const maxAge = await getSetting(db, "access.attestationMaxAgeMonths");
  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - maxAge);
  const tools = await db.aiTool.findMany({ orderBy: [{ registered: "desc" }, { vendor: "asc" }, { key: "asc" }] });
  return {
    maxAgeMonths: maxAge,
    tools: tools.map((t) => ({
      key: t.key,
      vendor: t.vendor,
      product: t.product,
      registered: t.registered,
      contractType: t.contractType,
      tier: t.tier,
      zeroDataRetention: t.zeroDataRetention,
      trainingOnInputs: t.trainingOnInputs,
      soc2ReportDate: t.soc2ReportDate,
      attestation: !t.soc2ReportDate ? "missing" : t.soc2ReportDate < cutoff ? "stale" : "current",
      incidentContact: t.incidentContact,
      firstSeenAt: t.firstSeenAt,
      lastSeenAt: t.lastSeenAt,
    })),
  };
}

export async function toolRegisterCsv(db: Db): Promise<string> {
  const { tools, maxAgeMonths } = await toolRegisterAnswer(db);
  return toCsv(
    ["key", "vendor", "product", "registered", "contract_type", "tier", "zero_data_retention", "training_on_inputs", "soc2_type2_report_date", `attestation_within_${maxAgeMonths}_months`, "incident_contact", "first_seen", "last_seen"],
    tools.map((t) => [t.key, t.vendor, t.product, t.registered ? "yes" : "no (shadow tool)", t.contractType, t.tier, yn(t.zeroDataRetention), yn(t.trainingOnInputs), t.soc2ReportDate?.toISOString().slice(0, 10) ?? null, t.attestation, t.incidentContact, t.firstSeenAt, t.lastSeenAt]),
  );
}

const yn = (v: boolean | null) => (v === true ? "yes" : v === false ? "no" : "unknown");

// ---------------------------------------------------------------- (2) egress policy

export const POLICY_DESCRIPTIONS: Partial<Record<SettingKey, string>> = {
  "policy.blockingLevel": "Prompt content with a finding at or above this classification must be blocked by the gateway.",
  "policy.classificationOverrides": "Classification overrides per finding type.",
  "policy.guardrailActions": "What the guardrail does per classification: block, mask or log.",
  "policy.logOnlyTypes": "Finding types that are only logged, whatever their classification.",
  "policy.allowedFingerprints": "Keyed fingerprints of known test values allowed through.",
  "policy.allowTestData": "Whether known test data (e.g. the 4111 1111 1111 1111 test card) may pass.",
  "policy.failMode": "The guardrail's behaviour on an internal error: closed (block) or open (pass).",
  "scan.internalHostPatterns": "Host name patterns classified Internal.",
};

export async function egressPolicyAnswer(db: Db, period?: PeriodScope) {
  const current = await getSettings(db, EGRESS_POLICY_KEYS);
  const history = await db.settingChange.findMany({
    where: { key: { in: EGRESS_POLICY_KEYS }, ...(period ? { changedAt: { lt: period.end } } : {}) },
    orderBy: { changedAt: "desc" },
    take: 500,
  });
  return {
    policy: EGRESS_POLICY_KEYS.map((key) => ({ key, description: POLICY_DESCRIPTIONS[key] ?? "", value: current[key], isDefault: JSON.stringify(current[key]) === JSON.stringify(SETTINGS[key].default) })),
    history: history.map((h) => ({ key: h.key, oldValue: h.oldValue, newValue: h.newValue, changedBy: h.changedBy, changedAt: h.changedAt, comment: h.comment, inPeriod: period ? h.changedAt >= period.start : null })),
  };
}

export async function egressPolicyCsv(db: Db, period?: PeriodScope): Promise<string> {
  const a = await egressPolicyAnswer(db, period);
  return toCsv(
    ["record", "key", "description", "value", "changed_at", "changed_by", "old_value", "comment"],
    [
      ...a.policy.map((p) => ["in force", p.key, p.description, JSON.stringify(p.value), null, null, null, p.isDefault ? "default" : null]),
      ...a.history.map((h) => ["change", h.key, POLICY_DESCRIPTIONS[h.key as SettingKey] ?? "", JSON.stringify(h.newValue), h.changedAt, h.changedBy, JSON.stringify(h.oldValue), h.comment]),
    ],
  );
}

// ---------------------------------------------------------------- (3)/(4) production commit sample

export async function latestCommitSample(db: Db, periodId: string) {
  return db.sample.findFirst({ where: { periodId, testId: "CM-1" }, orderBy: { drawnAt: "desc" }, include: { drawnBy: { select: { email: true, name: true } } } });
}

export async function commitSampleAnswer(db: Db, periodId: string) {
  const sample = await latestCommitSample(db, periodId);
  if (!sample) return { sample: null, records: [], aiAssisted: [] as CommitRecord[] };
  const records = await itemRecords(db, sample.itemKeys);
  const commits = records.filter((r): r is CommitRecord => r.kind === "commit");
  return { sample, records, aiAssisted: commits.filter((c) => c.aiAssisted) };
}

export async function reviewRecordsCsv(db: Db, periodId: string, aiOnly: boolean): Promise<string> {
  const a = await commitSampleAnswer(db, periodId);
  const rows = aiOnly ? a.aiAssisted : a.records;
  return toCsv(["sample_id", "seed", "rank", ...RECORD_CSV_HEADER], rows.map((r) => [a.sample?.id ?? null, a.sample?.seed ?? null, (a.sample?.itemKeys.indexOf(r.key) ?? -1) + 1, ...recordCsvCells(r)]));
}

// ---------------------------------------------------------------- (5) CC3.2

export async function classificationAnswer(db: Db, period: PeriodScope, audience: Audience) {
  const within = { occurredAt: { gte: period.start, lt: period.end } };
  const [byPayload, byAction, findings, blockingLevel, passThroughs] = await Promise.all([
    db.aiEvent.groupBy({ by: ["hasPayload"], where: within, _count: { _all: true } }),
    db.aiEvent.groupBy({ by: ["gatewayAction"], where: within, _count: { _all: true } }),
    db.$queryRaw<{ classification: string; findings: number; events: number; passed: number }[]>`
      SELECT f.classification::text AS classification, count(*)::int AS findings, count(DISTINCT f."eventId")::int AS events,
             count(DISTINCT f."eventId") FILTER (WHERE e."gatewayAction" NOT IN ('BLOCKED'))::int AS passed
      FROM "Finding" f JOIN "AiEvent" e ON e.id = f."eventId"
      WHERE e."occurredAt" >= ${period.start} AND e."occurredAt" < ${period.end}
      GROUP BY 1 ORDER BY array_position(ARRAY['RESTRICTED','CONFIDENTIAL','INTERNAL','PUBLIC'], f.classification::text)`,
    getSetting(db, "policy.blockingLevel"),
    passThroughExceptions(db, period.id, audience),
  ]);
  const count = (rows: { _count: { _all: number } }[]) => rows.reduce((s, r) => s + r._count._all, 0);
  return {
    blockingLevel,
    events: count(byPayload),
    scanned: byPayload.find((r) => r.hasPayload)?._count._all ?? 0,
    unverifiable: byPayload.find((r) => !r.hasPayload)?._count._all ?? 0,
    byAction: byAction.map((r) => ({ action: r.gatewayAction, count: r._count._all })).sort((a, b) => b.count - a.count),
    findings,
    passThroughs,
  };
}

/** DC-1 and DC-2 exceptions (confidential data that went through), with their dispositions. */
export async function passThroughExceptions(db: Db, periodId: string, audience: Audience): Promise<ExceptionView[]> {
  const a = auditorSafe(audience);
  const rows = await db.controlException.findMany({
    where: { periodId, testId: { in: ["DC-1", "DC-2"] } },
    orderBy: [{ occurredAt: "asc" }, { id: "asc" }],
    take: 5000,
    include: {
      dispositions: { orderBy: { decidedAt: "asc" }, include: { decidedBy: { select: { name: true, email: true } } } },
      comments: { where: a.includeInternal ? {} : { internal: false }, orderBy: { createdAt: "asc" }, include: { author: { select: { name: true, email: true } } } },
    },
  });
  return rows.map((e) => ({
    id: e.id, testId: e.testId, itemKey: e.itemKey, itemType: e.itemType, itemRef: e.itemRef, summary: e.summary, state: e.state,
    occurredAt: e.occurredAt, firstSeenAt: e.firstSeenAt, dueAt: e.dueAt, clearedAt: e.clearedAt, details: e.details,
    dispositions: e.dispositions.map((d) => ({ kind: d.kind, reference: d.reference, comment: d.comment, decidedBy: `${d.decidedBy.name} <${d.decidedBy.email}>`, decidedAt: d.decidedAt })),
    comments: e.comments.filter((c) => a.includeInternal || !c.internal).map((c) => ({ author: `${c.author.name} <${c.author.email}>`, body: c.body, internal: c.internal, createdAt: c.createdAt })),
  }));
}

export async function classificationCsv(db: Db, period: PeriodScope, audience: Audience): Promise<string> {
  const a = await classificationAnswer(db, period, audience);
  const summary = toCsv(["measure", "value"], [
    ["period", period.name],
    ["blocking level", a.blockingLevel],
    ["events logged", a.events],
    ["events scanned (payload logged)", a.scanned],
    ["events unverifiable (no payload, DC-3)", a.unverifiable],
    ...a.byAction.map((b) => [`events ${b.action.toLowerCase()} by the gateway`, b.count]),
    ...a.findings.map((f) => [`${f.classification} findings / events / events not blocked`, `${f.findings} / ${f.events} / ${f.passed}`]),
    ["pass-throughs (DC-1 and DC-2 exceptions)", a.passThroughs.length],
  ]);
  return summary + "\r\n" + toCsv(EXCEPTION_CSV_HEADER, a.passThroughs.map(exceptionCsvCells));
}

// ---------------------------------------------------------------- the auditor's own requests

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS_PER_ANSWER = 5;
export const REQUEST_STATUSES = ["OPEN", "IN_PROGRESS", "ANSWERED", "CLOSED"] as const;
export type RequestStatusValue = (typeof REQUEST_STATUSES)[number];

export class RequestError extends Error {}

const requestSchema = z.object({
  title: z.string().trim().min(3, "the title needs at least 3 characters").max(200),
  body: z.string().trim().max(10_000).default(""),
});

export async function createRequest(db: Db, input: { periodId: string; title: unknown; body: unknown; createdById: string }) {
  const parsed = requestSchema.safeParse({ title: input.title, body: input.body ?? "" });
  if (!parsed.success) throw new RequestError(parsed.error.issues.map((i) => i.message).join("; "));
  return db.auditorRequest.create({ data: { periodId: input.periodId, title: parsed.data.title, body: parsed.data.body, createdById: input.createdById } });
}

export interface NewAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export function attachmentName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "file";
  return base.replace(/[\u0000-\u001f"]/g, "").slice(0, 200) || "file";
}

/** ADMIN's answer: text, status, attachments (each at most MAX_ATTACHMENT_BYTES, stored with SHA-256). */
export async function answerRequest(db: Db, input: { requestId: string; answer?: string | null; status: string; answeredById: string; attachments?: NewAttachment[] }) {
  if (!REQUEST_STATUSES.includes(input.status as RequestStatusValue)) throw new RequestError(`unknown status ${input.status}`);
  const files = (input.attachments ?? []).filter((a) => a.content.length > 0);
  if (files.length > MAX_ATTACHMENTS_PER_ANSWER) throw new RequestError(`at most ${MAX_ATTACHMENTS_PER_ANSWER} attachments per answer`);
  for (const f of files) if (f.content.length > MAX_ATTACHMENT_BYTES) throw new RequestError(`${f.filename} is larger than ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`);
  const answer = input.answer?.trim() ? input.answer.trim().slice(0, 20_000) : null;
  return db.$transaction(async (tx) => {
    const existing = await tx.auditorRequest.findUnique({ where: { id: input.requestId } });
    if (!existing) throw new RequestError("no such request");
    const updated = await tx.auditorRequest.update({
      where: { id: input.requestId },
      data: {
        status: input.status as RequestStatusValue,
        ...(answer !== null ? { answer, answeredById: input.answeredById, answeredAt: new Date() } : {}),
      },
    });
    for (const f of files) {
      await tx.requestAttachment.create({
        data: {
          requestId: input.requestId,
          filename: attachmentName(f.filename),
          contentType: /^[\w.+-]+\/[\w.+-]+$/.test(f.contentType) ? f.contentType : "application/octet-stream",
          sha256: createHash("sha256").update(f.content).digest("hex"),
          content: new Uint8Array(f.content),
        },
      });
    }
    return updated;
  });
}

export async function requestsOf(db: Db, periodId: string) {
  const requests = await db.auditorRequest.findMany({
    where: { periodId },
    orderBy: { createdAt: "desc" },
    include: { attachments: { select: { id: true, filename: true, sha256: true, createdAt: true } } },
  });
  const userIds = [...new Set(requests.flatMap((r) => [r.createdById, r.answeredById].filter((x): x is string => Boolean(x))))];
  const users = userIds.length ? await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, email: true } }) : [];
  const who = (id: string | null) => (id ? users.find((u) => u.id === id) ?? { id, name: "(removed user)", email: "" } : null);
  return requests.map((r) => ({ ...r, createdBy: who(r.createdById), answeredBy: who(r.answeredById) }));
}

export async function requestDetail(db: Db, id: string) {
  const r = await db.auditorRequest.findUnique({
    where: { id },
    include: { period: true, attachments: { select: { id: true, filename: true, contentType: true, sha256: true, createdAt: true } } },
  });
  if (!r) return null;
  const ids = [r.createdById, r.answeredById].filter((x): x is string => Boolean(x));
  const users = await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, email: true } });
  return { ...r, createdBy: users.find((u) => u.id === r.createdById) ?? null, answeredBy: users.find((u) => u.id === r.answeredById) ?? null };
}

export async function attachmentWithSize(db: Db, id: string) {
  const rows = await db.$queryRaw<{ id: string; bytes: number }[]>`SELECT id, octet_length(content)::int AS bytes FROM "RequestAttachment" WHERE id = ${id}`;
  return rows[0] ?? null;
}
