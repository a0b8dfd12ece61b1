// The controls and tests of DESIGN.md, with procedures in workpaper language.
export interface CatalogueTest {
  id: string;
  title: string;
  procedure: string;
  ruleVersion: string;
}

export interface CatalogueControl {
  id: string;
  title: string;
  description: string;
  tests: CatalogueTest[];
}

export const CATALOGUE: CatalogueControl[] = [
  {
    id: "CC8.1",
    title: "Change management",
    description:
      "Every production change was authorised and reviewed by a named human who is neither its author nor the person who prompted the AI; AI-assisted changes are identifiable.",
    tests: [
      { id: "CM-1", title: "Population of production changes", ruleVersion: "1", procedure: "Obtained every commit on the production branch's first-parent line committed within the period, from the repository itself, and reconciled the count with the ingest runs." },
      { id: "CM-2", title: "Changes arrive through pull requests", ruleVersion: "1", procedure: "For each production commit, determined whether it is the merge, squash or rebase of a merged pull request; a direct push is an exception." },
      { id: "CM-3", title: "Independent approval", ruleVersion: "1", procedure: "For each production change, inspected the pull request's reviews for at least one approval by a human who is not the PR author, not an author or committer of its commits and not the AI prompter, given on the final head commit and submitted before the merge." },
      { id: "CM-4", title: "AI attribution", ruleVersion: "1", procedure: "Identified AI-assisted production changes from commit trailers and agent identities; changes whose author had gateway traffic for the repository shortly before but carry no AI marker are reported as possibly untagged." },
      { id: "CM-5", title: "No automatic approval", ruleVersion: "1", procedure: "Inspected approvals of production changes for approvals by bots, apps or configured service accounts; each such approval is an exception." },
      { id: "CM-6", title: "Code owner approval", ruleVersion: "1", procedure: "For each production change touching a path owned in CODEOWNERS (read at the pull request's base commit, last matching pattern wins), verified an approval by an owner of that line." },
      { id: "CM-7", title: "AI declaration in the pull request", ruleVersion: "1", procedure: "Inspected each pull request body for the answer to the 'AI-assisted: yes/no' template question and compared it with the commits' AI markers." },
    ],
  },
  {
    id: "CC6.1",
    title: "Logical access for AI agents",
    description:
      "Every AI tool is declared and contracted; every agent credential is an identity with an owner, a scope and an audit trail.",
    tests: [
      { id: "LA-1", title: "AI tool and vendor register", ruleVersion: "1", procedure: "Compared every AI tool or vendor seen in gateway traffic or commit markers with the tool register; verified contract type, zero data retention, no training on inputs, a SOC 2 Type II report dated within 12 months and an incident contact." },
      { id: "LA-2", title: "Agent identities", ruleVersion: "1", procedure: "Mapped every gateway credential used in the period to a registered identity with a human owner, purpose and scope; inspected use by more than one human, after expiry or revocation, and outside the allowed models." },
      { id: "LA-3", title: "Tool calls within scope", ruleVersion: "1", procedure: "Compared MCP and agent tool calls with the identity's allowed servers and tools, and their destinations with the allow-list." },
      { id: "LA-4", title: "Gateway coverage", ruleVersion: "1", procedure: "For each AI-assisted production change, looked for gateway traffic by its author around the change; none suggests a tool used around the gateway." },
    ],
  },
  {
    id: "CC3.2",
    title: "Data classification of prompt content",
    description:
      "We know what data went into prompts, and to whom; confidential data was blocked, and every miss has a named disposition.",
    tests: [
      { id: "DC-1", title: "Sensitive prompts blocked", ruleVersion: "1", procedure: "For every gateway event with a finding at or above the blocking level, verified that the gateway blocked it; an event that went through is an egress exception." },
      { id: "DC-2", title: "Re-performance of the gateway filter", ruleVersion: "1", procedure: "Re-performed the classification by rescanning every logged payload with the product's detectors; findings the gateway did not act on are exceptions." },
      { id: "DC-3", title: "Coverage of the scan", ruleVersion: "1", procedure: "Counted events logged without payload, which cannot be verified, and reported them as a coverage gap." },
      { id: "DC-4", title: "Timely disposition of egress exceptions", ruleVersion: "1", procedure: "Verified that every egress exception received a disposition by a named person within the SLA." },
    ],
  },
];

export const TEST_IDS = CATALOGUE.flatMap((c) => c.tests.map((t) => t.id));

export function findTest(testId: string): (CatalogueTest & { controlId: string }) | null {
  for (const c of CATALOGUE) {
    const t = c.tests.find((x) => x.id === testId);
    if (t) return { ...t, controlId: c.id };
  }
  return null;
}
