/** Progress of a computation on a terminal, from its events. */
export { ProgressBar, type ProgressBarOptions, type ProgressStream } from "./progress-bar.js";
export { type ProgressSnapshot, ProgressState } from "./progress-state.js";
export { formatDuration, renderProgress } from "./render.js";
