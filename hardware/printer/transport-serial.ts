import type { SerialPort } from 'serialport';

type SerialPortClass = typeof SerialPort;
import { TransportError, silentLogger, type PrinterLogger, type PrinterTransport } from './types';
import { ReplyBuffer, withTimeout } from './reply-buffer';

/**
 * A serial (RS-232 or USB-CDC) printer. The port stays open while it works; an unplug closes
 * it, and the next call opens it again, so a printer plugged back in simply comes back.
 */

export type SerialTransportOptions = {
  path: string;
  /** TM-T88 printers ship at 38400 8N1; older ones at 9600. */
  baudRate?: number;
  /** Hardware flow control, when the cable carries RTS/CTS. */
  rtscts?: boolean;
  logger?: PrinterLogger;
};

export function createSerialTransport(options: SerialTransportOptions): PrinterTransport {
  const logger = options.logger ?? silentLogger;
  const replies = new ReplyBuffer();
  let port: SerialPort | null = null;
  let opening: Promise<SerialPort> | null = null;

  const drop = (reason: string) => {
    const p = port;
    port = null;
    opening = null;
    replies.fail(new TransportError('closed', `serial printer ${options.path}: ${reason}`));
    if (p?.isOpen) p.close(() => undefined);
  };

  const open = (timeoutMs: number): Promise<SerialPort> => {
    if (port?.isOpen) return Promise.resolve(port);
    opening ??= openPort(timeoutMs).finally(() => {
      opening = null;
    });
    return opening;
  };

  const openPort = async (timeoutMs: number): Promise<SerialPort> => {
    // Loaded on first use, so a hub without a serial printer never loads the native binding.
    let SerialPortImpl: SerialPortClass;
    try {
      ({ SerialPort: SerialPortImpl } = await import('serialport'));
    } catch (error) {
      throw new TransportError('unreachable', `serial support is not available: ${String(error)}`, { cause: error, nothingSent: true });
    }
    const p = new SerialPortImpl({ path: options.path, baudRate: options.baudRate ?? 38400, rtscts: options.rtscts ?? false, autoOpen: false });
    p.on('data', (chunk: Buffer) => {
      if (port === p) replies.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    });
    p.on('close', (error: (Error & { disconnected?: boolean }) | null) => {
      if (port !== p) return;
      port = null;
      if (error?.disconnected) logger.warn('serial printer unplugged', { path: options.path });
      replies.fail(new TransportError('closed', `serial printer ${options.path} ${error?.disconnected ? 'was unplugged' : 'closed'}`));
    });
    p.on('error', (error: Error) => logger.warn('serial printer error', { path: options.path, error: error.message }));
    const attempt = new Promise<SerialPort>((resolve, reject) => {
      p.open((error) => {
        if (error) reject(new TransportError('unreachable', `cannot open serial printer ${options.path}: ${error.message}`, { cause: error, nothingSent: true }));
        else resolve(p);
      });
    });
    return withTimeout(attempt, timeoutMs, `opening serial printer ${options.path}`, () => {
      if (p.isOpen) p.close(() => undefined);
    }).then(
      (opened) => {
        port = opened;
        replies.discard();
        return opened;
      },
      (error: unknown) => {
        if (error instanceof TransportError && error.kind === 'timeout') {
          throw new TransportError('unreachable', error.message, { cause: error, nothingSent: true });
        }
        throw error;
      },
    );
  };

  const send = (p: SerialPort, bytes: Uint8Array, timeoutMs: number): Promise<void> => {
    const done = new Promise<void>((resolve, reject) => {
      p.write(Buffer.from(bytes), (error) => {
        if (error) {
          reject(new TransportError('closed', `write to serial printer ${options.path} failed: ${error.message}`, { cause: error }));
          return;
        }
        // drain: the bytes have left the UART, not just Node's buffer.
        p.drain((drainError) => (drainError ? reject(new TransportError('closed', drainError.message, { cause: drainError })) : resolve()));
      });
    });
    return withTimeout(done, timeoutMs, `writing to serial printer ${options.path}`, () => drop('write timed out'));
  };

  return {
    driver: 'serial',
    async write(bytes, timeoutMs) {
      await send(await open(timeoutMs), bytes, timeoutMs);
    },
    async request(bytes, replyLength, timeoutMs) {
      const p = await open(timeoutMs);
      replies.discard();
      const reply = replies.wait(replyLength, timeoutMs, () => drop('status reply timed out'));
      reply.catch(() => undefined);
      try {
        await send(p, bytes, timeoutMs);
      } catch (error) {
        replies.fail(error as Error);
        throw error;
      }
      return reply;
    },
    async close() {
      const p = port;
      port = null;
      opening = null;
      if (!p?.isOpen) return;
      await new Promise<void>((resolve) => p.close(() => resolve()));
    },
  };
}
