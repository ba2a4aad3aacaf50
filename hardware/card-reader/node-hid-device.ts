import type { Device, HIDAsync } from 'node-hid';
import type { Unsubscribe } from '../../src-shared/devices/types';
import { HidDeviceNotFoundError, type HidDevice, type HidSelector } from './hid-device';

/**
 * node-hid 3 behind the HidDevice type. node-hid is loaded on first use, so a hub with only
 * simulators never loads the native module.
 */

// A reader often exposes several interfaces (keyboard, consumer keys, vendor); the card data
// arrives on the keyboard one: usage page 1 (generic desktop), usage 6 (keyboard).
function preferKeyboard(devices: Device[]): Device | undefined {
  return devices.find((d) => d.usagePage === 1 && d.usage === 6 && d.path) ?? devices.find((d) => d.path);
}

export async function openNodeHidDevice(selector: HidSelector): Promise<HidDevice> {
  const hid = await import('node-hid');
  const candidates = await hid.devicesAsync(selector.vendorId, selector.productId);
  const chosen = preferKeyboard(candidates);
  if (!chosen?.path) throw new HidDeviceNotFoundError(selector);
  const device = await hid.HIDAsync.open(chosen.path);
  return wrap(device);
}

function wrap(device: HIDAsync): HidDevice {
  const closeListeners = new Set<() => void>();
  let closed = false;
  const announceClose = () => {
    if (closed) return;
    closed = true;
    for (const listener of [...closeListeners]) listener();
  };
  const subscribe = <T extends unknown[]>(event: string, listener: (...args: T) => void): Unsubscribe => {
    const handler = (...args: unknown[]) => listener(...(args as T));
    device.on(event, handler);
    return () => {
      device.off(event, handler);
    };
  };
  return {
    onData: (listener) => subscribe<[Buffer]>('data', (data) => listener(new Uint8Array(data))),
    onError: (listener) =>
      subscribe<[unknown]>('error', (error) => listener(error instanceof Error ? error : new Error(String(error)))),
    onClose(listener) {
      closeListeners.add(listener);
      return () => {
        closeListeners.delete(listener);
      };
    },
    async close() {
      try {
        await device.close();
      } finally {
        announceClose();
      }
    },
  };
}
