import pino, { type Logger } from 'pino';
import { describe, expect, it } from 'vitest';
import type { AlertView } from '../../src-shared/api/contract';
import type { DeviceHealth } from '../../src-shared/devices/types';
import { SimulatedCardReader } from '../../hardware/card-reader/simulated-card-reader';
import { AlertCenter } from '../../src-main/alerts/alert-center';
import { DeviceManager } from '../../src-main/devices/device-manager';
import { Identification, type ReaderMessage } from '../../src-main/hub/identification';
import { ListenerSet } from '../../src-main/listener-set';
import { openDatabase } from '../../src-main/store/database';
import { makeHub } from '../helpers/hub-fixture';

/**
 * A listener that throws (a screen's connection closing as a message goes out) is logged with
 * what it was hearing, and every other listener still hears the message.
 */

type LogLine = { level: number; msg: string; listener?: string; err?: { message: string } } & Record<string, unknown>;

function capturingLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
  return { logger, lines };
}

const failures = (lines: LogLine[]) => lines.filter((l) => l.level >= 50);

describe('ListenerSet', () => {
  it('logs a throwing listener with its context and still tells the others', () => {
    const { logger, lines } = capturingLogger();
    const set = new ListenerSet<number>('test message', logger);
    const heard: string[] = [];
    set.add((n) => heard.push(`first ${n}`));
    set.add(() => {
      throw new Error('socket closed');
    });
    set.add((n) => heard.push(`third ${n}`));
    set.emit(7, { messageId: 'm-7' });
    expect(heard).toEqual(['first 7', 'third 7']);
    expect(failures(lines)).toHaveLength(1);
    expect(failures(lines)[0]).toMatchObject({ msg: 'test message listener failed', listener: 'test message', messageId: 'm-7', err: { message: 'socket closed' } });
  });

  it('stops telling a listener that unsubscribed', () => {
    const { logger } = capturingLogger();
    const set = new ListenerSet<number>('test message', logger);
    const heard: number[] = [];
    const stop = set.add((n) => heard.push(n));
    set.emit(1);
    stop();
    set.emit(2);
    expect(heard).toEqual([1]);
    expect(set.size).toBe(0);
  });
});

describe('AlertCenter', () => {
  it('logs a throwing alert listener with the alert and still alerts the other screens', () => {
    const { logger, lines } = capturingLogger();
    const alerts = new AlertCenter({ db: openDatabase(':memory:'), logger });
    const heard: AlertView[] = [];
    alerts.subscribe(() => {
      throw new Error('screen gone');
    });
    alerts.subscribe((a) => heard.push(a));
    const raised = alerts.raise({ kind: 'flag', visitId: 'visit-1', message: 'Check-in W001 needs attention now.', flags: ['crisis'] });
    expect(heard).toEqual([raised]);
    expect(alerts.list()).toEqual([raised]);
    expect(failures(lines)).toHaveLength(1);
    expect(failures(lines)[0]).toMatchObject({ listener: 'alert', alertId: raised.id, alertKind: 'flag', visitId: 'visit-1', err: { message: 'screen gone' } });
  });

  it('lists only the newest `listLimit` of the other alerts, and never drops a flag alert for them', () => {
    const alerts = new AlertCenter({ db: openDatabase(':memory:'), listLimit: 2, logger: capturingLogger().logger });
    const flag = alerts.raise({ kind: 'flag', visitId: 'visit-1', message: 'Check-in H001 needs attention now.', flags: ['crisis'] });
    for (const n of [1, 2, 3]) alerts.raise({ kind: 'device', visitId: null, message: `alert ${n}`, flags: [] });
    expect(alerts.list().map((a) => a.message)).toEqual([flag.message, 'alert 2', 'alert 3']);
  });

  it('folds repeats with one key into one alert with a count, heard again each time', () => {
    const alerts = new AlertCenter({ db: openDatabase(':memory:'), logger: capturingLogger().logger });
    const heard: AlertView[] = [];
    alerts.subscribe((a) => heard.push(a));
    for (let i = 0; i < 3; i += 1) alerts.raise({ kind: 'device', visitId: null, message: 'The card reader is disconnected.', flags: [], foldKey: 'device:reader' });
    expect(alerts.list()).toEqual([expect.objectContaining({ kind: 'device', count: 3 })]);
    expect(new Set(heard.map((a) => a.id)).size).toBe(1);
    expect(heard.map((a) => a.count)).toEqual([1, 2, 3]);
    // Once the trouble is over, the next time is a new alert.
    expect(alerts.resolveFolded('device:reader')).toHaveLength(1);
    expect(alerts.raise({ kind: 'device', visitId: null, message: 'Again.', flags: [], foldKey: 'device:reader' }).count).toBe(1);
  });
});

describe('DeviceManager', () => {
  it('logs a throwing health listener with the device and still tells the others', async () => {
    const { logger, lines } = capturingLogger();
    const cardReader = new SimulatedCardReader({ id: 'front-reader' });
    const devices = new DeviceManager({ printer: null, cardReader, qrScanner: null }, { logger });
    const heard: DeviceHealth[] = [];
    devices.onHealth(() => {
      throw new Error('screen gone');
    });
    devices.onHealth((h) => heard.push(h));
    await devices.start();
    devices.refresh();
    expect(heard.map((h) => [h.id, h.connected])).toEqual([['front-reader', true]]);
    expect(failures(lines)).toHaveLength(1);
    expect(failures(lines)[0]).toMatchObject({ listener: 'device health', deviceId: 'front-reader', deviceKind: 'card-reader', connected: true, err: { message: 'screen gone' } });
    await devices.close();
  });
});

describe('Identification (reads announced to the kiosk)', () => {
  it('logs a throwing reader listener with the read, without the card number, and still tells the other kiosks', async () => {
    const { logger, lines } = capturingLogger();
    const hub = makeHub();
    const identification = new Identification({
      config: { file: 'test-hub.yaml', hub, hash: 'test-hash' },
      queue: { findVisitor: () => null, ticketsWithWaits: () => [], ticket: () => { throw new Error('no tickets here'); } },
      logger,
      now: () => new Date('2025-03-03T10:00:00Z'),
    });
    const cardReader = new SimulatedCardReader();
    identification.attachReaders({ cardReader, qrScanner: null });
    await cardReader.start();
    const heard: ReaderMessage[] = [];
    identification.onReader(() => {
      throw new Error('kiosk gone');
    });
    identification.onReader((m) => heard.push(m));
    cardReader.simulateCard('12345678');
    expect(heard).toHaveLength(1);
    expect(heard[0]).toMatchObject({ kind: 'reader', source: 'card', outcome: { ok: true, identity: { known: false, token: { method: 'card', id: '12345678' } } } });
    expect(failures(lines)).toHaveLength(1);
    expect(failures(lines)[0]).toMatchObject({ listener: 'reader', source: 'card', outcome: 'identified', err: { message: 'kiosk gone' } });
    expect(JSON.stringify(lines)).not.toContain('12345678');
    await cardReader.stop();
  });
});
