// Every page and route handler of the app, enumerated from the app/ directory itself at test
// time, checked against the authorisation table below. A route missing from the table fails the
// suite ("new route X: add it to the authorisation table"), so a new route cannot be forgotten.
//
// For the AUDITOR: ADMIN-only pages and handlers answer 403; every mutating handler refuses
// (403 for session-guarded ones, 401 for token/signature-authenticated ones); no form that
// changes data renders unless it declares a permission the AUDITOR holds (data-permission);
// objects and period views outside the auditor's grant (the locked previous year) are 404 or
// show nothing of that period. For the ADMIN, the same pages answer 200 (the 403s are real).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { expect, test, type APIRequestContext, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { MUTATING_PERMISSIONS, PERMISSIONS, type Permission } from "../lib/auth/permissions";
import { account, e2eDatabaseUrl, signIn } from "./helpers";

// ---------------------------------------------------------------- discovery

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
const MUTATING: Method[] = ["POST", "PUT", "PATCH", "DELETE"];

interface Discovered {
  kind: "page" | "route";
  /** "/traffic/[id]", "/api/samples/[id]" */
  pattern: string;
  file: string;
  methods: Method[];
}

const APP_DIR = path.resolve(import.meta.dirname, "../app");

function discover(dir = APP_DIR, segments: string[] = []): Discovered[] {
  const out: Discovered[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      // (group) folders do not appear in the URL; _private and @slot folders are not routes
      if (entry.name.startsWith("_") || entry.name.startsWith("@")) continue;
      const seg = /^\(.*\)$/.test(entry.name) ? [] : [entry.name];
      out.push(...discover(path.join(dir, entry.name), [...segments, ...seg]));
    } else if (/^page\.(tsx|ts|jsx|js)$/.test(entry.name) || /^route\.(ts|js)$/.test(entry.name)) {
      const file = path.join(dir, entry.name);
      const kind = entry.name.startsWith("page") ? "page" : "route";
      const methods: Method[] = [];
      if (kind === "route") {
        const src = readFileSync(file, "utf8");
        for (const m of ["GET", "POST", "PUT", "PATCH", "DELETE"] as Method[]) {
          const direct = new RegExp(`export\\s+(const|let|async\\s+function|function)\\s+${m}\\b`).test(src);
          const reexported = new RegExp(`export\\s*\\{[^}]*\\bas\\s+${m}\\b[^}]*\\}`).test(src) || new RegExp(`export\\s*\\{[^}]*\\b${m}\\b[^}]*\\}`).test(src);
          if (direct || reexported) methods.push(m);
        }
      }
      out.push({ kind, pattern: "/" + segments.join("/"), file: path.relative(APP_DIR, file), methods });
    }
  }
  return out.sort((a, b) => a.pattern.localeCompare(b.pattern));
}

// ---------------------------------------------------------------- fixtures in the e2e database

interface Ctx {
  granted: { id: string; name: string; start: Date };
  outside: { id: string; name: string; start: Date };
  auditorId: string;
  adminId: string;
  month: string;
}

type Params = Record<string, string>;
/** Finds the values of a route's [params] in the e2e database (null: nothing to test with). */
type Resolver = (c: pg.Client, ctx: Ctx) => Promise<Params | null>;

const one = async (c: pg.Client, sql: string, args: unknown[]): Promise<Params | null> => (await c.query(sql, args)).rows[0] ?? null;

const FIX = {
  sampleIn: "e2e-authz-sample-in",
  sampleOut: "e2e-authz-sample-out",
  requestIn: "e2e-authz-request-in",
  requestOut: "e2e-authz-request-out",
  attachmentIn: "e2e-authz-attachment-in",
  attachmentOut: "e2e-authz-attachment-out",
  exceptionOut: "e2e-authz-exception-out",
  commitOut: "e2e-authz-commit-out",
  eventKey: "e2e-authz-event-out",
  shaOut: "e2e0" + "0".repeat(36),
  prOut: 999_901,
};

const inPeriod = (alias: string, col: string) => `${alias}."${col}" >= p.start AND ${alias}."${col}" < p."end"`;

const R = {
  commit: (which: "granted" | "outside"): Resolver => (c, ctx) =>
    one(c, `SELECT r.owner, r.name, cm.sha FROM "Commit" cm JOIN "Repository" r ON r.id = cm."repositoryId", "AuditPeriod" p
            WHERE p.id = $1 AND cm."isProduction" AND ${inPeriod("cm", "committedAt")} ORDER BY cm."committedAt" DESC LIMIT 1`, [ctx[which].id]),
  pull: (which: "granted" | "outside"): Resolver => (c, ctx) =>
    one(c, `SELECT r.owner, r.name, pr.number::text AS number FROM "PullRequest" pr JOIN "Repository" r ON r.id = pr."repositoryId", "AuditPeriod" p
            WHERE p.id = $1 AND pr."mergedAt" IS NOT NULL AND ${inPeriod("pr", "mergedAt")} ORDER BY pr."mergedAt" DESC LIMIT 1`, [ctx[which].id]),
  event: (which: "granted" | "outside"): Resolver => (c, ctx) =>
    one(c, `SELECT e.id::text AS id FROM "AiEvent" e, "AuditPeriod" p WHERE p.id = $1 AND ${inPeriod("e", "occurredAt")} ORDER BY e."occurredAt" DESC LIMIT 1`, [ctx[which].id]),
  exception: (which: "granted" | "outside"): Resolver => (c, ctx) =>
    one(c, `SELECT id FROM "ControlException" WHERE "periodId" = $1 ORDER BY "firstSeenAt" DESC LIMIT 1`, [ctx[which].id]),
  fixed: (p: Params): Resolver => async () => p,
};

async function createFixtures(c: pg.Client, ctx: Ctx) {
  const within = (p: { start: Date }) => new Date(p.start.getTime() + 10 * 86_400_000);
  const anyCommitKey = (await one(c, `SELECT 'commit:' || r.owner || '/' || r.name || ':' || cm.sha AS key FROM "Commit" cm JOIN "Repository" r ON r.id = cm."repositoryId" LIMIT 1`, []))?.key ?? "commit:acme/none:" + "0".repeat(40);
  for (const [id, periodId] of [[FIX.sampleIn, ctx.granted.id], [FIX.sampleOut, ctx.outside.id]]) {
    await c.query(
      `INSERT INTO "Sample" (id, "periodId", "testId", size, seed, "populationHash", "populationSize", "itemKeys", "drawnById") VALUES ($1, $2, 'CM-1', 1, 'authz', $3, 1, $4, $5) ON CONFLICT (id) DO NOTHING`,
      [id, periodId, "0".repeat(64), [anyCommitKey], ctx.adminId],
    );
  }
  for (const [id, periodId, att] of [[FIX.requestIn, ctx.granted.id, FIX.attachmentIn], [FIX.requestOut, ctx.outside.id, FIX.attachmentOut]]) {
    await c.query(`INSERT INTO "AuditorRequest" (id, "periodId", title, body, "createdById") VALUES ($1, $2, 'Authorisation fixture', '', $3) ON CONFLICT (id) DO NOTHING`, [id, periodId, ctx.auditorId]);
    await c.query(
      `INSERT INTO "RequestAttachment" (id, "requestId", filename, "contentType", sha256, content) VALUES ($1, $2, 'fixture.txt', 'text/plain', encode(sha256('fixture'::bytea), 'hex'), 'fixture'::bytea) ON CONFLICT (id) DO NOTHING`,
      [att, id],
    );
  }
  const ev = await one(c, `INSERT INTO "AiEvent" (source, "naturalKey", "occurredAt", "hasPayload", tags) VALUES ('generic', $1, $2, false, '{}')
                           ON CONFLICT (source, "naturalKey") DO UPDATE SET "occurredAt" = EXCLUDED."occurredAt" RETURNING id::text AS id`, [FIX.eventKey, within(ctx.outside)]);
  await c.query(
    `INSERT INTO "ControlException" (id, "periodId", "testId", "itemKey", "itemType", "itemRef", summary, details) VALUES ($1, $2, 'DC-3', $3, 'AI_EVENT', $4, 'Authorisation fixture', '{}') ON CONFLICT (id) DO NOTHING`,
    [FIX.exceptionOut, ctx.outside.id, `event:${ev!.id}`, ev!.id],
  );
  const repo = await one(c, `SELECT id FROM "Repository" ORDER BY owner, name LIMIT 1`, []);
  if (repo) {
    await c.query(
      `INSERT INTO "Commit" (id, "repositoryId", sha, parents, "authorName", "authorEmail", "authoredAt", "committerName", "committerEmail", "committedAt", subject, message, trailers, "isProduction", arrival, "pullNumber", "changedPaths", "aiTools", "aiModels", "memberShas")
       VALUES ($1, $2, $3, '{}', 'Fixture', 'fixture@demo.example', $4, 'Fixture', 'fixture@demo.example', $4, 'Authorisation fixture', 'Authorisation fixture', '{}', true, 'SQUASH', $5, '{}', '{}', '{}', '{}')
       ON CONFLICT DO NOTHING`,
      [FIX.commitOut, repo.id, FIX.shaOut, within(ctx.outside), FIX.prOut],
    );
    await c.query(
      `INSERT INTO "PullRequest" (id, "repositoryId", number, title, state, "mergedAt", "mergeCommitSha", "commitShas") VALUES ($1, $2, $3, 'Authorisation fixture', 'closed', $4, $5, '{}') ON CONFLICT DO NOTHING`,
      [FIX.commitOut, repo.id, FIX.prOut, within(ctx.outside), FIX.shaOut],
    );
  }
}

async function dropFixtures(c: pg.Client) {
  await c.query(`DELETE FROM "ControlException" WHERE id = $1`, [FIX.exceptionOut]);
  await c.query(`DELETE FROM "Sample" WHERE id = ANY($1)`, [[FIX.sampleIn, FIX.sampleOut]]);
  await c.query(`DELETE FROM "AuditorRequest" WHERE id = ANY($1)`, [[FIX.requestIn, FIX.requestOut]]);
  await c.query(`DELETE FROM "PullRequest" WHERE id = $1`, [FIX.commitOut]);
  await c.query(`DELETE FROM "Commit" WHERE id = $1`, [FIX.commitOut]);
  await c.query(`DELETE FROM "AiEvent" WHERE source = 'generic' AND "naturalKey" = $1`, [FIX.eventKey]);
}

// ---------------------------------------------------------------- the authorisation table

type Status = 200 | 401 | 403 | 404 | 503;

interface PageRule {
  kind: "page";
  /** what the AUDITOR gets (after redirects) */
  auditor: Status;
  /** reachable without signing in (the sign-in page) */
  public?: boolean;
  params?: Resolver;
  /** an object of the period outside the grant: the AUDITOR gets 404 */
  outside?: Resolver;
  /** shows one period chosen with ?period=: asking for one outside the grant shows none of it */
  periodScoped?: boolean;
}

interface RouteRule {
  kind: "route";
  /** expected status per method for the AUDITOR; a mutating method must be refused (401/403) */
  auditor: Partial<Record<Method, Status | Status[]>>;
  params?: Resolver;
  outside?: Resolver;
  /** GET with ?period=: the granted period answers, the outside one is 404 */
  periodScoped?: boolean;
  query?: (ctx: Ctx) => string;
  /** permitted GETs that are too slow to run here (checked by the auditor journey) */
  skipPermitted?: boolean;
  /** not guarded by our session guard at all (next-auth's own endpoints, health) */
  public?: string;
}

type Rule = PageRule | RouteRule;
const page = (r: Omit<PageRule, "kind">): PageRule => ({ kind: "page", ...r });
const route = (r: Omit<RouteRule, "kind">): RouteRule => ({ kind: "route", ...r });

const TABLE: Record<string, Rule> = {
  // ---- pages
  "/": page({ auditor: 200, periodScoped: true }),
  "/home": page({ auditor: 200 }),
  "/login": page({ auditor: 200, public: true }),
  "/access-log": page({ auditor: 200 }),
  "/changes": page({ auditor: 200, periodScoped: true }),
  "/changes/[owner]/[name]/[sha]": page({ auditor: 200, params: R.commit("granted"), outside: R.commit("outside") }),
  "/changes/[owner]/[name]/pull/[number]": page({ auditor: 200, params: R.pull("granted"), outside: R.pull("outside") }),
  "/controls/[testId]": page({ auditor: 200, params: R.fixed({ testId: "CM-3" }), periodScoped: true }),
  "/exceptions": page({ auditor: 200, periodScoped: true }),
  "/exceptions/[id]": page({ auditor: 200, params: R.exception("granted"), outside: R.fixed({ id: FIX.exceptionOut }) }),
  "/exports": page({ auditor: 200, periodScoped: true }),
  "/ingest": page({ auditor: 403 }),
  "/people": page({ auditor: 200 }),
  "/periods": page({ auditor: 403 }),
  "/policy": page({ auditor: 200 }),
  "/registers": page({ auditor: 200 }),
  "/requests": page({ auditor: 200, periodScoped: true }),
  "/requests/[id]": page({ auditor: 200, params: R.fixed({ id: FIX.requestIn }), outside: R.fixed({ id: FIX.requestOut }) }),
  "/samples": page({ auditor: 200, periodScoped: true }),
  "/samples/[id]": page({ auditor: 200, params: R.fixed({ id: FIX.sampleIn }), outside: R.fixed({ id: FIX.sampleOut }) }),
  "/settings": page({ auditor: 403 }),
  "/summary": page({ auditor: 403 }),
  "/summary/reports": page({ auditor: 403 }),
  "/traffic": page({ auditor: 200, periodScoped: true }),
  "/traffic/[id]": page({ auditor: 200, params: R.event("granted"), outside: R.event("outside") }),
  "/users": page({ auditor: 403 }),

  // ---- route handlers
  "/api/access-log": route({ auditor: { GET: 200 } }),
  "/api/auth/[...nextauth]": route({ auditor: {}, public: "next-auth's own sign-in endpoints (CSRF-protected)" }),
  "/api/controls/[testId]/population.csv": route({ auditor: { GET: 200 }, params: R.fixed({ testId: "CM-1" }), periodScoped: true }),
  "/api/exceptions.csv": route({ auditor: { GET: 200 }, periodScoped: true }),
  "/api/exports/control/[controlId]": route({ auditor: { GET: 200 }, params: R.fixed({ controlId: "CC6.1" }), periodScoped: true, skipPermitted: true }),
  "/api/exports/exceptions": route({ auditor: { GET: 200 }, periodScoped: true }),
  "/api/exports/matrix": route({ auditor: { GET: 200 }, periodScoped: true }),
  "/api/exports/package": route({ auditor: { GET: 200 }, periodScoped: true, skipPermitted: true }),
  "/api/exports/population/[testId]": route({ auditor: { GET: 200 }, params: R.fixed({ testId: "CM-1" }), periodScoped: true }),
  "/api/guardrail/beta/litellm_basic_guardrail_api": route({ auditor: { POST: 401 } }),
  "/api/health": route({ auditor: { GET: 200 }, public: "liveness probe, says nothing about the data" }),
  "/api/ingest/litellm": route({ auditor: { POST: 401 } }),
  "/api/preview": route({ auditor: { GET: 403 }, query: (ctx) => `auditor=${encodeURIComponent(ctx.auditorId)}` }),
  "/api/requests/[id]/answer": route({ auditor: { POST: 403 }, params: R.fixed({ id: FIX.requestIn }) }),
  "/api/requests/attachments/[id]": route({ auditor: { GET: 200 }, params: R.fixed({ id: FIX.attachmentIn }), outside: R.fixed({ id: FIX.attachmentOut }) }),
  "/api/requests/standard/[n]": route({ auditor: { GET: 200 }, params: R.fixed({ n: "1" }), periodScoped: true }),
  "/api/samples/[id]": route({ auditor: { GET: 200 }, params: R.fixed({ id: FIX.sampleIn }), outside: R.fixed({ id: FIX.sampleOut }) }),
  "/api/summary/[month]/pdf": route({ auditor: { GET: 403 }, params: (_c, ctx) => Promise.resolve({ month: ctx.month }) }),
  // signature-authenticated (503 when no secret is configured): never by a session
  "/api/webhooks/github": route({ auditor: { POST: [401, 503] } }),
};

// ---------------------------------------------------------------- helpers

const AUDITOR_PERMISSIONS = (Object.keys(PERMISSIONS) as Permission[]).filter(
  (p) => (PERMISSIONS[p] as readonly string[]).includes("AUDITOR") && !MUTATING_PERMISSIONS.includes(p),
);

function fill(pattern: string, params: Params | null): string {
  return pattern.replace(/\[(?:\.\.\.)?([^\]]+)\]/g, (_, name: string) => {
    const v = params?.[name];
    if (v === undefined) throw new Error(`${pattern}: no value for [${name}] in the e2e database`);
    return encodeURIComponent(v);
  });
}

const withQuery = (url: string, q: string | undefined) => (q ? `${url}${url.includes("?") ? "&" : "?"}${q}` : url);

/** Forms that change data: POST forms and React server-action forms ($ACTION_ inputs). */
async function mutatingForms(p: Page) {
  return p.evaluate(() =>
    [...document.querySelectorAll("form")]
      .filter((f) => (f.getAttribute("method") ?? "get").toLowerCase() === "post" || f.querySelector('input[name^="$ACTION_"]'))
      .map((f) => ({ permission: f.getAttribute("data-permission"), html: f.outerHTML.slice(0, 240) })),
  );
}

async function status(req: APIRequestContext, method: Method, url: string): Promise<number> {
  const res = await req.fetch(url, {
    method,
    maxRedirects: 0,
    failOnStatusCode: false,
    headers: method === "GET" ? {} : { "content-type": "application/json" },
    data: method === "GET" ? undefined : "{}",
  });
  await res.dispose();
  return res.status();
}

// ---------------------------------------------------------------- the tests

test.describe.configure({ mode: "serial" });

let client: pg.Client;
let ctx: Ctx;
let auditorContext: BrowserContext;
let adminContext: BrowserContext;
let auditorPage: Page;
let adminPage: Page;
const discovered = discover();

async function signedIn(browser: Browser, role: "ADMIN" | "AUDITOR") {
  const context = await browser.newContext();
  const p = await context.newPage();
  await signIn(p, role);
  return { context, page: p };
}

test.beforeAll(async ({ browser }) => {
  client = new pg.Client({ connectionString: e2eDatabaseUrl() });
  await client.connect();
  const auditor = (await client.query(`SELECT id FROM "User" WHERE email = $1`, [account("AUDITOR").email])).rows[0];
  const admin = (await client.query(`SELECT id FROM "User" WHERE email = $1`, [account("ADMIN").email])).rows[0];
  const periods = (await client.query(`SELECT p.id, p.name, p.start, EXISTS (SELECT 1 FROM "AuditorPeriodGrant" g WHERE g."periodId" = p.id AND g."userId" = $1) AS granted FROM "AuditPeriod" p ORDER BY p.start DESC`, [auditor.id])).rows;
  const granted = periods.find((p) => p.granted);
  const outside = periods.find((p) => !p.granted);
  if (!granted || !outside) throw new Error("the e2e database needs a period granted to the demo auditor and one that is not");
  const now = new Date();
  ctx = { granted, outside, auditorId: auditor.id, adminId: admin.id, month: `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, "0")}` };
  await createFixtures(client, ctx);
  ({ context: auditorContext, page: auditorPage } = await signedIn(browser, "AUDITOR"));
  ({ context: adminContext, page: adminPage } = await signedIn(browser, "ADMIN"));
});

test.afterAll(async () => {
  await auditorContext?.close();
  await adminContext?.close();
  if (client) {
    await dropFixtures(client);
    await client.end();
  }
});

test("every page and route handler is in the authorisation table", () => {
  expect(discovered.length).toBeGreaterThan(10);
  const problems: string[] = [];
  for (const d of discovered) {
    const rule = TABLE[d.pattern];
    if (!rule) {
      problems.push(`new ${d.kind} ${d.pattern} (app/${d.file}): add it to the authorisation table in e2e/authorisation.spec.ts`);
      continue;
    }
    if (rule.kind !== d.kind) problems.push(`${d.pattern} is a ${d.kind}, the table says ${rule.kind}`);
    if (rule.kind === "route") {
      for (const m of d.methods) if (!(m in rule.auditor) && !rule.public) problems.push(`${d.pattern} exports ${m}: add its expected status to the authorisation table`);
      for (const m of Object.keys(rule.auditor)) if (!d.methods.includes(m as Method)) problems.push(`${d.pattern} no longer exports ${m}: update the authorisation table`);
    }
  }
  for (const pattern of Object.keys(TABLE)) if (!discovered.some((d) => d.pattern === pattern)) problems.push(`${pattern} is in the authorisation table but no longer in app/: remove it`);
  expect(problems, problems.join("\n")).toEqual([]);
});

test("no mutating route handler accepts the AUDITOR, and ADMIN-only handlers answer 403", async () => {
  test.setTimeout(180_000);
  const req = auditorPage.request;
  const problems: string[] = [];
  for (const d of discovered.filter((x) => x.kind === "route")) {
    const rule = TABLE[d.pattern] as RouteRule | undefined;
    if (!rule || rule.kind !== "route" || rule.public) continue;
    const params = rule.params ? await rule.params(client, ctx) : null;
    let url = withQuery(fill(d.pattern, params), rule.query?.(ctx));
    if (rule.periodScoped) url = withQuery(url, `period=${encodeURIComponent(ctx.granted.id)}`);
    for (const m of d.methods) {
      const expected = rule.auditor[m];
      if (expected === undefined) continue;
      const allowed = Array.isArray(expected) ? expected : [expected];
      if (MUTATING.includes(m) && allowed.some((s) => s < 400)) problems.push(`${m} ${d.pattern}: the table lets the AUDITOR mutate`);
      if (m === "GET" && rule.skipPermitted && allowed.includes(200)) continue;
      const got = await status(req, m, url);
      if (!allowed.includes(got as Status)) problems.push(`${m} ${url}: AUDITOR got ${got}, expected ${allowed.join(" or ")}`);
    }
  }
  expect(problems, problems.join("\n")).toEqual([]);
});

test("ADMIN-only pages answer 403 to the AUDITOR and 200 to the ADMIN; no form that changes data renders for the AUDITOR", async () => {
  test.setTimeout(300_000);
  const problems: string[] = [];
  for (const d of discovered.filter((x) => x.kind === "page")) {
    const rule = TABLE[d.pattern] as PageRule | undefined;
    if (!rule || rule.kind !== "page") continue;
    const params = rule.params ? await rule.params(client, ctx) : null;
    if (rule.params && !params) {
      problems.push(`${d.pattern}: nothing in the e2e database to open it with`);
      continue;
    }
    const url = fill(d.pattern, params);
    const res = await auditorPage.goto(url);
    const got = res?.status() ?? 0;
    if (got !== rule.auditor) problems.push(`GET ${url}: AUDITOR got ${got}, expected ${rule.auditor}`);
    if (got === 200) {
      for (const f of await mutatingForms(auditorPage)) {
        if (!f.permission || !AUDITOR_PERMISSIONS.includes(f.permission as Permission)) {
          problems.push(`${url}: a form that changes data renders for the AUDITOR (data-permission=${f.permission ?? "none"}): ${f.html}`);
        }
      }
    }
    if (rule.auditor === 403 && !rule.public) {
      const admin = await adminPage.goto(url);
      if (admin?.status() !== 200) problems.push(`GET ${url}: ADMIN got ${admin?.status()}, expected 200 (so the AUDITOR's 403 proves nothing)`);
    }
  }
  expect(problems, problems.join("\n")).toEqual([]);
});

test("nothing outside the AUDITOR's granted periods: objects are 404, period views show none of it", async () => {
  test.setTimeout(300_000);
  const problems: string[] = [];
  const outsideName = ctx.outside.name;
  for (const d of discovered) {
    const rule = TABLE[d.pattern];
    if (!rule || ("public" in rule && rule.public)) continue;
    if (rule.outside) {
      const params = await rule.outside(client, ctx);
      if (!params) {
        problems.push(`${d.pattern}: no object of ${outsideName} in the e2e database to test with`);
        continue;
      }
      const url = fill(d.pattern, params);
      const got = d.kind === "page" ? (await auditorPage.goto(url))?.status() : await status(auditorPage.request, "GET", url);
      if (got !== 404) problems.push(`GET ${url} (an object of ${outsideName}): AUDITOR got ${got}, expected 404`);
      if (d.kind === "page") {
        // the same object opens for the ADMIN, so the 404 is the grant, not a broken fixture
        const admin = await adminPage.goto(url);
        if (admin?.status() !== 200) problems.push(`GET ${url}: ADMIN got ${admin?.status()}, expected 200`);
      }
    }
    if (rule.periodScoped) {
      const params = rule.params ? await rule.params(client, ctx) : null;
      const base = fill(d.pattern, params);
      const url = withQuery(withQuery(base, rule.kind === "route" ? rule.query?.(ctx) : undefined), `period=${encodeURIComponent(ctx.outside.id)}`);
      if (d.kind === "page") {
        const res = await auditorPage.goto(url);
        const got = res?.status() ?? 0;
        if (got !== 200 && got !== 404) problems.push(`GET ${url}: AUDITOR got ${got}, expected 404 or the granted period`);
        const text = await auditorPage.locator("main").innerText().catch(() => "");
        if (text.includes(outsideName)) problems.push(`GET ${url}: the page shows ${outsideName}, which the AUDITOR was not granted`);
        const options = await auditorPage.locator("select[name=period] option").allInnerTexts();
        if (options.some((o) => o.includes(outsideName))) problems.push(`GET ${url}: the period picker offers ${outsideName}`);
      } else {
        const got = await status(auditorPage.request, "GET", url);
        if (got !== 404) problems.push(`GET ${url}: AUDITOR got ${got}, expected 404`);
      }
    }
  }
  expect(problems, problems.join("\n")).toEqual([]);
});
