import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { parseHubConfig } from '../src-main/config/load-config';
import { QueueService } from '../src-main/queue/queue-service';
import { openDatabase, type HubDatabase } from '../src-main/store/database';
import { servicesOf } from '../src-shared/config/schema';
import { serviceDayOf } from '../src-shared/time';
import { checkInBody, queueTestHub } from '../tests/helpers/queue-hub';
import { makeTempDir } from '../tests/helpers/temp-dir';
import { seedWithoutRollupTriggers } from './seed-rollups';
import { percentile, type BenchResult } from './stats';

/**
 * Check-in and call-next throughput in-process on a database holding a year of a busy hub:
 * 150,000 visits (about 600 a working day), each with tickets, events, answers and outbox rows.
 */
export const budgets = {
  checkInP95Ms: 5,
  callNextP95Ms: 2,
};

const yearOfVisits = Number(process.env['BENCH_VISITS'] ?? 150_000);

function seedYear(db: HubDatabase, hubId: string, configHash: string, services: string[], timeZone: string): void {
  const insertVisit = db.prepare(
    `INSERT INTO visits (id, request_id, hub_id, service_day, checked_in_at, method, config_hash, config_version, display_name, priority, status, closed_at)
     VALUES (?, ?, ?, ?, ?, 'walk-in', ?, 3, 'Sam', 0, 'closed', ?)`,
  );
  const insertTicket = db.prepare(
    `INSERT INTO tickets (id, visit_id, service_id, service_day, seq, number, stop_order, status, priority, desk, queued_at, called_at, started_at, finished_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'done', 0, 'Desk 1', ?, ?, ?, ?)`,
  );
  const insertEvent = db.prepare(`INSERT INTO ticket_events (ticket_id, visit_id, type, at, ticket) VALUES (?, ?, ?, ?, '{}')`);
  const insertAnswer = db.prepare(`INSERT INTO triage_answers (visit_id, question_id, answer) VALUES (?, 'help-with', '["money"]')`);
  const insertNeed = db.prepare(`INSERT INTO visit_needs (visit_id, need_id) VALUES (?, 'money')`);
  const insertOutbox = db.prepare(`INSERT INTO outbox (event_id, type, occurred_at, payload) VALUES (?, 'visit.checked-in', ?, '{}')`);
  const counters = new Map<string, number>();
  const start = Date.parse('2025-11-24T09:00:00.000Z');
  const perDay = 600;
  db.transaction(() => {
    for (let i = 0; i < yearOfVisits; i += 1) {
      const day = Math.floor(i / perDay);
      const at = new Date(start + day * 86_400_000 + (i % perDay) * 45_000);
      const iso = at.toISOString();
      const serviceDay = serviceDayOf(at, timeZone);
      const visitId = randomUUID();
      insertVisit.run(visitId, `seed-${i}`, hubId, serviceDay, iso, configHash, iso);
      const stops = 1 + (i % 3);
      for (let s = 0; s < stops; s += 1) {
        const serviceId = services[(i + s) % services.length]!;
        const key = `${serviceId}/${serviceDay}`;
        const seq = (counters.get(key) ?? 0) + 1;
        counters.set(key, seq);
        const ticketId = randomUUID();
        const finished = new Date(at.getTime() + 20 * 60_000).toISOString();
        insertTicket.run(ticketId, visitId, serviceId, serviceDay, seq, `X${seq}`, s + 1, iso, iso, iso, finished);
        insertEvent.run(ticketId, visitId, 'created', iso);
        insertEvent.run(ticketId, visitId, 'called', iso);
        insertEvent.run(ticketId, visitId, 'finished', finished);
      }
      insertAnswer.run(visitId);
      insertNeed.run(visitId);
      insertOutbox.run(randomUUID(), iso);
    }
  })();
}

export function runQueueThroughput(options: { checkIns?: number } = {}): BenchResult[] {
  const temp = makeTempDir('frontdoor-bench-');
  try {
    const config = parseHubConfig(queueTestHub(), 'bench-hub.yaml');
    const db = openDatabase(join(temp.path, 'bench.sqlite'));
    const services = servicesOf(config.hub).map((s) => s.id);
    db.prepare(`INSERT INTO config_versions VALUES (?, ?, 3, ?, '{}')`).run(config.hash, config.hub.id, new Date().toISOString());
    const seedStart = performance.now();
    // Seeding is setup, not the thing measured: no fsync while it runs.
    db.pragma('synchronous = OFF');
    seedWithoutRollupTriggers(db, config.hub, () => seedYear(db, config.hub.id, config.hash, services, config.hub.timeZone));
    db.pragma('synchronous = NORMAL');
    const seedMs = performance.now() - seedStart;
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.exec('ANALYZE');

    let now = Date.parse('2026-11-23T09:00:00.000Z');
    const queue = new QueueService({ db, hub: config.hub, configHash: config.hash, identifierKey: Buffer.alloc(32, 7), programmeKey: Buffer.alloc(32, 8), now: () => new Date(now) });
    const n = options.checkIns ?? 3000;
    const checkInMs: number[] = [];
    const callNextMs: number[] = [];
    const desks: Record<string, string> = { money: 'Desk 1', housing: 'Desk 3', work: 'Desk 4' };
    // A busy day's rhythm: check-ins arrive and desks call, so each queue stays a realistic length
    // (about 40 waiting per service at the peak) rather than growing without end.
    for (let i = 0; i < n; i += 1) {
      now += 1000;
      const body = checkInBody({ help: i % 2 ? ['money', 'housing'] : ['work'], ...(i % 5 === 0 ? { card: `CARD${i}` } : {}) });
      const t0 = performance.now();
      queue.checkIn({ ...body, skipped: [], talkToSomeone: false, comeToMe: false, howHeard: body.howHeard });
      checkInMs.push(performance.now() - t0);
      if (i < 60) continue;
      for (const serviceId of ['money', 'work', 'housing']) {
        const c0 = performance.now();
        try {
          const ticket = queue.callNext(serviceId, desks[serviceId]!);
          callNextMs.push(performance.now() - c0);
          // Free the visitor so their other stops can be called, as a desk would.
          queue.finish(ticket.id, { kind: 'advice-given' });
        } catch {
          callNextMs.push(performance.now() - c0);
        }
      }
    }
    db.close();
    return [
      { name: 'seed: a year of visits', unit: 'ms', samples: 1, median: seedMs, p95: seedMs, note: `${yearOfVisits} visits` },
      { name: 'check-in (3-stop max, in-process)', unit: 'ms', samples: checkInMs.length, median: percentile(checkInMs, 50), p95: percentile(checkInMs, 95), budgetP95: budgets.checkInP95Ms },
      { name: 'call-next (in-process)', unit: 'ms', samples: callNextMs.length, median: percentile(callNextMs, 50), p95: percentile(callNextMs, 95), budgetP95: budgets.callNextP95Ms },
    ];
  } finally {
    temp.remove();
  }
}
