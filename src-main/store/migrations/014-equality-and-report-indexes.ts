import type { Migration } from './index';

/** The demographics column of each equality question (fixed here: the rollups are built on them). */
export const equalityColumns = {
  ageBand: 'age_band',
  sex: 'sex',
  genderIdentity: 'gender_identity',
  ethnicity: 'ethnicity',
  longTermCondition: 'long_term_condition',
  activityLimitation: 'activity_limitation',
  economicStatus: 'employment_status',
  inactivityReason: 'inactivity_reason',
  carerHours: 'carer_hours',
  veteran: 'veteran',
} as const;

/**
 * The optional equality questions as PROGRAMMES.md §3 describes them, and what the reports read on
 * years of visits without scanning them: indexes, and rollups kept up to date by triggers in the
 * same transaction as every write.
 *
 * - demographics gains the two-question GSS disability measure (a condition of 12 months or more;
 *   does it reduce day-to-day activities), the reason for economic inactivity, where the answers
 *   came from (kiosk or staff) and the visit whose consent they were given under. The old single
 *   `disability` column stays for rows written before; nothing writes it now.
 * - Every answer column still takes 'prefer-not-to-say'; NULL means not asked.
 *
 * Rollups (read by src-main/reports/rollup-facts.ts; the figures they serve are defined in
 * src-shared/reports/figures.ts):
 * - report_days: visits and anonymous visits per service day.
 * - report_day_counts / report_month_counts: additive counts per service day and per month (a
 *   month's made from its days when it is next read after a change, so writes touch today's rows) —
 *   arrivals per UTC hour, how-heard answers and each visit's set of
 *   answers, needs and each visit's set of needs, service stops, seen, called, no-shows, waits in
 *   whole minutes, and each visit's set of services (for enquiries per partner).
 * - report_person_days: one row per person, day and "key" (what they did: visited, were signposted,
 *   referred, registered on a programme, had an outcome; overall, per partner, per organisation,
 *   per outcome kind; visited with a given equality answer) with the person's previous day under
 *   the same key. The people of a range are
 *   the rows in it whose previous day is before it, so distinct people are counted from an index
 *   without a set; a first registration is a row without a previous day.
 * - report_event_counts: per event, the check-ins that came for it and how many were first visits.
 * - Writes the hub makes in normal work (check-ins, calls, finishes, transfers, journey facts,
 *   linking a walk-in to a visitor) keep them exact. Anything else (deletes, changes of a visit's
 *   day, a ticket's service) marks them stale, and the next report rebuilds them with
 *   `rollupRebuildSql`; so does a change of which partner runs which service (configuration,
 *   mirrored in report_service_partners at start).
 */

/** A visit row (`NEW` in a trigger) as count changes. */
const visitCounts = (v: string, sign: 1 | -1) => `
  SELECT 'hour', ${v}.service_day, substr(${v}.checked_in_at, 1, 13), '', ${sign}`;

/** The wait of a called ticket in whole seconds: from its queue time, or from when the ticket it was sent on from finished. */
const waitSeconds = (t: string, sourceFinished: string) =>
  `CAST(round((julianday(${t}.called_at) - julianday(coalesce(${sourceFinished}, ${t}.queued_at))) * 86400) AS INTEGER)`;

/** What a ticket's state adds to the counts: seen, called, no-show, and its wait once called. */
const ticketState = (t: string, sign: 1 | -1) => `
  SELECT 'seen', ${t}.service_day, ${t}.service_id, '', ${sign} WHERE ${t}.status = 'done'
  UNION ALL SELECT 'called', ${t}.service_day, ${t}.service_id, '', ${sign} WHERE ${t}.called_at IS NOT NULL
  UNION ALL SELECT 'no-show', ${t}.service_day, ${t}.service_id, '', ${sign} WHERE ${t}.status = 'no-show'
  UNION ALL SELECT 'wait', ${t}.service_day, ${t}.service_id, CAST(w.seconds / 60 AS TEXT), ${sign}
    FROM (SELECT ${waitSeconds(t, `(SELECT s.finished_at FROM tickets s WHERE s.id = ${t}.transferred_from)`)} AS seconds) w
    WHERE ${t}.called_at IS NOT NULL AND w.seconds >= 0`;

/** A visit's set of services on one service day, ids sorted and joined with "," (found by the visit: `+` keeps the day's index out). */
const serviceSet = (visit: string, day: string, except: string | null) =>
  `(SELECT group_concat(s, ',' ORDER BY s) FROM (SELECT DISTINCT service_id AS s FROM tickets
     WHERE visit_id = ${visit} AND +service_day = ${day}${except ? ` AND id <> ${except}` : ''}))`;

const needSet = (visit: string, except: string | null) =>
  `(SELECT group_concat(need_id, '+' ORDER BY need_id) FROM visit_needs WHERE visit_id = ${visit}${except ? ` AND need_id <> ${except}` : ''})`;

const heardSet = (visit: string, except: string | null) =>
  `(SELECT group_concat(option_id, ',' ORDER BY option_id) FROM how_heard_answers WHERE visit_id = ${visit}${except ? ` AND option_id <> ${except}` : ''})`;

/**
 * The person-day keys of journey steps: `rel` has service_id, stage, organisation_id,
 * programme_id, outcome_kind, day, recorded_at (and any other columns, kept as s.*). A
 * registration's attr is when it was recorded and the partner of its service: a person's first
 * registration on a programme counts for the partner of the earliest recorded on its day.
 */
export const stepKeys = (rel: string) => `
  SELECT * FROM (
    SELECT s.*, CASE k.kind
        WHEN 'stage' THEN CASE WHEN s.stage IN ('signposted', 'referred', 'outcome') THEN s.stage END
        WHEN 'partner' THEN CASE WHEN s.stage IN ('signposted', 'referred', 'outcome') AND sp.partner_id IS NOT NULL THEN s.stage || '@' || sp.partner_id END
        WHEN 'organisation' THEN CASE WHEN s.stage = 'referred' THEN 'referred>' || coalesce(s.organisation_id, '') END
        WHEN 'programme' THEN CASE WHEN s.stage = 'registered' THEN 'registered:' || coalesce(s.programme_id, '') END
        WHEN 'kind' THEN CASE WHEN s.stage = 'outcome' THEN 'outcome:' || s.outcome_kind END
      END AS key,
      CASE WHEN k.kind = 'programme' THEN s.recorded_at || ' ' || coalesce(sp.partner_id, '') END AS attr
    FROM ${rel} s
    LEFT JOIN report_service_partners sp ON sp.service_id = s.service_id
    CROSS JOIN (SELECT 'stage' AS kind UNION ALL SELECT 'partner' UNION ALL SELECT 'organisation' UNION ALL SELECT 'programme' UNION ALL SELECT 'kind') k)
  WHERE key IS NOT NULL`;

/**
 * Every journey step of one visit (finish outcomes dated by their ticket's day, and journey facts).
 * `finishReceiver`: the organisation of a finish outcome, as SQL over `o` (migration 017 reads its receiver).
 */
const stepsOfVisit = (visit: string, finishReceiver = 'NULL') => `(
  SELECT o.service_id, o.kind AS stage, ${finishReceiver} AS organisation_id, NULL AS programme_id, NULL AS outcome_kind, t.service_day AS day, o.recorded_at
    FROM outcomes o JOIN tickets t ON t.id = o.ticket_id
   WHERE o.visit_id = ${visit} AND o.kind IN ('signposted', 'referred', 'registered')
  UNION ALL
  SELECT service_id, stage, organisation_id, programme_id, outcome_kind, occurred_on AS day, recorded_at FROM journey_facts WHERE visit_id = ${visit})`;

const personOf = (visit: string) => `(SELECT coalesce(v.visitor_id, 'visit:' || v.id) FROM visits v WHERE v.id = ${visit})`;

export const stale = `UPDATE report_rollup_state SET stale = 1 WHERE stale = 0;`;

/** The trigger moving a walk-in's visit and journey to the known visitor it becomes (see migration 017 for `finishReceiver`). */
export const visitLinkedTrigger = (finishReceiver = 'NULL') => `CREATE TRIGGER report_visit_linked AFTER UPDATE OF visitor_id ON visits
      WHEN OLD.visitor_id IS NULL AND NEW.visitor_id IS NOT NULL BEGIN
      UPDATE report_days SET anonymous = anonymous - 1 WHERE day = NEW.service_day;
      INSERT INTO report_person_changes (key, person, day, attr, delta)
        SELECT 'visit', NEW.visitor_id, NEW.service_day, NEW.checked_in_at || ' ' || NEW.id, 1;
      INSERT INTO report_person_changes (key, person, day, attr, delta)
        SELECT key, 'visit:' || NEW.id, day, attr, -1 FROM (${stepKeys(stepsOfVisit('NEW.id', finishReceiver))});
      INSERT INTO report_person_changes (key, person, day, attr, delta)
        SELECT key, NEW.visitor_id, day, attr, 1 FROM (${stepKeys(stepsOfVisit('NEW.id', finishReceiver))});
      INSERT INTO report_person_changes (key, person, day, attr, delta)
        SELECT 'eq:' || question || '=' || answer, NEW.visitor_id, NEW.service_day, NULL, 1 FROM ${storedAnswers('NEW.visitor_id')};
      UPDATE report_event_counts SET first_time = first_time + 1
        WHERE event_id = (SELECT event_id FROM visit_events WHERE visit_id = NEW.id) AND ${isFirstVisit('NEW.id')};
    END;`;

/**
 * The triggers counting a finish outcome as a journey step, and marking the rollups stale when one
 * changes. `newReceiver`: its organisation, as SQL over NEW; `receiverColumn`: the column it is read from.
 */
export const finishTriggers = (newReceiver = 'NULL', receiverColumn: string | null = null) => {
  const changedColumns = ['ticket_id', 'visit_id', 'service_id', 'kind', ...(receiverColumn ? [receiverColumn] : [])].join(', ');
  const changedWhen = changedColumns
    .split(', ')
    .map((c) => `OLD.${c} IS NOT NEW.${c}`)
    .join(' OR ');
  return `CREATE TRIGGER report_finish_step AFTER INSERT ON outcomes WHEN NEW.kind IN ('signposted', 'referred', 'registered') BEGIN
      INSERT INTO report_person_changes (key, person, day, attr, delta)
        SELECT key, ${personOf('NEW.visit_id')}, day, attr, 1 FROM (${stepKeys(
          `(SELECT NEW.service_id AS service_id, NEW.kind AS stage, ${newReceiver} AS organisation_id, NULL AS programme_id, NULL AS outcome_kind,
                   (SELECT t.service_day FROM tickets t WHERE t.id = NEW.ticket_id) AS day, NEW.recorded_at AS recorded_at)`,
        )});
    END;
    CREATE TRIGGER report_finish_changed AFTER UPDATE OF ${changedColumns} ON outcomes
      WHEN ${changedWhen}
      BEGIN ${stale} END;`;
};


/** In the count triggers: the month of NEW.day needs its sums made again (a write only when it had them). */
const monthChanged = `INSERT INTO report_month_state (month, built) VALUES (substr(NEW.day, 1, 7), 0)
        ON CONFLICT (month) DO UPDATE SET built = 0 WHERE built <> 0;`;

/** Makes one month's sums again from its days (`@month`, YYYY-MM). */
export const monthRebuildSql = [
  `DELETE FROM report_month_counts WHERE month = @month`,
  `INSERT INTO report_month_counts (month, fact, k1, k2, n)
     SELECT @month, fact, k1, k2, sum(n) FROM report_day_counts WHERE day BETWEEN @month || '-01' AND @month || '-31'
     GROUP BY fact, k1, k2 HAVING sum(n) <> 0`,
  `INSERT INTO report_month_state (month, built) VALUES (@month, 1) ON CONFLICT (month) DO UPDATE SET built = 1`,
];

/** The questions as a table of one column, to pair with a demographics row. */
const questionList = `(${Object.keys(equalityColumns)
  .map((q) => `SELECT '${q}' AS question`)
  .join(' UNION ALL ')})`;

/** A demographics row's (alias or NEW/OLD) answer to the question in `q.question`. */
const answerOf = (d: string) => `CASE q.question ${Object.entries(equalityColumns)
  .map(([q, column]) => `WHEN '${q}' THEN ${d}.${column}`)
  .join(' ')} END`;

/** A person's stored equality answers as rows (question, answer). */
const storedAnswers = (visitor: string) => `(SELECT question, answer FROM (SELECT q.question, ${answerOf('d')} AS answer
  FROM demographics d CROSS JOIN ${questionList} q WHERE d.visitor_id = ${visitor}) WHERE answer IS NOT NULL)`;

/** The visit was the visitor's first: the earliest visit of their first day. */
export const isFirstVisit = (visit: string) => `EXISTS (SELECT 1 FROM visits v JOIN report_person_days f
  ON f.key = 'visit' AND f.person = v.visitor_id AND f.day = v.service_day
  WHERE v.id = ${visit} AND f.prev_day IS NULL AND f.attr = v.checked_in_at || ' ' || v.id)`;

/**
 * Empties the rollups but the events' and computes them again from the tables they summarise. A
 * visit whose resident's record has gone (`was_known`, migration 015) is counted as a known
 * visitor's, not anonymous; its person rows are kept aside and put back (src-main/reports/rollups.ts).
 */
export const rollupRowsRebuildSql = `
  DELETE FROM report_days;
  DELETE FROM report_day_counts;
  DELETE FROM report_month_counts;
  DELETE FROM report_month_state;
  DELETE FROM report_person_days;
  DELETE FROM report_person_keys;

  INSERT INTO report_days (day, visits, anonymous)
    SELECT service_day, count(*), sum(visitor_id IS NULL AND was_known = 0) FROM visits GROUP BY service_day;

  INSERT INTO report_day_counts (fact, day, k1, k2, n)
    SELECT 'hour', service_day, substr(checked_in_at, 1, 13), '', count(*) FROM visits GROUP BY service_day, substr(checked_in_at, 1, 13)
    UNION ALL SELECT 'need', v.service_day, n.need_id, '', count(*) FROM visit_needs n JOIN visits v ON v.id = n.visit_id GROUP BY v.service_day, n.need_id
    UNION ALL SELECT 'need-set', day, needs, '', count(*) FROM (SELECT v.service_day AS day, coalesce(${needSet('v.id', null)}, '') AS needs FROM visits v) GROUP BY day, needs
    UNION ALL SELECT 'heard', v.service_day, h.option_id, '', count(*) FROM how_heard_answers h JOIN visits v ON v.id = h.visit_id GROUP BY v.service_day, h.option_id
    UNION ALL SELECT 'heard-set', day, options, '', count(*) FROM (
      SELECT v.service_day AS day, group_concat(h.option_id, ',' ORDER BY h.option_id) AS options FROM visits v JOIN how_heard_answers h ON h.visit_id = v.id GROUP BY v.id)
      GROUP BY day, options
    UNION ALL SELECT 'stop', service_day, service_id, '', count(*) FROM tickets GROUP BY service_day, service_id
    UNION ALL SELECT 'seen', service_day, service_id, '', count(*) FROM tickets WHERE status = 'done' GROUP BY service_day, service_id
    UNION ALL SELECT 'called', service_day, service_id, '', count(*) FROM tickets WHERE called_at IS NOT NULL GROUP BY service_day, service_id
    UNION ALL SELECT 'no-show', service_day, service_id, '', count(*) FROM tickets WHERE status = 'no-show' GROUP BY service_day, service_id
    UNION ALL SELECT 'wait', day, service_id, CAST(seconds / 60 AS TEXT), count(*) FROM (
      SELECT t.service_day AS day, t.service_id, ${waitSeconds('t', 's.finished_at')} AS seconds
        FROM tickets t LEFT JOIN tickets s ON s.id = t.transferred_from WHERE t.called_at IS NOT NULL)
      WHERE seconds >= 0 GROUP BY day, service_id, seconds / 60
    UNION ALL SELECT 'enquiry-set', day, services, '', count(*) FROM (
      SELECT service_day AS day, group_concat(service_id, ',' ORDER BY service_id) AS services
        FROM (SELECT DISTINCT visit_id, service_day, service_id FROM tickets) GROUP BY visit_id, service_day)
      GROUP BY day, services;

  INSERT INTO report_month_counts (fact, month, k1, k2, n)
    SELECT fact, substr(day, 1, 7), k1, k2, sum(n) FROM report_day_counts GROUP BY fact, substr(day, 1, 7), k1, k2;
  INSERT INTO report_month_state (month, built) SELECT DISTINCT substr(day, 1, 7), 1 FROM report_day_counts;

  INSERT INTO report_person_days (key, person, day, facts, prev_day, attr)
    SELECT key, person, day, facts, lag(day) OVER (PARTITION BY key, person ORDER BY day), attr FROM (
      SELECT key, person, day, count(*) AS facts, min(attr) AS attr FROM (
        SELECT 'visit' AS key, visitor_id AS person, service_day AS day, checked_in_at || ' ' || id AS attr FROM visits WHERE visitor_id IS NOT NULL
        UNION ALL
        SELECT 'eq:' || question || '=' || answer, visitor_id, service_day, NULL FROM (
          SELECT q.question, ${answerOf('d')} AS answer, v.visitor_id, v.service_day
          FROM visits v JOIN demographics d ON d.visitor_id = v.visitor_id CROSS JOIN ${questionList} q)
        WHERE answer IS NOT NULL
        UNION ALL
        SELECT k.key, coalesce(v.visitor_id, 'visit:' || v.id), k.day, k.attr
          FROM (${stepKeys('(SELECT visit_id, service_id, stage, organisation_id, programme_id, outcome_kind, occurred_on AS day, recorded_at FROM journey_steps)')}) k
          JOIN visits v ON v.id = k.visit_id
         WHERE v.visitor_id IS NOT NULL OR v.was_known = 0)
      GROUP BY key, person, day);
  INSERT INTO report_person_keys (key) SELECT DISTINCT key FROM report_person_days;
`;

/**
 * The events' counts made again: the check-ins tagged with each, and those kept in retained_counts
 * for visits the retention job deleted. A visit was a first visit when it is the earliest of a
 * person's first day (found by the visit's own attr, so a visit whose resident has since gone still counts).
 */
export const eventCountsRebuildSql = `
  DELETE FROM report_event_counts;
  INSERT INTO report_event_counts (event_id, attendances, first_time)
    SELECT event_id, sum(a), sum(f) FROM (
      SELECT ve.event_id, 1 AS a, EXISTS (SELECT 1 FROM visits v JOIN report_person_days f
          ON f.key = 'visit' AND f.day = v.service_day AND f.prev_day IS NULL AND f.attr = v.checked_in_at || ' ' || v.id
          WHERE v.id = ve.visit_id) AS f
        FROM visit_events ve
      UNION ALL SELECT value, n, 0 FROM retained_counts WHERE measure = 'events.attendances'
      UNION ALL SELECT value, 0, n FROM retained_counts WHERE measure = 'events.first-time')
    GROUP BY event_id;
`;

/** Empties the rollups and computes them again from the tables they summarise (one transaction). */
export const rollupRebuildSql = rollupRowsRebuildSql + eventCountsRebuildSql;

export const migration014: Migration = {
  version: 14,
  name: 'equality questions, report indexes and rollups',
  up: `
    ALTER TABLE demographics ADD COLUMN long_term_condition TEXT;
    ALTER TABLE demographics ADD COLUMN activity_limitation TEXT;
    ALTER TABLE demographics ADD COLUMN inactivity_reason TEXT;
    ALTER TABLE demographics ADD COLUMN source TEXT CHECK (source IS NULL OR source IN ('kiosk', 'staff'));
    ALTER TABLE demographics ADD COLUMN consent_visit_id TEXT REFERENCES visits(id) ON DELETE SET NULL;

    -- First or returning: a visitor's earlier visits, in time order.
    CREATE INDEX visits_visitor_time ON visits(visitor_id, checked_in_at) WHERE visitor_id IS NOT NULL;
    -- A range of days read with the columns the exports and filtered measures read, without touching the table.
    CREATE INDEX visits_day_report ON visits(service_day, checked_in_at, visitor_id);
    -- Services used and waits by day (filtered measures, exports).
    CREATE INDEX tickets_day_service ON tickets(service_day, service_id, status, called_at, queued_at, transferred_from);
    -- Finish outcomes as journey steps, by kind.
    CREATE INDEX outcomes_kind ON outcomes(kind, ticket_id);
    CREATE INDEX tickets_transferred ON tickets(transferred_from) WHERE transferred_from IS NOT NULL;
    -- Hand-overs between partners by day: only the transferred tickets.
    CREATE INDEX tickets_transfers_day ON tickets(service_day) WHERE transferred_from IS NOT NULL;

    -- ---- rollups ------------------------------------------------------------------------
    CREATE TABLE report_rollup_state (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      stale INTEGER NOT NULL,
      -- The service → partner map the rollups were built with (JSON), from configuration.
      partners TEXT NOT NULL DEFAULT ''
    ) STRICT;
    INSERT INTO report_rollup_state (id, stale) VALUES (1, 1);

    CREATE TABLE report_service_partners (service_id TEXT PRIMARY KEY, partner_id TEXT NOT NULL) STRICT, WITHOUT ROWID;

    CREATE TABLE report_days (day TEXT PRIMARY KEY, visits INTEGER NOT NULL, anonymous INTEGER NOT NULL) STRICT, WITHOUT ROWID;
    -- Keyed by day (month) first: a write touches the few pages of today's (this month's) rows.
    CREATE TABLE report_day_counts (
      day TEXT NOT NULL, fact TEXT NOT NULL, k1 TEXT NOT NULL, k2 TEXT NOT NULL, n INTEGER NOT NULL,
      PRIMARY KEY (day, fact, k1, k2)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE report_month_counts (
      month TEXT NOT NULL, fact TEXT NOT NULL, k1 TEXT NOT NULL, k2 TEXT NOT NULL, n INTEGER NOT NULL,
      PRIMARY KEY (month, fact, k1, k2)
    ) STRICT, WITHOUT ROWID;
    -- built = 1: report_month_counts holds the month's sums of report_day_counts; 0: made again when read.
    CREATE TABLE report_month_state (month TEXT PRIMARY KEY, built INTEGER NOT NULL) STRICT, WITHOUT ROWID;

    -- Inserting (fact, day, k1, k2, n) here adds n to the day's and the month's count.
    CREATE VIEW report_count_changes (fact, day, k1, k2, n) AS SELECT '', '', '', '', 0 WHERE 0;
    -- The month's sums are made again from its days when next read (report_month_state); a write
    -- touches only today's rows and, once per month after a read, its month's flag.
    CREATE TRIGGER report_count_added INSTEAD OF INSERT ON report_count_changes WHEN NEW.n > 0 BEGIN
      INSERT INTO report_day_counts (fact, day, k1, k2, n) VALUES (NEW.fact, NEW.day, NEW.k1, NEW.k2, NEW.n)
        ON CONFLICT (day, fact, k1, k2) DO UPDATE SET n = n + excluded.n;
      ${monthChanged}
    END;
    CREATE TRIGGER report_count_taken INSTEAD OF INSERT ON report_count_changes WHEN NEW.n < 0 BEGIN
      INSERT INTO report_day_counts (fact, day, k1, k2, n) VALUES (NEW.fact, NEW.day, NEW.k1, NEW.k2, NEW.n)
        ON CONFLICT (day, fact, k1, k2) DO UPDATE SET n = n + excluded.n;
      DELETE FROM report_day_counts WHERE day = NEW.day AND fact = NEW.fact AND k1 = NEW.k1 AND k2 = NEW.k2 AND n = 0;
      ${monthChanged}
    END;

    CREATE TABLE report_person_days (
      key TEXT NOT NULL,
      person TEXT NOT NULL,
      day TEXT NOT NULL,
      facts INTEGER NOT NULL,
      prev_day TEXT,
      -- 'visit': the day's earliest visit (checked_in_at, space, visit id);
      -- 'registered:…': the earliest recorded registration of the day (recorded_at, space, partner id).
      attr TEXT,
      PRIMARY KEY (key, person, day)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX report_person_days_range ON report_person_days(key, day, prev_day);
    -- First days (first visits, first registrations), with every column they are read with.
    CREATE INDEX report_person_days_first ON report_person_days(key, day, attr, prev_day) WHERE prev_day IS NULL;
    CREATE TABLE report_person_keys (key TEXT PRIMARY KEY) STRICT, WITHOUT ROWID;

    -- Inserting (key, person, day, attr, delta) adds (delta > 0) or takes away (delta < 0) facts of that person and day.
    CREATE VIEW report_person_changes (key, person, day, attr, delta) AS SELECT '', '', '', NULL, 0 WHERE 0;
    CREATE TRIGGER report_person_change INSTEAD OF INSERT ON report_person_changes BEGIN
      INSERT INTO report_person_days (key, person, day, facts, prev_day, attr)
        SELECT NEW.key, NEW.person, NEW.day, NEW.delta,
               (SELECT max(p.day) FROM report_person_days p WHERE p.key = NEW.key AND p.person = NEW.person AND p.day < NEW.day), NEW.attr
        WHERE NEW.delta > 0
        ON CONFLICT (key, person, day) DO UPDATE SET facts = facts + excluded.facts,
          attr = CASE WHEN excluded.attr IS NOT NULL AND (attr IS NULL OR excluded.attr < attr) THEN excluded.attr ELSE attr END;
      UPDATE report_person_days SET prev_day = NEW.day
        WHERE NEW.delta > 0 AND key = NEW.key AND person = NEW.person
          AND day = (SELECT min(p.day) FROM report_person_days p WHERE p.key = NEW.key AND p.person = NEW.person AND p.day > NEW.day);
      -- Not OR IGNORE: a statement's own conflict rule (an upsert's) would override it inside a trigger.
      INSERT INTO report_person_keys (key) SELECT NEW.key WHERE NEW.delta > 0 AND NOT EXISTS (SELECT 1 FROM report_person_keys WHERE key = NEW.key);

      UPDATE report_person_days SET facts = facts + NEW.delta WHERE NEW.delta < 0 AND key = NEW.key AND person = NEW.person AND day = NEW.day;
      UPDATE report_person_days SET prev_day = (SELECT p.prev_day FROM report_person_days p WHERE p.key = NEW.key AND p.person = NEW.person AND p.day = NEW.day)
        WHERE NEW.delta < 0 AND key = NEW.key AND person = NEW.person
          AND day = (SELECT min(p.day) FROM report_person_days p WHERE p.key = NEW.key AND p.person = NEW.person AND p.day > NEW.day)
          AND EXISTS (SELECT 1 FROM report_person_days p WHERE p.key = NEW.key AND p.person = NEW.person AND p.day = NEW.day AND p.facts <= 0);
      DELETE FROM report_person_days WHERE NEW.delta < 0 AND key = NEW.key AND person = NEW.person AND day = NEW.day AND facts <= 0;
    END;

    CREATE TABLE report_event_counts (
      event_id TEXT PRIMARY KEY, attendances INTEGER NOT NULL, first_time INTEGER NOT NULL
    ) STRICT, WITHOUT ROWID;

    -- Visits.
    CREATE TRIGGER report_visit_added AFTER INSERT ON visits BEGIN
      INSERT INTO report_days (day, visits, anonymous) VALUES (NEW.service_day, 1, NEW.visitor_id IS NULL)
        ON CONFLICT (day) DO UPDATE SET visits = visits + 1, anonymous = anonymous + excluded.anonymous;
      INSERT INTO report_count_changes (fact, day, k1, k2, n) ${visitCounts('NEW', 1)}
        UNION ALL SELECT 'need-set', NEW.service_day, coalesce(${needSet('NEW.id', null)}, ''), '', 1;
      INSERT INTO report_person_changes (key, person, day, attr, delta)
        SELECT 'visit', NEW.visitor_id, NEW.service_day, NEW.checked_in_at || ' ' || NEW.id, 1 WHERE NEW.visitor_id IS NOT NULL;
      INSERT INTO report_person_changes (key, person, day, attr, delta)
        SELECT 'eq:' || question || '=' || answer, NEW.visitor_id, NEW.service_day, NULL, 1 FROM ${storedAnswers('NEW.visitor_id')};
      -- A visit earlier than one the visitor already made changes which was their first: events count it again.
      UPDATE report_rollup_state SET stale = 1 WHERE stale = 0 AND EXISTS (SELECT 1 FROM visits p WHERE p.visitor_id = NEW.visitor_id
        AND (p.checked_in_at > NEW.checked_in_at OR (p.checked_in_at = NEW.checked_in_at AND p.id > NEW.id)));
    END;
    -- A walk-in who becomes a known visitor (equality answers): the visit and its journey move to them.
    ${visitLinkedTrigger()}
    CREATE TRIGGER report_visit_unlinked AFTER UPDATE OF visitor_id ON visits
      WHEN OLD.visitor_id IS NOT NULL AND OLD.visitor_id IS NOT NEW.visitor_id BEGIN ${stale} END;
    CREATE TRIGGER report_visit_moved AFTER UPDATE OF id, service_day, checked_in_at ON visits
      WHEN OLD.id IS NOT NEW.id OR OLD.service_day IS NOT NEW.service_day OR OLD.checked_in_at IS NOT NEW.checked_in_at BEGIN ${stale} END;
    CREATE TRIGGER report_visit_deleted AFTER DELETE ON visits BEGIN ${stale} END;

    -- How-heard answers and needs: each answer, and the visit's set moving from the old to the new.
    CREATE TRIGGER report_heard_added AFTER INSERT ON how_heard_answers BEGIN
      INSERT INTO report_count_changes (fact, day, k1, k2, n)
        SELECT 'heard', v.service_day, NEW.option_id, '', 1 FROM visits v WHERE v.id = NEW.visit_id
        UNION ALL SELECT 'heard-set', v.service_day, ${heardSet('NEW.visit_id', 'NEW.option_id')}, '', -1 FROM visits v
          WHERE v.id = NEW.visit_id AND ${heardSet('NEW.visit_id', 'NEW.option_id')} IS NOT NULL
        UNION ALL SELECT 'heard-set', v.service_day, ${heardSet('NEW.visit_id', null)}, '', 1 FROM visits v WHERE v.id = NEW.visit_id;
    END;
    CREATE TRIGGER report_heard_changed AFTER UPDATE ON how_heard_answers
      WHEN OLD.visit_id IS NOT NEW.visit_id OR OLD.option_id IS NOT NEW.option_id BEGIN ${stale} END;
    CREATE TRIGGER report_heard_deleted AFTER DELETE ON how_heard_answers BEGIN ${stale} END;

    CREATE TRIGGER report_need_added AFTER INSERT ON visit_needs BEGIN
      INSERT INTO report_count_changes (fact, day, k1, k2, n)
        SELECT 'need', v.service_day, NEW.need_id, '', 1 FROM visits v WHERE v.id = NEW.visit_id
        UNION ALL SELECT 'need-set', v.service_day, coalesce(${needSet('NEW.visit_id', 'NEW.need_id')}, ''), '', -1 FROM visits v WHERE v.id = NEW.visit_id
        UNION ALL SELECT 'need-set', v.service_day, ${needSet('NEW.visit_id', null)}, '', 1 FROM visits v WHERE v.id = NEW.visit_id;
    END;
    CREATE TRIGGER report_need_changed AFTER UPDATE ON visit_needs
      WHEN OLD.visit_id IS NOT NEW.visit_id OR OLD.need_id IS NOT NEW.need_id BEGIN ${stale} END;
    CREATE TRIGGER report_need_deleted AFTER DELETE ON visit_needs BEGIN ${stale} END;

    -- Tickets: the stop, its state, and the visit's set of services that day.
    CREATE TRIGGER report_ticket_added AFTER INSERT ON tickets BEGIN
      INSERT INTO report_count_changes (fact, day, k1, k2, n)
        SELECT 'stop', NEW.service_day, NEW.service_id, '', 1
        UNION ALL ${ticketState('NEW', 1)}
        UNION ALL SELECT 'enquiry-set', NEW.service_day, ${serviceSet('NEW.visit_id', 'NEW.service_day', 'NEW.id')}, '', -1
          WHERE ${serviceSet('NEW.visit_id', 'NEW.service_day', 'NEW.id')} IS NOT NULL
        UNION ALL SELECT 'enquiry-set', NEW.service_day, ${serviceSet('NEW.visit_id', 'NEW.service_day', null)}, '', 1;
    END;
    CREATE TRIGGER report_ticket_state AFTER UPDATE OF status, called_at ON tickets
      WHEN OLD.status IS NOT NEW.status OR OLD.called_at IS NOT NEW.called_at BEGIN
      INSERT INTO report_count_changes (fact, day, k1, k2, n) ${ticketState('OLD', -1)} UNION ALL ${ticketState('NEW', 1)};
    END;
    -- Tickets sent on from this one wait from when it finished.
    CREATE TRIGGER report_ticket_finished AFTER UPDATE OF finished_at ON tickets WHEN OLD.finished_at IS NOT NEW.finished_at BEGIN
      INSERT INTO report_count_changes (fact, day, k1, k2, n)
        SELECT 'wait', service_day, service_id, CAST(seconds / 60 AS TEXT), -1 FROM (
          SELECT c.service_day, c.service_id, ${waitSeconds('c', 'OLD.finished_at')} AS seconds FROM tickets c
          WHERE c.transferred_from = NEW.id AND c.called_at IS NOT NULL) WHERE seconds >= 0
        UNION ALL
        SELECT 'wait', service_day, service_id, CAST(seconds / 60 AS TEXT), 1 FROM (
          SELECT c.service_day, c.service_id, ${waitSeconds('c', 'NEW.finished_at')} AS seconds FROM tickets c
          WHERE c.transferred_from = NEW.id AND c.called_at IS NOT NULL) WHERE seconds >= 0;
    END;
    CREATE TRIGGER report_ticket_moved AFTER UPDATE OF id, visit_id, service_id, service_day, queued_at, transferred_from ON tickets
      WHEN OLD.id IS NOT NEW.id OR OLD.visit_id IS NOT NEW.visit_id OR OLD.service_id IS NOT NEW.service_id OR OLD.service_day IS NOT NEW.service_day
        OR OLD.queued_at IS NOT NEW.queued_at OR OLD.transferred_from IS NOT NEW.transferred_from BEGIN ${stale} END;
    CREATE TRIGGER report_ticket_deleted AFTER DELETE ON tickets BEGIN ${stale} END;

    -- Journey steps: finish outcomes (dated by their ticket's day) and journey facts.
    ${finishTriggers()}
    CREATE TRIGGER report_finish_deleted AFTER DELETE ON outcomes BEGIN ${stale} END;

    CREATE TRIGGER report_journey_step AFTER INSERT ON journey_facts BEGIN
      INSERT INTO report_person_changes (key, person, day, attr, delta)
        SELECT key, ${personOf('NEW.visit_id')}, day, attr, 1 FROM (${stepKeys(
          `(SELECT NEW.service_id AS service_id, NEW.stage AS stage, NEW.organisation_id AS organisation_id, NEW.programme_id AS programme_id,
                   NEW.outcome_kind AS outcome_kind, NEW.occurred_on AS day, NEW.recorded_at AS recorded_at)`,
        )});
    END;
    CREATE TRIGGER report_journey_changed AFTER UPDATE ON journey_facts
      WHEN OLD.visit_id IS NOT NEW.visit_id OR OLD.service_id IS NOT NEW.service_id OR OLD.stage IS NOT NEW.stage
        OR OLD.organisation_id IS NOT NEW.organisation_id OR OLD.programme_id IS NOT NEW.programme_id
        OR OLD.outcome_kind IS NOT NEW.outcome_kind OR OLD.occurred_on IS NOT NEW.occurred_on BEGIN ${stale} END;
    CREATE TRIGGER report_journey_deleted AFTER DELETE ON journey_facts BEGIN ${stale} END;

    -- Equality answers: every day the person visited counts under each of their answers.
    CREATE TRIGGER report_answers_added AFTER INSERT ON demographics BEGIN
      INSERT INTO report_person_changes (key, person, day, attr, delta)
        SELECT 'eq:' || question || '=' || answer, person, day, NULL, facts FROM (
          SELECT q.question, ${answerOf('NEW')} AS answer, r.person, r.day, r.facts
          FROM report_person_days r CROSS JOIN ${questionList} q WHERE r.key = 'visit' AND r.person = NEW.visitor_id)
        WHERE answer IS NOT NULL;
    END;
    CREATE TRIGGER report_answers_changed AFTER UPDATE ON demographics BEGIN
      INSERT INTO report_person_changes (key, person, day, attr, delta)
        SELECT 'eq:' || question || '=' || old_answer, person, day, NULL, -facts FROM (
          SELECT q.question, ${answerOf('OLD')} AS old_answer, ${answerOf('NEW')} AS new_answer, r.person, r.day, r.facts
          FROM report_person_days r CROSS JOIN ${questionList} q WHERE r.key = 'visit' AND r.person = OLD.visitor_id)
        WHERE old_answer IS NOT NULL AND (old_answer IS NOT new_answer OR OLD.visitor_id IS NOT NEW.visitor_id);
      INSERT INTO report_person_changes (key, person, day, attr, delta)
        SELECT 'eq:' || question || '=' || new_answer, person, day, NULL, facts FROM (
          SELECT q.question, ${answerOf('OLD')} AS old_answer, ${answerOf('NEW')} AS new_answer, r.person, r.day, r.facts
          FROM report_person_days r CROSS JOIN ${questionList} q WHERE r.key = 'visit' AND r.person = NEW.visitor_id)
        WHERE new_answer IS NOT NULL AND (old_answer IS NOT new_answer OR OLD.visitor_id IS NOT NEW.visitor_id);
    END;
    CREATE TRIGGER report_answers_deleted AFTER DELETE ON demographics BEGIN ${stale} END;

    -- Events: check-ins that came for each, and how many were first visits.
    CREATE TRIGGER report_event_tagged AFTER INSERT ON visit_events BEGIN
      INSERT INTO report_event_counts (event_id, attendances, first_time) VALUES (NEW.event_id, 1, ${isFirstVisit('NEW.visit_id')})
        ON CONFLICT (event_id) DO UPDATE SET attendances = attendances + 1, first_time = first_time + excluded.first_time;
    END;
    CREATE TRIGGER report_event_retagged AFTER UPDATE OF event_id, visit_id ON visit_events
      WHEN OLD.event_id IS NOT NEW.event_id OR OLD.visit_id IS NOT NEW.visit_id BEGIN
      UPDATE report_event_counts SET attendances = attendances - 1, first_time = first_time - ${isFirstVisit('OLD.visit_id')}
        WHERE event_id = OLD.event_id;
      INSERT INTO report_event_counts (event_id, attendances, first_time) VALUES (NEW.event_id, 1, ${isFirstVisit('NEW.visit_id')})
        ON CONFLICT (event_id) DO UPDATE SET attendances = attendances + 1, first_time = first_time + excluded.first_time;
    END;
    CREATE TRIGGER report_event_untagged AFTER DELETE ON visit_events BEGIN
      UPDATE report_event_counts SET attendances = attendances - 1, first_time = first_time - ${isFirstVisit('OLD.visit_id')}
        WHERE event_id = OLD.event_id;
    END;
    CREATE TRIGGER report_event_deleted AFTER DELETE ON hub_events BEGIN
      DELETE FROM report_event_counts WHERE event_id = OLD.id;
    END;
  `,
};
