// LA-3 Tool calls within scope: each MCP or agent tool call of the period is made with a
// registered identity, to a server in its allowed MCP servers and a tool in its allowed tools
// (each list, when it is not empty; globs allowed, a tool may be named "server/tool"), and sends
// data only to destinations on access.destinationAllowList (host globs).
import { Prisma } from "../../db/client";
import { outcomeOf } from "../outcome";
import { globToLike, globToLikeSql, hostOfSql, lateFilter } from "../sql";
import type { ControlTestModule, ExceptionDraft, PeriodScope, Reader, Settings } from "../types";
import { credIdentityCte } from "./la-2";
import { listOf, procedureOf } from "./common";

/** Conditions on AiEvent e (joined to its ToolCall tc): calls made in the period. */
const callsWhen = (period: PeriodScope) =>
  Prisma.sql`e."occurredAt" >= ${period.start} AND e."occurredAt" < ${period.end} AND e."toolCallCount" > 0${lateFilter(period, 'e."late"')}`;

const populationOf = (period: PeriodScope) => Prisma.sql`
  SELECT 'toolcall:' || tc.id AS item_key, 'TOOL_CALL' AS item_type, tc."eventId"::text AS item_ref,
         coalesce(tc.server || ' / ', '') || tc.tool || coalesce(' → ' || tc.destination, '') AS label,
         tc."occurredAt" AS occurred_at, NULL::boolean AS passed
  FROM "AiEvent" e JOIN "ToolCall" tc ON tc."eventId" = e.id
  WHERE ${callsWhen(period)}`;

export const la3: ControlTestModule = {
  id: "LA-3",
  procedure: procedureOf("LA-3"),
  settingsKeys: ["access.destinationAllowList"],
  population: populationOf,
  async evaluate(db: Reader, period: PeriodScope, settings: Settings) {
    const allowedHosts = settings["access.destinationAllowList"].map((g) => globToLike(g.toLowerCase()));
    const rows = await db.$queryRaw<
      {
        id: string; eventId: string; server: string | null; tool: string; destination: string | null; host: string | null;
        occurredAt: Date; cred: string | null; registered: boolean | null; serverOk: boolean; toolOk: boolean; destinationOk: boolean;
      }[]
    >`
      WITH ${credIdentityCte(period)},
      calls AS (
        SELECT tc.id::text AS id, tc."eventId"::text AS "eventId", tc.server, tc.tool, tc.destination, tc."occurredAt",
               ${hostOfSql(Prisma.sql`tc.destination`)} AS host,
               ci.cred, ci.registered,
               (tc.server IS NULL OR tc.server = 'function' OR coalesce(cardinality(ci."allowedMcpServers"), 0) = 0
                 OR EXISTS (SELECT 1 FROM unnest(ci."allowedMcpServers") g WHERE lower(tc.server) LIKE lower(${globToLikeSql(Prisma.sql`g`)}))) AS "serverOk",
               (coalesce(cardinality(ci."allowedTools"), 0) = 0
                 OR EXISTS (SELECT 1 FROM unnest(ci."allowedTools") g
                   WHERE lower(tc.tool) LIKE lower(${globToLikeSql(Prisma.sql`g`)})
                      OR lower(coalesce(tc.server, '') || '/' || tc.tool) LIKE lower(${globToLikeSql(Prisma.sql`g`)}))) AS "toolOk"
        FROM "AiEvent" e JOIN "ToolCall" tc ON tc."eventId" = e.id
        LEFT JOIN cred_identity ci ON ci.cred = coalesce(e."apiKeyHash", e."apiKeyAlias")
        WHERE ${callsWhen(period)}
      )
      SELECT calls.*, (calls.destination IS NULL OR EXISTS (SELECT 1 FROM unnest(${allowedHosts}::text[]) p WHERE calls.host LIKE p)) AS "destinationOk"
      FROM calls
      WHERE NOT (coalesce(calls.registered, false) AND coalesce(calls."serverOk", false) AND coalesce(calls."toolOk", false))
         OR NOT (calls.destination IS NULL OR EXISTS (SELECT 1 FROM unnest(${allowedHosts}::text[]) p WHERE calls.host LIKE p))
      ORDER BY calls."occurredAt", calls.id`;

    const exceptions: ExceptionDraft[] = rows.map((r) => {
      const problems: string[] = [];
      if (!r.registered) problems.push(r.cred ? "made with an unregistered credential, so no scope applies" : "made without a gateway credential");
      else {
        if (!r.serverOk) problems.push(`MCP server ${r.server} is outside the identity's allowed servers`);
        if (!r.toolOk) problems.push(`tool ${r.tool} is outside the identity's allowed tools`);
      }
      if (!r.destinationOk) problems.push(`sends data to ${r.host || r.destination}, which is not on the destination allow-list`);
      const call = `${r.server ? `${r.server} / ` : ""}${r.tool}`;
      return {
        itemKey: `toolcall:${r.id}`,
        itemType: "TOOL_CALL",
        itemRef: r.eventId,
        summary: `Tool call ${call}: ${listOf(problems, 3)}`,
        details: { toolCallId: r.id, eventId: r.eventId, server: r.server, tool: r.tool, destination: r.destination, credential: r.cred, problems },
        occurredAt: r.occurredAt,
      };
    });
    return outcomeOf(db, populationOf(period), exceptions);
  },
};
