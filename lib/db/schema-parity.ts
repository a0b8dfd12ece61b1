// Catalogue snapshot used to prove that the migrations build what schema.prisma describes.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import path from "node:path";
import pg from "pg";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");

/** SQL that creates schema.prisma's model on an empty database (Prisma's own diff). */
export async function schemaDatamodelSql(schemaPath = path.join(ROOT, "prisma/schema.prisma")): Promise<string> {
  const empty = path.join(ROOT, "lib/db/empty.prisma");
  const { stdout } = await run(
    process.execPath,
    [
      path.join(ROOT, "node_modules/prisma/build/index.js"),
      "migrate",
      "diff",
      "--from-schema-datamodel",
      empty,
      "--to-schema-datamodel",
      schemaPath,
      "--script",
    ],
    { cwd: ROOT, env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" }, maxBuffer: 32 << 20 },
  );
  return stdout;
}

export async function catalogueSnapshot(connectionString: string): Promise<string[]> {
  const c = new pg.Client({ connectionString });
  await c.connect();
  try {
    const lines: string[] = [];
    const cols = await c.query(
      `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default, character_maximum_length, numeric_precision, numeric_scale, datetime_precision
         FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
    );
    for (const r of cols.rows) lines.push(`column ${JSON.stringify(r)}`);
    const idx = await c.query(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
    );
    for (const r of idx.rows) lines.push(`index ${r.indexname}: ${r.indexdef}`);
    const cons = await c.query(
      `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
        WHERE connamespace = 'public'::regnamespace AND conrelid <> COALESCE(to_regclass('public._prisma_migrations'), 0)`,
    );
    for (const r of cons.rows) lines.push(`constraint ${r.conname}: ${r.def}`);
    const enums = await c.query(
      `SELECT t.typname::text AS name, string_agg(e.enumlabel::text, ',' ORDER BY e.enumsortorder) AS labels
         FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
        WHERE t.typnamespace = 'public'::regnamespace GROUP BY t.typname`,
    );
    for (const r of enums.rows) lines.push(`enum ${r.name}: ${r.labels}`);
    return lines.sort();
  } finally {
    await c.end();
  }
}
