import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseHubConfig } from '../src-main/config/load-config';
import { ReportService } from '../src-main/reports/report-service';
import { openDatabase, type HubDatabase } from '../src-main/store/database';
import { timeOrderedId } from '../src-main/store/row-ids';
import { servicesOf, type HubConfig } from '../src-shared/config/schema';
import { presetRange } from '../src-shared/reports/range';
import { serviceDayOf } from '../src-shared/time';
import { reportTestHub } from '../tests/helpers/report-hub';
import { makeTempDir } from '../tests/helpers/temp-dir';
import { seedWithoutRollupTriggers } from './seed-rollups';
import { percentile, type BenchResult } from './stats';

/**
 * The manager's dashboard and the year's visit-level export on a busy hub's year: 150,000 visits
 * (about 600 a working day) with 1–3 stops each, needs, how-heard answers, journey facts, events
 * and some equality answers.
 */
export const budgets = { dashboardP95Ms: 300, yearExportMs: 10_000, exportMemoryMb: 200 };

const yearOfVisits = Number(process.env['BENCH_VISITS'] ?? 150_000);
const today = '2026-11-20';

export function seed(db: HubDatabase, hub: HubConfig): void {
  const services = servicesOf(hub).map((s) => s.id);
  const needs = hub.triage.needs.map((n) => n.id);
  const options = hub.howHeard.options.map((o) => o.id);
  const visit = db.prepare(
    `INSERT INTO visits (id, request_id, visitor_id, hub_id, service_day, checked_in_at, method, config_hash, config_version, display_name, status, closed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'bench', 3, 'Sam', 'closed', ?)`,
  );
  const visitor = db.prepare(`INSERT OR IGNORE INTO visitors (id, created_at) VALUES (?, ?)`);
  const ticket = db.prepare(
    `INSERT INTO tickets (id, visit_id, service_id, service_day, seq, number, stop_order, status, queued_at, called_at, started_at, finished_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const need = db.prepare(`INSERT OR IGNORE INTO visit_needs (visit_id, need_id) VALUES (?, ?)`);
  const heard = db.prepare(`INSERT OR IGNORE INTO how_heard_answers (visit_id, option_id) VALUES (?, ?)`);
  const outcome = db.prepare(`INSERT INTO outcomes (ticket_id, visit_id, service_id, kind, recorded_at) VALUES (?, ?, ?, ?, ?)`);
  const fact = db.prepare(
    `INSERT INTO journey_facts (visit_id, service_id, stage, organisation_id, programme_id, outcome_kind, evidence, occurred_on, recorded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const demo = db.prepare(`INSERT OR IGNORE INTO demographics (visitor_id, age_band, employment_status, updated_at) VALUES (?, ?, ?, ?)`);
  const event = db.prepare(
    `INSERT INTO hub_events (id, name, kind, starts_at, ends_at, start_day, capacity, created_at, updated_at) VALUES (?, ?, 'workshop', ?, ?, ?, 30, ?, ?)`,
  );
  const tag = db.prepare(`INSERT INTO visit_events (visit_id, event_id, source, tagged_at) VALUES (?, ?, 'kiosk', ?)`);
  db.prepare(`INSERT INTO config_versions VALUES ('bench', ?, 3, ?, '{}')`).run(hub.id, new Date().toISOString());
  const perDay = 600;
  const end = Date.parse(`${today}T09:00:00.000Z`);
  const days = Math.ceil(yearOfVisits / perDay);
  let seq = 0;
  let eventId = '';
  db.transaction(() => {
    for (let i = 0; i < yearOfVisits; i += 1) {
      const day = Math.floor(i / perDay);
      const at = new Date(end - (days - day) * 86_400_000 + (i % perDay) * 45_000);
      const iso = at.toISOString();
      const serviceDay = serviceDayOf(at, hub.timeZone);
      if (i % perDay === 0) {
        eventId = randomUUID();
        event.run(eventId, `Workshop ${day}`, iso, new Date(at.getTime() + 3 * 3_600_000).toISOString(), serviceDay, iso, iso);
      }
      // Two in three known (a pool of 40,000 people), a third anonymous walk-ins.
      const visitorId = i % 3 === 0 ? null : `person-${(i * 7919) % 40_000}`;
      if (visitorId) visitor.run(visitorId, iso);
      // Ids as the hub makes them (time-ordered, from the check-in's time).
      const visitId = timeOrderedId(at);
      visit.run(visitId, visitId, visitorId, hub.id, serviceDay, iso, visitorId ? 'card' : 'walk-in', iso);
      const stops = 1 + (i % 3);
      for (let s = 0; s < stops; s += 1) {
        const serviceId = services[(i + s) % services.length]!;
        const ticketId = timeOrderedId(at);
        seq += 1;
        const called = new Date(at.getTime() + ((i * 13) % 50) * 60_000).toISOString();
        const finished = new Date(at.getTime() + 60 * 60_000).toISOString();
        const noShow = i % 17 === 0;
        ticket.run(ticketId, visitId, serviceId, serviceDay, seq, `X${seq}`, s + 1, noShow ? 'no-show' : 'done', iso, called, noShow ? null : called, finished);
        if (!noShow && i % 4 === 0) outcome.run(ticketId, visitId, serviceId, ['signposted', 'referred', 'registered', 'advice-given'][i % 4 === 0 ? (i / 4) % 4 : 3]!, finished);
      }
      for (let n = 0; n < 1 + (i % 2); n += 1) need.run(visitId, needs[(i + n * 3) % needs.length]!);
      heard.run(visitId, options[i % options.length]!);
      if (i % 10 === 0) fact.run(visitId, services[i % services.length]!, 'referred', 'citizens-advice', null, null, null, serviceDay, iso);
      if (i % 25 === 0) fact.run(visitId, services[i % services.length]!, 'registered', null, 'connect-to-work', null, null, serviceDay, iso);
      if (i % 60 === 0) fact.run(visitId, services[i % services.length]!, 'outcome', null, null, 'job', 'payslip-or-contract', serviceDay, iso);
      if (visitorId && i % 5 === 0) demo.run(visitorId, ['16-24', '25-34', '35-49', '50-64'][i % 4]!, ['employed', 'unemployed', 'inactive'][i % 3]!, iso);
      if (i % 20 === 0) tag.run(visitId, eventId, iso);
    }
  })();
}

export async function runReports(): Promise<BenchResult[]> {
  const temp = makeTempDir('frontdoor-bench-reports-');
  try {
    const config = parseHubConfig(reportTestHub(), 'bench-hub.yaml');
    const db = openDatabase(join(temp.path, 'bench.sqlite'));
    const seedStart = performance.now();
    db.pragma('synchronous = OFF');
    const { rebuildMs } = seedWithoutRollupTriggers(db, config.hub, () => seed(db, config.hub));
    db.pragma('synchronous = NORMAL');
    const seedMs = performance.now() - seedStart;
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.exec('ANALYZE');
    const reports = new ReportService({ db, hub: config.hub, exportKey: Buffer.alloc(32, 7), now: () => new Date(`${today}T15:00:00.000Z`) });

    const ranges = {
      today: presetRange('today', today),
      week: presetRange('week', today),
      month: presetRange('month', today),
      quarter: presetRange('quarter', today),
      'custom: the year': { from: '2025-11-21', to: today },
    };
    const results: BenchResult[] = [
      { name: 'seed: a year of visits', unit: 'ms', samples: 1, median: seedMs, p95: seedMs, note: `${yearOfVisits} visits, rollups rebuilt` },
      { name: 'rollups: rebuild from that year', unit: 'ms', samples: 1, median: rebuildMs, p95: rebuildMs, note: 'a first start after migration 014' },
    ];
    for (const [name, range] of Object.entries(ranges)) {
      reports.dashboard(range);
      const times: number[] = [];
      for (let i = 0; i < 20; i += 1) {
        const t0 = performance.now();
        reports.dashboard(range);
        times.push(performance.now() - t0);
      }
      results.push({ name: `dashboard: ${name}`, unit: 'ms', samples: times.length, median: percentile(times, 50), p95: percentile(times, 95), budgetP95: budgets.dashboardP95Ms });
    }

    // The year's visit-level XLSX, streamed to a sink that throws the bytes away.
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
    const t0 = performance.now();
    let bytes = 0;
    const file = reports.visitExport(ranges['custom: the year'], 'xlsx', false);
    await pipeline(
      file.stream as NodeJS.ReadableStream,
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          bytes += chunk.length;
          done();
        },
      }),
    );
    const exportMs = performance.now() - t0;
    clearInterval(timer);
    const growthMb = (Math.max(peak, process.memoryUsage().rss) - before) / 1_048_576;
    results.push({ name: 'export: the year as XLSX', unit: 'ms', samples: 1, median: exportMs, p95: exportMs, budgetP95: budgets.yearExportMs, note: `${(bytes / 1_048_576).toFixed(1)} MB file` });
    results.push({ name: 'export: memory growth (MB, RSS peak)', unit: 'ms', samples: 1, median: growthMb, p95: growthMb, budgetP95: budgets.exportMemoryMb, note: 'unit is MB here' });
    db.close();
    return results;
  } finally {
    temp.remove();
  }
}
