// What the guardrail scans in a LiteLLM request: texts[] (what LiteLLM lets us mask),
// plus the text of structured_messages and tool_calls that is not already in texts[]
// (system prompts, tool_result blocks, tool arguments), with precise locations.
import { TextSink, extractMessages } from "../ingest/formats/payload-text";
import { isObject } from "../ingest/formats/common";
import type { ScanText } from "../ingest/types";
import type { GuardrailRequest } from "./schema";

export function scanTargets(req: Pick<GuardrailRequest, "texts" | "structured_messages" | "tool_calls">): ScanText[] {
  const out: ScanText[] = [];
  const inTexts = new Set<string>();
  req.texts.forEach((text, i) => {
    if (text.length === 0) return;
    out.push({ location: `texts[${i}]`, text });
    inTexts.add(text);
  });
  const sink = new TextSink();
  if (req.structured_messages?.length) extractMessages(req.structured_messages, "structured_messages", sink);
  req.tool_calls?.forEach((call, i) => {
    if (!isObject(call)) return;
    const fn = isObject(call.function) ? call.function : null;
    if (fn) sink.addJson(`tool_calls[${i}].function.arguments`, fn.arguments);
    else sink.addJson(`tool_calls[${i}]`, call.arguments ?? call.input);
  });
  for (const t of sink.texts) {
    // the usual case: LiteLLM's texts[] are the message contents; scan each text once
    if (inTexts.has(t.text)) continue;
    out.push(t);
  }
  return out;
}

/**
 * A value found both in texts[] and in structured_messages is the same message content
 * seen twice (LiteLLM rebuilds the messages from the texts we return): keep the texts[]
 * finding only, so that masking it is enough.
 */
export function dropDuplicateMessageFindings<F extends { location: string; type: string; fingerprint: string }>(findings: F[]): F[] {
  const inTexts = new Set<string>();
  for (const f of findings) if (f.location.startsWith("texts[")) inTexts.add(`${f.type}|${f.fingerprint}`);
  if (inTexts.size === 0) return findings;
  return findings.filter((f) => !f.location.startsWith("structured_messages[") || !inTexts.has(`${f.type}|${f.fingerprint}`));
}
