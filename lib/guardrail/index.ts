// Guardrail endpoint for LiteLLM's generic guardrail API: the same detectors that produce
// the CC3.2 evidence decide at the gateway, and every decision is stored as evidence.
export { GuardrailRequestSchema, type GuardrailRequest, type GuardrailResponse } from "./schema";
export {
  decide,
  decideWithFindings,
  dispositionOf,
  classifyFindings,
  blockedReason,
  maskTexts,
  describeType,
  describeLocation,
  failDecision,
  type Decision,
  type DecidedFinding,
  type Disposition,
} from "./decide";
export {
  buildPolicy,
  cachedPolicy,
  invalidatePolicyCache,
  loadPolicy,
  policyUrl,
  ruleFor,
  POLICY_TTL_MS,
  type GuardrailPolicy,
  type GuardrailRule,
} from "./policy";
export { handleGuardrailRequest, parseGuardrailBody, MAX_GUARDRAIL_BODY_BYTES, type GuardrailHttpRequest, type GuardrailHttpResponse } from "./handler";
export { linkGuardrailDecisions, recordDecision, type StoredFinding, type DecisionRecord } from "./store";
export { scanTargets } from "./extract";
export { verifyGuardrailToken, clearGuardrailTokenCache, TOKEN_TTL_MS } from "./token-cache";
export { policyDocument, policyHistory, decisionCounts, updateEgressPolicy, policyEditFromForm, PolicyEdit } from "./policy-document";
export { litellmConfigSnippet } from "./litellm-config";
