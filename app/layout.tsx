import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: "AI SDLC Evidence",
  description: "SOC 2 evidence about AI coding agents",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
