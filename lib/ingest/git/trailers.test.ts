import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { parseTrailers } from "./trailers";

const strict = (m: string, knownKeys?: string[]) =>
  parseTrailers(m, { knownKeys }).strict.map((t) => `${t.key}: ${t.value}`);

describe("parseTrailers — strict (as git interpret-trailers)", () => {
  it("reads the last paragraph when every line is a trailer", () => {
    const msg = "Add pagination\n\nBody text here.\n\nSigned-off-by: Alice <a@x.example>\nCo-authored-by: Bob <b@x.example>\n";
    const { strict: s } = parseTrailers(msg);
    expect(s).toEqual([
      { key: "Signed-off-by", value: "Alice <a@x.example>", line: 5 },
      { key: "Co-authored-by", value: "Bob <b@x.example>", line: 6 },
    ]);
  });

  it("unfolds continuation lines", () => {
    const msg = "Subject\n\nBody.\n\nAssisted-by: Claude Opus 4\n  (claude-opus-4-1) via\n\tClaude Code\nReviewed-by: Carol <c@x>\n";
    expect(parseTrailers(msg).strict).toEqual([
      { key: "Assisted-by", value: "Claude Opus 4 (claude-opus-4-1) via Claude Code", line: 5 },
      { key: "Reviewed-by", value: "Carol <c@x>", line: 8 },
    ]);
  });

  it("ignores a last paragraph that is not a trailer block", () => {
    const msg = "Subject\n\nAI-Assisted: yes\n\nJust some prose at the end.\n";
    expect(parseTrailers(msg).strict).toEqual([]);
    expect(parseTrailers(msg).lenient).toEqual([{ key: "AI-Assisted", value: "yes", line: 3 }]);
  });

  it("never takes the title for trailers", () => {
    expect(strict("Fix: handle empty config\n")).toEqual([]);
    expect(strict("Fix: handle empty config\nSigned-off-by: A <a@x>\n")).toEqual([]);
  });

  it("keeps keys as written (mixed case) and allows spaces before the separator", () => {
    const msg = "Subject\n\nco-AUTHORED-by: Claude <noreply@anthropic.com>\nAssisted-By : aider\n";
    const s = parseTrailers(msg).strict;
    expect(s.map((t) => t.key)).toEqual(["co-AUTHORED-by", "Assisted-By"]);
    expect(s[1].value).toBe("aider");
  });

  it("accepts a mostly-prose paragraph with a Signed-off-by when ≥ 25% are trailers", () => {
    const three = "Subject\n\nprose one\nprose two\nprose three\nSigned-off-by: A <a@x>\n";
    expect(strict(three)).toEqual(["Signed-off-by: A <a@x>"]);
    const four = "Subject\n\nprose one\nprose two\nprose three\nprose four\nSigned-off-by: A <a@x>\n";
    expect(strict(four)).toEqual([]);
    // a non-git-generated trailer does not qualify a mixed paragraph…
    const reviewed = "Subject\n\nprose one\nReviewed-by: B <b@x>\n";
    expect(strict(reviewed)).toEqual([]);
    // …unless it is configured (trailer.<token>.key)
    expect(strict(reviewed, ["Reviewed-by"])).toEqual(["Reviewed-by: B <b@x>"]);
    // git compares its own "Signed-off-by: " prefix case-sensitively
    expect(strict("Subject\n\nprose one\nsigned-off-by: A <a@x>\n")).toEqual([]);
  });

  it("counts a cherry-pick line as git-generated", () => {
    const msg = "Subject\n\nsome prose\nmore prose\n(cherry picked from commit 0123456789abcdef)\nAI-Assisted: yes\n";
    expect(strict(msg)).toEqual(["AI-Assisted: yes"]);
  });

  it("treats a leading indented line as prose, not a continuation", () => {
    const msg = "Subject\n\n  indented first line\nAI-Assisted: yes\n";
    expect(strict(msg)).toEqual([]);
  });

  it("ignores trailing blank and comment lines, and CRLF", () => {
    expect(strict("Subject\r\n\r\nAI-Assisted: yes\r\n\r\n# comment\n\n")).toEqual(["AI-Assisted: yes"]);
  });

  it("agrees with git interpret-trailers --parse", () => {
    const messages = [
      "Subject\n\nBody.\n\nSigned-off-by: A <a@x>\nCo-authored-by: Claude <noreply@anthropic.com>\n",
      "Subject\n\nBody.\n\nKey: value\n  continued\n   more\nOther: x\n",
      "Subject\n\nprose\n\nmore prose\nAI-Assisted: yes\n",
      "Subject\n\nprose one\nprose two\nprose three\nSigned-off-by: A <a@x>\n",
      "Subject\n\nprose one\nprose two\nprose three\nprose four\nSigned-off-by: A <a@x>\n",
      "Subject\n\nfoo\nReviewed-by: R <r@x>\n",
      "Subject\n\nCo-AUTHORED-BY: Bob <b@x>\nassisted-by : aider (gpt-4o)\n",
      "Only a title: with colon\n",
      "Subject\n\n  indented\nKey: v\n",
      "Subject\n\nKey: v\n  cont\nprose\nSigned-off-by: A <a@x>\n",
      "Subject\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n",
    ];
    for (const m of messages) {
      const r = spawnSync("git", ["-c", "trailer.separators=:", "interpret-trailers", "--parse", "--no-divider"], {
        input: m,
        encoding: "utf8",
        env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null" },
      });
      expect(r.status, r.stderr).toBe(0);
      const fromGit = r.stdout.split("\n").filter(Boolean);
      // git prints the key as written with ": " — compare case-insensitively on keys
      const ours = parseTrailers(m).strict.map((t) => `${t.key}: ${t.value}`);
      expect(ours.map((x) => x.toLowerCase()), JSON.stringify(m)).toEqual(fromGit.map((x) => x.toLowerCase()));
    }
  });
});

describe("parseTrailers — lenient", () => {
  it("finds known keys on any line, indented or not", () => {
    const msg = "Subject\n\nSome text.\n   Co-authored-by: Claude <noreply@anthropic.com>\nGenerated-by: aider (gpt-4o)\n\nThe end.\n";
    const { strict: s, lenient } = parseTrailers(msg);
    expect(s).toEqual([]);
    expect(lenient).toEqual([
      { key: "Co-authored-by", value: "Claude <noreply@anthropic.com>", line: 4 },
      { key: "Generated-by", value: "aider (gpt-4o)", line: 5 },
    ]);
  });

  it("only reports the configured keys and needs a value", () => {
    const msg = "Subject\n\nFixes: #12\nAI-Assisted:\nMade-with: Cursor\n";
    expect(parseTrailers(msg).lenient).toEqual([]);
    expect(parseTrailers(msg, { lenientKeys: ["made-with"] }).lenient).toEqual([{ key: "Made-with", value: "Cursor", line: 5 }]);
  });

  it("includes the strict block's own lines", () => {
    const msg = "Subject\n\nAI-Assisted: yes\n";
    expect(parseTrailers(msg).lenient).toEqual(parseTrailers(msg).strict);
  });
});
