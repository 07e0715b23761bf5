/** A JSON-RPC id: what the request gave, or null when it gave none or was unreadable. */
export type RpcId = string | number | null;

/** A JSON-RPC 2.0 answer as gftp prints it: `jsonrpc`, `id`, then `result` or `error`. */
export type RpcResponse =
  | { jsonrpc: "2.0"; id: RpcId; result: unknown }
  | { jsonrpc: "2.0"; id: RpcId; error: { code: number; message: string } };

/** The JSON-RPC 2.0 error codes gftp uses. */
export const RPC_ERROR = {
  parse: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  /** The operation itself failed: a file cannot be read, the devnet is unreachable. */
  server: -32000,
} as const;

/**
 * An error to answer with a JSON-RPC error object of that code.
 *
 * @example
 * throw new RpcFailure(RPC_ERROR.invalidParams, 'Invalid params for publish: "files" must be an array');
 */
export class RpcFailure extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** A request, once checked. */
export interface RpcRequest {
  id: RpcId;
  method: string;
  params: Record<string, unknown>;
}

/**
 * Parses one line of input into a request, or the error answer for it: a parse error
 * for invalid JSON, an invalid-request error for JSON that is not a JSON-RPC 2.0 call.
 *
 * @example
 * parseRpcLine('{"jsonrpc":"2.0","id":"1","method":"version","params":{}}'); // { id: "1", method: "version", params: {} }
 * parseRpcLine("{oops"); // { jsonrpc: "2.0", id: null, error: { code: -32700, ... } }
 */
export function parseRpcLine(line: string): RpcRequest | RpcResponse {
  let msg: unknown;
  try {
    msg = JSON.parse(line);
  } catch (err) {
    return rpcError(null, new RpcFailure(RPC_ERROR.parse, `Parse error: ${(err as Error).message}`));
  }
  if (typeof msg !== "object" || msg === null || Array.isArray(msg)) {
    return rpcError(
      null,
      new RpcFailure(RPC_ERROR.invalidRequest, "Invalid request: expected a JSON object"),
    );
  }
  const m = msg as Record<string, unknown>;
  const id = m.id === undefined ? null : m.id;
  if (id !== null && typeof id !== "string" && typeof id !== "number") {
    return rpcError(
      null,
      new RpcFailure(RPC_ERROR.invalidRequest, "Invalid request: id must be a string, a number or null"),
    );
  }
  if (m.jsonrpc !== "2.0") {
    return rpcError(id, new RpcFailure(RPC_ERROR.invalidRequest, 'Invalid request: "jsonrpc" must be "2.0"'));
  }
  if (typeof m.method !== "string") {
    return rpcError(
      id,
      new RpcFailure(RPC_ERROR.invalidRequest, 'Invalid request: "method" must be a string'),
    );
  }
  const params = m.params === undefined || m.params === null ? {} : m.params;
  if (typeof params !== "object" || Array.isArray(params)) {
    return rpcError(
      id,
      new RpcFailure(RPC_ERROR.invalidParams, `Invalid params for ${m.method}: expected an object`),
    );
  }
  return { id, method: m.method, params: params as Record<string, unknown> };
}

/** A result answer. @example rpcResult("1", "0.17.1"); */
export function rpcResult(id: RpcId, result: unknown): RpcResponse {
  return { jsonrpc: "2.0", id, result };
}

/**
 * An error answer; errors other than RpcFailure become server errors (-32000).
 *
 * @example
 * rpcError("1", new Error("Can't open file /x")); // { jsonrpc: "2.0", id: "1", error: { code: -32000, message: "Can't open file /x" } }
 */
export function rpcError(id: RpcId, err: unknown): RpcResponse {
  const code = err instanceof RpcFailure ? err.code : RPC_ERROR.server;
  const message = err instanceof Error ? err.message : String(err);
  return { jsonrpc: "2.0", id, error: { code, message } };
}
