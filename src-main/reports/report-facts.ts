import { servicesOf, type HubConfig } from '../../src-shared/config/schema';
import type { EqualityQuestion } from '../../src-shared/config/reporting';
import type { ReportFacts } from '../../src-shared/reports/figures';
import { addDays } from '../../src-shared/reports/range';
import { query } from '../queue/statements';
import type { HubDatabase } from '../store/database';
import { equalityColumns as rollupEqualityColumns } from '../store/migrations/014-equality-and-report-indexes';
import { ReportRollups } from './rollups';

/**
 * The facts of src-shared/reports/figures.ts for one range of service days, read from the rollups of
 * migration 014 rather than the visits themselves, so a year costs about what a day does:
 * - additive counts from whole months plus the days at either end;
 * - distinct people (overall, per stage, partner, organisation, outcome kind and equality answer)
 *   from person-day rows whose previous day is before the range;
 * - event attendance from per-event counts; hand-overs between partners from the transferred
 *   tickets alone (an index of their own).
 * tests/helpers/reference-facts.ts computes the same facts from the visits; the tests hold the two
 * equal on generated histories. Every statement is fixed SQL with bound parameters.
 */

type Range = { from: string; to: string };

/** The demographics column of each equality question. */
export const equalityColumns: Record<EqualityQuestion, string> = rollupEqualityColumns;

/** service id → partner id, as JSON for `json_each` (the partners live in configuration). */
export function servicePartnerMap(hub: Pick<HubConfig, 'partners'>): string {
  return JSON.stringify(Object.fromEntries(servicesOf(hub).map((s) => [s.id, s.partnerId])));
}

/** The facts summed over a range from report_day_counts / report_month_counts. */
const summedFacts = `'hour', 'heard', 'heard-set', 'need', 'need-set', 'stop', 'seen', 'called', 'no-show', 'wait', 'enquiry-set'`;

/** A range as whole months (`m1`…`m2`) and the days outside them (`d1`…`d2`, `d3`…`d4`); empty parts run backwards. */
export type RangeParts = { m1: string; m2: string; d1: string; d2: string; d3: string; d4: string };

export function rangeParts({ from, to }: Range): RangeParts {
  const none = { a: '9999-12-31', b: '0000-01-01' };
  const firstFull = from.endsWith('-01') ? from.slice(0, 7) : addDays(`${from.slice(0, 7)}-28`, 7).slice(0, 7);
  const nextOfTo = addDays(to, 1);
  const lastFull = nextOfTo.endsWith('-01') ? to.slice(0, 7) : addDays(`${to.slice(0, 7)}-01`, -1).slice(0, 7);
  if (firstFull > lastFull) return { m1: none.a, m2: none.b, d1: from, d2: to, d3: none.a, d4: none.b };
  const monthsStart = `${firstFull}-01`;
  const monthsEnd = addDays(`${addDays(`${lastFull}-28`, 7).slice(0, 7)}-01`, -1);
  return {
    m1: firstFull,
    m2: lastFull,
    d1: from < monthsStart ? from : none.a,
    d2: from < monthsStart ? addDays(monthsStart, -1) : none.b,
    d3: to > monthsEnd ? addDays(monthsEnd, 1) : none.a,
    d4: to > monthsEnd ? to : none.b,
  };
}

function statements(db: HubDatabase) {
  return {
    counts: query<[RangeParts], { fact: string; k1: string; k2: string; n: number }>(
      db,
      `SELECT fact, k1, k2, sum(n) AS n FROM (
         SELECT fact, k1, k2, n FROM report_month_counts WHERE fact IN (${summedFacts}) AND month BETWEEN @m1 AND @m2
         UNION ALL SELECT fact, k1, k2, n FROM report_day_counts WHERE fact IN (${summedFacts}) AND day BETWEEN @d1 AND @d2
         UNION ALL SELECT fact, k1, k2, n FROM report_day_counts WHERE fact IN (${summedFacts}) AND day BETWEEN @d3 AND @d4)
       GROUP BY fact, k1, k2 HAVING sum(n) <> 0`,
    ),
    daily: query<[Range], { day: string; visits: number; anonymous: number }>(
      db,
      `SELECT day, visits, anonymous FROM report_days WHERE day BETWEEN @from AND @to AND visits > 0`,
    ),
    firstVisits: query<[Range], { day: string; first: number }>(
      db,
      `SELECT day, count(*) AS first FROM report_person_days WHERE key = 'visit' AND prev_day IS NULL AND day BETWEEN @from AND @to GROUP BY day`,
    ),
    /** Distinct people per key: the rows of the range whose previous day is before it. */
    people: query<[Range], { key: string; people: number }>(
      db,
      `SELECT k.key, (SELECT count(*) FROM report_person_days p
                      WHERE p.key = k.key AND p.day BETWEEN @from AND @to AND (p.prev_day IS NULL OR p.prev_day < @from)) AS people
       FROM report_person_keys k WHERE k.key NOT GLOB 'registered:*'`,
    ),
    peopleWithKey: query<[Range & { key: string }], { people: number }>(
      db,
      `SELECT count(*) AS people FROM report_person_days p
       WHERE p.key = @key AND p.day BETWEEN @from AND @to AND (p.prev_day IS NULL OR p.prev_day < @from)`,
    ),
    /** First registrations per programme, by the partner of the first one (attr: recorded_at, space, partner). */
    registrations: query<[Range], { key: string; partnerId: string | null; people: number }>(
      db,
      `SELECT key, nullif(partner, '') AS partnerId, count(*) AS people FROM (
         SELECT p.key, substr(p.attr, instr(p.attr, ' ') + 1) AS partner FROM report_person_keys k
         JOIN report_person_days p ON p.key = k.key AND p.prev_day IS NULL AND p.day BETWEEN @from AND @to
         WHERE k.key GLOB 'registered:*')
       GROUP BY key, partner`,
    ),
    flows: query<[Range & { map: string }], { fromPartner: string; toPartner: string; visits: number }>(
      db,
      `WITH sp AS MATERIALIZED (SELECT key AS service_id, value AS partner_id FROM json_each(@map))
       SELECT f.partner_id AS fromPartner, tp.partner_id AS toPartner, count(DISTINCT t.visit_id) AS visits
       FROM tickets t JOIN tickets s ON s.id = t.transferred_from
       JOIN sp tp ON tp.service_id = t.service_id JOIN sp f ON f.service_id = s.service_id
       WHERE t.transferred_from IS NOT NULL AND t.service_day BETWEEN @from AND @to AND f.partner_id <> tp.partner_id
       GROUP BY f.partner_id, tp.partner_id`,
    ),
    events: query<[Range], { eventId: string; name: string; startsAt: string; capacity: number | null; attendances: number; firstTime: number }>(
      db,
      `SELECT e.id AS eventId, e.name, e.starts_at AS startsAt, e.capacity,
              coalesce(c.attendances, 0) AS attendances, coalesce(c.first_time, 0) AS firstTime
       FROM hub_events e LEFT JOIN report_event_counts c ON c.event_id = e.id
       WHERE e.start_day BETWEEN @from AND @to AND e.cancelled_at IS NULL
       ORDER BY e.starts_at, e.id`,
    ),
    /** Distinct people with any of several keys in a range (a set: for few rows, such as outcomes). */
    peopleWithAnyKey: query<[Range & { keys: string }], { people: number }>(
      db,
      `SELECT count(DISTINCT p.person) AS people FROM report_person_days p
       WHERE p.key IN (SELECT value FROM json_each(@keys)) AND p.day BETWEEN @from AND @to`,
    ),
  };
}

/** Counts by key, summed. */
function tally<K>(entries: Iterable<[K, number]>): Map<K, number> {
  const map = new Map<K, number>();
  for (const [k, n] of entries) map.set(k, (map.get(k) ?? 0) + n);
  return map;
}

const list = (set: string, separator: string) => (set === '' ? [] : set.split(separator));

export class ReportFactReader {
  private readonly stmt: ReturnType<typeof statements>;
  private readonly map: string;
  private readonly partnerOf: Map<string, string>;
  private readonly wordOfMouth: Set<string>;
  readonly rollups: ReportRollups;

  constructor(
    private readonly db: HubDatabase,
    private readonly hub: HubConfig,
  ) {
    this.stmt = statements(db);
    this.map = servicePartnerMap(hub);
    this.partnerOf = new Map(servicesOf(hub).map((s) => [s.id, s.partnerId]));
    this.wordOfMouth = new Set(hub.howHeard.options.filter((o) => o.route === 'word-of-mouth').map((o) => o.id));
    this.rollups = new ReportRollups(db, hub);
    this.rollups.ensureFresh();
  }

  /** Distinct people per person-day key in a range (a read inside the caller's transaction). */
  peopleByKey(range: Range): Map<string, number> {
    return new Map(this.stmt.people.all(range).map((r) => [r.key, r.people]));
  }

  /** Distinct people of one person-day key in a range. */
  peopleWithKey(range: Range, key: string): number {
    return this.stmt.peopleWithKey.one({ ...range, key }).people;
  }

  /** Distinct people with any of the keys in a range. */
  peopleWithAnyKey(range: Range, keys: readonly string[]): number {
    return keys.length === 1 ? this.peopleWithKey(range, keys[0]!) : this.stmt.peopleWithAnyKey.one({ ...range, keys: JSON.stringify(keys) }).people;
  }

  /** First registrations in a range per programme id ('' for a finish outcome that named none) and partner. */
  registrations(range: Range): { programmeId: string; partnerId: string | null; people: number }[] {
    return this.stmt.registrations.all(range).map((r) => ({ programmeId: r.key.slice('registered:'.length), partnerId: r.partnerId, people: r.people }));
  }

  /** Visits, and anonymous visits, in a range. */
  visitTotals(range: Range): { visits: number; anonymous: number } {
    let visits = 0;
    let anonymous = 0;
    for (const d of this.stmt.daily.all(range)) {
      visits += d.visits;
      anonymous += d.anonymous;
    }
    return { visits, anonymous };
  }

  /** People by their answer to each question asked (keys `eq:question=answer`); the rest "not answered". */
  private demographics(people: Map<string, number>, anonymous: number, known: number): ReportFacts['demographics'] {
    return this.hub.equality.questions.flatMap((q) => {
      const prefix = `eq:${q}=`;
      const answers = [...people].filter(([key, n]) => key.startsWith(prefix) && n > 0).map(([key, n]) => ({ question: q, answer: key.slice(prefix.length), people: n }));
      // Anonymous check-ins were never asked, and most known visitors never answered.
      const answered = answers.reduce((a, x) => a + x.people, 0);
      return [{ question: q, answer: 'not-answered', people: anonymous + known - answered }, ...answers];
    });
  }

  /** Every fact of one range, read in one transaction so the figures agree with each other. */
  facts(range: Range): ReportFacts {
    const r = { from: range.from, to: range.to };
    this.rollups.ensureFresh();
    const parts = rangeParts(r);
    this.rollups.ensureMonths(parts.m1, parts.m2);
    const read = this.db.transaction((): ReportFacts => {
      const s = this.stmt;
      const counts = s.counts.all(parts);
      const of = (fact: string) => counts.filter((c) => c.fact === fact);

      const byDay = new Map<string, { visits: number; anonymous: number; first: number }>();
      const dayOf = (day: string) => byDay.get(day) ?? byDay.set(day, { visits: 0, anonymous: 0, first: 0 }).get(day)!;
      for (const d of s.daily.all(r)) Object.assign(dayOf(d.day), { visits: d.visits, anonymous: d.anonymous });
      for (const d of s.firstVisits.all(r)) dayOf(d.day).first = d.first;
      const days = [...byDay]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([day, d]) => ({ day, first: d.first, returning: d.visits - d.anonymous - d.first, anonymous: d.anonymous }));

      const visits = days.reduce((a, d) => a + d.first + d.returning + d.anonymous, 0);
      const anonymous = days.reduce((a, d) => a + d.anonymous, 0);
      const people = this.peopleByKey(r);
      const known = people.get('visit') ?? 0;

      const heardSets = of('heard-set').map((c) => ({ options: list(c.k1, ','), visits: c.n }));
      const needSets = of('need-set').map((c) => ({ needs: list(c.k1, '+'), visits: c.n }));
      const services = new Map<string, { serviceId: string; stops: number; seen: number; called: number; noShows: number }>();
      const service = (id: string) => services.get(id) ?? services.set(id, { serviceId: id, stops: 0, seen: 0, called: 0, noShows: 0 }).get(id)!;
      for (const c of of('stop')) service(c.k1).stops += c.n;
      for (const c of of('seen')) service(c.k1).seen += c.n;
      for (const c of of('called')) service(c.k1).called += c.n;
      for (const c of of('no-show')) service(c.k1).noShows += c.n;

      // A visit counts once for each partner it had a stop with.
      const enquiries = tally(
        of('enquiry-set').flatMap((c) => [...new Set(list(c.k1, ',').flatMap((id) => (this.partnerOf.has(id) ? [this.partnerOf.get(id)!] : [])))].map((p): [string, number] => [p, c.n])),
      );
      const registrations = this.registrations(r);
      const journey: ReportFacts['journey'] = [
        { partnerId: null, stage: 'enquiry', count: visits },
        ...[...enquiries].map(([partnerId, count]) => ({ partnerId, stage: 'enquiry' as const, count })),
      ];
      for (const [key, count] of people) {
        const [, stage, partnerId] = /^(signposted|referred|outcome)(?:@(.+))?$/.exec(key) ?? [];
        if (stage && count > 0) journey.push({ partnerId: partnerId ?? null, stage: stage as 'signposted' | 'referred' | 'outcome', count });
      }
      journey.push({ partnerId: null, stage: 'registered', count: registrations.reduce((a, x) => a + x.people, 0) });
      for (const [partnerId, count] of tally(registrations.flatMap((x): [string, number][] => (x.partnerId ? [[x.partnerId, x.people]] : [])))) {
        journey.push({ partnerId, stage: 'registered', count });
      }
      const keyed = (prefix: string) =>
        [...people]
          .filter(([key, n]) => key.startsWith(prefix) && n > 0)
          .map(([key, n]) => [key.slice(prefix.length), n] as const)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

      return {
        from: r.from,
        to: r.to,
        days,
        utcHours: of('hour').map((c) => ({ hour: c.k1, visits: c.n })),
        howHeard: of('heard').map((c) => ({ optionId: c.k1, visits: c.n })),
        howHeardAnswered: heardSets.reduce((a, h) => a + h.visits, 0),
        wordOfMouth: heardSets.filter((h) => h.options.some((o) => this.wordOfMouth.has(o))).reduce((a, h) => a + h.visits, 0),
        needs: of('need').map((c) => ({ needId: c.k1, visits: c.n })),
        needCounts: [...tally(needSets.map((x): [number, number] => [x.needs.length, x.visits]))].map(([needs, n]) => ({ needs, visits: n })),
        combinations: needSets.filter((x) => x.needs.length >= 2).map((x) => ({ needs: x.needs.join('+'), visits: x.visits })),
        services: [...services.values()],
        waits: of('wait').map((c) => ({ serviceId: c.k1, minutes: Number(c.k2), tickets: c.n })),
        journey,
        programmes: [...tally(registrations.map((x): [string | null, number] => [x.programmeId === '' ? null : x.programmeId, x.people]))].map(([programmeId, n]) => ({ programmeId, people: n })),
        outcomes: keyed('outcome:').map(([kind, n]) => ({ kind, people: n })),
        // Ordered as the organisations sort, no organisation first: ties keep that order on the screen.
        referralsTo: keyed('referred>').map(([org, n]) => ({ organisationId: org === '' ? null : org, people: n })),
        flows: s.flows.all({ ...r, map: this.map }),
        demographics: this.demographics(people, anonymous, known),
        people: anonymous + known,
        events: s.events.all(r),
      };
    });
    return read.deferred();
  }
}
