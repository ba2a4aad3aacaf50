import WebSocket from 'ws';
import type { ServerMessage } from '../../src-shared/api/contract';

/** A live-channel client that records every message and lets a test wait for one by predicate. */
export class LiveClient {
  readonly messages: ServerMessage[] = [];
  private readonly socket: WebSocket;
  private waiters: { predicate: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }[] = [];

  private closeCode: number | null = null;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.once('close', (code: number) => (this.closeCode = code));
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as ServerMessage;
      this.messages.push(message);
      this.waiters = this.waiters.filter((w) => {
        if (!w.predicate(message)) return true;
        w.resolve(message);
        return false;
      });
    });
  }

  /** `options` reach the socket: `{ headers: { cookie: session.cookieHeader } }` connects as that member of staff. */
  static async connect(hubUrl: string, since = 0, options: WebSocket.ClientOptions = {}): Promise<LiveClient> {
    const socket = new WebSocket(`${hubUrl.replace(/^http/, 'ws')}/api/live?since=${since}`, options);
    const client = new LiveClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    await client.next((m) => m.kind === 'hello');
    return client;
  }

  /** Resolves with the first message (already received or still to come) that matches. */
  next(predicate: (m: ServerMessage) => boolean, timeoutMs = 5000): Promise<ServerMessage> {
    const seen = this.messages.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no matching live message arrived')), timeoutMs);
      this.waiters.push({
        predicate,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  }

  /** Resolves with the close code once the hub (or the client) closes the connection. */
  closed(): Promise<number> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve(this.closeCode ?? 1006);
    return new Promise((resolve) => this.socket.once('close', (code: number) => resolve(code)));
  }

  queueEvents() {
    return this.messages.flatMap((m) => (m.kind === 'queue' ? [m.event] : []));
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.readyState === WebSocket.CLOSED) return resolve();
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}
