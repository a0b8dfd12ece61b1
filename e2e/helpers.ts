import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
import { DEMO_ACCOUNTS } from "../lib/demo/accounts";

export type DemoRole = "ADMIN" | "AUDITOR" | "EXECUTIVE";

export function account(role: DemoRole) {
  return DEMO_ACCOUNTS.find((a) => a.role === role)!;
}

export async function signIn(page: Page, role: DemoRole) {
  const a = account(role);
  await page.goto("/login");
  await page.getByLabel("Email").fill(a.email);
  await page.getByLabel("Password").fill(a.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

/** The e2e database's URL, for specs that check what a page wrote. */
export function e2eDatabaseUrl(): string {
  return JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../.e2e/state.json"), "utf8")).databaseUrl;
}
