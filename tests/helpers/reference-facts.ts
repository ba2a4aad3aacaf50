import type { HubConfig } from '../../src-shared/config/schema';
import { equalityQuestionIds } from '../../src-shared/config/reporting';
import type { ReportFacts } from '../../src-shared/reports/figures';
import { query } from '../../src-main/queue/statements';
import { equalityColumns, servicePartnerMap } from '../../src-main/reports/report-facts';
import type { HubDatabase } from '../../src-main/store/database';

/**
 * The facts of src-shared/reports/figures.ts computed straight from the visits, tickets and journey
 * steps, one statement each: the definition the hub's rollups (src-main/reports/report-facts.ts)
 * must agree with. Tests compare the two on generated histories; the hub never runs this, since a
 * year of visits takes it seconds.
 */

type Range = { from: string; to: string };
type RangeMap = Range & { map: string };

const firstVisit = `NOT EXISTS (SELECT 1 FROM visits p WHERE p.visitor_id = v.visitor_id
  AND (p.checked_in_at < v.checked_in_at OR (p.checked_in_at = v.checked_in_at AND p.id < v.id)))`;

function statements(db: HubDatabase) {
  return {
    days: query<[Range], { day: string; first: number; returning: number; anonymous: number }>(
      db,
      `SELECT day, sum(anonymous) AS anonymous, sum(first) AS first, count(*) - sum(anonymous) - sum(first) AS "returning"
       FROM (SELECT v.service_day AS day, v.visitor_id IS NULL AS anonymous,
                    (v.visitor_id IS NOT NULL AND ${firstVisit}) AS first
             FROM visits v WHERE v.service_day BETWEEN @from AND @to)
       GROUP BY day ORDER BY day`,
    ),
    utcHours: query<[Range], { hour: string; visits: number }>(
      db,
      `SELECT substr(checked_in_at, 1, 13) AS hour, count(*) AS visits FROM visits
       WHERE service_day BETWEEN @from AND @to GROUP BY hour`,
    ),
    howHeard: query<[Range], { optionId: string; visits: number }>(
      db,
      `SELECT h.option_id AS optionId, count(*) AS visits FROM visits v JOIN how_heard_answers h ON h.visit_id = v.id
       WHERE v.service_day BETWEEN @from AND @to GROUP BY h.option_id`,
    ),
    howHeardTotals: query<[Range & { wordOfMouth: string }], { answered: number; wordOfMouth: number }>(
      db,
      `SELECT count(*) AS answered, coalesce(sum(wom), 0) AS wordOfMouth FROM (
         SELECT max(h.option_id IN (SELECT value FROM json_each(@wordOfMouth))) AS wom
         FROM visits v JOIN how_heard_answers h ON h.visit_id = v.id
         WHERE v.service_day BETWEEN @from AND @to GROUP BY v.id)`,
    ),
    needs: query<[Range], { needId: string; visits: number }>(
      db,
      `SELECT n.need_id AS needId, count(*) AS visits FROM visits v JOIN visit_needs n ON n.visit_id = v.id
       WHERE v.service_day BETWEEN @from AND @to GROUP BY n.need_id`,
    ),
    needCounts: query<[Range], { needs: number; visits: number }>(
      db,
      `SELECT needs, count(*) AS visits FROM (
         SELECT (SELECT count(*) FROM visit_needs n WHERE n.visit_id = v.id) AS needs FROM visits v
         WHERE v.service_day BETWEEN @from AND @to)
       GROUP BY needs`,
    ),
    combinations: query<[Range], { needs: string; visits: number }>(
      db,
      `SELECT combo AS needs, count(*) AS visits FROM (
         SELECT group_concat(n.need_id, '+' ORDER BY n.need_id) AS combo, count(*) AS k
         FROM visits v JOIN visit_needs n ON n.visit_id = v.id
         WHERE v.service_day BETWEEN @from AND @to GROUP BY v.id HAVING k >= 2)
       GROUP BY combo`,
    ),
    services: query<[Range], { serviceId: string; stops: number; seen: number; called: number; noShows: number }>(
      db,
      `SELECT service_id AS serviceId, count(*) AS stops, sum(status = 'done') AS seen,
              sum(called_at IS NOT NULL) AS called, sum(status = 'no-show') AS noShows
       FROM tickets WHERE service_day BETWEEN @from AND @to GROUP BY service_id`,
    ),
    // A ticket sent on from another service waits from the moment it was sent, not from arrival.
    waits: query<[Range], { serviceId: string; minutes: number; tickets: number }>(
      db,
      `SELECT serviceId, seconds / 60 AS minutes, count(*) AS tickets FROM (
         SELECT t.service_id AS serviceId,
                CAST(round((julianday(t.called_at) - julianday(coalesce(s.finished_at, t.queued_at))) * 86400) AS INTEGER) AS seconds
         FROM tickets t LEFT JOIN tickets s ON s.id = t.transferred_from
         WHERE t.service_day BETWEEN @from AND @to AND t.called_at IS NOT NULL)
       WHERE seconds >= 0
       GROUP BY serviceId, minutes`,
    ),
    enquiriesByPartner: query<[RangeMap], { partnerId: string; visits: number }>(
      db,
      `WITH sp AS MATERIALIZED (SELECT key AS service_id, value AS partner_id FROM json_each(@map))
       SELECT sp.partner_id AS partnerId, count(DISTINCT t.visit_id) AS visits
       FROM tickets t JOIN sp ON sp.service_id = t.service_id
       WHERE t.service_day BETWEEN @from AND @to GROUP BY sp.partner_id`,
    ),
    visitCount: query<[Range], { n: number; people: number }>(
      db,
      `SELECT count(*) AS n, count(DISTINCT coalesce(visitor_id, 'visit:' || id)) AS people FROM visits WHERE service_day BETWEEN @from AND @to`,
    ),
    /** Signposted, referred and outcome: distinct people, overall (partnerId null) and per partner. */
    steps: query<[RangeMap], { stage: string; partnerId: string | null; people: number }>(
      db,
      `WITH sp AS MATERIALIZED (SELECT key AS service_id, value AS partner_id FROM json_each(@map)),
       steps AS (
         SELECT j.stage, sp.partner_id, coalesce(v.visitor_id, 'visit:' || v.id) AS person
         FROM journey_steps j JOIN visits v ON v.id = j.visit_id LEFT JOIN sp ON sp.service_id = j.service_id
         WHERE j.stage IN ('signposted', 'referred', 'outcome') AND j.occurred_on BETWEEN @from AND @to)
       SELECT stage, NULL AS partnerId, count(DISTINCT person) AS people FROM steps GROUP BY stage
       UNION ALL
       SELECT stage, partner_id AS partnerId, count(DISTINCT person) AS people FROM steps WHERE partner_id IS NOT NULL GROUP BY stage, partner_id`,
    ),
    /**
     * First registration per person and programme (NULL programme: a finish outcome that named
     * none), counted for the partner of the earliest recorded registration of that first day.
     */
    registrations: query<[RangeMap], { programmeId: string | null; partnerId: string | null; people: number }>(
      db,
      `WITH sp AS MATERIALIZED (SELECT key AS service_id, value AS partner_id FROM json_each(@map)),
       ranked AS (
         SELECT j.programme_id, j.occurred_on, sp.partner_id,
                row_number() OVER (PARTITION BY coalesce(v.visitor_id, 'visit:' || v.id), j.programme_id
                                   ORDER BY j.occurred_on, j.recorded_at, coalesce(sp.partner_id, '')) AS nth
         FROM journey_steps j JOIN visits v ON v.id = j.visit_id LEFT JOIN sp ON sp.service_id = j.service_id
         WHERE j.stage = 'registered' AND j.occurred_on <= @to)
       SELECT programme_id AS programmeId, partner_id AS partnerId, count(*) AS people FROM ranked
       WHERE nth = 1 AND occurred_on >= @from GROUP BY programme_id, partner_id`,
    ),
    outcomes: query<[Range], { kind: string; people: number }>(
      db,
      `SELECT j.outcome_kind AS kind, count(DISTINCT coalesce(v.visitor_id, 'visit:' || v.id)) AS people
       FROM journey_facts j JOIN visits v ON v.id = j.visit_id
       WHERE j.stage = 'outcome' AND j.occurred_on BETWEEN @from AND @to GROUP BY j.outcome_kind`,
    ),
    referralsTo: query<[Range], { organisationId: string | null; people: number }>(
      db,
      `SELECT j.organisation_id AS organisationId, count(DISTINCT coalesce(v.visitor_id, 'visit:' || v.id)) AS people
       FROM journey_steps j JOIN visits v ON v.id = j.visit_id
       WHERE j.stage = 'referred' AND j.occurred_on BETWEEN @from AND @to GROUP BY j.organisation_id`,
    ),
    flows: query<[RangeMap], { fromPartner: string; toPartner: string; visits: number }>(
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
              count(v.id) AS attendances, coalesce(sum(v.visitor_id IS NOT NULL AND ${firstVisit}), 0) AS firstTime
       FROM hub_events e LEFT JOIN visit_events ve ON ve.event_id = e.id LEFT JOIN visits v ON v.id = ve.visit_id
       WHERE e.start_day BETWEEN @from AND @to AND e.cancelled_at IS NULL
       GROUP BY e.id ORDER BY e.starts_at`,
    ),
    /** Known visitors of the range by their answers, in one pass; the counts per question are summed in JS. */
    demographics: query<[Range], Record<string, string | number | null> & { people: number }>(
      db,
      `SELECT ${equalityQuestionIds.map((q) => `d.${equalityColumns[q]} AS "${q}"`).join(', ')}, count(*) AS people
       FROM (SELECT DISTINCT visitor_id FROM visits WHERE service_day BETWEEN @from AND @to AND visitor_id IS NOT NULL) p
       LEFT JOIN demographics d ON d.visitor_id = p.visitor_id
       GROUP BY ${equalityQuestionIds.map((q) => `d.${equalityColumns[q]}`).join(', ')}`,
    ),
  };
}

export class ReferenceFactReader {
  private readonly stmt: ReturnType<typeof statements>;
  private readonly map: string;
  private readonly wordOfMouth: string;

  constructor(
    private readonly db: HubDatabase,
    private readonly hub: HubConfig,
  ) {
    this.stmt = statements(db);
    this.map = servicePartnerMap(hub);
    this.wordOfMouth = JSON.stringify(hub.howHeard.options.filter((o) => o.route === 'word-of-mouth').map((o) => o.id));
  }

  private demographics(groups: (Record<string, string | number | null> & { people: number })[], anonymous: number): ReportFacts['demographics'] {
    return this.hub.equality.questions.flatMap((q) => {
      // Anonymous check-ins were never asked: they join "not answered".
      const counts = new Map<string, number>([['not-answered', anonymous]]);
      for (const g of groups) {
        const answer = typeof g[q] === 'string' ? (g[q] as string) : 'not-answered';
        counts.set(answer, (counts.get(answer) ?? 0) + g.people);
      }
      return [...counts].map(([answer, people]) => ({ question: q, answer, people }));
    });
  }

  /** Every fact of one range, read in one transaction so the figures agree with each other. */
  facts(range: Range): ReportFacts {
    const r = { from: range.from, to: range.to };
    const rm = { ...r, map: this.map };
    const read = this.db.transaction((): ReportFacts => {
      const s = this.stmt;
      const heard = s.howHeardTotals.one({ ...r, wordOfMouth: this.wordOfMouth });
      const visits = s.visitCount.one(r);
      const days = s.days.all(r);
      const anonymous = days.reduce((a, d) => a + d.anonymous, 0);
      const registrations = s.registrations.all(rm);
      const journey: ReportFacts['journey'] = [
        { partnerId: null, stage: 'enquiry', count: visits.n },
        ...s.enquiriesByPartner.all(rm).map((e) => ({ partnerId: e.partnerId, stage: 'enquiry' as const, count: e.visits })),
        ...s.steps.all(rm).map((x) => ({ partnerId: x.partnerId, stage: x.stage as 'signposted' | 'referred' | 'outcome', count: x.people })),
        { partnerId: null, stage: 'registered', count: registrations.reduce((a, x) => a + x.people, 0) },
      ];
      const byPartner = new Map<string, number>();
      for (const x of registrations) if (x.partnerId) byPartner.set(x.partnerId, (byPartner.get(x.partnerId) ?? 0) + x.people);
      for (const [partnerId, count] of byPartner) journey.push({ partnerId, stage: 'registered', count });
      const byProgramme = new Map<string | null, number>();
      for (const x of registrations) byProgramme.set(x.programmeId, (byProgramme.get(x.programmeId) ?? 0) + x.people);
      return {
        from: r.from,
        to: r.to,
        days,
        utcHours: s.utcHours.all(r),
        howHeard: s.howHeard.all(r),
        howHeardAnswered: heard.answered,
        wordOfMouth: heard.wordOfMouth,
        needs: s.needs.all(r),
        needCounts: s.needCounts.all(r),
        combinations: s.combinations.all(r),
        services: s.services.all(r),
        waits: s.waits.all(r),
        journey,
        programmes: [...byProgramme].map(([programmeId, people]) => ({ programmeId, people })),
        outcomes: s.outcomes.all(r),
        referralsTo: s.referralsTo.all(r),
        flows: s.flows.all(rm),
        demographics: this.demographics(s.demographics.all(r), anonymous),
        people: visits.people,
        events: s.events.all(r),
      };
    });
    return read.deferred();
  }
}
