import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { db } from "../db/client";
import { recordAccess } from "./access-log";
import { checkLogin } from "./login";

const credentials = z.object({ email: z.string().email().max(320), password: z.string().min(1).max(1024) });

function clientIp(headers: Record<string, unknown> | undefined): string | null {
  const forwarded = headers?.["x-forwarded-for"];
  if (typeof forwarded === "string" && forwarded) return forwarded.split(",")[0]!.trim();
  return null;
}

/** Optional OIDC single sign-on: only for users who already exist (matched by e-mail). */
function oidcProvider(): NextAuthOptions["providers"] {
  const { OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET } = process.env;
  if (!OIDC_ISSUER || !OIDC_CLIENT_ID || !OIDC_CLIENT_SECRET) return [];
  return [
    {
      id: "oidc",
      name: process.env.OIDC_NAME ?? "Single sign-on",
      type: "oauth",
      wellKnown: `${OIDC_ISSUER.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: OIDC_CLIENT_ID,
      clientSecret: OIDC_CLIENT_SECRET,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      profile(profile: { sub: string; email?: string; name?: string }) {
        return { id: profile.sub, email: profile.email ?? null, name: profile.name ?? profile.email ?? null };
      },
    },
  ];
}

export const authOptions: NextAuthOptions = {
  secret: process.env.NEXTAUTH_SECRET,
  session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
  pages: { signIn: "/login", error: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(raw, req) {
        const parsed = credentials.safeParse(raw);
        if (!parsed.success) return null;
        const ip = clientIp(req?.headers as Record<string, unknown> | undefined);
        const outcome = await checkLogin(db(), { ...parsed.data, ip });
        await recordAccess(db(), {
          actor: outcome.ok ? { id: outcome.user.id, email: outcome.user.email, role: outcome.user.role } : { email: parsed.data.email },
          action: outcome.ok ? "LOGIN" : "LOGIN_FAILED",
          target: "/login",
          ip,
          detail: outcome.ok ? undefined : { reason: outcome.reason },
        });
        if (!outcome.ok) throw new Error(outcome.reason);
        return { id: outcome.user.id, email: outcome.user.email, name: outcome.user.name };
      },
    }),
    ...oidcProvider(),
  ],
  callbacks: {
    async signIn({ user, account }) {
      if (account?.provider !== "oidc") return true;
      const email = user.email?.toLowerCase();
      if (!email) return false;
      const existing = await db().user.findUnique({ where: { email } });
      return Boolean(existing && existing.status === "ACTIVE");
    },
    async jwt({ token, user, account }) {
      if (user && account?.provider === "oidc" && user.email) {
        const existing = await db().user.findUnique({ where: { email: user.email.toLowerCase() } });
        if (existing) token.uid = existing.id;
      } else if (user) {
        token.uid = user.id;
      }
      return token;
    },
    async session({ session, token }) {
      return { ...session, uid: token.uid };
    },
  },
};
