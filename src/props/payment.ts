/** Prefix of the offer keys that name a provider's payment platforms and addresses. */
export const PAYMENT_PLATFORM_PREFIX = "golem.com.payment.platform.";

/** `golem.com.payment.chosen-platform`: the platform the requestor pays on (set per counter-proposal). */
export const CHOSEN_PLATFORM = "golem.com.payment.chosen-platform";

/** `golem.com.payment.debit-notes.accept-timeout?`: seconds within which debit notes are accepted. */
export const DEBIT_NOTE_ACCEPTANCE_TIMEOUT_PROP = "golem.com.payment.debit-notes.accept-timeout?";

/** The shortest debit-note acceptance timeout the requestor agrees to (yapapi: 30 s), in ms. */
export const DEBIT_NOTE_MIN_TIMEOUT_MS = 30_000;

/** The platform yapapi assumes for an offer that names none (the legacy one). */
export const DEFAULT_PAYMENT_PLATFORM = "NGNT";
