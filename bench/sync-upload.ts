import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
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
import { loadAverage, percentile, type BenchResult } from './stats';

/**
 * The upload to a collector on 127.0.0.1: a 100,000-event backlog drained (events per second, on
 * the embedded PGlite and on a PostgreSQL server), check-in latency on the hub while it uploads
 * against idle, and the hub's bytes per visit of a busy day after upload and pruning.
 *
 * Each drain runs BENCH_SYNC_RUNS times (default 3) on a fresh hub; the rate is the median run.
 * BENCH_SYNC_EVENTS sets the backlog, BENCH_SYNC_BATCH the events per request (default 2000).
 * The notes say where the processor time went, per event: the hub (its uploader, and the check-ins
 * timed meanwhile), the collector's process (HTTP, JSON, checks — and PGlite, which runs inside
 * it) and the PostgreSQL server's processes.
 */
export const budgets = { pgEventsPerSecond: 10_000, pgliteEventsPerSecond: 5_000, checkInSlowdown: 2, bytesPerVisit: 4096 };

const root = join(import.meta.dirname, '..');
const backlogEvents = Number(process.env['BENCH_SYNC_EVENTS'] ?? 100_000);
const runs = Number(process.env['BENCH_SYNC_RUNS'] ?? 3);
/** Events per request while draining (upstream.batchSize). */
const batchSize = Number(process.env['BENCH_SYNC_BATCH'] ?? 2000);
/** Check-ins timed before the upload starts. */
const idleCheckIns = 400;
/** Check-ins timed while it runs: until the backlog is acknowledged, at most this many. */
const busyCheckInsAtMost = 5000;
const tokenEnv = 'FRONTDOOR_BENCH_TOKEN';

/** Processor time (user + system, ms) of the processes `pick` chooses, from /proc; null where there is none. */
function processorMs(pick: (pid: number, parent: number) => boolean): number | null {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  const tick = 1000 / 100; // USER_HZ is 100 on Linux
  let total = 0;
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (pick(Number(entry), Number(fields[1]))) total += (Number(fields[11]) + Number(fields[12])) * tick;
    } catch {
      // The process ended meanwhile.
    }
  }
  return total;
}


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
    config: parseHubConfig(syncTestHub({ id: hubId, upstream: { url, tokenEnv, batchSize, batchMaxAgeSeconds: 0, timeoutSeconds: 60 } }), 'bench-hub.yaml'),
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

/**
 * Check-ins one after another, a resident every 5 ms, each timed from when it was due to when it
 * was done: its own time in-process plus any wait for the event loop (a request arriving while the
 * uploader holds the loop waits for it). `call` is the in-process time alone.
 */
async function timeCheckIns(hub: Hub, n: number, until?: () => boolean): Promise<{ arrival: number[]; call: number[] }> {
  const arrival: number[] = [];
  const call: number[] = [];
  for (let i = 0; i < n && !until?.(); i += 1) {
    const body = checkInBody({ help: i % 2 ? ['money', 'housing'] : ['work'] });
    const due = performance.now() + 5;
    await new Promise((r) => setTimeout(r, 5));
    const t0 = performance.now();
    hub.queue.checkIn({ ...body, skipped: [], talkToSomeone: false, comeToMe: false });
    const t1 = performance.now();
    call.push(t1 - t0);
    arrival.push(t1 - due);
  }
  return { arrival, call };
}

type Drain = {
  eventsPerSecond: number;
  idle: { arrival: number[]; call: number[] };
  busy: { arrival: number[]; call: number[] };
  /** Processor time per event drained (µs): the hub's process, the collector's, the PostgreSQL server's. */
  cpu: { hub: number; collector: number | null; server: number | null };
  /** The hub's event loop idle and while uploading: the longest it was held, and its p99 (ms) — a request arriving then waits that long. */
  loopMaxMs: { idle: number; busy: number; idleP99: number; busyP99: number };
  load: string;
};

async function drain(engine: 'pglite' | 'postgres', collectorArgs: string[], temp: string, run: number, serverPid: number | null): Promise<Drain> {
  const hubId = `bench-${engine}-${run}`;
  const token = collectorCli([...collectorArgs, '--add-hub', hubId]).split('\n')[1]!.trim();
  const { child, url } = await startCollectorChild(collectorArgs);
  const dir = join(temp, hubId);
  const { db, hub, clock } = makeHub(dir, hubId, url, token);
  try {
    fillBacklog(hub, db, clock, backlogEvents);
    const idleLoop = monitorEventLoopDelay({ resolution: 5 });
    idleLoop.enable();
    const idle = await timeCheckIns(hub, idleCheckIns);
    idleLoop.disable();
    const total = hub.outbox.backlog();
    const backlogEnd = (db.prepare('SELECT max(id) AS id FROM outbox').get() as { id: number }).id;
    const uploader = hub.uploader!;
    // Throughput: until the backlog that was there at the start is acknowledged (check-ins go on meanwhile).
    let t1 = 0;
    let cpu1: Drain['cpu'] | null = null;
    const cpuNow = () => {
      const own = process.cpuUsage();
      return {
        hub: (own.user + own.system) / 1000,
        collector: processorMs((pid, parent) => pid === child.pid || parent === child.pid),
        server: serverPid === null ? null : processorMs((pid, parent) => pid === serverPid || parent === serverPid),
      };
    };
    const loop = monitorEventLoopDelay({ resolution: 5 });
    const done = new Promise<void>((resolve) => {
      const off = uploader.onChange(() => {
        if (t1 === 0 && hub.outbox.cursor() >= backlogEnd) {
          t1 = performance.now();
          cpu1 = cpuNow();
          // What follows (counting the rest of the backlog on every change) is the bench's, not the uploader's.
          loop.disable();
        }
        if (t1 !== 0 && hub.outbox.backlog() === 0) {
          off();
          resolve();
        }
      });
    });
    const cpu0 = cpuNow();
    const t0 = performance.now();
    loop.enable();
    hub.startSync();
    // A resident every 5 ms for as long as the backlog of the start uploads (bounded).
    const busy = await timeCheckIns(hub, busyCheckInsAtMost, () => t1 !== 0);
    await done;
    loop.disable();
    const seconds = (t1 - t0) / 1000;
    const status = uploader.status();
    if (status.quarantined.length > 0 || status.cursor !== (db.prepare('SELECT max(id) AS id FROM outbox').get() as { id: number }).id) {
      throw new Error(`the drain did not finish cleanly: ${JSON.stringify({ ...status, quarantined: status.quarantined.length })}`);
    }
    const end = cpu1 ?? cpuNow();
    const per = (a: number | null, b: number | null) => (a === null || b === null ? null : ((b - a) * 1000) / total);
    return {
      eventsPerSecond: total / seconds,
      idle,
      busy,
      cpu: { hub: per(cpu0.hub, end.hub)!, collector: per(cpu0.collector, end.collector), server: per(cpu0.server, end.server) },
      loopMaxMs: { idle: idleLoop.max / 1e6, busy: loop.max / 1e6, idleP99: idleLoop.percentile(99) / 1e6, busyP99: loop.percentile(99) / 1e6 },
      load: loadAverage().split(' ')[0]!,
    };
  } finally {
    await hub.stopSync();
    db.close();
    await stopChild(child);
  }
}

/** Several drains of one engine: the median rate, and the check-in times of all of them together. */
async function drains(engine: 'pglite' | 'postgres', collectorArgs: string[], temp: string, serverPid: number | null): Promise<BenchResult[]> {
  const all: Drain[] = [];
  for (let run = 1; run <= runs; run += 1) all.push(await drain(engine, collectorArgs, temp, run, serverPid));
  const rates = all.map((d) => d.eventsPerSecond);
  const idle = all.flatMap((d) => d.idle.arrival);
  const busy = all.flatMap((d) => d.busy.arrival);
  const idleCall = all.flatMap((d) => d.idle.call);
  const busyCall = all.flatMap((d) => d.busy.call);
  const median = (values: number[]) => percentile(values, 50);
  const us = (values: (number | null)[]) => (values.some((v) => v === null) ? '—' : `${median(values as number[]).toFixed(0)}`);
  const label = engine === 'pglite' ? 'PGlite' : 'PostgreSQL';
  const where = `processor µs/event: hub ${us(all.map((d) => d.cpu.hub))}, collector ${us(all.map((d) => d.cpu.collector))}${engine === 'postgres' ? `, server ${us(all.map((d) => d.cpu.server))}` : ' (PGlite inside)'}`;
  return [
    {
      name: `drain ${backlogEvents} events → ${label}`,
      unit: 'events/s',
      samples: all.length,
      median: median(rates),
      p95: median(rates),
      budgetMin: engine === 'pglite' ? budgets.pgliteEventsPerSecond : budgets.pgEventsPerSecond,
      note: `runs ${rates.map((r) => r.toFixed(0)).join(', ')}; batches of ${batchSize}; ${where}; load average ${all.map((d) => d.load).join(', ')}`,
    },
    {
      name: `check-in p95 while uploading (${label})`,
      unit: '×',
      samples: busy.length,
      median: median(busy) / median(idle),
      p95: percentile(busy, 95) / percentile(idle, 95),
      budgetP95: budgets.checkInSlowdown,
      note: `as due → done: idle p95 ${percentile(idle, 95).toFixed(2)} ms, uploading p95 ${percentile(busy, 95).toFixed(2)} ms; the call alone: idle p95 ${percentile(idleCall, 95).toFixed(2)} ms, uploading p95 ${percentile(busyCall, 95).toFixed(2)} ms; the hub's event loop held p99 ${median(all.map((d) => d.loopMaxMs.idleP99)).toFixed(0)} ms (at most ${Math.max(...all.map((d) => d.loopMaxMs.idle)).toFixed(0)}) idle, p99 ${median(all.map((d) => d.loopMaxMs.busyP99)).toFixed(0)} ms (at most ${Math.max(...all.map((d) => d.loopMaxMs.busy)).toFixed(0)}) uploading`,
    },
  ];
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

/** BENCH_SYNC_ONLY=bytes,pglite,postgres picks parts (default: all three). */
const parts = new Set((process.env['BENCH_SYNC_ONLY'] ?? 'bytes,pglite,postgres').split(',').map((p) => p.trim()));

export async function runSyncUpload(): Promise<BenchResult[]> {
  const temp = makeTempDir('frontdoor-bench-sync-');
  const results: BenchResult[] = [];
  try {
    const pgliteArgs = ['--data', join(temp.path, 'collector')];
    if (parts.has('bytes')) {
      const bytes = await bytesPerVisit(pgliteArgs, temp.path);
      results.push({ name: 'hub bytes per visit after upload + prune', unit: 'bytes', samples: 600, median: bytes.perVisit, p95: bytes.perVisit, budgetP95: budgets.bytesPerVisit, note: bytes.tables });
    }

    if (parts.has('pglite')) results.push(...(await drains('pglite', pgliteArgs, temp.path, null)));

    const why = postgresUnavailable();
    if (!parts.has('postgres')) {
      // Not asked for.
    } else if (why) {
      console.log(`(PostgreSQL server bench skipped: ${why})`);
    } else {
      const server = await privatePostgres();
      try {
        results.push(...(await drains('postgres', ['--database', server.url], temp.path, server.pid)));
      } finally {
        server.stop();
      }
    }
    return results;
  } finally {
    temp.remove();
  }
}
