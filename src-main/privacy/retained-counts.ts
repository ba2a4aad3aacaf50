import type { HubDatabase } from '../store/database';
import { personalData } from './personal-data';

/**
 * Anonymous counts per service day, kept in `retained_counts` (service_day, measure, value, n) when
 * the rows they were counted from are cleared or deleted, so a day's figures stay the same after
 * retention. A figure for a day adds these to what it counts from the rows that remain; each
 * measure is written once per visit, when its source goes (see the list below).
 *
 * A value is kept as it is only when it looks like a code (`friend-family`, `65-plus`, `zh-Hans`);
 * anything else (words someone typed) is counted as `other`, so no free text survives as a value.
 */
export const countValueFunction = 'fd_count_value';
const codeLike = /^[A-Za-z0-9][A-Za-z0-9:-]{0,63}$/;

export function countValue(value: unknown): string {
  const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
  return codeLike.test(text) ? text : 'other';
}

/** Registers the SQL function that keeps code-like values and turns the rest into `other`. */
export function registerCountFunctions(db: HubDatabase): void {
  db.function(countValueFunction, { deterministic: true }, (value: unknown) => countValue(value));
}

/** `@visits` is a JSON array of visit ids. Each query yields (service_day, measure, value, n). */
const batch = `(SELECT value FROM json_each(@visits))`;

/** Counted when a visit's personal fields are cleared: what clearing removes from the rows. */
export const countsAtClearing: readonly { measure: string; sql: string }[] = [
  {
    measure: 'visits.accessibility',
    sql: `SELECT v.service_day, 'visits.accessibility', ${countValueFunction}(a.value), count(*)
          FROM visits v, json_each(v.accessibility) a WHERE v.id IN ${batch} AND json_valid(v.accessibility) GROUP BY 1, 3`,
  },
  ...personalData
    .filter((c) => c.table === 'demographics' && c.kind === 'demographic' && c.column !== 'updated_at')
    .map((c) => ({
      measure: `demographics.${c.column}`,
      // The column name comes from the registry (checked against the schema), never from input.
      sql: `SELECT v.service_day, 'demographics.${c.column}', ${countValueFunction}(d.${c.column}), count(*)
            FROM visits v JOIN demographics d ON d.visitor_id = v.visitor_id
            WHERE v.id IN ${batch} AND d.${c.column} IS NOT NULL GROUP BY 1, 3`,
    })),
];

/** Counted when visits are deleted after visitRetentionDays: every anonymous figure of the visit. */
export const countsAtDeletion: readonly { measure: string; sql: string }[] = [
  { measure: 'visits', sql: `SELECT service_day, 'visits', 'all', count(*) FROM visits WHERE id IN ${batch} GROUP BY 1` },
  { measure: 'visits.method', sql: `SELECT service_day, 'visits.method', method, count(*) FROM visits WHERE id IN ${batch} GROUP BY 1, 3` },
  {
    measure: 'visits.language',
    sql: `SELECT service_day, 'visits.language', ${countValueFunction}(coalesce(language, 'none')), count(*) FROM visits WHERE id IN ${batch} GROUP BY 1, 3`,
  },
  {
    measure: 'visits.interpreter',
    sql: `SELECT service_day, 'visits.interpreter', CASE interpreter WHEN 1 THEN 'yes' ELSE 'no' END, count(*) FROM visits WHERE id IN ${batch} GROUP BY 1, 3`,
  },
  {
    measure: 'visits.talk-to-someone',
    sql: `SELECT service_day, 'visits.talk-to-someone', CASE talk_to_someone WHEN 1 THEN 'yes' ELSE 'no' END, count(*) FROM visits WHERE id IN ${batch} GROUP BY 1, 3`,
  },
  {
    measure: 'visits.unknown-identifier',
    sql: `SELECT service_day, 'visits.unknown-identifier', CASE unknown_identifier WHEN 1 THEN 'yes' ELSE 'no' END, count(*) FROM visits WHERE id IN ${batch} GROUP BY 1, 3`,
  },
  {
    measure: 'consents.notice-version',
    sql: `SELECT v.service_day, 'consents.notice-version', ${countValueFunction}(c.notice_version), count(*)
          FROM visits v JOIN consents c ON c.visit_id = v.id WHERE v.id IN ${batch} GROUP BY 1, 3`,
  },
  {
    measure: 'consents.optional-questions',
    sql: `SELECT v.service_day, 'consents.optional-questions', CASE c.optional_questions WHEN 1 THEN 'yes' ELSE 'no' END, count(*)
          FROM visits v JOIN consents c ON c.visit_id = v.id WHERE v.id IN ${batch} GROUP BY 1, 3`,
  },
  {
    measure: 'how-heard',
    sql: `SELECT v.service_day, 'how-heard', h.option_id, count(*) FROM visits v JOIN how_heard_answers h ON h.visit_id = v.id WHERE v.id IN ${batch} GROUP BY 1, 3`,
  },
  { measure: 'needs', sql: `SELECT v.service_day, 'needs', n.need_id, count(*) FROM visits v JOIN visit_needs n ON n.visit_id = v.id WHERE v.id IN ${batch} GROUP BY 1, 3` },
  { measure: 'flags', sql: `SELECT v.service_day, 'flags', f.flag, count(*) FROM visits v JOIN visit_flags f ON f.visit_id = v.id WHERE v.id IN ${batch} GROUP BY 1, 3` },
  {
    measure: 'tickets.service',
    sql: `SELECT service_day, 'tickets.service', service_id, count(*) FROM tickets WHERE visit_id IN ${batch} GROUP BY 1, 3`,
  },
  {
    measure: 'tickets.status',
    sql: `SELECT service_day, 'tickets.status', service_id || ':' || status || CASE WHEN closed_reason IS NULL THEN '' ELSE ':' || closed_reason END, count(*)
          FROM tickets WHERE visit_id IN ${batch} GROUP BY 1, 3`,
  },
  {
    measure: 'tickets.called',
    sql: `SELECT service_day, 'tickets.called', service_id, count(*) FROM tickets WHERE visit_id IN ${batch} AND called_at IS NOT NULL GROUP BY 1, 3`,
  },
  {
    measure: 'tickets.wait-seconds',
    sql: `SELECT service_day, 'tickets.wait-seconds', service_id, sum(max(0, CAST(round((julianday(called_at) - julianday(queued_at)) * 86400) AS INTEGER)))
          FROM tickets WHERE visit_id IN ${batch} AND called_at IS NOT NULL GROUP BY 1, 3`,
  },
  {
    measure: 'tickets.served',
    sql: `SELECT service_day, 'tickets.served', service_id, count(*) FROM tickets
          WHERE visit_id IN ${batch} AND status = 'done' AND closed_reason IS NULL AND started_at IS NOT NULL AND finished_at IS NOT NULL GROUP BY 1, 3`,
  },
  {
    measure: 'tickets.service-seconds',
    sql: `SELECT service_day, 'tickets.service-seconds', service_id, sum(max(0, CAST(round((julianday(finished_at) - julianday(started_at)) * 86400) AS INTEGER)))
          FROM tickets WHERE visit_id IN ${batch} AND status = 'done' AND closed_reason IS NULL AND started_at IS NOT NULL AND finished_at IS NOT NULL GROUP BY 1, 3`,
  },
  // The report rollups count events from these (src-main/store/migrations/014: eventCountsRebuildSql).
  {
    measure: 'events.attendances',
    sql: `SELECT v.service_day, 'events.attendances', ${countValueFunction}(e.event_id), count(*)
          FROM visits v JOIN visit_events e ON e.visit_id = v.id WHERE v.id IN ${batch} GROUP BY 1, 3`,
  },
  {
    measure: 'events.first-time',
    sql: `SELECT v.service_day, 'events.first-time', ${countValueFunction}(e.event_id), count(*)
          FROM visits v JOIN visit_events e ON e.visit_id = v.id
          WHERE v.id IN ${batch} AND EXISTS (SELECT 1 FROM report_person_days f
            WHERE f.key = 'visit' AND f.day = v.service_day AND f.prev_day IS NULL AND f.attr = v.checked_in_at || ' ' || v.id)
          GROUP BY 1, 3`,
  },
  {
    measure: 'outcomes',
    sql: `SELECT v.service_day, 'outcomes', o.service_id || ':' || o.kind, count(*) FROM visits v JOIN outcomes o ON o.visit_id = v.id WHERE v.id IN ${batch} GROUP BY 1, 3`,
  },
];

/**
 * One prepared upsert adding every query's counts to `retained_counts`: one statement per batch
 * rather than one per measure (each measure its own rows, so none meets another's key).
 */
export function prepareCounts(db: HubDatabase, queries: readonly { sql: string }[]): (visitIds: string) => void {
  const statement = db.prepare(
    // `WHERE true` lets SQLite tell the upsert's ON CONFLICT from a join constraint of the SELECT.
    `INSERT INTO retained_counts (service_day, measure, value, n)
     SELECT * FROM (${queries.map((q) => q.sql).join('\n     UNION ALL ')}) WHERE true
     ON CONFLICT(service_day, measure, value) DO UPDATE SET n = n + excluded.n`,
  );
  return (visits) => {
    statement.run({ visits });
  };
}
