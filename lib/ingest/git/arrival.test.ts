import { describe, expect, it } from "vitest";
import { classifyArrival, patchIdKey } from "./arrival";

const A = "a".repeat(40);
const B = "b".repeat(40);
const C = "c".repeat(40);

describe("classifyArrival", () => {
  it("GitHub merge commit", () => {
    expect(classifyArrival({ sha: C, parents: [A, B], subject: "Merge pull request #42 from acme/feature-x" })).toEqual({
      kind: "merge",
      pullRequest: 42,
    });
  });

  it("a merge whose second parent is a refs/pull/N/head tip", () => {
    const heads = new Map([[B, 7]]);
    expect(classifyArrival({ sha: C, parents: [A, B], subject: "Merge branch 'feature-x'" }, heads)).toEqual({ kind: "merge", pullRequest: 7 });
  });

  it("a merge that is not a pull request is a direct push", () => {
    expect(classifyArrival({ sha: C, parents: [A, B], subject: "Merge branch 'hotfix'" })).toEqual({ kind: "direct", pullRequest: null });
    expect(classifyArrival({ sha: C, parents: [A, B], subject: "Merge branch 'hotfix'" }, new Map([[A, 3]]))).toEqual({
      kind: "direct",
      pullRequest: null,
    });
  });

  it("squash merge", () => {
    expect(classifyArrival({ sha: C, parents: [A], subject: "Add table sorting (#118)" })).toEqual({ kind: "squash", pullRequest: 118 });
    expect(classifyArrival({ sha: C, parents: [A], subject: "Fix #12 in the parser" })).toEqual({ kind: "direct", pullRequest: null });
  });

  it("rebase merge: by sha, or by patch-id", () => {
    const prCommits = new Map([
      [C, 9],
      [patchIdKey("f".repeat(40)), 10],
    ]);
    expect(classifyArrival({ sha: C, parents: [A], subject: "Refactor" }, prCommits)).toEqual({ kind: "rebase", pullRequest: 9 });
    expect(classifyArrival({ sha: B, parents: [A], subject: "Refactor", patchId: "f".repeat(40) }, prCommits)).toEqual({
      kind: "rebase",
      pullRequest: 10,
    });
    expect(classifyArrival({ sha: B, parents: [A], subject: "Refactor", patchId: "e".repeat(40) }, prCommits)).toEqual({
      kind: "direct",
      pullRequest: null,
    });
  });

  it("a plain commit and a root commit are direct", () => {
    expect(classifyArrival({ sha: C, parents: [A], subject: "Hotfix: config" })).toEqual({ kind: "direct", pullRequest: null });
    expect(classifyArrival({ sha: C, parents: [], subject: "Initial commit" })).toEqual({ kind: "direct", pullRequest: null });
  });
});
