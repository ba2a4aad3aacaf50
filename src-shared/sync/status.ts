import { z } from 'zod';

/**
 * What the hub's uploader is doing, for staff:
 * - `off`: no collector is configured; events stay in the outbox.
 * - `no-token`: a collector is configured but the variable `upstream.tokenEnv` names is not set.
 * - `standby`: another process on this data folder holds the upload lease and uploads.
 * - `idle`: everything committed has been acknowledged (or quarantined).
 * - `uploading`: sending, or gathering a batch.
 * - `waiting`: the last attempt failed; the next is at `nextAttemptAt` (backing off, or as the collector asked).
 */
export const syncStates = ['off', 'no-token', 'standby', 'idle', 'uploading', 'waiting'] as const;
export type SyncState = (typeof syncStates)[number];

export const quarantinedEventView = z.object({
  eventId: z.string(),
  seq: z.number().int(),
  type: z.string(),
  occurredAt: z.string(),
  code: z.string(),
  reason: z.string(),
  quarantinedAt: z.string(),
  attempts: z.number().int(),
  retryRequested: z.boolean(),
});
export type QuarantinedEventView = z.infer<typeof quarantinedEventView>;

export const syncStatusView = z.object({
  state: z.enum(syncStates),
  collector: z.string().nullable(),
  /** Events committed and not yet acknowledged by the collector (quarantined ones apart). */
  backlog: z.number().int(),
  oldestUnsentAt: z.string().nullable(),
  lastSuccessAt: z.string().nullable(),
  lastError: z.object({ at: z.string(), code: z.string(), message: z.string() }).nullable(),
  nextAttemptAt: z.string().nullable(),
  /** The outbox id below which everything is acknowledged or quarantined. */
  cursor: z.number().int(),
  quarantined: z.array(quarantinedEventView),
});
export type SyncStatusView = z.infer<typeof syncStatusView>;

export const quarantineRetryReply = z.object({ eventId: z.string(), retryRequested: z.literal(true) });
