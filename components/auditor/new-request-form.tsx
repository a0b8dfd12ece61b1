"use client";
import { useActionState } from "react";
import { createRequestAction, type RequestFormState } from "@/app/(app)/requests/actions";

export function NewRequestForm({ periodId }: { periodId: string }) {
  const [state, action, pending] = useActionState<RequestFormState, FormData>(createRequestAction, null);
  return (
    <form action={action} className="panel" data-permission="requests:create" aria-label="New request">
      <input type="hidden" name="periodId" value={periodId} />
      <label style={{ display: "block" }}>Title<br /><input name="title" required minLength={3} maxLength={200} style={{ width: "100%" }} /></label>
      <label style={{ display: "block", marginTop: 8 }}>What you need<br /><textarea name="body" rows={4} maxLength={10000} style={{ width: "100%" }} /></label>
      <p><button type="submit" disabled={pending}>Add request</button></p>
      {state && <p role="status" className={state.ok ? "" : "error"}>{state.message}</p>}
    </form>
  );
}
