// SQL building blocks shared by the tests.
import { createHash } from "node:crypto";
import { Prisma } from "../db/client";
import type { PeriodScope, Reader } from "./types";

/**
 * A locked period's evidence stops changing: rows that arrived after the lock are marked
 * `late` by the ingest and stay out of the locked period's population.
 */
export function lateFilter(period: PeriodScope, column: string): Prisma.Sql {
  return period.state === "LOCKED" ? Prisma.sql` AND NOT ${Prisma.raw(column)}` : Prisma.empty;
}

/** A glob ("*.github.com", "claude-*") as a LIKE pattern (backslash escapes). */
export function globToLike(glob: string): string {
  return glob.replace(/[\\%_]/g, (c) => `\\${c}`).replace(/\*/g, "%").replace(/\?/g, "_");
}

/** Whether a value matches any glob, case-insensitive (the JavaScript twin of the LIKE patterns). */
export function matchesAnyGlob(value: string, globs: readonly string[]): boolean {
  const v = value.toLowerCase();
  return globs.some((g) => {
    const re = new RegExp(`^${g.toLowerCase().replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`);
    return re.test(v);
  });
}

/** Byte order of UTF-8, which is Postgres' "C" collation: the population hash's sort order. */
export function compareC(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/** SHA-256 over the sorted item keys, "\n"-joined (the JavaScript twin of summarisePopulation). */
export function populationHashOf(keys: readonly string[]): string {
  return createHash("sha256").update([...keys].sort(compareC).join("\n"), "utf8").digest("hex");
}

/** Size and hash of a population query, computed in the database (populations can be large). */
export async function summarisePopulation(db: Reader, population: Prisma.Sql): Promise<{ size: number; hash: string }> {
  const [row] = await db.$queryRaw<{ size: number; hash: string }[]>`
    SELECT count(*)::int AS size,
           encode(sha256(convert_to(coalesce(string_agg(p.item_key, E'\n' ORDER BY p.item_key COLLATE "C"), ''), 'UTF8')), 'hex') AS hash
    FROM (${population}) p`;
  return { size: row.size, hash: row.hash };
}

/** "commit:owner/name:sha", "owner/name/sha" etc. as SQL expressions over Commit c and Repository r. */
export const COMMIT_KEY_SQL = Prisma.sql`'commit:' || r.owner || '/' || r.name || ':' || c.sha`;
export const COMMIT_REF_SQL = Prisma.sql`r.owner || '/' || r.name || '/' || c.sha`;

/** Production commits of the period: Commit c joined to Repository r. */
export function productionCommitsFrom(period: PeriodScope): Prisma.Sql {
  return Prisma.sql`"Commit" c JOIN "Repository" r ON r.id = c."repositoryId"
    WHERE c."isProduction" AND c."committedAt" >= ${period.start} AND c."committedAt" < ${period.end}${lateFilter(period, 'c."late"')}`;
}

/** The population of a test over production commits, with an extra condition. */
export function commitPopulation(period: PeriodScope, extra: Prisma.Sql = Prisma.empty): Prisma.Sql {
  return Prisma.sql`SELECT ${COMMIT_KEY_SQL} AS item_key, 'COMMIT' AS item_type, ${COMMIT_REF_SQL} AS item_ref,
      r.owner || '/' || r.name || ' ' || left(c.sha, 10) || ' ' || c.subject AS label, c."committedAt" AS occurred_at, NULL::boolean AS passed
    FROM ${productionCommitsFrom(period)}${extra}`;
}

// A production commit's PR is the one with the number the ingest read from the merge, else the
// one whose merge commit it is (changes.ts). Two index lookups rather than one OR, which no index serves.
const PR_BY_NUMBER = Prisma.sql`"PullRequest" pr WHERE pr."repositoryId" = c."repositoryId" AND pr.number = c."pullNumber"`;
const PR_BY_MERGE = Prisma.sql`"PullRequest" pr WHERE pr."repositoryId" = c."repositoryId" AND pr."mergeCommitSha" = c.sha`;

/** The production commit arrived through a pull request we hold. */
export const HAS_PULL_REQUEST_SQL = Prisma.sql` AND (EXISTS (SELECT 1 FROM ${PR_BY_NUMBER}) OR EXISTS (SELECT 1 FROM ${PR_BY_MERGE}))`;

/** The commit CODEOWNERS is read at: the PR's base, else the first parent (cm-6.ts: codeownersBase). */
export const CODEOWNERS_BASE_SQL = Prisma.sql`CASE WHEN EXISTS (SELECT 1 FROM ${PR_BY_NUMBER})
  THEN coalesce((SELECT pr."baseSha" FROM ${PR_BY_NUMBER} LIMIT 1), c.parents[1])
  ELSE coalesce((SELECT pr."baseSha" FROM ${PR_BY_MERGE} ORDER BY pr.number LIMIT 1), c.parents[1]) END`;

/** globToLike as SQL, for glob lists stored in the database (allowed models, servers, tools). */
export function globToLikeSql(expr: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`replace(replace(replace(replace(replace(${expr}, '\\', '\\\\'), '%', '\\%'), '_', '\\_'), '*', '%'), '?', '_')`;
}

/** The host of a destination URL or host name ("https://user@api.example.com:443/x" → "api.example.com"). */
export function hostOfSql(expr: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`lower(split_part(split_part(regexp_replace(regexp_replace(${expr}, '^[a-zA-Z][a-zA-Z0-9+.-]*://', ''), '^[^/@]*@', ''), '/', 1), ':', 1))`;
}
