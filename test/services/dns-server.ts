/**
 * A tiny DNS server on 127.0.0.1 (UDP) that answers SRV questions from a table, so that
 * `resolveRepoSrv` can be tested with node's real resolver and no network.
 */
import { createSocket as createUdpSocket } from "node:dgram";
import type { AddressInfo } from "node:net";

/** One SRV answer. */
export interface SrvAnswer {
  priority: number;
  weight: number;
  port: number;
  target: string;
}

function encodeName(name: string): Buffer {
  const parts = name.split(".").filter(Boolean);
  return Buffer.concat([
    ...parts.map((p) => Buffer.concat([Buffer.from([p.length]), Buffer.from(p, "ascii")])),
    Buffer.from([0]),
  ]);
}

/** Reads the question name and the end offset of the (single) question. */
function readQuestion(msg: Buffer): { name: string; end: number } {
  const labels: string[] = [];
  let at = 12;
  while (msg[at] !== 0) {
    const len = msg[at]!;
    labels.push(msg.subarray(at + 1, at + 1 + len).toString("ascii"));
    at += 1 + len;
  }
  return { name: labels.join(".").toLowerCase(), end: at + 1 + 4 };
}

function answer(query: Buffer, records: SrvAnswer[] | undefined): Buffer {
  const { end } = readQuestion(query);
  const header = Buffer.alloc(12);
  query.copy(header, 0, 0, 2); // id
  header.writeUInt16BE(records ? 0x8180 : 0x8183, 2); // response, recursion available, NXDOMAIN when unknown
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(records?.length ?? 0, 6);
  const rrs = (records ?? []).map((r) => {
    const target = encodeName(r.target);
    const fixed = Buffer.alloc(12 + 6);
    fixed.writeUInt16BE(0xc00c, 0); // name: pointer to the question
    fixed.writeUInt16BE(33, 2); // SRV
    fixed.writeUInt16BE(1, 4); // IN
    fixed.writeUInt32BE(60, 6);
    fixed.writeUInt16BE(6 + target.length, 10);
    fixed.writeUInt16BE(r.priority, 12);
    fixed.writeUInt16BE(r.weight, 14);
    fixed.writeUInt16BE(r.port, 16);
    return Buffer.concat([fixed, target]);
  });
  return Buffer.concat([header, query.subarray(12, end), ...rrs]);
}

/**
 * Starts the server; `zone` maps lowercase names to their SRV records.
 *
 * @example
 * const dns = await startDnsServer({ "_girepo._tcp.test": [{ priority: 0, weight: 1, port: 8000, target: "repo.test" }] });
 * await resolveRepoSrv("_girepo._tcp.test", { dnsServers: [dns.server] });
 */
export async function startDnsServer(
  zone: Record<string, SrvAnswer[]>,
): Promise<{ server: string; close(): Promise<void> }> {
  const socket = createUdpSocket("udp4");
  socket.on("message", (msg, peer) => {
    try {
      socket.send(answer(msg, zone[readQuestion(msg).name]), peer.port, peer.address);
    } catch {
      // A malformed query gets no answer, as from a real server that drops it.
    }
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const { port } = socket.address() as AddressInfo;
  return {
    server: `127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
