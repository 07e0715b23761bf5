/** Activity states (yagna-protocol.md 3.3). */
export type State = "New" | "Initialized" | "Deployed" | "Ready" | "Unresponsive" | "Terminated";

/** `[current, next]`: `next` is set while a state-changing command runs. */
export type StatePair = [State, State | null];

/** The stateful commands: they change or need the state, and only one runs at a time. */
export type StatefulCommand = "deploy" | "start" | "run" | "transfer";

/**
 * A pair as the daemon's messages print it.
 *
 * @example
 * formatPair(["Ready", "Ready"]); // "StatePair(Ready, Some(Ready))"
 */
export function formatPair([current, next]: StatePair): string {
  return `StatePair(${current}, ${next === null ? "None" : `Some(${next})`})`;
}

/** The prefix every state error of the exe-unit carries. */
const STATE_ERROR = "Local service error: State error: ";

function invalidState(pair: StatePair): string {
  const [current, next] = pair;
  if (next === null && current === "Initialized")
    return "Activity is initialized - deploy() command is expected now";
  if (next === null && current === "Deployed")
    return "Activity is deployed - start() command is expected now";
  if (next === null && current === "Ready") return "Cannot send command after a successful start()";
  return `This command is not allowed when activity is in the ${current} state`;
}

/**
 * The pair a stateful command runs under, or the error message (the command's result
 * text) when the current state does not allow it.
 *
 * @example
 * transition(["Initialized", null], "deploy"); // ["Initialized", "Deployed"]
 * transition(["Initialized", null], "run"); // "Local service error: State error: Activity is initialized - deploy() command is expected now"
 */
export function transition(pair: StatePair, command: StatefulCommand): StatePair | string {
  const [current, next] = pair;
  if (next !== null) return `${STATE_ERROR}Busy: ${formatPair(pair)}`;
  if (current === "New" || current === "Terminated") return STATE_ERROR + invalidState(pair);
  if (current === "Initialized")
    return command === "deploy" ? ["Initialized", "Deployed"] : STATE_ERROR + invalidState(pair);
  if (current === "Deployed")
    return command === "start" ? ["Deployed", "Ready"] : STATE_ERROR + invalidState(pair);
  if (command === "deploy" || command === "start") return STATE_ERROR + invalidState(pair);
  return [current, current];
}

/**
 * The error a stateful command ends with when something else changed the state meanwhile.
 *
 * @example
 * unexpectedState(["Initialized", null], ["Ready", "Ready"]); // "... Unexpected state: StatePair(Initialized, None), expected ..."
 */
export function unexpectedState(current: StatePair, expected: StatePair): string {
  return `${STATE_ERROR}Unexpected state: ${formatPair(current)}, expected ${formatPair(expected)}`;
}

/**
 * True when two pairs are the same.
 *
 * @example
 * samePair(["Ready", null], ["Ready", null]); // true
 */
export function samePair(a: StatePair, b: StatePair): boolean {
  return a[0] === b[0] && a[1] === b[1];
}
