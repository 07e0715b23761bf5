/**
 * The live inspector: xstate's inspection events as a small versioned protocol, served
 * with the viewer page on 127.0.0.1, recorded to `.jsonl` and replayed by `yatsapi viz`.
 */

export { Inspector, type InspectorOptions } from "./inspector.js";
export type { InspectOption, InspectOptions } from "./options.js";
export * from "./protocol.js";
export { type RecordedLine, Recorder, readRecording } from "./recording.js";
export { REDACTED, Secrets } from "./redact.js";
export { Relay, type RelayOptions } from "./relay.js";
export { type Replay, type ReplayOptions, startReplay } from "./replay.js";
export { InspectSink, type SinkOptions, type SinkStats } from "./sink.js";
export { StateCache } from "./state-cache.js";
