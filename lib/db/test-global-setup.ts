import pg from "pg";
import type { TestProject } from "vitest/node";
import { migrate } from "./migrate";
import { replaceDatabase } from "./test-database";

// Postgres on these machines: 127.0.0.1:5432, trust auth. Override with TEST_DATABASE_ADMIN_URL.
const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export default async function setup(project: TestProject) {
  const base = `aisdlc_t${Date.now().toString(36)}${process.pid}`;
  const template = `${base}_tpl`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${template}"`);
  await admin.end();
  const templateUrl = replaceDatabase(ADMIN_URL, template);
  await migrate(templateUrl);
  project.provide("templateDatabaseUrl", templateUrl);

  return async () => {
    const c = new pg.Client({ connectionString: ADMIN_URL });
    await c.connect();
    const { rows } = await c.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE $1",
      [`${base}%`],
    );
    for (const r of rows) await c.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
    await c.end();
  };
}
