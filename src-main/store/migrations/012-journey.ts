import type { Migration } from './index';

/**
 * The participant journey (PROGRAMMES.md §6) as separate dated facts per visit and service:
 * enquiry (the check-in itself) → signposted → referred (to an organisation from configuration) →
 * registered (a start on a named programme) → outcome (evidenced, dated).
 *
 * - journey_facts: what staff record on their console. `occurred_on` is the hub's local date the
 *   fact is dated (an outcome is often evidenced weeks after the visit).
 * - journey_steps: the one place reports read the journey from. It maps the outcome kinds staff
 *   already choose when they finish (signposted, referred, registered) onto the same stages, dated
 *   by their ticket's service day, so outcomes recorded before this migration count too.
 */
export const migration012: Migration = {
  version: 12,
  name: 'participant journey facts',
  up: `
    CREATE TABLE journey_facts (
      id INTEGER PRIMARY KEY,
      visit_id TEXT NOT NULL REFERENCES visits(id) ON DELETE CASCADE,
      service_id TEXT NOT NULL,
      stage TEXT NOT NULL CHECK (stage IN ('signposted', 'referred', 'registered', 'outcome')),
      organisation_id TEXT,
      programme_id TEXT,
      outcome_kind TEXT CHECK (outcome_kind IS NULL OR outcome_kind IN
        ('job', 'self-employment', 'education-training', 'qualification', 'in-work-support', 'referral-taken-up')),
      evidence TEXT,
      occurred_on TEXT NOT NULL CHECK (occurred_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
      recorded_at TEXT NOT NULL,
      staff_id TEXT,
      CHECK (stage <> 'referred' OR organisation_id IS NOT NULL),
      CHECK (stage <> 'registered' OR programme_id IS NOT NULL),
      CHECK ((stage = 'outcome') = (outcome_kind IS NOT NULL))
    ) STRICT;
    CREATE INDEX journey_facts_visit ON journey_facts(visit_id);
    CREATE INDEX journey_facts_stage ON journey_facts(stage, occurred_on);

    CREATE VIEW journey_steps AS
      SELECT o.visit_id, o.service_id, o.kind AS stage, NULL AS organisation_id, NULL AS programme_id,
             NULL AS outcome_kind, t.service_day AS occurred_on, 'finish' AS source, o.recorded_at
        FROM outcomes o JOIN tickets t ON t.id = o.ticket_id
       WHERE o.kind IN ('signposted', 'referred', 'registered')
      UNION ALL
      SELECT visit_id, service_id, stage, organisation_id, programme_id, outcome_kind, occurred_on, 'journey' AS source, recorded_at
        FROM journey_facts;
  `,
};
