import { publishProgrammeFigure, type ProgrammeCounts, type ProgrammeFigureId } from '../src-shared/reports/programme-figures';
import type { SuppressionRule } from '../src-shared/reports/suppression';
import type { ProgrammeFiguresReply } from '../src-shared/sync/collector-endpoints';
import type { SqlDatabase } from './store/sql';

/** A count per hub and category; hub_id '*' is the programme's own (people counted once across hubs). */
type Row = { hub_id: string; key: string; n: number };

/** The range's visits ($1, $2: service days). */
const inRange = `SELECT * FROM visits WHERE service_day BETWEEN $1::date AND $2::date`;
/** A person: a resident's programme pseudonym, or for an anonymous check-in the visit itself. */
const person = (v: string) => `coalesce(${v}.visitor, ${v}.hub_id || ':' || ${v}.visit_id)`;

/**
 * Every journey step dated in the range: journey facts by their date, outcomes chosen when a stop
 * finished by their visit's day (a finish referral names its receiver in `referred_to`).
 */
const steps = `
  SELECT e.hub_id, e.payload->>'visitId' AS visit_id, e.payload->>'stage' AS stage, e.payload->>'organisationId' AS organisation,
         e.payload->>'outcomeKind' AS outcome_kind
    FROM events e
   WHERE e.type = 'journey.recorded' AND (e.payload->>'occurredOn') BETWEEN $1 AND $2
  UNION ALL
  SELECT o.hub_id, o.visit_id::text, o.kind, CASE WHEN o.kind = 'referred' THEN o.referred_to END, NULL
    FROM outcomes o JOIN visits v ON v.hub_id = o.hub_id AND v.visit_id = o.visit_id
   WHERE o.kind IN ('signposted', 'referred', 'registered') AND v.service_day BETWEEN $1::date AND $2::date`;

/** Steps with the person they are of (the visit's resident; a step of a visit not yet uploaded counts for the visit). */
const stepsOfPeople = `
  SELECT s.*, coalesce(v.visitor, s.hub_id || ':' || s.visit_id) AS person
    FROM (${steps}) s LEFT JOIN visits v ON v.hub_id = s.hub_id AND v.visit_id::text = s.visit_id`;

/** Per hub and for the programme: count(*) of visits or count(DISTINCT person), grouped by `key`. */
const perHubAndProgramme = (from: string, key: string, measure: string, where = 'true') => `
  SELECT hub_id, ${key} AS key, ${measure} AS n FROM ${from} WHERE ${where} GROUP BY hub_id, ${key}
  UNION ALL
  SELECT '*', ${key}, ${measure} FROM ${from} WHERE ${where} GROUP BY ${key}`;

const queries: Record<ProgrammeFigureId, string> = {
  footfall: `
    WITH v AS (${inRange}), c AS (
      SELECT v.*,
        NOT EXISTS (SELECT 1 FROM visits p WHERE p.visitor = v.visitor AND p.hub_id = v.hub_id
                     AND (p.checked_in_at, p.visit_id) < (v.checked_in_at, v.visit_id)) AS first_at_hub,
        NOT EXISTS (SELECT 1 FROM visits p WHERE p.visitor = v.visitor
                     AND (p.checked_in_at, p.visit_id) < (v.checked_in_at, v.visit_id)) AS first_in_programme
      FROM v)
    SELECT hub_id, 'visits' AS key, count(*)::int AS n FROM c GROUP BY hub_id
    UNION ALL SELECT hub_id, 'first', count(*)::int FROM c WHERE visitor IS NOT NULL AND first_at_hub GROUP BY hub_id
    UNION ALL SELECT hub_id, 'returning', count(*)::int FROM c WHERE visitor IS NOT NULL AND NOT first_at_hub GROUP BY hub_id
    UNION ALL SELECT hub_id, 'not-identified', count(*)::int FROM c WHERE visitor IS NULL GROUP BY hub_id
    UNION ALL SELECT hub_id, 'people', count(DISTINCT ${person('c')})::int FROM c GROUP BY hub_id
    UNION ALL SELECT '*', 'visits', count(*)::int FROM c
    UNION ALL SELECT '*', 'first', count(*)::int FROM c WHERE visitor IS NOT NULL AND first_in_programme
    UNION ALL SELECT '*', 'returning', count(*)::int FROM c WHERE visitor IS NOT NULL AND NOT first_in_programme
    UNION ALL SELECT '*', 'not-identified', count(*)::int FROM c WHERE visitor IS NULL
    UNION ALL SELECT '*', 'people', count(DISTINCT ${person('c')})::int FROM c`,
  needs: `WITH n AS (SELECT v.hub_id, x.need FROM (${inRange}) v, jsonb_array_elements_text(v.needs) AS x(need))
    ${perHubAndProgramme('n', 'need', 'count(*)::int')}`,
  'needs-per-visit': `WITH n AS (SELECT hub_id, CASE WHEN jsonb_array_length(needs) >= 3 THEN 'needs-3+' ELSE 'needs-' || jsonb_array_length(needs) END AS k FROM (${inRange}) v)
    ${perHubAndProgramme('n', 'k', 'count(*)::int')}`,
  'how-heard': `WITH h AS (SELECT v.hub_id, x.option FROM (${inRange}) v, jsonb_array_elements_text(v.how_heard) AS x(option))
    ${perHubAndProgramme('h', 'option', 'count(*)::int')}`,
  'journey-funnel': `WITH s AS (${stepsOfPeople}), v AS (${inRange})
    SELECT hub_id, 'enquiry' AS key, count(*)::int AS n FROM v GROUP BY hub_id
    UNION ALL SELECT '*', 'enquiry', count(*)::int FROM v
    UNION ALL ${perHubAndProgramme('s', 'stage', 'count(DISTINCT person)::int')}`,
  'referrals-by-organisation': `WITH s AS (${stepsOfPeople})
    ${perHubAndProgramme('s', `coalesce(organisation, '-')`, 'count(DISTINCT person)::int', `stage = 'referred'`)}`,
  'outcomes-by-kind': `WITH s AS (${stepsOfPeople})
    ${perHubAndProgramme('s', 'outcome_kind', 'count(DISTINCT person)::int', `stage = 'outcome'`)}`,
  'event-attendance': `WITH tags AS (
      SELECT DISTINCT ON (e.hub_id, e.payload->>'visitId') e.hub_id, e.payload->>'visitId' AS visit_id, e.payload->>'eventId' AS event_id
        FROM events e WHERE e.type = 'visit.event-tagged' ORDER BY e.hub_id, e.payload->>'visitId', e.seq DESC),
    kinds AS (
      SELECT DISTINCT ON (e.hub_id, e.payload->>'eventId') e.hub_id, e.payload->>'eventId' AS event_id, e.payload->>'kind' AS kind
        FROM events e WHERE e.type = 'event.saved' ORDER BY e.hub_id, e.payload->>'eventId', e.seq DESC),
    a AS (SELECT v.hub_id, coalesce(k.kind, 'other') AS kind FROM (${inRange}) v
      JOIN tags t ON t.hub_id = v.hub_id AND t.visit_id = v.visit_id::text AND t.event_id IS NOT NULL
      LEFT JOIN kinds k ON k.hub_id = t.hub_id AND k.event_id = t.event_id)
    ${perHubAndProgramme('a', 'kind', 'count(*)::int')}`,
};

/** Row order: a figure's own order where it has one, otherwise the largest programme figure first. */
const fixedOrder: Partial<Record<ProgrammeFigureId, readonly string[]>> = {
  footfall: ['visits', 'first', 'returning', 'not-identified', 'people'],
  'needs-per-visit': ['needs-0', 'needs-1', 'needs-2', 'needs-3+'],
  'journey-funnel': ['enquiry', 'signposted', 'referred', 'registered', 'outcome'],
};

function countsOf(id: ProgrammeFigureId, rows: readonly Row[]): ProgrammeCounts[] {
  const byKey = new Map<string, { byHub: Map<string, number>; programme: number }>();
  const entry = (key: string) => {
    let e = byKey.get(key);
    if (!e) byKey.set(key, (e = { byHub: new Map(), programme: 0 }));
    return e;
  };
  for (const key of fixedOrder[id] ?? []) entry(key);
  for (const r of rows) {
    const e = entry(r.key);
    if (r.hub_id === '*') e.programme = r.n;
    else e.byHub.set(r.hub_id, r.n);
  }
  const counts = [...byKey.entries()].map(([key, e]) => ({ key, ...e }));
  return fixedOrder[id] ? counts : counts.sort((a, b) => b.programme - a.programme || a.key.localeCompare(b.key));
}

/** The programme's figures for a range of service days, every count suppressed by `rule`. */
export async function programmeFigures(db: SqlDatabase, from: string, to: string, rule: SuppressionRule): Promise<ProgrammeFiguresReply> {
  const hubRows = await db.query<{ hub_id: string }>('SELECT hub_id FROM hubs ORDER BY hub_id');
  const hubs = hubRows.map((h) => h.hub_id);
  const figures = [];
  for (const [id, sql] of Object.entries(queries) as [ProgrammeFigureId, string][]) {
    const rows = await db.query<Row>(sql, [from, to]);
    figures.push(publishProgrammeFigure(id, hubs, countsOf(id, rows), rule));
  }
  return { from, to, hubs, suppression: { ...rule }, figures };
}
