/**
 * The parts of GitHub's REST and webhook payloads this product reads, validated with zod.
 * Unknown fields are ignored; a missing or mistyped field we use fails validation, and the
 * record is quarantined rather than guessed at.
 */
import { z } from "zod";

export const userSchema = z.object({
  login: z.string().min(1),
  type: z.string().optional().nullable(),
});
export type GhUser = z.infer<typeof userSchema>;

const refSchema = z.object({
  ref: z.string(),
  sha: z.string().min(7),
});

export const pullRequestSchema = z.object({
  number: z.number().int().positive(),
  title: z.string(),
  body: z.string().nullable().optional(),
  state: z.string(),
  user: userSchema.nullable().optional(),
  base: refSchema,
  head: refSchema,
  merged: z.boolean().optional().nullable(),
  merged_at: z.string().nullable().optional(),
  merge_commit_sha: z.string().nullable().optional(),
  merged_by: userSchema.nullable().optional(),
  created_at: z.string().nullable().optional(),
  updated_at: z.string(),
});
export type GhPullRequest = z.infer<typeof pullRequestSchema>;

export const reviewSchema = z.object({
  id: z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]),
  user: userSchema.nullable().optional(),
  state: z.string().min(1),
  commit_id: z.string().nullable().optional(),
  submitted_at: z.string().nullable().optional(),
});
export type GhReview = z.infer<typeof reviewSchema>;

const gitIdentity = z
  .object({
    name: z.string().optional().nullable(),
    email: z.string().optional().nullable(),
    date: z.string().optional().nullable(),
  })
  .nullable()
  .optional();

export const prCommitSchema = z.object({
  sha: z.string().min(7),
  commit: z.object({
    author: gitIdentity,
    committer: gitIdentity,
    message: z.string().optional(),
  }),
  author: userSchema.nullable().optional(),
  committer: userSchema.nullable().optional(),
});
export type GhPrCommit = z.infer<typeof prCommitSchema>;

export const repositorySchema = z.object({
  name: z.string().min(1),
  full_name: z.string().regex(/^[^/\s]+\/[^/\s]+$/).refine((v) => v.split("/").every(isRepoPart), "not an owner/name"),
  default_branch: z.string().optional().nullable(),
  owner: z.object({ login: z.string().optional().nullable(), name: z.string().optional().nullable() }).optional(),
});

export const pullRequestEventSchema = z.object({
  action: z.string(),
  pull_request: pullRequestSchema,
  repository: repositorySchema,
});

export const pullRequestReviewEventSchema = z.object({
  action: z.string(),
  review: reviewSchema,
  pull_request: pullRequestSchema,
  repository: repositorySchema,
});

export const pushEventSchema = z.object({
  ref: z.string(),
  before: z.string(),
  after: z.string(),
  forced: z.boolean().optional().nullable(),
  deleted: z.boolean().optional().nullable(),
  created: z.boolean().optional().nullable(),
  repository: repositorySchema,
  commits: z.array(z.object({ id: z.string() }).passthrough()).optional().nullable(),
  pusher: z.object({ name: z.string().optional().nullable() }).optional().nullable(),
});

/** Upper-case review state: REST says APPROVED, webhooks say approved. */
export function normaliseReviewState(state: string): string {
  return state.trim().toUpperCase().replace(/\s+/g, "_");
}

/** "User", "Bot" or "Organization"; a login ending in [bot] is a Bot whatever the payload says. */
export function userType(user: GhUser | null | undefined): string {
  if (!user) return "User";
  if (user.login.toLowerCase().endsWith("[bot]")) return "Bot";
  return user.type || "User";
}

/** A GitHub owner or repository name: letters, digits, "-", "_", "." — and not only dots. */
export function isRepoPart(s: string): boolean {
  return /^[\w.-]{1,100}$/.test(s) && !/^\.+$/.test(s);
}

/** `owner/name` of a repository payload. */
export function splitFullName(fullName: string): { owner: string; name: string } {
  const i = fullName.indexOf("/");
  return { owner: fullName.slice(0, i), name: fullName.slice(i + 1) };
}

export function zodReason(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
    .join("; ");
}
