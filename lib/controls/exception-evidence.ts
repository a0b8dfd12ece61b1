// The raw record behind an exception, as a few labelled facts for the exception page (the full
// record is one link away). Never prompt text: findings carry masked excerpts only.
import type { Db } from "../db/client";

export interface EvidenceFacts {
  title: string;
  facts: [string, string][];
  /** secondary rows: reviews of a PR, findings of an event, calls of an event */
  rows?: { caption: string; header: string[]; cells: string[][] };
}

const time = (d: Date | null | undefined) => (d ? d.toISOString().replace("T", " ").slice(0, 19) + " UTC" : "—");

export async function evidenceFor(db: Db, itemType: string, itemRef: string): Promise<EvidenceFacts | null> {
  switch (itemType) {
    case "COMMIT": {
      const [owner, name, sha] = itemRef.split("/");
      const repo = await db.repository.findUnique({ where: { owner_name: { owner, name } } });
      if (!repo) return null;
      const c = await db.commit.findUnique({ where: { repositoryId_sha: { repositoryId: repo.id, sha } } });
      if (!c) return null;
      const pr = await db.pullRequest.findFirst({
        where: { repositoryId: repo.id, OR: [...(c.pullNumber ? [{ number: c.pullNumber }] : []), { mergeCommitSha: c.sha }] },
        include: { reviews: { orderBy: { submittedAt: "asc" } } },
      });
      return {
        title: `Commit ${owner}/${name} ${sha.slice(0, 10)}`,
        facts: [
          ["Subject", c.subject],
          ["Author", `${c.authorName} <${c.authorEmail}>`],
          ["Committer", `${c.committerName} <${c.committerEmail}>`],
          ["Committed", time(c.committedAt)],
          ["Arrival", c.arrival ?? "unknown"],
          ["AI-assisted", c.aiAssisted ? `yes (${c.aiTools.join(", ") || "marker"})` : "no marker"],
          ["Pull request", pr ? `#${pr.number} ${pr.title} by ${pr.authorLogin ?? "unknown"}, merged ${time(pr.mergedAt)}, head ${pr.headSha?.slice(0, 10) ?? "unknown"}` : "none found"],
          ...(c.late ? ([["Late evidence", "ingested after its period was locked"]] as [string, string][]) : []),
        ],
        rows: pr?.reviews.length
          ? {
              caption: `Reviews of PR #${pr.number}`,
              header: ["Reviewer", "Type", "State", "On commit", "Submitted"],
              cells: pr.reviews.map((r) => [r.reviewerLogin, r.reviewerType, r.state, r.commitSha?.slice(0, 10) ?? "—", time(r.submittedAt)]),
            }
          : undefined,
      };
    }
    case "AI_EVENT":
    case "TOOL_CALL": {
      if (!/^\d+$/.test(itemRef)) return null;
      const e = await db.aiEvent.findUnique({
        where: { id: BigInt(itemRef) },
        include: { findings: { take: 20, orderBy: { classification: "desc" } }, toolCalls: { take: 20 } },
      });
      if (!e) return null;
      const facts: [string, string][] = [
        ["Time", time(e.occurredAt)],
        ["Source", e.source],
        ["User", e.proxyUserEmail ?? e.proxyUserId ?? "unknown"],
        ["Credential", e.apiKeyAlias ?? (e.apiKeyHash ? `${e.apiKeyHash.slice(0, 12)}…` : "none")],
        ["Model", [e.provider, e.model].filter(Boolean).join(" / ") || "unknown"],
        ["Gateway action", e.gatewayAction],
        ["Guardrail status", e.guardrailStatus ?? "not logged"],
        ["Repository", e.repository ?? "not tagged"],
        ["Payload", e.hasPayload ? `${e.payloadBytes.toLocaleString("en-US")} bytes scanned, then dropped` : "not logged: unverifiable"],
      ];
      if (itemType === "TOOL_CALL") {
        return {
          title: `Tool calls of gateway event ${e.id}`,
          facts,
          rows: { caption: "Tool calls", header: ["Server", "Tool", "Destination"], cells: e.toolCalls.map((t) => [t.server ?? "—", t.tool, t.destination ?? "—"]) },
        };
      }
      return {
        title: `Gateway event ${e.id}`,
        facts,
        rows: e.findings.length
          ? { caption: "Findings (masked)", header: ["Type", "Classification", "Excerpt", "Where", "Test data"], cells: e.findings.map((f) => [f.type, f.classification, f.excerpt, f.location, f.testData ? "yes" : "no"]) }
          : undefined,
      };
    }
    case "TOOL": {
      const t = await db.aiTool.findUnique({ where: { key: itemRef } });
      if (!t) return { title: `Tool ${itemRef}`, facts: [["Register", "no register entry"]] };
      return {
        title: `${t.vendor} — ${t.product}`,
        facts: [
          ["Registered", t.registered ? "yes" : "no (seen only)"],
          ["Contract type", t.contractType ?? "—"],
          ["Zero data retention", t.zeroDataRetention === null ? "unknown" : t.zeroDataRetention ? "yes" : "no"],
          ["Training on inputs", t.trainingOnInputs === null ? "unknown" : t.trainingOnInputs ? "yes" : "no"],
          ["SOC 2 Type II report", t.soc2ReportDate?.toISOString().slice(0, 10) ?? "—"],
          ["Incident contact", t.incidentContact ?? "—"],
          ["First seen", time(t.firstSeenAt)],
        ],
      };
    }
    case "IDENTITY": {
      const i = await db.agentIdentity.findUnique({ where: { credential: itemRef }, include: { owner: true } });
      if (!i) return { title: `Credential ${itemRef.slice(0, 12)}…`, facts: [["Register", "no register entry"]] };
      return {
        title: `Agent identity ${i.alias ?? `${i.credential.slice(0, 12)}…`}`,
        facts: [
          ["Registered", i.registered ? "yes" : "no (seen only)"],
          ["Owner", i.owner?.displayName ?? "—"],
          ["Purpose", i.purpose ?? "—"],
          ["Allowed models", i.allowedModels.join(", ") || "any"],
          ["Allowed MCP servers", i.allowedMcpServers.join(", ") || "any"],
          ["Allowed tools", i.allowedTools.join(", ") || "any"],
          ["Expires", time(i.expiresAt)],
          ["Revoked", time(i.revokedAt)],
        ],
      };
    }
    case "EXCEPTION": {
      const x = await db.controlException.findUnique({ where: { id: itemRef } });
      if (!x) return null;
      return { title: `${x.testId} exception`, facts: [["What failed", x.summary], ["State", x.state], ["Occurred", time(x.occurredAt)], ["Due", time(x.dueAt)]] };
    }
    default:
      return null;
  }
}
