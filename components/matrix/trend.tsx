// A sparkline of a test's exception counts over its last evaluations, with a text alternative.
import styles from "./matrix.module.css";

export function Trend({ counts }: { counts: number[] }) {
  if (counts.length < 2) return <span className="muted">{counts.length ? "1 evaluation" : "—"}</span>;
  const w = 80;
  const h = 18;
  const max = Math.max(1, ...counts);
  const step = w / (counts.length - 1);
  const points = counts.map((c, i) => `${(i * step).toFixed(1)},${(h - 1 - (c / max) * (h - 2)).toFixed(1)}`).join(" ");
  const text = `Exceptions over the last ${counts.length} evaluations: ${counts.join(", ")}`;
  return (
    <svg className={styles.trend} width={w} height={h} viewBox={`0 0 ${w} ${h}`} role="img" aria-label={text}>
      <title>{text}</title>
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}
