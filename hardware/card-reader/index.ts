import type { CardReaderConfig } from '../../src-shared/devices/card-rules';
import type { BackoffOptions, Clock, DeviceLogger, Timers } from '../shared/device-support';
import { HidCardReader } from './hid-card-reader';
import type { HidOpener } from './hid-device';
import { SimulatedCardReader } from './simulated-card-reader';
import { WedgeCardReader } from './wedge-card-reader';

export { FakeHidReader } from './fake-hid-device';
export { HidCardReader, type HidCardReaderDeps, type HidCardReaderOptions } from './hid-card-reader';
export { HidDeviceNotFoundError, type HidDevice, type HidOpener, type HidSelector } from './hid-device';
export { SimulatedCardReader, type SimulatedCardReaderDeps } from './simulated-card-reader';
export { WedgeCardReader, type WedgeCardReaderDeps, type WedgeCardReaderOptions, type WedgeKeyInput } from './wedge-card-reader';
export type { BackoffOptions, Clock, DeviceLogger, Timers } from '../shared/device-support';

/** Every card reader driver; narrow on `driver` to reach simulateCard or handleKey. */
export type AnyCardReader = SimulatedCardReader | HidCardReader | WedgeCardReader;

export type CardReaderFactoryDeps = {
  /** Device id in DeviceHealth; default "card-reader". */
  id?: string;
  clock?: Clock;
  timers?: Timers;
  logger?: DeviceLogger;
  /** HID only: how to open the device (default node-hid). */
  openHid?: HidOpener;
  /** HID only: reopen backoff. */
  backoff?: BackoffOptions;
};

/** The card reader the hub configuration asks for. Nothing is opened until `start()`. */
export function createCardReader(config: CardReaderConfig, deps: CardReaderFactoryDeps = {}): AnyCardReader {
  const { id, clock, logger, timers, openHid, backoff } = deps;
  switch (config.kind) {
    case 'simulator':
      return new SimulatedCardReader({ id, clock, logger });
    case 'hid':
      return new HidCardReader(
        { vendorId: config.vendorId, productId: config.productId, rules: config.rules },
        { id, clock, logger, timers, openHid, backoff },
      );
    case 'wedge':
      return new WedgeCardReader(
        { maxAverageMsPerChar: config.maxAverageMsPerChar, minLength: config.minLength, endKey: config.endKey, rules: config.rules },
        { id, clock, logger, timers },
      );
    default:
      return assertNever(config);
  }
}

function assertNever(value: never): never {
  throw new Error(`Unknown card reader kind: ${JSON.stringify(value)}`);
}
