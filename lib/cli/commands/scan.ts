import { randomBytes } from "node:crypto";
import { runScanCommand } from "../../scan/scan-command";
import { parse, type Command } from "../command";

export const scanCommand: Command = {
  name: "scan",
  summary: "run the detectors on JSON lines {\"id\",\"text\"} from stdin (no database needed)",
  usage: "[--internal-host PATTERN ...]  < input.jsonl",
  async run(args, io) {
    const { values } = parse(args, { "internal-host": { type: "string", multiple: true } });
    const result = await runScanCommand(io.stdin, io.stdout, {
      fingerprintKey: process.env.FINGERPRINT_KEY ?? randomBytes(32).toString("hex"),
      internalHostPatterns: values["internal-host"] ?? [],
    });
    return result.errors > 0 ? 1 : 0;
  },
};
