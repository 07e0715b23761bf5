/**
 * Pending timers: which `after` delay (or delayed send) of which actor fires when, with a
 * live countdown. The list is rebuilt when timers change; the countdown only rewrites text.
 */
import { shortEvent } from "./chart/text.js";

/** @typedef {import("./model/store.js").Store} Store */

/**
 * The timers panel.
 *
 * @example
 * const timers = new TimersView(document.querySelector("[data-testid=timers]"));
 * timers.render(store);
 * setInterval(() => timers.tick(store.now(Date.now())), 250);
 */
export class TimersView {
  /** @type {Array<{ el: HTMLElement, firesAt: number }>} */
  #due = [];
  #root;

  /** @param {HTMLElement} root */
  constructor(root) {
    this.#root = root;
  }

  /** @param {Store} store */
  render(store) {
    const timers = store.timers();
    this.#due = [];
    if (timers.length === 0) {
      const li = document.createElement("li");
      li.className = "none";
      li.textContent = "none";
      this.#root.replaceChildren(li);
      return;
    }
    const items = timers.map((timer) => {
      const li = document.createElement("li");
      li.setAttribute("data-actor", timer.actor);
      const who = document.createElement("span");
      who.textContent = store.actor(timer.actor)?.name ?? timer.actor;
      who.title = who.textContent;
      const what = document.createElement("span");
      what.textContent = shortEvent(timer.event, timer.delay);
      what.title = `${timer.event} (${timer.ms} ms)`;
      const due = document.createElement("span");
      due.className = "due";
      this.#due.push({ el: due, firesAt: timer.firesAt });
      li.append(who, what, due);
      return li;
    });
    this.#root.replaceChildren(...items);
    this.tick(store.now(Date.now()));
  }

  /**
   * Rewrites the countdowns.
   * @param {number} now epoch ms
   */
  tick(now) {
    for (const { el, firesAt } of this.#due) {
      const left = (firesAt - now) / 1000;
      el.textContent = left > 0 ? `in ${left.toFixed(1)} s` : "due";
    }
  }
}
