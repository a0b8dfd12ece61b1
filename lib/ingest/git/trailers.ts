/**
 * Commit-message trailer parsing, two ways:
 *
 * - strict: what `git interpret-trailers --parse` / `%(trailers)` would report. Only the
 *   last paragraph of the message counts (never the first paragraph, which is the title),
 *   and only when it is a trailer block:
 *     * every line is a `Token: value` trailer or a continuation line (starts with
 *       whitespace and follows a trailer), or
 *     * at least one line is a git-generated (`Signed-off-by: `, `(cherry picked from
 *       commit …`) or configured (`knownKeys`) trailer and at least 25% of the lines are
 *       trailers (git: `trailer_lines * 3 >= non_trailer_lines`).
 *   In the 25% case the non-trailer lines of the block are skipped, as git does.
 * - lenient: any line anywhere in the message of the form `  Key: value` whose key is in
 *   a known list (AI markers, Co-authored-by…), whether or not git would see it.
 *
 * Like git (`find_separator`): a token is `[A-Za-z0-9-]+`, optionally followed by spaces
 * before the `:` separator; keys compare case-insensitively. `key` is reported as written
 * (trimmed); compare with `key.toLowerCase()`. Continuation lines are unfolded as git
 * does: joined to the value with single spaces. Comment lines (`#`) are ignored, as git
 * does for messages it has not cleaned up yet. There is no `---` patch divider handling
 * (git log parses commit messages with `no_divider`).
 */

export interface Trailer {
  /** the token as written, e.g. "Co-Authored-By" */
  key: string;
  /** the value, trimmed, continuation lines unfolded with single spaces */
  value: string;
  /** 1-based line number of the trailer's first line in the message */
  line: number;
}

export interface ParsedTrailers {
  strict: Trailer[];
  lenient: Trailer[];
}

export interface ParseTrailersOptions {
  /**
   * Keys that git would know from `trailer.<token>.key` configuration. Together with the
   * git-generated `Signed-off-by`, one of them makes a mostly-trailer paragraph count.
   */
  knownKeys?: readonly string[];
  /** Keys reported by the lenient parse. Default: DEFAULT_LENIENT_KEYS. */
  lenientKeys?: readonly string[];
}

/**
 * Line prefixes git itself generates (`git commit -s`, `git cherry-pick -x`); as in git,
 * they are compared case-sensitively. Configured `knownKeys` compare case-insensitively.
 */
export const GIT_GENERATED_PREFIXES: readonly string[] = ["Signed-off-by: ", "(cherry picked from commit "];

/** The keys the lenient parse looks for by default: the AI markers and the usual attribution trailers. */
export const DEFAULT_LENIENT_KEYS: readonly string[] = [
  "AI-Assisted",
  "Assisted-by",
  "Generated-by",
  "Co-authored-by",
  "Signed-off-by",
  "Reviewed-by",
  "Acked-by",
  "Tested-by",
  "Reported-by",
  "Suggested-by",
];

const TRAILER_RE = /^([A-Za-z0-9-]+)[ \t]*:(.*)$/;

/** `Token: value` → [token, raw value], or null. */
export function splitTrailerLine(line: string): [string, string] | null {
  const m = TRAILER_RE.exec(line);
  if (!m) return null;
  return [m[1], m[2]];
}

function isBlank(line: string): boolean {
  return line.trim() === "";
}

function isComment(line: string): boolean {
  return line.startsWith("#");
}

function isContinuation(line: string): boolean {
  return line.length > 0 && (line[0] === " " || line[0] === "\t");
}

/** Split into lines, dropping a trailing "\r" on each (CRLF messages). */
export function messageLines(message: string): string[] {
  const lines = message.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].endsWith("\r")) lines[i] = lines[i].slice(0, -1);
  }
  return lines;
}

function unfold(first: string, continuations: string[]): string {
  let v = first.trim();
  for (const c of continuations) {
    const t = c.trim();
    if (t) v = v ? `${v} ${t}` : t;
  }
  return v;
}

/** git's strict trailer block, as {key, value, line} entries. */
function strictTrailers(lines: string[], knownKeys: readonly string[]): Trailer[] {
  // The message without trailing blank/comment lines.
  let end = lines.length;
  while (end > 0 && (isBlank(lines[end - 1]) || isComment(lines[end - 1]))) end--;
  if (end === 0) return [];

  // The title: the first paragraph can never hold trailers.
  let i = 0;
  while (i < end && (isComment(lines[i]) || !isBlank(lines[i]))) i++;
  const bodyStart = i;
  if (bodyStart >= end) return [];

  // The last paragraph: back up to the previous blank line (but not into the title).
  let start = end;
  while (start > bodyStart && !isBlank(lines[start - 1])) start--;
  if (start >= end) return [];

  const known = new Set(knownKeys.map((k) => k.toLowerCase()));

  // Count as git's find_trailer_block_start does, bottom-up. A continuation line is
  // "possible" until a trailer shows up above it (then it is simply absorbed) or a
  // non-trailer line / the paragraph start does (then it counts as a non-trailer line).
  let trailerLines = 0;
  let nonTrailerLines = 0;
  let possibleContinuation = 0;
  let recognised = false;
  for (let j = end - 1; j >= start; j--) {
    const line = lines[j];
    if (isComment(line)) {
      nonTrailerLines += possibleContinuation;
      possibleContinuation = 0;
      continue;
    }
    if (GIT_GENERATED_PREFIXES.some((p) => line.startsWith(p))) {
      trailerLines++;
      possibleContinuation = 0;
      recognised = true;
      continue;
    }
    const kv = isContinuation(line) ? null : splitTrailerLine(line);
    if (kv) {
      trailerLines++;
      possibleContinuation = 0;
      if (known.has(kv[0].toLowerCase())) recognised = true;
    } else if (isContinuation(line)) {
      possibleContinuation++;
    } else {
      nonTrailerLines += 1 + possibleContinuation;
      possibleContinuation = 0;
    }
  }
  nonTrailerLines += possibleContinuation;

  const isBlock =
    (recognised && trailerLines * 3 >= nonTrailerLines) || (trailerLines > 0 && nonTrailerLines === 0);
  if (!isBlock) return [];

  const out: Trailer[] = [];
  let current: { key: string; first: string; cont: string[]; line: number } | null = null;
  const flush = () => {
    if (current) out.push({ key: current.key, value: unfold(current.first, current.cont), line: current.line });
    current = null;
  };
  for (let j = start; j < end; j++) {
    const line = lines[j];
    if (isComment(line)) {
      flush();
      continue;
    }
    if (isContinuation(line)) {
      if (current) (current as { cont: string[] }).cont.push(line);
      continue;
    }
    flush();
    const kv = splitTrailerLine(line);
    if (kv) current = { key: kv[0].trim(), first: kv[1], cont: [], line: j + 1 };
    // "(cherry picked from commit …)" and other non-trailer lines are not key/value trailers.
  }
  flush();
  return out;
}

const LENIENT_RE = /^\s*([A-Za-z0-9-]+)[ \t]*:[ \t]*(\S.*)$/;

function lenientTrailers(lines: string[], keys: readonly string[]): Trailer[] {
  const wanted = new Set(keys.map((k) => k.toLowerCase()));
  const out: Trailer[] = [];
  for (let j = 0; j < lines.length; j++) {
    const m = LENIENT_RE.exec(lines[j]);
    if (!m || !wanted.has(m[1].toLowerCase())) continue;
    out.push({ key: m[1], value: m[2].trim(), line: j + 1 });
  }
  return out;
}

export function parseTrailers(message: string, opts: ParseTrailersOptions = {}): ParsedTrailers {
  const lines = messageLines(message);
  return {
    strict: strictTrailers(lines, opts.knownKeys ?? []),
    lenient: lenientTrailers(lines, opts.lenientKeys ?? DEFAULT_LENIENT_KEYS),
  };
}
