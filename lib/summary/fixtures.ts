// A small deterministic organisation for the summary's tests: two months of gateway events
// (September and October 2026), production and non-production commits, CM-3 and DC-1
// exceptions with dispositions, registered and unregistered tools and credentials.
import { syncCatalogue } from "../controls/sync-catalogue";
import type { Db } from "../db/client";

export const FIXTURE_MONTHS = ["2026-09", "2026-10"] as const;

export async function seedSummaryFixture(db: Db): Promise<void> {
  await syncCatalogue(db);
  await db.$executeRawUnsafe(`
    INSERT INTO "AiTool" (id, key, vendor, product, registered, "updatedAt") VALUES
      ('t1', 'claude-code', 'Anthropic', 'Claude Code', true, now()),
      ('t2', 'cursor', 'Anysphere', 'Cursor', false, now())`);
  await db.$executeRawUnsafe(`
    INSERT INTO "AgentIdentity" (id, credential, registered, "updatedAt") VALUES
      ('i1', 'cred-1', true, now()), ('i2', 'cred-2', false, now())`);
  await db.$executeRawUnsafe(`
    INSERT INTO "Person" (id, "displayName", email) VALUES ('p-dana', 'Dana Fixture', 'dana@acme.example');
    INSERT INTO "PersonAlias" (id, "personId", kind, value) VALUES ('a-dana', 'p-dana', 'GIT_EMAIL', 'dana.git@acme.example')`);
  await db.$executeRawUnsafe(`
    INSERT INTO "Repository" (id, owner, name, "productionBranch") VALUES ('r1', 'acme', 'api', 'main'), ('r2', 'acme', 'billing', 'main')`);
  await db.$executeRawUnsafe(`
    INSERT INTO "AuditPeriod" (id, name, start, "end") VALUES ('period-2026', 'FY2026', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z');
    INSERT INTO "TestEvaluation" (id, "periodId", "testId", result, "populationSize", "exceptionCount", "populationHash", "ruleVersion", settings)
      VALUES ('te1', 'period-2026', 'CM-3', 'FAIL', 0, 0, 'x', '1', '{}')`);

  // 1,200 events from 2026-09-01 every 73 minutes (≈ 61 days), attributes cycling with i
  await db.$executeRawUnsafe(`
    INSERT INTO "AiEvent" (source, "naturalKey", "occurredAt", "gatewayAction", model, provider, "apiKeyHash", "apiKeyAlias",
                           "proxyUserId", "proxyUserEmail", "personId", "toolKey", cost, "hasPayload", "findingCount", "maxClassification")
    SELECT 'generic', 'e' || i,
           '2026-09-01T00:00:00Z'::timestamptz + (i * interval '73 minutes'),
           (CASE WHEN i % 10 = 0 THEN 'PASSED' WHEN i % 10 = 5 THEN 'BLOCKED' WHEN i % 7 = 0 THEN 'MASKED' ELSE 'PASSED' END)::"GatewayAction",
           CASE WHEN i % 4 = 0 THEN 'gpt-4.1' ELSE 'claude-sonnet-4-5' END,
           CASE WHEN i % 4 = 0 THEN 'openai' ELSE 'anthropic' END,
           CASE WHEN i % 3 = 0 THEN 'cred-1' WHEN i % 3 = 1 THEN 'cred-2' ELSE NULL END,
           CASE WHEN i % 3 = 2 THEN 'alias-' || (i % 5) ELSE NULL END,
           'user' || (i % 5),
           CASE WHEN i % 5 = 4 THEN NULL ELSE 'user' || (i % 5) || '@acme.example' END,
           CASE WHEN i % 5 = 1 THEN 'p-dana' ELSE NULL END,
           CASE WHEN i % 4 = 0 THEN 'openai' WHEN i % 6 = 1 THEN 'cursor' WHEN i % 11 = 0 THEN NULL ELSE 'claude-code' END,
           (i % 7) * 0.125,
           i % 8 <> 0,
           CASE WHEN i % 5 = 0 THEN 1 + i % 3 ELSE 0 END,
           (CASE WHEN i % 5 <> 0 THEN NULL WHEN i % 15 = 0 THEN 'RESTRICTED' WHEN i % 15 = 5 THEN 'CONFIDENTIAL' ELSE 'INTERNAL' END)::"Classification"
    FROM generate_series(1, 1200) AS i`);
  // the last millisecond of September and the first of October
  await db.$executeRawUnsafe(`
    INSERT INTO "AiEvent" (source, "naturalKey", "occurredAt", "hasPayload", "proxyUserId", "toolKey") VALUES
      ('generic', 'edge-1', '2026-09-30T23:59:59.999Z', true, 'edge-user', 'claude-code'),
      ('generic', 'edge-2', '2026-10-01T00:00:00.000Z', false, 'edge-user', 'claude-code')`);

  // 180 production commits every 8 hours from 2026-09-01 (60 days), plus 40 non-production ones
  await db.$executeRawUnsafe(`
    INSERT INTO "Commit" (id, "repositoryId", sha, "authorName", "authorEmail", "authoredAt", "committerName", "committerEmail",
                          "committedAt", subject, message, trailers, "isProduction", "aiAssisted", "aiTools")
    SELECT 'c' || i, CASE WHEN i % 3 = 0 THEN 'r2' ELSE 'r1' END, md5('c' || i),
           'Author', CASE WHEN i % 4 = 0 THEN 'dana.git@acme.example' WHEN i % 4 = 1 THEN 'User1@acme.example' WHEN i % 4 = 2 THEN 'zed@acme.example' ELSE 'renovate[bot]@users.noreply.github.com' END,
           '2026-09-01T03:00:00Z'::timestamptz + (i * interval '8 hours'), 'Author', 'a@acme.example',
           '2026-09-01T03:00:00Z'::timestamptz + (i * interval '8 hours'), 's', 'm', '{}',
           i <= 180,
           i % 2 = 0 OR (i > 90 AND i % 3 = 0),
           CASE WHEN i % 2 = 0 AND i % 10 = 0 THEN ARRAY['claude-code', 'cursor']
                WHEN i % 2 = 0 THEN ARRAY['claude-code']
                WHEN i > 90 AND i % 3 = 0 THEN ARRAY['aider']
                ELSE ARRAY[]::text[] END
    FROM generate_series(1, 220) AS i`);

  // CM-3 exceptions for every 7th production commit; one of them cleared (no longer failing)
  await db.$executeRawUnsafe(`
    INSERT INTO "ControlException" (id, "periodId", "testId", "itemKey", "itemType", "itemRef", summary, details, state,
                                    "firstSeenAt", "lastSeenAt", "clearedAt", "occurredAt", "dueAt")
    SELECT 'x' || c.id, 'period-2026', 'CM-3', 'commit:' || r.owner || '/' || r.name || ':' || c.sha, 'COMMIT', c.sha, 'no approval', '{}',
           (CASE WHEN c.id = 'c7' THEN 'CLEARED' WHEN c.id = 'c14' THEN 'DISPOSITIONED' ELSE 'OPEN' END)::"ExceptionState",
           c."committedAt" + interval '1 day', c."committedAt" + interval '1 day',
           CASE WHEN c.id = 'c7' THEN c."committedAt" + interval '3 days' END,
           c."committedAt", c."committedAt" + interval '8 days'
    FROM "Commit" c JOIN "Repository" r ON r.id = c."repositoryId"
    WHERE c."isProduction" AND substring(c.id, 2)::int % 7 = 0`);
  // DC-1: passed events with Confidential or Restricted findings
  await db.$executeRawUnsafe(`
    INSERT INTO "ControlException" (id, "periodId", "testId", "itemKey", "itemType", "itemRef", summary, details, state,
                                    "firstSeenAt", "lastSeenAt", "occurredAt", "dueAt")
    SELECT 'd' || e.id, 'period-2026', 'DC-1', 'event:' || e.id, 'AI_EVENT', e.id::text, 'passed', '{}',
           (CASE WHEN e.id % 3 = 0 THEN 'DISPOSITIONED' ELSE 'OPEN' END)::"ExceptionState",
           e."occurredAt" + interval '2 hours', e."occurredAt" + interval '2 hours', e."occurredAt", e."occurredAt" + interval '7 days'
    FROM "AiEvent" e
    WHERE e."findingCount" > 0 AND e."gatewayAction" = 'PASSED' AND e."maxClassification" IN ('CONFIDENTIAL', 'RESTRICTED')`);
  await db.$executeRawUnsafe(`
    INSERT INTO "User" (id, email, name, role, "updatedAt") VALUES ('u-admin', 'admin@acme.example', 'Admin', 'ADMIN', now());
    INSERT INTO "ExceptionDisposition" (id, "exceptionId", kind, comment, "decidedById", "decidedAt")
    SELECT 'disp-' || ce.id, ce.id, 'FALSE_POSITIVE', 'ok', 'u-admin', ce."firstSeenAt" + interval '2 days'
    FROM "ControlException" ce WHERE ce.state = 'DISPOSITIONED'`);
}
