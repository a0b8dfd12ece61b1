import { createUser, setUserStatus } from "../../auth/users";
import { withDatabase } from "../database";
import { migrate } from "../../db/migrate";
import { seedDemo } from "../../demo/seed";
import { parse, UsageError, writeJson, type Command } from "../command";

export const migrateCommand: Command = {
  name: "migrate",
  summary: "apply pending database migrations",
  usage: "",
  async run(_args, io) {
    await withDatabase(async (_db, url) => {
      const result = await migrate(url);
      writeJson(io, result);
    });
    return 0;
  },
};

export const seedDemoCommand: Command = {
  name: "seed-demo",
  summary: "load the demo organisation (accounts, periods, gateway traffic, repositories)",
  usage: "",
  async run(_args, io) {
    const result = await withDatabase((db) => seedDemo(db, { log: (m) => io.stderr.write(m + "\n") }));
    writeJson(io, result);
    return 0;
  },
};

export const userAddCommand: Command = {
  name: "user add",
  summary: "create a user (ADMIN, AUDITOR or EXECUTIVE)",
  usage: "--email E --name N --role ADMIN|AUDITOR|EXECUTIVE [--firm F --access-start YYYY-MM-DD --access-end YYYY-MM-DD --period NAME...]  (password from $USER_PASSWORD or stdin)",
  async run(args, io) {
    const { values } = parse(args, {
      email: { type: "string" },
      name: { type: "string" },
      role: { type: "string" },
      firm: { type: "string" },
      "access-start": { type: "string" },
      "access-end": { type: "string" },
      period: { type: "string", multiple: true },
    });
    if (!values.email || !values.name || !values.role) throw new UsageError("--email, --name and --role are required");
    const password = process.env.USER_PASSWORD ?? (await readAll(io.stdin)).trim();
    const user = await withDatabase(async (db) => {
      const periods = values.period?.length
        ? await db.auditPeriod.findMany({ where: { name: { in: values.period } } })
        : [];
      const missing = (values.period ?? []).filter((n) => !periods.some((p) => p.name === n));
      if (missing.length) throw new UsageError(`unknown period: ${missing.join(", ")}`);
      return createUser(db, {
        email: values.email!,
        name: values.name!,
        role: values.role!.toUpperCase() as "ADMIN",
        password,
        firm: values.firm,
        accessStart: values["access-start"],
        accessEnd: values["access-end"],
        periodIds: periods.map((p) => p.id),
      });
    });
    writeJson(io, { id: user.id, email: user.email, role: user.role });
    return 0;
  },
};

export const userDisableCommand: Command = {
  name: "user disable",
  summary: "disable a user (refused at the next request)",
  usage: "--email E",
  async run(args, io) {
    const { values } = parse(args, { email: { type: "string" } });
    if (!values.email) throw new UsageError("--email is required");
    const user = await withDatabase((db) => setUserStatus(db, values.email!, "DISABLED"));
    writeJson(io, { id: user.id, email: user.email, status: user.status });
    return 0;
  },
};

export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  if ((stream as { isTTY?: boolean }).isTTY) return "";
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}
