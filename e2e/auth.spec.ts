import { expect, test } from "@playwright/test";
import { account, signIn } from "./helpers";

test("an anonymous visitor is sent to the sign-in page", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole("heading", { name: "AI SDLC Evidence" })).toBeVisible();
});

test("a wrong password is refused with a clear message", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(account("ADMIN").email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Email or password is wrong" })).toBeVisible();
});

test("the ADMIN sees every section", async ({ page }) => {
  await signIn(page, "ADMIN");
  await expect(page.getByRole("heading", { name: "Control matrix" })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Main" });
  for (const label of ["Control matrix", "Exceptions", "Registers", "Auditor requests", "Summary", "Ingest", "Users", "Access log"]) {
    await expect(nav.getByRole("link", { name: label })).toBeVisible();
  }
});

test("the AUDITOR sees evidence but no administration", async ({ page }) => {
  await signIn(page, "AUDITOR");
  await expect(page.getByRole("heading", { name: "Control matrix" })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Exceptions" })).toBeVisible();
  for (const label of ["Ingest", "Users", "Summary"]) await expect(nav.getByRole("link", { name: label })).toHaveCount(0);
  const res = await page.goto("/users");
  expect(res?.status()).toBe(403);
});

test("the EXECUTIVE lands on the summary and cannot open ADMIN pages", async ({ page }) => {
  await signIn(page, "EXECUTIVE");
  await expect(page).toHaveURL(/\/summary/);
  const res = await page.goto("/ingest");
  expect(res?.status()).toBe(403);
});
