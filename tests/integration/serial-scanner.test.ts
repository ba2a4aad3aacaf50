import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, watch } from 'node:fs';
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeviceLogger } from '../../hardware/shared/device-support';
import { SerialQrScanner, type SerialQrScannerOptions } from '../../hardware/qr-scanner';
import type { DeviceHealth, QrReadEvent } from '../../src-shared/devices/types';

/**
 * The serial QR scanner against a real pty pair from socat: the scanner opens one end (A) as a
 * serial port, the test plays the scanner hardware by writing to the other end (B). Killing socat
 * is a real unplug (`close` with `disconnected: true`); a new socat on the same link is the
 * scanner coming back.
 */

const hasSocat = spawnSync('socat', ['-V'], { stdio: 'ignore' }).status === 0;
if (!hasSocat) console.warn('serial-scanner.test.ts skipped: socat is not installed (apt-get install socat)');

const LIMIT_MS = 10_000;

/** Rejects after LIMIT_MS so a missing event fails with a message instead of hanging. */
function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), LIMIT_MS);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

/** Resolves once every path exists, watching the folder rather than polling. */
function pathsExist(dir: string, paths: string[]): Promise<void> {
  return within(
    new Promise<void>((resolve) => {
      const done = () => paths.every((p) => existsSync(p));
      if (done()) return resolve();
      const watcher = watch(dir, () => {
        if (done()) {
          watcher.close();
          resolve();
        }
      });
      // The links may have appeared between the first check and the watch starting.
      if (done()) {
        watcher.close();
        resolve();
      }
    }),
    `${paths.join(', ')} to exist`,
  );
}

type Socat = { process: ChildProcess; exited: Promise<void> };

async function startSocat(dir: string, a: string, b: string): Promise<Socat> {
  const child = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // socat logs this once both ptys are set up and it is copying data.
  const ready = new Promise<void>((resolve, reject) => {
    let log = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('starting data transfer loop')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`socat exited (${String(code)}) before it was ready: ${log}`)));
  });
  await within(ready, 'socat to start');
  await pathsExist(dir, [a, b]);
  return { process: child, exited };
}

async function stopSocat(socat: Socat | null): Promise<void> {
  if (!socat || socat.process.exitCode !== null || socat.process.signalCode !== null) return;
  // SIGTERM, not SIGKILL: socat then removes its links, as a device node vanishes on unplug.
  socat.process.kill('SIGTERM');
  await within(socat.exited, 'socat to exit');
}

function healthWhen(scanner: SerialQrScanner, what: string, predicate: (health: DeviceHealth) => boolean): Promise<DeviceHealth> {
  if (predicate(scanner.health())) return Promise.resolve(scanner.health());
  return within(
    new Promise((resolve) => {
      const off = scanner.onHealthChange((health) => {
        if (predicate(health)) {
          off();
          resolve(health);
        }
      });
    }),
    what,
  );
}

/** Collects reads; `next(n)` resolves when n more have arrived. */
function reader(scanner: SerialQrScanner) {
  const reads: QrReadEvent[] = [];
  let waiters: { count: number; resolve: () => void }[] = [];
  scanner.onRead((event) => {
    reads.push(event);
    const ready = waiters.filter((w) => reads.length >= w.count);
    waiters = waiters.filter((w) => reads.length < w.count);
    for (const w of ready) w.resolve();
  });
  return {
    reads,
    next(n = 1): Promise<QrReadEvent[]> {
      const count = reads.length + n;
      const before = reads.length;
      return within(new Promise<void>((resolve) => waiters.push({ count, resolve })), `${n} QR read(s)`).then(() => reads.slice(before, count));
    },
  };
}

const summary = (events: QrReadEvent[]) => events.map((e) => (e.type === 'qr' ? e.payload : `rejected:${e.reason}`));

describe.skipIf(!hasSocat)('serial QR scanner on a socat pty pair', () => {
  let dir = '';
  let a = '';
  let b = '';
  let socat: Socat | null = null;
  let scanner: SerialQrScanner | null = null;
  let writer: FileHandle | null = null;
  const chunkWaiters: (() => void)[] = [];
  const logs: { level: string; message: string; details: Record<string, unknown> }[] = [];
  let logWaiters: { match: string; resolve: () => void }[] = [];
  const log = (level: string) => (details: Record<string, unknown>, message: string) => {
    logs.push({ level, message, details });
    for (const w of logWaiters.filter((w) => message.includes(w.match))) w.resolve();
    logWaiters = logWaiters.filter((w) => !message.includes(w.match));
  };
  const logger: DeviceLogger = { info: log('info'), warn: log('warn'), error: log('error') };
  const logged = (match: string) =>
    logs.some((l) => l.message.includes(match))
      ? Promise.resolve()
      : within(new Promise<void>((resolve) => logWaiters.push({ match, resolve })), `a log line about ${match}`);

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'front-door-serial-'));
    a = join(dir, 'A');
    b = join(dir, 'B');
    socat = await startSocat(dir, a, b);
    logs.length = 0;
  });

  afterEach(async () => {
    await writer?.close().catch(() => undefined);
    writer = null;
    await scanner?.stop();
    scanner = null;
    await stopSocat(socat);
    socat = null;
    await rm(dir, { recursive: true, force: true });
  });

  async function startScanner(options: Partial<SerialQrScannerOptions> = {}): Promise<SerialQrScanner> {
    scanner = new SerialQrScanner(
      { path: a, baudRate: 9600, ...options },
      {
        logger,
        backoff: { initialMs: 20, maxMs: 200 },
        onChunk: () => {
          for (const wake of chunkWaiters.splice(0)) wake();
        },
      },
    );
    await scanner.start();
    expect(scanner.health()).toMatchObject({ connected: true, driver: 'serial', lastError: null });
    return scanner;
  }

  /** Plays the scanner: writes bytes to the far end of the pty pair. */
  async function send(data: string | Uint8Array): Promise<void> {
    writer ??= await open(b, 'w');
    await writer.write(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
  }

  /** Sends one piece and waits until the scanner has read it, so the next piece is a separate chunk. */
  async function sendChunk(data: string): Promise<void> {
    const read = within(new Promise<void>((resolve) => chunkWaiters.push(resolve)), 'the scanner to read a chunk');
    await send(data);
    await read;
  }

  it('reads a scan framed by CR, tolerating the DTR/RTS ioctl a pty refuses', async () => {
    const s = await startScanner();
    const r = reader(s);
    const next = r.next();
    await send('FD1:M:NT000123\r');
    expect(summary(await next)).toEqual([{ kind: 'member', memberId: 'NT000123' }]);
    expect(s.health()).toMatchObject({ connected: true, lastError: null });
    expect(s.health().lastSeenAt).not.toBeNull();
    // The refused ioctl is noted once, as information, and the scanner stays healthy.
    await logged('DTR/RTS');
    expect(logs.filter((l) => l.message.includes('DTR/RTS'))).toMatchObject([{ level: 'info' }]);
    expect(s.health()).toMatchObject({ connected: true, lastError: null });
  });

  it('reassembles a scan written in chunks, and splits several scans in one chunk', async () => {
    const s = await startScanner();
    const r = reader(s);
    const first = r.next();
    await sendChunk('FD1:B:bk-');
    await sendChunk('7F3K');
    await sendChunk('9Q');
    expect(r.reads).toEqual([]);
    await send('\r');
    expect(summary(await first)).toEqual([{ kind: 'booking', reference: 'BK-7F3K9Q' }]);
    const more = r.next(2);
    await send('00123456\r\nFD1:T:3f2a9c1e-0b7d-4e5f-8a6b-1c2d3e4f5a6b\r\n');
    expect(summary(await more)).toEqual([
      { kind: 'member', memberId: '00123456' },
      { kind: 'ticket', ticketId: '3f2a9c1e-0b7d-4e5f-8a6b-1c2d3e4f5a6b' },
    ]);
  });

  it('frames by a custom end character, even one split across chunks', async () => {
    const s = await startScanner({ endChar: '#END' });
    const r = reader(s);
    const next = r.next(2);
    await sendChunk('FD1:M:NT000123#E');
    await sendChunk('ND00123456');
    await send('#END');
    expect(summary(await next)).toEqual([{ kind: 'member', memberId: 'NT000123' }, { kind: 'member', memberId: '00123456' }]);
  });

  it('rejects garbled and hostile payloads by reason, never logging them raw', async () => {
    const s = await startScanner();
    const r = reader(s);
    const next = r.next(5);
    await send(Uint8Array.from([0xff, 0xfe, 0x00, 0x41, 0x0d]));
    await send('https://evil.example/x\r');
    await send('<script>alert(1)</script>\r');
    await send('FD1:M:NT\x1b[2J0001\r');
    await send(`${'9'.repeat(300)}\r`);
    expect(summary(await next)).toEqual(['rejected:not-text', 'rejected:url', 'rejected:script', 'rejected:control-characters', 'rejected:too-long']);
    const logged = JSON.stringify(logs);
    expect(logged).not.toContain('evil.example');
    expect(logged).not.toContain('alert(1)');
    // Still reading good scans afterwards.
    const good = r.next();
    await send('FD1:M:NT000123\r');
    expect(summary(await good)).toEqual([{ kind: 'member', memberId: 'NT000123' }]);
  });

  it('killing socat is an unplug; a new socat on the same link is the scanner coming back', async () => {
    const s = await startScanner();
    const r = reader(s);
    const first = r.next();
    await send('FD1:M:NT000001\r');
    expect(summary(await first)).toEqual([{ kind: 'member', memberId: 'NT000001' }]);

    await writer?.close();
    writer = null;
    const gone = healthWhen(s, 'the scanner to be disconnected', (h) => !h.connected);
    await stopSocat(socat);
    socat = null;
    expect(await gone).toMatchObject({ connected: false, lastError: 'QR scanner disconnected' });
    expect(existsSync(a)).toBe(false);

    const back = healthWhen(s, 'the scanner to reconnect', (h) => h.connected);
    socat = await startSocat(dir, a, b);
    expect(await back).toMatchObject({ connected: true, lastError: null });

    const again = r.next();
    await send('FD1:M:NT000002\r');
    expect(summary(await again)).toEqual([{ kind: 'member', memberId: 'NT000002' }]);
    expect(logs.some((l) => l.message.includes('will reconnect'))).toBe(true);
  });

  it('starts while the port is absent and connects when it appears', async () => {
    await stopSocat(socat);
    socat = null;
    scanner = new SerialQrScanner({ path: a }, { logger, backoff: { initialMs: 20, maxMs: 200 } });
    await scanner.start();
    expect(scanner.health().connected).toBe(false);
    expect(scanner.health().lastError).toMatch(/No such file or directory/);
    const back = healthWhen(scanner, 'the scanner to connect', (h) => h.connected);
    socat = await startSocat(dir, a, b);
    await back;
    const r = reader(scanner);
    const next = r.next();
    await send('FD1:M:NT000003\r');
    expect(summary(await next)).toEqual([{ kind: 'member', memberId: 'NT000003' }]);
  });
});
