/**
 * The report rollups (migration 014) against the figures' definition computed straight from the
 * visits (tests/helpers/reference-facts.ts), on generated histories that cross local midnight, both
 * of 2026's clock changes, month and year ends: check-ins known and anonymous, calls, recalls,
 * no-shows and their undoing, transfers, added stops, finishes with every outcome, journey facts
 * dated later than their visit, equality answers that turn walk-ins into known visitors, events.
 * The triggers must keep every figure identical to the definition, and identical to a rebuild.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInRequest, outcomeKinds } from '../../src-shared/api/contract';
import { journeyOutcomeKinds, measureIds, type MeasureFilters } from '../../src-shared/config/reporting';
import { buildFigures, type ReportFacts } from '../../src-shared/reports/figures';
import { ReportFactReader } from '../../src-main/reports/report-facts';
import { MeasureQueries } from '../../src-main/reports/measure-queries';
import { serviceDayOf } from '../../src-shared/time';
import { ReferenceFactReader } from '../helpers/reference-facts';
import { openReportHub, reportTestHub, type ReportHub } from '../helpers/report-hub';
import { makeTempDir } from '../helpers/temp-dir';

const temp = makeTempDir();
afterAll(() => temp.remove());

/** A small deterministic generator (mulberry32), so a failing seed can be run again. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T,>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const some = <T,>(xs: readonly T[]): T[] => xs.filter(() => next() < 0.4);
  return { next, int, pick, some };
}

const hub = reportTestHub();
const services = ['welcome', 'housing', 'money', 'work'];
const desks: Record<string, string> = { welcome: 'Reception', housing: 'Desk 3', money: 'Desk 1', work: 'Desk 4' };
const cards = ['CARD0001', 'CARD0002', 'CARD0003', 'CARD0004', 'CARD0005', 'CARD0006', 'CARD0007'];
/** Local days around midnight, both clock changes, a month end and the year's end (Europe/London). */
const days = ['2026-03-28', '2026-03-29', '2026-03-30', '2026-03-31', '2026-04-01', '2026-10-24', '2026-10-25', '2026-10-26', '2026-10-31', '2026-11-01', '2026-12-31', '2027-01-01'];
/** Instants spread over each day, with arrivals just either side of local midnight. */
function instantsOf(day: string, r: ReturnType<typeof random>): string[] {
  const base = Date.parse(`${day}T00:00:00Z`);
  const offsets = [-70, -30, -5, 10, 40, 70, 95, 130, 9 * 60, 11 * 60, 14 * 60, 23 * 60 + 10, 23 * 60 + 40, 24 * 60 + 20];
  return r
    .some(offsets)
    .concat([12 * 60])
    .map((m) => new Date(base + m * 60_000 + r.int(50) * 1000).toISOString())
    .sort();
}

type Visit = { visitId: string; day: string; tickets: { id: string; serviceId: string }[] };

function generate(h: ReportHub, seed: number): Visit[] {
  const r = random(seed);
  const visits: Visit[] = [];
  const events: { id: string; day: string }[] = [];
  const instants = [...new Set(days.flatMap((d) => instantsOf(d, r)))].sort();
  for (const at of instants) {
    h.setClock(at);
    const today = serviceDayOf(new Date(at), hub.timeZone);
    if (r.next() < 0.15 && !events.some((e) => e.day === today)) {
      const ev = h.programme.createEvent({ name: `Event ${today}`, kind: 'workshop', startsAt: at, endsAt: new Date(Date.parse(at) + 2 * 3_600_000).toISOString(), partnerId: null, capacity: 20 }, null);
      events.push({ id: ev.id, day: today });
    }
    const card = r.next() < 0.65 ? r.pick(cards) : null;
    const heard = r.some(['friend-family', 'jobcentre', 'other']);
    const help = r.some(['money', 'housing', 'work']);
    const body = checkInRequest.parse({
      requestId: `req-${seed}-${visits.length}-${r.int(1e9)}`,
      identification: card ? { method: 'card', cardId: card } : { method: 'walk-in' },
      consent: { noticeVersion: '2026-11', optionalQuestions: true },
      howHeard: heard.map((optionId) => (optionId === 'other' ? { optionId, text: '=cmd' } : { optionId })),
      answers: help.length > 0 ? { 'help-with': help } : {},
      skipped: help.length > 0 ? [] : ['help-with'],
      visitor: { displayName: 'Sam', language: 'en', interpreter: false, accessibility: [] },
    });
    const v = h.queue.checkIn(body);
    visits.push({ visitId: v.visitId, day: v.serviceDay, tickets: v.tickets.map((t) => ({ id: t.id, serviceId: t.serviceId })) });
    const todays = visits.filter((x) => x.day === today);
    // Staff work on today's queue.
    for (let step = 0; step < 5; step += 1) {
      const service = r.pick(services);
      const calledAt = Date.parse(at) + (step + 1) * 37_000;
      h.setClock(new Date(calledAt).toISOString());
      try {
        const called = h.queue.callNext(service, desks[service]!);
        const choice = r.int(8);
        // No-shows only after the grace minutes.
        if (choice <= 1) h.setClock(new Date(calledAt + 6 * 60_000).toISOString());
        if (choice === 0) h.queue.noShow(called.id);
        else if (choice === 1) {
          h.queue.noShow(called.id);
          if (r.next() < 0.5) h.queue.undoNoShow(called.id, null);
        } else if (choice === 2) h.queue.recall(called.id);
        else if (choice === 3) {
          h.queue.start(called.id);
          const moved = h.queue.transfer(called.id, r.pick(services.filter((s) => s !== service)));
          todays.find((x) => x.visitId === moved.to.visitId)?.tickets.push({ id: moved.to.id, serviceId: moved.to.serviceId });
        } else if (choice === 4) h.queue.cancel(called.id);
        else {
          h.queue.start(called.id);
          h.queue.finish(called.id, { kind: r.next() < 0.6 ? r.pick(['signposted', 'referred', 'registered'] as const) : r.pick(outcomeKinds) });
        }
      } catch {
        // Nobody waiting there, or a visitor already with another partner: staff try elsewhere.
      }
    }
    h.setClock(new Date(Date.parse(at) + 10 * 60_000).toISOString());
    const some = r.pick(todays);
    if (r.next() < 0.15) {
      try {
        const added = h.queue.addStop(some.visitId, r.pick(services));
        some.tickets.push({ id: added.id, serviceId: added.serviceId });
      } catch {
        // The visit is closed, or already has that service.
      }
    }
    if (r.next() < 0.3) {
      const target = r.pick(visits);
      const stage = r.pick(['signposted', 'referred', 'registered', 'outcome'] as const);
      const serviceId = r.pick(services);
      const occurredOn = r.next() < 0.5 ? target.day : today;
      const request =
        stage === 'referred'
          ? { stage, serviceId, occurredOn, organisationId: r.pick(['citizens-advice', 'connect-to-work', 'jobs']) }
          : stage === 'registered'
            ? { stage, serviceId, occurredOn, programmeId: r.pick(['connect-to-work', 'keyworker']) }
            : stage === 'outcome'
              ? { stage, serviceId, occurredOn, outcomeKind: r.pick(journeyOutcomeKinds), evidence: 'self-declaration' as const }
              : { stage, serviceId, occurredOn };
      if (occurredOn >= target.day) h.programme.recordJourney(target.visitId, request, null);
    }
    if (r.next() < 0.2) {
      h.programme.recordDemographics(
        some.visitId,
        { economicStatus: r.pick(['employed', 'unemployed', 'inactive', 'prefer-not-to-say'] as const), ...(r.next() < 0.5 ? { ageBand: r.pick(['16-24', '50-64'] as const) } : {}) },
        'staff',
        null,
      );
    }
    const event = events.find((e) => e.day === today);
    if (event && r.next() < 0.5) h.programme.tagVisit(some.visitId, event.id, 'staff', null);
  }
  return visits;
}

/** Facts with their lists in one order and empty entries left out, for comparing. */
function normal(facts: ReportFacts) {
  const sorted = <T,>(xs: T[]) => xs.map((x) => JSON.stringify(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))).sort();
  const nonzero = <T extends Record<string, unknown>>(xs: T[]) => xs.filter((x) => Object.values(x).some((v) => typeof v === 'number' && v !== 0) || Object.values(x).every((v) => typeof v !== 'number'));
  return Object.fromEntries(Object.entries(facts).map(([k, v]) => [k, Array.isArray(v) ? sorted(nonzero(v as Record<string, unknown>[])) : v]));
}

const ranges = [
  ...days.map((d) => ({ from: d, to: d })),
  { from: '2026-03-28', to: '2026-03-30' },
  { from: '2026-03-29', to: '2026-04-01' },
  { from: '2026-03-01', to: '2026-03-31' },
  { from: '2026-03-30', to: '2026-10-25' },
  { from: '2026-04-01', to: '2026-11-30' },
  { from: '2026-10-25', to: '2027-01-01' },
  { from: '2026-01-01', to: '2027-12-31' },
];

function rollupTables(h: ReportHub) {
  return {
    visits: h.db.prepare('SELECT * FROM report_days ORDER BY day').all(),
    days: h.db.prepare('SELECT * FROM report_day_counts ORDER BY fact, day, k1, k2').all(),
    months: h.db.prepare('SELECT * FROM report_month_counts ORDER BY fact, month, k1, k2').all(),
    monthState: h.db.prepare('SELECT * FROM report_month_state ORDER BY month').all(),
    people: h.db.prepare('SELECT * FROM report_person_days ORDER BY key, person, day').all(),
  };
}

describe.each([1, 2, 3])('rollups on a generated history (seed %i)', (seed) => {
  let h: ReportHub;
  let reference: ReferenceFactReader;
  let reader: ReportFactReader;
  beforeAll(() => {
    h = openReportHub(temp.path, hub);
    generate(h, seed);
    reference = new ReferenceFactReader(h.db, hub);
    reader = new ReportFactReader(h.db, hub);
  });
  afterAll(() => h.close());

  it('gives every figure of every range exactly as the definition does', () => {
    // The history has what the rollups must follow.
    const count = (sql: string) => h.db.prepare(sql).pluck().get() as number;
    expect(count('SELECT count(*) FROM tickets WHERE transferred_from IS NOT NULL')).toBeGreaterThan(0);
    expect(count(`SELECT count(DISTINCT stage) FROM journey_facts`)).toBe(4);
    expect(count(`SELECT count(DISTINCT kind) FROM outcomes WHERE kind IN ('signposted', 'referred', 'registered')`)).toBe(3);
    expect(count(`SELECT count(*) FROM visits WHERE method = 'walk-in' AND visitor_id IS NOT NULL`)).toBeGreaterThan(0);
    expect(count('SELECT count(*) FROM visit_events')).toBeGreaterThan(0);
    expect(count(`SELECT count(*) FROM tickets WHERE status = 'no-show'`)).toBeGreaterThan(0);
    for (const range of ranges) {
      const facts = reader.facts(range);
      const expected = reference.facts(range);
      expect(normal(facts), JSON.stringify(range)).toEqual(normal(expected));
      expect(buildFigures(facts, hub), JSON.stringify(range)).toEqual(buildFigures(expected, hub));
    }
  });

  it('are what a rebuild from the tables makes', () => {
    reader.rollups.ensureMonths('0000-00', '9999-99');
    const kept = rollupTables(h);
    expect(kept.people.length).toBeGreaterThan(0);
    reader.rollups.rebuild();
    expect(rollupTables(h)).toEqual(kept);
  });

  it('give every measure as computing it from the visits does, whatever the filters', () => {
    const r = random(seed * 7);
    const measures = new MeasureQueries(h.db, hub, reader);
    const filterSets: MeasureFilters[] = [
      {},
      { economicStatuses: ['inactive'] },
      { economicStatuses: ['employed', 'unemployed'], ageBands: ['16-24'] },
      { ageBands: ['50-64'] },
      { organisations: ['citizens-advice'] },
      { organisations: ['citizens-advice', 'jobs'] },
      { outcomeKinds: ['job'] },
      { outcomeKinds: ['job', 'self-employment'] },
      { programmes: ['connect-to-work'] },
      { programmes: ['connect-to-work', 'keyworker'] },
      { services: ['money'] },
      { partners: ['council'] },
      { partners: ['council', 'jobs'] },
      { outcomeKinds: ['job', 'qualification', 'in-work-support'] },
      { needs: ['housing'] },
    ];
    for (let i = 0; i < 120; i += 1) {
      const measure = r.pick(measureIds);
      const filters = r.pick(filterSets);
      const range = r.pick(ranges);
      expect(measures.value(measure, filters, range), `${measure} ${JSON.stringify(filters)} ${JSON.stringify(range)}`).toBe(measures.live(measure, filters, range));
    }
  });

  it('are rebuilt after a delete they cannot follow, and agree again', () => {
    const visit = h.db.prepare<[], { id: string }>('SELECT id FROM visits ORDER BY checked_in_at LIMIT 1 OFFSET 3').get()!;
    h.db.prepare('DELETE FROM visits WHERE id = ?').run(visit.id);
    expect(h.db.prepare('SELECT stale FROM report_rollup_state').pluck().get()).toBe(1);
    for (const range of ranges.slice(-4)) expect(normal(reader.facts(range))).toEqual(normal(reference.facts(range)));
    expect(h.db.prepare('SELECT stale FROM report_rollup_state').pluck().get()).toBe(0);
  });
});

describe('rollups and configuration', () => {
  it('are rebuilt when a service moves to another partner', () => {
    const h = openReportHub(temp.path, hub);
    generate(h, 11);
    h.close();
    const moved = reportTestHub({
      partners: hub.partners.map((p) => (p.id === 'council' ? { ...p, services: p.services.filter((s) => s.id !== 'housing') } : p.id === 'advice' ? { ...p, services: [...p.services, hub.partners[0]!.services.find((s) => s.id === 'housing')!] } : p)),
    });
    const again = openReportHub(temp.path, moved, h.db.name);
    const reader = new ReportFactReader(again.db, moved);
    const reference = new ReferenceFactReader(again.db, moved);
    for (const range of ranges.slice(-3)) expect(normal(reader.facts(range))).toEqual(normal(reference.facts(range)));
    again.close();
  });
});
