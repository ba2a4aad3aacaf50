import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { QueueEventType } from '../src-shared/api/contract';
import { onsTenFive, type SuppressionRule } from '../src-shared/reports/suppression';
import type { EventResult, FootfallReply, HubsReply, ProgrammeFiguresReply, UploadReply, UploadRequest } from '../src-shared/sync/collector-endpoints';
import { isSyncEvent, knownSyncSchemaVersions, syncEvent, type SyncEvent } from '../src-shared/sync/events';
import { programmeFigures } from './programme-figures';
import { isoOf, type SqlDatabase } from './store/sql';

/** A refusal the API answers with its status and code. */
export class CollectorError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }

  toBody(): { error: { code: string; message: string; field?: string } } {
    return { error: { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) } };
  }
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function newToken(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** What a ticket event makes of the ticket's status; events that leave it alone map to null. */
const ticketStatusAfter: Record<`ticket.${QueueEventType}`, string | null> = {
  'ticket.created': 'waiting',
  'ticket.called': 'called',
  'ticket.recalled': 'called',
  'ticket.started': 'serving',
  'ticket.finished': 'done',
  'ticket.no-show': 'no-show',
  'ticket.no-show-undone': 'waiting',
  'ticket.transferred': 'transferred',
  'ticket.cancelled': 'cancelled',
  'ticket.prioritised': null,
  'ticket.reprinted': null,
};

const sqlText = (value: string) => `'${value.replace(/'/g, "''")}'`;
const ticketStatusCase = `CASE type ${Object.entries(ticketStatusAfter)
  .filter(([, status]) => status !== null)
  .map(([type, status]) => `WHEN ${sqlText(type)} THEN ${sqlText(status!)}`)
  .join(' ')} END`;

/**
 * One batch in one statement, so one round trip and one transaction: the events inserted once each
 * (in seq order, so arrival order is the hub's order), and the projections made set-wise from
 * exactly the rows this statement inserted — a repeat projects nothing twice.
 *
 * $1 hub id, $2 the valid events as a JSON array of envelopes, $3/$4 the backlog the hub reports,
 * $5 batch id, $6 how many events the batch carried. Answers the event ids that were already stored
 * (duplicates) and the hub's last seq and count after this batch.
 *
 * Data-modifying CTEs all see the database as it was before the statement: a visit checked in by
 * this batch gets its closing time on insert; one from an earlier batch is updated.
 */
const ingestStatement = `
WITH x AS MATERIALIZED (
  SELECT * FROM json_to_recordset($2::json) AS x("eventId" uuid, seq bigint, type text, "schemaVersion" integer, "occurredAt" timestamptz,
    "configVersion" integer, "configHash" text, payload jsonb)
), ins AS (
  INSERT INTO events (hub_id, event_id, seq, type, schema_version, occurred_at, config_version, config_hash, payload)
  SELECT $1, "eventId", seq, type, "schemaVersion", "occurredAt", "configVersion", "configHash", payload FROM x
  WHERE EXISTS (SELECT 1 FROM hubs WHERE hub_id = $1) -- the hub's check, once per batch rather than per row
  ORDER BY seq
  ON CONFLICT (hub_id, event_id) DO NOTHING
  RETURNING event_id, seq, type, occurred_at, config_version, payload
), visit_facts AS (
  -- Per visit in this batch: its check-in, and the last close or reopen (which wins).
  SELECT (payload->>'visitId')::uuid AS visit_id,
    (array_agg(payload) FILTER (WHERE type = 'visit.checked-in'))[1] AS checked_in,
    (array_agg(config_version) FILTER (WHERE type = 'visit.checked-in'))[1] AS config_version,
    bool_or(type <> 'visit.checked-in') AS close_changed,
    (array_agg(CASE WHEN type = 'visit.closed' THEN (payload->>'closedAt')::timestamptz END ORDER BY seq DESC) FILTER (WHERE type <> 'visit.checked-in'))[1] AS closed_at
  FROM ins WHERE type IN ('visit.checked-in', 'visit.closed', 'visit.reopened') GROUP BY 1
), new_visits AS (
  INSERT INTO visits (hub_id, visit_id, service_day, checked_in_at, method, known_visitor, visitor, needs, how_heard, config_version, closed_at)
  SELECT $1, visit_id, (checked_in->>'serviceDay')::date, (checked_in->>'checkedInAt')::timestamptz, checked_in->>'method', (checked_in->>'knownVisitor')::boolean,
    checked_in->>'visitor', checked_in->'needs', checked_in->'howHeard', config_version, closed_at
  FROM visit_facts WHERE checked_in IS NOT NULL
  ON CONFLICT (hub_id, visit_id) DO NOTHING
), closed_earlier AS (
  -- Visits checked in by an earlier batch, looked up by their key (never a scan of the hub's visits).
  UPDATE visits v SET closed_at = f.closed_at FROM visit_facts f
  WHERE v.hub_id = $1 AND v.visit_id = ANY (ARRAY(SELECT visit_id FROM visit_facts WHERE close_changed)) AND f.visit_id = v.visit_id
), ticket_facts AS (
  -- Per ticket in this batch: its last event, with the status of the last event that changes one
  -- (status-changing events sort first in each ticket's window, the latest of them on top).
  SELECT DISTINCT ON (ticket_id) ticket_id, seq AS last_seq, occurred_at AS updated_at, (payload->>'visitId')::uuid AS visit_id,
    payload->>'serviceId' AS service_id, payload->>'number' AS number,
    first_value(status) OVER (PARTITION BY ticket_id ORDER BY status IS NULL, seq DESC) AS status
  FROM (SELECT (payload->>'ticketId')::uuid AS ticket_id, seq, occurred_at, payload, ${ticketStatusCase} AS status FROM ins WHERE type LIKE 'ticket.%') t
  ORDER BY ticket_id, seq DESC
), upserted_tickets AS (
  -- A late event (a quarantined one sent again) never moves a ticket back: the higher seq wins.
  -- 'unchanged' (only a priority or a reprint) keeps the status it had.
  INSERT INTO tickets AS t (hub_id, ticket_id, visit_id, service_id, number, status, last_seq, updated_at)
  SELECT $1, ticket_id, visit_id, service_id, number, coalesce(status, 'unchanged'), last_seq, updated_at FROM ticket_facts
  ON CONFLICT (hub_id, ticket_id) DO UPDATE SET status = CASE WHEN excluded.status = 'unchanged' THEN t.status ELSE excluded.status END,
    last_seq = excluded.last_seq, updated_at = excluded.updated_at
    WHERE t.last_seq < excluded.last_seq
), new_outcomes AS (
  INSERT INTO outcomes (hub_id, ticket_id, visit_id, service_id, kind, referred_to, recorded_at)
  SELECT $1, (payload->>'ticketId')::uuid, (payload->>'visitId')::uuid, payload->>'serviceId', payload->>'kind', payload->>'referredTo', occurred_at
  FROM ins WHERE type = 'outcome.recorded'
  ON CONFLICT DO NOTHING
), hub AS (
  UPDATE hubs SET events_stored = events_stored + (SELECT count(*) FROM ins), last_seq = greatest(last_seq, (SELECT coalesce(max(seq), 0) FROM ins)),
    last_upload_at = now(), reported_backlog = $3, reported_oldest_unsent_at = $4
  WHERE hub_id = $1 RETURNING last_seq, events_stored
), batch AS (
  INSERT INTO batches (hub_id, batch_id, events) VALUES ($1, $5, $6)
  ON CONFLICT (hub_id, batch_id) DO UPDATE SET times_seen = batches.times_seen + 1
)
SELECT (SELECT coalesce(array_agg(x."eventId"::text), '{}') FROM x WHERE NOT EXISTS (SELECT 1 FROM ins WHERE ins.event_id = x."eventId")) AS duplicates,
  hub.last_seq::int AS last_seq, hub.events_stored::int AS events_stored
FROM hub`;

/**
 * A resident erased at a hub: the pseudonym comes off the visits the event names and off every
 * other visit of that hub under the same pseudonym, in the projection and in the stored check-in
 * and journey events. Run after the batch's own statement (so a visit checked in by the same batch is covered)
 * and from the request's events, not only those newly stored, so a batch sent again after a crash
 * between the two still erases. Rare: it may read the hub's rows without an index.
 *
 * $1 hub id, $2 the batch's `resident.erased` events as a JSON array of envelopes.
 */
const eraseStatement = `
WITH e AS (
  SELECT payload->>'visitor' AS visitor, payload->'visitIds' AS ids FROM json_to_recordset($2::json) AS x(payload jsonb)
), ids AS (
  SELECT jsonb_array_elements_text(ids)::uuid AS visit_id FROM e
  UNION
  SELECT visit_id FROM visits WHERE hub_id = $1 AND visitor IN (SELECT visitor FROM e WHERE visitor IS NOT NULL)
), projected AS (
  UPDATE visits SET visitor = NULL WHERE hub_id = $1 AND visit_id IN (SELECT visit_id FROM ids) AND visitor IS NOT NULL RETURNING visit_id
), stored AS (
  UPDATE events SET payload = jsonb_set(payload, '{visitor}', 'null') WHERE hub_id = $1 AND type IN ('visit.checked-in', 'journey.recorded')
    AND (payload->>'visitId')::uuid IN (SELECT visit_id FROM ids) AND payload->>'visitor' IS NOT NULL RETURNING id
)
SELECT (SELECT count(*) FROM projected)::int AS visits, (SELECT count(*) FROM stored)::int AS events`;

/**
 * The programme's collector: hubs, their events stored once each, and the projections the
 * programme's figures come from. Every batch is one transaction.
 */
export type CollectorOptions = {
  /** How the programme's figures are suppressed before they leave (default: ONS 10-5). */
  suppression?: SuppressionRule;
};

export class Collector {
  readonly suppression: SuppressionRule;

  constructor(
    readonly db: SqlDatabase,
    options: CollectorOptions = {},
  ) {
    this.suppression = options.suppression ?? onsTenFive;
  }

  // ---- hubs and tokens ----------------------------------------------------------------------

  /** Registers a hub and returns its upload token, shown once: only its hash is kept. */
  async addHub(hubId: string): Promise<string> {
    if (!/^[a-z0-9][a-z0-9-]{0,47}$/.test(hubId)) throw new CollectorError(400, 'BAD_REQUEST', `"${hubId}" is not a hub id (lower-case letters, digits and dashes).`, 'hubId');
    const token = newToken('fdh');
    const rows = await this.db.query('INSERT INTO hubs (hub_id, token_hash) VALUES ($1, $2) ON CONFLICT (hub_id) DO NOTHING RETURNING hub_id', [hubId, hashToken(token)]);
    if (rows.length === 0) throw new CollectorError(409, 'BAD_REQUEST', `The hub "${hubId}" is registered already.`, 'hubId');
    return token;
  }

  async addProgrammeToken(name: string): Promise<string> {
    const token = newToken('fdp');
    await this.db.query('INSERT INTO programme_tokens (name, token_hash) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET token_hash = excluded.token_hash', [name, hashToken(token)]);
    return token;
  }

  async hubOfToken(token: string): Promise<string | null> {
    const [row] = await this.db.query<{ hub_id: string; token_hash: string }>('SELECT hub_id, token_hash FROM hubs WHERE token_hash = $1', [hashToken(token)]);
    if (!row) return null;
    // The lookup is by hash; compare again in constant time all the same.
    return timingSafeEqual(Buffer.from(row.token_hash), Buffer.from(hashToken(token))) ? row.hub_id : null;
  }

  async isProgrammeToken(token: string): Promise<boolean> {
    const rows = await this.db.query('SELECT 1 FROM programme_tokens WHERE token_hash = $1', [hashToken(token)]);
    return rows.length > 0;
  }

  // ---- ingest -------------------------------------------------------------------------------

  /**
   * Stores a batch from `hubId`: each event checked against the shared union, stored once,
   * acknowledged or refused on its own. An event of a schema version this collector does not know
   * refuses the whole batch (the hub keeps it and tries again once the collector is upgraded).
   */
  async ingest(hubId: string, request: UploadRequest): Promise<UploadReply> {
    if (request.hubId !== hubId) throw new CollectorError(403, 'HUB_MISMATCH', `This token belongs to hub "${hubId}", not "${request.hubId}".`, 'hubId');
    const results: EventResult[] = [];
    const valid: SyncEvent[] = [];
    for (const [i, raw] of request.events.entries()) {
      const version = (raw as { schemaVersion?: unknown } | null)?.schemaVersion;
      if (typeof version === 'number' && !knownSyncSchemaVersions.includes(version)) {
        throw new CollectorError(422, 'UNKNOWN_SCHEMA_VERSION', `events[${i}] has schema version ${version}; this collector knows ${knownSyncSchemaVersions.join(', ')}.`, `events.${i}.schemaVersion`);
      }
      const eventId = String((raw as { eventId?: unknown } | null)?.eventId ?? `#${i}`);
      const seqRaw = (raw as { seq?: unknown } | null)?.seq;
      let event: SyncEvent;
      if (isSyncEvent(raw)) event = raw;
      else {
        // Not certainly valid: zod decides, and says why.
        const parsed = syncEvent.safeParse(raw);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          results.push({ eventId, seq: typeof seqRaw === 'number' ? seqRaw : null, status: 'refused', code: 'INVALID_EVENT', reason: issue ? `${issue.path.join('.') || 'event'}: ${issue.message}` : 'not a valid event' });
          continue;
        }
        event = parsed.data;
      }
      if (event.hubId !== hubId) {
        results.push({ eventId, seq: event.seq, status: 'refused', code: 'INVALID_EVENT', reason: `hubId: the event is from "${event.hubId}", the batch from "${hubId}"` });
        continue;
      }
      valid.push(event);
      results.push({ eventId: event.eventId, seq: event.seq, status: 'stored' });
    }
    const [row] = await this.db.query<{ duplicates: string[]; last_seq: number; events_stored: number }>(ingestStatement, [
      hubId,
      JSON.stringify(valid),
      request.backlog.count,
      request.backlog.oldestUnsentAt,
      request.batchId,
      request.events.length,
    ]);
    if (!row) throw new CollectorError(401, 'UNKNOWN_HUB', `This collector knows no hub "${hubId}".`);
    const erasures = valid.filter((e) => e.type === 'resident.erased');
    if (erasures.length > 0) await this.db.query(eraseStatement, [hubId, JSON.stringify(erasures)]);
    if (row.duplicates.length > 0) {
      const duplicates = new Set(row.duplicates);
      for (const r of results) if (r.status === 'stored' && duplicates.has(r.eventId)) r.status = 'duplicate';
    }
    return { batchId: request.batchId, results, lastSeq: row.last_seq, missing: Math.max(0, row.last_seq - row.events_stored) };
  }

  // ---- the programme's view -----------------------------------------------------------------

  async hubs(): Promise<HubsReply> {
    const rows = await this.db.query<{ hub_id: string; events_stored: number; last_seq: number; last_upload_at: string | null; reported_backlog: number | null; oldest: string | null }>(
      `SELECT hub_id, events_stored::int AS events_stored, last_seq::int AS last_seq, ${isoOf('last_upload_at')} AS last_upload_at,
         reported_backlog, ${isoOf('reported_oldest_unsent_at')} AS oldest
       FROM hubs ORDER BY hub_id`,
    );
    const hubs = [];
    for (const r of rows) hubs.push({ hubId: r.hub_id, eventsStored: r.events_stored, lastSeq: r.last_seq, lastUploadAt: r.last_upload_at, gaps: await this.gaps(r.hub_id), backlog: r.reported_backlog, oldestUnsentAt: r.oldest });
    return { hubs };
  }

  /** Ranges of seq missing below the highest received (the first 20). */
  async gaps(hubId: string): Promise<{ from: number; to: number }[]> {
    return this.db.query<{ from: number; to: number }>(
      `SELECT "from", "to" FROM (
         SELECT 1 AS "from", (min(seq) - 1)::int AS "to", 0 AS o FROM events WHERE hub_id = $1 HAVING min(seq) > 1
         UNION ALL
         SELECT (seq + 1)::int, (next - 1)::int, seq FROM (SELECT seq, lead(seq) OVER (ORDER BY seq) AS next FROM events WHERE hub_id = $1) s WHERE next > seq + 1
       ) g ORDER BY o LIMIT 20`,
      [hubId],
    );
  }

  /** Footfall: visits checked in, per hub per service day (the hub's local date), from `from` to `to` inclusive. */
  /** The programme's figures across its hubs for a range of service days, suppressed. */
  figures(from: string, to: string): Promise<ProgrammeFiguresReply> {
    return programmeFigures(this.db, from, to, this.suppression);
  }

  async footfall(from: string, to: string): Promise<FootfallReply> {
    const days = await this.db.query<{ hub_id: string; day: string; visits: number }>(
      `SELECT hub_id, to_char(service_day, 'YYYY-MM-DD') AS day, count(*)::int AS visits FROM visits
       WHERE service_day BETWEEN $1::date AND $2::date GROUP BY hub_id, service_day ORDER BY hub_id, service_day`,
      [from, to],
    );
    const hubs = await this.db.query<{ hub_id: string; last_upload_at: string | null; reported_backlog: number | null; oldest: string | null }>(
      `SELECT hub_id, ${isoOf('last_upload_at')} AS last_upload_at, reported_backlog, ${isoOf('reported_oldest_unsent_at')} AS oldest FROM hubs ORDER BY hub_id`,
    );
    return {
      days: days.map((d) => ({ hubId: d.hub_id, day: d.day, visits: d.visits })),
      hubs: hubs.map((h) => ({ hubId: h.hub_id, lastUploadAt: h.last_upload_at, backlog: h.reported_backlog, oldestUnsentAt: h.oldest })),
    };
  }
}
