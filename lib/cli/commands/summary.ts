import { withDatabase } from "../database";
import { parse, UsageError, writeJson, type Command } from "../command";
import { JOB_HANDLERS } from "../../jobs/handlers";
import { pendingJobs } from "../../jobs/queue";
import { runOnce } from "../../jobs/worker";
import { issueMonthlyReport } from "../../summary/issue";
import { isMonth } from "../../summary/month";
import { monthlySummary } from "../../summary/monthly";
import { rollUpAll, rollUpDays, rollUpMonths } from "../../summary/rollup";

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

export const rollupCommand: Command = {
  name: "rollup",
  summary: "recompute the daily roll-ups the summary reads (all data, a month range or a day range)",
  usage: "[--from-month YYYY-MM --to-month YYYY-MM | --from YYYY-MM-DD --to YYYY-MM-DD (exclusive)]  (default: everything)",
  async run(args, io) {
    const { values } = parse(args, {
      "from-month": { type: "string" },
      "to-month": { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
    });
    const result = await withDatabase(async (db) => {
      if (values["from-month"] || values["to-month"]) {
        const a = values["from-month"] ?? values["to-month"]!;
        const b = values["to-month"] ?? values["from-month"]!;
        if (!isMonth(a) || !isMonth(b) || a > b) throw new UsageError("--from-month and --to-month take YYYY-MM, in order");
        return rollUpMonths(db, a, b);
      }
      if (values.from || values.to) {
        if (!values.from || !values.to || !DAY_RE.test(values.from) || !DAY_RE.test(values.to) || values.from >= values.to) {
          throw new UsageError("--from and --to take YYYY-MM-DD, --to exclusive and after --from");
        }
        return rollUpDays(db, new Date(`${values.from}T00:00:00Z`), new Date(`${values.to}T00:00:00Z`));
      }
      return rollUpAll(db);
    });
    writeJson(io, result);
    return 0;
  },
};

export const summaryIssueCommand: Command = {
  name: "summary issue",
  summary: "roll up and issue (keep) a complete month's summary PDF",
  usage: "--month YYYY-MM [--force]  (--force replaces an issued report, or issues an empty month)",
  async run(args, io) {
    const { values } = parse(args, { month: { type: "string" }, force: { type: "boolean" } });
    if (!isMonth(values.month)) throw new UsageError("--month YYYY-MM is required");
    const result = await withDatabase((db) => issueMonthlyReport(db, values.month!, { trigger: values.force ? "cli-reissue" : "cli", force: values.force }));
    writeJson(io, result);
    return result.status === "incomplete" ? 1 : 0;
  },
};

export const summaryShowCommand: Command = {
  name: "summary show",
  summary: "print a month's summary (figures and readings) as JSON, from the roll-ups",
  usage: "--month YYYY-MM",
  async run(args, io) {
    const { values } = parse(args, { month: { type: "string" } });
    if (!isMonth(values.month)) throw new UsageError("--month YYYY-MM is required");
    writeJson(io, await withDatabase((db) => monthlySummary(db, values.month!)));
    return 0;
  },
};

export const jobsRunCommand: Command = {
  name: "jobs run",
  summary: "schedule and run the due background jobs once (monthly report, roll-ups), e.g. from cron",
  usage: "[--list]",
  async run(args, io) {
    const { values } = parse(args, { list: { type: "boolean" } });
    const result = await withDatabase(async (db) => {
      if (values.list) return { jobs: await pendingJobs(db) };
      const r = await runOnce(db, JOB_HANDLERS, new Date(), (m) => io.stderr.write(m + "\n"));
      return { scheduled: r.scheduled.filter((s) => s.created).map((s) => s.uniqueKey), ...r.run };
    });
    writeJson(io, result);
    return "failed" in result && result.failed > 0 ? 1 : 0;
  },
};
