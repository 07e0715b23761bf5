import type { Command } from "./command.js";
import { devnetCommand } from "./devnet.js";
import { gftpCommand } from "./gftp.js";
import { imageCommand } from "./image.js";

/**
 * Every `yatsapi` command, in the order `yatsapi help` lists them. A new command is a
 * file exporting a `Command` and one line here.
 */
export const COMMANDS: Command[] = [devnetCommand, imageCommand, gftpCommand];
