/**
 * GitHub CODEOWNERS: parsing and "who owns this path" with GitHub's matching rules.
 *
 * Matching (gitignore-like, as GitHub documents it):
 * - `*` and `?` do not cross `/`; `**` matches across directories (`**\/logs`, `docs/**`,
 *   `a/**\/b`); any other `**` behaves as `*`.
 * - a leading `/` anchors the pattern to the repository root; so does a `/` in the middle
 *   (gitignore rule); a pattern with no slash (or only a trailing one) matches at any depth.
 * - a pattern matches a path or any of its parent directories (so `apps/` or `/docs`
 *   own everything below); a trailing `/` only matches directories; `dir/*` (ending in a
 *   single `/*`) matches the directory's direct children only, as GitHub documents.
 * - paths are case-sensitive; the last matching line wins; a matching line without owners
 *   clears ownership.
 *
 * Syntax: `#` starts a comment line; `\#` escapes a pattern that starts with `#` and
 * `\ ` a space (gitignore escapes — GitHub documents the escape as unsupported, we honour it);
 * after the pattern, a token starting with `#` starts an inline comment. Lines GitHub
 * rejects (`!` negation, `[ ]` ranges) are kept with `invalid` set and never match.
 */

export interface CodeownersRule {
  /** the pattern as written (escapes included) */
  pattern: string;
  /** "@user", "@org/team" or an email, as written; [] for a line that clears ownership */
  owners: string[];
  /** 1-based line number in the file */
  line: number;
  /** why GitHub would skip this line; such a rule never matches */
  invalid?: string;
}

export interface OwnersResult {
  owners: string[];
  /** the last matching rule, or null when no rule matched */
  rule: CodeownersRule | null;
}

/** Where GitHub looks, in order; the first one found wins. */
export const CODEOWNERS_PATHS: readonly string[] = [".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS"];

/** Split a line into whitespace-separated tokens, honouring backslash escapes (kept in the token). */
function tokenize(line: string): string[] {
  const tokens: string[] = [];
  let cur = "";
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === "\\" && i + 1 < line.length) {
      cur += ch + line[i + 1];
      i++;
    } else if (ch === " " || ch === "\t") {
      if (cur) tokens.push(cur);
      cur = "";
    } else cur += ch;
  }
  if (cur) tokens.push(cur);
  return tokens;
}

export function parseCodeowners(text: string): CodeownersRule[] {
  const rules: CodeownersRule[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    if (line.endsWith("\r")) line = line.slice(0, -1);
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith("#")) continue;
    const tokens = tokenize(trimmed);
    const pattern = tokens[0];
    const owners: string[] = [];
    for (const t of tokens.slice(1)) {
      if (t.startsWith("#")) break;
      owners.push(t);
    }
    const rule: CodeownersRule = { pattern, owners, line: i + 1 };
    if (pattern.startsWith("!")) rule.invalid = "negation (!) is not supported in CODEOWNERS";
    else if (/(^|[^\\])\[/.test(pattern)) rule.invalid = "character ranges ([ ]) are not supported in CODEOWNERS";
    rules.push(rule);
  }
  return rules;
}

interface Matcher {
  re: RegExp;
  /** the pattern only matches directories (trailing slash) */
  dirOnly: boolean;
  /** `dir/*`: direct children only, no parent-directory matching */
  childrenOnly: boolean;
}

const matcherCache = new Map<string, Matcher>();

type Tok = { lit: string } | { glob: "*" | "?" | "**" };

function lex(pattern: string): Tok[] {
  const toks: Tok[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === "\\" && i + 1 < pattern.length) {
      toks.push({ lit: pattern[++i] });
    } else if (ch === "*") {
      if (pattern[i + 1] === "*") {
        while (pattern[i + 1] === "*") i++;
        toks.push({ glob: "**" });
      } else toks.push({ glob: "*" });
    } else if (ch === "?") toks.push({ glob: "?" });
    else toks.push({ lit: ch });
  }
  return toks;
}

const isSlash = (t: Tok | undefined) => !!t && "lit" in t && t.lit === "/";

export function compileCodeownersPattern(pattern: string): Matcher {
  const cached = matcherCache.get(pattern);
  if (cached) return cached;
  let toks = lex(pattern);
  let dirOnly = false;
  while (toks.length > 1 && isSlash(toks[toks.length - 1])) {
    dirOnly = true;
    toks = toks.slice(0, -1);
  }
  let anchored = false;
  if (isSlash(toks[0])) {
    anchored = true;
    toks = toks.slice(1);
  }
  if (toks.some(isSlash)) anchored = true;
  const last = toks[toks.length - 1];
  const childrenOnly =
    !dirOnly &&
    toks.length >= 2 && !!last && "glob" in last && last.glob === "*" && isSlash(toks[toks.length - 2]);

  let src = "";
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if ("lit" in t) {
      src += t.lit.replace(/[\\^$.|+()[\]{}*?/]/g, "\\$&");
      continue;
    }
    if (t.glob === "*") src += "[^/]*";
    else if (t.glob === "?") src += "[^/]";
    else {
      const atStart = i === 0;
      const atEnd = i === toks.length - 1;
      const slashBefore = i > 0 && isSlash(toks[i - 1]);
      const slashAfter = isSlash(toks[i + 1]);
      if (atStart && slashAfter) {
        // "**/x": x in any directory
        src += "(?:.*/)?";
        i++; // the slash is part of the optional group
        anchored = true; // the group already provides "any depth"
      } else if (slashBefore && slashAfter) {
        // "a/**/b": zero or more directories; the leading slash is already in src
        src += "(?:.*/)?";
        i++;
      } else if (slashBefore && atEnd) {
        // "a/**": everything inside a
        src += ".+";
      } else {
        src += "[^/]*";
      }
    }
  }
  if (toks.length === 1 && "glob" in toks[0] && toks[0].glob === "**") src = ".+";
  const re = new RegExp(`^${anchored ? "" : "(?:.*/)?"}${src}$`);
  const m: Matcher = { re, dirOnly, childrenOnly };
  if (matcherCache.size > 5000) matcherCache.clear();
  matcherCache.set(pattern, m);
  return m;
}

function normalisePath(path: string): string {
  let p = path.replace(/\\/g, "/");
  while (p.startsWith("./")) p = p.slice(2);
  p = p.replace(/^\/+/, "");
  return p;
}

/** Whether a CODEOWNERS pattern matches a file path (repository-relative, "/" separated). */
export function codeownersPatternMatches(pattern: string, path: string): boolean {
  const m = compileCodeownersPattern(pattern);
  const p = normalisePath(path);
  if (!p) return false;
  if (!m.dirOnly && m.re.test(p)) return true;
  if (m.childrenOnly) return false;
  // parent directories: "a", "a/b" for "a/b/c.txt"
  for (let i = p.indexOf("/"); i !== -1; i = p.indexOf("/", i + 1)) {
    if (m.re.test(p.slice(0, i))) return true;
  }
  return false;
}

/** The owners of a path: the last matching rule wins; an ownerless match clears ownership. */
export function ownersFor(rules: readonly CodeownersRule[], path: string): OwnersResult {
  for (let i = rules.length - 1; i >= 0; i--) {
    const rule = rules[i];
    if (rule.invalid) continue;
    if (codeownersPatternMatches(rule.pattern, path)) return { owners: rule.owners, rule };
  }
  return { owners: [], rule: null };
}
