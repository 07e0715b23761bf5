/** One Server-Sent Events frame. */
export interface SseFrame {
  /** The `event:` field; "message" when the frame has none. */
  event: string;
  /** The `data:` lines joined with "\n". */
  data: string;
  /** The last `id:` seen on the stream so far, if any. */
  id: string | undefined;
}

/**
 * Parses a byte stream of `text/event-stream` into frames, as the HTML standard says:
 * lines end with LF, CR or CRLF (also when split across chunks), a blank line ends a
 * frame, `:` lines are comments (yagna's `:ping` keep-alives), one space after the colon is
 * dropped, and frames without data are not dispatched.
 *
 * @example
 * for await (const frame of parseSse(stream.body)) {
 *   if (frame.event === "runtime") handle(JSON.parse(frame.data));
 * }
 */
export async function* parseSse(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<SseFrame> {
  const decoder = new TextDecoder("utf-8");
  const state: ParserState = { event: "", data: [], id: undefined, hasData: false };
  let pending = "";
  let lastWasCr = false;
  for await (const chunk of chunks) {
    let text = typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    // A CRLF split across two chunks: the LF belongs to a line already ended by the CR.
    if (lastWasCr && text.startsWith("\n")) text = text.slice(1);
    pending += text;
    let start = 0;
    for (let i = 0; i < pending.length; i++) {
      const ch = pending[i];
      if (ch !== "\n" && ch !== "\r") continue;
      const frame = feedLine(state, pending.slice(start, i));
      if (frame) yield frame;
      if (ch === "\r" && pending[i + 1] === "\n") i++;
      start = i + 1;
    }
    lastWasCr = pending.endsWith("\r");
    pending = pending.slice(start);
  }
  // A final line without a terminator is incomplete, and an unterminated frame is dropped.
}

interface ParserState {
  event: string;
  data: string[];
  id: string | undefined;
  hasData: boolean;
}

function feedLine(state: ParserState, line: string): SseFrame | undefined {
  if (line === "") {
    const frame = state.hasData
      ? { event: state.event || "message", data: state.data.join("\n"), id: state.id }
      : undefined;
    state.event = "";
    state.data = [];
    state.hasData = false;
    return frame;
  }
  if (line.startsWith(":")) return undefined;
  const colon = line.indexOf(":");
  const field = colon < 0 ? line : line.slice(0, colon);
  let value = colon < 0 ? "" : line.slice(colon + 1);
  if (value.startsWith(" ")) value = value.slice(1);
  switch (field) {
    case "event":
      state.event = value;
      break;
    case "data":
      state.data.push(value);
      state.hasData = true;
      break;
    case "id":
      if (!value.includes("\0")) state.id = value;
      break;
    default:
      // `retry:` and unknown fields do not concern a client that never reconnects.
      break;
  }
  return undefined;
}
