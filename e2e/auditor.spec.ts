// The auditor's journey: sign in, see only the granted period, open the request list, draw a
// sample with a seed (and get the same items again with that seed), open a review record,
// download the evidence package and verify it, read their own access log. And the ADMIN's
// "preview as auditor".
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { expect, test, type Page } from "@playwright/test";
import { verifyPackage } from "../lib/evidence/exports/verify";
import { account, e2eDatabaseUrl, signIn } from "./helpers";

const YEAR = new Date().getUTCFullYear();
const GRANTED = `FY${YEAR}`;
const NOT_GRANTED = `FY${YEAR - 1}`;

test.describe.configure({ mode: "serial" });

async function sampleItems(page: Page): Promise<string[]> {
  const records = page.getByRole("region", { name: /^Review record \d+$/ });
  await expect(records.first()).toBeVisible();
  return records.locator("h3").allInnerTexts();
}

async function drawOnRequestList(page: Page, seed: string, size: number) {
  await page.goto("/requests");
  const form = page.getByRole("form", { name: "Draw a sample of production commits" });
  await form.getByLabel("Sample size").fill(String(size));
  await form.getByLabel("Seed").fill(seed);
  await form.getByRole("button", { name: "Draw a sample of production commits" }).click();
  await expect(page).toHaveURL(/\/samples\/[^/?]+$/);
  await expect(page.getByRole("heading", { level: 1, name: /Sample of CM-1/ })).toBeVisible();
  return { url: page.url(), items: await sampleItems(page) };
}

test("the auditor sees only the granted period and the five standard requests", async ({ page }) => {
  await signIn(page, "AUDITOR");
  await page.goto("/requests");
  await expect(page.getByRole("heading", { level: 1, name: "Auditor requests" })).toBeVisible();
  // one granted period: no choice of another
  const options = await page.locator("select[name=period] option").allInnerTexts();
  for (const o of options) expect(o).toContain(GRANTED);
  await expect(page.locator("main")).toContainText(GRANTED);
  await expect(page.locator("main")).not.toContainText(NOT_GRANTED);
  for (const title of ["1. AI coding tools in use", "2. Data egress policy", "3. Sample of production commits", "4. Review records of AI-assisted commits", "5. Confidential data and third-party models"]) {
    await expect(page.getByRole("heading", { level: 2, name: title })).toBeVisible();
  }
  await expect(page.getByRole("region", { name: "5. Confidential data and third-party models" })).toContainText("unverifiable");
  // the auditor can ask their own question
  await page.getByLabel("Title").fill("Evidence of quarterly access reviews");
  await page.getByLabel("What you need").fill("Please provide the Q3 review of gateway credentials.");
  await page.getByRole("button", { name: "Add request" }).click();
  await expect(page.getByRole("status")).toContainText("added");
  await expect(page.getByRole("link", { name: "Evidence of quarterly access reviews" })).toBeVisible();
});

test("the auditor draws a sample of 10 production commits; the same seed draws the same items", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "AUDITOR");
  const seed = `e2e-${Date.now().toString(36)}`;
  const first = await drawOnRequestList(page, seed, 10);
  expect(first.items).toHaveLength(10);
  await expect(page.getByText(seed, { exact: true }).first()).toBeVisible();

  // one review record: the pull request and its reviews (or the direct push), with AI attribution
  const record = page.getByRole("region", { name: "Review record 1", exact: true });
  await expect(record).toContainText("AI attribution");
  await expect(record).toContainText(/Pull request|direct push/);

  // the CSV of the sample carries the same keys
  const csv = await page.request.get(first.url.replace("/samples/", "/api/samples/"));
  expect(csv.ok()).toBe(true);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  expect((await csv.text()).split("\r\n").filter(Boolean)).toHaveLength(11);

  const again = await drawOnRequestList(page, seed, 10);
  expect(again.url).not.toBe(first.url);
  expect(again.items).toEqual(first.items);

  // re-deriving over today's population confirms it
  await page.getByRole("link", { name: "Re-derive now" }).click();
  await expect(page.getByRole("status")).toContainText("the same 10 items in the same order");

  const other = await drawOnRequestList(page, `${seed}-other`, 10);
  expect(other.items).not.toEqual(first.items);
});

test("the auditor downloads the evidence package, and it verifies", async ({ page }) => {
  test.setTimeout(240_000);
  await signIn(page, "AUDITOR");
  await page.goto("/exports");
  await expect(page.getByRole("heading", { level: 1, name: "Exports" })).toBeVisible();
  await expect(page.getByText("include internal notes")).toHaveCount(0);
  const [download] = await Promise.all([
    page.waitForEvent("download", { timeout: 200_000 }),
    page.getByRole("link", { name: "Download the evidence package (ZIP)" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^evidence-${GRANTED}-\\d{8}T\\d{6}Z\\.zip$`));
  const dir = mkdtempSync(path.join(os.tmpdir(), "e2e-package-"));
  try {
    const file = path.join(dir, download.suggestedFilename());
    await download.saveAs(file);
    const v = await verifyPackage(readFileSync(file));
    expect(v.problems).toEqual([]);
    expect(v.ok).toBe(true);
    expect(v.period).toBe(GRANTED);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // the export is on the page's list of past exports, and in the export chain
  await page.reload();
  await expect(page.getByRole("cell", { name: "package", exact: true }).first()).toBeVisible();
});

test("the auditor sees their own access-log entries and nobody else's", async ({ page }) => {
  await signIn(page, "AUDITOR");
  await page.goto("/access-log");
  await expect(page.getByRole("heading", { level: 1, name: "Access log" })).toBeVisible();
  const main = page.locator("main");
  await expect(main).toContainText("/requests");
  await expect(main).toContainText("/api/exports/package");
  await expect(main).not.toContainText(account("ADMIN").email);
  // the CSV is theirs only, too
  const csv = await (await page.request.get("/api/access-log")).text();
  const emails = new Set(csv.split("\r\n").slice(1).filter(Boolean).map((l) => l.split(",")[3]));
  expect([...emails]).toEqual([account("AUDITOR").email]);
});

test("the ADMIN previews exactly what the auditor sees, read-only, with a banner", async ({ page }) => {
  const c = new pg.Client({ connectionString: e2eDatabaseUrl() });
  await c.connect();
  const auditorId: string = (await c.query(`SELECT id FROM "User" WHERE email = $1`, [account("AUDITOR").email])).rows[0].id;
  await c.end();

  await signIn(page, "ADMIN");
  await page.goto(`/api/preview?auditor=${encodeURIComponent(auditorId)}`);
  const banner = page.getByRole("status").filter({ hasText: "Previewing as auditor" });
  await expect(banner).toContainText(account("AUDITOR").email);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Users" })).toHaveCount(0);
  await page.goto("/requests");
  await expect(page.locator("main")).not.toContainText(NOT_GRANTED);
  // writes are disabled in a preview: no draw form, no request form
  await expect(page.getByRole("form", { name: "Draw a sample of production commits" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Add request" })).toHaveCount(0);
  expect((await page.goto("/users"))?.status()).toBe(403);

  await page.goto("/requests");
  await page.getByRole("link", { name: "Stop preview" }).click();
  await expect(page).toHaveURL(/\/users/);
  await expect(page.getByRole("status").filter({ hasText: "Previewing as auditor" })).toHaveCount(0);
  await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
});
