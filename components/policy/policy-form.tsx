"use client";
import { useActionState } from "react";
import { savePolicyAction, type PolicyState } from "@/app/(app)/policy/actions";

const LEVELS = ["RESTRICTED", "CONFIDENTIAL", "INTERNAL", "PUBLIC"] as const;
const RULES = [
  { value: "block", label: "block the prompt" },
  { value: "mask", label: "mask the value" },
  { value: "log", label: "log only" },
] as const;

export interface PolicyFormProps {
  blockingLevel: string;
  actions: Record<string, string>;
  logOnlyTypes: string[];
  allowedFingerprints: string[];
  allowTestData: boolean;
  failMode: string;
  internalHostPatterns: string[];
  detectors: { type: string; defaultClassification: string; classification: string; overridden: boolean }[];
}

export function PolicyForm(p: PolicyFormProps) {
  const [state, action, pending] = useActionState<PolicyState, FormData>(savePolicyAction, null);
  const logOnly = new Set(p.logOnlyTypes);
  return (
    <form action={action} className="panel" aria-label="Edit the data egress policy">
      <div className="row">
        <label>Blocking level (DC-1){" "}
          <select name="blockingLevel" defaultValue={p.blockingLevel}>
            {LEVELS.map((l) => <option key={l} value={l}>{l} and above</option>)}
          </select>
        </label>
        <label>On an internal error{" "}
          <select name="failMode" defaultValue={p.failMode}>
            <option value="closed">fail closed (block)</option>
            <option value="open">fail open (pass)</option>
          </select>
        </label>
        <label><input type="checkbox" name="allowTestData" defaultChecked={p.allowTestData} /> let known test data through (e.g. 4111 1111 1111 1111)</label>
      </div>

      <h3>Guardrail action per classification</h3>
      <div className="row">
        {LEVELS.map((l) => (
          <label key={l}>{l}{" "}
            <select name={`action.${l}`} defaultValue={p.actions[l] ?? "log"}>
              {RULES.map((r) => <option key={r.value} value={r.value}>{r.label}</option>)}
            </select>
          </label>
        ))}
      </div>

      <h3>Detectors</h3>
      <table>
        <thead><tr><th>Finding type</th><th>Classification</th><th>Log only</th></tr></thead>
        <tbody>
          {p.detectors.map((d) => (
            <tr key={d.type}>
              <td><code>{d.type}</code></td>
              <td>
                <select name={`override.${d.type}`} defaultValue={d.overridden ? d.classification : ""} aria-label={`classification of ${d.type}`}>
                  <option value="">default ({d.defaultClassification})</option>
                  {LEVELS.map((l) => <option key={l} value={l}>{l}</option>)}
                </select>
              </td>
              <td><input type="checkbox" name="logOnlyTypes" value={d.type} defaultChecked={logOnly.has(d.type)} aria-label={`${d.type} is log only`} /></td>
            </tr>
          ))}
        </tbody>
      </table>

      <div className="row" style={{ marginTop: 12, alignItems: "flex-start" }}>
        <label>Allow-listed fingerprints (one per line)<br />
          <textarea name="allowedFingerprints" rows={4} cols={70} defaultValue={p.allowedFingerprints.join("\n")} placeholder="64 hex characters, from a decision's finding" />
        </label>
        <label>Internal host patterns (one per line)<br />
          <textarea name="internalHostPatterns" rows={4} cols={40} defaultValue={p.internalHostPatterns.join("\n")} placeholder="*.corp.example.com" />
        </label>
      </div>

      <label style={{ display: "block", marginTop: 12 }}>Reason for the change (kept in the history){" "}
        <input name="comment" required minLength={3} maxLength={500} size={70} placeholder="e.g. approved by the security committee on 2026-03-02" />
      </label>
      <p><button type="submit" disabled={pending}>Save policy</button></p>
      {state && <p role="status" className={state.ok ? "" : "error"}>{state.message}</p>}
    </form>
  );
}
