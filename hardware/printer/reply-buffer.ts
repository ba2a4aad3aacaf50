import { TransportError } from './types';

/**
 * Collects bytes a printer sends back and hands exactly `n` of them to whoever asked, or fails
 * the asker when the deadline passes or the link drops. Shared by every transport.
 */
export class ReplyBuffer {
  private chunks: Uint8Array[] = [];
  private length = 0;
  private waiter: { need: number; resolve: (bytes: Uint8Array) => void; reject: (error: Error) => void; timer: NodeJS.Timeout } | null = null;

  /** Bytes that arrived while nobody was asking are stale (a late reply, an ASB message). */
  discard(): void {
    this.chunks = [];
    this.length = 0;
  }

  push(chunk: Uint8Array): void {
    this.chunks.push(chunk.slice());
    this.length += chunk.length;
    this.settle();
  }

  /** Fails a pending wait, e.g. when the connection closes. */
  fail(error: Error): void {
    const waiter = this.waiter;
    if (!waiter) return;
    this.waiter = null;
    clearTimeout(waiter.timer);
    waiter.reject(error);
  }

  wait(need: number, timeoutMs: number, onTimeout: () => void): Promise<Uint8Array> {
    if (this.waiter) return Promise.reject(new Error('a reply is already awaited on this transport'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        onTimeout();
        reject(new TransportError('timeout', `no reply from the printer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiter = { need, resolve, reject, timer };
      this.settle();
    });
  }

  private settle(): void {
    const waiter = this.waiter;
    if (!waiter || this.length < waiter.need) return;
    const all = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.chunks) {
      all.set(c, at);
      at += c.length;
    }
    const rest = all.slice(waiter.need);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.length = rest.length;
    this.waiter = null;
    clearTimeout(waiter.timer);
    waiter.resolve(all.slice(0, waiter.need));
  }
}

/** Runs `work` with a deadline; `onTimeout` tears the link down so nothing late is misread. */
export function withTimeout<T>(work: Promise<T>, timeoutMs: number, what: string, onTimeout: () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      onTimeout();
      reject(new TransportError('timeout', `${what} did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
