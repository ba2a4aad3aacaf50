import { describe, expect, it } from 'vitest';
import { BootKeyboardDecoder, bootReport, HID_LEFT_SHIFT, reportsForText } from '../../hardware/card-reader/hid-report';

const keysOf = (decoder: BootKeyboardDecoder, reports: Uint8Array[]) => reports.flatMap((r) => decoder.decode(r).map((k) => k.key));

describe('boot keyboard report decoding', () => {
  it('decodes letters, digits and Enter', () => {
    expect(keysOf(new BootKeyboardDecoder(), reportsForText('ab09'))).toEqual(['a', 'b', '0', '9', 'Enter']);
  });

  it('applies either Shift', () => {
    const d = new BootKeyboardDecoder();
    expect(d.decode(bootReport(HID_LEFT_SHIFT, 0x04))).toEqual([{ key: 'A', modified: false }]);
    d.decode(bootReport(0));
    expect(d.decode(bootReport(0x20, 0x1f))).toEqual([{ key: '@', modified: false }]);
    d.decode(bootReport(0));
    expect(keysOf(d, reportsForText('Hi-_!?', { enter: false }))).toEqual(['H', 'i', '-', '_', '!', '?']);
  });

  it('does not double a key held across several reports', () => {
    const d = new BootKeyboardDecoder();
    const held = bootReport(0, 0x1e);
    expect(keysOf(d, [held, held, held, bootReport(0)])).toEqual(['1']);
    // Pressing a second key while the first is still down types only the new one.
    expect(keysOf(d, [bootReport(0, 0x1e), bootReport(0, 0x1e, 0x1f), bootReport(0, 0x1f), bootReport(0)])).toEqual(['1', '2']);
    // The same key twice needs a release in between, as on a real keyboard.
    expect(keysOf(d, [bootReport(0, 0x20), bootReport(0), bootReport(0, 0x20)])).toEqual(['3', '3']);
  });

  it('ignores roll-over error reports and keeps the previous key state', () => {
    const d = new BootKeyboardDecoder();
    expect(keysOf(d, [bootReport(0, 0x04), bootReport(0, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01), bootReport(0, 0x04)])).toEqual(['a']);
  });

  it('skips a leading report id and malformed reports', () => {
    const d = new BootKeyboardDecoder();
    const withId = new Uint8Array([0x01, ...bootReport(0, 0x05)]);
    expect(keysOf(d, [withId])).toEqual(['b']);
    expect(d.decode(new Uint8Array([0]))).toEqual([]);
  });

  it('marks Ctrl/Alt/GUI chords and names unknown usages', () => {
    const d = new BootKeyboardDecoder();
    expect(d.decode(bootReport(0x01, 0x19))).toEqual([{ key: 'v', modified: true }]);
    d.decode(bootReport(0));
    expect(d.decode(bootReport(0, 0x3a))).toEqual([{ key: 'Unidentified', modified: false }]);
  });

  it('decodes keypad digits', () => {
    const d = new BootKeyboardDecoder();
    expect(keysOf(d, [bootReport(0, 0x59), bootReport(0), bootReport(0, 0x62), bootReport(0), bootReport(0, 0x58)])).toEqual(['1', '0', 'Enter']);
  });

  it('refuses to encode characters a US keyboard cannot type', () => {
    expect(() => reportsForText('£')).toThrow(RangeError);
  });
});
