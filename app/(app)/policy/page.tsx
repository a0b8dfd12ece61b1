import { headers } from "next/headers";
import { logAccess, requirePage } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { decisionCounts, policyDocument, policyHistory } from "@/lib/guardrail/policy-document";
import { litellmConfigSnippet } from "@/lib/guardrail/litellm-config";
import { PolicyForm } from "@/components/policy/policy-form";

const RULE_TEXT = { block: "blocked: the prompt does not leave", mask: "masked: the value is replaced before the prompt leaves", log: "logged: the prompt leaves, the finding is recorded" } as const;
const when = (d: Date) => d.toISOString().replace("T", " ").slice(0, 16) + " UTC";

function show(v: unknown): string {
  if (v === null || v === undefined) return "—";
  if (typeof v === "string") return v;
  if (Array.isArray(v)) {
    if (v.length === 0) return "(none)";
    const items = v.map((x) => (typeof x === "string" && /^[0-9a-f]{64}$/i.test(x) ? `${x.slice(0, 12)}…` : String(x)));
    return items.join(", ");
  }
  if (typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>);
    return entries.length ? entries.map(([k, x]) => `${k}: ${String(x)}`).join(", ") : "(none)";
  }
  return String(v);
}

async function appBase(): Promise<string> {
  const env = process.env.APP_URL || process.env.NEXTAUTH_URL;
  if (env) return env.replace(/\/+$/, "");
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "<host>";
  return `${h.get("x-forwarded-proto") ?? "https"}://${host}`;
}

export default async function PolicyPage() {
  const actor = await requirePage("evidence:read");
  await logAccess(actor, "VIEW", "/policy");
  const edit = can(actor.role, "settings:write") && !actor.previewOf;
  const [doc, history, counts, base] = await Promise.all([policyDocument(db()), policyHistory(db()), decisionCounts(db()), appBase()]);
  const effective = history[0]?.changedAt;

  return (
    <>
      <h1>Data egress policy</h1>
      <p className="muted">
        Governs what prompt content may be sent to third-party AI models through the gateway (CC3.2).
        The same rules drive the gateway guardrail and the DC-1 / DC-2 tests.{" "}
        {effective ? `Last changed ${when(effective)}.` : "Default policy, never changed."}{" "}
        <a href="#history">Change history</a> · <a href="#decisions">Guardrail decisions</a> · <a href="#litellm">LiteLLM configuration</a>
      </p>
      {doc.warnings.map((w) => <div key={w} className="banner" role="note">{w}</div>)}

      <h2>Rules</h2>
      <div className="panel">
        <dl className="kv">
          <dt>Blocking level</dt>
          <dd>Prompt content classified <strong>{doc.blockingLevel}</strong> or above must not reach a third-party model: the gateway blocks (or masks) it, and every such prompt that went through is a DC-1 exception.</dd>
          <dt>At the guardrail</dt>
          <dd>
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {(["RESTRICTED", "CONFIDENTIAL", "INTERNAL", "PUBLIC"] as const).map((c) => (
                <li key={c}><span className={`badge ${c}`}>{c}</span> {RULE_TEXT[doc.actions[c]]}</li>
              ))}
            </ul>
          </dd>
          <dt>Log-only types</dt>
          <dd>{doc.logOnlyTypes.length ? doc.logOnlyTypes.join(", ") : "none: every type follows its classification"}</dd>
          <dt>Test data</dt>
          <dd>{doc.allowTestData ? "Well-known test values (documented test card numbers, example SSNs, example.com addresses) pass the guardrail and are recorded as test data." : "Test values are treated like real ones."}</dd>
          <dt>Allow-list</dt>
          <dd>
            {doc.allowedFingerprints.length === 0 ? "No value is allow-listed." : (
              <>{doc.allowedFingerprints.length} value(s) pass by their keyed fingerprint (the value itself is never stored):{" "}
                {doc.allowedFingerprints.map((f) => <code key={f} title={f}>{f.slice(0, 12)}… </code>)}</>
            )}
          </dd>
          <dt>On an internal error</dt>
          <dd>{doc.failMode === "closed" ? "Fail closed: the prompt is blocked with a reason saying the filter failed." : "Fail open: the prompt passes unscanned."} Every such event is recorded as a decision with its error.</dd>
          <dt>Internal host patterns</dt>
          <dd>{doc.internalHostPatterns.length ? doc.internalHostPatterns.map((p) => <code key={p}>{p} </code>) : "none"}</dd>
        </dl>
      </div>

      <h2>Detectors and their classification</h2>
      <table>
        <thead><tr><th>Finding type</th><th>Family</th><th>What it detects</th><th>Classification</th><th>At the guardrail</th></tr></thead>
        <tbody>
          {doc.detectors.map((d) => (
            <tr key={d.type}>
              <td><code>{d.type}</code></td>
              <td>{d.family}</td>
              <td>{d.description}</td>
              <td><span className={`badge ${d.classification}`}>{d.classification}</span>{d.overridden && <span className="muted"> (default {d.defaultClassification})</span>}</td>
              <td>{d.rule}{d.logOnly && <span className="muted"> (log-only type)</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2 id="decisions">Guardrail decisions, last 30 days</h2>
      <div className="grid">
        <div className="panel"><div className="muted">blocked</div><div className="stat">{counts.blocked.toLocaleString("en")}</div></div>
        <div className="panel"><div className="muted">masked (intervened)</div><div className="stat">{counts.intervened.toLocaleString("en")}</div></div>
        <div className="panel"><div className="muted">passed</div><div className="stat">{counts.none.toLocaleString("en")}</div></div>
        <div className="panel"><div className="muted">internal errors</div><div className="stat">{counts.errors.toLocaleString("en")}</div></div>
      </div>
      {counts.total === 0 ? (
        <div className="empty">The guardrail has not decided anything in the last 30 days. Connect LiteLLM below to make it the gateway&apos;s filter.</div>
      ) : counts.byType.length > 0 && (
        <table>
          <thead><tr><th>Finding type</th><th>Blocked</th><th>Masked</th></tr></thead>
          <tbody>{counts.byType.map((t) => <tr key={t.type}><td><code>{t.type}</code></td><td>{t.blocked}</td><td>{t.intervened}</td></tr>)}</tbody>
        </table>
      )}

      <h2 id="litellm">LiteLLM configuration</h2>
      <p>
        Add this to the LiteLLM proxy&apos;s <code>config.yaml</code>. LiteLLM appends <code>/beta/litellm_basic_guardrail_api</code> to <code>api_base</code>.
        An ADMIN creates the token with <code>npm run cli -- token create --kind guardrail --name litellm-prod</code>.
      </p>
      <pre className="panel" style={{ overflowX: "auto" }}>{litellmConfigSnippet(base)}</pre>

      <h2 id="history">Change history</h2>
      {history.length === 0 ? <div className="empty">The policy has its default values and was never changed.</div> : (
        <table>
          <thead><tr><th>When</th><th>Who</th><th>Setting</th><th>Old</th><th>New</th><th>Reason</th></tr></thead>
          <tbody>
            {history.map((h) => (
              <tr key={h.id}>
                <td>{when(h.changedAt)}</td>
                <td>{h.changedBy ?? "system"}</td>
                <td><code>{h.key}</code></td>
                <td>{show(h.oldValue)}</td>
                <td>{show(h.newValue)}</td>
                <td>{h.comment ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {edit && (
        <>
          <h2 id="edit">Change the policy</h2>
          <PolicyForm
            blockingLevel={doc.blockingLevel}
            actions={doc.actions}
            logOnlyTypes={doc.logOnlyTypes}
            allowedFingerprints={doc.allowedFingerprints}
            allowTestData={doc.allowTestData}
            failMode={doc.failMode}
            internalHostPatterns={doc.internalHostPatterns}
            detectors={doc.detectors.map((d) => ({ type: d.type, defaultClassification: d.defaultClassification, classification: d.classification, overridden: d.overridden }))}
          />
        </>
      )}
    </>
  );
}
