import { z } from "zod";

const optionalDate = z.preprocess((v) => (v === "" || v === null || v === undefined ? null : v), z.coerce.date().nullable());
const optionalText = z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? null : v), z.string().trim().max(500).nullable().optional());
const bool3 = z.preprocess((v) => (v === "yes" || v === true ? true : v === "no" || v === false ? false : null), z.boolean().nullable());
const list = z.preprocess(
  (v) => (v === undefined ? [] : typeof v === "string" ? v.split(/[,\n]/).map((s) => s.trim()).filter(Boolean) : v),
  z.array(z.string().max(200)).max(500),
);

export const toolSchema = z.object({
  key: z.string().trim().toLowerCase().regex(/^[a-z0-9._-]{1,64}$/, "key: letters, digits, dot, dash or underscore"),
  vendor: z.string().trim().min(1).max(200),
  product: z.string().trim().min(1).max(200),
  contractType: optionalText,
  tier: optionalText,
  zeroDataRetention: bool3,
  trainingOnInputs: bool3,
  soc2ReportDate: optionalDate,
  incidentContact: optionalText,
  documents: z.preprocess(
    (v) => (v === undefined ? [] : typeof v === "string" ? v.split("\n").map((s) => s.trim()).filter(Boolean).map((url) => ({ title: url.replace(/^https?:\/\//, "").slice(0, 80), url })) : v),
    z.array(z.object({ title: z.string(), url: z.string().url() })).max(50),
  ),
  notes: optionalText,
});

export const identitySchema = z.object({
  credential: z.string().trim().min(1).max(200),
  alias: optionalText,
  ownerEmail: optionalText,
  purpose: optionalText,
  allowedModels: list,
  allowedMcpServers: list,
  allowedTools: list,
  expiresAt: optionalDate,
  revoked: z.preprocess((v) => v === "on" || v === "yes" || v === true, z.boolean()),
});
