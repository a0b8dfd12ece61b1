// One-line readings of the summary's charts, computed from the numbers. Pure functions: no
// database, no dates, no locale surprises (figures are formatted en-US).
//
// Conventions: a month without a predecessor (prev === null) is "no previous month"; a
// predecessor with a zero denominator is "the previous month had none"; denominators below
// SMALL are written as counts ("3 of 7") and never compared as percentages.

export const SMALL = 10;

/** A share: n of d. */
export interface Part {
  n: number;
  d: number;
}

// ------------------------------------------------------------------ formatting

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

/** 0.38 → "38%"; nonzero that would round to 0% → "<1%"; short of 100% that would round to 100% → ">99%". */
export function formatPercent(share: number): string {
  if (!Number.isFinite(share)) return "—";
  const rounded = Math.round(share * 100);
  if (share > 0 && rounded === 0) return "<1%";
  if (share < 1 && rounded === 100) return ">99%";
  return `${rounded}%`;
}

export function formatMoney(amount: number): string {
  if (amount === 0) return "$0";
  if (Math.abs(amount) < 100) return `$${amount.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  return `$${Math.round(amount).toLocaleString("en-US")}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** "a", "a and b", "a, b and c", "a, b, c and 2 more" */
export function listOf(items: string[], max = 3): string {
  if (items.length === 0) return "";
  const shown = items.length > max ? items.slice(0, max) : items;
  const rest = items.length - shown.length;
  if (rest > 0) return `${shown.join(", ")} and ${rest} more`;
  if (shown.length === 1) return shown[0];
  return `${shown.slice(0, -1).join(", ")} and ${shown[shown.length - 1]}`;
}

function share(p: Part): number {
  return p.d === 0 ? 0 : p.n / p.d;
}

/** "38%", or "3 of 7" when the denominator is small. */
export function shareText(p: Part): string {
  return p.d < SMALL ? `${formatCount(p.n)} of ${formatCount(p.d)}` : formatPercent(share(p));
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// ------------------------------------------------------------------ comparisons

export type Direction = "rose" | "fell" | "unchanged" | "incomparable";

/** Compares two shares as a reader would: by their rounded percentages. */
export function shareDirection(cur: Part, prev: Part | null): Direction {
  if (!prev || prev.d < SMALL || cur.d < SMALL) return "incomparable";
  const a = formatPercent(share(cur));
  const b = formatPercent(share(prev));
  if (a === b) return "unchanged";
  return share(cur) > share(prev) ? "rose" : "fell";
}

/** ", up from 31%" / ", down from 31%" / ", as in the previous month" / "" */
function shareTail(cur: Part, prev: Part | null): string {
  const dir = shareDirection(cur, prev);
  if (dir === "incomparable") return "";
  if (dir === "unchanged") return ", as in the previous month";
  return `, ${dir === "rose" ? "up" : "down"} from ${formatPercent(share(prev!))}`;
}

/** Why a share could not be compared, or "" when it could. */
function incomparableNote(cur: Part, prev: Part | null, noun: string): string {
  if (prev === null) return " (no previous month to compare)";
  if (prev.d === 0) return `; the previous month had no ${noun}`;
  if (prev.d < SMALL) return ` (previous month: ${formatCount(prev.n)} of ${formatCount(prev.d)}, too few to compare)`;
  if (cur.d < SMALL) return "";
  return "";
}

/** "up 12% on the previous month" / "about the same as the previous month" / "up from 3" / "" */
export function countChange(cur: number, prev: number | null, unit = ""): string {
  if (prev === null) return "";
  if (prev === 0) return cur === 0 ? "" : "none the previous month";
  if (prev < SMALL) return cur === prev ? "as many as the previous month" : `${cur > prev ? "up" : "down"} from ${formatCount(prev)}${unit}`;
  const change = (cur - prev) / prev;
  if (Math.abs(change) < 0.005) return "about the same as the previous month";
  return `${change > 0 ? "up" : "down"} ${formatPercent(Math.abs(change))} on the previous month`;
}

// ------------------------------------------------------------------ drivers of a change

export interface ShareBreakdown {
  key: string;
  /** numerator and denominator this month and the previous one */
  n: number;
  d: number;
  prevN: number;
  prevD: number;
}

/**
 * Which items carry a change of an overall share n/d. The overall share is the sum of
 * n_i/d over items, so each item's contribution is n_i/d − prevN_i/prevD, and they add up
 * to the change exactly.
 */
export function shareDrivers(cur: Part, prev: Part, items: ShareBreakdown[]): { key: string; contribution: number }[] {
  if (cur.d === 0 || prev.d === 0) return [];
  return items
    .map((i) => ({ key: i.key, contribution: i.n / cur.d - i.prevN / prev.d }))
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
}

/** "; all of the rise is in billing-svc" / "; most of the fall is in a" / "; the rise is spread across 4 repositories" */
export function driverClause(cur: Part, prev: Part, items: ShareBreakdown[], noun = "repositories"): string {
  const delta = share(cur) - share(prev);
  if (delta === 0 || items.filter((i) => i.n + i.prevN > 0).length < 2) return "";
  const word = delta > 0 ? "rise" : "fall";
  const same = shareDrivers(cur, prev, items)
    .filter((c) => Math.sign(c.contribution) === Math.sign(delta))
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
  if (same.length === 0) return "";
  const [top, second] = same;
  const r1 = top.contribution / delta;
  if (r1 >= 0.95) return `; all of the ${word} is in ${top.key}`;
  if (r1 >= 0.5) return `; most of the ${word} is in ${top.key}`;
  if (second && (top.contribution + second.contribution) / delta >= 0.75) return `; the ${word} is mostly in ${top.key} and ${second.key}`;
  return `; the ${word} is spread across ${same.length} ${noun}`;
}

// ------------------------------------------------------------------ readings

/** AI-assisted share of production commits (the trend chart). */
export function aiShareReading(input: { cur: Part; prev: Part | null; byRepo?: ShareBreakdown[] }): string {
  const { cur, prev } = input;
  const commits = (n: number) => plural(n, "production commit");
  if (cur.d === 0) {
    return prev && prev.d > 0 ? `No production commits this month (${formatCount(prev.d)} the previous month).` : "No production commits this month.";
  }
  if (cur.d < SMALL) {
    if (cur.n === 0) return `None of the ${commits(cur.d)} was AI-assisted (too few for a share).`;
    if (cur.n === cur.d) return cur.d === 1 ? "The only production commit was AI-assisted." : `All ${commits(cur.d)} were AI-assisted (too few for a share).`;
    return `${formatCount(cur.n)} of ${commits(cur.d)} ${cur.n === 1 ? "was" : "were"} AI-assisted (too few for a share).`;
  }
  if (cur.n === 0) return `None of the ${commits(cur.d)} was AI-assisted${shareTail(cur, prev)}.`;
  if (cur.n === cur.d) return `All ${commits(cur.d)} were AI-assisted${shareTail(cur, prev)}.`;
  const subject = "AI-assisted share of production commits";
  const dir = shareDirection(cur, prev);
  if (dir === "incomparable") return `${subject} was ${formatPercent(share(cur))}${incomparableNote(cur, prev, "production commits")}.`;
  if (dir === "unchanged") return `${subject} was unchanged at ${formatPercent(share(cur))}.`;
  const drivers = input.byRepo ? driverClause(cur, prev!, input.byRepo) : "";
  return `${subject} ${dir} from ${formatPercent(share(prev!))} to ${formatPercent(share(cur))}${drivers}.`;
}

/** AI-assisted share by repository (the breakdown chart). */
export function repoShareReading(byRepo: ShareBreakdown[]): string {
  const withCommits = byRepo.filter((r) => r.d > 0);
  if (withCommits.length === 0) return "No production commits this month.";
  if (withCommits.length === 1) {
    const r = withCommits[0];
    return `All production commits were in ${r.key}: ${shareText(r)} AI-assisted.`;
  }
  const none = withCommits.filter((r) => r.n === 0).length;
  const sized = withCommits.filter((r) => r.d >= SMALL).sort((a, b) => share(b) - share(a) || b.d - a.d);
  const tail = none === 0 ? "every repository had AI-assisted commits" : none === withCommits.length ? "" : `${formatCount(none)} of ${formatCount(withCommits.length)} repositories had none`;
  if (none === withCommits.length) return `None of the ${formatCount(withCommits.length)} repositories had an AI-assisted production commit.`;
  if (sized.length === 0) {
    const top = [...withCommits].sort((a, b) => b.n - a.n)[0];
    return `Every repository had fewer than ${SMALL} production commits; ${top.key} had the most AI-assisted (${shareText(top)}); ${tail}.`;
  }
  const top = sized[0];
  return `${top.key} has the highest AI-assisted share (${formatPercent(share(top))} of ${plural(top.d, "commit")}); ${tail}.`;
}

export interface CountBreakdown {
  key: string;
  label?: string;
  value: number;
  prevValue: number;
}

/** AI-assisted commits by tool; a commit may name several tools, so shares can exceed 100% in sum. */
export function toolShareReading(input: { tools: CountBreakdown[]; totalAi: number; hasPrevious: boolean }): string {
  const { totalAi } = input;
  const tools = input.tools.filter((t) => t.value > 0).sort((a, b) => b.value - a.value);
  const name = (t: CountBreakdown) => (t.key === "(unknown)" ? "an unnamed tool" : (t.label ?? t.key));
  if (totalAi === 0 || tools.length === 0) return "No AI-assisted production commits this month.";
  const small = totalAi < SMALL;
  const fresh = input.hasPrevious ? tools.filter((t) => t.prevValue === 0 && t.key !== "(unknown)").map(name) : [];
  const freshText = fresh.length ? `; ${listOf(fresh)} ${fresh.length === 1 ? "appears" : "appear"} for the first time` : "";
  if (tools.length === 1 && tools[0].value >= totalAi) {
    return `All AI-assisted commits name ${name(tools[0])}${freshText}.`;
  }
  const first = small ? `${formatCount(tools[0].value)} of the ${formatCount(totalAi)} AI-assisted commits` : `${formatPercent(tools[0].value / totalAi)} of AI-assisted commits`;
  const parts = tools.slice(0, 3).map((t, i) => (i === 0 ? `${name(t)} appears in ${first}` : `${name(t)} in ${small ? formatCount(t.value) : formatPercent(t.value / totalAi)}`));
  const text = parts.join(", ");
  return `${text.startsWith("an unnamed") ? capitalise(text) : text}${freshText}.`;
}

export interface ReviewFigures {
  production: number;
  evaluated: number;
  fail: number;
  evaluatedAi: number;
  failAi: number;
}

/** CM-3 independent-review rate, overall and for AI-assisted changes. */
export function reviewReading(input: { cur: ReviewFigures; prev: ReviewFigures | null }): string {
  const { cur, prev } = input;
  if (cur.production === 0) return "No production changes to review this month.";
  if (cur.evaluated === 0) return `CM-3 was not evaluated for this month's ${plural(cur.production, "production change")} (no audit period with a CM-3 evaluation covers them).`;
  const all: Part = { n: cur.evaluated - cur.fail, d: cur.evaluated };
  const prevAll: Part | null = prev ? { n: prev.evaluated - prev.fail, d: prev.evaluated } : null;
  const changes = plural(cur.evaluated, "production change");
  let head: string;
  if (all.n === all.d) head = cur.evaluated === 1 ? "The only production change had an independent approval" : `All ${changes} had an independent approval`;
  else if (all.n === 0) head = cur.evaluated === 1 ? "The only production change had no independent approval" : `None of the ${changes} had an independent approval`;
  else if (all.d < SMALL) head = `${formatCount(all.n)} of ${changes} had an independent approval`;
  else head = `${formatPercent(share(all))} of production changes had an independent approval`;
  head += all.d >= SMALL ? shareTail(all, prevAll) : "";
  if (cur.evaluated < cur.production) head += ` (evaluated for ${formatCount(cur.evaluated)} of ${formatCount(cur.production)})`;
  let ai: string;
  const aiPart: Part = { n: cur.evaluatedAi - cur.failAi, d: cur.evaluatedAi };
  if (cur.evaluatedAi === 0) ai = "no AI-assisted change among them";
  else if (aiPart.n === aiPart.d) ai = cur.evaluatedAi === 1 ? "the one AI-assisted change had one too" : `all ${formatCount(cur.evaluatedAi)} AI-assisted ones had one`;
  else if (aiPart.n === 0) ai = `none of the ${plural(cur.evaluatedAi, "AI-assisted one")} had one`;
  else ai = `AI-assisted ones: ${shareText(aiPart)}`;
  return `${head}; ${ai}.`;
}

/** Where the changes without an independent approval are. */
export function reviewByRepoReading(rows: { key: string; evaluated: number; fail: number }[]): string {
  const evaluated = rows.reduce((a, r) => a + r.evaluated, 0);
  const total = rows.reduce((a, r) => a + r.fail, 0);
  if (evaluated === 0) return "No evaluated production changes this month.";
  if (total === 0) return "Every evaluated change in every repository had an independent approval.";
  const failing = rows.filter((r) => r.fail > 0).sort((a, b) => b.fail - a.fail || a.key.localeCompare(b.key));
  const top = failing[0];
  if (total === 1) return `The one change without an independent approval is in ${top.key}.`;
  if (failing.length === 1) return `All ${formatCount(total)} changes without an independent approval are in ${top.key}.`;
  if (top.fail / total >= 0.5) return `Most changes without an independent approval are in ${top.key} (${formatCount(top.fail)} of ${formatCount(total)}).`;
  return `Changes without an independent approval are spread across ${formatCount(failing.length)} repositories; ${top.key} has the most (${formatCount(top.fail)} of ${formatCount(total)}).`;
}

export interface TrafficFigures {
  events: number;
  users: number;
  credentials: number;
  cost: number;
}

export function trafficReading(input: { cur: TrafficFigures; prev: TrafficFigures | null }): string {
  const { cur, prev } = input;
  if (cur.events === 0) {
    return prev && prev.events > 0 ? `No gateway traffic this month (${plural(prev.events, "request")} the previous month).` : "No gateway traffic this month.";
  }
  const who = [cur.users > 0 ? `from ${plural(cur.users, "person", "people")}` : "", cur.credentials > 0 ? `with ${plural(cur.credentials, "credential")}` : ""].filter(Boolean).join(" ");
  const change = prev === null ? "" : prev.events === 0 ? "the first gateway traffic after a month without any" : countChange(cur.events, prev.events, " requests");
  const cost = cur.cost > 0 ? `cost ${formatMoney(cur.cost)}` : "";
  const tail = [change, cost].filter(Boolean).join("; ");
  return `${plural(cur.events, "gateway request")}${who ? ` ${who}` : ""}${tail ? `, ${tail}` : ""}.`;
}

/** Who carries a total: "claude-code accounts for 64% of requests, anthropic 20%; openai grew most." */
export function breakdownReading(input: { items: CountBreakdown[]; noun: string; hasPrevious: boolean; format?: (n: number) => string }): string {
  const items = input.items.filter((i) => i.value > 0).sort((a, b) => b.value - a.value);
  const total = items.reduce((s, i) => s + i.value, 0);
  const name = (i: CountBreakdown) => i.label ?? i.key;
  if (total === 0) return `No ${input.noun} this month.`;
  if (items.length === 1) return `All ${input.noun} went to ${name(items[0])}.`;
  const parts = items.slice(0, 3).map((i, idx) => (idx === 0 ? `${name(i)} accounts for ${formatPercent(i.value / total)} of ${input.noun}` : `${name(i)} ${formatPercent(i.value / total)}`));
  let mover = "";
  if (input.hasPrevious) {
    const prevTotal = input.items.reduce((s, i) => s + i.prevValue, 0);
    if (prevTotal > 0) {
      const moves = input.items
        .map((i) => ({ i, delta: i.value / total - i.prevValue / prevTotal }))
        .sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta));
      const m = moves[0];
      if (m && Math.abs(m.delta) >= 0.05) {
        const fmt = input.format ?? formatCount;
        mover = m.i.prevValue === 0 ? `; ${name(m.i)} is new (${fmt(m.i.value)})` : `; ${name(m.i)} ${m.delta > 0 ? "gained" : "lost"} the most share (from ${formatPercent(m.i.prevValue / prevTotal)} to ${formatPercent(m.i.value / total)})`;
      }
    }
  }
  return `${parts.join(", ")}${mover}.`;
}

export type Level = "PUBLIC" | "INTERNAL" | "CONFIDENTIAL" | "RESTRICTED";
export const LEVELS: Level[] = ["PUBLIC", "INTERNAL", "CONFIDENTIAL", "RESTRICTED"];

export function levelName(l: string): string {
  return l === "NONE" ? "unclassified" : capitalise(l.toLowerCase());
}

/** "Confidential or Restricted" for the levels at or above `level`. */
export function levelsAtOrAbove(level: Level): string {
  const names = LEVELS.slice(LEVELS.indexOf(level)).map(levelName);
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
}

export interface SensitiveFigures {
  /** events with findings at or above the blocking level, by gateway outcome */
  blocked: number;
  masked: number;
  passed: number;
  other: number;
  /** events with findings only below the blocking level */
  below: number;
}

export function sensitiveReading(input: {
  cur: SensitiveFigures;
  prev: SensitiveFigures | null;
  blockingLevel: Level;
  /** DC-1 exceptions for this month's events, and how many still have no disposition */
  passThroughs: number;
  undispositioned: number;
}): string {
  const { cur, prev } = input;
  const atOrAbove = cur.blocked + cur.masked + cur.passed + cur.other;
  const levels = levelsAtOrAbove(input.blockingLevel);
  const prevAbove = prev ? prev.blocked + prev.masked + prev.passed + prev.other : null;
  const prevText = prevAbove === null ? "" : ` (previous month: ${formatCount(prevAbove)})`;
  const below = cur.below > 0 ? `; ${plural(cur.below, "prompt")} carried lower-level data only` : "";
  if (atOrAbove === 0) {
    if (cur.below === 0) return `No prompt carried sensitive data this month${prevAbove ? `${prevText}` : ""}.`;
    return `No prompt carried ${levels} data${prevAbove ? prevText : ""}${below}.`;
  }
  const head = `${plural(atOrAbove, "prompt")} carried ${levels} data${prevText}`;
  if (cur.passed === 0 && cur.other === 0) {
    const how = cur.masked === 0 ? (atOrAbove === 1 ? "it was blocked" : "all were blocked") : `${formatCount(cur.blocked)} blocked, ${formatCount(cur.masked)} masked`;
    return `${head}: ${how}${below}.`;
  }
  const outcomes = [
    cur.blocked ? `${formatCount(cur.blocked)} blocked` : "none blocked",
    cur.masked ? `${formatCount(cur.masked)} masked` : "",
    cur.passed ? `${formatCount(cur.passed)} passed through` : "",
    cur.other ? `${formatCount(cur.other)} with an unknown outcome` : "",
  ].filter(Boolean);
  let disposition = "";
  const misses = cur.passed + cur.other;
  if (input.passThroughs === 0) disposition = `, not yet recorded as DC-1 exceptions`;
  else if (input.undispositioned === 0) disposition = `, ${misses === 1 ? "dispositioned" : "all dispositioned"}`;
  else disposition = `, ${formatCount(input.undispositioned)} of them still without a disposition`;
  return `${head}: ${listOf(outcomes, 4)}${disposition}${below}.`;
}

export function shadowReading(input: {
  tools: string[];
  toolCount: number;
  credentialCount: number;
  prev: { toolCount: number; credentialCount: number } | null;
}): string {
  const { toolCount, credentialCount, prev } = input;
  const prevText = prev && prev.toolCount + prev.credentialCount > 0 ? ` (previous month: ${plural(prev.toolCount, "tool")} and ${plural(prev.credentialCount, "credential")})` : "";
  if (toolCount === 0 && credentialCount === 0) return `No unregistered tool or credential was seen this month${prevText}.`;
  const tools = toolCount === 0 ? "no unregistered tool" : `${plural(toolCount, "unregistered tool")} (${listOf(input.tools)})`;
  const creds = credentialCount === 0 ? "no unregistered credential" : plural(credentialCount, "unregistered credential");
  return `${capitalise(tools)} and ${creds} seen${prevText}.`;
}

export interface ExceptionFigures {
  opened: number;
  closed: number;
  openAtEnd: number;
  overdue: number;
}

export function exceptionsReading(input: { cur: ExceptionFigures; prev: ExceptionFigures | null; worstControl: string | null }): string {
  const { cur, prev } = input;
  const prevText = prev ? ` (previous month: ${formatCount(prev.opened)} and ${formatCount(prev.closed)})` : "";
  let head: string;
  if (cur.opened === 0 && cur.closed === 0) head = "No exception was opened or closed this month";
  else if (cur.opened === 0) head = `No exception opened and ${formatCount(cur.closed)} closed${prevText}`;
  else head = `${plural(cur.opened, "exception")} opened and ${cur.closed === 0 ? "none" : formatCount(cur.closed)} closed${prevText}`;
  if (cur.openAtEnd === 0) return `${head}; none is open at the end of the month.`;
  const where = input.worstControl ? `${cur.openAtEnd === 1 ? " in" : ", most in"} ${input.worstControl}` : "";
  if (cur.openAtEnd === 1) return `${head}; 1 open at the end of the month${where}, ${cur.overdue ? "and overdue" : "not overdue"}.`;
  const overdue = cur.overdue === 0 ? "none overdue" : cur.overdue === cur.openAtEnd ? "all overdue" : `${formatCount(cur.overdue)} of them overdue`;
  return `${head}; ${formatCount(cur.openAtEnd)} open at the end of the month, ${overdue}${where}.`;
}

export function ageReading(input: { openAtEnd: number; averageDays: number; oldestDays: number; oldestTest: string | null }): string {
  if (input.openAtEnd === 0) return "No exception is open at the end of the month.";
  const days = (n: number) => plural(Math.round(n), "day");
  if (input.openAtEnd === 1) return `The one open exception${input.oldestTest ? ` (${input.oldestTest})` : ""} is ${days(input.oldestDays)} old.`;
  return `Open exceptions are ${days(input.averageDays)} old on average; the oldest${input.oldestTest ? `, in ${input.oldestTest},` : ""} is ${days(input.oldestDays)} old.`;
}

export interface CoverageFigures {
  events: number;
  payload: number;
  aiEngineers: number;
  aiEngineersGateway: number;
}

export function coverageReading(input: { cur: CoverageFigures; prev: CoverageFigures | null }): string {
  const { cur, prev } = input;
  let events: string;
  if (cur.events === 0) events = "No gateway events to verify";
  else {
    const p: Part = { n: cur.payload, d: cur.events };
    const prevP = prev && prev.events > 0 ? { n: prev.payload, d: prev.events } : null;
    if (p.n === p.d) events = `All ${plural(p.d, "gateway event")} carried a payload and could be verified${shareTail(p, prevP)}`;
    else if (p.n === 0) events = `None of the ${plural(p.d, "gateway event")} carried a payload: none could be verified${shareTail(p, prevP)}`;
    else if (p.d < SMALL) events = `${formatCount(p.n)} of ${plural(p.d, "gateway event")} carried a payload and could be verified`;
    else events = `${formatPercent(share(p))} of gateway events carried a payload and could be verified${shareTail(p, prevP)}`;
  }
  let engineers: string;
  if (cur.aiEngineers === 0) engineers = "no engineer had AI-assisted production changes";
  else if (cur.aiEngineersGateway === cur.aiEngineers) engineers = cur.aiEngineers === 1 ? "the one engineer with AI-assisted changes used the gateway" : `all ${formatCount(cur.aiEngineers)} engineers with AI-assisted changes used the gateway`;
  else if (cur.aiEngineersGateway === 0) engineers = cur.aiEngineers === 1 ? "the one engineer with AI-assisted changes did not use the gateway" : `none of the ${plural(cur.aiEngineers, "engineer")} with AI-assisted changes used the gateway`;
  else engineers = `${formatCount(cur.aiEngineersGateway)} of ${plural(cur.aiEngineers, "engineer")} with AI-assisted changes used the gateway`;
  return `${events}; ${engineers}.`;
}

export function emptyMonthReading(monthLabel: string, hasAnyData: boolean): string {
  return hasAnyData
    ? `No data for ${monthLabel}: no gateway events, production commits or exceptions were recorded in that month.`
    : `No data yet: ingest gateway logs and repositories, then roll up (npm run cli -- rollup).`;
}
