import { DevnetGftpClient } from "../../devnet/gftp/client.js";
import { startGftpServer } from "../../devnet/gftp/rpc-server.js";
import { DAEMON_VERSION } from "../../devnet/identity.js";
import { parseFlags, UsageError } from "./args.js";
import type { Command } from "./command.js";

const USAGE = `Usage: yatsapi gftp server
       yatsapi gftp --version

Runs gftp's JSON-RPC 2.0 server on stdin/stdout, as requestors (golem-js with
dataTransferProtocol "gftp", yapapi) spawn it: one request per line, methods
version, publish, receive, close, download, upload and shutdown.

Files are registered with the devnet at $YAGNA_API_URL (default
http://127.0.0.1:7465) with the app key $YAGNA_APPKEY, and served from where they
are: the devnet and the requestor share the machine. Published files get
gftp://<requestor node id>/<sha3-256 of the content>; the URLs die with the process.

Requestors look for a \`gftp\` program on PATH: put yatsapi's bin/ folder there,
whose \`gftp\` runs this command.`;

/** `yatsapi gftp server`: the devnet's stand-in for yagna's gftp binary. */
export const gftpCommand: Command = {
  name: "gftp",
  summary: "run gftp's JSON-RPC server (stdio) against the devnet",
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseFlags(argv, { version: { type: "boolean", short: "V" } }, 1);
    if (values.version) {
      io.stdout.write(`gftp ${DAEMON_VERSION} (yatsapi devnet)\n`);
      return 0;
    }
    if (positionals[0] !== "server") {
      throw new UsageError(
        positionals[0] === undefined
          ? "missing subcommand: server"
          : `unknown subcommand '${positionals[0]}'`,
      );
    }
    const devnet = new DevnetGftpClient(
      process.env.YAGNA_API_URL || "http://127.0.0.1:7465",
      process.env.YAGNA_APPKEY,
    );
    const server = startGftpServer({ input: process.stdin, output: process.stdout, devnet });
    const stop = () => void server.shutdown();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    await server.finished;
    return 0;
  },
};
