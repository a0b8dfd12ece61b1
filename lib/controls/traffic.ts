// "Did this person use the gateway (for this repository) between these times?" — the question
// behind the prompter (CM-3), possibly-untagged (CM-4) and gateway-coverage (LA-4) rules,
// answered for many probes at once: one pass over the events, then one indexed lookup per probe.
import type { Db } from "../db/client";
import { EMAIL_PERSON_CTE, EVENT_KEYS_SQL, EVENT_KEY_JOINS } from "./identity";
import type { Reader } from "./types";

export interface TrafficProbe {
  id: string;
  /** comparison keys of the person (identity.ts) */
  keys: string[];
  /** "owner/name" to require traffic tagged with that repository; null = any traffic */
  repository: string | null;
  from: Date;
  to: Date;
}

/** Interns strings as indexes into a dictionary sent once. */
class Dictionary {
  readonly values: string[] = [];
  private index = new Map<string, number>();
  of(v: string): number {
    let i = this.index.get(v);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(v);
      this.index.set(v, i);
    }
    return i;
  }
}

/**
 * The ids of the probes with at least one gateway event by one of their keys in [from, to].
 *
 * The events of the probes' time span are folded into hourly buckets per gateway identity and
 * repository with their first and last time, in a temporary table indexed by (identity, hour);
 * the few distinct identities get their comparison keys; each probe then reads only the buckets
 * of its identities inside its window. A bucket answers a window exactly when
 * the window is at least an hour long (a window cannot then fall strictly between two events of
 * one bucket), which the settings guarantee (changes.prompterWindowHours ≥ 1).
 *
 * Probes travel as compact tab-separated lines over dictionaries of keys and repositories: tens
 * of thousands of them as bound arrays cost seconds in the driver, as one text a fraction of that.
 */
export async function probesWithTraffic(db: Reader, probes: readonly TrafficProbe[]): Promise<Set<string>> {
  const keys = new Dictionary();
  const repos = new Dictionary();
  const lines: string[] = [];
  let lo = Infinity;
  let hi = -Infinity;
  probes.forEach((p, i) => {
    // gateway events never carry a GitHub login: "l:" keys cannot match
    const usable = p.keys.filter((k) => !k.startsWith("l:"));
    if (!usable.length) return;
    const repo = p.repository ? String(repos.of(p.repository.toLowerCase())) : "";
    lines.push(`${i}\t${p.from.getTime()}\t${p.to.getTime()}\t${repo}\t${usable.map((k) => keys.of(k)).join(",")}`);
    lo = Math.min(lo, p.from.getTime());
    hi = Math.max(hi, p.to.getTime());
  });
  if (lines.length === 0) return new Set();

  // temporary tables live on one connection: inside the caller's transaction, or a new one
  const run = async (tx: Reader) => {
    await tx.$executeRaw`SET LOCAL work_mem = '64MB'`;
    await tx.$executeRaw`DROP TABLE IF EXISTS pg_temp.control_probe, pg_temp.control_activity, pg_temp.control_who`;
    await tx.$executeRaw`CREATE TEMP TABLE control_probe (idx int, key text, repo text, lo timestamptz, hi timestamptz) ON COMMIT DROP`;
    await tx.$executeRaw`
      INSERT INTO control_probe
      SELECT split_part(l, E'\t', 1)::int,
             (${keys.values}::text[])[k::int + 1],
             (${repos.values}::text[])[nullif(split_part(l, E'\t', 4), '')::int + 1],
             to_timestamp(split_part(l, E'\t', 2)::float8 / 1000),
             to_timestamp(split_part(l, E'\t', 3)::float8 / 1000)
      FROM string_to_table(${lines.join("\n")}, E'\n') AS l
      CROSS JOIN LATERAL unnest(string_to_array(split_part(l, E'\t', 5), ',')) AS k`;
    // hourly buckets per gateway identity (user id, email, person) and repository: one pass, no joins
    await tx.$executeRaw`CREATE TEMP TABLE control_activity (who text, repository text, hour timestamptz, first timestamptz, last timestamptz) ON COMMIT DROP`;
    await tx.$executeRaw`
      INSERT INTO control_activity
      SELECT concat(e."personId", E'\x1f', e."proxyUserId", E'\x1f', lower(e."proxyUserEmail")), lower(e.repository),
             date_trunc('hour', e."occurredAt"), min(e."occurredAt"), max(e."occurredAt")
      FROM "AiEvent" e
      WHERE e."occurredAt" >= ${new Date(lo)} AND e."occurredAt" <= ${new Date(hi)}
      GROUP BY 1, 2, 3`;
    await tx.$executeRaw`CREATE INDEX ON control_activity (who, hour)`;
    // the comparison keys of each distinct identity (few), through the people register
    await tx.$executeRaw`CREATE TEMP TABLE control_who (who text, key text) ON COMMIT DROP`;
    await tx.$executeRaw`
      WITH ${EMAIL_PERSON_CTE},
      e AS (
        SELECT DISTINCT w.who, nullif(split_part(w.who, E'\x1f', 1), '') AS "personId", nullif(split_part(w.who, E'\x1f', 2), '') AS "proxyUserId",
               nullif(split_part(w.who, E'\x1f', 3), '') AS "proxyUserEmail"
        FROM (SELECT DISTINCT who FROM control_activity) w
      )
      INSERT INTO control_who
      SELECT DISTINCT e.who, k.key FROM e
      ${EVENT_KEY_JOINS}
      CROSS JOIN LATERAL unnest(${EVENT_KEYS_SQL}) AS k(key)
      WHERE k.key IN (SELECT key FROM control_probe)`;
    await tx.$executeRaw`CREATE INDEX ON control_who (key)`;
    await tx.$executeRaw`ANALYZE control_activity`;
    await tx.$executeRaw`ANALYZE control_who`;
    // LATERAL … LIMIT 1: one index range scan per probe identity, not a hash join over all buckets
    const rows = await tx.$queryRaw<{ idx: number }[]>`
      SELECT DISTINCT p.idx FROM control_probe p
      JOIN control_who w ON w.key = p.key
      CROSS JOIN LATERAL (
        SELECT 1 FROM control_activity a
        WHERE a.who = w.who AND a.hour >= date_trunc('hour', p.lo) AND a.hour <= p.hi
          AND (p.repo IS NULL OR a.repository = p.repo) AND a.last >= p.lo AND a.first <= p.hi
        LIMIT 1
      ) hit`;
    return new Set(rows.map((r) => probes[r.idx].id));
  };
  if ("$transaction" in db) return (db as Db).$transaction((tx) => run(tx), { timeout: 10 * 60_000, maxWait: 60_000 });
  return run(db);
}
