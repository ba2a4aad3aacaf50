import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import type { QueueEvent } from '../../src-shared/api/contract';
import { parseHubConfig } from '../../src-main/config/load-config';
import { AlertCenter } from '../../src-main/alerts/alert-center';
import { QueueService, type QueueNotice } from '../../src-main/queue/queue-service';
import { openDatabase } from '../../src-main/store/database';
import { checkInBody, queueTestHub } from '../helpers/queue-hub';
import { makeTempDir } from '../helpers/temp-dir';

/** A pino logger whose lines land in `lines`, parsed. */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

describe('queue listeners', () => {
  const temp = makeTempDir();
  afterAll(() => temp.remove());

  it('logs a throwing listener with its context and still tells the others, after the commit', () => {
    const config = parseHubConfig(queueTestHub(), 'hub.yaml');
    const db = openDatabase(join(temp.path, 'listeners.sqlite'));
    const { logger, lines } = capturingLogger();
    const queue = new QueueService({ db, hub: config.hub, configHash: config.hash, identifierKey: Buffer.alloc(32, 1), programmeKey: Buffer.alloc(32, 2), logger });

    const before: QueueEvent[] = [];
    const after: QueueEvent[] = [];
    queue.subscribe((event) => before.push(event));
    queue.subscribe(() => {
      throw new Error('console went away');
    });
    queue.subscribe((event) => after.push(event));

    const checkedIn = queue.checkIn({ ...checkInBody({ help: ['money', 'work'] }), skipped: [], talkToSomeone: false, comeToMe: false });
    expect(checkedIn.tickets).toHaveLength(2);
    expect(after.map((e) => e.ticket.id)).toEqual(checkedIn.tickets.map((t) => t.id));
    expect(before.map((e) => e.seq)).toEqual(after.map((e) => e.seq));

    const failures = lines.filter((l) => l['msg'] === 'queue listener failed');
    expect(failures).toHaveLength(2);
    expect(failures.map((l) => l['ticketId'])).toEqual(checkedIn.tickets.map((t) => t.id));
    expect(failures[0]).toMatchObject({ level: 50, type: 'created', seq: after[0]!.seq, serviceId: 'money', err: { message: 'console went away' } });
    // The check-in committed regardless: the tickets are there to call.
    expect(queue.callNext('money', 'Desk 1').id).toBe(checkedIn.tickets[0]!.id);
    expect(after.at(-1)?.type).toBe('called');
    db.close();
  });

  it('logs a throwing notice listener and still tells the others', () => {
    const config = parseHubConfig(queueTestHub(), 'hub.yaml');
    const db = openDatabase(join(temp.path, 'notices.sqlite'));
    const { logger, lines } = capturingLogger();
    const queue = new QueueService({ db, hub: config.hub, configHash: config.hash, identifierKey: Buffer.alloc(32, 1), programmeKey: Buffer.alloc(32, 2), logger });

    const heard: QueueNotice[] = [];
    queue.subscribeNotices(() => {
      throw new Error('socket closed');
    });
    queue.subscribeNotices((notice) => heard.push(notice));

    const alerts = new AlertCenter({ db, logger });
    const alert = alerts.raise({ kind: 'printer', visitId: null, message: 'Out of paper.', flags: [] });
    const acknowledged = queue.acknowledgeAlert(alert, { id: 'staff-1', displayName: 'Robin' }, (at) => alerts.markAcknowledged(alert.id, at, 'staff-1'));
    expect(heard).toEqual([{ kind: 'alert-acknowledged', acknowledgement: acknowledged }]);
    expect(alerts.get(alert.id)?.open).toBe(false);
    const failures = lines.filter((l) => l['msg'] === 'queue notice listener failed');
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ level: 50, notice: 'alert-acknowledged', alertId: alert.id, err: { message: 'socket closed' } });
    db.close();
  });
});
