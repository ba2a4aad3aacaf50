import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { parseHubConfig } from '../src-main/config/load-config';
import { DeviceManager } from '../src-main/devices/device-manager';
import { Hub } from '../src-main/hub';
import { openDatabase } from '../src-main/store/database';
import type { SyncEventDraft } from '../src-shared/sync/events';
import { busyDay, manualClock, syncTestHub } from '../tests/helpers/busy-day';
import { postgresUnavailable, privatePostgres } from '../tests/helpers/collector';
import { checkInBody } from '../tests/helpers/queue-hub';
import { makeTempDir } from '../tests/helpers/temp-dir';
import { percentile, type BenchResult } from './stats';

/**
 * The upload to a collector on 127.0.0.1: a 100,000-event backlog drained (events per second, on
 * the embedded PGlite and on a PostgreSQL server), check-in latency on the hub while it uploads
 * against idle, and the hub's bytes per visit of a busy day after upload and pruning.
 */
export const budgets = { pgEventsPerSecond: 10_000, pgliteEventsPerSecond: 5_000, checkInSlowdown: 2, bytesPerVisit: 4096 };

const root = join(import.meta.dirname, '..');
const backlogEvents = Number(process.env['BENCH_SYNC_EVENTS'] ?? 100_000);
const tokenEnv = 'FRONTDOOR_BENCH_TOKEN';

function collectorCli(args: string[]): string {
  const out = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src-upstream', 'cli.ts'), ...args], { cwd: root, encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`collector ${args.join(' ')} failed: ${out.stderr}`);
  return out.stdout;
}

function startCollectorChild(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src-upstream', 'cli.ts'), ...args, '--port', '0'], { cwd: root, env: { ...process.env, FRONTDOOR_LOG_LEVEL: 'error' } });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match) resolve({ child, url: match[1]! });
    });
    child.once('exit', (code) => reject(new Error(`the collector exited with ${code}: ${out}`)));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function makeHub(dir: string, hubId: string, url: string, token: string, clock = manualClock('2026-11-23T09:00:00.000Z')) {
  const db = openDatabase(join(dir, 'frontdoor.sqlite'));
  const hub = new Hub({
    config: parseHubConfig(syncTestHub({ id: hubId, upstream: { url, tokenEnv, batchSize: 500, batchMaxAgeSeconds: 0, timeoutSeconds: 60 } }), 'bench-hub.yaml'),
    db,
    identifierKey: Buffer.alloc(32, 7),
    programmeKey: Buffer.alloc(32, 8),
    devices: new DeviceManager({ printer: null, cardReader: null, qrScanner: null }),
    logger: pino({ level: 'silent' }),
    now: clock.now,
    env: { [tokenEnv]: token },
    uploaderTimings: { idlePollMs: 50, backoffBaseMs: 50, backoffCapMs: 500 },
  });
  return { db, hub, clock };
}

/** Fills the outbox with `count` events: a busy day's events again and again, each copy with fresh visit and ticket ids. */
function fillBacklog(hub: Hub, db: ReturnType<typeof openDatabase>, clock: ReturnType<typeof manualClock>, count: number): void {
  busyDay(hub, clock, 60);
  const template = (db.prepare('SELECT type, occurred_at, payload FROM outbox ORDER BY id').all() as { type: string; occurred_at: string; payload: string }[]).slice(0, 1000);
  const existing = (db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
  db.transaction(() => {
    for (let i = existing, copy = 0; i < count; copy += 1) {
      const prefix = copy.toString(16).padStart(8, '0');
      for (const row of template) {
        if (i >= count) break;
        // Every UUID in the payload gets this copy's prefix: new visits and tickets, same shapes.
        const payload = row.payload.replace(/"([0-9a-f]{8})(-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"/g, `"${prefix}$2"`);
        hub.outbox.add({ type: row.type, occurredAt: row.occurred_at, payload: JSON.parse(payload) as SyncEventDraft['payload'] } as SyncEventDraft);
        i += 1;
      }
    }
  })();
}

/** Check-ins one after another (a resident every few ms), timed in-process. */
async function timeCheckIns(hub: Hub, n: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const body = checkInBody({ help: i % 2 ? ['money', 'housing'] : ['work'] });
    const t0 = performance.now();
    hub.queue.checkIn({ ...body, skipped: [], talkToSomeone: false });
    times.push(performance.now() - t0);
    // Let the uploader (and its HTTP) run between residents, as the event loop would.
    await new Promise((r) => setTimeout(r, 5));
  }
  return times;
}

async function drain(engine: 'pglite' | 'postgres', collectorArgs: string[], temp: string): Promise<{ eventsPerSecond: number; idle: number[]; busy: number[] }> {
  const hubId = `bench-${engine}`;
  const token = collectorCli([...collectorArgs, '--add-hub', hubId]).split('\n')[1]!.trim();
  const { child, url } = await startCollectorChild(collectorArgs);
  const dir = join(temp, hubId);
  const { db, hub, clock } = makeHub(dir, hubId, url, token);
  try {
    fillBacklog(hub, db, clock, backlogEvents);
    const idle = await timeCheckIns(hub, 200);
    const total = hub.outbox.backlog();
    const backlogEnd = (db.prepare('SELECT max(id) AS id FROM outbox').get() as { id: number }).id;
    const uploader = hub.uploader!;
    // Throughput: until the backlog that was there at the start is acknowledged (check-ins go on meanwhile).
    let t1 = 0;
    const done = new Promise<void>((resolve) => {
      const off = uploader.onChange(() => {
        if (t1 === 0 && hub.outbox.cursor() >= backlogEnd) t1 = performance.now();
        if (t1 !== 0 && hub.outbox.backlog() === 0) {
          off();
          resolve();
        }
      });
    });
    const t0 = performance.now();
    hub.startSync();
    const busy = await timeCheckIns(hub, 200);
    await done;
    const seconds = (t1 - t0) / 1000;
    const status = uploader.status();
    if (status.quarantined.length > 0 || status.cursor !== (db.prepare('SELECT max(id) AS id FROM outbox').get() as { id: number }).id) {
      throw new Error(`the drain did not finish cleanly: ${JSON.stringify({ ...status, quarantined: status.quarantined.length })}`);
    }
    return { eventsPerSecond: total / seconds, idle, busy };
  } finally {
    await hub.stopSync();
    db.close();
    await stopChild(child);
  }
}

/** A busy day (600 visits) on a fresh hub, uploaded, then pruned as keepAcknowledgedDays later: its bytes per visit. */
async function bytesPerVisit(collectorArgs: string[], temp: string): Promise<{ perVisit: number; tables: string }> {
  const hubId = 'bench-bytes';
  const token = collectorCli([...collectorArgs, '--add-hub', hubId]).split('\n')[1]!.trim();
  const { child, url } = await startCollectorChild(collectorArgs);
  const dir = join(temp, hubId);
  const { db, hub, clock } = makeHub(dir, hubId, url, token);
  const file = join(dir, 'frontdoor.sqlite');
  const sizeNow = () => {
    db.exec('VACUUM');
    db.pragma('wal_checkpoint(TRUNCATE)');
    return statSync(file).size;
  };
  try {
    const empty = sizeNow();
    const visits = 600;
    busyDay(hub, clock, visits);
    const done = new Promise<void>((resolve) => {
      const off = hub.uploader!.onChange(() => {
        if (hub.outbox.backlog() === 0) {
          off();
          resolve();
        }
      });
    });
    hub.startSync();
    await done;
    await hub.stopSync();
    clock.advance((hub.config.hub.upstream!.keepAcknowledgedDays + 1) * 86_400_000);
    hub.uploader!.prune();
    const after = sizeNow();
    let tables = '';
    try {
      const rows = db.prepare(`SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC LIMIT 6`).all() as { name: string; bytes: number }[];
      tables = rows.map((r) => `${r.name} ${Math.round(r.bytes / visits)} B/visit`).join(', ');
    } catch {
      tables = 'dbstat not available';
    }
    return { perVisit: (after - empty) / visits, tables };
  } finally {
    db.close();
    await stopChild(child);
  }
}

export async function runSyncUpload(): Promise<BenchResult[]> {
  const temp = makeTempDir('frontdoor-bench-sync-');
  const results: BenchResult[] = [];
  try {
    const pgliteArgs = ['--data', join(temp.path, 'collector')];
    const bytes = await bytesPerVisit(pgliteArgs, temp.path);
    results.push({ name: 'hub bytes per visit after upload + prune', unit: 'bytes', samples: 600, median: bytes.perVisit, p95: bytes.perVisit, budgetP95: budgets.bytesPerVisit, note: bytes.tables });

    const lite = await drain('pglite', pgliteArgs, temp.path);
    results.push({ name: `drain ${backlogEvents} events → PGlite`, unit: 'events/s', samples: 1, median: lite.eventsPerSecond, p95: lite.eventsPerSecond, budgetMin: budgets.pgliteEventsPerSecond });
    const slowdown = (r: { idle: number[]; busy: number[] }) => percentile(r.busy, 95) / percentile(r.idle, 95);
    results.push({ name: 'check-in p95 while uploading (PGlite)', unit: '×', samples: lite.busy.length, median: percentile(lite.busy, 50) / percentile(lite.idle, 50), p95: slowdown(lite), budgetP95: budgets.checkInSlowdown, note: `idle p95 ${percentile(lite.idle, 95).toFixed(2)} ms, busy p95 ${percentile(lite.busy, 95).toFixed(2)} ms` });

    const why = postgresUnavailable();
    if (why) {
      console.log(`(PostgreSQL server bench skipped: ${why})`);
    } else {
      const server = await privatePostgres();
      try {
        const pg = await drain('postgres', ['--database', server.url], temp.path);
        results.push({ name: `drain ${backlogEvents} events → PostgreSQL`, unit: 'events/s', samples: 1, median: pg.eventsPerSecond, p95: pg.eventsPerSecond, budgetMin: budgets.pgEventsPerSecond });
        results.push({ name: 'check-in p95 while uploading (PostgreSQL)', unit: '×', samples: pg.busy.length, median: percentile(pg.busy, 50) / percentile(pg.idle, 50), p95: slowdown(pg), budgetP95: budgets.checkInSlowdown, note: `idle p95 ${percentile(pg.idle, 95).toFixed(2)} ms, busy p95 ${percentile(pg.busy, 95).toFixed(2)} ms` });
      } finally {
        server.stop();
      }
    }
    return results;
  } finally {
    temp.remove();
  }
}
