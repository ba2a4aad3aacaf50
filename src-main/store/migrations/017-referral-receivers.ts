import type { Migration } from './index';
import { finishTriggers, stale, visitLinkedTrigger } from './014-equality-and-report-indexes';

/** The receiver of a referral chosen when a stop is finished ("referred"): an organisation id from configuration. */
const finishReceiver = (o: string) => `CASE WHEN ${o}.kind = 'referred' THEN ${o}.referred_to_id END`;

/**
 * Referrals recorded when a stop is finished count for the organisation they name. A partner who
 * finishes with "referred to Citizens Advice" records `outcomes.referred_to_id`; the journey read
 * that outcome as a referral to no organisation, so "referrals by organisation" left out the
 * commonest way referrals are recorded. journey_steps (which reports and funder returns read), the
 * rollup triggers that count a finish outcome or move a walk-in's journey to a known visitor, and
 * a change of receiver now follow it; the rollups are rebuilt from the tables at the next start
 * (days whose visits retention deleted keep what they had).
 */
export const migration017: Migration = {
  version: 17,
  name: 'referral receivers in the journey',
  up: `
    DROP VIEW journey_steps;
    CREATE VIEW journey_steps AS
      SELECT o.visit_id, o.service_id, o.kind AS stage, ${finishReceiver('o')} AS organisation_id, NULL AS programme_id,
             NULL AS outcome_kind, t.service_day AS occurred_on, 'finish' AS source, o.recorded_at
        FROM outcomes o JOIN tickets t ON t.id = o.ticket_id
       WHERE o.kind IN ('signposted', 'referred', 'registered')
      UNION ALL
      SELECT visit_id, service_id, stage, organisation_id, programme_id, outcome_kind, occurred_on, 'journey' AS source, recorded_at
        FROM journey_facts;

    DROP TRIGGER report_visit_linked;
    ${visitLinkedTrigger(finishReceiver('o'))}
    DROP TRIGGER report_finish_step;
    DROP TRIGGER report_finish_changed;
    ${finishTriggers(finishReceiver('NEW'), 'referred_to_id')}

    ${stale}
  `,
};
