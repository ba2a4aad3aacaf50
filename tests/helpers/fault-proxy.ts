import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * What the proxy does with one request:
 * - `pass`: forward it and answer with the collector's answer;
 * - `refuse`: drop the connection at once (the collector is down);
 * - `status`: answer this status itself without forwarding (500, 503 with Retry-After, 429 …);
 * - `slow`: forward it (the collector stores the batch) but answer only after `ms`;
 * - `cut-request`: drop the connection as the request arrives, before forwarding;
 * - `cut-response`: forward it, then send half the answer and drop the connection;
 * - `twice`: forward the same request twice, answer with the second answer;
 * - `partial`: forward it, answer with only the first `keep` per-event results;
 * - `forwarded`: forward it and call `then` once the whole request is on its way to the collector (to
 *   kill the collector while it stores the batch); answer with whatever comes back, or drop the connection.
 */
export type Fault =
  | { kind: 'pass' }
  | { kind: 'refuse' }
  | { kind: 'status'; status: number; retryAfter?: string; code?: string }
  | { kind: 'slow'; ms: number }
  | { kind: 'cut-request' }
  | { kind: 'cut-response' }
  | { kind: 'twice' }
  | { kind: 'partial'; keep: number }
  | { kind: 'forwarded'; then: () => void };

export type Exchange = { fault: Fault['kind']; path: string; requestBody: string; status: number | null; at: number };

type Upstream = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

/** A small HTTP proxy on 127.0.0.1 in front of the collector that misbehaves on request. */
export class FaultProxy {
  private readonly server: http.Server;
  private readonly planned: Fault[] = [];
  private mode: Fault = { kind: 'pass' };
  private readonly sockets = new Set<Socket>();
  private readonly waiters = new Set<() => void>();
  readonly exchanges: Exchange[] = [];
  /** Requests in flight at once, at most (one uploader never sends two at once). */
  maxInFlight = 0;
  private inFlight = 0;
  url = '';

  constructor(private readonly target: string) {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      if (this.mode.kind === 'refuse' && this.planned.length === 0) {
        socket.destroy();
        this.record({ fault: 'refuse', path: '', requestBody: '', status: null, at: Date.now() });
      }
    });
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** These faults, in order, for the next requests; then the standing mode. */
  plan(...faults: Fault[]): void {
    this.planned.push(...faults);
  }

  /** What every request gets once the plan is used up (`refuse`: the collector is down). */
  setMode(fault: Fault): void {
    this.mode = fault;
  }

  /** Resolves at the next finished exchange (or after `timeoutMs`, rejecting). */
  nextExchange(timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(done);
        reject(new Error(`no request reached the proxy within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      this.waiters.add(done);
    });
  }

  /** Waits, exchange by exchange, until `condition` holds; bounded by `maxExchanges`. */
  async until(condition: () => boolean | Promise<boolean>, maxExchanges = 200, timeoutMs = 10_000): Promise<void> {
    for (let i = 0; i < maxExchanges; i += 1) {
      if (await condition()) return;
      await this.nextExchange(timeoutMs);
    }
    if (!(await condition())) throw new Error(`the condition did not hold after ${maxExchanges} requests`);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private record(exchange: Exchange): void {
    this.exchanges.push(exchange);
    for (const waiter of [...this.waiters]) waiter();
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const fault = this.planned.shift() ?? this.mode;
    const path = req.url ?? '/';
    if (fault.kind === 'refuse' || fault.kind === 'cut-request') {
      // Drop it as it arrives: the collector never sees this request.
      req.socket.destroy();
      this.record({ fault: fault.kind, path, requestBody: '', status: null, at: Date.now() });
      return;
    }
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      const requestBody = body.toString('utf8');
      const headers = { ...req.headers };
      if (fault.kind === 'status') {
        const reply = JSON.stringify({ error: { code: fault.code ?? (fault.status === 429 ? 'RATE_LIMITED' : fault.status === 503 ? 'UNAVAILABLE' : 'INTERNAL'), message: 'injected by the fault proxy' } });
        res.writeHead(fault.status, { 'content-type': 'application/json', ...(fault.retryAfter ? { 'retry-after': fault.retryAfter } : {}) });
        res.end(reply);
        this.record({ fault: fault.kind, path, requestBody, status: fault.status, at: Date.now() });
        return;
      }
      let upstream = await this.forward(req.method ?? 'POST', path, headers, body, fault.kind === 'forwarded' ? fault.then : undefined);
      if (fault.kind === 'twice') upstream = await this.forward(req.method ?? 'POST', path, headers, body);
      if (fault.kind === 'slow') await new Promise((r) => setTimeout(r, fault.ms));
      let out = upstream.body;
      if (fault.kind === 'partial' && upstream.status === 200) {
        const parsed = JSON.parse(out.toString('utf8')) as { results: unknown[] };
        parsed.results = parsed.results.slice(0, fault.keep);
        out = Buffer.from(JSON.stringify(parsed));
      }
      const { 'content-length': _length, 'transfer-encoding': _te, connection: _c, 'keep-alive': _k, ...rest } = upstream.headers;
      if (fault.kind === 'cut-response') {
        res.writeHead(upstream.status, { ...rest, 'content-length': String(out.length) });
        res.write(out.subarray(0, Math.floor(out.length / 2)));
        await new Promise((r) => setImmediate(r));
        res.socket?.destroy();
      } else if (!res.socket || res.socket.destroyed) {
        // The uploader gave up (its timeout) before the slow answer.
      } else {
        res.writeHead(upstream.status, { ...rest, 'content-length': String(out.length) });
        res.end(out);
      }
      this.record({ fault: fault.kind, path, requestBody, status: upstream.status, at: Date.now() });
    } catch {
      res.socket?.destroy();
      this.record({ fault: fault.kind, path, requestBody: '', status: null, at: Date.now() });
    } finally {
      this.inFlight -= 1;
    }
  }

  private forward(method: string, path: string, headers: http.IncomingHttpHeaders, body: Buffer, onForwarded?: () => void): Promise<Upstream> {
    const { host: _host, connection: _connection, ...rest } = headers;
    return new Promise((resolve, reject) => {
      const request = http.request(new URL(path, this.target), { method, headers: { ...rest, 'content-length': String(body.length) } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
        response.on('error', reject);
      });
      request.on('error', reject);
      if (onForwarded) request.once('finish', onForwarded);
      request.end(body);
    });
  }
}
