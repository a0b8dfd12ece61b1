// Each test file that needs Postgres gets its own database, cloned from a
// template migrated once per run by the global setup (fast and isolated).
import pg from "pg";
import { inject } from "vitest";
import { createDb, type Db } from "./client";

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabaseUrl: string;
  }
}

export function replaceDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

let counter = 0;

export interface TestDatabase {
  url: string;
  db: Db;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const templateUrl = inject("templateDatabaseUrl");
  const template = new URL(templateUrl).pathname.slice(1);
  const name = `${template.replace(/_tpl$/, "")}_${process.pid}_${++counter}`;
  const admin = new pg.Client({ connectionString: replaceDatabase(templateUrl, "postgres") });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  } finally {
    await admin.end();
  }
  const url = replaceDatabase(templateUrl, name);
  const db = createDb(url, { max: 4 });
  return {
    url,
    db,
    async drop() {
      await db.$disconnect();
      const c = new pg.Client({ connectionString: replaceDatabase(templateUrl, "postgres") });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
