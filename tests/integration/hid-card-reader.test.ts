import { afterEach, describe, expect, it } from 'vitest';
import { FakeHidReader, HidCardReader, type DeviceLogger } from '../../hardware/card-reader';
import type { Timers } from '../../hardware/shared/device-support';
import { bootReport, HID_LEFT_SHIFT } from '../../hardware/card-reader/hid-report';
import type { CardReadEvent, DeviceHealth } from '../../src-shared/devices/types';

const ids = { vendorId: 0x0c2e, productId: 0x0b61 };

/** A clock and timers moved by hand, so backoff is exercised without waiting for it. */
class ManualTime {
  now = Date.UTC(2025, 0, 6, 9, 0, 0);
  private tasks: { due: number; run: () => void }[] = [];
  readonly clock = () => this.now;
  readonly timers: Timers = {
    setTimeout: (run, ms) => {
      const task = { due: this.now + ms, run };
      this.tasks.push(task);
      return () => {
        this.tasks = this.tasks.filter((t) => t !== task);
      };
    },
  };

  /** Runs due timers one by one, letting each's async work settle before the next. */
  async advance(ms: number): Promise<void> {
    const until = this.now + ms;
    for (let guard = 0; guard < 1000; guard++) {
      const next = this.tasks.filter((t) => t.due <= until).sort((a, b) => a.due - b.due)[0];
      if (!next) break;
      this.tasks = this.tasks.filter((t) => t !== next);
      this.now = next.due;
      next.run();
      await settle();
    }
    this.now = until;
  }

  get pending(): number {
    return this.tasks.length;
  }
}

/** Lets promise chains (the async open) run; bounded, never a timed sleep. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

function healthWhen(reader: HidCardReader, predicate: (health: DeviceHealth) => boolean): Promise<DeviceHealth> {
  if (predicate(reader.health())) return Promise.resolve(reader.health());
  return new Promise((resolve) => {
    const off = reader.onHealthChange((health) => {
      if (predicate(health)) {
        off();
        resolve(health);
      }
    });
  });
}

function recordingLogger(): DeviceLogger & { lines: { level: string; details: Record<string, unknown>; message: string }[] } {
  const lines: { level: string; details: Record<string, unknown>; message: string }[] = [];
  return {
    lines,
    info: (details, message) => lines.push({ level: 'info', details, message }),
    warn: (details, message) => lines.push({ level: 'warn', details, message }),
    error: (details, message) => lines.push({ level: 'error', details, message }),
  };
}

const cards = (events: CardReadEvent[]) => events.map((e) => (e.type === 'card' ? e.cardId : `unreadable:${e.reason}`));

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup) await step();
  cleanup = [];
});

function setup(options: { plugged?: boolean; logger?: DeviceLogger } = {}) {
  const time = new ManualTime();
  const fake = new FakeHidReader(ids, { plugged: options.plugged ?? true });
  const reader = new HidCardReader(ids, {
    openHid: fake.open,
    clock: time.clock,
    timers: time.timers,
    backoff: { initialMs: 100, maxMs: 1000 },
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const reads: CardReadEvent[] = [];
  reader.onRead((e) => reads.push(e));
  cleanup.push(() => reader.stop());
  return { time, fake, reader, reads };
}

describe('HID card reader with the fake device', () => {
  it('reads a card', async () => {
    const { fake, reader, reads, time } = setup();
    await reader.start();
    expect(reader.health()).toMatchObject({ id: 'card-reader', kind: 'card-reader', driver: 'hid', connected: true, lastError: null });
    fake.typeCard('00123456');
    expect(reads).toEqual([{ type: 'card', cardId: '00123456', at: new Date(time.now).toISOString() }]);
  });

  it('does not double held keys', async () => {
    const { fake, reader, reads } = setup();
    await reader.start();
    // '1' held for three reports, '2' pressed while '1' is still down, then both released, twice over.
    for (const report of [
      bootReport(0, 0x1e),
      bootReport(0, 0x1e),
      bootReport(0, 0x1e),
      bootReport(0, 0x1e, 0x1f),
      bootReport(0, 0x1f),
      bootReport(0),
      bootReport(0, 0x20),
      bootReport(0, 0x20),
      bootReport(0),
      bootReport(0, 0x21),
      bootReport(0),
      bootReport(0, 0x28),
      bootReport(0, 0x28),
      bootReport(0),
    ]) {
      fake.sendReport(report);
    }
    expect(cards(reads)).toEqual(['1234']);
  });

  it('applies shift for capitals', async () => {
    const { fake, reader, reads } = setup();
    await reader.start();
    fake.typeCard('NT00ab12');
    fake.sendReport(bootReport(HID_LEFT_SHIFT, 0x11));
    fake.sendReport(bootReport(HID_LEFT_SHIFT, 0x11, 0x17));
    fake.sendReport(bootReport(0));
    for (const digit of [0x1e, 0x1f, 0x20, 0x21]) {
      fake.sendReport(bootReport(0, digit));
      fake.sendReport(bootReport(0));
    }
    fake.sendReport(bootReport(0, 0x28));
    expect(cards(reads)).toEqual(['NT00ab12', 'NT1234']);
  });

  it('reports an unreadable card by reason only, and logs it without the card data', async () => {
    const logger = recordingLogger();
    const { fake, reader, reads } = setup({ logger });
    await reader.start();
    fake.typeCard('SECRET-1');
    fake.typeCard('9'.repeat(300));
    expect(cards(reads)).toEqual(['unreadable:pattern-mismatch', 'unreadable:too-long']);
    const warnings = logger.lines.filter((l) => l.level === 'warn');
    expect(warnings).toHaveLength(2);
    expect(JSON.stringify(logger.lines)).not.toContain('SECRET');
  });

  it('drops a partial card left without its Enter instead of gluing it to the next', async () => {
    const { fake, reader, reads, time } = setup();
    await reader.start();
    fake.typeCard('1234', { enter: false });
    await time.advance(5000);
    fake.typeCard('00123456');
    expect(cards(reads)).toEqual(['unreadable:incomplete', '00123456']);
  });

  it('unplug → disconnected → replug → reopened and reading again', async () => {
    const { fake, reader, reads, time } = setup();
    const changes: DeviceHealth[] = [];
    reader.onHealthChange((h) => changes.push(h));
    await reader.start();
    fake.typeCard('1111', { enter: false });
    fake.unplug();
    expect(reader.health()).toMatchObject({ connected: false });
    expect(reader.health().lastError).toMatch(/disconnected/);
    // The card cut short by the unplug is not lost silently.
    expect(cards(reads)).toEqual(['unreadable:incomplete']);

    // While it is away the reader keeps trying, with growing but capped delays.
    await time.advance(10_000);
    expect(fake.openCount).toBe(1);
    expect(time.pending).toBe(1);

    fake.replug();
    const reopened = fake.opened(2);
    await time.advance(1000);
    await reopened;
    await healthWhen(reader, (h) => h.connected);
    expect(reader.health()).toMatchObject({ connected: true, lastError: null });
    fake.typeCard('00123456');
    expect(cards(reads)).toEqual(['unreadable:incomplete', '00123456']);
    expect(changes.map((c) => c.connected)).toEqual([true, false, true]);
  });

  it('starts without the device and picks it up when it is plugged in', async () => {
    const { fake, reader, reads, time } = setup({ plugged: false });
    await reader.start();
    expect(reader.health()).toMatchObject({ connected: false });
    expect(reader.health().lastError).toMatch(/no HID device 0x0c2e:0x0b61/);
    fake.replug();
    await time.advance(1000);
    await healthWhen(reader, (h) => h.connected);
    fake.typeCard('00123456');
    expect(cards(reads)).toEqual(['00123456']);
  });

  it('stop closes the device and cancels any reopen', async () => {
    const { fake, reader, time } = setup();
    await reader.start();
    expect(fake.isOpen).toBe(true);
    fake.unplug();
    expect(time.pending).toBe(1);
    await reader.stop();
    expect(time.pending).toBe(0);
    fake.replug();
    await time.advance(10_000);
    expect(fake.openCount).toBe(1);
    expect(reader.health()).toMatchObject({ connected: false, lastError: null });
  });

  it('reconnects on real timers too (awaiting the events, no sleeps)', async () => {
    const fake = new FakeHidReader(ids);
    const reader = new HidCardReader(ids, { openHid: fake.open, backoff: { initialMs: 5, maxMs: 20 } });
    cleanup.push(() => reader.stop());
    await reader.start();
    fake.unplug();
    await healthWhen(reader, (h) => !h.connected);
    fake.replug();
    await healthWhen(reader, (h) => h.connected);
    const read = new Promise<CardReadEvent>((resolve) => reader.onRead(resolve));
    fake.typeCard('00123456');
    expect(await read).toMatchObject({ type: 'card', cardId: '00123456' });
  });
});
