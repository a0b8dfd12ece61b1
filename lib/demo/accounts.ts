// Demo sign-ins, printed by `npm start` and listed in the README. Never use them outside a demo.
export const DEMO_ACCOUNTS = [
  { email: "admin@demo.example", name: "Dana Compliance", role: "ADMIN", password: "demo-admin-password" },
  { email: "auditor@demo.example", name: "Avery Auditor", role: "AUDITOR", password: "demo-auditor-password", firm: "Example & Co LLP" },
  { email: "cto@demo.example", name: "Casey CTO", role: "EXECUTIVE", password: "demo-cto-password" },
] as const;
