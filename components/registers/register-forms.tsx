"use client";
import { useActionState } from "react";
import { saveIdentityAction, saveToolAction, type RegisterState } from "@/app/(app)/registers/actions";

type Tool = { key: string; vendor: string; product: string; contractType?: string | null; tier?: string | null; zeroDataRetention?: boolean | null; trainingOnInputs?: boolean | null; soc2ReportDate?: string | null; incidentContact?: string | null; documents?: string };
const yn = (v: boolean | null | undefined) => (v === true ? "yes" : v === false ? "no" : "");

export function ToolForm({ tool, compact }: { tool: Tool; compact?: boolean }) {
  const [state, action, pending] = useActionState<RegisterState, FormData>(saveToolAction, null);
  if (compact) {
    return (
      <form action={action} className="inline">
        <input type="hidden" name="key" value={tool.key} />
        <input type="hidden" name="vendor" value={tool.vendor} />
        <input type="hidden" name="product" value={tool.product} />
        <button type="submit" disabled={pending}>Register</button>
        {state && !state.ok && <span className="error"> {state.message}</span>}
      </form>
    );
  }
  return (
    <form action={action} className="panel">
      <div className="row">
        <label>Key <input name="key" defaultValue={tool.key} required /></label>
        <label>Vendor <input name="vendor" defaultValue={tool.vendor} required /></label>
        <label>Product <input name="product" defaultValue={tool.product} required /></label>
        <label>Contract type <input name="contractType" defaultValue={tool.contractType ?? ""} placeholder="enterprise agreement" /></label>
        <label>Tier <input name="tier" defaultValue={tool.tier ?? ""} placeholder="enterprise" /></label>
      </div>
      <div className="row" style={{ marginTop: 8 }}>
        <label>Zero data retention <select name="zeroDataRetention" defaultValue={yn(tool.zeroDataRetention)}><option value="">unknown</option><option value="yes">yes</option><option value="no">no</option></select></label>
        <label>Trains on inputs <select name="trainingOnInputs" defaultValue={yn(tool.trainingOnInputs)}><option value="">unknown</option><option value="no">no</option><option value="yes">yes</option></select></label>
        <label>SOC 2 Type II report date <input name="soc2ReportDate" type="date" defaultValue={tool.soc2ReportDate ?? ""} /></label>
        <label>Incident contact <input name="incidentContact" defaultValue={tool.incidentContact ?? ""} /></label>
      </div>
      <label style={{ display: "block", marginTop: 8 }}>Documents (one URL per line)<br /><textarea name="documents" rows={2} cols={80} defaultValue={tool.documents ?? ""} /></label>
      <p><button type="submit" disabled={pending}>Save tool</button></p>
      {state && <p role="status" className={state.ok ? "" : "error"}>{state.message}</p>}
    </form>
  );
}

type Identity = { credential: string; alias?: string | null; ownerEmail?: string | null; purpose?: string | null; allowedModels?: string; allowedMcpServers?: string; allowedTools?: string; expiresAt?: string | null; revoked?: boolean };

export function IdentityForm({ identity }: { identity: Identity }) {
  const [state, action, pending] = useActionState<RegisterState, FormData>(saveIdentityAction, null);
  return (
    <form action={action} className="panel">
      <div className="row">
        <label>Credential (key hash) <input name="credential" defaultValue={identity.credential} required readOnly={Boolean(identity.credential)} /></label>
        <label>Alias <input name="alias" defaultValue={identity.alias ?? ""} /></label>
        <label>Owner e-mail <input name="ownerEmail" type="email" defaultValue={identity.ownerEmail ?? ""} required /></label>
        <label>Purpose <input name="purpose" defaultValue={identity.purpose ?? ""} required /></label>
      </div>
      <div className="row" style={{ marginTop: 8 }}>
        <label>Allowed models <input name="allowedModels" defaultValue={identity.allowedModels ?? ""} placeholder="claude-sonnet-4-5, gpt-4.1" /></label>
        <label>MCP servers <input name="allowedMcpServers" defaultValue={identity.allowedMcpServers ?? ""} placeholder="github" /></label>
        <label>Tools <input name="allowedTools" defaultValue={identity.allowedTools ?? ""} placeholder="search_code" /></label>
        <label>Expires <input name="expiresAt" type="date" defaultValue={identity.expiresAt ?? ""} /></label>
        <label><input type="checkbox" name="revoked" defaultChecked={identity.revoked} /> revoked</label>
      </div>
      <p><button type="submit" disabled={pending}>Save identity</button></p>
      {state && <p role="status" className={state.ok ? "" : "error"}>{state.message}</p>}
    </form>
  );
}
