/**
 * The public errors of yatsapi's pure core (property models, demands, strategies, tasks,
 * queues, events). Each message names what was wrong; each class carries the facts as fields
 * so that callers never have to parse messages.
 */

/**
 * Offer or demand properties could not be read into a property model: a key is missing, a
 * value has the wrong type, or the values do not fit together (e.g. a linear price with the
 * wrong number of coefficients). `key` names the offending property when there is one.
 *
 * @example
 * try { ComLinear.fromProperties(offer.props); }
 * catch (e) { if (e instanceof InvalidPropertiesError) console.log(e.key, e.message); }
 */
export class InvalidPropertiesError extends Error {
  override readonly name: string = "InvalidPropertiesError";

  constructor(
    /** What was wrong, without the "Invalid properties" prefix. */
    readonly detail?: string,
    /** The property key at fault, when a single key is. */
    readonly key?: string,
  ) {
    super(detail ? `Invalid properties: ${detail}` : "Invalid properties");
  }
}

/**
 * No requestor payment account matches the driver and network asked for, so no allocation
 * can be made (yapapi's message, word for word).
 *
 * @example
 * const err = new NoPaymentAccountError("erc20", "holesky");
 * err.message; // "No payment account available for driver `erc20` and network `holesky`"
 */
export class NoPaymentAccountError extends Error {
  override readonly name: string = "NoPaymentAccountError";

  constructor(
    readonly requiredDriver: string,
    readonly requiredNetwork: string,
  ) {
    super(`No payment account available for driver \`${requiredDriver}\` and network \`${requiredNetwork}\``);
  }
}

/**
 * A demand constraint that cannot be joined into a demand: constraints are LDAP-style
 * filters, so each one must be a non-empty string in parentheses.
 *
 * @example
 * new DemandBuilder().ensure("golem.runtime.name=vm"); // throws InvalidConstraintError
 */
export class InvalidConstraintError extends Error {
  override readonly name: string = "InvalidConstraintError";

  constructor(readonly constraint: unknown) {
    super(
      `Invalid constraint ${JSON.stringify(constraint) ?? String(constraint)}: expected a filter in parentheses`,
    );
  }
}

/**
 * A task's result was accepted or rejected while the task was not running (it was never
 * handed to a worker, or it already has its outcome), or a task not waiting was started.
 *
 * @example
 * const task = new Task(1);
 * task.acceptResult(); // throws TaskStateError: "Accepted task not running (task 1 is WAITING)"
 */
export class TaskStateError extends Error {
  override readonly name: string = "TaskStateError";

  constructor(
    readonly taskId: string,
    readonly status: string,
    readonly action: string,
    /** The status the action needs. */
    readonly expected: string = "RUNNING",
  ) {
    super(`${action} task not ${expected.toLowerCase()} (task ${taskId} is ${status})`);
  }
}

/**
 * A queue item was settled (done or rescheduled) while it was not in progress, e.g. twice.
 *
 * @example
 * queue.markDone(handle);
 * queue.markDone(handle); // throws QueueStateError
 */
export class QueueStateError extends Error {
  override readonly name: string = "QueueStateError";

  constructor(readonly state: string) {
    super(`handle is not in progress (it is ${state})`);
  }
}

/**
 * A call was queued on an `AsyncWrapper` after `stop()` began.
 *
 * @example
 * await wrapper.stop();
 * wrapper.asyncCall(event); // throws AsyncWrapperClosedError
 */
export class AsyncWrapperClosedError extends Error {
  override readonly name: string = "AsyncWrapperClosedError";

  constructor() {
    super("AsyncWrapper is closed");
  }
}

/**
 * An event was built with an unknown type, a missing or mistyped field, or a field that its
 * type does not have.
 *
 * @example
 * createEvent("TaskAccepted", { taskId: 7 as unknown as string }); // throws InvalidEventError
 */
export class InvalidEventError extends Error {
  override readonly name: string = "InvalidEventError";

  constructor(
    readonly eventType: string,
    readonly field: string | undefined,
    detail: string,
  ) {
    super(`Invalid ${eventType} event${field ? `, field ${field}` : ""}: ${detail}`);
  }
}
