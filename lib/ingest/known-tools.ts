// What a seen tool key names, for the "seen but not registered" list of the tool register.
export const KNOWN_TOOLS: Record<string, { vendor: string; product: string }> = {
  "claude-code": { vendor: "Anthropic", product: "Claude Code" },
  anthropic: { vendor: "Anthropic", product: "Anthropic API" },
  openai: { vendor: "OpenAI", product: "OpenAI API" },
  azure: { vendor: "Microsoft", product: "Azure OpenAI" },
  bedrock: { vendor: "Amazon Web Services", product: "Amazon Bedrock" },
  vertex_ai: { vendor: "Google", product: "Vertex AI" },
  gemini: { vendor: "Google", product: "Gemini API" },
  cursor: { vendor: "Anysphere", product: "Cursor" },
  copilot: { vendor: "GitHub", product: "GitHub Copilot" },
  aider: { vendor: "Aider (open source)", product: "aider" },
  codex: { vendor: "OpenAI", product: "Codex" },
  jules: { vendor: "Google", product: "Jules" },
  devin: { vendor: "Cognition", product: "Devin" },
  amp: { vendor: "Sourcegraph", product: "Amp" },
  mistral: { vendor: "Mistral AI", product: "Mistral API" },
  groq: { vendor: "Groq", product: "GroqCloud" },
  deepseek: { vendor: "DeepSeek", product: "DeepSeek API" },
};

export function describeTool(key: string): { vendor: string; product: string } {
  return KNOWN_TOOLS[key] ?? { vendor: key, product: key };
}

/** The register key an event is attributed to: the client tool when known, else the model provider. */
export function toolKeyOf(e: { clientTool: string | null; provider: string | null; model: string | null }): string | null {
  if (e.clientTool) return e.clientTool.toLowerCase();
  if (e.provider) return e.provider.toLowerCase();
  const m = e.model?.toLowerCase() ?? "";
  if (m.startsWith("claude")) return "anthropic";
  if (/^(gpt|o\d|text-embedding)/.test(m)) return "openai";
  if (m.startsWith("gemini")) return "gemini";
  return null;
}
