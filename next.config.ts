import type { NextConfig } from "next";

const config: NextConfig = {
  experimental: { authInterrupts: true },
  serverExternalPackages: ["@node-rs/argon2", "pg", "@prisma/adapter-pg", "@electric-sql/pglite", "@react-pdf/renderer"],
  poweredByHeader: false,
  typescript: { ignoreBuildErrors: false },
};

export default config;
