"use client";
// A form bound to a server action that answers { ok, message }: shows the answer next to the
// button and keeps the fields on failure (used by the exception, period and settings pages).
import { useActionState } from "react";

export type FormState = { ok: boolean; message: string } | null;

export function ActionForm({
  action,
  submitLabel,
  children,
  className = "panel",
  danger = false,
}: {
  action: (prev: FormState, form: FormData) => Promise<FormState>;
  submitLabel: string;
  children: React.ReactNode;
  className?: string;
  danger?: boolean;
}) {
  const [state, formAction, pending] = useActionState<FormState, FormData>(action, null);
  return (
    <form action={formAction} className={className}>
      {children}
      <p className="row" style={{ marginBottom: 0 }}>
        <button type="submit" disabled={pending} style={danger ? { background: "var(--fail)", borderColor: "var(--fail)" } : undefined}>
          {pending ? "Working…" : submitLabel}
        </button>
        {state && (
          <span role="status" className={state.ok ? "muted" : "error"}>
            {state.message}
          </span>
        )}
      </p>
    </form>
  );
}
