import { Socket } from 'node:net';
import { TransportError, silentLogger, type PrinterLogger, type PrinterTransport } from './types';
import { ReplyBuffer } from './reply-buffer';

/**
 * Raw TCP to a network printer (port 9100, "RAW"/"JetDirect"). One connection is kept while it
 * works; any failure or timeout drops it, so a late reply can never be read as the answer to
 * the next question, and the next call connects afresh.
 */

export type TcpTransportOptions = {
  host: string;
  port?: number;
  /** How long to wait for the TCP handshake. */
  connectTimeoutMs?: number;
  logger?: PrinterLogger;
};

export function createTcpTransport(options: TcpTransportOptions): PrinterTransport {
  const port = options.port ?? 9100;
  const where = `${options.host}:${port}`;
  const logger = options.logger ?? silentLogger;
  const replies = new ReplyBuffer();
  let socket: Socket | null = null;
  let connecting: Promise<Socket> | null = null;

  const drop = (reason: string) => {
    const s = socket;
    socket = null;
    connecting = null;
    replies.fail(new TransportError('closed', `connection to printer at ${where} dropped: ${reason}`));
    if (s && !s.destroyed) {
      logger.warn('printer connection dropped', { printer: where, reason });
      s.destroy();
    }
  };

  const connect = (timeoutMs: number): Promise<Socket> => {
    if (socket && !socket.destroyed) return Promise.resolve(socket);
    if (connecting) return connecting;
    connecting = new Promise<Socket>((resolve, reject) => {
      const s = new Socket();
      let settled = false;
      const timer = setTimeout(() => {
        if (settled) return;
        settled = true;
        s.destroy();
        connecting = null;
        reject(new TransportError('unreachable', `printer at ${where} did not accept a connection within ${timeoutMs} ms`, { nothingSent: true }));
      }, Math.min(timeoutMs, options.connectTimeoutMs ?? timeoutMs));
      s.setNoDelay(true);
      s.on('data', (chunk: Buffer) => {
        if (socket === s) replies.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      });
      s.on('close', () => {
        if (socket === s) {
          socket = null;
          replies.fail(new TransportError('closed', `printer at ${where} closed the connection`));
        }
      });
      s.on('error', (error: NodeJS.ErrnoException) => {
        if (!settled) {
          settled = true;
          clearTimeout(timer);
          connecting = null;
          reject(new TransportError('unreachable', `cannot connect to printer at ${where}: ${error.code ?? error.message}`, { cause: error, nothingSent: true }));
          return;
        }
        logger.warn('printer connection error', { printer: where, error: error.code ?? error.message });
      });
      s.connect({ host: options.host, port }, () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket = s;
        connecting = null;
        replies.discard();
        resolve(s);
      });
    });
    return connecting;
  };

  const send = (s: Socket, bytes: Uint8Array, timeoutMs: number): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (s.destroyed || !s.writable) {
        reject(new TransportError('closed', `printer at ${where} closed the connection`, { nothingSent: true }));
        return;
      }
      const timer = setTimeout(() => {
        // A printer that stops reading (offline, buffer full) pushes back through TCP.
        drop('write timed out');
        reject(new TransportError('timeout', `printer at ${where} did not take the data within ${timeoutMs} ms`));
      }, timeoutMs);
      const onClose = () => {
        clearTimeout(timer);
        reject(new TransportError('closed', `printer at ${where} closed the connection during the write`));
      };
      s.once('close', onClose);
      s.write(bytes, (error) => {
        clearTimeout(timer);
        s.off('close', onClose);
        if (error) reject(new TransportError('closed', `write to printer at ${where} failed: ${error.message}`, { cause: error }));
        else resolve();
      });
    });

  return {
    driver: 'network',
    async write(bytes, timeoutMs) {
      const s = await connect(timeoutMs);
      await send(s, bytes, timeoutMs);
    },
    async request(bytes, replyLength, timeoutMs) {
      const s = await connect(timeoutMs);
      replies.discard();
      const reply = replies.wait(replyLength, timeoutMs, () => drop('status reply timed out'));
      // A failed send rejects the wait too (via close), but its own error says more.
      reply.catch(() => undefined);
      try {
        await send(s, bytes, timeoutMs);
      } catch (error) {
        replies.fail(error as Error);
        throw error;
      }
      return reply;
    },
    async close() {
      const s = socket;
      socket = null;
      connecting = null;
      if (!s || s.destroyed) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          s.destroy();
        }, 1000);
        s.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
        s.end();
      });
    },
  };
}
