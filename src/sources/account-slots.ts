/**
 * At most `limit` accounts doing I/O at once; what an account does while it
 * holds a slot (several calls in parallel) is not limited further. A slot is
 * held only while a request or file read of that account is in flight, not
 * while it waits between retries, so accounts that keep failing (throttled,
 * timing out) cannot starve healthy ones: these get the slots that back-off
 * leaves free. Waiting accounts are served first come, first served.
 */
export class AccountSlots {
  private readonly active = new Map<string, number>();
  /** Waiting work by account, and the accounts in the order they started waiting: O(1) to admit the next. */
  private readonly waiting = new Map<string, (() => void)[]>();
  private readonly queue: string[] = [];
  private head = 0;

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`account slots: ${limit} is not a positive whole number`);
  }

  /** Runs `work` for `account` once the account has a slot (at once when it holds one already). */
  async run<T>(account: string, work: () => Promise<T>): Promise<T> {
    const admitted = this.acquire(account);
    if (admitted) await admitted;
    try {
      return await work();
    } finally {
      this.release(account);
    }
  }

  /** Accounts holding a slot now. */
  get inFlight(): number {
    return this.active.size;
  }

  /** Undefined when the slot is had at once (no promise, no microtask). */
  private acquire(account: string): Promise<void> | undefined {
    const held = this.active.get(account);
    if (held !== undefined) {
      this.active.set(account, held + 1);
      return undefined;
    }
    if (this.active.size < this.limit) {
      this.active.set(account, 1);
      return undefined;
    }
    return new Promise((resolve) => {
      const waiters = this.waiting.get(account);
      if (waiters) waiters.push(resolve);
      else {
        this.waiting.set(account, [resolve]);
        this.queue.push(account);
      }
    });
  }

  private release(account: string): void {
    const held = this.active.get(account)! - 1;
    if (held > 0) {
      this.active.set(account, held);
      return;
    }
    this.active.delete(account);
    // Admit the next waiting account, with every piece of its work that waits.
    if (this.head === this.queue.length) return;
    const next = this.queue[this.head++];
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    const waiters = this.waiting.get(next)!;
    this.waiting.delete(next);
    this.active.set(next, waiters.length);
    for (const start of waiters) start();
  }
}
