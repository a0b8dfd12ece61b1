import { LoginForm } from "@/components/login-form";

export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const { error } = await searchParams;
  const sso = Boolean(process.env.OIDC_ISSUER && process.env.OIDC_CLIENT_ID);
  return (
    <div className="login panel">
      <h1>AI SDLC Evidence</h1>
      <p className="muted">Sign in to see SOC 2 evidence about AI coding agents.</p>
      <LoginForm sso={sso} initialError={error ?? null} />
    </div>
  );
}
