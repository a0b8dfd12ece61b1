import { describe, expect, it } from "vitest";
import { CODEOWNERS_PATHS, codeownersPatternMatches as matches, ownersFor, parseCodeowners } from "./codeowners";

const owners = (text: string, path: string) => ownersFor(parseCodeowners(text), path).owners;

describe("parseCodeowners", () => {
  it("skips comments and blank lines, keeps ownerless lines, escaped #, inline comments", () => {
    const text = [
      "# This is a comment.",
      "",
      "*       @global-owner1 @global-owner2",
      "*.js    @js-owner #This is an inline comment.",
      "   ",
      "/apps/github",
      "\\#notes.md @doc-owner",
      "*.go docs@example.com\r",
      "!secret.txt @nobody",
      "*.[ch] @c-owner",
    ].join("\n");
    expect(parseCodeowners(text)).toEqual([
      { pattern: "*", owners: ["@global-owner1", "@global-owner2"], line: 3 },
      { pattern: "*.js", owners: ["@js-owner"], line: 4 },
      { pattern: "/apps/github", owners: [], line: 6 },
      { pattern: "\\#notes.md", owners: ["@doc-owner"], line: 7 },
      { pattern: "*.go", owners: ["docs@example.com"], line: 8 },
      { pattern: "!secret.txt", owners: ["@nobody"], line: 9, invalid: expect.stringContaining("negation") },
      { pattern: "*.[ch]", owners: ["@c-owner"], line: 10, invalid: expect.stringContaining("range") },
    ]);
    expect(owners(text, "#notes.md")).toEqual(["@doc-owner"]);
    expect(owners(text, "main.c")).toEqual(["@global-owner1", "@global-owner2"]); // invalid line skipped
  });

  it("knows where GitHub looks", () => {
    expect(CODEOWNERS_PATHS).toEqual([".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"]);
  });
});

describe("GitHub's documented examples", () => {
  it("* owns everything", () => {
    expect(matches("*", "README.md")).toBe(true);
    expect(matches("*", "a/b/c.txt")).toBe(true);
  });

  it("*.js matches at any depth", () => {
    expect(matches("*.js", "index.js")).toBe(true);
    expect(matches("*.js", "src/app/index.js")).toBe(true);
    expect(matches("*.js", "index.jsx")).toBe(false);
  });

  it("/build/logs/ is anchored at the root and owns everything below", () => {
    expect(matches("/build/logs/", "build/logs/app.log")).toBe(true);
    expect(matches("/build/logs/", "build/logs/2024/01/app.log")).toBe(true);
    expect(matches("/build/logs/", "src/build/logs/app.log")).toBe(false);
    expect(matches("/build/logs/", "build/logs")).toBe(false); // a file named logs is not the directory
  });

  it("docs/* matches direct children only", () => {
    expect(matches("docs/*", "docs/getting-started.md")).toBe(true);
    expect(matches("docs/*", "docs/build-app/troubleshooting.md")).toBe(false);
    expect(matches("docs/*", "other/docs/getting-started.md")).toBe(false);
  });

  it("apps/ matches an apps directory anywhere", () => {
    expect(matches("apps/", "apps/web/index.ts")).toBe(true);
    expect(matches("apps/", "packages/x/apps/index.ts")).toBe(true);
    expect(matches("apps/", "apps")).toBe(false);
    expect(matches("apps/", "myapps/index.ts")).toBe(false);
  });

  it("/docs/ only at the root; /scripts/ likewise", () => {
    expect(matches("/docs/", "docs/a.md")).toBe(true);
    expect(matches("/docs/", "src/docs/a.md")).toBe(false);
    expect(matches("/scripts/", "scripts/deploy/run.sh")).toBe(true);
  });

  it("**/logs matches a logs directory at any depth", () => {
    for (const p of ["build/logs/x.log", "scripts/logs/y", "deeply/nested/logs/z.txt", "logs/top.log"]) {
      expect(matches("**/logs", p), p).toBe(true);
    }
    expect(matches("**/logs", "build/catalogs/x")).toBe(false);
  });

  it("other ** forms", () => {
    expect(matches("docs/**", "docs/a/b/c.md")).toBe(true);
    expect(matches("docs/**", "src/docs/a.md")).toBe(false);
    expect(matches("a/**/b", "a/b")).toBe(true);
    expect(matches("a/**/b", "a/x/y/b")).toBe(true);
    expect(matches("a/**/b", "a/x/y/b/file.txt")).toBe(true);
    expect(matches("a/**/b", "c/a/x/b")).toBe(false);
  });

  it("a middle slash anchors the pattern (gitignore)", () => {
    expect(matches("src/payments", "src/payments/stripe.ts")).toBe(true);
    expect(matches("src/payments", "lib/src/payments/stripe.ts")).toBe(false);
  });

  it("an ownerless line clears ownership", () => {
    const text = "/apps/ @octocat\n/apps/github\n";
    expect(ownersFor(parseCodeowners(text), "apps/web/x.ts")).toMatchObject({ owners: ["@octocat"], rule: { line: 1 } });
    expect(ownersFor(parseCodeowners(text), "apps/github/x.ts")).toMatchObject({ owners: [], rule: { pattern: "/apps/github", line: 2 } });
    expect(ownersFor(parseCodeowners(text), "README.md")).toEqual({ owners: [], rule: null });
  });

  it("the last matching pattern wins", () => {
    const text = "/apps/ @octocat\n/apps/github @doctocat\n";
    expect(owners(text, "apps/github/x.ts")).toEqual(["@doctocat"]);
    const reversed = "/apps/github @doctocat\n/apps/ @octocat\n";
    expect(owners(reversed, "apps/github/x.ts")).toEqual(["@octocat"]);
    const global = "*.js @js-owner\n* @global\n";
    expect(owners(global, "a.js")).toEqual(["@global"]);
  });

  it("paths are case-sensitive", () => {
    expect(matches("/Docs/", "docs/a.md")).toBe(false);
    expect(matches("*.JS", "a.js")).toBe(false);
    expect(matches("/docs/", "Docs/a.md")).toBe(false);
  });

  it("? matches one character, not a slash", () => {
    expect(matches("file?.txt", "file1.txt")).toBe(true);
    expect(matches("a?b", "a/b")).toBe(false);
  });

  it("accepts leading slashes or ./ in the path", () => {
    expect(matches("/docs/", "/docs/a.md")).toBe(true);
    expect(matches("/docs/", "./docs/a.md")).toBe(true);
  });
});
