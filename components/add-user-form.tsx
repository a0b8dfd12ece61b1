"use client";
import { useActionState, useState } from "react";
import { addUserAction, type FormState } from "@/app/(app)/users/actions";

export function AddUserForm({ periods }: { periods: { id: string; name: string }[] }) {
  const [state, action, pending] = useActionState<FormState, FormData>(addUserAction, null);
  const [role, setRole] = useState("AUDITOR");
  return (
    <form action={action} className="panel">
      <div className="row">
        <label>Email <input name="email" type="email" required /></label>
        <label>Name <input name="name" required /></label>
        <label>Role{" "}
          <select name="role" value={role} onChange={(e) => setRole(e.target.value)}>
            <option value="AUDITOR">Auditor</option>
            <option value="EXECUTIVE">Executive</option>
            <option value="ADMIN">Admin</option>
          </select>
        </label>
        <label>Initial password <input name="password" type="password" minLength={12} required /></label>
      </div>
      {role === "AUDITOR" && (
        <div className="row" style={{ marginTop: 8 }}>
          <label>Firm <input name="firm" /></label>
          <label>Access from <input name="accessStart" type="date" required /></label>
          <label>Access until <input name="accessEnd" type="date" required /></label>
          <fieldset>
            <legend>Audit periods granted</legend>
            {periods.map((p) => (
              <label key={p.id} style={{ marginRight: 12 }}><input type="checkbox" name="periodIds" value={p.id} /> {p.name}</label>
            ))}
          </fieldset>
        </div>
      )}
      <p><button type="submit" disabled={pending}>Create user</button></p>
      {state && <p role="status" className={state.ok ? "" : "error"}>{state.message}</p>}
    </form>
  );
}
