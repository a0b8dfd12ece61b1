// A test or control status in a symbol, a word and a colour (the colour is never the only cue).
import styles from "./matrix.module.css";

export type Status = "PASS" | "FAIL" | "NOT_APPLICABLE" | "NOT_EVALUATED";

const LABEL: Record<Status, { symbol: string; word: string }> = {
  PASS: { symbol: "✓", word: "Pass" },
  FAIL: { symbol: "✗", word: "Fail" },
  NOT_APPLICABLE: { symbol: "–", word: "Not applicable" },
  NOT_EVALUATED: { symbol: "?", word: "Not evaluated" },
};

/** Sort order: failures first when sorted descending. */
export function statusRank(s: Status): number {
  return { NOT_APPLICABLE: 0, PASS: 1, NOT_EVALUATED: 2, FAIL: 3 }[s];
}

export function StatusBadge({ status }: { status: Status }) {
  const l = LABEL[status];
  const cls = status === "NOT_EVALUATED" ? styles.notEvaluated : status;
  return (
    <span className={`badge ${cls} ${styles.status}`}>
      <span aria-hidden="true">{l.symbol} </span>
      {l.word}
    </span>
  );
}
