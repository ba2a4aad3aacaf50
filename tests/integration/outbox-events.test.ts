import { afterAll, describe, expect, it } from 'vitest';
import { parseHubConfig } from '../../src-main/config/load-config';
import { openDatabase } from '../../src-main/store/database';
import { programmeSyncTypes, syncEvent, syncEventTypes } from '../../src-shared/sync/events';
import { busyDay, inProcessHub, manualClock, planted, syncTestHub } from '../helpers/busy-day';

describe('the outbox of a busy day', () => {
  const db = openDatabase(':memory:');
  const clock = manualClock();
  const config = parseHubConfig(syncTestHub(), 'sync-hub.yaml');
  const hub = inProcessHub(config, db, clock.now);
  const day = busyDay(hub, clock, 120);
  afterAll(() => db.close());

  it('holds only events of the shared union, in envelopes with a gap-free seq and the configuration version', async () => {
    // A resident known by card, erased at the end of the day: the erasure goes upstream as an event of the union too.
    const visitorId = (db.prepare('SELECT visitor_id FROM visits WHERE visitor_id IS NOT NULL LIMIT 1').get() as { visitor_id: string }).visitor_id;
    await hub.privacy.erase({ subject: { kind: 'resident', visitorId }, basis: 'erasure', reason: 'withdrew consent', staffId: null });
    const rows = hub.outbox.unsentRows(100_000);
    expect(rows.length).toBeGreaterThan(900);
    const types = new Set<string>();
    rows.forEach((row, i) => {
      expect(row.id).toBe(i + 1);
      expect(row.event.ok).toBe(true);
      if (!row.event.ok) return;
      const parsed = syncEvent.safeParse(JSON.parse(row.event.json));
      expect(parsed.error?.issues ?? [], `${row.type} #${row.id}`).toEqual([]);
      expect(parsed.data).toMatchObject({ hubId: 'test-hub', seq: row.id, schemaVersion: 1, configVersion: config.hub.version, configHash: config.hash });
      types.add(row.type);
    });
    // The day touches every kind of queue event there is, but `ticket.recalled` and `ticket.cancelled`
    // (the programme evidence has a test of its own: programme-outbox-events.test.ts).
    expect(types.has('resident.erased')).toBe(true);
    const missing = syncEventTypes.filter((t) => !types.has(t));
    expect(missing.sort()).toEqual([...programmeSyncTypes, 'ticket.cancelled', 'ticket.recalled'].sort());
    const visitsChecked = rows.filter((r) => r.type === 'visit.checked-in').length;
    expect(visitsChecked).toBe(day.visitIds.length);
  });

  it('tells upstream when a stop added to a finished visit opens it again', () => {
    const reopened = db.prepare(`SELECT json_extract(payload, '$.reason') AS reason, count(*) AS n FROM outbox WHERE type = 'visit.reopened' GROUP BY 1 ORDER BY 1`).all();
    expect(reopened).toEqual([
      { reason: 'no-show-undone', n: expect.any(Number) },
      { reason: 'stop-added', n: expect.any(Number) },
    ]);
    // Every visit that closed, reopened and closed again says so in that order.
    const closedTwice = db.prepare(`SELECT json_extract(payload, '$.visitId') AS v FROM outbox WHERE type = 'visit.closed' GROUP BY 1 HAVING count(*) > 1`).all() as { v: string }[];
    expect(closedTwice.length).toBeGreaterThan(0);
    for (const { v } of closedTwice) {
      const seq = (db.prepare(`SELECT type FROM outbox WHERE json_extract(payload, '$.visitId') = ? AND type LIKE 'visit.%' ORDER BY id`).all(v) as { type: string }[]).map((r) => r.type);
      expect(seq.filter((t) => t !== 'visit.checked-in').join(' ')).toMatch(/^visit\.closed( visit\.reopened visit\.closed)+( visit\.reopened)?$/);
    }
  });

  it('keeps names, card numbers, notes and free text out of every payload; referrals name an organisation id', () => {
    const all = JSON.stringify(db.prepare('SELECT payload FROM outbox').all());
    for (const value of Object.values(planted)) expect(all).not.toContain(value);
    const referred = db.prepare(`SELECT DISTINCT json_extract(payload, '$.referredTo') AS to_id FROM outbox WHERE type = 'outcome.recorded' ORDER BY 1`).all();
    expect(referred).toEqual([{ to_id: null }, { to_id: 'advice' }, { to_id: 'food-bank' }, { to_id: 'shelter' }]);
    // The free text stays on the hub, beside the id.
    expect(db.prepare(`SELECT count(*) AS n FROM outcomes WHERE referred_to = ? AND referred_to_id IS NOT NULL`).get(planted.referralText)).toEqual({ n: expect.any(Number) });
  });

  it('refuses an outcome naming a receiver the configuration does not know', () => {
    const t = hub.queue.checkIn({ ...busyCheckIn(), requestId: 'refuse-unknown-receiver' }).tickets[0]!;
    hub.queue.callNext(t.serviceId, t.serviceId === 'money' ? 'Desk 1' : t.serviceId === 'housing' ? 'Desk 3' : 'Desk 4');
    expect(() => hub.queue.finish(t.id, { kind: 'referred', referredToId: 'nowhere' }, null)).toThrow(/not a partner or organisation/);
  });

  it('sends on to a named desk and calls a chosen visitor out of turn with events of the shared union', () => {
    const desks: Record<string, string> = { welcome: 'Reception', housing: 'Desk 3', money: 'Desk 1', work: 'Desk 4' };
    const before = hub.outbox.unsentRows(100_000).length;
    hub.queue.checkIn({ ...busyCheckIn(), requestId: 'out-of-turn-1' });
    const chosen = hub.queue.checkIn({ ...busyCheckIn(), requestId: 'out-of-turn-2' }).tickets[0]!;
    hub.queue.callChosen(chosen.id, desks[chosen.serviceId]!, null, 'back from the pharmacy');
    const to = chosen.serviceId === 'housing' ? 'work' : 'housing';
    hub.queue.transfer(chosen.id, to, null, { toDesk: desks[to]! });
    const rows = hub.outbox.unsentRows(100_000).slice(before);
    expect(rows.map((r) => r.type)).toEqual(expect.arrayContaining(['ticket.called', 'ticket.transferred']));
    for (const row of rows) {
      expect(row.event.ok).toBe(true);
      if (!row.event.ok) continue;
      const parsed = syncEvent.safeParse(JSON.parse(row.event.json));
      expect(parsed.error?.issues ?? [], `${row.type} #${row.id}`).toEqual([]);
      // The reason given for calling out of turn stays in the hub's audit log.
      expect(row.event.json).not.toContain('pharmacy');
    }
  });
});

function busyCheckIn() {
  return {
    requestId: 'x',
    identification: { method: 'walk-in' as const },
    consent: { noticeVersion: '2026-11', optionalQuestions: false },
    howHeard: [],
    answers: { 'help-with': ['money'] },
    skipped: [],
    talkToSomeone: false,
    comeToMe: false,
    visitor: { displayName: null, language: null, interpreter: false, accessibility: [] },
  };
}
