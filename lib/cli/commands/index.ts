import type { Command } from "../command";
import { migrateCommand, seedDemoCommand, userAddCommand, userDisableCommand } from "./basic";
import {
  ingestCloudflareCommand,
  ingestGenericCommand,
  ingestLiteLLMCommand,
  ingestLiteLLMDbCommand,
  tokenCreateCommand,
  tokenListCommand,
  tokenRevokeCommand,
} from "./ingest";
import { scanCommand } from "./scan";
import { evaluateCommand, periodsCommand } from "./controls";
import { EVIDENCE_COMMANDS } from "./evidence";
import { ingestGitCommand, ingestGithubCommand } from "./git";
import { jobsRunCommand, rollupCommand, summaryIssueCommand, summaryShowCommand } from "./summary";
import { startCommand } from "./start";

export const COMMANDS: Command[] = [
  startCommand,
  migrateCommand,
  seedDemoCommand,
  userAddCommand,
  userDisableCommand,
  scanCommand,
  ingestLiteLLMCommand,
  ingestCloudflareCommand,
  ingestGenericCommand,
  ingestLiteLLMDbCommand,
  tokenCreateCommand,
  tokenListCommand,
  tokenRevokeCommand,
  ingestGitCommand,
  ingestGithubCommand,
  evaluateCommand,
  periodsCommand,
  ...EVIDENCE_COMMANDS,
  rollupCommand,
  summaryIssueCommand,
  summaryShowCommand,
  jobsRunCommand,
];
