import type { MeasureFilters, MeasureId } from '../../src-shared/config/reporting';
import { servicesOf, type HubConfig } from '../../src-shared/config/schema';
import { assertNever } from '../errors';
import { query, type Count, type Query } from '../queue/statements';
import type { HubDatabase } from '../store/database';
import type { ReportFactReader } from './report-facts';

/**
 * The named measures of src-shared/reports/measures.ts computed with SQLite. Filters are bound as
 * JSON lists (or NULL for "no filter"), so every statement is fixed text prepared once. The common
 * shapes (no filter; programmes, partners, organisations or outcome kinds alone; economic status
 * or age band alone) are read from the report rollups, so targets cost little on every dashboard; any
 * other combination is computed from the visits and journey steps.
 */

type MeasureParams = {
  from: string;
  to: string;
  services: string | null;
  partners: string | null;
  needs: string | null;
  econ: string | null;
  ages: string | null;
  orgs: string | null;
  kinds: string | null;
  progs: string | null;
  wordOfMouth: string;
  stage: string;
};

const person = (v: string) => `coalesce(${v}.visitor_id, 'visit:' || ${v}.id)`;
const inList = (param: string) => `(SELECT value FROM json_each(@${param}))`;

/** The person's visit recorded one of the needs, and the person gave the asked-for answers. */
const visitFilters = `
  AND (@needs IS NULL OR EXISTS (SELECT 1 FROM visit_needs n WHERE n.visit_id = v.id AND n.need_id IN ${inList('needs')}))
  AND (@econ IS NULL OR v.visitor_id IN (SELECT visitor_id FROM demographics WHERE employment_status IN ${inList('econ')}))
  AND (@ages IS NULL OR v.visitor_id IN (SELECT visitor_id FROM demographics WHERE age_band IN ${inList('ages')}))`;

const registeredOnProgramme = `EXISTS (SELECT 1 FROM journey_steps r JOIN visits rv ON rv.id = r.visit_id
  WHERE r.stage = 'registered' AND r.occurred_on <= @to AND r.programme_id IN ${inList('progs')} AND ${person('rv')} = ${person('v')})`;

const stepFilters = `
  AND (@services IS NULL OR j.service_id IN ${inList('services')})
  AND (@orgs IS NULL OR j.organisation_id IN ${inList('orgs')})
  AND (@kinds IS NULL OR j.outcome_kind IN ${inList('kinds')})
  ${visitFilters}`;

function statements(db: HubDatabase): Record<MeasureId, Query<[MeasureParams], Count>> {
  const q = (sql: string) => query<[MeasureParams], Count>(db, sql);
  const peopleAtStage = q(
    `SELECT count(DISTINCT ${person('v')}) AS n FROM journey_steps j JOIN visits v ON v.id = j.visit_id
     WHERE j.stage = @stage AND j.occurred_on BETWEEN @from AND @to ${stepFilters}
       AND (@progs IS NULL OR j.programme_id IN ${inList('progs')} OR ${registeredOnProgramme})`,
  );
  return {
    footfall: q(
      `SELECT count(*) AS n FROM visits v WHERE v.service_day BETWEEN @from AND @to
         AND (@services IS NULL OR EXISTS (SELECT 1 FROM tickets t WHERE t.visit_id = v.id AND t.service_id IN ${inList('services')}))
         ${visitFilters}`,
    ),
    'people-engaged': q(
      `SELECT count(DISTINCT ${person('v')}) AS n FROM visits v WHERE v.service_day BETWEEN @from AND @to
         AND (@services IS NULL OR EXISTS (SELECT 1 FROM tickets t WHERE t.visit_id = v.id AND t.status = 'done' AND t.service_id IN ${inList('services')}))
         ${visitFilters}`,
    ),
    'people-signposted': peopleAtStage,
    'people-referred': peopleAtStage,
    'people-with-outcome': peopleAtStage,
    'outcomes-recorded': q(
      `SELECT count(*) AS n FROM (SELECT DISTINCT ${person('v')}, j.outcome_kind, j.occurred_on
         FROM journey_steps j JOIN visits v ON v.id = j.visit_id
         WHERE j.stage = 'outcome' AND j.occurred_on BETWEEN @from AND @to ${stepFilters}
           AND (@progs IS NULL OR j.programme_id IN ${inList('progs')} OR ${registeredOnProgramme}))`,
    ),
    'participants-registered': q(
      `SELECT count(*) AS n FROM (
         SELECT ${person('v')} AS who, j.programme_id, min(j.occurred_on) AS first_on
         FROM journey_steps j JOIN visits v ON v.id = j.visit_id
         WHERE j.stage = 'registered' AND j.occurred_on <= @to
           AND (@progs IS NULL OR j.programme_id IN ${inList('progs')}) ${stepFilters}
         GROUP BY who, j.programme_id)
       WHERE first_on >= @from`,
    ),
    'event-attendances': q(
      `SELECT count(*) AS n FROM visit_events ve JOIN visits v ON v.id = ve.visit_id JOIN hub_events e ON e.id = ve.event_id
       WHERE v.service_day BETWEEN @from AND @to AND (@partners IS NULL OR e.partner_id IN ${inList('partners')})`,
    ),
    'events-held': q(
      `SELECT count(*) AS n FROM hub_events e WHERE e.start_day BETWEEN @from AND @to AND e.cancelled_at IS NULL
         AND (@partners IS NULL OR e.partner_id IN ${inList('partners')})`,
    ),
    'word-of-mouth-visits': q(
      `SELECT count(*) AS n FROM visits v WHERE v.service_day BETWEEN @from AND @to
         AND EXISTS (SELECT 1 FROM how_heard_answers h WHERE h.visit_id = v.id AND h.option_id IN ${inList('wordOfMouth')})`,
    ),
  };
}

function stageOf(measure: MeasureId): string {
  switch (measure) {
    case 'people-signposted':
      return 'signposted';
    case 'people-referred':
      return 'referred';
    case 'people-with-outcome':
    case 'outcomes-recorded':
      return 'outcome';
    case 'participants-registered':
      return 'registered';
    case 'footfall':
    case 'people-engaged':
    case 'event-attendances':
    case 'events-held':
    case 'word-of-mouth-visits':
      return '';
    default:
      return assertNever(measure);
  }
}

type Range = { from: string; to: string };

/** Known visitors with a visit in the range who gave one of the asked-for answers. */
const peopleByAnswers = `SELECT count(*) AS n FROM demographics d
  WHERE (@econ IS NULL OR d.employment_status IN ${inList('econ')}) AND (@ages IS NULL OR d.age_band IN ${inList('ages')})
    AND EXISTS (SELECT 1 FROM report_person_days p WHERE p.key = 'visit' AND p.person = d.visitor_id AND p.day BETWEEN @from AND @to)`;

export class MeasureQueries {
  private readonly stmt: Record<MeasureId, Query<[MeasureParams], Count>>;
  private readonly byAnswers: Query<[{ from: string; to: string; econ: string | null; ages: string | null }], Count>;
  private readonly wordOfMouth: string;

  constructor(
    private readonly db: HubDatabase,
    private readonly hub: HubConfig,
    private readonly facts: ReportFactReader,
  ) {
    this.stmt = statements(db);
    this.byAnswers = query(db, peopleByAnswers);
    this.wordOfMouth = JSON.stringify(hub.howHeard.options.filter((o) => o.route === 'word-of-mouth').map((o) => o.id));
  }

  /** The measure from the rollups when its filters allow, else null. */
  private fromRollups(measure: MeasureId, filters: MeasureFilters, range: Range): number | null {
    const given = (Object.keys(filters) as (keyof MeasureFilters)[]).filter((k) => (filters[k]?.length ?? 0) > 0);
    const only = (...allowed: (keyof MeasureFilters)[]) => given.every((k) => allowed.includes(k));
    const people = (key: string) => this.facts.peopleWithKey(range, key);
    switch (measure) {
      case 'footfall':
        return given.length === 0 ? this.facts.visitTotals(range).visits : null;
      case 'people-engaged':
        if (given.length === 0) return this.facts.visitTotals(range).anonymous + people('visit');
        if (only('economicStatuses')) return this.facts.peopleWithAnyKey(range, filters.economicStatuses!.map((a) => `eq:economicStatus=${a}`));
        if (only('ageBands')) return this.facts.peopleWithAnyKey(range, filters.ageBands!.map((a) => `eq:ageBand=${a}`));
        if (!only('economicStatuses', 'ageBands')) return null;
        return this.byAnswers.one({
          ...range,
          econ: filters.economicStatuses?.length ? JSON.stringify(filters.economicStatuses) : null,
          ages: filters.ageBands?.length ? JSON.stringify(filters.ageBands) : null,
        }).n;
      case 'people-signposted':
      case 'people-referred':
      case 'people-with-outcome': {
        const stage = stageOf(measure);
        if (given.length === 0) return people(stage);
        // One filter whose values are keys of their own: people with any of them.
        if (only('partners')) return this.facts.peopleWithAnyKey(range, filters.partners!.map((p) => `${stage}@${p}`));
        if (stage === 'referred' && only('organisations')) return this.facts.peopleWithAnyKey(range, filters.organisations!.map((o) => `referred>${o}`));
        if (stage === 'outcome' && only('outcomeKinds')) return this.facts.peopleWithAnyKey(range, filters.outcomeKinds!.map((k) => `outcome:${k}`));
        return null;
      }
      case 'participants-registered': {
        if (!only('programmes')) return null;
        const programmes = filters.programmes?.length ? new Set(filters.programmes) : null;
        // Each person once per programme: the programmes' first registrations add up.
        return this.facts
          .registrations(range)
          .filter((r) => programmes === null || programmes.has(r.programmeId))
          .reduce((a, r) => a + r.people, 0);
      }
      case 'outcomes-recorded':
      case 'event-attendances':
      case 'events-held':
      case 'word-of-mouth-visits':
        return null;
      default:
        return assertNever(measure);
    }
  }

  value(measure: MeasureId, filters: MeasureFilters, range: Range): number {
    this.facts.rollups.ensureFresh();
    const fast = this.db.transaction(() => this.fromRollups(measure, filters, range)).deferred();
    if (fast !== null) return fast;
    return this.live(measure, filters, range);
  }

  /** The measure computed from the visits and journey steps (any filters). */
  live(measure: MeasureId, filters: MeasureFilters, range: Range): number {
    const list = (values: readonly string[] | undefined) => (values && values.length > 0 ? JSON.stringify(values) : null);
    // Partners narrow people to the partners' services; events are matched on their own partner.
    const partnerServices = filters.partners ? servicesOf(this.hub).filter((s) => filters.partners!.includes(s.partnerId)).map((s) => s.id) : [];
    const services = filters.services || filters.partners ? [...(filters.services ?? []), ...partnerServices] : undefined;
    return this.stmt[measure].one({
      from: range.from,
      to: range.to,
      services: services ? JSON.stringify(services) : null,
      partners: list(filters.partners),
      needs: list(filters.needs),
      econ: list(filters.economicStatuses),
      ages: list(filters.ageBands),
      orgs: list(filters.organisations),
      kinds: list(filters.outcomeKinds),
      progs: list(filters.programmes),
      wordOfMouth: this.wordOfMouth,
      stage: stageOf(measure),
    }).n;
  }
}
