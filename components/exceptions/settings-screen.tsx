// The settings page body: one form per policy setting, validated on save, with its change history.
import { saveSettingAction } from "@/app/(app)/settings/actions";
import type { settingsView } from "@/lib/controls/settings-queries";
import { ActionForm } from "./action-form";

type Setting = Awaited<ReturnType<typeof settingsView>>[number];
const show = (v: unknown) => (v === undefined ? "—" : JSON.stringify(v));

function Field({ s }: { s: Setting }) {
  const id = `setting-${s.key}`;
  switch (s.kind) {
    case "enum":
      return <select id={id} name="value" defaultValue={s.text}>{s.options!.map((o) => <option key={o} value={o}>{o}</option>)}</select>;
    case "boolean":
      return <select id={id} name="value" defaultValue={s.text}><option value="true">yes</option><option value="false">no</option></select>;
    case "number":
      return <input id={id} name="value" type="number" defaultValue={s.text} required />;
    case "text":
      return <input id={id} name="value" defaultValue={s.text} required size={40} />;
    case "list":
      return <textarea id={id} name="value" defaultValue={s.text} rows={Math.min(8, Math.max(2, s.text.split("\n").length + 1))} cols={50} />;
    default:
      return <textarea id={id} name="value" defaultValue={s.text} rows={Math.min(16, Math.max(3, s.text.split("\n").length + 1))} cols={70} style={{ fontFamily: "monospace" }} />;
  }
}

export function SettingsScreen({ settings, readOnly }: { settings: Setting[]; readOnly: boolean }) {
  return (
    <>
      <h1>Settings</h1>
      <p className="muted">The policy the control tests apply. Every change is kept with who made it, when, and the value before and after; saving re-evaluates the open audit periods.</p>
      {settings.map((s) => (
        <section key={s.key} className="panel" aria-labelledby={`h-${s.key}`}>
          <h2 id={`h-${s.key}`} style={{ marginTop: 0 }}><code>{s.key}</code> {s.isDefault && <span className="badge NONE">default</span>}</h2>
          {s.description && <p className="muted">{s.description}</p>}
          {readOnly ? (
            <pre>{s.text}</pre>
          ) : (
            <ActionForm action={saveSettingAction} submitLabel="Save" className="">
              <input type="hidden" name="key" value={s.key} />
              <p><label htmlFor={`setting-${s.key}`} className="muted">Value{s.kind === "list" ? " (one per line)" : s.kind === "json" ? " (JSON)" : ""}</label><br /><Field s={s} /></p>
              <p><label>Reason for the change <input name="comment" size={50} maxLength={500} /></label></p>
            </ActionForm>
          )}
          {s.history.length > 0 && (
            <details>
              <summary>Change history ({s.history.length}{s.history.length === 10 ? "+" : ""})</summary>
              <table>
                <thead><tr><th>When</th><th>By</th><th>Before</th><th>After</th><th>Reason</th></tr></thead>
                <tbody>
                  {s.history.map((h, i) => (
                    <tr key={i}>
                      <td>{h.changedAt.toISOString().replace("T", " ").slice(0, 16)}</td>
                      <td>{h.changedBy ?? "system"}</td>
                      <td><code>{show(h.oldValue)}</code></td>
                      <td><code>{show(h.newValue)}</code></td>
                      <td>{h.comment ?? ""}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          )}
        </section>
      ))}
    </>
  );
}
