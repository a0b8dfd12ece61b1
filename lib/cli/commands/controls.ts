import { evaluatePeriod } from "../../controls/evaluate";
import { withDatabase } from "../database";
import { parse, UsageError, writeJson, type Command } from "../command";

export const evaluateCommand: Command = {
  name: "evaluate",
  summary: "evaluate the control tests of an audit period (one JSON line per test)",
  usage: "--period NAME [--test CM-3 ...]",
  async run(args, io) {
    const { values } = parse(args, { period: { type: "string" }, test: { type: "string", multiple: true } });
    if (!values.period) throw new UsageError("--period is required");
    return withDatabase(async (db) => {
      const period = await db.auditPeriod.findFirst({ where: { OR: [{ name: values.period }, { id: values.period }] } });
      if (!period) throw new UsageError(`unknown period: ${values.period}`);
      const run = await evaluatePeriod(db, period.id, { trigger: "cli", only: values.test });
      if (run.status === "locked") {
        io.stderr.write(`period ${period.name} is locked: its results no longer change\n`);
        writeJson(io, { period: period.name, status: "locked" });
        return 3;
      }
      for (const t of run.tests) {
        writeJson(io, { test: t.test, result: t.result, populationSize: t.populationSize, exceptionCount: t.exceptionCount, opened: t.opened, reopened: t.reopened, cleared: t.cleared });
      }
      return 0;
    });
  },
};

export const periodsCommand: Command = {
  name: "periods",
  summary: "list the audit periods (JSON lines: id, name, start, end, state)",
  usage: "",
  async run(args, io) {
    parse(args, {});
    await withDatabase(async (db) => {
      const periods = await db.auditPeriod.findMany({ orderBy: { start: "asc" } });
      for (const p of periods) writeJson(io, { id: p.id, name: p.name, start: p.start.toISOString(), end: p.end.toISOString(), state: p.state });
    });
    return 0;
  },
};
