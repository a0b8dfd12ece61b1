import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { createDb } from "../../db/client";
import { DATA_DIR, startEmbedded } from "../../db/embedded";
import { migrate } from "../../db/migrate";
import { syncCatalogue } from "../../controls/sync-catalogue";
import { seedDemo } from "../../demo/seed";
import { DEMO_ACCOUNTS } from "../../demo/accounts";
import { parse, type Command } from "../command";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const NEXT_BIN = path.join(ROOT, "node_modules/next/dist/bin/next");

async function authSecret(): Promise<string> {
  if (process.env.NEXTAUTH_SECRET) return process.env.NEXTAUTH_SECRET;
  const file = path.join(DATA_DIR, "auth-secret");
  try {
    return (await readFile(file, "utf8")).trim();
  } catch {
    await mkdir(DATA_DIR, { recursive: true });
    const secret = randomBytes(32).toString("base64url");
    await writeFile(file, secret, { mode: 0o600 });
    return secret;
  }
}

function runNext(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [NEXT_BIN, ...args], { cwd: ROOT, env, stdio: "inherit" });
    const forward = (sig: NodeJS.Signals) => child.kill(sig);
    process.on("SIGINT", forward);
    process.on("SIGTERM", forward);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      process.off("SIGINT", forward);
      process.off("SIGTERM", forward);
      resolve(code ?? (signal ? 0 : 1));
    });
  });
}

export const startCommand: Command = {
  name: "start",
  summary: "start the dashboard (embedded Postgres with demo data when DATABASE_URL is unset)",
  usage: "[--port N] [--demo] [--no-demo]",
  async run(args, io) {
    const { values } = parse(args, { port: { type: "string" }, demo: { type: "boolean" }, "no-demo": { type: "boolean" } });
    const port = values.port ?? process.env.PORT ?? "3000";
    let url = process.env.DATABASE_URL;
    const embedded = url ? null : await startEmbedded();
    if (embedded) {
      url = embedded.url;
      io.stdout.write(`Embedded Postgres (PGlite) in ${path.join(DATA_DIR, "pglite")}\n`);
    }
    const poolMax = embedded ? "1" : (process.env.DATABASE_POOL_MAX ?? "10");
    try {
      await migrate(url!);
      process.env.DATABASE_POOL_MAX = poolMax;
      const db = createDb(url!);
      await syncCatalogue(db);
      const wantDemo = values["no-demo"] ? false : (values.demo ?? Boolean(embedded));
      if (wantDemo) {
        io.stdout.write("Loading the demo organisation (first start only)…\n");
        const result = await seedDemo(db, { log: (m) => io.stdout.write(`  ${m}\n`) });
        if (result.seeded || embedded) {
          io.stdout.write("Demo sign-ins:\n");
          for (const a of DEMO_ACCOUNTS) io.stdout.write(`  ${a.role.padEnd(9)} ${a.email} / ${a.password}\n`);
        }
      } else if ((await db.user.count()) === 0) {
        io.stdout.write("No users yet: create the first ADMIN with\n  USER_PASSWORD=... npm run cli -- user add --email you@example.com --name 'Your Name' --role ADMIN\n");
      }
      await db.$disconnect();
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        DATABASE_URL: url,
        DATABASE_POOL_MAX: poolMax,
        NEXTAUTH_SECRET: await authSecret(),
        NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
        NEXT_TELEMETRY_DISABLED: "1",
        PORT: port,
      };
      if (!existsSync(path.join(ROOT, ".next/BUILD_ID"))) {
        io.stdout.write("Building the app (first start only)…\n");
        const code = await runNext(["build"], { ...env, NODE_ENV: "production" });
        if (code !== 0) return code;
      }
      io.stdout.write(`Serving on http://localhost:${port}\n`);
      return await runNext(["start", "-p", port], { ...env, NODE_ENV: "production" });
    } finally {
      await embedded?.stop();
    }
  },
};
