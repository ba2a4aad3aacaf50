/**
 * Retention and erasure against the report rollups: the dashboard's figures for the days they touch
 * stay exactly the same — when personal fields are cleared and residents' records go
 * (personalDataRetentionDays), when visits are deleted (visitRetentionDays), when one resident is
 * erased, and when the rollups are rebuilt after any of these — while no resident's pseudonym is
 * left in the rollups once their record has gone.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInRequest } from '../../src-shared/api/contract';
import { AuditLog } from '../../src-main/auth/audit-log';
import { Erasure } from '../../src-main/privacy/erasure';
import { FileReclaim } from '../../src-main/privacy/file-reclaim';
import { daysBefore, RetentionJob } from '../../src-main/privacy/retention';
import { ReportRollups } from '../../src-main/reports/rollups';
import { Outbox } from '../../src-main/sync/outbox';
import { openReportHub, reportTestHub, type ReportHub } from '../helpers/report-hub';
import { makeTempDir } from '../helpers/temp-dir';

const temp = makeTempDir();
afterAll(() => temp.remove());

const hub = reportTestHub();
const days = ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-09', '2026-04-01'];
const cards = ['CARD0001', 'CARD0002', 'CARD0003', 'CARD0004'];
const ranges = [...days.map((d) => ({ from: d, to: d })), { from: '2026-03-01', to: '2026-03-31' }, { from: '2026-03-03', to: '2026-04-01' }, { from: '2026-01-01', to: '2026-12-31' }];

/** Several days of check-ins (known and walk-in), calls, finishes, journey facts, equality answers and an event. */
function seed(h: ReportHub): { visitorOf: Map<string, string> } {
  const visitorOf = new Map<string, string>();
  let n = 0;
  for (const [i, day] of days.entries()) {
    const at = (hour: number, minute = 0) => `${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00.000Z`;
    h.setClock(at(9));
    const event = h.programme.createEvent({ name: `Jobs fair ${day}`, kind: 'jobs-fair', startsAt: at(9), endsAt: at(15), partnerId: null, capacity: 30 }, null);
    const visits: string[] = [];
    for (const [j, card] of [...cards.slice(0, 2 + (i % 3)), null, null].entries()) {
      h.setClock(at(10, j * 7));
      const v = h.queue.checkIn(
        checkInRequest.parse({
          requestId: `request-${String((n += 1)).padStart(4, "0")}`,
          identification: card ? { method: 'card', cardId: card } : { method: 'walk-in' },
          consent: { noticeVersion: '2026-11', optionalQuestions: true },
          howHeard: [{ optionId: j % 2 === 0 ? 'friend-family' : 'jobcentre' }],
          answers: { 'help-with': j % 2 === 0 ? ['money', 'work'] : ['housing'] },
          skipped: [],
          visitor: { displayName: `Sam ${j}`, language: 'en', interpreter: false, accessibility: j === 0 ? ['step-free'] : [] },
        }),
      );
      visits.push(v.visitId);
      if (j % 2 === 0) h.programme.tagVisit(v.visitId, event.id, 'kiosk', null);
    }
    // Staff call and finish some, with finish outcomes; journey facts; equality answers (a walk-in becomes known).
    for (const [k, service] of ['money', 'housing', 'work'].entries()) {
      h.setClock(at(11, k * 10));
      try {
        const called = h.queue.callNext(service, service === 'money' ? 'Desk 1' : service === 'housing' ? 'Desk 3' : 'Desk 4');
        h.queue.start(called.id);
        h.setClock(at(11, k * 10 + 5));
        h.queue.finish(called.id, { kind: (['signposted', 'referred', 'registered'] as const)[k]! });
      } catch {
        // Nobody waiting for that service today.
      }
    }
    h.setClock(at(12));
    h.programme.recordJourney(visits[0]!, { stage: 'referred', serviceId: 'money', occurredOn: day, organisationId: 'citizens-advice' }, null);
    h.programme.recordJourney(visits[1]!, { stage: 'registered', serviceId: 'work', occurredOn: day, programmeId: 'connect-to-work' }, null);
    h.programme.recordJourney(visits[0]!, { stage: 'outcome', serviceId: 'work', occurredOn: day, outcomeKind: 'job', evidence: 'self-declaration' }, null);
    h.programme.recordDemographics(visits[0]!, { economicStatus: 'inactive', ageBand: '16-24' }, 'kiosk', null);
    h.programme.recordDemographics(visits[visits.length - 1]!, { economicStatus: 'unemployed', ageBand: '50-64' }, 'staff', null);
  }
  for (const row of h.db.prepare('SELECT id, visitor_id FROM visits').all() as { id: string; visitor_id: string | null }[]) if (row.visitor_id) visitorOf.set(row.id, row.visitor_id);
  return { visitorOf };
}

describe('retention and erasure keep the dashboard’s figures', () => {
  let h: ReportHub;
  let visitors: string[];
  let figures: () => unknown[];
  let before: unknown[];
  const logger = pino({ level: 'silent' });

  /** Marks the rollups stale (as an ordinary delete would) and has them rebuilt from the tables. */
  const rebuilt = () => {
    h.db.prepare('UPDATE report_rollup_state SET stale = 1').run();
    new ReportRollups(h.db, hub).ensureFresh();
    expect(h.db.prepare('SELECT stale FROM report_rollup_state').pluck().get()).toBe(0);
  };
  const pseudonymsLeft = () =>
    h.db.prepare(`SELECT count(*) FROM report_person_days WHERE person IN (SELECT value FROM json_each(?))`).pluck().get(JSON.stringify(visitors)) as number;

  beforeAll(() => {
    h = openReportHub(temp.path, hub);
    const { visitorOf } = seed(h);
    visitors = [...new Set(visitorOf.values())];
    figures = () => ranges.map((r) => h.reports.figures(r));
    before = figures();
  });
  afterAll(() => h.close());

  it('has a history with what the figures count', () => {
    const count = (sql: string) => h.db.prepare(sql).pluck().get() as number;
    expect(count('SELECT count(*) FROM visits')).toBeGreaterThan(20);
    expect(count('SELECT count(*) FROM journey_facts')).toBeGreaterThan(10);
    expect(count('SELECT count(*) FROM demographics')).toBeGreaterThan(3);
    expect(count('SELECT count(*) FROM visit_events')).toBeGreaterThan(5);
    expect(count(`SELECT count(*) FROM outcomes`)).toBeGreaterThan(5);
    expect(count(`SELECT count(*) FROM report_person_days WHERE key = 'visit' AND prev_day IS NOT NULL`)).toBeGreaterThan(0);
    expect(pseudonymsLeft()).toBeGreaterThan(0);
  });

  it('are the same after one resident is erased, and the resident is gone from the rollups', async () => {
    const visitorId = h.db.prepare(`SELECT d.visitor_id FROM demographics d JOIN visits v ON v.visitor_id = d.visitor_id GROUP BY d.visitor_id ORDER BY count(*) DESC, d.visitor_id LIMIT 1`).pluck().get() as string;
    const visitIds = h.db.prepare('SELECT id FROM visits WHERE visitor_id = ?').pluck().all(visitorId) as string[];
    expect(visitIds.length).toBeGreaterThan(1);
    const erasure = new Erasure({
      db: h.db,
      subjects: { visitIdsOf: () => visitIds },
      audit: new AuditLog(h.db),
      outbox: new Outbox(h.db, { hubId: hub.id, configVersion: hub.version, configHash: 'feedc0de00000001' }),
      reclaim: new FileReclaim(h.db),
      pseudonymOf: (id) => `p-${id}`,
      rollups: new ReportRollups(h.db, hub),
    });
    const reply = await erasure.erase({ subject: { kind: 'resident', visitorId }, basis: 'erasure', reason: 'asked at the desk', staffId: null, at: '2026-04-02T10:00:00.000Z' });
    expect(reply.cleared['report_person_days.person']).toBeGreaterThan(0);
    expect(h.db.prepare('SELECT count(*) FROM report_person_days WHERE person = ?').pluck().get(visitorId)).toBe(0);
    expect(h.db.prepare('SELECT count(*) FROM visits WHERE visitor_id = ?').pluck().get(visitorId)).toBe(0);
    expect(h.db.prepare('SELECT stale FROM report_rollup_state').pluck().get()).toBe(0);
    expect(figures()).toEqual(before);
    // A rebuild from the tables counts their visits as a known resident's still.
    rebuilt();
    expect(figures()).toEqual(before);
    expect(h.db.prepare('SELECT count(*) FROM report_person_days WHERE person = ?').pluck().get(visitorId)).toBe(0);
  });

  it('are the same after the personal period: fields cleared, residents’ records gone, no pseudonym left in the rollups', async () => {
    const asOf = '2026-06-01';
    // Past the personal period of every day seeded, inside the visit period.
    const shortened = { ...hub, privacy: { ...hub.privacy, personalDataRetentionDays: 30, visitRetentionDays: 3650 } };
    const report = await new RetentionJob({ db: h.db, hub: shortened, audit: new AuditLog(h.db), now: () => new Date(`${asOf}T12:00:00.000Z`), logger, batchBudgetMs: 50 }).run({ asOf, dryRun: false, staffId: null, via: 'command-line' });
    expect(report.personalCutoff > days[days.length - 1]!).toBe(true);
    expect(h.db.prepare('SELECT count(*) FROM visitors').pluck().get()).toBe(0);
    expect(h.db.prepare('SELECT count(*) FROM demographics').pluck().get()).toBe(0);
    expect(h.db.prepare('SELECT count(*) FROM visits WHERE visitor_id IS NOT NULL OR display_name IS NOT NULL').pluck().get()).toBe(0);
    expect(pseudonymsLeft()).toBe(0);
    // The journey facts sent to the collector no longer carry the resident's pseudonym either.
    const journeyEvents = (sql: string) => h.db.prepare(`SELECT count(*) FROM outbox WHERE type = 'journey.recorded' ${sql}`).pluck().get() as number;
    expect(journeyEvents('')).toBeGreaterThan(0);
    expect(journeyEvents(`AND json_extract(payload, '$.visitor') IS NOT NULL`)).toBe(0);
    expect(h.db.prepare('SELECT stale FROM report_rollup_state').pluck().get()).toBe(0);
    expect(figures()).toEqual(before);
    rebuilt();
    expect(figures()).toEqual(before);
    expect(pseudonymsLeft()).toBe(0);
  });

  it('are the same after the visit period: every visit deleted, its counts kept', async () => {
    const asOf = daysBefore('2026-04-01', -3000);
    const report = await new RetentionJob({ db: h.db, hub, audit: new AuditLog(h.db), now: () => new Date(`${asOf}T12:00:00.000Z`), logger, batchBudgetMs: 50 }).run({ asOf, dryRun: false, staffId: null, via: 'command-line' });
    expect(report.visitCutoff > days[days.length - 1]!).toBe(true);
    for (const table of ['visits', 'tickets', 'journey_facts', 'visit_events', 'outcomes', 'how_heard_answers']) {
      expect(h.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get(), table).toBe(0);
    }
    expect(h.db.prepare('SELECT stale FROM report_rollup_state').pluck().get()).toBe(0);
    expect(figures()).toEqual(before);
  });

  it('are the same when the rollups are rebuilt after the visits have gone', () => {
    rebuilt();
    expect(figures()).toEqual(before);
  });
});
