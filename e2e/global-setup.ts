// A fresh database with the demo organisation, a production build, and `next start` on it.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { createDb } from "../lib/db/client";
import { migrate } from "../lib/db/migrate";
import { replaceDatabase } from "../lib/db/test-database";
import { syncCatalogue } from "../lib/controls/sync-catalogue";
import { seedDemo } from "../lib/demo/seed";
import { E2E_PORT } from "./env";

const ROOT = path.resolve(import.meta.dirname, "..");
const ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

async function waitFor(url: string, ms: number) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`server did not answer ${url} within ${ms} ms`);
}

export default async function globalSetup() {
  const name = `aisdlc_e2e_${Date.now().toString(36)}_${process.pid}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = replaceDatabase(ADMIN_URL, name);
  await migrate(url);
  const db = createDb(url);
  await syncCatalogue(db);
  await seedDemo(db, { log: (m) => console.log(m) });
  await db.$disconnect();

  const env = {
    ...process.env,
    DATABASE_URL: url,
    NEXTAUTH_SECRET: "e2e-secret-not-for-production",
    NEXTAUTH_URL: `http://127.0.0.1:${E2E_PORT}`,
    NEXT_TELEMETRY_DISABLED: "1",
    NODE_ENV: "production" as const,
  };
  if (!process.env.E2E_SKIP_BUILD) {
    const build = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { cwd: ROOT, env, stdio: "inherit" });
    if (build.status !== 0) throw new Error("next build failed");
  }
  const server = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(E2E_PORT), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "inherit", "inherit"],
  });
  mkdirSync(path.join(ROOT, ".e2e"), { recursive: true });
  writeFileSync(path.join(ROOT, ".e2e/state.json"), JSON.stringify({ databaseUrl: url }));
  await waitFor(`http://127.0.0.1:${E2E_PORT}/api/health`, 60_000);

  return async () => {
    server.kill("SIGTERM");
    const c = new pg.Client({ connectionString: ADMIN_URL });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.end();
  };
}
