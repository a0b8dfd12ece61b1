import { describe, expect, it } from "vitest";
import {
  ageReading,
  aiShareReading,
  breakdownReading,
  countChange,
  coverageReading,
  driverClause,
  emptyMonthReading,
  exceptionsReading,
  formatMoney,
  formatPercent,
  levelsAtOrAbove,
  listOf,
  repoShareReading,
  reviewByRepoReading,
  reviewReading,
  sensitiveReading,
  shadowReading,
  shareDirection,
  shareDrivers,
  toolShareReading,
  trafficReading,
} from "./sentences";

describe("formatting", () => {
  it("formats percentages without claiming 0% or 100% that are not", () => {
    expect(formatPercent(0)).toBe("0%");
    expect(formatPercent(1)).toBe("100%");
    expect(formatPercent(0.001)).toBe("<1%");
    expect(formatPercent(0.999)).toBe(">99%");
    expect(formatPercent(0.314)).toBe("31%");
    expect(formatPercent(0.9951)).toBe(">99%");
    expect(formatPercent(0.0049)).toBe("<1%");
    expect(formatPercent(0.005)).toBe("1%");
    expect(formatPercent(Number.NaN)).toBe("—");
  });
  it("formats money and lists", () => {
    expect(formatMoney(0)).toBe("$0");
    expect(formatMoney(12.5)).toBe("$12.50");
    expect(formatMoney(4210.4)).toBe("$4,210");
    expect(listOf([])).toBe("");
    expect(listOf(["a"])).toBe("a");
    expect(listOf(["a", "b"])).toBe("a and b");
    expect(listOf(["a", "b", "c"])).toBe("a, b and c");
    expect(listOf(["a", "b", "c", "d", "e"])).toBe("a, b, c and 2 more");
  });
  it("compares counts", () => {
    expect(countChange(100, null)).toBe("");
    expect(countChange(100, 0)).toBe("none the previous month");
    expect(countChange(0, 0)).toBe("");
    expect(countChange(112, 100)).toBe("up 12% on the previous month");
    expect(countChange(88, 100)).toBe("down 12% on the previous month");
    expect(countChange(1000, 1002)).toBe("about the same as the previous month");
    expect(countChange(7, 3)).toBe("up from 3");
    expect(countChange(3, 3)).toBe("as many as the previous month");
  });
  it("names the levels at or above the blocking level", () => {
    expect(levelsAtOrAbove("CONFIDENTIAL")).toBe("Confidential or Restricted");
    expect(levelsAtOrAbove("RESTRICTED")).toBe("Restricted");
    expect(levelsAtOrAbove("INTERNAL")).toBe("Internal, Confidential or Restricted");
  });
});

describe("share comparisons", () => {
  it("compares rounded shares and refuses tiny denominators", () => {
    expect(shareDirection({ n: 38, d: 100 }, { n: 31, d: 100 })).toBe("rose");
    expect(shareDirection({ n: 31, d: 100 }, { n: 38, d: 100 })).toBe("fell");
    expect(shareDirection({ n: 310, d: 1000 }, { n: 312, d: 1000 })).toBe("unchanged");
    expect(shareDirection({ n: 38, d: 100 }, null)).toBe("incomparable");
    expect(shareDirection({ n: 38, d: 100 }, { n: 1, d: 3 })).toBe("incomparable");
    expect(shareDirection({ n: 1, d: 3 }, { n: 38, d: 100 })).toBe("incomparable");
  });

  it("decomposes a share change into per-item contributions that add up", () => {
    const items = [
      { key: "billing-svc", n: 30, d: 40, prevN: 10, prevD: 40 },
      { key: "api", n: 8, d: 60, prevN: 21, prevD: 60 },
    ];
    const drivers = shareDrivers({ n: 38, d: 100 }, { n: 31, d: 100 }, items);
    const total = drivers.reduce((a, b) => a + b.contribution, 0);
    expect(total).toBeCloseTo(0.07, 10);
    expect(drivers[0].key).toBe("billing-svc");
  });

  it("says where a rise is", () => {
    const cur = { n: 38, d: 100 };
    const prev = { n: 31, d: 100 };
    expect(driverClause(cur, prev, [
      { key: "billing-svc", n: 18, d: 50, prevN: 11, prevD: 50 },
      { key: "api", n: 20, d: 50, prevN: 20, prevD: 50 },
    ])).toBe("; all of the rise is in billing-svc");
    expect(driverClause(cur, prev, [
      { key: "billing-svc", n: 15, d: 50, prevN: 10, prevD: 50 },
      { key: "api", n: 23, d: 50, prevN: 21, prevD: 50 },
    ])).toBe("; most of the rise is in billing-svc");
    expect(driverClause(cur, prev, [
      { key: "a", n: 11, d: 25, prevN: 9, prevD: 25 },
      { key: "b", n: 9, d: 25, prevN: 7, prevD: 25 },
      { key: "c", n: 9, d: 25, prevN: 7, prevD: 25 },
      { key: "d", n: 9, d: 25, prevN: 8, prevD: 25 },
    ])).toBe("; the rise is spread across 4 repositories");
    expect(driverClause({ n: 20, d: 100 }, { n: 31, d: 100 }, [
      { key: "a", n: 10, d: 50, prevN: 21, prevD: 50 },
      { key: "b", n: 10, d: 50, prevN: 10, prevD: 50 },
    ])).toBe("; all of the fall is in a");
    // a single repository explains nothing
    expect(driverClause(cur, prev, [{ key: "only", n: 38, d: 100, prevN: 31, prevD: 100 }])).toBe("");
  });
});

describe("AI-assisted share", () => {
  it("reads the brief's example", () => {
    expect(aiShareReading({
      cur: { n: 38, d: 100 },
      prev: { n: 31, d: 100 },
      byRepo: [
        { key: "billing-svc", n: 18, d: 50, prevN: 11, prevD: 50 },
        { key: "api", n: 20, d: 50, prevN: 20, prevD: 50 },
      ],
    })).toBe("AI-assisted share of production commits rose from 31% to 38%; all of the rise is in billing-svc.");
  });
  it("handles no previous month", () => {
    expect(aiShareReading({ cur: { n: 38, d: 100 }, prev: null })).toBe("AI-assisted share of production commits was 38% (no previous month to compare).");
  });
  it("handles a previous month without commits and one with too few", () => {
    expect(aiShareReading({ cur: { n: 38, d: 100 }, prev: { n: 0, d: 0 } })).toBe("AI-assisted share of production commits was 38%; the previous month had no production commits.");
    expect(aiShareReading({ cur: { n: 38, d: 100 }, prev: { n: 1, d: 3 } })).toBe("AI-assisted share of production commits was 38% (previous month: 1 of 3, too few to compare).");
  });
  it("handles zero commits", () => {
    expect(aiShareReading({ cur: { n: 0, d: 0 }, prev: null })).toBe("No production commits this month.");
    expect(aiShareReading({ cur: { n: 0, d: 0 }, prev: { n: 5, d: 40 } })).toBe("No production commits this month (40 the previous month).");
  });
  it("handles none and all AI-assisted", () => {
    expect(aiShareReading({ cur: { n: 0, d: 120 }, prev: { n: 0, d: 100 } })).toBe("None of the 120 production commits was AI-assisted, as in the previous month.");
    expect(aiShareReading({ cur: { n: 0, d: 120 }, prev: { n: 12, d: 100 } })).toBe("None of the 120 production commits was AI-assisted, down from 12%.");
    expect(aiShareReading({ cur: { n: 120, d: 120 }, prev: { n: 90, d: 100 } })).toBe("All 120 production commits were AI-assisted, up from 90%.");
    expect(aiShareReading({ cur: { n: 120, d: 120 }, prev: null })).toBe("All 120 production commits were AI-assisted.");
  });
  it("handles unchanged shares", () => {
    expect(aiShareReading({ cur: { n: 31, d: 100 }, prev: { n: 62, d: 200 } })).toBe("AI-assisted share of production commits was unchanged at 31%.");
  });
  it("uses counts for tiny denominators", () => {
    expect(aiShareReading({ cur: { n: 3, d: 7 }, prev: { n: 30, d: 100 } })).toBe("3 of 7 production commits were AI-assisted (too few for a share).");
    expect(aiShareReading({ cur: { n: 1, d: 1 }, prev: null })).toBe("The only production commit was AI-assisted.");
    expect(aiShareReading({ cur: { n: 0, d: 2 }, prev: null })).toBe("None of the 2 production commits was AI-assisted (too few for a share).");
    expect(aiShareReading({ cur: { n: 1, d: 4 }, prev: null })).toBe("1 of 4 production commits was AI-assisted (too few for a share).");
  });
});

describe("breakdowns", () => {
  it("names the repository with the highest share", () => {
    expect(repoShareReading([
      { key: "acme/billing", n: 29, d: 40, prevN: 0, prevD: 0 },
      { key: "acme/api", n: 10, d: 60, prevN: 0, prevD: 0 },
      { key: "acme/web", n: 0, d: 12, prevN: 0, prevD: 0 },
    ])).toBe("acme/billing has the highest AI-assisted share (73% of 40 commits); 1 of 3 repositories had none.");
    expect(repoShareReading([])).toBe("No production commits this month.");
    expect(repoShareReading([{ key: "acme/api", n: 3, d: 5, prevN: 0, prevD: 0 }])).toBe("All production commits were in acme/api: 3 of 5 AI-assisted.");
    expect(repoShareReading([
      { key: "a", n: 0, d: 20, prevN: 0, prevD: 0 },
      { key: "b", n: 0, d: 30, prevN: 0, prevD: 0 },
    ])).toBe("None of the 2 repositories had an AI-assisted production commit.");
    expect(repoShareReading([
      { key: "a", n: 2, d: 3, prevN: 0, prevD: 0 },
      { key: "b", n: 1, d: 4, prevN: 0, prevD: 0 },
    ])).toBe("Every repository had fewer than 10 production commits; a had the most AI-assisted (2 of 3); every repository had AI-assisted commits.");
  });
  it("reads tools behind AI-assisted commits", () => {
    expect(toolShareReading({ tools: [], totalAi: 0, hasPrevious: true })).toBe("No AI-assisted production commits this month.");
    expect(toolShareReading({ tools: [{ key: "claude-code", label: "Claude Code", value: 40, prevValue: 30 }], totalAi: 40, hasPrevious: true })).toBe("All AI-assisted commits name Claude Code.");
    expect(toolShareReading({
      tools: [
        { key: "claude-code", label: "Claude Code", value: 64, prevValue: 50 },
        { key: "copilot", label: "GitHub Copilot", value: 20, prevValue: 10 },
        { key: "cursor", label: "Cursor", value: 16, prevValue: 0 },
      ],
      totalAi: 100,
      hasPrevious: true,
    })).toBe("Claude Code appears in 64% of AI-assisted commits, GitHub Copilot in 20%, Cursor in 16%; Cursor appears for the first time.");
    expect(toolShareReading({ tools: [{ key: "(unknown)", value: 5, prevValue: 0 }, { key: "aider", value: 2, prevValue: 0 }], totalAi: 7, hasPrevious: false }))
      .toBe("An unnamed tool appears in 5 of the 7 AI-assisted commits, aider in 2.");
  });
  it("reads who carries a total and what moved", () => {
    expect(breakdownReading({ items: [], noun: "requests", hasPrevious: true })).toBe("No requests this month.");
    expect(breakdownReading({ items: [{ key: "claude-code", value: 10, prevValue: 0 }], noun: "requests", hasPrevious: true })).toBe("All requests went to claude-code.");
    expect(breakdownReading({
      items: [
        { key: "claude-code", value: 640, prevValue: 500 },
        { key: "openai", value: 200, prevValue: 480 },
        { key: "gemini", value: 160, prevValue: 20 },
      ],
      noun: "requests",
      hasPrevious: true,
    })).toBe("claude-code accounts for 64% of requests, openai 20%, gemini 16%; openai lost the most share (from 48% to 20%).");
    expect(breakdownReading({
      items: [{ key: "a", value: 50, prevValue: 50 }, { key: "b", value: 50, prevValue: 50 }],
      noun: "requests",
      hasPrevious: false,
    })).toBe("a accounts for 50% of requests, b 50%.");
  });
});

describe("review rate", () => {
  const base = { production: 200, evaluated: 200, fail: 8, evaluatedAi: 80, failAi: 6 };
  it("reads overall and AI-assisted rates against the previous month", () => {
    expect(reviewReading({ cur: base, prev: { ...base, fail: 18 } })).toBe("96% of production changes had an independent approval, up from 91%; AI-assisted ones: 93%.");
    expect(reviewReading({ cur: base, prev: null })).toBe("96% of production changes had an independent approval; AI-assisted ones: 93%.");
  });
  it("handles no changes, no evaluation, 100% and 0%", () => {
    expect(reviewReading({ cur: { production: 0, evaluated: 0, fail: 0, evaluatedAi: 0, failAi: 0 }, prev: null })).toBe("No production changes to review this month.");
    expect(reviewReading({ cur: { production: 12, evaluated: 0, fail: 0, evaluatedAi: 0, failAi: 0 }, prev: null })).toMatch(/^CM-3 was not evaluated for this month's 12 production changes/);
    expect(reviewReading({ cur: { ...base, fail: 0, failAi: 0 }, prev: { ...base, fail: 0, failAi: 0 } })).toBe("All 200 production changes had an independent approval, as in the previous month; all 80 AI-assisted ones had one.");
    expect(reviewReading({ cur: { ...base, fail: 200, failAi: 80 }, prev: null })).toBe("None of the 200 production changes had an independent approval; none of the 80 AI-assisted ones had one.");
    expect(reviewReading({ cur: { production: 1, evaluated: 1, fail: 0, evaluatedAi: 1, failAi: 0 }, prev: null })).toBe("The only production change had an independent approval; the one AI-assisted change had one too.");
  });
  it("notes a partial evaluation and small AI populations", () => {
    expect(reviewReading({ cur: { production: 120, evaluated: 100, fail: 10, evaluatedAi: 4, failAi: 1 }, prev: null })).toBe(
      "90% of production changes had an independent approval (evaluated for 100 of 120); AI-assisted ones: 3 of 4.",
    );
    expect(reviewReading({ cur: { production: 50, evaluated: 50, fail: 5, evaluatedAi: 0, failAi: 0 }, prev: null })).toBe(
      "90% of production changes had an independent approval; no AI-assisted change among them.",
    );
  });
});

describe("review by repository", () => {
  it("says where the unapproved changes are", () => {
    expect(reviewByRepoReading([])).toBe("No evaluated production changes this month.");
    expect(reviewByRepoReading([{ key: "a", evaluated: 10, fail: 0 }])).toBe("Every evaluated change in every repository had an independent approval.");
    expect(reviewByRepoReading([{ key: "a", evaluated: 10, fail: 1 }, { key: "b", evaluated: 5, fail: 0 }])).toBe("The one change without an independent approval is in a.");
    expect(reviewByRepoReading([{ key: "a", evaluated: 10, fail: 4 }, { key: "b", evaluated: 5, fail: 0 }])).toBe("All 4 changes without an independent approval are in a.");
    expect(reviewByRepoReading([{ key: "a", evaluated: 10, fail: 4 }, { key: "b", evaluated: 5, fail: 2 }])).toBe("Most changes without an independent approval are in a (4 of 6).");
    expect(reviewByRepoReading([{ key: "a", evaluated: 10, fail: 2 }, { key: "b", evaluated: 5, fail: 2 }, { key: "c", evaluated: 5, fail: 1 }])).toBe(
      "Changes without an independent approval are spread across 3 repositories; a has the most (2 of 5).",
    );
  });
});

describe("traffic", () => {
  it("reads requests, people, credentials and cost", () => {
    expect(trafficReading({ cur: { events: 12345, users: 83, credentials: 91, cost: 4210.2 }, prev: { events: 11000, users: 80, credentials: 90, cost: 4000 } })).toBe(
      "12,345 gateway requests from 83 people with 91 credentials, up 12% on the previous month; cost $4,210.",
    );
    expect(trafficReading({ cur: { events: 1, users: 1, credentials: 1, cost: 0 }, prev: null })).toBe("1 gateway request from 1 person with 1 credential.");
  });
  it("handles no traffic and a first month of traffic", () => {
    expect(trafficReading({ cur: { events: 0, users: 0, credentials: 0, cost: 0 }, prev: null })).toBe("No gateway traffic this month.");
    expect(trafficReading({ cur: { events: 0, users: 0, credentials: 0, cost: 0 }, prev: { events: 50, users: 2, credentials: 2, cost: 1 } })).toBe(
      "No gateway traffic this month (50 requests the previous month).",
    );
    expect(trafficReading({ cur: { events: 500, users: 3, credentials: 0, cost: 0 }, prev: { events: 0, users: 0, credentials: 0, cost: 0 } })).toBe(
      "500 gateway requests from 3 people, the first gateway traffic after a month without any.",
    );
  });
});

describe("sensitive data", () => {
  const zero = { blocked: 0, masked: 0, passed: 0, other: 0, below: 0 };
  it("reads blocked versus passed and pending dispositions", () => {
    expect(sensitiveReading({ cur: { ...zero, blocked: 30, passed: 7 }, prev: { ...zero, blocked: 41 }, blockingLevel: "CONFIDENTIAL", passThroughs: 7, undispositioned: 3 })).toBe(
      "37 prompts carried Confidential or Restricted data (previous month: 41): 30 blocked and 7 passed through, 3 of them still without a disposition.",
    );
    expect(sensitiveReading({ cur: { ...zero, blocked: 30, passed: 7 }, prev: null, blockingLevel: "CONFIDENTIAL", passThroughs: 7, undispositioned: 0 })).toBe(
      "37 prompts carried Confidential or Restricted data: 30 blocked and 7 passed through, all dispositioned.",
    );
    expect(sensitiveReading({ cur: { ...zero, passed: 2 }, prev: null, blockingLevel: "RESTRICTED", passThroughs: 0, undispositioned: 0 })).toBe(
      "2 prompts carried Restricted data: none blocked and 2 passed through, not yet recorded as DC-1 exceptions.",
    );
  });
  it("handles all blocked, none at all and lower-level data only", () => {
    expect(sensitiveReading({ cur: { ...zero, blocked: 12 }, prev: null, blockingLevel: "CONFIDENTIAL", passThroughs: 0, undispositioned: 0 })).toBe(
      "12 prompts carried Confidential or Restricted data: all were blocked.",
    );
    expect(sensitiveReading({ cur: { ...zero, blocked: 1 }, prev: null, blockingLevel: "CONFIDENTIAL", passThroughs: 0, undispositioned: 0 })).toBe(
      "1 prompt carried Confidential or Restricted data: it was blocked.",
    );
    expect(sensitiveReading({ cur: zero, prev: null, blockingLevel: "CONFIDENTIAL", passThroughs: 0, undispositioned: 0 })).toBe("No prompt carried sensitive data this month.");
    expect(sensitiveReading({ cur: { ...zero, below: 120 }, prev: { ...zero, blocked: 4 }, blockingLevel: "CONFIDENTIAL", passThroughs: 0, undispositioned: 0 })).toBe(
      "No prompt carried Confidential or Restricted data (previous month: 4); 120 prompts carried lower-level data only.",
    );
  });
});

describe("shadow tools, exceptions, ages, coverage", () => {
  it("reads unregistered tools and credentials", () => {
    expect(shadowReading({ tools: [], toolCount: 0, credentialCount: 0, prev: null })).toBe("No unregistered tool or credential was seen this month.");
    expect(shadowReading({ tools: [], toolCount: 0, credentialCount: 0, prev: { toolCount: 2, credentialCount: 5 } })).toBe(
      "No unregistered tool or credential was seen this month (previous month: 2 tools and 5 credentials).",
    );
    expect(shadowReading({ tools: ["Cursor", "Windsurf"], toolCount: 2, credentialCount: 5, prev: { toolCount: 1, credentialCount: 7 } })).toBe(
      "2 unregistered tools (Cursor and Windsurf) and 5 unregistered credentials seen (previous month: 1 tool and 7 credentials).",
    );
    expect(shadowReading({ tools: [], toolCount: 0, credentialCount: 1, prev: null })).toBe("No unregistered tool and 1 unregistered credential seen.");
  });
  it("reads exceptions opened, closed and overdue", () => {
    expect(exceptionsReading({ cur: { opened: 0, closed: 0, openAtEnd: 0, overdue: 0 }, prev: null, worstControl: null })).toBe(
      "No exception was opened or closed this month; none is open at the end of the month.",
    );
    expect(exceptionsReading({ cur: { opened: 14, closed: 9, openAtEnd: 23, overdue: 3 }, prev: { opened: 20, closed: 11, openAtEnd: 18, overdue: 0 }, worstControl: "CC8.1" })).toBe(
      "14 exceptions opened and 9 closed (previous month: 20 and 11); 23 open at the end of the month, 3 of them overdue, most in CC8.1.",
    );
    expect(exceptionsReading({ cur: { opened: 1, closed: 0, openAtEnd: 1, overdue: 1 }, prev: null, worstControl: "CC3.2" })).toBe(
      "1 exception opened and none closed; 1 open at the end of the month in CC3.2, and overdue.",
    );
    expect(exceptionsReading({ cur: { opened: 0, closed: 0, openAtEnd: 4, overdue: 0 }, prev: null, worstControl: null })).toBe(
      "No exception was opened or closed this month; 4 open at the end of the month, none overdue.",
    );
  });
  it("reads a month that only closed exceptions", () => {
    expect(exceptionsReading({ cur: { opened: 0, closed: 2, openAtEnd: 63, overdue: 63 }, prev: { opened: 54, closed: 20, openAtEnd: 65, overdue: 55 }, worstControl: "CC3.2" })).toBe(
      "No exception opened and 2 closed (previous month: 54 and 20); 63 open at the end of the month, all overdue, most in CC3.2.",
    );
  });
  it("reads ages", () => {
    expect(ageReading({ openAtEnd: 0, averageDays: 0, oldestDays: 0, oldestTest: null })).toBe("No exception is open at the end of the month.");
    expect(ageReading({ openAtEnd: 1, averageDays: 3.2, oldestDays: 3.2, oldestTest: "DC-1" })).toBe("The one open exception (DC-1) is 3 days old.");
    expect(ageReading({ openAtEnd: 9, averageDays: 12.4, oldestDays: 41, oldestTest: "CM-3" })).toBe("Open exceptions are 12 days old on average; the oldest, in CM-3, is 41 days old.");
    expect(ageReading({ openAtEnd: 2, averageDays: 1, oldestDays: 1, oldestTest: null })).toBe("Open exceptions are 1 day old on average; the oldest is 1 day old.");
  });
  it("reads coverage", () => {
    expect(coverageReading({ cur: { events: 1000, payload: 820, aiEngineers: 52, aiEngineersGateway: 45 }, prev: { events: 900, payload: 675, aiEngineers: 50, aiEngineersGateway: 40 } })).toBe(
      "82% of gateway events carried a payload and could be verified, up from 75%; 45 of 52 engineers with AI-assisted changes used the gateway.",
    );
    expect(coverageReading({ cur: { events: 0, payload: 0, aiEngineers: 0, aiEngineersGateway: 0 }, prev: null })).toBe(
      "No gateway events to verify; no engineer had AI-assisted production changes.",
    );
    expect(coverageReading({ cur: { events: 40, payload: 40, aiEngineers: 3, aiEngineersGateway: 3 }, prev: null })).toBe(
      "All 40 gateway events carried a payload and could be verified; all 3 engineers with AI-assisted changes used the gateway.",
    );
    expect(coverageReading({ cur: { events: 40, payload: 0, aiEngineers: 1, aiEngineersGateway: 0 }, prev: null })).toBe(
      "None of the 40 gateway events carried a payload: none could be verified; the one engineer with AI-assisted changes did not use the gateway.",
    );
    expect(coverageReading({ cur: { events: 5, payload: 3, aiEngineers: 1, aiEngineersGateway: 1 }, prev: null })).toBe(
      "3 of 5 gateway events carried a payload and could be verified; the one engineer with AI-assisted changes used the gateway.",
    );
  });
  it("says when a month is empty", () => {
    expect(emptyMonthReading("March 2026", true)).toBe("No data for March 2026: no gateway events, production commits or exceptions were recorded in that month.");
    expect(emptyMonthReading("March 2026", false)).toMatch(/^No data yet/);
  });
});
