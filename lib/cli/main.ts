#!/usr/bin/env node
// `npm run cli -- <command>`: every operation a user or a cron job needs.
import type { Command, CliIo } from "./command";
import { UsageError } from "./command";
import { COMMANDS } from "./commands";

function help(io: CliIo) {
  io.stdout.write("Usage: npm run cli -- <command> [options]\n\nCommands:\n");
  for (const c of COMMANDS) io.stdout.write(`  ${c.name.padEnd(22)} ${c.summary}\n`);
  io.stdout.write("\nRun a command with --help for its options.\n");
}

export async function main(argv: string[], io: CliIo = process): Promise<number> {
  // longest command name first: "token create" before "token"
  const sorted = [...COMMANDS].sort((a, b) => b.name.split(" ").length - a.name.split(" ").length);
  const command: Command | undefined = sorted.find((c) => {
    const words = c.name.split(" ");
    return words.every((w, i) => argv[i] === w);
  });
  if (!command || argv.length === 0 || argv[0] === "--help") {
    help(io);
    return argv.length === 0 || argv[0] === "--help" ? 0 : 2;
  }
  const rest = argv.slice(command.name.split(" ").length);
  if (rest.includes("--help")) {
    io.stdout.write(`${command.summary}\n\nUsage: npm run cli -- ${command.name} ${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`error: ${e.message}\nUsage: npm run cli -- ${command.name} ${command.usage}\n`);
      return 2;
    }
    io.stderr.write(`error: ${(e as Error).message}\n`);
    return 1;
  }
}

const invokedDirectly = process.argv[1] && /lib[\\/]cli[\\/]main\.ts$/.test(process.argv[1]);
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`error: ${(e as Error).stack ?? e}\n`);
      process.exitCode = 1;
    },
  );
}
