import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseHubConfig } from '../../src-main/config/load-config';
import { QueueService } from '../../src-main/queue/queue-service';
import { openDatabase } from '../../src-main/store/database';
import { checkInBody, queueTestHub } from '../helpers/queue-hub';
import { makeTempDir } from '../helpers/temp-dir';

describe('outcome notes follow the service configuration', () => {
  const temp = makeTempDir();
  afterAll(() => temp.remove());

  it('refuses a note for a service that keeps none, changing nothing, and takes the outcome without it', () => {
    const hub = queueTestHub();
    hub.partners[1]!.services[0]!.notesAllowed = false;
    const config = parseHubConfig(hub, 'hub.yaml');
    const db = openDatabase(join(temp.path, 'notes.sqlite'));
    const queue = new QueueService({ db, hub: config.hub, configHash: config.hash, identifierKey: Buffer.alloc(32, 1), programmeKey: Buffer.alloc(32, 2) });
    const body = checkInBody({ help: ['money'] });
    queue.checkIn({ ...body, skipped: [], talkToSomeone: false, comeToMe: false });
    const called = queue.callNext('money', 'Desk 1');
    expect(() => queue.finish(called.id, { kind: 'advice-given', note: 'talked about debts' })).toThrow(/keeps no notes/);
    expect(queue.ticket(called.id).status).toBe('called');
    expect(db.prepare('SELECT count(*) AS n FROM outcomes').get()).toEqual({ n: 0 });
    expect(queue.finish(called.id, { kind: 'advice-given' }).status).toBe('done');
    db.close();
  });
});
