import { stat } from "node:fs/promises";
import type { Db } from "../../db/client";
import { ingestGitRepository } from "../../ingest/git-store";
import { isRepoPart } from "../../ingest/github/schemas";
import { syncGitHub } from "../../ingest/github/sync";
import { withDatabase } from "../database";
import { parse, UsageError, writeJson, type CliIo, type Command } from "../command";

function ownerName(value: string | undefined, flag: string): { owner: string; name: string } {
  const m = value ? /^([\w.-]+)\/([\w.-]+)$/.exec(value.trim()) : null;
  if (!m || !isRepoPart(m[1]) || !isRepoPart(m[2])) throw new UsageError(`${flag} must be OWNER/NAME`);
  return { owner: m[1], name: m[2] };
}

/** Re-evaluates the periods the new evidence touches (lib/controls/evaluate, when present). */
async function evaluateTouched(db: Db, times: Date[], io: CliIo): Promise<void> {
  if (times.length === 0) return;
  try {
    const mod = (await import("../../controls/evaluate" as string)) as { evaluateAffected?: (db: Db, times: Date[]) => Promise<unknown> };
    if (typeof mod.evaluateAffected === "function") await mod.evaluateAffected(db, times);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === "ERR_MODULE_NOT_FOUND" || /Cannot find module|Failed to load/.test(err.message)) return;
    io.stderr.write(`warning: control evaluation after ingest failed: ${err.message}\n`);
  }
}

export const ingestGitCommand: Command = {
  name: "ingest git",
  summary: "ingest a repository's production branch (local clone or bare repository), incrementally",
  usage: "--repo PATH --name OWNER/NAME [--branch BRANCH]",
  async run(args, io) {
    const { values } = parse(args, { repo: { type: "string" }, name: { type: "string" }, branch: { type: "string" } });
    if (!values.repo) throw new UsageError("--repo PATH is required");
    const { owner, name } = ownerName(values.name, "--name");
    const isDir = await stat(values.repo).then((s) => s.isDirectory(), () => false);
    if (!isDir) throw new UsageError(`not a directory: ${values.repo}`);
    const result = await withDatabase(async (db) => {
      const r = await ingestGitRepository(db, {
        repoPath: values.repo!,
        owner,
        name,
        branch: values.branch,
        log: (m) => io.stderr.write(m + "\n"),
      });
      await evaluateTouched(db, r.affectedTimes, io);
      return r;
    });
    const { affectedTimes: _t, ...summary } = result;
    writeJson(io, summary);
    return 0;
  },
};

export const ingestGithubCommand: Command = {
  name: "ingest github",
  summary: "sync merged pull requests, reviews and commits from GitHub (GITHUB_TOKEN), incrementally and resumably",
  usage: "--repo OWNER/NAME [--api-url https://ghe.example.com/api/v3] [--max-pages N]",
  async run(args, io) {
    const { values } = parse(args, { repo: { type: "string" }, "api-url": { type: "string" }, "max-pages": { type: "string" } });
    const { owner, name } = ownerName(values.repo, "--repo");
    const token = process.env.GITHUB_TOKEN ?? process.env.GH_TOKEN;
    if (!token) throw new UsageError("set GITHUB_TOKEN (a token with read access to the repository's pull requests)");
    const maxPages = values["max-pages"] === undefined ? undefined : Number(values["max-pages"]);
    if (maxPages !== undefined && (!Number.isInteger(maxPages) || maxPages < 1)) throw new UsageError("--max-pages must be a positive integer");
    const apiUrl = values["api-url"] ?? process.env.GITHUB_API_URL;
    if (apiUrl && !/^https?:\/\//.test(apiUrl)) throw new UsageError("--api-url must be an http(s) URL");
    const result = await withDatabase(async (db) => {
      const r = await syncGitHub(db, { owner, name, token, apiUrl, maxPages, log: (m) => io.stderr.write(m + "\n") });
      await evaluateTouched(db, r.affectedTimes, io);
      return r;
    });
    const { affectedTimes: _t, ...summary } = result;
    writeJson(io, summary);
    return 0;
  },
};
