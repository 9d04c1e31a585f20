// The consumer's end of one watch: an async iterator over the items the connection hands in. Items wait in
// order until they are pulled; an error ends the iterator after the items that came before it, an abort at once.
import type { LiveWatch } from "./live-types.js";

interface Pull<T> {
  resolve(result: IteratorResult<T, undefined>): void;
  reject(error: unknown): void;
}

export class LiveSubscription<T> implements LiveWatch<T> {
  readonly #items: T[] = [];
  #pull: Pull<T> | undefined;
  /** Set once the watch ends; `error` is thrown by the pull that finds no item before it, then it is done. */
  #end: { error?: unknown; thrown?: boolean } | undefined;
  #stopped = false;
  readonly #onStop: () => void;
  readonly #onPull: () => void;
  readonly #signal: AbortSignal | undefined;
  readonly #onAbort = () => this.#abort();

  /**
   * `onStop` is called once when the consumer stops (return or abort), not when the connection ends the watch;
   * `onPull` after the consumer took a waiting item.
   */
  constructor(hooks: { onStop: () => void; onPull?: () => void }, signal?: AbortSignal) {
    this.#onStop = hooks.onStop;
    this.#onPull = hooks.onPull ?? (() => undefined);
    this.#signal = signal;
    if (signal?.aborted) queueMicrotask(this.#onAbort);
    else signal?.addEventListener("abort", this.#onAbort, { once: true });
  }

  /** Items received and not pulled yet. */
  get waiting(): number {
    return this.#items.length;
  }

  push(item: T): void {
    if (this.#end !== undefined) return;
    const pull = this.#pull;
    if (pull === undefined) {
      this.#items.push(item);
      return;
    }
    this.#pull = undefined;
    pull.resolve({ value: item, done: false });
  }

  /** Ends the watch from the connection's side: the waiting items are still pulled, then `error` or done. */
  end(error?: unknown): void {
    if (this.#end !== undefined) return;
    this.#end = error === undefined ? {} : { error };
    this.#signal?.removeEventListener("abort", this.#onAbort);
    const pull = this.#pull;
    if (pull === undefined) return;
    this.#pull = undefined;
    this.#settle(pull);
  }

  next(): Promise<IteratorResult<T, undefined>> {
    const item = this.#items.shift();
    if (item !== undefined) {
      this.#onPull();
      return Promise.resolve({ value: item, done: false });
    }
    return new Promise((resolve, reject) => {
      const pull = { resolve, reject };
      if (this.#end !== undefined) this.#settle(pull);
      else this.#pull = pull;
    });
  }

  return(): Promise<IteratorResult<T, undefined>> {
    this.#items.length = 0;
    this.end();
    if (this.#end !== undefined) this.#end.thrown = true;
    this.#stop();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): LiveWatch<T> {
    return this;
  }

  #abort(): void {
    this.#items.length = 0;
    this.end(this.#signal?.reason);
    this.#stop();
  }

  #stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#onStop();
  }

  #settle(pull: Pull<T>): void {
    const end = this.#end;
    if (end?.error !== undefined && !end.thrown) {
      end.thrown = true;
      pull.reject(end.error);
      return;
    }
    pull.resolve({ value: undefined, done: true });
  }
}
