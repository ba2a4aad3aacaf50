import { EscPosPrinter, type EscPosPrinterOptions } from './escpos-printer';
import { PrinterEmulator, type FakePrinterState, type ReceivedJob } from './printer-emulator';
import { createMemoryTransport } from './transport-memory';

/**
 * The demo hub's printer: the real EscPosPrinter logic over an in-memory link to the same
 * emulator the fake network printer uses, so paper-out, cover-open or a silent printer behave
 * exactly as they would on the counter. Staff screens can change its state.
 */

export type SimulatedPrinterOptions = Omit<EscPosPrinterOptions, 'transport' | 'id'> & {
  id?: string;
  state?: FakePrinterState;
  /** How many of the latest jobs the simulator keeps with their bytes (20 by default). */
  keepJobs?: number;
};

export class SimulatedPrinter extends EscPosPrinter {
  readonly emulator: PrinterEmulator;

  constructor(options: SimulatedPrinterOptions = {}) {
    const emulator = new PrinterEmulator({
      state: options.state ?? 'ready',
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.keepJobs ? { keepJobs: options.keepJobs } : {}),
    });
    // A silent simulator should not keep the demo waiting long.
    super({ statusTimeoutMs: 500, ...options, id: options.id ?? 'printer', transport: createMemoryTransport(emulator) });
    this.emulator = emulator;
  }

  get state(): FakePrinterState {
    return this.emulator.state;
  }

  /** The latest jobs the simulated printer received, with their bytes (the last `keepJobs`). */
  get jobs(): readonly ReceivedJob[] {
    return this.emulator.jobs;
  }

  /** Changes the state and reads the status at once, so health listeners hear about it now. */
  async setState(state: FakePrinterState): Promise<void> {
    this.emulator.setState(state);
    await this.status().catch(() => undefined);
  }
}

export function createSimulatedPrinter(options: SimulatedPrinterOptions = {}): SimulatedPrinter {
  return new SimulatedPrinter(options);
}
