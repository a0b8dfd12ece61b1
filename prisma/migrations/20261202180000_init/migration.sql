-- CreateEnum
CREATE TYPE "Role" AS ENUM ('ADMIN', 'AUDITOR', 'EXECUTIVE');

-- CreateEnum
CREATE TYPE "UserStatus" AS ENUM ('ACTIVE', 'DISABLED');

-- CreateEnum
CREATE TYPE "TokenKind" AS ENUM ('INGEST', 'GUARDRAIL');

-- CreateEnum
CREATE TYPE "PeriodState" AS ENUM ('OPEN', 'LOCKED');

-- CreateEnum
CREATE TYPE "TestResult" AS ENUM ('PASS', 'FAIL', 'NOT_APPLICABLE');

-- CreateEnum
CREATE TYPE "ExceptionState" AS ENUM ('OPEN', 'DISPOSITIONED', 'CLEARED');

-- CreateEnum
CREATE TYPE "DispositionKind" AS ENUM ('FALSE_POSITIVE', 'INCIDENT', 'RISK_ACCEPTED', 'REMEDIATED');

-- CreateEnum
CREATE TYPE "RequestStatus" AS ENUM ('OPEN', 'IN_PROGRESS', 'ANSWERED', 'CLOSED');

-- CreateEnum
CREATE TYPE "RunStatus" AS ENUM ('RUNNING', 'COMPLETED', 'FAILED');

-- CreateEnum
CREATE TYPE "GatewayAction" AS ENUM ('BLOCKED', 'MASKED', 'PASSED', 'FAILED', 'UNKNOWN');

-- CreateEnum
CREATE TYPE "Classification" AS ENUM ('PUBLIC', 'INTERNAL', 'CONFIDENTIAL', 'RESTRICTED');

-- CreateEnum
CREATE TYPE "AliasKind" AS ENUM ('GIT_EMAIL', 'GITHUB_LOGIN', 'PROXY_USER', 'PROXY_EMAIL');

-- CreateEnum
CREATE TYPE "AliasStatus" AS ENUM ('AUTO', 'SUGGESTED', 'CONFIRMED', 'REJECTED');

-- CreateEnum
CREATE TYPE "Arrival" AS ENUM ('MERGE', 'SQUASH', 'REBASE', 'DIRECT');

-- CreateEnum
CREATE TYPE "JobState" AS ENUM ('QUEUED', 'RUNNING', 'DONE', 'FAILED');

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "status" "UserStatus" NOT NULL DEFAULT 'ACTIVE',
    "passwordHash" TEXT,
    "firm" TEXT,
    "accessStart" TIMESTAMPTZ(3),
    "accessEnd" TIMESTAMPTZ(3),
    "lastLoginAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoginAttempt" (
    "id" BIGSERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "ip" TEXT,
    "success" BOOLEAN NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LoginAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditorPeriodGrant" (
    "userId" TEXT NOT NULL,
    "periodId" TEXT NOT NULL,

    CONSTRAINT "AuditorPeriodGrant_pkey" PRIMARY KEY ("userId","periodId")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" TEXT NOT NULL,
    "kind" "TokenKind" NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AccessLog" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "userId" TEXT,
    "userEmail" TEXT,
    "role" "Role",
    "action" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "periodId" TEXT,
    "ip" TEXT,
    "userAgent" TEXT,
    "detail" JSONB,

    CONSTRAINT "AccessLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedById" TEXT,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "SettingChange" (
    "id" BIGSERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "oldValue" JSONB,
    "newValue" JSONB NOT NULL,
    "changedById" TEXT,
    "changedBy" TEXT,
    "changedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "comment" TEXT,

    CONSTRAINT "SettingChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditPeriod" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "start" TIMESTAMPTZ(3) NOT NULL,
    "end" TIMESTAMPTZ(3) NOT NULL,
    "state" "PeriodState" NOT NULL DEFAULT 'OPEN',
    "lockedAt" TIMESTAMPTZ(3),
    "lockedById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditPeriod_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Control" (
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "sortOrder" INTEGER NOT NULL,

    CONSTRAINT "Control_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ControlTest" (
    "id" TEXT NOT NULL,
    "controlId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "procedure" TEXT NOT NULL,
    "ruleVersion" TEXT NOT NULL,
    "sortOrder" INTEGER NOT NULL,

    CONSTRAINT "ControlTest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TestEvaluation" (
    "id" TEXT NOT NULL,
    "periodId" TEXT NOT NULL,
    "testId" TEXT NOT NULL,
    "result" "TestResult" NOT NULL,
    "populationSize" INTEGER NOT NULL,
    "exceptionCount" INTEGER NOT NULL,
    "populationHash" TEXT NOT NULL,
    "ruleVersion" TEXT NOT NULL,
    "settings" JSONB NOT NULL,
    "evaluatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "trigger" TEXT NOT NULL DEFAULT 'manual',

    CONSTRAINT "TestEvaluation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ControlException" (
    "id" TEXT NOT NULL,
    "periodId" TEXT NOT NULL,
    "testId" TEXT NOT NULL,
    "itemKey" TEXT NOT NULL,
    "itemType" TEXT NOT NULL,
    "itemRef" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "details" JSONB NOT NULL,
    "state" "ExceptionState" NOT NULL DEFAULT 'OPEN',
    "firstSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "clearedAt" TIMESTAMPTZ(3),
    "occurredAt" TIMESTAMPTZ(3),
    "dueAt" TIMESTAMPTZ(3),

    CONSTRAINT "ControlException_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExceptionDisposition" (
    "id" TEXT NOT NULL,
    "exceptionId" TEXT NOT NULL,
    "kind" "DispositionKind" NOT NULL,
    "reference" TEXT,
    "comment" TEXT NOT NULL,
    "decidedById" TEXT NOT NULL,
    "decidedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExceptionDisposition_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExceptionComment" (
    "id" TEXT NOT NULL,
    "exceptionId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "internal" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExceptionComment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Sample" (
    "id" TEXT NOT NULL,
    "periodId" TEXT NOT NULL,
    "testId" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "seed" TEXT NOT NULL,
    "populationHash" TEXT NOT NULL,
    "populationSize" INTEGER NOT NULL,
    "itemKeys" TEXT[],
    "drawnById" TEXT NOT NULL,
    "drawnAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Sample_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditorRequest" (
    "id" TEXT NOT NULL,
    "periodId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "status" "RequestStatus" NOT NULL DEFAULT 'OPEN',
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "answer" TEXT,
    "answeredById" TEXT,
    "answeredAt" TIMESTAMPTZ(3),

    CONSTRAINT "AuditorRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RequestAttachment" (
    "id" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "content" BYTEA NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RequestAttachment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExportRecord" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "periodId" TEXT,
    "filename" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "prevChain" TEXT,
    "chainHash" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExportRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MonthlyReport" (
    "id" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "pdf" BYTEA NOT NULL,
    "sha256" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "generatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MonthlyReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DailyRollup" (
    "day" DATE NOT NULL,
    "metric" TEXT NOT NULL,
    "dimension" TEXT NOT NULL DEFAULT '',
    "value" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "DailyRollup_pkey" PRIMARY KEY ("day","metric","dimension")
);

-- CreateTable
CREATE TABLE "IngestRun" (
    "id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "origin" TEXT NOT NULL,
    "sha256" TEXT,
    "prevChain" TEXT,
    "chainHash" TEXT,
    "status" "RunStatus" NOT NULL DEFAULT 'RUNNING',
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),
    "readCount" INTEGER NOT NULL DEFAULT 0,
    "storedCount" INTEGER NOT NULL DEFAULT 0,
    "duplicateCount" INTEGER NOT NULL DEFAULT 0,
    "quarantinedCount" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "detail" JSONB,

    CONSTRAINT "IngestRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QuarantinedRecord" (
    "id" BIGSERIAL NOT NULL,
    "runId" TEXT NOT NULL,
    "lineNumber" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "bytes" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "QuarantinedRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AiEvent" (
    "id" BIGSERIAL NOT NULL,
    "source" TEXT NOT NULL,
    "naturalKey" TEXT NOT NULL,
    "runId" TEXT,
    "callId" TEXT,
    "traceId" TEXT,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "endedAt" TIMESTAMPTZ(3),
    "status" TEXT,
    "gatewayAction" "GatewayAction" NOT NULL DEFAULT 'UNKNOWN',
    "guardrailStatus" TEXT,
    "guardrailDecisionId" TEXT,
    "model" TEXT,
    "provider" TEXT,
    "apiKeyHash" TEXT,
    "apiKeyAlias" TEXT,
    "proxyUserId" TEXT,
    "proxyUserEmail" TEXT,
    "teamId" TEXT,
    "tags" TEXT[],
    "repository" TEXT,
    "clientTool" TEXT,
    "toolKey" TEXT,
    "personId" TEXT,
    "identityId" TEXT,
    "promptTokens" INTEGER,
    "completionTokens" INTEGER,
    "cost" DECIMAL(14,6),
    "hasPayload" BOOLEAN NOT NULL,
    "payloadSha256" TEXT,
    "payloadBytes" INTEGER NOT NULL DEFAULT 0,
    "findingCount" INTEGER NOT NULL DEFAULT 0,
    "maxClassification" "Classification",
    "toolCallCount" INTEGER NOT NULL DEFAULT 0,
    "late" BOOLEAN NOT NULL DEFAULT false,
    "ingestedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AiEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Finding" (
    "id" BIGSERIAL NOT NULL,
    "eventId" BIGINT NOT NULL,
    "type" TEXT NOT NULL,
    "detector" TEXT NOT NULL,
    "detectorVersion" TEXT NOT NULL,
    "classification" "Classification" NOT NULL,
    "location" TEXT NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    "excerpt" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "confidence" TEXT NOT NULL,
    "testData" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "Finding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ToolCall" (
    "id" BIGSERIAL NOT NULL,
    "eventId" BIGINT NOT NULL,
    "server" TEXT,
    "tool" TEXT NOT NULL,
    "destination" TEXT,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ToolCall_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GuardrailDecision" (
    "id" TEXT NOT NULL,
    "callId" TEXT,
    "traceId" TEXT,
    "inputType" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "types" TEXT[],
    "findings" JSONB NOT NULL,
    "maxClassification" "Classification",
    "latencyMs" DOUBLE PRECISION NOT NULL,
    "error" TEXT,
    "apiKeyHash" TEXT,
    "apiKeyAlias" TEXT,
    "proxyUserId" TEXT,
    "tokenId" TEXT,
    "decidedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GuardrailDecision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AiTool" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "vendor" TEXT NOT NULL,
    "product" TEXT NOT NULL,
    "registered" BOOLEAN NOT NULL DEFAULT false,
    "contractType" TEXT,
    "tier" TEXT,
    "zeroDataRetention" BOOLEAN,
    "trainingOnInputs" BOOLEAN,
    "soc2ReportDate" TIMESTAMPTZ(3),
    "incidentContact" TEXT,
    "documents" JSONB NOT NULL DEFAULT '[]',
    "notes" TEXT,
    "firstSeenAt" TIMESTAMPTZ(3),
    "lastSeenAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AiTool_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgentIdentity" (
    "id" TEXT NOT NULL,
    "credential" TEXT NOT NULL,
    "alias" TEXT,
    "registered" BOOLEAN NOT NULL DEFAULT false,
    "ownerPersonId" TEXT,
    "purpose" TEXT,
    "allowedModels" TEXT[],
    "allowedMcpServers" TEXT[],
    "allowedTools" TEXT[],
    "expiresAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),
    "firstSeenAt" TIMESTAMPTZ(3),
    "lastSeenAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "AgentIdentity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Person" (
    "id" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "email" TEXT,
    "isBot" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PersonAlias" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "kind" "AliasKind" NOT NULL,
    "value" TEXT NOT NULL,
    "status" "AliasStatus" NOT NULL DEFAULT 'AUTO',
    "decidedById" TEXT,
    "decidedAt" TIMESTAMPTZ(3),

    CONSTRAINT "PersonAlias_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Repository" (
    "id" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "productionBranch" TEXT NOT NULL,
    "gitTip" TEXT,
    "localPath" TEXT,
    "githubSyncedAt" TIMESTAMPTZ(3),
    "githubCursor" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Repository_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Commit" (
    "id" TEXT NOT NULL,
    "repositoryId" TEXT NOT NULL,
    "sha" TEXT NOT NULL,
    "parents" TEXT[],
    "authorName" TEXT NOT NULL,
    "authorEmail" TEXT NOT NULL,
    "authoredAt" TIMESTAMPTZ(3) NOT NULL,
    "committerName" TEXT NOT NULL,
    "committerEmail" TEXT NOT NULL,
    "committedAt" TIMESTAMPTZ(3) NOT NULL,
    "subject" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "trailers" JSONB NOT NULL,
    "aiMarkers" JSONB NOT NULL DEFAULT '[]',
    "changedPaths" TEXT[],
    "isProduction" BOOLEAN NOT NULL DEFAULT false,
    "productionSeq" INTEGER,
    "arrival" "Arrival",
    "pullNumber" INTEGER,
    "aiAssisted" BOOLEAN NOT NULL DEFAULT false,
    "aiTools" TEXT[],
    "aiModels" TEXT[],
    "memberShas" TEXT[],
    "late" BOOLEAN NOT NULL DEFAULT false,
    "ingestedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Commit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PullRequest" (
    "id" TEXT NOT NULL,
    "repositoryId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT,
    "authorLogin" TEXT,
    "authorType" TEXT,
    "state" TEXT NOT NULL,
    "baseRef" TEXT,
    "baseSha" TEXT,
    "headRef" TEXT,
    "headSha" TEXT,
    "mergedAt" TIMESTAMPTZ(3),
    "mergeCommitSha" TEXT,
    "mergedByLogin" TEXT,
    "createdAt" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3),
    "commitShas" TEXT[],
    "aiDeclaration" TEXT,
    "source" TEXT NOT NULL DEFAULT 'git',
    "syncedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PullRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Review" (
    "id" TEXT NOT NULL,
    "pullRequestId" TEXT NOT NULL,
    "githubId" BIGINT NOT NULL,
    "reviewerLogin" TEXT NOT NULL,
    "reviewerType" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "commitSha" TEXT,
    "submittedAt" TIMESTAMPTZ(3),
    "source" TEXT NOT NULL,
    "syncedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Review_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CodeownersSnapshot" (
    "id" TEXT NOT NULL,
    "repositoryId" TEXT NOT NULL,
    "commitSha" TEXT NOT NULL,
    "path" TEXT,
    "content" TEXT,

    CONSTRAINT "CodeownersSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "action" TEXT,
    "status" TEXT NOT NULL,
    "reason" TEXT,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "uniqueKey" TEXT,
    "state" "JobState" NOT NULL DEFAULT 'QUEUED',
    "runAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Job_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "LoginAttempt_email_at_idx" ON "LoginAttempt"("email", "at");

-- CreateIndex
CREATE INDEX "LoginAttempt_ip_at_idx" ON "LoginAttempt"("ip", "at");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");

-- CreateIndex
CREATE INDEX "AccessLog_userId_at_idx" ON "AccessLog"("userId", "at");

-- CreateIndex
CREATE INDEX "AccessLog_at_idx" ON "AccessLog"("at");

-- CreateIndex
CREATE INDEX "SettingChange_key_changedAt_idx" ON "SettingChange"("key", "changedAt");

-- CreateIndex
CREATE UNIQUE INDEX "AuditPeriod_name_key" ON "AuditPeriod"("name");

-- CreateIndex
CREATE INDEX "TestEvaluation_periodId_testId_evaluatedAt_idx" ON "TestEvaluation"("periodId", "testId", "evaluatedAt");

-- CreateIndex
CREATE INDEX "ControlException_testId_state_idx" ON "ControlException"("testId", "state");

-- CreateIndex
CREATE INDEX "ControlException_state_dueAt_idx" ON "ControlException"("state", "dueAt");

-- CreateIndex
CREATE UNIQUE INDEX "ControlException_periodId_testId_itemKey_key" ON "ControlException"("periodId", "testId", "itemKey");

-- CreateIndex
CREATE INDEX "ExceptionDisposition_exceptionId_decidedAt_idx" ON "ExceptionDisposition"("exceptionId", "decidedAt");

-- CreateIndex
CREATE INDEX "ExceptionComment_exceptionId_createdAt_idx" ON "ExceptionComment"("exceptionId", "createdAt");

-- CreateIndex
CREATE INDEX "Sample_periodId_testId_idx" ON "Sample"("periodId", "testId");

-- CreateIndex
CREATE INDEX "AuditorRequest_periodId_createdAt_idx" ON "AuditorRequest"("periodId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ExportRecord_chainHash_key" ON "ExportRecord"("chainHash");

-- CreateIndex
CREATE UNIQUE INDEX "MonthlyReport_month_key" ON "MonthlyReport"("month");

-- CreateIndex
CREATE INDEX "DailyRollup_metric_day_idx" ON "DailyRollup"("metric", "day");

-- CreateIndex
CREATE UNIQUE INDEX "IngestRun_chainHash_key" ON "IngestRun"("chainHash");

-- CreateIndex
CREATE INDEX "QuarantinedRecord_runId_lineNumber_idx" ON "QuarantinedRecord"("runId", "lineNumber");

-- CreateIndex
CREATE INDEX "AiEvent_occurredAt_idx" ON "AiEvent"("occurredAt");

-- CreateIndex
CREATE INDEX "AiEvent_apiKeyHash_occurredAt_idx" ON "AiEvent"("apiKeyHash", "occurredAt");

-- CreateIndex
CREATE INDEX "AiEvent_proxyUserId_occurredAt_idx" ON "AiEvent"("proxyUserId", "occurredAt");

-- CreateIndex
CREATE INDEX "AiEvent_repository_occurredAt_idx" ON "AiEvent"("repository", "occurredAt");

-- CreateIndex
CREATE INDEX "AiEvent_maxClassification_occurredAt_idx" ON "AiEvent"("maxClassification", "occurredAt");

-- CreateIndex
CREATE INDEX "AiEvent_callId_idx" ON "AiEvent"("callId");

-- CreateIndex
CREATE UNIQUE INDEX "AiEvent_source_naturalKey_key" ON "AiEvent"("source", "naturalKey");

-- CreateIndex
CREATE INDEX "Finding_eventId_idx" ON "Finding"("eventId");

-- CreateIndex
CREATE INDEX "Finding_type_classification_idx" ON "Finding"("type", "classification");

-- CreateIndex
CREATE INDEX "Finding_fingerprint_idx" ON "Finding"("fingerprint");

-- CreateIndex
CREATE INDEX "ToolCall_eventId_idx" ON "ToolCall"("eventId");

-- CreateIndex
CREATE INDEX "ToolCall_server_tool_idx" ON "ToolCall"("server", "tool");

-- CreateIndex
CREATE INDEX "GuardrailDecision_callId_idx" ON "GuardrailDecision"("callId");

-- CreateIndex
CREATE INDEX "GuardrailDecision_decidedAt_idx" ON "GuardrailDecision"("decidedAt");

-- CreateIndex
CREATE UNIQUE INDEX "AiTool_key_key" ON "AiTool"("key");

-- CreateIndex
CREATE UNIQUE INDEX "AgentIdentity_credential_key" ON "AgentIdentity"("credential");

-- CreateIndex
CREATE UNIQUE INDEX "Person_email_key" ON "Person"("email");

-- CreateIndex
CREATE INDEX "PersonAlias_personId_idx" ON "PersonAlias"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "PersonAlias_kind_value_key" ON "PersonAlias"("kind", "value");

-- CreateIndex
CREATE UNIQUE INDEX "Repository_owner_name_key" ON "Repository"("owner", "name");

-- CreateIndex
CREATE INDEX "Commit_repositoryId_isProduction_committedAt_idx" ON "Commit"("repositoryId", "isProduction", "committedAt");

-- CreateIndex
CREATE INDEX "Commit_committedAt_idx" ON "Commit"("committedAt");

-- CreateIndex
CREATE INDEX "Commit_authorEmail_idx" ON "Commit"("authorEmail");

-- CreateIndex
CREATE UNIQUE INDEX "Commit_repositoryId_sha_key" ON "Commit"("repositoryId", "sha");

-- CreateIndex
CREATE INDEX "PullRequest_mergeCommitSha_idx" ON "PullRequest"("mergeCommitSha");

-- CreateIndex
CREATE UNIQUE INDEX "PullRequest_repositoryId_number_key" ON "PullRequest"("repositoryId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "Review_githubId_key" ON "Review"("githubId");

-- CreateIndex
CREATE INDEX "Review_pullRequestId_idx" ON "Review"("pullRequestId");

-- CreateIndex
CREATE UNIQUE INDEX "CodeownersSnapshot_repositoryId_commitSha_key" ON "CodeownersSnapshot"("repositoryId", "commitSha");

-- CreateIndex
CREATE UNIQUE INDEX "Job_uniqueKey_key" ON "Job"("uniqueKey");

-- CreateIndex
CREATE INDEX "Job_state_runAt_idx" ON "Job"("state", "runAt");

-- AddForeignKey
ALTER TABLE "AuditorPeriodGrant" ADD CONSTRAINT "AuditorPeriodGrant_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditorPeriodGrant" ADD CONSTRAINT "AuditorPeriodGrant_periodId_fkey" FOREIGN KEY ("periodId") REFERENCES "AuditPeriod"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ControlTest" ADD CONSTRAINT "ControlTest_controlId_fkey" FOREIGN KEY ("controlId") REFERENCES "Control"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TestEvaluation" ADD CONSTRAINT "TestEvaluation_periodId_fkey" FOREIGN KEY ("periodId") REFERENCES "AuditPeriod"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TestEvaluation" ADD CONSTRAINT "TestEvaluation_testId_fkey" FOREIGN KEY ("testId") REFERENCES "ControlTest"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ControlException" ADD CONSTRAINT "ControlException_periodId_fkey" FOREIGN KEY ("periodId") REFERENCES "AuditPeriod"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ControlException" ADD CONSTRAINT "ControlException_testId_fkey" FOREIGN KEY ("testId") REFERENCES "ControlTest"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExceptionDisposition" ADD CONSTRAINT "ExceptionDisposition_exceptionId_fkey" FOREIGN KEY ("exceptionId") REFERENCES "ControlException"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExceptionDisposition" ADD CONSTRAINT "ExceptionDisposition_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExceptionComment" ADD CONSTRAINT "ExceptionComment_exceptionId_fkey" FOREIGN KEY ("exceptionId") REFERENCES "ControlException"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExceptionComment" ADD CONSTRAINT "ExceptionComment_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Sample" ADD CONSTRAINT "Sample_periodId_fkey" FOREIGN KEY ("periodId") REFERENCES "AuditPeriod"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Sample" ADD CONSTRAINT "Sample_drawnById_fkey" FOREIGN KEY ("drawnById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditorRequest" ADD CONSTRAINT "AuditorRequest_periodId_fkey" FOREIGN KEY ("periodId") REFERENCES "AuditPeriod"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RequestAttachment" ADD CONSTRAINT "RequestAttachment_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "AuditorRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuarantinedRecord" ADD CONSTRAINT "QuarantinedRecord_runId_fkey" FOREIGN KEY ("runId") REFERENCES "IngestRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Finding" ADD CONSTRAINT "Finding_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "AiEvent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ToolCall" ADD CONSTRAINT "ToolCall_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "AiEvent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentIdentity" ADD CONSTRAINT "AgentIdentity_ownerPersonId_fkey" FOREIGN KEY ("ownerPersonId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PersonAlias" ADD CONSTRAINT "PersonAlias_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Commit" ADD CONSTRAINT "Commit_repositoryId_fkey" FOREIGN KEY ("repositoryId") REFERENCES "Repository"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PullRequest" ADD CONSTRAINT "PullRequest_repositoryId_fkey" FOREIGN KEY ("repositoryId") REFERENCES "Repository"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Review" ADD CONSTRAINT "Review_pullRequestId_fkey" FOREIGN KEY ("pullRequestId") REFERENCES "PullRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CodeownersSnapshot" ADD CONSTRAINT "CodeownersSnapshot_repositoryId_fkey" FOREIGN KEY ("repositoryId") REFERENCES "Repository"("id") ON DELETE CASCADE ON UPDATE CASCADE;

