import Link from "next/link";
import { redirect } from "next/navigation";
import { currentActor } from "@/lib/auth/guard";
import { navFor } from "@/lib/auth/navigation";
import { SignOutButton } from "@/components/sign-out-button";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const actor = await currentActor();
  if (!actor) redirect("/login");
  return (
    <div className="shell">
      <nav className="nav" aria-label="Main">
        <div className="brand">AI SDLC Evidence</div>
        {navFor(actor.role).map((item) => (
          <Link key={item.href} href={item.href}>{item.label}</Link>
        ))}
        <div className="who">
          {actor.name}<br />{actor.role.toLowerCase()}
        </div>
        <SignOutButton />
      </nav>
      <main>
        {actor.previewOf && (
          <div className="banner" role="status">
            Previewing as auditor {actor.email}: you see exactly what they see; changes are disabled.{" "}
            <a href="/api/preview?stop=1">Stop preview</a>
          </div>
        )}
        {children}
      </main>
    </div>
  );
}
