import { createServer, type Server, type Socket } from 'node:net';
import { PrinterEmulator, type FakePrinterState, type ReceivedJob } from './printer-emulator';

/**
 * A raw-TCP (port 9100 style) printer on 127.0.0.1 for tests and the demo: answers DLE EOT like
 * a TM-T88-class printer in each state, keeps the latest jobs, and can be silent (reads, never answers)
 * or refusing (drops every connection with a reset).
 */

export type FakeNetworkPrinterOptions = {
  state?: FakePrinterState;
  /** 127.0.0.1 unless told otherwise; never a routable address. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  clock?: () => Date;
  /** How many of the latest jobs to keep with their bytes (20 by default). */
  keepJobs?: number;
};

export type FakeNetworkPrinter = {
  readonly host: string;
  readonly port: number;
  readonly emulator: PrinterEmulator;
  readonly jobs: readonly ReceivedJob[];
  readonly state: FakePrinterState;
  setState(state: FakePrinterState): void;
  waitForJob(index?: number): Promise<ReceivedJob>;
  /** Resolves when `count` connections have been accepted in all (refused ones included). */
  waitForConnections(count: number): Promise<void>;
  readonly connectionCount: number;
  close(): Promise<void>;
};

export async function startFakeNetworkPrinter(options: FakeNetworkPrinterOptions = {}): Promise<FakeNetworkPrinter> {
  const emulator = new PrinterEmulator({
    state: options.state ?? 'ready',
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.keepJobs ? { keepJobs: options.keepJobs } : {}),
  });
  const sockets = new Set<Socket>();
  let connectionCount = 0;
  const connectionWaiters: { count: number; resolve: () => void }[] = [];

  const server: Server = createServer((socket) => {
    connectionCount++;
    for (const waiter of [...connectionWaiters]) {
      if (connectionCount >= waiter.count) {
        connectionWaiters.splice(connectionWaiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
    if (emulator.state === 'refusing') {
      socket.resetAndDestroy();
      return;
    }
    sockets.add(socket);
    socket.setNoDelay(true);
    const session = emulator.openSession((bytes) => {
      if (!socket.destroyed) socket.write(bytes);
    });
    socket.on('data', (chunk: Buffer) => session.receive(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
    socket.on('close', () => {
      sockets.delete(socket);
      session.end();
    });
    // A client that resets is normal for a printer; nothing to report.
    socket.on('error', () => undefined);
  });

  emulator.onStateChange((state) => {
    // Turning to "refusing" drops the connections already open, as a printer rebooting would.
    if (state === 'refusing') for (const socket of sockets) socket.resetAndDestroy();
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('fake printer has no TCP address');

  return {
    host,
    port: address.port,
    emulator,
    get jobs() {
      return emulator.jobs;
    },
    get state() {
      return emulator.state;
    },
    get connectionCount() {
      return connectionCount;
    },
    setState: (state) => emulator.setState(state),
    waitForJob: (index) => emulator.waitForJob(index),
    waitForConnections: (count) =>
      connectionCount >= count ? Promise.resolve() : new Promise<void>((resolve) => connectionWaiters.push({ count, resolve })),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
