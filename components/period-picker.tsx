// A plain GET form: the selected period travels in ?period=, so every view is linkable.
export function PeriodPicker({ periods, selected, path }: { periods: { id: string; name: string; state: string }[]; selected: string | null; path: string }) {
  if (periods.length <= 1) return periods[0] ? <p className="muted">Audit period: {periods[0].name} ({periods[0].state.toLowerCase()})</p> : null;
  return (
    <form method="get" action={path} className="row" style={{ marginBottom: 12 }}>
      <label>Audit period{" "}
        <select name="period" defaultValue={selected ?? undefined}>
          {periods.map((p) => <option key={p.id} value={p.id}>{p.name} ({p.state.toLowerCase()})</option>)}
        </select>
      </label>
      <button type="submit" className="secondary">Show</button>
    </form>
  );
}
