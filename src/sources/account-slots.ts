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
  private readonly waiting: { account: string; start: () => void }[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`account slots: ${limit} is not a positive whole number`);
  }

  /** Runs `work` for `account` once the account has a slot (at once when it holds one already). */
  async run<T>(account: string, work: () => Promise<T>): Promise<T> {
    await this.acquire(account);
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

  private acquire(account: string): Promise<void> {
    const held = this.active.get(account);
    if (held !== undefined) {
      this.active.set(account, held + 1);
      return Promise.resolve();
    }
    if (this.active.size < this.limit) {
      this.active.set(account, 1);
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push({ account, start: resolve }));
  }

  private release(account: string): void {
    const held = this.active.get(account)! - 1;
    if (held > 0) {
      this.active.set(account, held);
      return;
    }
    this.active.delete(account);
    // Admit the next waiting account, and with it every other waiter of that same account.
    const next = this.waiting.shift();
    if (!next) return;
    let count = 1;
    next.start();
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      if (this.waiting[i].account !== next.account) continue;
      count += 1;
      this.waiting.splice(i, 1)[0].start();
    }
    this.active.set(next.account, count);
  }
}
