import type { EmulatorSession, PrinterEmulator } from './printer-emulator';
import { TransportError, type PrinterTransport } from './types';
import { ReplyBuffer } from './reply-buffer';

/**
 * A transport straight into a PrinterEmulator, for the in-process simulated printer: the same
 * bytes, status replies, silences and refusals as over TCP, without a socket.
 */
export function createMemoryTransport(emulator: PrinterEmulator): PrinterTransport {
  const replies = new ReplyBuffer();
  let session: EmulatorSession | null = null;

  const open = (): EmulatorSession => {
    if (emulator.state === 'refusing') {
      session?.end();
      session = null;
      throw new TransportError('unreachable', 'the simulated printer refuses connections', { nothingSent: true });
    }
    session ??= emulator.openSession((bytes) => replies.push(bytes));
    return session;
  };

  return {
    driver: 'simulator',
    async write(bytes) {
      open().receive(bytes);
    },
    async request(bytes, replyLength, timeoutMs) {
      const s = open();
      replies.discard();
      const reply = replies.wait(replyLength, timeoutMs, () => {
        // As over TCP: after a timeout the link is dropped so a late answer is never misread.
        session?.end();
        session = null;
      });
      s.receive(bytes);
      return reply;
    },
    async close() {
      session?.end();
      session = null;
    },
  };
}
