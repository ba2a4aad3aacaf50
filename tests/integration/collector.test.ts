import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { HubsReply, UploadReply } from '../../src-shared/sync/collector-endpoints';
import { collectorMigrations, migrateCollector } from '../../src-upstream/store/migrations/index';
import type { RunningCollector } from '../../src-upstream/start-collector';
import type { SqlDatabase } from '../../src-upstream/store/sql';
import { busyDayEvents } from '../helpers/busy-day';
import { collectorDatabase, postgresUnavailable, startTestCollector, type CollectorBackend } from '../helpers/collector';

type ErrorBody = { error: { code: string; message: string } };

const events = busyDayEvents(40, 'hub-a');
const noPostgres = postgresUnavailable();
const backends: { backend: CollectorBackend; skip: string | null }[] = [
  { backend: 'pglite', skip: null },
  { backend: 'postgres', skip: noPostgres },
];

async function post<T>(collector: { url: string }, path: string, body: unknown, token?: string): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await fetch(`${collector.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T, headers: response.headers };
}

async function get<T>(collector: { url: string }, path: string, token?: string): Promise<{ status: number; body: T }> {
  const response = await fetch(`${collector.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, body: (await response.json()) as T };
}

function batch(hubId: string, list: unknown[]) {
  return { hubId, batchId: randomUUID(), events: list, backlog: { count: 0, oldestUnsentAt: null } };
}

for (const { backend, skip } of backends) {
  // The same suite on the embedded engine and on a private PostgreSQL server.
  describe.skipIf(skip !== null)(`the collector on ${backend}${skip ? ` (skipped: ${skip})` : ''}`, () => {
    let db: SqlDatabase;
    let remove: () => Promise<void>;
    let collector: RunningCollector;
    let token: string;

    beforeAll(async () => {
      ({ db, remove } = await collectorDatabase(backend));
      collector = await startTestCollector(db);
      token = await collector.collector.addHub('hub-a');
    });
    afterAll(async () => {
      await collector?.close();
      await remove?.();
    });

    it('has its numbered migrations applied once, and refuses a database from a newer collector', async () => {
      expect(await db.query('SELECT version, name FROM schema_migrations ORDER BY version')).toEqual(collectorMigrations.map((m) => ({ version: m.version, name: m.name })));
      expect(await migrateCollector(db)).toBe(collectorMigrations.length);
      await expect(migrateCollector(db, [])).rejects.toThrow(/newer collector/);
    });

    it('stores a batch once, acknowledges per event, and answers a repeat as duplicates', async () => {
      const first = batch('hub-a', events.slice(0, 300));
      const a = await post<UploadReply>(collector, '/api/batches', first, token);
      expect(a.status).toBe(200);
      expect(a.body.results.map((r) => r.status)).toEqual(Array(300).fill('stored'));
      expect(a.body.lastSeq).toBe(300);
      const again = await post<UploadReply>(collector, '/api/batches', first, token);
      expect(again.body.results.map((r) => r.status)).toEqual(Array(300).fill('duplicate'));
      const [row] = await db.query<{ n: number; times: number }>(`SELECT (SELECT count(*)::int FROM events WHERE hub_id = 'hub-a') AS n, (SELECT times_seen FROM batches WHERE batch_id = $1) AS times`, [first.batchId]);
      expect(row).toEqual({ n: 300, times: 2 });
    });

    it('refuses an invalid event on its own, stores the rest, and notices the gap in seq', async () => {
      const list = events.slice(300, 320).map((e) => ({ ...e }));
      const bad = list[5] as { payload: Record<string, unknown> };
      list[5] = { ...bad, payload: { ...bad.payload, displayName: 'Zebedee' } };
      const reply = await post<UploadReply>(collector, '/api/batches', batch('hub-a', list), token);
      expect(reply.status).toBe(200);
      expect(reply.body.results[5]).toMatchObject({ status: 'refused', code: 'INVALID_EVENT', seq: 306 });
      expect(reply.body.results[5]!.reason).toMatch(/displayName|Unrecognized/i);
      expect(reply.body.results.filter((r) => r.status === 'stored')).toHaveLength(19);
      expect(reply.body.missing).toBe(1);
      const hubs = await get<HubsReply>(collector, '/api/hubs');
      expect(hubs.body.hubs).toEqual([expect.objectContaining({ hubId: 'hub-a', eventsStored: 319, lastSeq: 320, gaps: [{ from: 306, to: 306 }] })]);
      // The event sent again, valid, fills the gap.
      const fixed = await post<UploadReply>(collector, '/api/batches', batch('hub-a', [events[305]]), token);
      expect(fixed.body.results[0]!.status).toBe('stored');
      expect(fixed.body.missing).toBe(0);
    });

    it('refuses clearly: unknown hub, another hub’s id, an unknown schema version, a malformed batch', async () => {
      const unknown = await post<ErrorBody>(collector, '/api/batches', batch('hub-a', events.slice(0, 1)), 'fdh_nobody');
      expect([unknown.status, unknown.body.error.code]).toEqual([401, 'UNKNOWN_HUB']);
      const none = await post<ErrorBody>(collector, '/api/batches', batch('hub-a', events.slice(0, 1)));
      expect([none.status, none.body.error.code]).toEqual([401, 'UNKNOWN_HUB']);
      const other = await post<ErrorBody>(collector, '/api/batches', batch('hub-b', events.slice(0, 1)), token);
      expect([other.status, other.body.error.code]).toEqual([403, 'HUB_MISMATCH']);
      const future = { ...events[400]!, schemaVersion: 99 };
      const newer = await post<ErrorBody>(collector, '/api/batches', batch('hub-a', [events[401], future]), token);
      expect([newer.status, newer.body.error.code]).toEqual([422, 'UNKNOWN_SCHEMA_VERSION']);
      expect(await db.query(`SELECT 1 FROM events WHERE hub_id = 'hub-a' AND seq = 402`)).toEqual([]);
      const malformed = await post<ErrorBody>(collector, '/api/batches', { hubId: 'hub-a', events: [] }, token);
      expect([malformed.status, malformed.body.error.code]).toEqual([400, 'BATCH_INVALID']);
      const notJson = await post<ErrorBody>(collector, '/api/batches', '{"hubId": ', token);
      expect(notJson.status).toBe(400);
    });

    it('projects visits, tickets and outcomes, and serves footfall per hub per day', async () => {
      await post<UploadReply>(collector, '/api/batches', batch('hub-a', events.slice(320)), token);
      const checkedIn = events.filter((e) => e['type'] === 'visit.checked-in');
      const [counts] = await db.query<{ visits: number; tickets: number; outcomes: number; open: number }>(
        `SELECT (SELECT count(*)::int FROM visits) AS visits, (SELECT count(*)::int FROM tickets) AS tickets, (SELECT count(*)::int FROM outcomes) AS outcomes,
           (SELECT count(*)::int FROM tickets WHERE status IN ('waiting', 'called', 'serving')) AS open`,
      );
      expect(counts).toMatchObject({ visits: checkedIn.length, open: 0 });
      expect(counts!.outcomes).toBe(events.filter((e) => e['type'] === 'outcome.recorded').length);
      const day = (checkedIn[0]!['payload'] as { serviceDay: string }).serviceDay;
      const footfall = await get<{ days: unknown[]; hubs: { hubId: string; lastUploadAt: string | null }[] }>(collector, `/api/programme/footfall?from=${day}&to=${day}`);
      expect(footfall.status).toBe(200);
      expect(footfall.body.days).toEqual([{ hubId: 'hub-a', day, visits: checkedIn.length }]);
      expect(footfall.body.hubs[0]).toMatchObject({ hubId: 'hub-a', lastUploadAt: expect.stringMatching(/Z$/) });
      const backwards = await get<ErrorBody>(collector, `/api/programme/footfall?from=2026-03-02&to=2026-03-01`);
      expect(backwards.status).toBe(400);
    });

    it('keeps the programme view to its own machine or a programme token', async () => {
      const fromLan = await collector.server.inject({ method: 'GET', url: '/api/hubs', remoteAddress: '192.168.1.50' });
      expect([fromLan.statusCode, (JSON.parse(fromLan.body) as ErrorBody).error.code]).toEqual([403, 'FORBIDDEN']);
      const hubToken = await collector.server.inject({ method: 'GET', url: '/api/hubs', remoteAddress: '192.168.1.50', headers: { authorization: `Bearer ${token}` } });
      expect(hubToken.statusCode).toBe(403);
      const programme = await collector.collector.addProgrammeToken('dashboard');
      const withToken = await collector.server.inject({ method: 'GET', url: '/api/hubs', remoteAddress: '192.168.1.50', headers: { authorization: `Bearer ${programme}` } });
      expect(withToken.statusCode).toBe(200);
      // Tokens are kept only as hashes.
      const stored = JSON.stringify(await db.query('SELECT token_hash FROM hubs UNION ALL SELECT token_hash FROM programme_tokens'));
      expect(stored).not.toContain(token.slice(4));
      expect(stored).not.toContain(programme.slice(4));
    });

    it('limits request size and rate with answers the uploader understands', async () => {
      const strict = await startTestCollector(db, { maxBodyBytes: 20_000, uploadsPerMinute: 2 });
      try {
        const big = await post<ErrorBody>(strict, '/api/batches', batch('hub-a', events.slice(0, 200)), token);
        expect([big.status, big.body.error.code]).toEqual([413, 'TOO_LARGE']);
        const small = batch('hub-a', events.slice(0, 2));
        let limited: { status: number; body: ErrorBody; headers: Headers } | null = null;
        for (let i = 0; i < 5 && !limited; i += 1) {
          const res = await post<ErrorBody>(strict, '/api/batches', small, token);
          if (res.status === 429) limited = res;
        }
        expect(limited?.body.error.code).toBe('RATE_LIMITED');
        expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
      } finally {
        await strict.close();
      }
    });
  });
}
