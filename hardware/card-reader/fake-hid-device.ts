import type { Unsubscribe } from '../../src-shared/devices/types';
import { HidDeviceNotFoundError, type HidDevice, type HidOpener, type HidSelector } from './hid-device';
import { reportsForText } from './hid-report';

/**
 * A fake USB HID card reader for tests and demos: it behaves as node-hid does on Linux. While
 * plugged in, `open` hands out a handle; `unplug()` makes the open handle fail a read (an
 * `error`, then `close`) and makes `open` reject until `replug()`.
 */
export class FakeHidReader {
  private plugged: boolean;
  private current: FakeHidHandle | null = null;
  private readonly openWaiters = new Set<() => void>();
  /** How many times a handle was opened. */
  openCount = 0;

  constructor(
    readonly selector: HidSelector,
    options: { plugged?: boolean } = {},
  ) {
    this.plugged = options.plugged ?? true;
  }

  /** Pass this as the card reader's `openHid`. */
  readonly open: HidOpener = async (selector) => {
    if (!this.plugged || selector.vendorId !== this.selector.vendorId || selector.productId !== this.selector.productId) {
      throw new HidDeviceNotFoundError(selector);
    }
    const handle = new FakeHidHandle(() => {
      if (this.current === handle) this.current = null;
    });
    this.current = handle;
    this.openCount++;
    for (const waiter of [...this.openWaiters]) waiter();
    return handle;
  };

  get isOpen(): boolean {
    return this.current !== null;
  }

  get isPlugged(): boolean {
    return this.plugged;
  }

  /** Resolves at the next successful open (or at once if `count` opens have already happened). */
  opened(count = this.openCount + 1): Promise<void> {
    if (this.openCount >= count) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter = () => {
        if (this.openCount >= count) {
          this.openWaiters.delete(waiter);
          resolve();
        }
      };
      this.openWaiters.add(waiter);
    });
  }

  /** Sends one raw input report to whoever has the device open. */
  sendReport(report: Uint8Array | readonly number[]): void {
    if (!this.current) throw new Error('the fake HID reader is not open');
    this.current.deliver(report instanceof Uint8Array ? report : Uint8Array.from(report));
  }

  /** Types a card as a reader does: a press and a release per character, then Enter. */
  typeCard(text: string, options: { enter?: boolean } = {}): void {
    for (const report of reportsForText(text, options)) this.sendReport(report);
  }

  unplug(): void {
    this.plugged = false;
    this.current?.fail(new Error('could not read from HID device'));
  }

  replug(): void {
    this.plugged = true;
  }
}

class FakeHidHandle implements HidDevice {
  private readonly data = new Set<(report: Uint8Array) => void>();
  private readonly errors = new Set<(error: Error) => void>();
  private readonly closes = new Set<() => void>();
  private closed = false;

  constructor(private readonly onClosed: () => void) {}

  onData(listener: (report: Uint8Array) => void): Unsubscribe {
    return add(this.data, listener);
  }

  onError(listener: (error: Error) => void): Unsubscribe {
    return add(this.errors, listener);
  }

  onClose(listener: () => void): Unsubscribe {
    return add(this.closes, listener);
  }

  async close(): Promise<void> {
    this.finish();
  }

  deliver(report: Uint8Array): void {
    if (this.closed) return;
    for (const listener of [...this.data]) listener(report);
  }

  fail(error: Error): void {
    if (this.closed) return;
    for (const listener of [...this.errors]) listener(error);
    this.finish();
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClosed();
    for (const listener of [...this.closes]) listener();
  }
}

function add<T>(set: Set<T>, listener: T): Unsubscribe {
  set.add(listener);
  return () => {
    set.delete(listener);
  };
}
