import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { isLoopbackHost } from '../../src-shared/config/schema';

export type CollectorResponse = { status: number; retryAfter: string | null; body: string };

/** A transport failure: no answer at all (refused, reset, timed out). The batch may or may not have arrived. */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly kind: 'timeout' | 'network',
  ) {
    super(message);
  }
}

/**
 * Posts JSON to the collector over HTTPS with the certificate checked (against `caFile` when the
 * programme runs its own certificate authority, else the system's). Plain http:// is refused unless
 * the collector is on this machine. One keep-alive agent, so a backlog drains over few connections.
 */
export class CollectorClient {
  private readonly url: URL;
  private readonly agent: http.Agent;
  private readonly transport: typeof http | typeof https;

  constructor(options: { url: string; caFile?: string | undefined; maxResponseBytes?: number }) {
    this.url = new URL(options.url);
    if (this.url.protocol === 'http:') {
      if (!isLoopbackHost(this.url.hostname)) throw new Error(`The collector ${options.url} must be https:// (plain http:// only to 127.0.0.1).`);
      this.agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      this.transport = http;
    } else {
      const ca = options.caFile ? readFileSync(options.caFile, 'utf8') : undefined;
      this.agent = new https.Agent({ keepAlive: true, maxSockets: 1, rejectUnauthorized: true, ...(ca ? { ca } : {}) });
      this.transport = https;
    }
  }

  /** `onSent` is called once the whole request has been handed to the operating system. */
  post(path: string, body: string, headers: Record<string, string>, timeoutMs: number, onSent?: () => void): Promise<CollectorResponse> {
    const target = new URL(path, this.url);
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (error: TransportError) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(error);
      };
      const request = this.transport.request(
        target,
        {
          method: 'POST',
          agent: this.agent,
          headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers },
        },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > 16 * 1024 * 1024) request.destroy(new Error('the answer is too large'));
            else chunks.push(chunk);
          });
          response.on('error', (error) => fail(new TransportError(`the answer was cut off: ${error.message}`, 'network')));
          response.on('aborted', () => fail(new TransportError('the answer was cut off', 'network')));
          response.on('end', () => {
            if (settled) return;
            if (!response.complete) return fail(new TransportError('the answer was cut off', 'network'));
            settled = true;
            clearTimeout(timer);
            const retryAfter = response.headers['retry-after'];
            resolve({ status: response.statusCode ?? 0, retryAfter: typeof retryAfter === 'string' ? retryAfter : null, body: Buffer.concat(chunks).toString('utf8') });
          });
        },
      );
      const timer = setTimeout(() => {
        fail(new TransportError(`no answer within ${Math.round(timeoutMs)} ms`, 'timeout'));
        request.destroy();
      }, timeoutMs);
      request.on('error', (error) => fail(new TransportError(error.message, 'network')));
      if (onSent) request.once('finish', onSent);
      request.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
