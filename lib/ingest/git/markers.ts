/**
 * AI markers on a commit (CM-4): trailers, Co-authored-by an agent, an agent as author or
 * committer, a "Generated with Claude Code" line. The settings are plain JSON so they can
 * be stored, edited and shown to an auditor as the policy in force.
 *
 * Pattern language (agentIdentities, lines): case-insensitive. A pattern without `*`/`?`
 * is a substring; a pattern with `*` (any run of characters) or `?` (one character) is a
 * glob that must match the whole subject. Identity patterns are matched against
 * `Name <email>` (and against the bare name and bare email); line patterns against each
 * trimmed line of the message.
 *
 * Model normalisation (`AiMarker.model`): lower case, whitespace runs → "-", a leading
 * provider prefix ("openai/", "anthropic/", "bedrock/…/") removed, surrounding
 * punctuation trimmed. Sources, first match wins:
 *   1. a parenthesised model in the value: "Claude Opus 4 (claude-opus-4-1)" → "claude-opus-4-1",
 *      "aider (openai/gpt-4o) <aider@aider.chat>" → "gpt-4o";
 *   2. the kernel-style "Agent:model" value: "Claude:claude-3-opus" → "claude-3-opus";
 *   3. a model id anywhere in the value: "… using gpt-4.1-mini" → "gpt-4.1-mini";
 *   4. a display name made of a model family and a version: "Claude Sonnet 4.5 <noreply@…>"
 *      → "claude-sonnet-4.5", "Claude 3.5 Sonnet" → "claude-3.5-sonnet", "GPT-4o" → "gpt-4o".
 * A bare tool name ("Claude", "Copilot", "Cursor Agent", "Claude Code") is no model: null.
 */
import { messageLines, parseTrailers, type Trailer } from "./trailers";

export interface PatternRule {
  /** case-insensitive substring, or a glob with `*` / `?` matched against the whole subject */
  pattern: string;
  /** tool key: "claude-code", "copilot", "aider", "cursor", "jules", "codex", "devin", "amp"… */
  tool: string;
}

export interface AiMarkerSettings {
  /** trailer keys that on their own mark a commit as AI-assisted (values like "no" / "false" excepted) */
  trailerKeys: string[];
  /** agent identities, for Co-authored-by trailers and for author / committer */
  agentIdentities: PatternRule[];
  /** free-text lines that mark a commit */
  lines: PatternRule[];
  /** trailer keys naming co-authors; default ["Co-authored-by"] */
  coAuthorKeys?: string[];
}

export type AiMarkerKind = "trailer" | "co-author" | "identity" | "line";

export interface AiMarker {
  kind: AiMarkerKind;
  /** trailer key as written, "author" / "committer" for identities, the pattern for lines */
  key: string;
  /** trailer value, "Name <email>" for identities, the matching line (trimmed) for lines */
  value: string;
  tool: string | null;
  model: string | null;
  /**
   * "strict": found in git's trailer block, or from the commit's author/committer header;
   * "lenient": a trailer-looking line outside it, or a free-text line match.
   */
  parsing: "strict" | "lenient";
  /** 1-based line of the message the marker was found on; null for author/committer */
  line: number | null;
}

export interface CommitIdentityAndMessage {
  message: string;
  authorName: string;
  authorEmail: string;
  committerName: string;
  committerEmail: string;
}

export const DEFAULT_AI_MARKERS: AiMarkerSettings = {
  trailerKeys: ["AI-Assisted", "Assisted-by", "Generated-by"],
  coAuthorKeys: ["Co-authored-by"],
  agentIdentities: [
    // Claude Code and the Claude GitHub app
    { pattern: "noreply@anthropic.com", tool: "claude-code" },
    { pattern: "claude[bot]", tool: "claude-code" },
    // GitHub Copilot (IDE co-author and the coding agent)
    { pattern: "copilot-swe-agent[bot]", tool: "copilot" },
    { pattern: "*+copilot@users.noreply.github.com", tool: "copilot" },
    { pattern: "Copilot <*@users.noreply.github.com>", tool: "copilot" },
    { pattern: "GitHub Copilot <*>", tool: "copilot" },
    // aider: `aider (model) <aider@aider.chat>`, and its "Name (aider)" author attribution
    { pattern: "aider@aider.chat", tool: "aider" },
    { pattern: "* (aider) <*>", tool: "aider" },
    // Cursor background agent
    { pattern: "cursoragent@cursor.com", tool: "cursor" },
    { pattern: "Cursor Agent <*>", tool: "cursor" },
    // Google Jules
    { pattern: "google-labs-jules[bot]", tool: "jules" },
    // OpenAI Codex
    { pattern: "Codex <*>", tool: "codex" },
    { pattern: "chatgpt-codex-connector[bot]", tool: "codex" },
    // Devin
    { pattern: "devin-ai-integration[bot]", tool: "devin" },
    // Sourcegraph Amp
    { pattern: "Amp <*>", tool: "amp" },
    { pattern: "amp@ampcode.com", tool: "amp" },
  ],
  lines: [
    { pattern: "*Generated with Claude Code*", tool: "claude-code" },
    { pattern: "*Generated with [Claude Code]*", tool: "claude-code" },
  ],
};

/** Tool names recognised inside free-text trailer values ("Assisted-by: GitHub Copilot"). */
export const TOOL_KEYWORDS: readonly { re: RegExp; tool: string }[] = [
  { re: /\bclaude\b|\banthropic\b/i, tool: "claude-code" },
  { re: /\bcopilot\b/i, tool: "copilot" },
  { re: /\baider\b/i, tool: "aider" },
  { re: /\bcursor\b/i, tool: "cursor" },
  { re: /\bjules\b/i, tool: "jules" },
  { re: /\bcodex\b/i, tool: "codex" },
  { re: /\bdevin\b/i, tool: "devin" },
  { re: /\bamp\b/i, tool: "amp" },
];

/** Values of an AI-marker trailer that say "not AI-assisted". */
const NEGATIVE_VALUE = /^(no|none|false|n|0|off|n\/a|na|human|not?\b.*)\.?$/i;

// ---------------------------------------------------------------------------------------
// patterns

const patternCache = new Map<string, (s: string) => boolean>();

/** Compile a marker pattern: case-insensitive substring, or a whole-string glob with * and ?. */
export function compilePattern(pattern: string): (subject: string) => boolean {
  const cached = patternCache.get(pattern);
  if (cached) return cached;
  let fn: (s: string) => boolean;
  if (/[*?]/.test(pattern)) {
    let src = "";
    for (const ch of pattern) {
      if (ch === "*") src += "[\\s\\S]*";
      else if (ch === "?") src += "[\\s\\S]";
      else src += ch.replace(/[\\^$.|+()[\]{}\-/]/g, "\\$&");
    }
    const re = new RegExp(`^${src}$`, "iu");
    fn = (s) => re.test(s);
  } else {
    const needle = pattern.toLowerCase();
    fn = (s) => s.toLowerCase().includes(needle);
  }
  if (patternCache.size > 1000) patternCache.clear();
  patternCache.set(pattern, fn);
  return fn;
}

/** Split "Name <email>" (email optional). */
export function splitIdentity(identity: string): { name: string; email: string } {
  const m = /^(.*?)\s*<([^<>]*)>\s*$/.exec(identity.trim());
  if (m) return { name: m[1].trim(), email: m[2].trim() };
  return { name: identity.trim(), email: "" };
}

/** The tool of the first agent-identity rule that matches "Name <email>", or null. */
export function matchAgentIdentity(
  name: string,
  email: string,
  rules: readonly PatternRule[],
): PatternRule | null {
  const full = email ? `${name} <${email}>` : name;
  for (const rule of rules) {
    const m = compilePattern(rule.pattern);
    if (m(full) || (name && m(name)) || (email && m(email))) return rule;
  }
  return null;
}

/** The tool named earliest in a free-text value ("Cursor (claude-sonnet-4)" → "cursor"). */
export function toolFromText(text: string): string | null {
  let best: { at: number; tool: string } | null = null;
  for (const k of TOOL_KEYWORDS) {
    const m = k.re.exec(text);
    if (m && (!best || m.index < best.at)) best = { at: m.index, tool: k.tool };
  }
  return best?.tool ?? null;
}

// ---------------------------------------------------------------------------------------
// models

const MODEL_ID_RE =
  /\b(?:[a-z0-9-]+\/)*((?:claude|gpt|gemini|llama|codellama|mistral|mixtral|codestral|devstral|deepseek|qwen|grok|kimi|glm|command|phi|starcoder|o[1345])(?:[-.:_][a-z0-9.]+)*)\b/i;

/** Model families that may appear in display names ("Claude Sonnet 4.5", "GPT 4o"). */
const FAMILY_WORDS = /^(claude|gpt|gemini|llama|mistral|mixtral|codestral|devstral|deepseek|qwen|grok|kimi|glm|o[1345])\b/i;

export function normaliseModel(raw: string): string | null {
  let s = raw.trim().replace(/^[\s"'`([{]+|[\s"'`)\]},;.]+$/g, "");
  if (!s) return null;
  // strip provider prefixes such as "openai/", "anthropic/", "bedrock/us-east-1/"
  if (s.includes("/")) s = s.slice(s.lastIndexOf("/") + 1);
  s = s.toLowerCase().replace(/\s+/g, "-");
  return s || null;
}

function looksLikeModel(s: string): boolean {
  return MODEL_ID_RE.test(s) && /\d/.test(s);
}

/** Extract the model a marker value names, normalised (see the file comment), or null. */
export function extractModel(value: string): string | null {
  const v = value.replace(/<[^<>]*>/g, " ").trim();
  if (!v) return null;

  // 1. parenthesised
  for (const m of v.matchAll(/\(([^()]+)\)/g)) {
    const inner = m[1].trim();
    if (!looksLikeModel(inner)) continue;
    // "(claude-opus-4-1)", "(openai/gpt-4o)": the id; "(Claude Sonnet 4.5)": a display name
    if (!/\s/.test(inner)) return normaliseModel(inner);
    const named = displayNameModel(inner) ?? modelIdIn(inner);
    if (named) return named;
  }

  // 2. kernel style "Agent:model [tools…]"
  const kernel = /^[A-Za-z][\w .-]*?:\s*([A-Za-z0-9][\w./:-]*)/.exec(v);
  if (kernel && looksLikeModel(kernel[1])) return normaliseModel(kernel[1]);

  // 3. a model id anywhere, 4. a display name
  return modelIdIn(v) ?? displayNameModel(v);
}

/** A hyphenated or dotted model id in free text: "claude-3-5-sonnet", "gpt-4.1", "o3-mini". */
function modelIdIn(v: string): string | null {
  for (const m of v.matchAll(new RegExp(MODEL_ID_RE.source, "gi"))) {
    const id = m[1];
    if (/[-.:_]/.test(id) && /\d/.test(id)) return normaliseModel(m[0]);
    if (/^o[1345]$/i.test(id)) return id.toLowerCase();
  }
  return null;
}

function displayNameModel(v: string): string | null {
  const words = v.split(/\s+/).filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    if (!FAMILY_WORDS.test(words[i])) continue;
    // take the family word and the following words while they look like part of a model
    // name (a tier such as Sonnet/Opus/Haiku/Pro/Flash/Mini, or a version), up to 4 words
    const parts = [words[i]];
    for (let j = i + 1; j < words.length && parts.length < 5; j++) {
      const w = words[j].replace(/[,;.]+$/, "");
      if (/^v?\d[\w.]*$/i.test(w) || /^(sonnet|opus|haiku|pro|flash|mini|nano|turbo|max|instant|lite|code|coder|thinking|high|low|medium)$/i.test(w)) {
        parts.push(w);
      } else break;
    }
    const name = parts.join(" ");
    if (/\d/.test(name)) return normaliseModel(name);
  }
  return null;
}

// ---------------------------------------------------------------------------------------
// detection

function isNegative(value: string): boolean {
  return NEGATIVE_VALUE.test(value.trim());
}

/** Markers on a commit: trailers and lines of its message, and its author / committer. */
export function detectAiMarkers(
  commit: CommitIdentityAndMessage,
  markers: AiMarkerSettings = DEFAULT_AI_MARKERS,
): AiMarker[] {
  const out: AiMarker[] = [];
  const fromMessage: AiMarker[] = [];
  const ids = markers.agentIdentities;

  // author and committer
  const people: [string, string, string][] = [
    ["author", commit.authorName, commit.authorEmail],
    ["committer", commit.committerName, commit.committerEmail],
  ];
  for (const [key, name, email] of people) {
    if (!name && !email) continue;
    const rule = matchAgentIdentity(name ?? "", email ?? "", ids);
    if (!rule) continue;
    const value = email ? `${name} <${email}>` : name;
    out.push({ kind: "identity", key, value, tool: rule.tool, model: extractModel(name), parsing: "strict", line: null });
  }

  const trailerKeys = new Set(markers.trailerKeys.map((k) => k.toLowerCase()));
  const coAuthorKeys = new Set((markers.coAuthorKeys ?? ["Co-authored-by"]).map((k) => k.toLowerCase()));
  const { strict, lenient } = parseTrailers(commit.message, {
    lenientKeys: [...markers.trailerKeys, ...(markers.coAuthorKeys ?? ["Co-authored-by"])],
  });
  const strictLines = new Set(strict.map((t) => t.line));
  const markerLines = new Set<number>();

  const consider = (t: Trailer, parsing: "strict" | "lenient") => {
    const k = t.key.toLowerCase();
    if (trailerKeys.has(k)) {
      if (!t.value || isNegative(t.value)) return;
      const idRule = (() => {
        const { name, email } = splitIdentity(t.value);
        return email ? matchAgentIdentity(name, email, ids) : null;
      })();
      fromMessage.push({
        kind: "trailer",
        key: t.key,
        value: t.value,
        tool: idRule?.tool ?? toolFromText(t.value),
        model: extractModel(t.value),
        parsing,
        line: t.line,
      });
      markerLines.add(t.line);
    } else if (coAuthorKeys.has(k)) {
      const { name, email } = splitIdentity(t.value);
      const rule = matchAgentIdentity(name, email, ids);
      if (!rule) return;
      fromMessage.push({
        kind: "co-author",
        key: t.key,
        value: t.value,
        tool: rule.tool,
        model: extractModel(name),
        parsing,
        line: t.line,
      });
      markerLines.add(t.line);
    }
  };
  for (const t of strict) consider(t, "strict");
  for (const t of lenient) if (!strictLines.has(t.line)) consider(t, "lenient");

  if (markers.lines.length) {
    const lines = messageLines(commit.message);
    for (let i = 0; i < lines.length; i++) {
      if (markerLines.has(i + 1)) continue;
      const line = lines[i].trim();
      if (!line) continue;
      for (const rule of markers.lines) {
        if (!compilePattern(rule.pattern)(line)) continue;
        fromMessage.push({
          kind: "line",
          key: rule.pattern,
          value: line,
          tool: rule.tool,
          model: extractModel(line),
          parsing: "lenient",
          line: i + 1,
        });
        break;
      }
    }
  }

  // identities first, then the message's markers in message order
  fromMessage.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return out.concat(fromMessage);
}

/** True when any marker is present. */
export function isAiAssisted(commit: CommitIdentityAndMessage, markers: AiMarkerSettings = DEFAULT_AI_MARKERS): boolean {
  return detectAiMarkers(commit, markers).length > 0;
}
