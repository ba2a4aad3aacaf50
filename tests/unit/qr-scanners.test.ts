import { SerialPortMock } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import type { Timers } from '../../hardware/shared/device-support';
import { createQrScanner, LineFramer, SerialQrScanner, SimulatedQrScanner, type Frame } from '../../hardware/qr-scanner';
import { qrScannerConfig } from '../../src-shared/config/schema';
import type { DeviceHealth, QrReadEvent } from '../../src-shared/devices/types';

const text = (frames: Frame[]) => frames.map((f) => (f.ok ? Buffer.from(f.bytes).toString('utf8') : `!${f.reason}`));

describe('LineFramer', () => {
  it('joins chunks and splits at the end character', () => {
    const f = new LineFramer('\r');
    expect(text(f.push(Buffer.from('FD1:M:NT')))).toEqual([]);
    expect(text(f.push(Buffer.from('000123\rFD1:B:BK')))).toEqual(['FD1:M:NT000123']);
    expect(text(f.push(Buffer.from('-1234\r\r')))).toEqual(['FD1:B:BK-1234', '']);
  });

  it('finds a multi-byte end split across chunks', () => {
    const f = new LineFramer('\r\n');
    expect(text(f.push(Buffer.from('abc\r')))).toEqual([]);
    expect(text(f.push(Buffer.from('\ndef\r\n')))).toEqual(['abc', 'def']);
    const g = new LineFramer('##END');
    const out: string[] = [];
    for (const byte of Buffer.from('one##END two##END')) out.push(...text(g.push(Uint8Array.of(byte))));
    expect(out).toEqual(['one', ' two']);
  });

  it('keeps a UTF-8 character split across chunks whole', () => {
    const f = new LineFramer('\n');
    const bytes = Buffer.from('zażółć\n');
    expect(text([...f.push(bytes.subarray(0, 3)), ...f.push(bytes.subarray(3))])).toEqual(['zażółć']);
  });

  it('reports an endless frame once and resynchronises at the next end', () => {
    const f = new LineFramer('\r', 16);
    const out: string[] = [];
    for (let i = 0; i < 10; i++) out.push(...text(f.push(Buffer.from('xxxxxxxx'))));
    out.push(...text(f.push(Buffer.from('yy\rok\r'))));
    expect(out).toEqual(['!too-long', 'ok']);
    expect(text(new LineFramer('\r', 4).push(Buffer.from('123456\r12\r')))).toEqual(['!too-long', '12']);
  });

  it('drops a partial frame on reset', () => {
    const f = new LineFramer('\r');
    f.push(Buffer.from('half'));
    f.reset();
    expect(text(f.push(Buffer.from('whole\r')))).toEqual(['whole']);
    expect(() => new LineFramer('')).toThrow(RangeError);
  });
});

describe('SimulatedQrScanner', () => {
  it('parses a simulated scan, rejects junk by reason, and can be unplugged', async () => {
    const scanner = new SimulatedQrScanner({ clock: () => Date.UTC(2025, 0, 6, 9) });
    const reads: QrReadEvent[] = [];
    const health: DeviceHealth[] = [];
    scanner.onRead((e) => reads.push(e));
    scanner.onHealthChange((h) => health.push(h));
    expect(scanner.simulateScan('FD1:M:NT000123')).toBeNull();
    await scanner.start();
    expect(scanner.simulateScan('FD1:M:NT000123')).toEqual({ type: 'qr', payload: { kind: 'member', memberId: 'NT000123' }, at: '2025-01-06T09:00:00.000Z' });
    expect(scanner.simulateScan('javascript:alert(1)')).toEqual({ type: 'rejected', reason: 'script', at: '2025-01-06T09:00:00.000Z' });
    scanner.simulateUnplug();
    expect(scanner.simulateScan('FD1:M:NT000123')).toBeNull();
    scanner.simulateReplug();
    expect(reads).toHaveLength(2);
    expect(health.map((h) => [h.connected, h.lastError])).toEqual([
      [true, null],
      [false, 'QR scanner disconnected (simulated)'],
      [true, null],
    ]);
  });

  it('lets the kiosk page report its camera state', async () => {
    const scanner = new SimulatedQrScanner({ driver: 'camera' });
    await scanner.start();
    scanner.reportConnection(false, 'camera permission refused');
    expect(scanner.health()).toMatchObject({ driver: 'camera', connected: false, lastError: 'camera permission refused' });
  });
});

describe('createQrScanner', () => {
  it('maps each configured kind to a driver, and none to null', () => {
    expect(createQrScanner(qrScannerConfig.parse({ kind: 'simulator' }))).toBeInstanceOf(SimulatedQrScanner);
    expect(createQrScanner(qrScannerConfig.parse({ kind: 'camera' }))?.driver).toBe('camera');
    expect(createQrScanner(qrScannerConfig.parse({ kind: 'wedge' }))?.driver).toBe('wedge');
    expect(createQrScanner(qrScannerConfig.parse({ kind: 'serial', path: '/dev/ttyACM0' }))).toBeInstanceOf(SerialQrScanner);
    expect(createQrScanner(qrScannerConfig.parse({ kind: 'none' }))).toBeNull();
  });
});

class ManualTimers {
  tasks: { ms: number; run: () => void }[] = [];
  private waiting: (() => void)[] = [];
  readonly timers: Timers = {
    setTimeout: (run, ms) => {
      const task = { ms, run };
      this.tasks.push(task);
      for (const wake of this.waiting.splice(0)) wake();
      return () => {
        this.tasks = this.tasks.filter((t) => t !== task);
      };
    },
  };

  /** Resolves when a timer is pending (the driver's next retry has been scheduled). */
  scheduled(): Promise<void> {
    if (this.tasks.length > 0) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  runNext(): number | undefined {
    const task = this.tasks.shift();
    task?.run();
    return task?.ms;
  }
}

function healthWhen(scanner: SerialQrScanner, predicate: (health: DeviceHealth) => boolean): Promise<DeviceHealth> {
  if (predicate(scanner.health())) return Promise.resolve(scanner.health());
  return new Promise((resolve) => {
    const off = scanner.onHealthChange((h) => {
      if (predicate(h)) {
        off();
        resolve(h);
      }
    });
  });
}

describe('SerialQrScanner with the serialport mock binding', () => {
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
    SerialPortMock.binding.reset();
  });

  function mockScanner(options: ConstructorParameters<typeof SerialQrScanner>[0], timers = new ManualTimers()) {
    const ports: SerialPortMock[] = [];
    const scanner = new SerialQrScanner(options, {
      timers: timers.timers,
      backoff: { initialMs: 100, maxMs: 400 },
      listPorts: () => SerialPortMock.list(),
      createPort: ({ path, baudRate }) => {
        const port = new SerialPortMock({ path, baudRate, autoOpen: false });
        ports.push(port);
        return port;
      },
    });
    stops.push(() => scanner.stop());
    return { scanner, ports, timers };
  }

  it('finds its port by vendor/product id and reads framed scans', async () => {
    SerialPortMock.binding.createPort('/dev/ttyS9', { vendorId: '1234', productId: '0001' });
    SerialPortMock.binding.createPort('/dev/ttyACM3', { vendorId: '0C2E', productId: '0b61' });
    const { scanner, ports } = mockScanner({ vendorId: 0x0c2e, productId: 0x0b61, endChar: '\n' });
    const reads: QrReadEvent[] = [];
    const got = new Promise<void>((resolve) =>
      scanner.onRead((e) => {
        reads.push(e);
        if (reads.length === 2) resolve();
      }),
    );
    await scanner.start();
    expect(scanner.health()).toMatchObject({ connected: true, driver: 'serial' });
    expect(ports[0]?.path).toBe('/dev/ttyACM3');
    ports[0]?.port?.emitData('FD1:M:NT00');
    ports[0]?.port?.emitData('0123\n<script>\n');
    await got;
    expect(reads.map((r) => (r.type === 'qr' ? r.payload : r.reason))).toEqual([{ kind: 'member', memberId: 'NT000123' }, 'script']);
  });

  it('keeps retrying, with capped backoff, while no port matches', async () => {
    const { scanner, timers } = mockScanner({ vendorId: 0x0c2e, productId: 0x0b61 });
    await scanner.start();
    expect(scanner.health()).toMatchObject({ connected: false, lastError: 'no serial port with USB id 0x0c2e:0x0b61 is connected' });
    const delays: (number | undefined)[] = [];
    for (let i = 0; i < 4; i++) {
      delays.push(timers.runNext());
      await timers.scheduled();
    }
    expect(delays).toEqual([100, 200, 400, 400]);
    SerialPortMock.binding.createPort('/dev/ttyACM0', { vendorId: '0c2e', productId: '0b61' });
    timers.runNext();
    await healthWhen(scanner, (h) => h.connected);
  });

  it('says so, and does not retry, when neither path nor ids are configured', async () => {
    const { scanner, timers } = mockScanner({});
    await scanner.start();
    expect(scanner.health()).toMatchObject({ connected: false, lastError: 'no serial path or vendor/product id is configured for the QR scanner' });
    expect(timers.tasks).toHaveLength(0);
  });

  it('rejects bytes that are not UTF-8 text', async () => {
    SerialPortMock.binding.createPort('/dev/ttyUSB0');
    const { scanner, ports } = mockScanner({ path: '/dev/ttyUSB0' });
    const read = new Promise<QrReadEvent>((resolve) => scanner.onRead(resolve));
    await scanner.start();
    ports[0]?.port?.emitData(Buffer.from([0xff, 0xfe, 0x41, 0x0d]));
    expect(await read).toMatchObject({ type: 'rejected', reason: 'not-text' });
  });
});
