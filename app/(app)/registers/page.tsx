import { logAccess, requirePage } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { identityRegister, toolRegister } from "@/lib/registers/queries";
import { IdentityForm, ToolForm } from "@/components/registers/register-forms";

const day = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : "—");
const yn = (v: boolean | null) => (v === true ? "yes" : v === false ? "no" : "unknown");

export default async function RegistersPage() {
  const actor = await requirePage("evidence:read");
  await logAccess(actor, "VIEW", "/registers");
  const edit = can(actor.role, "registers:write") && !actor.previewOf;
  const [tools, identities] = await Promise.all([toolRegister(), identityRegister()]);
  return (
    <>
      <h1>Registers</h1>
      <h2 id="tools">AI tool and vendor register (LA-1)</h2>
      {tools.registered.length === 0 ? <div className="empty">No tool is registered yet{edit ? ": register the tools seen below" : ""}.</div> : (
        <table>
          <thead><tr><th>Vendor</th><th>Product</th><th>Contract</th><th>Tier</th><th>Zero retention</th><th>Trains on inputs</th><th>SOC 2 Type II</th><th>Incident contact</th><th>Documents</th><th>Last seen</th></tr></thead>
          <tbody>{tools.registered.map((t) => (
            <tr key={t.id}>
              <td>{t.vendor}</td><td>{t.product} <span className="muted">({t.key})</span></td><td>{t.contractType ?? "—"}</td><td>{t.tier ?? "—"}</td>
              <td>{yn(t.zeroDataRetention)}</td><td>{yn(t.trainingOnInputs)}</td><td>{day(t.soc2ReportDate)}</td><td>{t.incidentContact ?? "—"}</td>
              <td>{(t.documents as { title: string; url: string }[]).map((d) => <div key={d.url}><a href={d.url} rel="noreferrer">{d.title}</a></div>)}</td>
              <td>{day(t.lastSeenAt)}</td>
            </tr>
          ))}</tbody>
        </table>
      )}
      <h2>Seen but not registered (shadow tools)</h2>
      {tools.unregistered.length === 0 ? <p className="muted">None.</p> : (
        <table>
          <thead><tr><th>Seen as</th><th>Vendor</th><th>Product</th><th>First seen</th><th>Last seen</th>{edit && <th />}</tr></thead>
          <tbody>{tools.unregistered.map((t) => (
            <tr key={t.id}><td>{t.key}</td><td>{t.vendor}</td><td>{t.product}</td><td>{day(t.firstSeenAt)}</td><td>{day(t.lastSeenAt)}</td>
              {edit && <td><ToolForm compact tool={{ key: t.key, vendor: t.vendor, product: t.product }} /></td>}</tr>
          ))}</tbody>
        </table>
      )}
      {edit && (<><h2>Register or edit a tool</h2><ToolForm tool={{ key: "", vendor: "", product: "" }} /></>)}

      <h2 id="identities">Agent identity register (LA-2, LA-3)</h2>
      {identities.registered.length === 0 ? <div className="empty">No agent identity is registered yet.</div> : (
        <table>
          <thead><tr><th>Alias</th><th>Credential</th><th>Owner</th><th>Purpose</th><th>Models</th><th>MCP servers</th><th>Tools</th><th>Expires</th><th>Revoked</th><th>Last seen</th></tr></thead>
          <tbody>{identities.registered.map((i) => (
            <tr key={i.id}><td>{i.alias ?? "—"}</td><td><code>{i.credential.slice(0, 16)}</code></td><td>{i.owner?.email ?? "—"}</td><td>{i.purpose ?? "—"}</td>
              <td>{i.allowedModels.join(", ") || "any"}</td><td>{i.allowedMcpServers.join(", ") || "none"}</td><td>{i.allowedTools.join(", ") || "none"}</td>
              <td>{day(i.expiresAt)}</td><td>{day(i.revokedAt)}</td><td>{day(i.lastSeenAt)}</td></tr>
          ))}</tbody>
        </table>
      )}
      <h2>Credentials seen but not registered</h2>
      {identities.unregistered.length === 0 ? <p className="muted">None.</p> : edit ? (
        identities.unregistered.map((i) => (
          <details key={i.id}>
            <summary>{i.alias ?? i.credential} — seen {day(i.firstSeenAt)} to {day(i.lastSeenAt)}</summary>
            <IdentityForm identity={{ credential: i.credential, alias: i.alias }} />
          </details>
        ))
      ) : (
        <table><thead><tr><th>Alias</th><th>Credential</th><th>First seen</th><th>Last seen</th></tr></thead>
          <tbody>{identities.unregistered.map((i) => <tr key={i.id}><td>{i.alias ?? "—"}</td><td><code>{i.credential.slice(0, 16)}</code></td><td>{day(i.firstSeenAt)}</td><td>{day(i.lastSeenAt)}</td></tr>)}</tbody>
        </table>
      )}
    </>
  );
}
