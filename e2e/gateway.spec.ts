import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

test("the ADMIN sees ingest runs with the quarantined record of the demo log", async ({ page }) => {
  await signIn(page, "ADMIN");
  await page.goto("/ingest");
  const row = page.getByRole("row").filter({ hasText: "demo/litellm-callbacks.jsonl" });
  await expect(row).toBeVisible();
  await expect(row.getByRole("cell").nth(7)).toHaveText("1");
});

test("the AUDITOR reads AI traffic down to a finding's masked excerpt, never the prompt", async ({ page }) => {
  await signIn(page, "AUDITOR");
  await page.goto("/traffic?findings=1");
  await expect(page.getByRole("heading", { name: "AI traffic" })).toBeVisible();
  const first = page.getByRole("row").nth(1).getByRole("link");
  await first.click();
  await expect(page.getByRole("heading", { name: /Gateway event \d+/ })).toBeVisible();
  const findings = page.getByRole("table").first();
  await expect(findings).toBeVisible();
  await expect(page.getByText("The prompt text was scanned when ingested and not kept")).toBeVisible();
  // the demo's raw values never reach a page
  const body = await page.content();
  for (const raw of ["4556 7375 8689 9855", "536-22-8146", "AKIAZ3MHALF7QDEMO7XQ", "S3cr3t-Pa55w0rd"]) expect(body).not.toContain(raw);
});

test("the ADMIN registers a shadow tool in one click; the AUDITOR only reads the register", async ({ page, browser }) => {
  await signIn(page, "ADMIN");
  await page.goto("/registers");
  const shadow = page.getByRole("row").filter({ hasText: "cursor" }).filter({ has: page.getByRole("button", { name: "Register" }) });
  await shadow.getByRole("button", { name: "Register" }).click();
  await expect(page.getByRole("row").filter({ hasText: "Anysphere" }).first()).toBeVisible();

  const auditor = await browser.newPage();
  await signIn(auditor, "AUDITOR");
  await auditor.goto("/registers");
  await expect(auditor.getByRole("heading", { name: /AI tool and vendor register/ })).toBeVisible();
  await expect(auditor.getByRole("button", { name: /Register|Save/ })).toHaveCount(0);
  await auditor.close();
});

test("the ADMIN invites an auditor with an access window and granted periods", async ({ page }) => {
  await signIn(page, "ADMIN");
  await page.goto("/users");
  await page.getByLabel("Email").fill("second.auditor@firm.example");
  await page.getByLabel("Name").fill("Second Auditor");
  await page.getByLabel("Initial password").fill("a-long-enough-password");
  await page.getByLabel("Firm").fill("Firm LLP");
  await page.getByLabel("Access from").fill("2026-01-01");
  await page.getByLabel("Access until").fill("2027-03-31");
  await page.getByLabel(/FY2026/).check();
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByRole("status")).toContainText("Created second.auditor@firm.example");
  await expect(page.getByRole("row").filter({ hasText: "second.auditor@firm.example" })).toContainText("FY2026");
});
