/**
 * CM-7: the answer to the pull-request template's AI question ("AI-assisted: yes/no").
 *
 * Accepted answers, after the question (setting "changes.prTemplateQuestion", matched
 * case-insensitively, with or without its trailing ":" or "?", markdown emphasis ignored):
 *   - on the same line: "AI-assisted: yes", "**AI-assisted:** No", "AI-assisted: Yes (Claude Code)";
 *   - checkboxes on that line or the next lines: "- [x] Yes", "[ ] No"; exactly one answer
 *     must be ticked;
 *   - a plain answer on the next non-empty line.
 * HTML comments (template instructions) are ignored. An unanswered template ("yes/no"),
 * two ticked boxes or no question at all → null.
 */

export type Declaration = "yes" | "no";

const YES = /^(yes|y|true|ja|oui|si)\b/i;
const NO = /^(no|n|false|none|nein|non)\b/i;

function clean(line: string): string {
  return line
    .replace(/[*_`~]+/g, "")
    .replace(/^\s*(?:>\s*)*(?:#{1,6}\s*)?(?:[-+*]\s+)?/, "")
    .trim();
}

function answerWord(text: string): Declaration | null {
  const t = clean(text).replace(/^[:?\-–—=\s]+/, "").trim();
  if (!t) return null;
  // an unanswered template: "yes/no", "yes | no", "[yes/no]"
  if (/^\[?\s*yes\s*[/|]\s*no\s*\]?/i.test(t) || /^\[?\s*no\s*[/|]\s*yes\s*\]?/i.test(t)) return null;
  if (YES.test(t)) return "yes";
  if (NO.test(t)) return "no";
  return null;
}

function checkboxes(text: string): { yes: boolean; no: boolean; any: boolean } {
  const out = { yes: false, no: false, any: false };
  for (const m of text.matchAll(/\[([ xX✓✔])\]\s*(?:[*_`]+)?\s*(yes|no)\b/gi)) {
    out.any = true;
    if (m[1] === " ") continue;
    if (m[2].toLowerCase() === "yes") out.yes = true;
    else out.no = true;
  }
  return out;
}

export function parseAiDeclaration(body: string | null | undefined, question = "AI-assisted:"): Declaration | null {
  if (!body) return null;
  const q = question.trim().replace(/[:?]+$/, "").trim().toLowerCase();
  if (!q) return null;
  const text = body.replace(/<!--[\s\S]*?-->/g, "").replace(/\r\n?/g, "\n");
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const plain = clean(lines[i]);
    const at = plain.toLowerCase().indexOf(q);
    if (at < 0) continue;
    const rest = plain.slice(at + q.length).replace(/^\s*[:?]/, "");
    // checkboxes on the question line and the few lines after it
    const window = [rest];
    for (let j = i + 1; j < lines.length && j <= i + 6; j++) {
      const l = lines[j];
      if (/^\s*#{1,6}\s/.test(l)) break;
      if (!l.trim()) {
        if (window.some((w) => w.trim())) break;
        continue;
      }
      window.push(l);
      if (!/\[[ xX✓✔]\]/.test(l)) break;
    }
    const boxes = checkboxes(window.join("\n"));
    if (boxes.any) {
      if (boxes.yes !== boxes.no) return boxes.yes ? "yes" : "no";
      return null;
    }
    const same = answerWord(rest);
    if (same) return same;
    if (clean(rest)) return null; // something else is written after the question
    const next = window.slice(1).find((w) => w.trim());
    return next ? answerWord(next) : null;
  }
  return null;
}
