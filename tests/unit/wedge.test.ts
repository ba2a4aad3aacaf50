import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createWedgeDetector, type WedgeDetector, type WedgeKeyEvent, type WedgeOptions, type WedgeOutput } from '../../src-shared/devices/wedge';

/** What a text field would end up holding, and what was scanned, when a page applies the API as documented. */
type Run = { field: string; scans: string[]; suppressed: number; decisions: { key: string; suppress: boolean }[] };

function play(detector: WedgeDetector, events: WedgeKeyEvent[], endAt?: number): Run {
  const run: Run = { field: '', scans: [], suppressed: 0, decisions: [] };
  const apply = (outputs: WedgeOutput[]) => {
    for (const o of outputs) {
      if (o.type === 'scan') run.scans.push(o.text);
      else run.field += o.text;
    }
  };
  for (const event of events) {
    const decision = detector.feed(event);
    run.decisions.push({ key: event.key, suppress: decision.suppress });
    apply(decision.outputs);
    if (decision.suppress) run.suppressed++;
    else if ([...event.key].length === 1) run.field += event.key;
  }
  apply(detector.tick(endAt ?? (events.at(-1)?.at ?? 0) + 10_000));
  return run;
}

/** Keys at the given gaps (ms) starting at `start`; gaps[i] is the wait before key i. */
function typed(text: string, gaps: number[], start = 1000): WedgeKeyEvent[] {
  let at = start;
  return [...text].map((key, i) => {
    at += i === 0 ? 0 : (gaps[i] ?? gaps[gaps.length - 1] ?? 0);
    return { key, at };
  });
}

function withEnter(events: WedgeKeyEvent[], gap = 2): WedgeKeyEvent[] {
  return [...events, { key: 'Enter', at: (events.at(-1)?.at ?? 0) + gap }];
}

describe('wedge burst detector', () => {
  it('takes a 2 ms/char burst ended by Enter as a scan and keeps every key out of the field', () => {
    const d = createWedgeDetector();
    const run = play(d, withEnter(typed('12345678', [2])));
    expect(run.scans).toEqual(['12345678']);
    expect(run.field).toBe('');
    expect(run.decisions.every((x) => x.suppress)).toBe(true);
  });

  it('holds up against jitter with gaps up to 30 ms (what Playwright typing measured)', () => {
    const gaps = [0, 2, 30, 1, 18, 2, 30, 3, 29, 2, 2, 30];
    const run = play(createWedgeDetector(), withEnter(typed('A1B2C3D4E5F6', gaps), 30));
    expect(run.scans).toEqual(['A1B2C3D4E5F6']);
    expect(run.field).toBe('');
  });

  it('ends a burst without an end key at the quiet gap', () => {
    const d = createWedgeDetector();
    const events = typed('99887766', [3]);
    const decisions = events.map((e) => d.feed(e));
    expect(decisions.every((x) => x.suppress && x.outputs.length === 0)).toBe(true);
    const last = events.at(-1)?.at ?? 0;
    expect(d.deadline()).toBe(last + 100);
    expect(d.tick(last + 99)).toEqual([]);
    const outputs = d.tick(last + 100);
    expect(outputs).toMatchObject([{ type: 'scan', text: '99887766', endedBy: 'quiet-gap' }]);
    expect(d.deadline()).toBeNull();
  });

  it('lets human typing (120–250 ms per key) through, in order, never as a scan', () => {
    const run = play(createWedgeDetector(), withEnter(typed('hello world', [120, 250, 180, 140, 200, 160, 230, 125, 210, 190]), 150));
    expect(run.scans).toEqual([]);
    expect(run.field).toBe('hello world');
    // Enter is not swallowed for a person: it must still submit their form.
    expect(run.decisions.at(-1)).toEqual({ key: 'Enter', suppress: false });
  });

  it('releases a person’s held key when the next key comes after the quiet gap', () => {
    const d = createWedgeDetector();
    expect(d.feed({ key: 'a', at: 0 })).toEqual({ suppress: true, outputs: [] });
    const second = d.feed({ key: 'b', at: 150 });
    expect(second.suppress).toBe(true);
    expect(second.outputs).toEqual([{ type: 'release', text: 'a', keys: [{ key: 'a', at: 0 }] }]);
    expect(d.tick(250)).toMatchObject([{ type: 'release', text: 'b' }]);
  });

  it('releases a fast typist’s oldest keys as soon as a burst is impossible', () => {
    const d = createWedgeDetector();
    const run = play(d, typed('abcdefgh', [70]));
    expect(run.scans).toEqual([]);
    expect(run.field).toBe('abcdefgh');
    // 70 ms per key exceeds the 40 ms budget once 240 ms have gone: no key waits longer than that.
    const d2 = createWedgeDetector();
    const held: number[] = [];
    for (const e of typed('abcdefgh', [70])) {
      d2.feed(e);
      held.push(d2.held().length);
    }
    expect(Math.max(...held)).toBeLessThanOrEqual(4);
  });

  it('does not take a fast burst shorter than minLength as a scan', () => {
    const run = play(createWedgeDetector({ minLength: 6 }), withEnter(typed('12345', [2])));
    expect(run.scans).toEqual([]);
    expect(run.field).toBe('12345');
    expect(run.decisions.at(-1)?.suppress).toBe(false);
  });

  it('refuses a burst whose average is too slow even with a minimum length', () => {
    const run = play(createWedgeDetector({ maxAverageMsPerChar: 40 }), withEnter(typed('1234567890', [45]), 45));
    expect(run.scans).toEqual([]);
    expect(run.field).toBe('1234567890');
  });

  it('ignores Shift between a scanner’s characters', () => {
    const d = createWedgeDetector();
    const events: WedgeKeyEvent[] = [];
    let at = 0;
    for (const key of 'AB12CD') {
      if (/[A-Z]/.test(key)) events.push({ key: 'Shift', at: (at += 1) });
      events.push({ key, at: (at += 2) });
    }
    const run = play(d, withEnter(events));
    expect(run.scans).toEqual(['AB12CD']);
    expect(run.field).toBe('');
  });

  it('releases held keys before a named key, a shortcut or an auto-repeat passes', () => {
    for (const breaker of [{ key: 'Backspace' }, { key: 'v', modified: true }, { key: 'x', repeat: true }]) {
      const d = createWedgeDetector();
      d.feed({ key: 'a', at: 0 });
      d.feed({ key: 'b', at: 5 });
      const decision = d.feed({ ...breaker, at: 10 });
      expect(decision.suppress).toBe(false);
      expect(decision.outputs).toMatchObject([{ type: 'release', text: 'ab' }]);
      expect(d.held()).toEqual([]);
    }
  });

  it('passes an end key when nothing is held', () => {
    expect(createWedgeDetector().feed({ key: 'Enter', at: 0 })).toEqual({ suppress: false, outputs: [] });
  });

  it('keeps a person’s key just before a burst out of the scan', () => {
    const events = [{ key: 'x', at: 0 }, ...typed('1234567', [2], 90)];
    const run = play(createWedgeDetector(), withEnter(events));
    expect(run.scans).toEqual(['1234567']);
    expect(run.field).toBe('x');
  });

  it('honours a custom end key and options', () => {
    const d = createWedgeDetector({ endKey: 'Tab', minLength: 4, maxAverageMsPerChar: 10 });
    const run = play(d, [...typed('ABCD', [5]), { key: 'Tab', at: 1020 }]);
    expect(run.scans).toEqual(['ABCD']);
    expect(() => createWedgeDetector({ minLength: 0 })).toThrow(RangeError);
    expect(() => createWedgeDetector({ maxAverageMsPerChar: Number.NaN })).toThrow(RangeError);
    expect(() => createWedgeDetector({ minLength: 10, maxLength: 5 })).toThrow(RangeError);
  });

  it('holds at most maxLength keys', () => {
    const d = createWedgeDetector({ maxLength: 8, minLength: 4 });
    const run = play(d, typed('0123456789ABCDEF', [0]));
    expect(d.held().length).toBe(0);
    expect(run.field + run.scans.join('|')).toContain('01234567');
    const d2 = createWedgeDetector({ maxLength: 8, minLength: 4 });
    for (const e of typed('0123456789ABCDEF', [0])) d2.feed(e);
    expect(d2.held().length).toBe(8);
  });

  it('treats a clock going backwards as simultaneous keys', () => {
    const d = createWedgeDetector();
    const events = [5, 4, 3, 2, 1, 0, 6].map((at, i) => ({ key: String(i), at }));
    const run = play(d, withEnter(events));
    expect(run.scans).toEqual(['0123456']);
  });

  it('flush releases everything held', () => {
    const d = createWedgeDetector();
    d.feed({ key: 'q', at: 0 });
    expect(d.flush()).toMatchObject([{ type: 'release', text: 'q' }]);
    expect(d.flush()).toEqual([]);
  });
});

describe('wedge burst detector, properties', () => {
  const printable = fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_. ');
  const options: WedgeOptions = { maxAverageMsPerChar: 40, minLength: 6 };

  it('every burst with gaps ≤ 30 ms and at least minLength characters is one scan of exactly its text', () => {
    fc.assert(
      fc.property(
        fc.array(printable, { minLength: 6, maxLength: 64 }),
        fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 64, maxLength: 64 }),
        fc.integer({ min: 0, max: 30 }),
        (chars, gaps, enterGap) => {
          const text = chars.join('');
          const run = play(createWedgeDetector(options), withEnter(typed(text, gaps), enterGap));
          expect(run.scans).toEqual([text]);
          expect(run.field).toBe('');
        },
      ),
    );
  });

  it('typing with 120–250 ms between keys is never a scan and reaches the field whole', () => {
    fc.assert(
      fc.property(
        fc.array(printable, { minLength: 1, maxLength: 40 }),
        fc.array(fc.integer({ min: 120, max: 250 }), { minLength: 40, maxLength: 40 }),
        (chars, gaps) => {
          const text = chars.join('');
          const run = play(createWedgeDetector(options), withEnter(typed(text, gaps), gaps[0]));
          expect(run.scans).toEqual([]);
          expect(run.field).toBe(text);
        },
      ),
    );
  });

  it('no key is lost, doubled or reordered, whatever the timing', () => {
    const event = fc.oneof(
      { weight: 8, arbitrary: fc.record({ key: printable, gap: fc.integer({ min: 0, max: 400 }) }) },
      { weight: 1, arbitrary: fc.record({ key: fc.constantFrom('Enter', 'Shift', 'Backspace'), gap: fc.integer({ min: 0, max: 400 }) }) },
    );
    fc.assert(
      fc.property(fc.array(event, { maxLength: 80 }), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 10 }), (seq, avg, min) => {
        let at = 0;
        const events = seq.map(({ key, gap }) => ({ key, at: (at += gap) }));
        const d = createWedgeDetector({ maxAverageMsPerChar: avg, minLength: min });
        // Everything typed that is a character ends up in the field or in a scan, in order.
        let delivered = '';
        for (const e of events) {
          const decision = d.feed(e);
          for (const o of decision.outputs) delivered += o.text;
          if (!decision.suppress && [...e.key].length === 1) delivered += e.key;
        }
        for (const o of d.tick(at + 1_000_000)) delivered += o.text;
        const typedChars = events.filter((e) => [...e.key].length === 1).map((e) => e.key).join('');
        expect(delivered).toBe(typedChars);
        expect(d.held()).toEqual([]);
      }),
    );
  });
});
