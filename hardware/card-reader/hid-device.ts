import type { Unsubscribe } from '../../src-shared/devices/types';

/**
 * The little of a HID device the card reader needs. node-hid is wrapped behind it
 * (node-hid-device.ts) and the tests drive a fake (fake-hid-device.ts): there is no /dev/uhid to
 * fake a kernel device with.
 */
export type HidDevice = {
  /** Input reports as they arrive. */
  onData(listener: (report: Uint8Array) => void): Unsubscribe;
  /** A read failed: on Linux hidraw this is how an unplugged device shows itself. */
  onError(listener: (error: Error) => void): Unsubscribe;
  /** The handle closed, by `close()` or because the device went away. */
  onClose(listener: () => void): Unsubscribe;
  close(): Promise<void>;
};

export type HidSelector = { vendorId: number; productId: number };

/** Opens the first matching device; rejects (e.g. with HidDeviceNotFoundError) when none is present. */
export type HidOpener = (selector: HidSelector) => Promise<HidDevice>;

export class HidDeviceNotFoundError extends Error {
  constructor(selector: HidSelector) {
    super(`no HID device ${hex(selector.vendorId)}:${hex(selector.productId)} is connected`);
    this.name = 'HidDeviceNotFoundError';
  }
}

export function hex(id: number): string {
  return `0x${id.toString(16).padStart(4, '0')}`;
}
