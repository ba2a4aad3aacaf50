import type { Migration } from './index';

/**
 * Indexes for deleting visits after visitRetentionDays (src-main/privacy/clearing.ts).
 *
 * - demographics_consent_visit: a deleted visit's id is taken out of the equality answers given at
 *   it (`consent_visit_id`, set to NULL by hand as ON DELETE SET NULL would). Without an index each
 *   batch read every resident's answers: on a busy hub's year that alone outlasted a batch's time
 *   budget, so batches shrank to their smallest and the job took minutes.
 * - tickets_transferred: the same index as tickets_transferred_from (migration 009), added again by
 *   014; every ticket written or deleted kept both up to date.
 */
export const migration016: Migration = {
  version: 16,
  name: 'retention indexes',
  up: `
    CREATE INDEX demographics_consent_visit ON demographics(consent_visit_id) WHERE consent_visit_id IS NOT NULL;
    DROP INDEX IF EXISTS tickets_transferred;
  `,
};
