import { readFile, writeFile, mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./test-database";
import { catalogueSnapshot, schemaDatamodelSql } from "./schema-parity";

const dbs: TestDatabase[] = [];
afterAll(async () => Promise.all(dbs.map((d) => d.drop())));

async function databaseFromSql(sql: string): Promise<string> {
  const t = await createTestDatabase();
  dbs.push(t);
  const c = new pg.Client({ connectionString: t.url });
  await c.connect();
  // start from an empty public schema (the test database is a migrated clone)
  await c.query("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
  await c.query(sql);
  await c.end();
  return t.url;
}

describe("migrations and schema.prisma", () => {
  it("the migrations produce exactly the schema that schema.prisma describes", async () => {
    const migrated = await createTestDatabase();
    dbs.push(migrated);
    const fromSchema = await databaseFromSql(await schemaDatamodelSql());
    expect(await catalogueSnapshot(migrated.url)).toEqual(await catalogueSnapshot(fromSchema));
  }, 120_000);

  it("detects a schema.prisma change that has no migration", async () => {
    const schema = await readFile(path.resolve(import.meta.dirname, "../../prisma/schema.prisma"), "utf8");
    const dir = await mkdtemp(path.join(os.tmpdir(), "parity-"));
    const edited = path.join(dir, "schema.prisma");
    await writeFile(edited, schema.replace("model Setting {", "model Setting {\n  unmigrated String?"));
    const migrated = await createTestDatabase();
    dbs.push(migrated);
    const fromEdited = await databaseFromSql(await schemaDatamodelSql(edited));
    expect(await catalogueSnapshot(migrated.url)).not.toEqual(await catalogueSnapshot(fromEdited));
  }, 120_000);

  it("records applied migrations in _prisma_migrations as Prisma does", async () => {
    const t = await createTestDatabase();
    dbs.push(t);
    const c = new pg.Client({ connectionString: t.url });
    await c.connect();
    const { rows } = await c.query(
      `SELECT migration_name, length(checksum) AS len, finished_at IS NOT NULL AS finished, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    await c.end();
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r).toMatchObject({ len: 64, finished: true, applied_steps_count: 1 });
  });

  it("the access log refuses UPDATE and DELETE", async () => {
    const t = await createTestDatabase();
    dbs.push(t);
    await t.db.accessLog.create({ data: { action: "VIEW", target: "/" } });
    await expect(t.db.accessLog.updateMany({ data: { target: "/x" } })).rejects.toThrow(/append-only/);
    await expect(t.db.accessLog.deleteMany({})).rejects.toThrow(/append-only/);
    expect(await t.db.accessLog.count()).toBe(1);
  });
});
