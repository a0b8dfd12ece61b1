// The full record behind a population item, as an auditor inspects it: for a production commit
// its pull request, every review with the reviewer's identity, state, reviewed commit and time,
// and its AI attribution; for a gateway event the gateway's action and the findings (masked).
// Nothing here carries prompt text: the store never had it.
import type { Db, Prisma } from "../db/client";
import { linkFor } from "../controls/links";

export interface ReviewEntry {
  reviewer: string;
  reviewerType: string;
  /** the person the GitHub login is linked to in the people register */
  person: { name: string; email: string | null; isBot: boolean } | null;
  state: string;
  commitSha: string | null;
  submittedAt: Date | null;
  /** on the pull request's final head commit */
  onHead: boolean | null;
  /** submitted before the merge */
  beforeMerge: boolean | null;
}

export interface AiMarkerEntry {
  sha: string;
  kind: string;
  key: string;
  value: string;
  tool: string | null;
  model: string | null;
  parsing: string;
}

export interface CommitRecord {
  kind: "commit";
  key: string;
  link: string | null;
  repo: string;
  sha: string;
  subject: string;
  authorName: string;
  authorEmail: string;
  committerName: string;
  committerEmail: string;
  committedAt: Date;
  arrival: string | null;
  late: boolean;
  aiAssisted: boolean;
  aiTools: string[];
  aiModels: string[];
  /** markers on the commit itself and on the commits it brought in */
  aiMarkers: AiMarkerEntry[];
  pr: {
    number: number;
    title: string;
    authorLogin: string | null;
    state: string;
    headSha: string | null;
    mergedAt: Date | null;
    mergedBy: string | null;
    aiDeclaration: string | null;
    source: string;
    reviews: ReviewEntry[];
  } | null;
  /** approvals that are on the head and before the merge (the CM-3 rule decides independence) */
  approvals: number;
}

export interface EventRecord {
  kind: "event";
  key: string;
  link: string | null;
  id: string;
  occurredAt: Date;
  source: string;
  user: string | null;
  credential: string | null;
  tool: string | null;
  model: string | null;
  provider: string | null;
  repository: string | null;
  gatewayAction: string;
  guardrailStatus: string | null;
  hasPayload: boolean;
  payloadSha256: string | null;
  maxClassification: string | null;
  late: boolean;
  findings: { type: string; classification: string; location: string; excerpt: string; detector: string; testData: boolean; fingerprint: string }[];
}

export interface OtherRecord {
  kind: "other";
  key: string;
  link: string | null;
  label: string;
}

export type ItemRecord = CommitRecord | EventRecord | OtherRecord;

/** "commit:owner/name:sha" → parts; null for another key. */
export function parseCommitKey(key: string): { owner: string; name: string; sha: string } | null {
  const m = /^commit:([^/:]+)\/([^:]+):([0-9a-f]{7,64})$/i.exec(key);
  return m ? { owner: m[1], name: m[2], sha: m[3] } : null;
}

/** "event:123" → 123n; null for another key. */
export function parseEventKey(key: string): bigint | null {
  const m = /^event:(\d{1,19})$/.exec(key);
  return m ? BigInt(m[1]) : null;
}

function markersOf(sha: string, json: unknown): AiMarkerEntry[] {
  if (!Array.isArray(json)) return [];
  return json
    .filter((m): m is Record<string, unknown> => Boolean(m) && typeof m === "object")
    .map((m) => ({
      sha,
      kind: String(m.kind ?? ""),
      key: String(m.key ?? ""),
      value: String(m.value ?? ""),
      tool: m.tool == null ? null : String(m.tool),
      model: m.model == null ? null : String(m.model),
      parsing: String(m.parsing ?? ""),
    }));
}

/** Records for the keys, in the keys' order (labels for keys that are neither commit nor event). */
export async function itemRecords(db: Db, keys: readonly string[], labels: ReadonlyMap<string, string> = new Map()): Promise<ItemRecord[]> {
  const commitKeys = keys.map((k) => ({ k, p: parseCommitKey(k) })).filter((x) => x.p) as { k: string; p: NonNullable<ReturnType<typeof parseCommitKey>> }[];
  const eventIds = keys.map(parseEventKey).filter((x): x is bigint => x !== null);

  const byKey = new Map<string, ItemRecord>();

  if (commitKeys.length) {
    // set-based lookups over arrays of keys (an OR per key does not scale to thousands)
    const commits = await db.$queryRaw<
      (Omit<Prisma.CommitGetPayload<object>, "trailers"> & { owner: string; repoName: string })[]
    >`SELECT c.id, c."repositoryId", c.sha, coalesce(c.parents, '{}') AS parents, c."authorName", c."authorEmail", c."authoredAt", c."committerName", c."committerEmail",
             c."committedAt", c.subject, '' AS message, c."aiMarkers", coalesce(c."changedPaths", '{}') AS "changedPaths", c."isProduction", c."productionSeq", c.arrival::text AS arrival,
             c."pullNumber", c."aiAssisted", coalesce(c."aiTools", '{}') AS "aiTools", coalesce(c."aiModels", '{}') AS "aiModels", coalesce(c."memberShas", '{}') AS "memberShas", c.late, c."ingestedAt", r.owner, r.name AS "repoName"
      FROM unnest(${commitKeys.map((c) => c.p.owner)}::text[], ${commitKeys.map((c) => c.p.name)}::text[], ${commitKeys.map((c) => c.p.sha)}::text[]) AS k(owner, name, sha)
      JOIN "Repository" r ON r.owner = k.owner AND r.name = k.name
      JOIN "Commit" c ON c."repositoryId" = r.id AND c.sha = k.sha`;
    const repoIds = commits.map((c) => c.repositoryId);
    const prRows = commits.length
      ? await db.$queryRaw<{ id: string }[]>`
          WITH k AS (SELECT * FROM unnest(${repoIds}::text[], ${commits.map((c) => c.pullNumber ?? -1)}::int[], ${commits.map((c) => c.sha)}::text[]) AS k(repo, num, sha))
          SELECT pr.id FROM k JOIN "PullRequest" pr ON pr."repositoryId" = k.repo AND pr.number = k.num
          UNION
          SELECT pr.id FROM k JOIN "PullRequest" pr ON pr."mergeCommitSha" = k.sha AND pr."repositoryId" = k.repo`
      : [];
    const prs = prRows.length
      ? await db.pullRequest.findMany({ where: { id: { in: prRows.map((r) => r.id) } }, include: { reviews: { orderBy: [{ submittedAt: "asc" }, { githubId: "asc" }] } } })
      : [];
    const wantedMembers: { repo: string; sha: string }[] = [];
    for (const c of commits) {
      const pr = prs.find((p) => p.repositoryId === c.repositoryId && (p.number === c.pullNumber || p.mergeCommitSha === c.sha));
      for (const sha of new Set([...c.memberShas, ...(pr?.commitShas ?? [])])) if (sha !== c.sha) wantedMembers.push({ repo: c.repositoryId, sha });
    }
    const members = wantedMembers.length
      ? await db.$queryRaw<{ repositoryId: string; sha: string; aiMarkers: unknown }[]>`
          SELECT m."repositoryId", m.sha, m."aiMarkers" FROM unnest(${wantedMembers.map((w) => w.repo)}::text[], ${wantedMembers.map((w) => w.sha)}::text[]) AS k(repo, sha)
          JOIN "Commit" m ON m."repositoryId" = k.repo AND m.sha = k.sha
          WHERE m."aiMarkers" <> '[]'::jsonb`
      : [];
    const logins = [...new Set(prs.flatMap((p) => p.reviews.map((r) => r.reviewerLogin.toLowerCase())))];
    const aliases = logins.length
      ? await db.personAlias.findMany({ where: { kind: "GITHUB_LOGIN", value: { in: logins, mode: "insensitive" }, status: { not: "REJECTED" } }, include: { person: true } })
      : [];
    const personOf = new Map(aliases.map((a) => [a.value.toLowerCase(), { name: a.person.displayName, email: a.person.email, isBot: a.person.isBot }]));

    for (const c of commits) {
      const repo = `${c.owner}/${c.repoName}`;
      const key = `commit:${repo}:${c.sha}`;
      const pr = prs.find((p) => p.repositoryId === c.repositoryId && c.pullNumber != null && p.number === c.pullNumber)
        ?? prs.find((p) => p.repositoryId === c.repositoryId && p.mergeCommitSha === c.sha)
        ?? null;
      const mergedAt = pr?.mergedAt ?? null;
      const reviews: ReviewEntry[] = (pr?.reviews ?? []).map((r) => ({
        reviewer: r.reviewerLogin,
        reviewerType: r.reviewerType,
        person: personOf.get(r.reviewerLogin.toLowerCase()) ?? null,
        state: r.state.toUpperCase(),
        commitSha: r.commitSha,
        submittedAt: r.submittedAt,
        onHead: r.commitSha && pr?.headSha ? r.commitSha === pr.headSha : null,
        beforeMerge: r.submittedAt && mergedAt ? r.submittedAt < mergedAt : null,
      }));
      const memberShas = new Set([...c.memberShas, ...(pr?.commitShas ?? [])]);
      const aiMarkers = [
        ...markersOf(c.sha, c.aiMarkers),
        ...members.filter((m) => m.repositoryId === c.repositoryId && memberShas.has(m.sha)).flatMap((m) => markersOf(m.sha, m.aiMarkers)),
      ];
      byKey.set(key, {
        kind: "commit",
        key,
        link: linkFor("COMMIT", `${repo}/${c.sha}`),
        repo,
        sha: c.sha,
        subject: c.subject,
        authorName: c.authorName,
        authorEmail: c.authorEmail,
        committerName: c.committerName,
        committerEmail: c.committerEmail,
        committedAt: c.committedAt,
        arrival: c.arrival,
        late: c.late,
        aiAssisted: c.aiAssisted,
        aiTools: c.aiTools,
        aiModels: c.aiModels,
        aiMarkers,
        pr: pr
          ? {
              number: pr.number,
              title: pr.title,
              authorLogin: pr.authorLogin,
              state: pr.state,
              headSha: pr.headSha,
              mergedAt: pr.mergedAt,
              mergedBy: pr.mergedByLogin,
              aiDeclaration: pr.aiDeclaration,
              source: pr.source,
              reviews,
            }
          : null,
        approvals: reviews.filter((r) => r.state === "APPROVED" && r.onHead !== false && r.beforeMerge !== false).length,
      });
    }
  }

  if (eventIds.length) {
    const events = await db.aiEvent.findMany({
      where: { id: { in: eventIds } },
      include: { findings: { orderBy: [{ location: "asc" }, { start: "asc" }] } },
    });
    for (const e of events) {
      const key = `event:${e.id}`;
      byKey.set(key, {
        kind: "event",
        key,
        link: linkFor("AI_EVENT", e.id.toString()),
        id: e.id.toString(),
        occurredAt: e.occurredAt,
        source: e.source,
        user: e.proxyUserEmail ?? e.proxyUserId,
        credential: e.apiKeyAlias ?? e.apiKeyHash,
        tool: e.toolKey ?? e.clientTool,
        model: e.model,
        provider: e.provider,
        repository: e.repository,
        gatewayAction: e.gatewayAction,
        guardrailStatus: e.guardrailStatus,
        hasPayload: e.hasPayload,
        payloadSha256: e.payloadSha256,
        maxClassification: e.maxClassification,
        late: e.late,
        findings: e.findings.map((f) => ({
          type: f.type,
          classification: f.classification,
          location: f.location,
          excerpt: f.excerpt,
          detector: f.detector,
          testData: f.testData,
          fingerprint: f.fingerprint,
        })),
      });
    }
  }

  return keys.map((k) => byKey.get(k) ?? { kind: "other", key: k, link: null, label: labels.get(k) ?? k });
}

/** One line per review for CSV cells: "login (Name) APPROVED on abc1234 at 2026-… [head, before merge]". */
export function reviewLine(r: ReviewEntry): string {
  const flags = [r.onHead === true ? "head" : r.onHead === false ? "stale" : null, r.beforeMerge === true ? "before merge" : r.beforeMerge === false ? "after merge" : null].filter(Boolean);
  return `${r.reviewer}${r.person ? ` (${r.person.name}${r.person.email ? ` <${r.person.email}>` : ""})` : ""} [${r.reviewerType}] ${r.state} on ${r.commitSha?.slice(0, 10) ?? "?"} at ${r.submittedAt?.toISOString() ?? "?"}${flags.length ? ` (${flags.join(", ")})` : ""}`;
}

export function markerLine(m: AiMarkerEntry): string {
  return `${m.key}: ${m.value}${m.tool ? ` → ${m.tool}` : ""}${m.model ? ` (${m.model})` : ""} [${m.parsing}, ${m.sha.slice(0, 10)}]`;
}

/** Flat CSV columns for any record. */
export const RECORD_CSV_HEADER = [
  "key", "kind", "repository_or_source", "sha_or_event_id", "time", "subject_or_user", "author", "arrival",
  "pull_request", "pr_author", "merged_at", "ai_assisted", "ai_tools", "ai_markers", "ai_declaration",
  "reviews", "approvals_on_head_before_merge", "gateway_action", "max_classification", "findings", "payload_logged", "late", "link",
] as const;

export function recordCsvCells(r: ItemRecord, baseUrl = ""): (string | number | boolean | Date | null)[] {
  const link = r.link ? baseUrl + r.link : null;
  if (r.kind === "commit") {
    return [
      r.key, "commit", r.repo, r.sha, r.committedAt, r.subject, `${r.authorName} <${r.authorEmail}>`, r.arrival,
      r.pr ? `#${r.pr.number} ${r.pr.title}` : null, r.pr?.authorLogin ?? null, r.pr?.mergedAt ?? null,
      r.aiAssisted, r.aiTools.join(" "), r.aiMarkers.map(markerLine).join("; "), r.pr?.aiDeclaration ?? null,
      (r.pr?.reviews ?? []).map(reviewLine).join("; "), r.approvals, null, null, null, null, r.late, link,
    ];
  }
  if (r.kind === "event") {
    return [
      r.key, "event", r.source, r.id, r.occurredAt, r.user, null, null, null, null, null, null, r.tool, null, null, null, null,
      r.gatewayAction, r.maxClassification, r.findings.map((f) => `${f.type}/${f.classification} ${f.excerpt}${f.testData ? " (test data)" : ""}`).join("; "),
      r.hasPayload, r.late, link,
    ];
  }
  return [r.key, "other", null, null, null, r.label, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, link];
}
