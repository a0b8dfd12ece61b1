// A plain GET form: the month travels in ?month=, so every view is linkable.
import Link from "next/link";
import { addMonths, monthLabel } from "@/lib/summary/month";

export function MonthPicker({ months, selected, path }: { months: string[]; selected: string; path: string }) {
  const newer = addMonths(selected, 1);
  const older = addMonths(selected, -1);
  return (
    <form method="get" action={path} className="row" style={{ marginBottom: 12 }}>
      <Link href={`${path}?month=${older}`} aria-label={`Previous month: ${monthLabel(older)}`}>←</Link>
      <label>
        Month{" "}
        <select name="month" defaultValue={selected}>
          {months.map((m) => (
            <option key={m} value={m}>{monthLabel(m)}</option>
          ))}
        </select>
      </label>
      <button type="submit" className="secondary">Show</button>
      {months.includes(newer) && <Link href={`${path}?month=${newer}`} aria-label={`Next month: ${monthLabel(newer)}`}>→</Link>}
    </form>
  );
}
