// LiteLLM's generic guardrail API ("guardrail: generic_guardrail_api"), request and response.
// LiteLLM POSTs to `${api_base}/beta/litellm_basic_guardrail_api`; see
// docs/my-website/docs/adding_provider/generic_guardrail_api.md in BerriAI/litellm.
// Unknown fields are tolerated (the API is beta and grows fields), known ones are checked.
import { z } from "zod";

/** A scalar id LiteLLM may send as a string or a number; null when absent. */
const idLike = z
  .union([z.string(), z.number(), z.null()])
  .optional()
  .transform((v) => (v === null || v === undefined || v === "" ? null : String(v)));

/** `request_data`: the virtual key's metadata (GenericGuardrailAPIMetadata in LiteLLM). */
export const GuardrailRequestData = z.looseObject({
  user_api_key_hash: idLike,
  user_api_key_alias: idLike,
  user_api_key_user_id: idLike,
  user_api_key_user_email: idLike,
  user_api_key_team_id: idLike,
  user_api_key_team_alias: idLike,
  user_api_key_end_user_id: idLike,
  user_api_key_org_id: idLike,
});

export const GuardrailRequestSchema = z.looseObject({
  /** "request" for pre_call / during_call, "response" for post_call */
  input_type: z.enum(["request", "response"], { error: 'input_type must be "request" or "response"' }),
  litellm_call_id: idLike,
  litellm_trace_id: idLike,
  /** the texts LiteLLM extracted; a GUARDRAIL_INTERVENED answer returns them, masked, in the same order */
  texts: z.array(z.string(), { error: "texts must be an array of strings" }).nullish().transform((v) => v ?? []),
  images: z.array(z.unknown()).nullish(),
  /** tool definitions (OpenAI ChatCompletionToolParam); schemas, not scanned */
  tools: z.array(z.unknown()).nullish(),
  /** tool invocations (OpenAI ChatCompletionMessageToolCall); their arguments are scanned */
  tool_calls: z.array(z.unknown()).nullish(),
  /** the full messages in OpenAI format (request direction only) */
  structured_messages: z.array(z.unknown()).nullish(),
  request_data: GuardrailRequestData.nullish().transform((v) => v ?? GuardrailRequestData.parse({})),
  additional_provider_specific_params: z.record(z.string(), z.unknown()).nullish(),
});

export type GuardrailRequest = z.output<typeof GuardrailRequestSchema>;

/** The three answers LiteLLM understands. */
export type GuardrailResponse =
  | { action: "NONE" }
  | { action: "BLOCKED"; blocked_reason: string }
  | { action: "GUARDRAIL_INTERVENED"; texts: string[] };

export type GuardrailResponseAction = GuardrailResponse["action"];

/** One readable line per problem, e.g. `input_type: input_type must be "request" or "response"`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message))
    .join("; ");
}
