/**
 * The retention job against a real hub: personal data planted through the screens' own routes is
 * gone from the database file, its WAL and the hub's log once the clock passes the retention
 * period and the job runs — while the day's figures stay exactly the same. Then visits past the
 * visit period are deleted with their counts kept, and spent records go.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashIdentifier } from '../../src-main/identity/keyed-hash';
import { daysBefore } from '../../src-main/privacy/retention';
import { QueueService } from '../../src-main/queue/queue-service';
import { databasePath, identifierKeyPath } from '../../src-main/shell/data-dir';
import type { CheckInResponse, IdentifyResponse, TicketView } from '../../src-shared/api/contract';
import { dayFigures } from '../helpers/day-figures';
import { checkInBody, queueTestHub } from '../helpers/queue-hub';
import { call, signInAs, startTestHub, type StaffSession, type TestHub } from '../helpers/running-hub';
import { makeTempDir } from '../helpers/temp-dir';

/** Unique values planted in every place personal data goes; none may survive the job. */
const planted = {
  name: 'Quillon',
  card: '86753094211',
  answer: 'marmalade kestrel under the stairs',
  howHeard: 'lighthouse otter newsletter',
  note: 'talked about the quince arrears',
  referral: 'Heronsgate tenancy team',
  demographic: 'Wensleydale Zebra heritage',
};

function bytesOf(file: string): Buffer {
  return existsSync(file) ? readFileSync(file) : Buffer.alloc(0);
}

/** Which planted values appear anywhere in these files' raw bytes. */
function foundIn(files: string[], values: string[]): string[] {
  const all = Buffer.concat(files.map(bytesOf));
  return values.filter((v) => all.includes(Buffer.from(v, 'utf8')));
}

describe('the retention job removes personal data from the files and keeps the day’s figures', () => {
  const temp = makeTempDir('frontdoor-retention-');
  const logFile = join(temp.path, 'hub.log');
  let nowMs = Date.parse('2026-03-10T09:30:00.000Z');
  const day = '2026-03-10';
  let hub: TestHub;
  let reception: StaffSession;
  let admin: StaffSession;
  let cardHash = '';
  const files = () => [databasePath(temp.path), `${databasePath(temp.path)}-wal`, logFile];

  beforeAll(async () => {
    const logger = pino({ level: 'debug' }, pino.destination({ dest: logFile, sync: true }));
    hub = await startTestHub({ hub: queueTestHub(), dataDir: temp.path, logger, now: () => new Date(nowMs) });
    admin = await signInAs(hub, 'admin');
    reception = await signInAs(hub, 'reception');
    cardHash = hashIdentifier(Buffer.from(readFileSync(identifierKeyPath(temp.path), 'utf8').trim(), 'base64'), 'card', planted.card);
  });
  afterAll(async () => {
    await hub?.dispose();
    temp.remove();
  });

  /** Calls the next visitor at a desk, starts and finishes them a few minutes apart. */
  async function serve(serviceId: string, desk: string, outcome: Record<string, string>): Promise<TicketView> {
    nowMs += 4 * 60_000;
    const called = await reception.call<{ ticket: TicketView }>('POST', `/api/services/${serviceId}/call-next`, { desk });
    expect(called.status).toBe(200);
    nowMs += 60_000;
    expect((await reception.call('POST', `/api/tickets/${called.body.ticket.id}/start`, { desk })).status).toBe(200);
    nowMs += 9 * 60_000;
    const finished = await reception.call<{ ticket: TicketView }>('POST', `/api/tickets/${called.body.ticket.id}/finish`, { desk, ...outcome });
    expect(finished.status).toBe(200);
    return finished.body.ticket;
  }

  it('plants a name, card, free-text answer, how-heard words, note, referral and a demographic answer through the hub', async () => {
    const identified = await call<IdentifyResponse>(hub, 'POST', '/api/identify', { method: 'card', raw: planted.card });
    expect(identified.body.known).toBe(false);
    const body = checkInBody({ help: ['money', 'housing'], name: planted.name, card: identified.body.token.id, sleepTonight: true });
    const checkIn = await call<CheckInResponse>(hub, 'POST', '/api/check-ins', {
      ...body,
      visitor: { ...body.visitor, accessibility: ['wheelchair'] },
      howHeard: [{ optionId: 'other', text: planted.howHeard }, { optionId: 'jobcentre' }],
      answers: { ...body.answers, 'feeling-unsafe': false, 'anything-else': planted.answer },
    });
    expect(checkIn.status).toBe(201);
    const visitorId = (hub.hub.db.prepare('SELECT visitor_id FROM visits WHERE id = ?').get(checkIn.body.visitId) as { visitor_id: string }).visitor_id;
    // Equality monitoring is written by another part of the hub; plant it where it lives.
    hub.hub.db
      .prepare(`INSERT INTO demographics (visitor_id, age_band, ethnicity, updated_at) VALUES (?, '35-44', ?, ?)`)
      .run(visitorId, planted.demographic, new Date(nowMs).toISOString());
    nowMs += 60_000;
    const other = await call<CheckInResponse>(hub, 'POST', '/api/check-ins', checkInBody({ help: ['housing'], name: 'Bea' }));
    expect(other.status).toBe(201);

    await serve('money', 'Desk 1', { outcome: 'referred', note: planted.note, referredTo: planted.referral });
    await serve('housing', 'Desk 3', { outcome: 'advice-given' });
    const called = await reception.call<{ ticket: TicketView }>('POST', '/api/services/housing/call-next', { desk: 'Desk 3' });
    expect(called.status).toBe(200);

    // The search below works: before the job every planted value is in the files.
    expect(foundIn(files(), [...Object.values(planted).filter((v) => v !== planted.card), cardHash])).toEqual(
      [...Object.values(planted).filter((v) => v !== planted.card), cardHash],
    );
    // A card number is never stored or logged as it is, only as its keyed hash.
    expect(foundIn(files(), [planted.card])).toEqual([]);
  });

  it('past the personal period, a dry run counts what would go and changes nothing', async () => {
    nowMs = Date.parse('2028-03-12T08:00:00.000Z');
    const before = hub.hub.db.prepare('SELECT * FROM visits ORDER BY id').all();
    const report = await hub.hub.privacy.runRetention({ dryRun: true, staffId: admin.staff.id, via: 'manager' });
    expect(report.dryRun).toBe(true);
    expect(report.personalCutoff).toBe(daysBefore('2028-03-12', 730));
    expect(report.cleared).toMatchObject({
      'visits.display_name': 2,
      'visits.accessibility': 1,
      'how_heard_answers.free_text': 1,
      'outcomes.note': 1,
      'outcomes.referred_to': 1,
      visitors: 1,
      visitor_identifiers: 1,
      demographics: 1,
    });
    expect(report.cleared['triage_answers.answer']).toBeGreaterThanOrEqual(2);
    expect(hub.hub.db.prepare('SELECT * FROM visits ORDER BY id').all()).toEqual(before);
    expect(hub.hub.privacy.status().lastRun).toBeNull();
  });

  it('runs: the planted values are in neither the database file, its WAL nor the log, and the day’s figures are unchanged', async () => {
    const figures = dayFigures(hub.hub.db, day);
    // The queue's own figures too: the average service times its wait estimates come from.
    // (A fresh queue each time, so nothing cached answers for the rows.)
    const averages = () =>
      new QueueService({ db: hub.hub.db, hub: hub.hub.config.hub, configHash: hub.hub.config.hash, identifierKey: Buffer.alloc(32), programmeKey: Buffer.alloc(32, 2), now: () => new Date(nowMs) })
        .snapshot()
        .services.map((sv) => [sv.serviceId, sv.averageServiceMinutes]);
    const averagesBefore = averages();
    expect(figures).toMatchObject({ 'visits|all': 2, 'how-heard|other': 1, 'how-heard|jobcentre': 1, 'how-heard|friend-family': 1, 'tickets.served|money': 1 });
    // A visit inside the period keeps its name.
    const recent = await call<CheckInResponse>(hub, 'POST', '/api/check-ins', checkInBody({ help: ['work'], name: 'Rosalind' }));
    expect(recent.status).toBe(201);

    const report = await hub.hub.privacy.runRetention({ dryRun: false, staffId: admin.staff.id, via: 'manager' });
    expect(report.cleared['visits.display_name']).toBe(2);
    // Where the longest hold of the database was: one of the passes timed.
    expect(Object.keys(report.phasesMs)).toContain(report.longestHoldIn);
    expect(report.longestHoldMs).toBeGreaterThan(0);
    expect(report.file.walTruncated).toBe(true);
    expect(report.file.vacuum).toBe('incremental');

    expect(dayFigures(hub.hub.db, day)).toEqual(figures);
    expect(averages()).toEqual(averagesBefore);
    expect(hub.hub.db.prepare('SELECT display_name FROM visits WHERE id = ?').get(recent.body.visitId)).toEqual({ display_name: 'Rosalind' });
    expect(hub.hub.db.prepare('SELECT count(*) AS n FROM visits WHERE service_day = ? AND personal_data_removed_at IS NOT NULL').get(day)).toEqual({ n: 2 });
    // Plain choice answers stay (anonymous); the free-text and sensitive ones are gone.
    const answers = hub.hub.db.prepare(`SELECT question_id, answer FROM triage_answers WHERE visit_id IN (SELECT id FROM visits WHERE service_day = ?) ORDER BY question_id`).all(day);
    expect(answers).toEqual(expect.arrayContaining([{ question_id: 'help-with', answer: '["money","housing"]' }, { question_id: 'anything-else', answer: null }, { question_id: 'feeling-unsafe', answer: null }]));

    const values = [...Object.values(planted), cardHash];
    expect(foundIn(files(), values)).toEqual([]);

    // The card is a stranger again; the queue's catch-up shows no name for the old tickets.
    const identified = await call<IdentifyResponse>(hub, 'POST', '/api/identify', { method: 'card', raw: planted.card });
    expect(identified.body.known).toBe(false);
    // (Two years on, the staff sessions of the morning have long ended: read the hub directly.)
    const events = hub.hub.queue.eventsSince(0);
    expect(events.length).toBeGreaterThan(5);
    expect(events.filter((e) => e.ticket.displayName === planted.name || e.ticket.accessibility.length > 0)).toEqual([]);

    // What it did is in the audit log, in counts.
    const audit = hub.auth.audit.query({ action: 'privacy.retention-ran', page: 1, pageSize: 10 });
    expect(audit.entries).toHaveLength(1);
    expect(audit.entries[0]!.detail).toMatchObject({ asOf: '2028-03-12', via: 'manager', cleared: { 'visits.display_name': 2 } });
    expect(hub.hub.privacy.status().lastRun?.asOf).toBe('2028-03-12');

    // And after the hub stops (its last checkpoint), still nothing.
    await hub.close();
    expect(foundIn(files(), values)).toEqual([]);
  });
});

describe('past the visit period visits are deleted, their figures kept as counts', () => {
  let nowMs = Date.parse('2026-06-01T08:30:00.000Z');
  const day = '2026-06-01';
  let hub: TestHub;
  let reception: StaffSession;

  beforeAll(async () => {
    hub = await startTestHub({
      hub: queueTestHub({ privacy: { noticeVersion: '2026-11', personalDataRetentionDays: 30, visitRetentionDays: 90 } }),
      now: () => new Date(nowMs),
    });
    reception = await signInAs(hub, 'reception');
  });
  afterAll(async () => hub?.dispose());

  it('deletes the visits, tickets, events and outcomes of old days and leaves every figure the same', async () => {
    for (const [i, help] of [['money'], ['housing', 'work'], ['money', 'housing'], ['work']].entries()) {
      nowMs += 3 * 60_000;
      const body = checkInBody({ help, name: `Visitor ${i}`, ...(i === 0 ? { card: `5550000${i}11` } : {}) });
      expect((await call(hub, 'POST', '/api/check-ins', { ...body, visitor: { ...body.visitor, accessibility: i === 1 ? ['hearing-loop'] : [] } })).status).toBe(201);
    }
    for (const [serviceId, desk] of [['money', 'Desk 1'], ['housing', 'Desk 3'], ['work', 'Desk 4']] as const) {
      nowMs += 5 * 60_000;
      const called = await reception.call<{ ticket: TicketView }>('POST', `/api/services/${serviceId}/call-next`, { desk });
      nowMs += 7 * 60_000;
      await reception.call('POST', `/api/tickets/${called.body.ticket.id}/finish`, { desk, outcome: 'signposted', note: 'quiet word' });
    }
    const staffSessions = (hub.hub.db.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n;
    expect(staffSessions).toBeGreaterThan(0);
    const figures = dayFigures(hub.hub.db, day);
    expect(figures['visits|all']).toBe(4);

    // Forty days on: personal fields go, rows stay.
    nowMs = Date.parse('2026-07-11T08:00:00.000Z');
    const first = await hub.hub.privacy.runRetention({ dryRun: false, staffId: null, via: 'schedule' });
    // Staff sessions that ended more than 30 days ago go too.
    expect(first.deleted['sessions']).toBe(staffSessions);
    expect(dayFigures(hub.hub.db, day)).toEqual(figures);
    expect(hub.hub.db.prepare('SELECT count(*) AS n FROM visits').get()).toEqual({ n: 4 });

    // A hundred days on: the visits go, and every figure of their day is still there, from the counts.
    nowMs = Date.parse('2026-09-10T08:00:00.000Z');
    const report = await hub.hub.privacy.runRetention({ dryRun: false, staffId: null, via: 'schedule' });
    expect(report.deleted).toMatchObject({ visits: 4, outcomes: 3 });
    expect(report.deleted['tickets']).toBeGreaterThanOrEqual(6);
    expect(report.deleted['ticket_events']).toBeGreaterThan(report.deleted['tickets']!);
    for (const table of ['visits', 'tickets', 'ticket_events', 'outcomes', 'triage_answers', 'how_heard_answers', 'visit_needs', 'consents', 'visitors', 'alerts']) {
      expect(hub.hub.db.prepare(`SELECT count(*) AS n FROM ${table}`).get(), table).toEqual({ n: 0 });
    }
    // Deleted deepest first with foreign keys off for speed: nothing refers to what is gone, and they are on again.
    expect(hub.hub.db.pragma('foreign_key_check')).toEqual([]);
    expect(hub.hub.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(dayFigures(hub.hub.db, day)).toEqual(figures);
    const values = (hub.hub.db.prepare(`SELECT DISTINCT value FROM retained_counts`).all() as { value: string }[]).map((r) => r.value);
    expect(values.join(' ')).not.toMatch(/quiet word|Visitor/);
    // Outbox rows stay until the collector has them.
    expect(report.deleted['outbox']).toBe(0);
    const outboxRows = (hub.hub.db.prepare('SELECT count(*) AS n, max(id) AS high FROM outbox').get() as { n: number; high: number });
    expect(outboxRows.n).toBeGreaterThan(0);
    // The collector acknowledges them, as the uploader records it.
    hub.hub.db.prepare('UPDATE outbox SET acknowledged_at = ? WHERE id <= ?').run(new Date(nowMs).toISOString(), outboxRows.high);
    const again = await hub.hub.privacy.runRetention({ dryRun: false, staffId: null, via: 'schedule' });
    expect(again.deleted['outbox']).toBe(outboxRows.n);
    expect(dayFigures(hub.hub.db, day)).toEqual(figures);
  });

  it('runs once a day by itself, after 02:00 local time', async () => {
    nowMs = Date.parse('2026-09-11T00:30:00.000Z'); // 01:30 in London (BST)
    expect(await hub.hub.privacy.schedule.runIfDue()).toBeNull();
    nowMs = Date.parse('2026-09-11T02:30:00.000Z');
    const report = await hub.hub.privacy.schedule.runIfDue();
    expect(report?.asOf).toBe('2026-09-11');
    expect(report?.via).toBe('schedule');
    nowMs += 3_600_000;
    expect(await hub.hub.privacy.schedule.runIfDue()).toBeNull();
  });

  it('runs once on the nights the clocks change: from 02:00 BST when 01:00–02:00 never comes, at 02:00 GMT when 01:00–02:00 comes twice', async () => {
    // 28 March 2027: at 01:00 GMT the clocks go forward to 02:00 BST.
    nowMs = Date.parse('2027-03-28T00:59:00.000Z'); // 00:59 GMT
    expect(await hub.hub.privacy.schedule.runIfDue()).toBeNull();
    nowMs = Date.parse('2027-03-28T01:00:00.000Z'); // 02:00 BST
    expect((await hub.hub.privacy.schedule.runIfDue())?.asOf).toBe('2027-03-28');
    nowMs = Date.parse('2027-03-28T22:59:00.000Z'); // 23:59 BST, the same day
    expect(await hub.hub.privacy.schedule.runIfDue()).toBeNull();
    // 31 October 2027: at 02:00 BST the clocks go back to 01:00 GMT.
    nowMs = Date.parse('2027-10-31T00:30:00.000Z'); // 01:30 BST
    expect(await hub.hub.privacy.schedule.runIfDue()).toBeNull();
    nowMs = Date.parse('2027-10-31T01:30:00.000Z'); // 01:30 GMT, the second time
    expect(await hub.hub.privacy.schedule.runIfDue()).toBeNull();
    nowMs = Date.parse('2027-10-31T02:00:00.000Z'); // 02:00 GMT
    expect((await hub.hub.privacy.schedule.runIfDue())?.asOf).toBe('2027-10-31');
    nowMs = Date.parse('2027-10-31T23:59:00.000Z');
    expect(await hub.hub.privacy.schedule.runIfDue()).toBeNull();
    // Midnight: a new service day, not yet 02:00.
    nowMs = Date.parse('2027-11-01T00:00:00.000Z');
    expect(await hub.hub.privacy.schedule.runIfDue()).toBeNull();
  });

  it('refuses a second run while one runs', async () => {
    const first = hub.hub.privacy.runRetention({ dryRun: true, staffId: null, via: 'manager' });
    await expect(hub.hub.privacy.runRetention({ dryRun: true, staffId: null, via: 'manager' })).rejects.toMatchObject({ code: 'ALREADY_RUNNING' });
    await first;
  });
});
