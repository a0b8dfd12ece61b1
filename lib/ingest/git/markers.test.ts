import { describe, expect, it } from "vitest";
import {
  DEFAULT_AI_MARKERS,
  compilePattern,
  detectAiMarkers,
  extractModel,
  isAiAssisted,
  type AiMarkerSettings,
} from "./markers";

const human = { authorName: "Alice Nguyen", authorEmail: "alice@acme.example", committerName: "Alice Nguyen", committerEmail: "alice@acme.example" };
const commit = (message: string, who: Partial<typeof human> = {}) => ({ ...human, ...who, message });

describe("detectAiMarkers — Co-authored-by agents", () => {
  const cases: [string, string][] = [
    ["Claude <noreply@anthropic.com>", "claude-code"],
    ["Claude Sonnet 4.5 <noreply@anthropic.com>", "claude-code"],
    ["claude[bot] <209825114+claude[bot]@users.noreply.github.com>", "claude-code"],
    ["Copilot <175728472+Copilot@users.noreply.github.com>", "copilot"],
    ["copilot-swe-agent[bot] <198982749+Copilot@users.noreply.github.com>", "copilot"],
    ["aider (openai/gpt-4o) <aider@aider.chat>", "aider"],
    ["Cursor Agent <cursoragent@cursor.com>", "cursor"],
    ["google-labs-jules[bot] <161369871+google-labs-jules[bot]@users.noreply.github.com>", "jules"],
    ["Codex <codex@openai.com>", "codex"],
    ["devin-ai-integration[bot] <158243242+devin-ai-integration[bot]@users.noreply.github.com>", "devin"],
    ["Amp <amp@ampcode.com>", "amp"],
  ];
  it.each(cases)("%s → %s", (identity, tool) => {
    const m = detectAiMarkers(commit(`Subject\n\nBody.\n\nCo-authored-by: ${identity}\n`));
    expect(m).toHaveLength(1);
    expect(m[0]).toMatchObject({ kind: "co-author", key: "Co-authored-by", value: identity, tool, parsing: "strict", line: 5 });
  });

  it("ignores human co-authors and look-alike names", () => {
    for (const id of [
      "Bob Smith <bob@acme.example>",
      "Sam Ampleford <sam@acme.example>",
      "Codexia Jones <cj@acme.example>",
      "Jane <12345+mycopilot@users.noreply.github.com>",
      "Claude Monet <claude@painters.example>",
    ]) {
      expect(detectAiMarkers(commit(`Subject\n\nCo-authored-by: ${id}\n`)), id).toEqual([]);
    }
  });
});

describe("detectAiMarkers — author and committer", () => {
  it.each([
    ["copilot-swe-agent[bot]", "198982749+Copilot@users.noreply.github.com", "copilot"],
    ["google-labs-jules[bot]", "161369871+google-labs-jules[bot]@users.noreply.github.com", "jules"],
    ["devin-ai-integration[bot]", "158243242+devin-ai-integration[bot]@users.noreply.github.com", "devin"],
    ["claude[bot]", "209825114+claude[bot]@users.noreply.github.com", "claude-code"],
    ["Alice Nguyen (aider)", "alice@acme.example", "aider"],
    ["Cursor Agent", "cursoragent@cursor.com", "cursor"],
  ])("%s as author and committer", (name, email, tool) => {
    const m = detectAiMarkers(commit("Fix things\n", { authorName: name, authorEmail: email, committerName: name, committerEmail: email }));
    expect(m).toEqual([
      { kind: "identity", key: "author", value: `${name} <${email}>`, tool, model: null, parsing: "strict", line: null },
      { kind: "identity", key: "committer", value: `${name} <${email}>`, tool, model: null, parsing: "strict", line: null },
    ]);
  });

  it("a human author committed by GitHub is not a marker", () => {
    expect(detectAiMarkers(commit("Merge pull request #1 from acme/x\n", { committerName: "GitHub", committerEmail: "noreply@github.com" }))).toEqual([]);
  });
});

describe("detectAiMarkers — trailers, lines, strict vs lenient", () => {
  it("AI-Assisted / Assisted-by / Generated-by in the trailer block are strict", () => {
    const m = detectAiMarkers(
      commit("Subject\n\nBody.\n\nAI-Assisted: yes\nAssisted-by: Claude Opus 4 (claude-opus-4-1)\nGenerated-by: aider (gpt-4o)\nSigned-off-by: Alice <a@x>\n"),
    );
    expect(m).toEqual([
      { kind: "trailer", key: "AI-Assisted", value: "yes", tool: null, model: null, parsing: "strict", line: 5 },
      { kind: "trailer", key: "Assisted-by", value: "Claude Opus 4 (claude-opus-4-1)", tool: "claude-code", model: "claude-opus-4-1", parsing: "strict", line: 6 },
      { kind: "trailer", key: "Generated-by", value: "aider (gpt-4o)", tool: "aider", model: "gpt-4o", parsing: "strict", line: 7 },
    ]);
  });

  it("the same trailers in the body are lenient", () => {
    const m = detectAiMarkers(commit("Subject\n\nBody.\nAI-Assisted: yes (Cursor, gpt-4.1)\n  Co-authored-by: Claude <noreply@anthropic.com>\n\nTested on staging.\n"));
    expect(m).toEqual([
      { kind: "trailer", key: "AI-Assisted", value: "yes (Cursor, gpt-4.1)", tool: "cursor", model: "gpt-4.1", parsing: "lenient", line: 4 },
      { kind: "co-author", key: "Co-authored-by", value: "Claude <noreply@anthropic.com>", tool: "claude-code", model: null, parsing: "lenient", line: 5 },
    ]);
  });

  it("keys compare case-insensitively", () => {
    const m = detectAiMarkers(commit("Subject\n\nai-assisted: TRUE\nCO-AUTHORED-BY: Claude <noreply@anthropic.com>\n"));
    expect(m.map((x) => [x.kind, x.key, x.parsing])).toEqual([
      ["trailer", "ai-assisted", "strict"],
      ["co-author", "CO-AUTHORED-BY", "strict"],
    ]);
  });

  it("a negative answer is not a marker", () => {
    for (const v of ["no", "No", "false", "none", "n/a", "No, written by hand"]) {
      expect(detectAiMarkers(commit(`Subject\n\nAI-Assisted: ${v}\n`)), v).toEqual([]);
    }
  });

  it("Claude Code's footer: a line marker and the co-author trailer", () => {
    const msg = "Add table sorting\n\nSorts by any column.\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)\n\nCo-Authored-By: Claude Sonnet 4.5 <noreply@anthropic.com>\n";
    const m = detectAiMarkers(commit(msg));
    expect(m).toEqual([
      {
        kind: "line",
        key: "*Generated with [Claude Code]*",
        value: "🤖 Generated with [Claude Code](https://claude.com/claude-code)",
        tool: "claude-code",
        model: null,
        parsing: "lenient",
        line: 5,
      },
      {
        kind: "co-author",
        key: "Co-Authored-By",
        value: "Claude Sonnet 4.5 <noreply@anthropic.com>",
        tool: "claude-code",
        model: "claude-sonnet-4.5",
        parsing: "strict",
        line: 7,
      },
    ]);
    expect(detectAiMarkers(commit("Subject\n\nGenerated with Claude Code\n"))[0]).toMatchObject({ kind: "line", tool: "claude-code" });
  });

  it("nothing on a plain human commit", () => {
    expect(isAiAssisted(commit("Fix bug\n\nSigned-off-by: Alice <a@x>\nReviewed-by: Bob <b@x>\n"))).toBe(false);
  });
});

describe("extractModel", () => {
  it.each([
    ["Claude Opus 4 (claude-opus-4-1)", "claude-opus-4-1"],
    ["aider (gpt-4o)", "gpt-4o"],
    ["aider (openai/gpt-4o)", "gpt-4o"],
    ["aider (anthropic/claude-3-5-sonnet-20241022)", "claude-3-5-sonnet-20241022"],
    ["Claude Sonnet 4.5", "claude-sonnet-4.5"],
    ["Claude Opus 4.1", "claude-opus-4.1"],
    ["Claude 3.5 Sonnet", "claude-3.5-sonnet"],
    ["Claude:claude-3-opus coccinelle", "claude-3-opus"],
    ["Cursor using GPT-4.1-mini", "gpt-4.1-mini"],
    ["Codex (o3)", "o3"],
    ["Gemini 2.5 Pro", "gemini-2.5-pro"],
    ["Claude", null],
    ["Claude Code", null],
    ["Copilot", null],
    ["Cursor Agent", null],
    ["yes", null],
    ["yes (see #123)", null],
  ])("%s → %s", (value, model) => {
    expect(extractModel(value)).toBe(model);
  });
});

describe("marker settings", () => {
  it("are plain JSON and behave the same after a round trip", () => {
    const copy = JSON.parse(JSON.stringify(DEFAULT_AI_MARKERS)) as AiMarkerSettings;
    expect(copy).toEqual(DEFAULT_AI_MARKERS);
    const msg = "Subject\n\nCo-authored-by: Cursor Agent <cursoragent@cursor.com>\n";
    expect(detectAiMarkers(commit(msg), copy)).toEqual(detectAiMarkers(commit(msg)));
  });

  it("custom keys, identities and lines", () => {
    const settings: AiMarkerSettings = {
      trailerKeys: ["Made-with"],
      agentIdentities: [{ pattern: "*@agents.acme.example", tool: "acme-agent" }],
      lines: [{ pattern: "written by robots", tool: "robots" }],
    };
    const m = detectAiMarkers(
      commit("Subject\n\nThis was WRITTEN BY ROBOTS, sorry.\n\nMade-with: Windsurf\nCo-authored-by: Bot <bot@agents.acme.example>\n"),
      settings,
    );
    expect(m.map((x) => [x.kind, x.tool])).toEqual([
      ["line", "robots"],
      ["trailer", null],
      ["co-author", "acme-agent"],
    ]);
    // the defaults are not in force
    expect(detectAiMarkers(commit("Subject\n\nAI-Assisted: yes\n"), settings)).toEqual([]);
  });

  it("patterns: substring or whole-string glob, case-insensitive", () => {
    expect(compilePattern("NOREPLY@anthropic.com")("Claude <noreply@anthropic.com>")).toBe(true);
    expect(compilePattern("Amp <*>")("Amp <amp@ampcode.com>")).toBe(true);
    expect(compilePattern("Amp <*>")("Sam Amp <s@x>")).toBe(false);
    expect(compilePattern("claude[bot]")("claude[bot] <1+claude[bot]@users.noreply.github.com>")).toBe(true);
    expect(compilePattern("v?")("v1")).toBe(true);
  });
});
