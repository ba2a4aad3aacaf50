/**
 * The programme's figures across hubs, on the collector: two hubs of one programme upload a small
 * history through their outboxes (a resident using both);
 * the figures are checked against counts worked out by hand, unsuppressed, then as they leave the
 * collector (ONS 10-5 with secondary suppression), on PGlite and on a PostgreSQL server.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInRequest } from '../../src-shared/api/contract';
import type { ProgrammeFigure } from '../../src-shared/reports/programme-figures';
import type { ProgrammeFiguresReply } from '../../src-shared/sync/collector-endpoints';
import { parseHubConfig } from '../../src-main/config/load-config';
import { DeviceManager } from '../../src-main/devices/device-manager';
import { Hub } from '../../src-main/hub';
import { openDatabase } from '../../src-main/store/database';
import { Collector } from '../../src-upstream/collector';
import type { RunningCollector } from '../../src-upstream/start-collector';
import type { SqlDatabase } from '../../src-upstream/store/sql';
import { manualClock, syncTestHub } from '../helpers/busy-day';
import { collectorDatabase, postgresUnavailable, startTestCollector, type CollectorBackend } from '../helpers/collector';
import { checkInBody } from '../helpers/queue-hub';

const programmeKey = Buffer.alloc(32, 42);

/** A hub of the programme, its events read from its outbox as the uploader would send them. */
function programmeHub(id: string, identifierKey: number) {
  const clock = manualClock('2026-03-02T09:00:00.000Z');
  const db = openDatabase(':memory:');
  const hub = new Hub({
    config: parseHubConfig(syncTestHub({ id }), `${id}.yaml`),
    db,
    identifierKey: Buffer.alloc(32, identifierKey),
    programmeKey,
    devices: new DeviceManager({ printer: null, cardReader: null, qrScanner: null }),
    logger: pino({ level: 'silent' }),
    now: clock.now,
  });
  const checkIn = (at: string, options: Parameters<typeof checkInBody>[0]) => {
    clock.set(at);
    return hub.queue.checkIn(checkInRequest.parse(checkInBody(options)));
  };
  const serve = (serviceId: string, desk: string, outcome: Parameters<Hub['queue']['finish']>[1]) => {
    const ticket = hub.queue.callNext(serviceId, desk, 'staff-1');
    hub.queue.start(ticket.id, null, 'staff-1');
    hub.queue.finish(ticket.id, outcome, 'staff-1');
  };
  const events = () => hub.outbox.unsentRows(1_000_000).map((r) => (r.event.ok ? (JSON.parse(r.event.json) as unknown) : null));
  return { id, hub, clock, checkIn, serve, events, close: () => db.close() };
}

const north = programmeHub('hub-north', 1);
const south = programmeHub('hub-south', 2);

beforeAll(() => {
  // North, Monday 2 March: P (money and housing: referred to the food bank, then registered; a job
  // evidenced later), and twelve walk-ins for work, two of them at the jobs fair.
  const p = north.checkIn('2026-03-02T09:00:00.000Z', { card: 'CARD0001', help: ['money', 'housing'] });
  north.serve('money', 'Desk 1', { kind: 'referred', referredToId: 'food-bank' });
  north.serve('housing', 'Desk 3', { kind: 'registered' });
  const fair = north.hub.programme.createEvent(
    { name: 'Jobs fair', kind: 'jobs-fair', startsAt: '2026-03-02T09:00:00.000Z', endsAt: '2026-03-02T15:00:00.000Z', partnerId: null, capacity: 40 },
    null,
  );
  for (let i = 0; i < 12; i += 1) {
    const walkIn = north.checkIn(`2026-03-02T10:${String(i).padStart(2, '0')}:00.000Z`, { help: ['work'], name: null });
    if (i < 2) north.hub.programme.tagVisit(walkIn.visitId, fair.id, 'kiosk', null);
  }
  north.clock.set('2026-03-20T12:00:00.000Z');
  north.hub.programme.recordJourney(p.visitId, { stage: 'outcome', serviceId: 'money', outcomeKind: 'job', evidence: 'payslip-or-contract', occurredOn: '2026-03-20' }, null);

  // South, Tuesday 3 March: P again (work: referred to the shelter), Q (money), three walk-ins.
  south.checkIn('2026-03-03T09:00:00.000Z', { card: 'CARD0001', help: ['work'] });
  south.serve('work', 'Desk 4', { kind: 'referred', referredToId: 'shelter' });
  south.checkIn('2026-03-03T09:30:00.000Z', { card: 'CARD0002', help: ['money'] });
  for (let i = 0; i < 3; i += 1) south.checkIn(`2026-03-03T11:0${i}:00.000Z`, { help: ['work'], name: null });
});

afterAll(() => {
  north.close();
  south.close();
});

/** Row key → [north, south, programme]. */
function table(figures: ProgrammeFigure[], id: ProgrammeFigure['id']): Record<string, (number | null)[]> {
  const f = figures.find((x) => x.id === id)!;
  return Object.fromEntries(f.rows.map((r) => [r.key, [...r.hubs, r.programme]]));
}

const noPostgres = postgresUnavailable();
const backends: { backend: CollectorBackend; skip: string | null }[] = [
  { backend: 'pglite', skip: null },
  { backend: 'postgres', skip: noPostgres },
];

for (const { backend, skip } of backends) {
  describe.skipIf(skip !== null)(`the programme's figures on ${backend}${skip ? ` (skipped: ${skip})` : ''}`, () => {
    let db: SqlDatabase;
    let remove: () => Promise<void>;
    let running: RunningCollector;

    beforeAll(async () => {
      ({ db, remove } = await collectorDatabase(backend));
      running = await startTestCollector(db);
      for (const hub of [north, south]) {
        const { id } = hub;
        await running.collector.addHub(id);
        const reply = await running.collector.ingest(id, { hubId: id, batchId: randomUUID(), events: hub.events(), backlog: { count: 0, oldestUnsentAt: null } });
        expect(reply.results.every((r) => r.status === 'stored')).toBe(true);
      }
    });
    afterAll(async () => {
      await running?.close();
      await remove?.();
    });

    it('counts across hubs by hand: visits add up, people once, first visits to a hub and to the programme', async () => {
      const exact = await new Collector(db, { suppression: { threshold: 1, roundTo: 1, hideZeros: false } }).figures('2026-03-01', '2026-03-31');
      expect(exact.hubs).toEqual(['hub-north', 'hub-south']);
      const f = exact.figures;
      // P is known to each hub by a pseudonym of that hub's own record: new to the south hub, and a
      // person at each (the programme's people are the hubs' added up).
      expect(table(f, 'footfall')).toEqual({
        visits: [13, 5, 18],
        first: [1, 2, 3],
        returning: [0, 0, 0],
        'not-identified': [12, 3, 15],
        people: [13, 5, 18],
      });
      expect(table(f, 'needs')).toEqual({ work: [12, 4, 16], money: [1, 1, 2], housing: [1, 0, 1] });
      expect(table(f, 'needs-per-visit')).toEqual({ 'needs-0': [0, 0, 0], 'needs-1': [12, 5, 17], 'needs-2': [1, 0, 1], 'needs-3+': [0, 0, 0] });
      expect(table(f, 'how-heard')).toEqual({ 'friend-family': [13, 5, 18] });
      expect(table(f, 'journey-funnel')).toEqual({ enquiry: [13, 5, 18], signposted: [0, 0, 0], referred: [1, 1, 2], registered: [1, 0, 1], outcome: [1, 0, 1] });
      expect(table(f, 'referrals-by-organisation')).toEqual({ 'food-bank': [1, 0, 1], shelter: [0, 1, 1] });
      expect(table(f, 'outcomes-by-kind')).toEqual({ job: [1, 0, 1] });
      expect(table(f, 'event-attendance')).toEqual({ 'jobs-fair': [2, 0, 2] });
      // Outcomes are dated by their evidence: none in February, and March's job not on the 2nd alone.
      const second = await new Collector(db, { suppression: { threshold: 1, roundTo: 1, hideZeros: false } }).figures('2026-03-02', '2026-03-02');
      expect(table(second.figures, 'outcomes-by-kind')).toEqual({});
      expect(table(second.figures, 'footfall')['visits']).toEqual([13, 0, 13]);
    });

    it('leaves the collector suppressed (ONS 10-5): no hidden hub can be worked out from the programme figure', async () => {
      const response = await fetch(`${running.url}/api/programme/figures?from=2026-03-01&to=2026-03-31`);
      expect(response.status).toBe(200);
      const reply = (await response.json()) as ProgrammeFiguresReply;
      expect(reply.suppression).toEqual({ threshold: 10, roundTo: 5, hideZeros: false });
      const footfall = table(reply.figures, 'footfall');
      // South's 5 is small, so hidden; north's 13 would then give it away beside the programme's 18
      // (published as 20): hidden too.
      expect(footfall['visits']).toEqual([null, null, 20]);
      expect(footfall['not-identified']).toEqual([null, null, 15]);
      // Work: south's 4 hidden, so north's 12 too; the programme's 16 rounded to 15.
      expect(table(reply.figures, 'needs')['work']).toEqual([null, null, 15]);
      for (const figure of reply.figures) {
        for (const row of figure.rows) {
          for (const cell of [...row.hubs, row.programme]) if (cell !== null) expect(cell === 0 || (cell >= 10 && cell % 5 === 0)).toBe(true);
          if (row.programme !== null) expect(row.hubs.filter((c) => c === null).length).not.toBe(1);
        }
        expect(figure.meaning.length).toBeGreaterThan(20);
      }
    });

    it('refuses a range backwards or over five years, naming the field', async () => {
      const backwards = await fetch(`${running.url}/api/programme/figures?from=2026-03-31&to=2026-03-01`);
      expect(backwards.status).toBe(400);
      expect(JSON.stringify(await backwards.json())).toMatch(/to/);
      const long = await fetch(`${running.url}/api/programme/figures?from=2015-01-01&to=2026-03-01`);
      expect(long.status).toBe(400);
    });

    it('keeps the figures to the collector’s own machine or a programme token', async () => {
      const fromLan = await running.server.inject({ method: 'GET', url: '/api/programme/figures?from=2026-03-01&to=2026-03-31', remoteAddress: '192.168.1.50' });
      expect(fromLan.statusCode).toBe(403);
    });
  });
}

describe('the collector’s suppression settings', () => {
  it('refuses a threshold or rounding that is not a whole number, saying which', () => {
    const root = join(__dirname, '..', '..');
    const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src-upstream', 'cli.ts'), ...args], { cwd: root, encoding: 'utf8' });
    const zero = run('--suppress-below', '0');
    expect(zero.status).toBe(2);
    expect(zero.stderr).toMatch(/--suppress-below must be a whole number from 1 to 1000, not "0"/);
    const words = run('--round-to', 'five');
    expect(words.status).toBe(2);
    expect(words.stderr).toMatch(/--round-to must be a whole number/);
  });
});
