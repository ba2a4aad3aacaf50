import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { TransportError, silentLogger, type PrinterLogger, type PrinterTransport } from './types';

/**
 * A USB printer through the kernel's printer-class device file (/dev/usb/lp0 on Linux). The file
 * is opened non-blocking: a blocking read on a printer that never answers would hold one of
 * libuv's few worker threads forever, and a timeout could not take it back. Without a poller
 * for device files, waiting is a short, bounded polling loop.
 */

export type FileTransportOptions = {
  path: string;
  /** How often to look for reply bytes or room to write. */
  pollIntervalMs?: number;
  logger?: PrinterLogger;
};

const retryable = new Set(['EAGAIN', 'EWOULDBLOCK', 'EINTR']);
const gone = new Set(['ENODEV', 'ENOENT', 'ENXIO', 'EIO', 'EBADF']);

export function createFileTransport(options: FileTransportOptions): PrinterTransport {
  const logger = options.logger ?? silentLogger;
  const poll = options.pollIntervalMs ?? 5;
  let handle: FileHandle | null = null;

  const drop = async (reason: string) => {
    const h = handle;
    handle = null;
    if (h) {
      logger.warn('printer device closed', { path: options.path, reason });
      await h.close().catch(() => undefined);
    }
  };

  const ensureOpen = async (): Promise<FileHandle> => {
    if (handle) return handle;
    try {
      handle = await open(options.path, constants.O_RDWR | constants.O_NONBLOCK | constants.O_NOCTTY);
      return handle;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new TransportError('unreachable', `cannot open printer device ${options.path}: ${code}`, { cause: error, nothingSent: true });
    }
  };

  const failure = async (error: unknown, doing: string): Promise<TransportError> => {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    await drop(`${doing}: ${code || String(error)}`);
    return new TransportError(gone.has(code) ? 'closed' : 'unreachable', `printer device ${options.path} failed while ${doing}: ${code || String(error)}`, { cause: error });
  };

  const writeAll = async (h: FileHandle, bytes: Uint8Array, deadline: number) => {
    let offset = 0;
    while (offset < bytes.length) {
      try {
        const { bytesWritten } = await h.write(bytes, offset, bytes.length - offset);
        offset += bytesWritten;
        if (bytesWritten > 0) continue;
      } catch (error) {
        if (!retryable.has((error as NodeJS.ErrnoException).code ?? '')) throw await failure(error, 'writing');
      }
      if (Date.now() >= deadline) {
        await drop('write timed out');
        throw new TransportError('timeout', `printer device ${options.path} took only ${offset} of ${bytes.length} bytes in time`);
      }
      await delay(poll);
    }
  };

  /** Reads what is there now (0 bytes when nothing is). */
  const readNow = async (h: FileHandle, into: Uint8Array): Promise<number> => {
    try {
      return (await h.read(into, 0, into.length)).bytesRead;
    } catch (error) {
      if (retryable.has((error as NodeJS.ErrnoException).code ?? '')) return 0;
      throw await failure(error, 'reading');
    }
  };

  return {
    driver: 'usb',
    async write(bytes, timeoutMs) {
      const h = await ensureOpen();
      await writeAll(h, bytes, Date.now() + timeoutMs);
    },
    async request(bytes, replyLength, timeoutMs) {
      const h = await ensureOpen();
      const deadline = Date.now() + timeoutMs;
      const scratch = new Uint8Array(256);
      // Stale bytes (a late reply to an earlier question) must not answer this one.
      for (let i = 0; i < 64 && (await readNow(h, scratch)) > 0; i++);
      await writeAll(h, bytes, deadline);
      const reply = new Uint8Array(replyLength);
      let got = 0;
      while (got < replyLength) {
        const n = await readNow(h, reply.subarray(got));
        got += n;
        if (got >= replyLength) break;
        if (Date.now() >= deadline) {
          await drop('status reply timed out');
          throw new TransportError('timeout', `no reply from printer device ${options.path} within ${timeoutMs} ms`);
        }
        if (n === 0) await delay(poll);
      }
      return reply;
    },
    async close() {
      await drop('closed by driver');
    },
  };
}
