// The shape every control test module has, and what an evaluation produces.
import type { Prisma } from "../db/client";
import type { z } from "zod";
import type { SETTINGS, SettingKey } from "../settings/definitions";

export type TestResultValue = "PASS" | "FAIL" | "NOT_APPLICABLE";

/** What the rules read through: the client, or a transaction of it (evaluations run in one). */
export type Reader = Prisma.TransactionClient;

/** Every setting, resolved (a test reads only the keys it declares); typed by its schema. */
export type Settings = { [K in SettingKey]: z.output<(typeof SETTINGS)[K]["schema"]> };

/** The audit period a test runs over: [start, end). */
export interface PeriodScope {
  id: string;
  name: string;
  start: Date;
  end: Date;
  state: "OPEN" | "LOCKED";
}

/** Kinds of population items and exceptions; each has a drilldown link (see links.ts). */
export type ItemType = "COMMIT" | "AI_EVENT" | "TOOL" | "IDENTITY" | "TOOL_CALL" | "EXCEPTION" | "COVERAGE";

/** One failing population item, as the rule found it. */
export interface ExceptionDraft {
  /** stable across re-evaluations: the same failing item has the same key */
  itemKey: string;
  itemType: ItemType;
  /** what the drilldown link needs (commit "owner/name/sha", event id, register key...) */
  itemRef: string;
  /** what failed and why, in one sentence */
  summary: string;
  details: Record<string, unknown>;
  /** when it happened in the source data; the SLA clock starts here */
  occurredAt: Date | null;
}

export interface TestOutcome {
  result: TestResultValue;
  populationSize: number;
  /** SHA-256 over the sorted population item keys, "\n"-joined */
  populationHash: string;
  exceptions: ExceptionDraft[];
  /** figures beyond the counts, stored with the evaluation (e.g. DC-3's unverifiable events) */
  metrics?: Record<string, number>;
}

/** Memo shared by the tests of one evaluation run (several CC8.1 tests read the same changes). */
export class EvaluationShared {
  private memo = new Map<string, Promise<unknown>>();
  constructor(readonly now: Date = new Date()) {}
  once<T>(key: string, load: () => Promise<T>): Promise<T> {
    let p = this.memo.get(key) as Promise<T> | undefined;
    if (!p) {
      p = load();
      this.memo.set(key, p);
    }
    return p;
  }
}

export interface ControlTestModule {
  id: string;
  /** the procedure as an auditor writes it in a workpaper (from the catalogue) */
  procedure: string;
  /** settings the rule reads; their values are stored with each evaluation */
  settingsKeys: readonly SettingKey[];
  /**
   * The population as SQL, one row per item, with the columns
   * item_key, item_type, item_ref, label, occurred_at, passed (NULL = derive from the exceptions).
   * Used for the size and hash of an evaluation, the test page, CSV export and sampling.
   */
  population(period: PeriodScope, settings: Settings): Prisma.Sql;
  evaluate(db: Reader, period: PeriodScope, settings: Settings, shared?: EvaluationShared): Promise<TestOutcome>;
}
