import { z } from 'zod';
import { dashboardQuery } from '../reports/contract';
import { programmeFigure } from '../reports/programme-figures';

/**
 * Every HTTP endpoint of the programme's collector, once, in the style of the hub's table
 * (src-shared/api/endpoints.ts): the collector registers its routes from it and the hub's uploader
 * reads its replies with it.
 */

/**
 * - `public`: anyone (a health check).
 * - `hub`: a hub with its own upload token (`Authorization: Bearer …`).
 * - `programme`: the collector's own machine, or a programme token.
 */
export type CollectorAccess = { public: true } | { hub: true } | { programme: true };
export type CollectorRateClass = 'upload' | 'read';

export type CollectorEndpointSpec = {
  method: 'GET' | 'POST';
  path: `/api/${string}`;
  query?: z.ZodType;
  body?: z.ZodType;
  reply: z.ZodType;
  access: CollectorAccess;
  rate: CollectorRateClass;
  summary: string;
};

function endpoint<const E extends CollectorEndpointSpec>(spec: E): E {
  return spec;
}

/**
 * Codes a refusal carries. The uploader acts on them: `INVALID_EVENT` (per event) quarantines that
 * event and goes on; `UNKNOWN_HUB`, `UNKNOWN_SCHEMA_VERSION` and the rest keep every event and try
 * again later, backing off.
 */
export const collectorErrorCodes = [
  'UNKNOWN_HUB',
  'HUB_MISMATCH',
  'UNKNOWN_SCHEMA_VERSION',
  'INVALID_EVENT',
  'BATCH_INVALID',
  'TOO_LARGE',
  'RATE_LIMITED',
  'UNAVAILABLE',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_REQUEST',
  'INTERNAL',
] as const;
export type CollectorErrorCode = (typeof collectorErrorCodes)[number];
export const collectorErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }) });

export const maxEventsPerBatch = 5000;

export const uploadRequest = z.object({
  hubId: z.string().min(1).max(48),
  /** The idempotency key of this batch: the same events sent again carry the same key. */
  batchId: z.uuid(),
  /** Each is checked on its own against the shared union, so one bad event refuses only itself. */
  events: z.array(z.unknown()).min(1).max(maxEventsPerBatch),
  /** What the hub still holds after this batch, as it sees it (shown in the programme view). */
  backlog: z.object({ count: z.number().int().min(0), oldestUnsentAt: z.iso.datetime().nullable() }),
});
export type UploadRequest = z.infer<typeof uploadRequest>;

export const eventResult = z.object({
  eventId: z.string(),
  seq: z.number().int().nullable(),
  /** stored now, stored before (a repeat), or refused with a code and reason. */
  status: z.enum(['stored', 'duplicate', 'refused']),
  code: z.enum(collectorErrorCodes).optional(),
  reason: z.string().optional(),
});
export type EventResult = z.infer<typeof eventResult>;

export const uploadReply = z.object({
  batchId: z.uuid(),
  results: z.array(eventResult),
  /** The highest seq the collector holds for this hub, and how many below it are missing. */
  lastSeq: z.number().int(),
  missing: z.number().int(),
});
export type UploadReply = z.infer<typeof uploadReply>;

export const gapView = z.object({ from: z.number().int(), to: z.number().int() });
export const hubSummary = z.object({
  hubId: z.string(),
  eventsStored: z.number().int(),
  lastSeq: z.number().int(),
  lastUploadAt: z.string().nullable(),
  /** Ranges of seq the collector has not received (the first 20). */
  gaps: z.array(gapView),
  /** As the hub last reported it. */
  backlog: z.number().int().nullable(),
  oldestUnsentAt: z.string().nullable(),
});
export const hubsReply = z.object({ hubs: z.array(hubSummary) });
export type HubsReply = z.infer<typeof hubsReply>;

export const footfallQuery = z
  .object({ from: z.iso.date(), to: z.iso.date() })
  .refine((q) => q.from <= q.to, { message: '`to` must not be before `from`', path: ['to'] });
export const footfallReply = z.object({
  /** Footfall: visits checked in, per hub per service day (the hub's local date). */
  days: z.array(z.object({ hubId: z.string(), day: z.string(), visits: z.number().int() })),
  hubs: z.array(z.object({ hubId: z.string(), lastUploadAt: z.string().nullable(), backlog: z.number().int().nullable(), oldestUnsentAt: z.string().nullable() })),
});
export type FootfallReply = z.infer<typeof footfallReply>;

export const programmeFiguresQuery = dashboardQuery;
export const programmeFiguresReply = z.object({
  from: z.string(),
  to: z.string(),
  /** The hubs with visits in the range or registered: the order of every row's `hubs` cells. */
  hubs: z.array(z.string()),
  suppression: z.object({ threshold: z.number().int(), roundTo: z.number().int(), hideZeros: z.boolean() }),
  figures: z.array(programmeFigure),
});
export type ProgrammeFiguresReply = z.infer<typeof programmeFiguresReply>;

export const collectorHealthReply = z.object({ ok: z.literal(true), service: z.literal('front-door-collector'), schemaVersions: z.array(z.number().int()) });

export const collectorEndpoints = {
  health: endpoint({ method: 'GET', path: '/api/health', reply: collectorHealthReply, access: { public: true }, rate: 'read', summary: 'the collector is up, and the event schema versions it knows' }),
  upload: endpoint({
    method: 'POST',
    path: '/api/batches',
    body: uploadRequest,
    reply: uploadReply,
    access: { hub: true },
    rate: 'upload',
    summary: "a hub's batch of events: each stored once, acknowledged or refused per event",
  }),
  hubs: endpoint({ method: 'GET', path: '/api/hubs', reply: hubsReply, access: { programme: true }, rate: 'read', summary: 'every hub: events stored, last seq, last upload, gaps in seq' }),
  footfall: endpoint({
    method: 'GET',
    path: '/api/programme/footfall',
    query: footfallQuery,
    reply: footfallReply,
    access: { programme: true },
    rate: 'read',
    summary: 'footfall per hub per day, and each hub’s last upload and reported backlog',
  }),
  programmeFigures: endpoint({
    method: 'GET',
    path: '/api/programme/figures',
    query: programmeFiguresQuery,
    reply: programmeFiguresReply,
    access: { programme: true },
    rate: 'read',
    summary: 'the programme’s figures across its hubs (footfall, needs, how heard, journey, referrals, outcomes, events), suppressed',
  }),
} as const satisfies Record<string, CollectorEndpointSpec>;
