import { describe, expect, it } from 'vitest';
import { createCardReader, FakeHidReader, HidCardReader, SimulatedCardReader, WedgeCardReader } from '../../hardware/card-reader';
import { Backoff, type Timers } from '../../hardware/shared/device-support';
import { cardReaderConfig } from '../../src-shared/config/schema';
import type { CardReadEvent, DeviceHealth } from '../../src-shared/devices/types';

/** A clock and timers the test moves by hand: nothing here ever sleeps. */
class ManualTime {
  now = Date.UTC(2025, 0, 6, 9, 0, 0);
  private tasks: { due: number; run: () => void; seq: number }[] = [];
  private seq = 0;
  readonly clock = () => this.now;
  readonly timers: Timers = {
    setTimeout: (run, ms) => {
      const task = { due: this.now + ms, run, seq: this.seq++ };
      this.tasks.push(task);
      return () => {
        this.tasks = this.tasks.filter((t) => t !== task);
      };
    },
  };

  advance(ms: number): void {
    const until = this.now + ms;
    for (let guard = 0; guard < 1000; guard++) {
      const next = this.tasks.filter((t) => t.due <= until).sort((a, b) => a.due - b.due || a.seq - b.seq)[0];
      if (!next) break;
      this.tasks = this.tasks.filter((t) => t !== next);
      this.now = next.due;
      next.run();
    }
    this.now = until;
  }

  get pending(): number {
    return this.tasks.length;
  }
}

function collect<T>(subscribe: (listener: (value: T) => void) => unknown): T[] {
  const seen: T[] = [];
  subscribe((value) => seen.push(value));
  return seen;
}

describe('WedgeCardReader', () => {
  it('turns a burst into a card, swallows its keys and the end key', async () => {
    const time = new ManualTime();
    const reader = new WedgeCardReader({}, { clock: time.clock, timers: time.timers });
    const reads = collect<CardReadEvent>((l) => reader.onRead(l));
    const released = collect<string>((l) => reader.onRelease(l));
    await reader.start();
    const suppress: boolean[] = [];
    for (const key of '00123456') {
      suppress.push(reader.handleKey({ key }).suppress);
      time.advance(3);
    }
    suppress.push(reader.handleKey({ key: 'Enter' }).suppress);
    expect(suppress.every(Boolean)).toBe(true);
    expect(reads).toEqual([{ type: 'card', cardId: '00123456', at: new Date(time.now).toISOString() }]);
    expect(released).toEqual([]);
    expect(reader.health()).toMatchObject({ connected: true, driver: 'wedge', kind: 'card-reader', lastError: null });
    expect(time.pending).toBe(0);
  });

  it('hands a person’s keys back through onRelease when the quiet gap passes', async () => {
    const time = new ManualTime();
    const reader = new WedgeCardReader({}, { clock: time.clock, timers: time.timers });
    const released = collect<string>((l) => reader.onRelease(l));
    const reads = collect<CardReadEvent>((l) => reader.onRead(l));
    await reader.start();
    expect(reader.handleKey({ key: 'J' }).suppress).toBe(true);
    time.advance(99);
    expect(released).toEqual([]);
    time.advance(1);
    expect(released).toEqual(['J']);
    time.advance(200);
    reader.handleKey({ key: 'o' });
    time.advance(180);
    reader.handleKey({ key: 'e' });
    time.advance(500);
    expect(released).toEqual(['J', 'o', 'e']);
    expect(reads).toEqual([]);
  });

  it('applies the card rules and reports an unreadable burst', async () => {
    const time = new ManualTime();
    const reader = createCardReader(
      cardReaderConfig.parse({ kind: 'wedge', minLength: 4, rules: { stripPrefix: ';', stripSuffix: '?', checkDigit: 'luhn' } }),
      { clock: time.clock, timers: time.timers },
    );
    if (reader.driver !== 'wedge') throw new Error('expected a wedge reader');
    const reads = collect<CardReadEvent>((l) => reader.onRead(l));
    await reader.start();
    const swipe = (text: string) => {
      for (const key of [...text, 'Enter']) {
        reader.handleKey({ key });
        time.advance(2);
      }
    };
    swipe(';79927398713?');
    swipe(';79927398710?');
    expect(reads.map((r) => (r.type === 'card' ? r.cardId : r.reason))).toEqual(['79927398713', 'check-digit-failed']);
  });

  it('ignores keys until started and releases held keys when stopped', async () => {
    const time = new ManualTime();
    const reader = new WedgeCardReader({}, { clock: time.clock, timers: time.timers });
    const released = collect<string>((l) => reader.onRelease(l));
    expect(reader.handleKey({ key: 'a' })).toEqual({ suppress: false, outputs: [] });
    await reader.start();
    reader.handleKey({ key: 'b' });
    await reader.stop();
    expect(released).toEqual(['b']);
    expect(reader.health().connected).toBe(false);
    expect(time.pending).toBe(0);
  });
});

describe('SimulatedCardReader', () => {
  it('normalises a simulated card like a real one and can be unplugged', async () => {
    const time = new ManualTime();
    const reader = new SimulatedCardReader({ clock: time.clock });
    const reads = collect<CardReadEvent>((l) => reader.onRead(l));
    const health = collect<DeviceHealth>((l) => reader.onHealthChange(l));
    expect(reader.simulateCard('00123456')).toBeNull();
    await reader.start();
    expect(reader.simulateCard(' 00123456\r')).toEqual({ type: 'card', cardId: '00123456', at: new Date(time.now).toISOString() });
    expect(reader.simulateCard('<b>')).toMatchObject({ type: 'unreadable', reason: 'pattern-mismatch' });
    reader.simulateUnplug();
    expect(reader.simulateCard('00123456')).toBeNull();
    expect(reader.health()).toMatchObject({ connected: false, lastError: 'card reader disconnected (simulated)' });
    reader.simulateReplug();
    expect(reader.health()).toMatchObject({ connected: true, lastError: null, lastSeenAt: new Date(time.now).toISOString() });
    expect(reads).toHaveLength(2);
    expect(health.map((h) => h.connected)).toEqual([true, false, true]);
  });

  it('keeps delivering to other listeners when one throws', async () => {
    const reader = new SimulatedCardReader();
    reader.onRead(() => {
      throw new Error('boom');
    });
    const reads = collect<CardReadEvent>((l) => reader.onRead(l));
    await reader.start();
    reader.simulateCard('00123456');
    expect(reads).toHaveLength(1);
  });
});

describe('createCardReader', () => {
  it('maps each configured kind to its driver', () => {
    expect(createCardReader(cardReaderConfig.parse({ kind: 'simulator' }))).toBeInstanceOf(SimulatedCardReader);
    const fake = new FakeHidReader({ vendorId: 0x0c2e, productId: 0x0b61 });
    const hid = createCardReader(cardReaderConfig.parse({ kind: 'hid', vendorId: '0x0c2e', productId: '0b61' }), { openHid: fake.open, id: 'front-reader' });
    expect(hid).toBeInstanceOf(HidCardReader);
    expect(hid.health()).toMatchObject({ id: 'front-reader', driver: 'hid', connected: false });
    expect(createCardReader(cardReaderConfig.parse({ kind: 'wedge' }))).toBeInstanceOf(WedgeCardReader);
  });

  it('refuses an invalid card pattern when the reader is made, not at the first card', () => {
    expect(() => createCardReader(cardReaderConfig.parse({ kind: 'wedge', rules: { pattern: '([0-9]' } }))).toThrow(SyntaxError);
    expect(() => createCardReader(cardReaderConfig.parse({ kind: 'hid', vendorId: 1, productId: 2, rules: { pattern: '[' } }))).toThrow(SyntaxError);
  });
});

describe('Backoff', () => {
  it('grows to its cap and starts again after a reset', () => {
    const b = new Backoff({ initialMs: 100, maxMs: 1000 });
    expect([b.next(), b.next(), b.next(), b.next(), b.next(), b.next()]).toEqual([100, 200, 400, 800, 1000, 1000]);
    b.reset();
    expect(b.next()).toBe(100);
    expect(() => new Backoff({ initialMs: 0 })).toThrow(RangeError);
  });
});
