"use client";
import { signIn } from "next-auth/react";
import { useState } from "react";

const MESSAGES: Record<string, string> = {
  invalid: "Email or password is wrong.",
  "rate-limited": "Too many failed attempts. Wait 15 minutes and try again.",
  disabled: "This account is disabled.",
  "outside-access-window": "Your auditor access is outside its granted dates.",
};

export function LoginForm({ sso, initialError }: { sso: boolean; initialError: string | null }) {
  const [error, setError] = useState<string | null>(initialError ? (MESSAGES[initialError] ?? "Sign-in failed.") : null);
  const [busy, setBusy] = useState(false);

  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    const res = await signIn("credentials", { email: form.get("email"), password: form.get("password"), redirect: false });
    setBusy(false);
    if (res?.ok && !res.error) window.location.href = "/home";
    else setError(MESSAGES[res?.error ?? ""] ?? "Sign-in failed.");
  }

  return (
    <form onSubmit={submit}>
      <label htmlFor="email">Email</label>
      <input id="email" name="email" type="email" autoComplete="username" required />
      <label htmlFor="password">Password</label>
      <input id="password" name="password" type="password" autoComplete="current-password" required />
      {error && <p className="error" role="alert">{error}</p>}
      <p><button type="submit" disabled={busy}>{busy ? "Signing in…" : "Sign in"}</button></p>
      {sso && <p><button type="button" className="secondary" onClick={() => signIn("oidc", { callbackUrl: "/home" })}>Sign in with single sign-on</button></p>}
    </form>
  );
}
