"use client";
import { signOut } from "next-auth/react";

export function SignOutButton() {
  return (
    <button type="button" className="secondary" style={{ margin: "8px" }} onClick={() => signOut({ callbackUrl: "/login" })}>
      Sign out
    </button>
  );
}
