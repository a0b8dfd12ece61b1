// The LiteLLM proxy configuration that makes this app the gateway's filter.
// Keys as LiteLLM documents them for `guardrail: generic_guardrail_api`
// (docs/my-website/docs/adding_provider/generic_guardrail_api.md, example_config.yaml):
// api_base gets /beta/litellm_basic_guardrail_api appended; api_key is sent as x-api-key by
// recent versions, `headers` are sent as they are by all versions.
export function litellmConfigSnippet(appBase: string, tokenPlaceholder = "<guardrail token>"): string {
  const base = appBase.replace(/\/+$/, "");
  return `guardrails:
  - guardrail_name: aisdlc-evidence
    litellm_params:
      guardrail: generic_guardrail_api
      mode: pre_call            # [pre_call, post_call] also checks the model's answers
      api_base: ${base}/api/guardrail
      api_key: os.environ/AISDLC_GUARDRAIL_TOKEN   # the token; sent as x-api-key
      headers:                  # for LiteLLM versions that do not send api_key
        Authorization: "Bearer ${tokenPlaceholder}"
      unreachable_fallback: fail_closed   # if this app is down, LiteLLM blocks
      default_on: true
`;
}
