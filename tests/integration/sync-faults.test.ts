import Database from 'better-sqlite3';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UploaderTimings } from '../../src-main/sync/uploader';
import type { SyncStatusView } from '../../src-shared/sync/status';
import type { RunningCollector } from '../../src-upstream/start-collector';
import { openPglite, type SqlDatabase } from '../../src-upstream/store/sql';
import { busyDay, manualClock, planted, syncTestHub } from '../helpers/busy-day';
import { freshPglite, migratedPgliteFolder, startTestCollector } from '../helpers/collector';
import { FaultProxy, type Fault } from '../helpers/fault-proxy';
import { checkInBody } from '../helpers/queue-hub';
import { signInAs, startTestHub, type TestHub } from '../helpers/running-hub';
import { makeTempDir } from '../helpers/temp-dir';

const root = join(import.meta.dirname, '..', '..');
const tokenEnv = 'FD_TEST_UPLOAD_TOKEN';
const fast: Partial<UploaderTimings> = { batchMaxAgeMs: 10, requestTimeoutMs: 400, backoffBaseMs: 10, backoffCapMs: 80, idlePollMs: 50, leaseMs: 3000 };

let db: SqlDatabase;
let removeDb: () => Promise<void>;
let collector: RunningCollector;
let hubs = 0;

beforeAll(async () => {
  ({ db, remove: removeDb } = await freshPglite());
  collector = await startTestCollector(db);
});
afterAll(async () => {
  await collector?.close();
  await removeDb?.();
});

type Scenario = { hubId: string; token: string; hub: TestHub; proxy: FaultProxy; clock: ReturnType<typeof manualClock>; dispose: () => Promise<void> };

/** A fresh hub registered with the shared collector, uploading through its own fault proxy. */
async function scenario(faults: Fault[] = [], options: { mode?: Fault; alertBacklogMinutes?: number; dataDir?: string } = {}): Promise<Scenario> {
  hubs += 1;
  const hubId = `fault-hub-${hubs}`;
  const token = await collector.collector.addHub(hubId);
  const proxy = await new FaultProxy(collector.url).listen();
  proxy.plan(...faults);
  if (options.mode) proxy.setMode(options.mode);
  const clock = manualClock();
  const hub = await startTestHub({
    hub: syncTestHub({
      id: hubId,
      upstream: { url: proxy.url, tokenEnv, batchSize: 25, batchMaxAgeSeconds: 0, timeoutSeconds: 1, ...(options.alertBacklogMinutes ? { alertBacklogMinutes: options.alertBacklogMinutes } : {}) },
    }),
    now: clock.now,
    sync: { env: { [tokenEnv]: token }, timings: fast, backlogCheckMs: 3_600_000 },
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
  });
  return {
    hubId,
    token,
    hub,
    proxy,
    clock,
    dispose: async () => {
      await hub.dispose();
      await proxy.close();
    },
  };
}

/** Resolves once `condition` holds of the uploader's status, checked at each of its changes (bounded; no sleeping). */
function uploaderUntil(s: Scenario, condition: (status: SyncStatusView) => boolean, timeoutMs = 20_000): Promise<SyncStatusView> {
  const uploader = s.hub.hub.uploader!;
  return new Promise((resolve, reject) => {
    const check = () => {
      const status = uploader.status();
      if (condition(status)) {
        off();
        clearTimeout(timer);
        resolve(status);
      }
    };
    const off = uploader.onChange(check);
    const timer = setTimeout(() => {
      off();
      reject(new Error(`the uploader did not get there: ${JSON.stringify(uploader.status())}`));
    }, timeoutMs);
    check();
  });
}

/** Resolves once the uploader has nothing left to send. */
function drained(s: Scenario): Promise<SyncStatusView> {
  return uploaderUntil(s, (status) => status.backlog === 0 && status.quarantined.every((q) => !q.retryRequested) && status.lastError === null);
}

/** Every committed event stored exactly once upstream, in per-hub order, and the cursor agrees. */
async function expectAllStoredOnce(hubId: string, hubDb: Database.Database, quarantinedSeqs: number[] = []): Promise<void> {
  const outbox = hubDb.prepare('SELECT id, event_id FROM outbox ORDER BY id').all() as { id: number; event_id: string }[];
  const last = outbox[outbox.length - 1]!.id;
  const stored = await db.query<{ seq: number; event_id: string }>('SELECT seq::int AS seq, event_id::text AS event_id FROM events WHERE hub_id = $1 ORDER BY id', [hubId]);
  const expected = outbox.filter((r) => !quarantinedSeqs.includes(r.id));
  // Exactly once each (same seqs, same event ids) and in the hub's order of arrival.
  expect(stored.map((r) => r.seq)).toEqual(expected.map((r) => r.id));
  expect(stored.map((r) => r.event_id)).toEqual(expected.map((r) => r.event_id));
  const cursor = Number((hubDb.prepare(`SELECT value FROM sync_state WHERE key = 'outbox.cursor'`).get() as { value: string }).value);
  expect(cursor).toBe(last);
  const [row] = await db.query<{ last_seq: number; events_stored: number }>('SELECT last_seq::int AS last_seq, events_stored::int AS events_stored FROM hubs WHERE hub_id = $1', [hubId]);
  expect(row).toEqual({ last_seq: last, events_stored: expected.length });
  expect(hubDb.prepare('SELECT count(*) AS n FROM outbox WHERE acknowledged_at IS NULL').get()).toEqual({ n: quarantinedSeqs.length });
}

async function run(faults: Fault[], visits = 8): Promise<Scenario> {
  const s = await scenario(faults);
  busyDay(s.hub.hub, s.clock, visits);
  await drained(s);
  await expectAllStoredOnce(s.hubId, s.hub.hub.db);
  return s;
}

describe('uploading through faults loses nothing and stores nothing twice', () => {
  it('waits out a collector that is down, then sends everything when it is back', async () => {
    const s = await scenario([], { mode: { kind: 'refuse' } });
    busyDay(s.hub.hub, s.clock, 8);
    await s.proxy.until(() => s.proxy.exchanges.length >= 3);
    const down = s.hub.hub.syncStatus();
    expect(down.lastError?.code).toBe('NETWORK');
    expect(down.backlog).toBeGreaterThan(50);
    expect(down.cursor).toBe(0);
    s.proxy.setMode({ kind: 'pass' });
    await drained(s);
    await expectAllStoredOnce(s.hubId, s.hub.hub.db);
    await s.dispose();
  });

  it('retries after 500s, and honours Retry-After on 503 and 429', async () => {
    const s = await run([{ kind: 'status', status: 500 }, { kind: 'status', status: 500 }, { kind: 'status', status: 503, retryAfter: '1' }, { kind: 'pass' }, { kind: 'status', status: 429, retryAfter: '1' }]);
    const at = s.proxy.exchanges.map((e) => e.at);
    const statuses = s.proxy.exchanges.map((e) => e.status);
    expect(statuses.slice(0, 5)).toEqual([500, 500, 503, 200, 429]);
    // Backoff alone would retry within 80 ms; the collector asked for a second.
    expect(at[3]! - at[2]!).toBeGreaterThanOrEqual(950);
    expect(at[5]! - at[4]!).toBeGreaterThanOrEqual(950);
    await s.dispose();
  });

  it('sends a batch again after an answer slower than its timeout, though the collector stored it', async () => {
    const s = await run([{ kind: 'slow', ms: 900 }]);
    const [batch] = await db.query<{ times_seen: number }>(`SELECT max(times_seen) AS times_seen FROM batches WHERE hub_id = $1`, [s.hubId]);
    // The same events again under the same idempotency key, answered as duplicates.
    expect(batch!.times_seen).toBe(2);
    await s.dispose();
  });

  it('survives the connection cut mid-request and mid-response', async () => {
    const s = await run([{ kind: 'cut-request' }, { kind: 'cut-response' }, { kind: 'pass' }, { kind: 'cut-response' }]);
    expect(s.proxy.exchanges.slice(0, 4).map((e) => e.fault)).toEqual(['cut-request', 'cut-response', 'pass', 'cut-response']);
    await s.dispose();
  });

  it('takes the same batch arriving twice, and a batch only partly acknowledged', async () => {
    const s = await run([{ kind: 'twice' }, { kind: 'partial', keep: 7 }, { kind: 'partial', keep: 0 }, { kind: 'partial', keep: 24 }]);
    const [batch] = await db.query<{ times_seen: number }>(`SELECT max(times_seen) AS times_seen FROM batches WHERE hub_id = $1`, [s.hubId]);
    expect(batch!.times_seen).toBeGreaterThanOrEqual(2);
    await s.dispose();
  });

  it('quarantines a malformed event with its reason, goes on past it, and retries it on request', async () => {
    const s = await scenario();
    busyDay(s.hub.hub, s.clock, 4);
    // A row the hub could not have written by the typed outbox: a name in the payload.
    s.hub.hub.db
      .prepare(`INSERT INTO outbox (event_id, type, occurred_at, payload, hub_id, schema_version, config_version, config_hash) VALUES (?, 'visit.closed', ?, ?, ?, 1, 3, ?)`)
      .run('0190a6c2-1111-7abc-8def-0123456789ab', s.clock.now().toISOString(), JSON.stringify({ visitId: '6a0f1d2e-0000-4000-8000-000000000000', closedAt: s.clock.now().toISOString(), name: 'Zebedee' }), s.hubId, s.hub.hub.config.hash);
    const poisonSeq = (s.hub.hub.db.prepare('SELECT max(id) AS id FROM outbox').get() as { id: number }).id;
    busyDay(s.hub.hub, s.clock, 4);
    const status = await drained(s);
    expect(status.quarantined).toEqual([expect.objectContaining({ seq: poisonSeq, code: 'INVALID_EVENT', attempts: 1, retryRequested: false })]);
    expect(status.quarantined[0]!.reason).toMatch(/name|Unrecognized/);
    await expectAllStoredOnce(s.hubId, s.hub.hub.db, [poisonSeq]);
    const [hub] = (await collector.collector.hubs()).hubs.filter((h) => h.hubId === s.hubId);
    expect(hub!.gaps).toEqual([{ from: poisonSeq, to: poisonSeq }]);

    // Managers see it and retry it; reception sees it but may not retry.
    const manager = await signInAs(s.hub, 'manager');
    const reception = await signInAs(s.hub, 'reception');
    const seen = await reception.call<SyncStatusView>('GET', '/api/sync');
    expect(seen.body.quarantined.map((q) => q.seq)).toEqual([poisonSeq]);
    expect((await reception.call('POST', `/api/sync/quarantine/${status.quarantined[0]!.eventId}/retry`, {})).status).toBe(403);
    expect((await manager.call('POST', `/api/sync/quarantine/${status.quarantined[0]!.eventId}/retry`, {})).status).toBe(200);
    // Sent again, refused again: still quarantined, with a second attempt counted.
    const after = await uploaderUntil(s, (st) => st.quarantined[0]?.attempts === 2);
    expect(after.quarantined).toEqual([expect.objectContaining({ seq: poisonSeq, attempts: 2, retryRequested: false })]);
    await s.dispose();
  });

  it('keeps the hub’s order when its clock is set back an hour', async () => {
    const s = await scenario();
    busyDay(s.hub.hub, s.clock, 4);
    s.clock.advance(-60 * 60_000);
    busyDay(s.hub.hub, s.clock, 4);
    await drained(s);
    await expectAllStoredOnce(s.hubId, s.hub.hub.db);
    const times = await db.query<{ backwards: number }>(
      `SELECT count(*)::int AS backwards FROM (SELECT occurred_at < lag(occurred_at) OVER (ORDER BY seq) AS back FROM events WHERE hub_id = $1) t WHERE back`,
      [s.hubId],
    );
    expect(times[0]!.backwards).toBeGreaterThan(0);
    await s.dispose();
  });

  it('never runs two uploaders on one data folder at once', async () => {
    const temp = makeTempDir('frontdoor-two-');
    const s = await scenario([{ kind: 'slow', ms: 150 }, { kind: 'slow', ms: 150 }], { dataDir: temp.path });
    // A second hub core on the same folder, as if started twice: it stands by.
    const second = await startTestHub({
      hub: syncTestHub({ id: s.hubId, upstream: { url: s.proxy.url, tokenEnv, batchSize: 25, batchMaxAgeSeconds: 0, timeoutSeconds: 1 } }),
      dataDir: temp.path,
      sync: { env: { [tokenEnv]: s.token }, timings: fast },
    });
    busyDay(s.hub.hub, s.clock, 6);
    second.hub.uploader!.kick();
    await drained(s);
    expect(second.hub.syncStatus().state).toBe('standby');
    expect(s.proxy.maxInFlight).toBe(1);
    await expectAllStoredOnce(s.hubId, s.hub.hub.db);
    await second.close();
    await s.dispose();
    temp.remove();
  });

  it('prunes acknowledged events after keepAcknowledgedDays, and seq goes on without a gap', async () => {
    const s = await run([], 4);
    const before = (s.hub.hub.db.prepare('SELECT max(id) AS id FROM outbox').get() as { id: number }).id;
    expect(s.hub.hub.uploader!.prune()).toBe(0);
    s.clock.advance(31 * 86_400_000);
    expect(s.hub.hub.uploader!.prune()).toBe(before);
    busyDay(s.hub.hub, s.clock, 2);
    await drained(s);
    const seqs = await db.query<{ seq: number }>('SELECT seq::int AS seq FROM events WHERE hub_id = $1 ORDER BY seq', [s.hubId]);
    expect(seqs.map((r) => r.seq)).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect(seqs.length).toBeGreaterThan(before);
    await s.dispose();
  });

  it('tells reception once when the upload backlog grows older than configured', async () => {
    const s = await scenario([], { mode: { kind: 'refuse' }, alertBacklogMinutes: 30 });
    busyDay(s.hub.hub, s.clock, 2);
    s.hub.hub.checkUploadBacklog();
    expect(s.hub.hub.openAlerts().filter((a) => a.kind === 'sync')).toEqual([]);
    s.clock.advance(45 * 60_000);
    s.hub.hub.checkUploadBacklog();
    s.hub.hub.checkUploadBacklog();
    const alerts = s.hub.hub.openAlerts().filter((a) => a.kind === 'sync');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.message).toMatch(/^Upload backlog growing/);
    await s.dispose();
  });

  it('sends the collector no name, card number, note or free text, and never the hub’s identifier key', async () => {
    const s = await run([], 12);
    const sent = s.proxy.exchanges.map((e) => e.requestBody).join('\n');
    expect(sent.length).toBeGreaterThan(10_000);
    for (const value of Object.values(planted)) expect(sent).not.toContain(value);
    const key = (await import('node:fs')).readFileSync(join(s.hub.dataDir, 'keys', 'identifier.key'), 'utf8').trim();
    expect(sent).not.toContain(key);
    expect(sent).not.toContain(Buffer.from(key, 'base64').toString('hex'));
    // Card holders appear by pseudonym, never by the hub's own visitor id or card hash.
    const visitorIds = (s.hub.hub.db.prepare('SELECT id FROM visitors').all() as { id: string }[]).map((r) => r.id);
    const cardHashes = (s.hub.hub.db.prepare('SELECT hash FROM visitor_identifiers').all() as { hash: string }[]).map((r) => r.hash);
    expect(visitorIds.length).toBeGreaterThan(0);
    for (const value of [...visitorIds, ...cardHashes]) expect(sent).not.toContain(value);
    expect(sent).toMatch(/"visitor":"[0-9a-f]{32}"/);
    await s.dispose();
  });
});

/** Starts the real CLI in a child process and resolves with its address once it prints it. */
function startChild(dataDir: string, configFile: string, env: Record<string, string>): Promise<{ child: ChildProcessWithoutNullStreams; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src-main', 'cli.ts'), '--data', dataDir, '--config', configFile, '--port', '0', '--no-electron'], {
    cwd: root,
    env: { ...process.env, ...env, FRONTDOOR_LOG_LEVEL: 'error', FRONTDOOR_NO_ELECTRON: '1' },
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /kiosk\s+(http:\/\/127\.0\.0\.1:\d+)\/kiosk/.exec(out);
      if (match) resolve({ child, url: match[1]! });
    });
    child.once('exit', (code) => reject(new Error(`hub exited with ${code} before it was ready:\n${out}\n${err}`)));
  });
}

describe('a hub killed in the middle of an upload', () => {
  const temp = makeTempDir('frontdoor-sync-kill-');
  afterAll(() => temp.remove());

  it('sends everything once after SIGKILL and a restart', async () => {
    const hubId = 'killed-hub';
    const token = await collector.collector.addHub(hubId);
    const proxy = await new FaultProxy(collector.url).listen();
    proxy.setMode({ kind: 'slow', ms: 120 });
    const configFile = join(temp.path, 'hub.json');
    writeFileSync(configFile, JSON.stringify(syncTestHub({ id: hubId, upstream: { url: proxy.url, tokenEnv, batchSize: 10, batchMaxAgeSeconds: 0, timeoutSeconds: 5 } })));
    const dataDir = join(temp.path, 'data');
    const env = { [tokenEnv]: token };
    const first = await startChild(dataDir, configFile, env);
    const exited = new Promise<NodeJS.Signals | null>((resolve) => first.child.once('exit', (_code, signal) => resolve(signal)));

    let killed = false;
    const worker = async () => {
      for (let i = 0; i < 12 && !killed; i += 1) {
        try {
          await fetch(`${first.url}/api/check-ins`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(checkInBody({ help: ['money', 'housing'] })) });
        } catch {
          return;
        }
      }
    };
    const workers = Promise.all(Array.from({ length: 4 }, worker));
    // Killed while a batch is on its way (the proxy holds each answer back a little).
    await proxy.until(() => proxy.exchanges.filter((e) => e.status === 200).length >= 3);
    killed = true;
    first.child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    await workers;

    // Whatever committed before the kill is all there is to send.
    const killedDb = new Database(join(dataDir, 'frontdoor.sqlite'));
    const committed = (killedDb.prepare('SELECT max(id) AS id FROM outbox').get() as { id: number }).id;
    killedDb.close();
    proxy.setMode({ kind: 'pass' });
    const second = await startChild(dataDir, configFile, env);
    const storedUpstream = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE hub_id = $1', [hubId]))[0]!.n;
    await proxy.until(async () => (await storedUpstream()) === committed, 200);
    second.child.kill('SIGTERM');
    await new Promise((resolve) => second.child.once('exit', resolve));
    await proxy.close();

    const hubDb = new Database(join(dataDir, 'frontdoor.sqlite'), { readonly: true });
    expect((hubDb.prepare(`SELECT count(*) AS n FROM outbox WHERE type = 'visit.checked-in'`).get() as { n: number }).n).toBeGreaterThan(5);
    await expectAllStoredOnce(hubId, hubDb);
    hubDb.close();
  });
});

/** Starts the collector's CLI on `dataDir` at `port` and resolves once it listens. */
function startCollectorChild(dataDir: string, port: number): Promise<ChildProcessWithoutNullStreams> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src-upstream', 'cli.ts'), '--data', dataDir, '--port', String(port)], {
    cwd: root,
    env: { ...process.env, FRONTDOOR_LOG_LEVEL: 'error' },
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (/listening http:\/\/127\.0\.0\.1:\d+/.test(out)) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`the collector exited with ${code} before it listened:\n${out}\n${err}`)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

describe('a collector killed while it stores a batch', () => {
  const temp = makeTempDir('frontdoor-collector-kill-');
  afterAll(() => temp.remove());

  it('loses nothing and stores nothing twice once it is back on the same data', async () => {
    const dataDir = join(temp.path, 'collector');
    await migratedPgliteFolder(dataDir);
    const added = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src-upstream', 'cli.ts'), '--data', dataDir, '--add-hub', 'kill-hub'], { cwd: root, encoding: 'utf8' });
    expect(added.status, added.stderr).toBe(0);
    const token = added.stdout.split('\n')[1]!.trim();
    const port = await freePort();
    let child = await startCollectorChild(dataDir, port);
    const proxy = await new FaultProxy(`http://127.0.0.1:${port}`).listen();
    // The second batch is the one on which the collector dies, as soon as it has the whole request.
    let killed: Promise<unknown> | null = null;
    const kill = () => {
      const dying = child;
      killed = new Promise((resolve) => dying.once('exit', resolve));
      dying.kill('SIGKILL');
    };
    proxy.plan({ kind: 'pass' }, { kind: 'forwarded', then: kill });
    const clock = manualClock();
    const hub = await startTestHub({
      hub: syncTestHub({ id: 'kill-hub', upstream: { url: proxy.url, tokenEnv, batchSize: 200, batchMaxAgeSeconds: 0, timeoutSeconds: 5 } }),
      now: clock.now,
      sync: { env: { [tokenEnv]: token }, timings: fast, backlogCheckMs: 3_600_000 },
    });
    busyDay(hub.hub, clock, 60);
    await proxy.until(() => killed !== null);
    await killed;
    expect(child.signalCode).toBe('SIGKILL');
    // That batch never came back acknowledged: the hub still holds it.
    expect(hub.hub.syncStatus().cursor).toBeLessThan((hub.hub.db.prepare('SELECT max(id) AS id FROM outbox').get() as { id: number }).id);

    // Back on the same data folder and port: the hub carries on by itself.
    child = await startCollectorChild(dataDir, port);
    const uploader = hub.hub.uploader!;
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        const status = uploader.status();
        if (status.backlog !== 0 || status.lastError !== null) return;
        off();
        clearTimeout(timer);
        resolve();
      };
      const off = uploader.onChange(check);
      const timer = setTimeout(() => {
        off();
        reject(new Error(`the uploader did not finish: ${JSON.stringify(uploader.status())}`));
      }, 30_000);
      check();
    });
    await hub.close();
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    await proxy.close();

    const stored = await openPglite(join(dataDir, 'pgdata'));
    try {
      const hubDb = new Database(join(hub.dataDir, 'frontdoor.sqlite'), { readonly: true });
      const outbox = hubDb.prepare('SELECT id, event_id FROM outbox ORDER BY id').all() as { id: number; event_id: string }[];
      const cursor = Number((hubDb.prepare(`SELECT value FROM sync_state WHERE key = 'outbox.cursor'`).get() as { value: string }).value);
      hubDb.close();
      const rows = await stored.query<{ seq: number; event_id: string }>(`SELECT seq::int AS seq, event_id::text AS event_id FROM events WHERE hub_id = 'kill-hub' ORDER BY id`);
      // Exactly once each, in the hub's order, and the hub's cursor at its last event.
      expect(rows.map((r) => r.seq)).toEqual(outbox.map((r) => r.id));
      expect(rows.map((r) => r.event_id)).toEqual(outbox.map((r) => r.event_id));
      expect(cursor).toBe(outbox[outbox.length - 1]!.id);
      const [counts] = await stored.query<{ last_seq: number; events_stored: number; visits: number }>(
        `SELECT last_seq::int AS last_seq, events_stored::int AS events_stored, (SELECT count(*)::int FROM visits WHERE hub_id = 'kill-hub') AS visits FROM hubs WHERE hub_id = 'kill-hub'`,
      );
      expect(counts).toEqual({ last_seq: outbox.length, events_stored: outbox.length, visits: 60 });
    } finally {
      await stored.close();
      await hub.dispose();
    }
    // Two collector starts and a registration, each a fresh Node process.
  }, 120_000);
});
