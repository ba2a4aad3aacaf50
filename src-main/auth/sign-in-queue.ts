import { waitInWords } from '../../src-shared/api/auth-contract';
import { HubError } from '../errors';

/** What the queue did, for tests and diagnostics: `waitedFor` is how many other checks started while this one waited. */
export type SignInQueueEvent =
  | { kind: 'queued'; job: number; address: string }
  | { kind: 'started'; job: number; address: string; waitedFor: number }
  | { kind: 'finished'; job: number; address: string; ms: number }
  | { kind: 'refused'; address: string; retryAfterSeconds: number };

export type SignInQueueLimits = { concurrentChecks: number; queuedPerAddress: number; queuedTotal: number };

type Job = { id: number; address: string; start: () => void };

/** What a check has been taking, before any was measured (scrypt N = 2^17 on a modest PC). */
const firstGuessMs = 500;

/**
 * Password and PIN checks (scrypt: memory-hard on purpose, about half a second each) run a few at
 * a time. A flood from one address must not make everyone else wait behind it, so:
 *
 * - one address runs at most `concurrentChecks − 1` checks at once: another address always finds
 *   a check free (with a single check allowed, it takes turns);
 * - when a check ends, the next one comes from the address served longest ago (round robin), not
 *   from whoever queued most;
 * - at most `queuedPerAddress` wait per address and `queuedTotal` in all; the rest are refused at
 *   once (TOO_MANY_ATTEMPTS with Retry-After), before anything is hashed or counted.
 */
export class SignInQueue {
  private running = 0;
  private waitingCount = 0;
  private starts = 0;
  private nextJob = 1;
  private averageMs = firstGuessMs;
  private readonly runningBy = new Map<string, number>();
  private readonly waitingBy = new Map<string, Job[]>();
  /** The start number of each address's latest check: the smallest goes next. */
  private readonly lastServed = new Map<string, number>();
  private readonly listeners = new Set<(event: SignInQueueEvent) => void>();
  private readonly perAddress: number;

  constructor(private readonly limits: SignInQueueLimits) {
    this.perAddress = Math.max(1, limits.concurrentChecks - 1);
  }

  /** Runs `task` when a check is free for this address, or refuses at once when its share of the queue is full. */
  async run<T>(address: string, task: () => Promise<T>): Promise<T> {
    if (!this.canStart(address)) {
      const waiting = this.waitingBy.get(address)?.length ?? 0;
      if (waiting >= this.limits.queuedPerAddress || this.waitingCount >= this.limits.queuedTotal) {
        const retryAfterSeconds = Math.max(1, Math.ceil(((waiting + 1) * this.averageMs) / 1000 / this.perAddress));
        this.emit({ kind: 'refused', address, retryAfterSeconds });
        throw new HubError('TOO_MANY_ATTEMPTS', `Too many sign-ins from this device at once. Try again in ${waitInWords(retryAfterSeconds)}.`, {
          details: { scope: 'busy', retryAfterSeconds },
          retryAfterSeconds,
        });
      }
    }
    const id = this.nextJob++;
    const queuedAt = this.starts;
    this.emit({ kind: 'queued', job: id, address });
    await new Promise<void>((resolve) => {
      const job: Job = { id, address, start: resolve };
      if (this.canStart(address)) return this.start(job, queuedAt);
      const list = this.waitingBy.get(address) ?? [];
      list.push({ ...job, start: () => this.start(job, queuedAt) });
      this.waitingBy.set(address, list);
      this.waitingCount += 1;
    });
    const began = performance.now();
    try {
      return await task();
    } finally {
      this.finish(id, address, performance.now() - began);
    }
  }

  /** Hears every event; returns an unsubscribe. */
  observe(listener: (event: SignInQueueEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stats(): { running: number; waiting: number; addressesWaiting: number } {
    return { running: this.running, waiting: this.waitingCount, addressesWaiting: this.waitingBy.size };
  }

  private canStart(address: string): boolean {
    return this.running < this.limits.concurrentChecks && (this.runningBy.get(address) ?? 0) < this.perAddress;
  }

  private start(job: Job, queuedAt: number): void {
    this.running += 1;
    this.runningBy.set(job.address, (this.runningBy.get(job.address) ?? 0) + 1);
    const waitedFor = this.starts - queuedAt;
    this.starts += 1;
    this.lastServed.set(job.address, this.starts);
    this.emit({ kind: 'started', job: job.id, address: job.address, waitedFor });
    job.start();
  }

  private finish(id: number, address: string, ms: number): void {
    this.running -= 1;
    const left = (this.runningBy.get(address) ?? 1) - 1;
    if (left > 0) this.runningBy.set(address, left);
    else this.runningBy.delete(address);
    // An address with nothing running or waiting is forgotten (the map would otherwise grow with every address).
    if (left <= 0 && !this.waitingBy.has(address)) this.lastServed.delete(address);
    this.averageMs = this.averageMs * 0.8 + ms * 0.2;
    this.emit({ kind: 'finished', job: id, address, ms });
    this.startNext();
  }

  private startNext(): void {
    while (this.running < this.limits.concurrentChecks) {
      let next: string | null = null;
      for (const [address, jobs] of this.waitingBy) {
        if (jobs.length === 0 || (this.runningBy.get(address) ?? 0) >= this.perAddress) continue;
        if (next === null || (this.lastServed.get(address) ?? 0) < (this.lastServed.get(next) ?? 0)) next = address;
      }
      if (next === null) return;
      const jobs = this.waitingBy.get(next)!;
      const job = jobs.shift()!;
      if (jobs.length === 0) this.waitingBy.delete(next);
      this.waitingCount -= 1;
      job.start();
    }
  }

  private emit(event: SignInQueueEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
