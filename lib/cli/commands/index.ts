import type { Command } from "../command";
import { migrateCommand, seedDemoCommand, userAddCommand, userDisableCommand } from "./basic";
import { startCommand } from "./start";

export const COMMANDS: Command[] = [startCommand, migrateCommand, seedDemoCommand, userAddCommand, userDisableCommand];
