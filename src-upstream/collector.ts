import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { EventResult, FootfallReply, HubsReply, UploadReply, UploadRequest } from '../src-shared/sync/collector-endpoints';
import { knownSyncSchemaVersions, syncEvent, type SyncEvent } from '../src-shared/sync/events';
import { isoOf, type Sql, type SqlDatabase } from './store/sql';

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
const ticketStatusAfter: Record<string, string | null> = {
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

/**
 * The programme's collector: hubs, their events stored once each, and the projections the
 * programme's figures come from. Every batch is one transaction.
 */
export class Collector {
  constructor(readonly db: SqlDatabase) {}

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
      const parsed = syncEvent.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        results.push({ eventId, seq: typeof seqRaw === 'number' ? seqRaw : null, status: 'refused', code: 'INVALID_EVENT', reason: issue ? `${issue.path.join('.') || 'event'}: ${issue.message}` : 'not a valid event' });
        continue;
      }
      if (parsed.data.hubId !== hubId) {
        results.push({ eventId, seq: parsed.data.seq, status: 'refused', code: 'INVALID_EVENT', reason: `hubId: the event is from "${parsed.data.hubId}", the batch from "${hubId}"` });
        continue;
      }
      valid.push(parsed.data);
      results.push({ eventId: parsed.data.eventId, seq: parsed.data.seq, status: 'stored' });
    }
    return this.db.transaction(async (tx) => {
      const stored = new Set<string>();
      if (valid.length > 0) {
        const rows = await tx.query<{ event_id: string }>(
          `INSERT INTO events (hub_id, event_id, seq, type, schema_version, occurred_at, config_version, config_hash, payload)
           SELECT $1, x.event_id, x.seq, x.type, x.schema_version, x.occurred_at, x.config_version, x.config_hash, x.payload
           FROM jsonb_to_recordset($2::jsonb) AS x(event_id uuid, seq bigint, type text, schema_version integer, occurred_at timestamptz,
             config_version integer, config_hash text, payload jsonb)
           ORDER BY x.seq
           ON CONFLICT (hub_id, event_id) DO NOTHING
           RETURNING event_id::text AS event_id`,
          [
            hubId,
            JSON.stringify(
              valid.map((e) => ({ event_id: e.eventId, seq: e.seq, type: e.type, schema_version: e.schemaVersion, occurred_at: e.occurredAt, config_version: e.configVersion, config_hash: e.configHash, payload: e.payload })),
            ),
          ],
        );
        for (const r of rows) stored.add(r.event_id);
        await this.project(tx, hubId, valid.filter((e) => stored.has(e.eventId)));
      }
      for (const r of results) if (r.status === 'stored' && !stored.has(r.eventId)) r.status = 'duplicate';
      const maxSeq = valid.reduce((m, e) => (stored.has(e.eventId) ? Math.max(m, e.seq) : m), 0);
      const [hub] = await tx.query<{ last_seq: number; events_stored: number }>(
        `UPDATE hubs SET events_stored = events_stored + $2, last_seq = greatest(last_seq, $3), last_upload_at = now(),
           reported_backlog = $4, reported_oldest_unsent_at = $5
         WHERE hub_id = $1 RETURNING last_seq::int AS last_seq, events_stored::int AS events_stored`,
        [hubId, stored.size, maxSeq, request.backlog.count, request.backlog.oldestUnsentAt],
      );
      await tx.query(
        `INSERT INTO batches (hub_id, batch_id, events) VALUES ($1, $2, $3)
         ON CONFLICT (hub_id, batch_id) DO UPDATE SET times_seen = batches.times_seen + 1`,
        [hubId, request.batchId, request.events.length],
      );
      return { batchId: request.batchId, results, lastSeq: hub?.last_seq ?? 0, missing: Math.max(0, (hub?.last_seq ?? 0) - (hub?.events_stored ?? 0)) };
    });
  }

  /** Visits, tickets and outcomes from newly stored events, in seq order. */
  private async project(tx: Sql, hubId: string, events: SyncEvent[]): Promise<void> {
    const visits: unknown[] = [];
    const visitState = new Map<string, { closedAt: string | null }>();
    const tickets = new Map<string, { ticket_id: string; visit_id: string; service_id: string; number: string; status: string; last_seq: number; updated_at: string }>();
    const outcomes: unknown[] = [];
    for (const e of [...events].sort((a, b) => a.seq - b.seq)) {
      switch (e.type) {
        case 'visit.checked-in':
          visits.push({
            visit_id: e.payload.visitId,
            service_day: e.payload.serviceDay,
            checked_in_at: e.payload.checkedInAt,
            method: e.payload.method,
            known_visitor: e.payload.knownVisitor,
            visitor: e.payload.visitor,
            needs: e.payload.needs,
            how_heard: e.payload.howHeard,
            config_version: e.configVersion,
          });
          break;
        case 'visit.closed':
          visitState.set(e.payload.visitId, { closedAt: e.payload.closedAt });
          break;
        case 'visit.reopened':
          visitState.set(e.payload.visitId, { closedAt: null });
          break;
        case 'outcome.recorded':
          outcomes.push({ ticket_id: e.payload.ticketId, visit_id: e.payload.visitId, service_id: e.payload.serviceId, kind: e.payload.kind, referred_to: e.payload.referredTo, recorded_at: e.occurredAt });
          break;
        case 'flags.acknowledged':
          break;
        default: {
          const before = tickets.get(e.payload.ticketId);
          const status = ticketStatusAfter[e.type] ?? null;
          tickets.set(e.payload.ticketId, {
            ticket_id: e.payload.ticketId,
            visit_id: e.payload.visitId,
            service_id: e.payload.serviceId,
            number: e.payload.number,
            status: status ?? before?.status ?? 'unchanged',
            last_seq: e.seq,
            updated_at: e.occurredAt,
          });
        }
      }
    }
    if (visits.length > 0) {
      await tx.query(
        `INSERT INTO visits (hub_id, visit_id, service_day, checked_in_at, method, known_visitor, visitor, needs, how_heard, config_version)
         SELECT $1, x.visit_id, x.service_day, x.checked_in_at, x.method, x.known_visitor, x.visitor, x.needs, x.how_heard, x.config_version
         FROM jsonb_to_recordset($2::jsonb) AS x(visit_id uuid, service_day date, checked_in_at timestamptz, method text, known_visitor boolean,
           visitor text, needs jsonb, how_heard jsonb, config_version integer)
         ON CONFLICT (hub_id, visit_id) DO NOTHING`,
        [hubId, JSON.stringify(visits)],
      );
    }
    if (visitState.size > 0) {
      await tx.query(
        `UPDATE visits v SET closed_at = x.closed_at FROM jsonb_to_recordset($2::jsonb) AS x(visit_id uuid, closed_at timestamptz)
         WHERE v.hub_id = $1 AND v.visit_id = x.visit_id`,
        [hubId, JSON.stringify([...visitState].map(([visit_id, s]) => ({ visit_id, closed_at: s.closedAt })))],
      );
    }
    if (tickets.size > 0) {
      // A late event (a quarantined one sent again) never moves a ticket back: the higher seq wins.
    // 'unchanged' (a priority or a reprint) keeps the status it had.
      await tx.query(
        `INSERT INTO tickets AS t (hub_id, ticket_id, visit_id, service_id, number, status, last_seq, updated_at)
         SELECT $1, x.ticket_id, x.visit_id, x.service_id, x.number, x.status, x.last_seq, x.updated_at
         FROM jsonb_to_recordset($2::jsonb) AS x(ticket_id uuid, visit_id uuid, service_id text, number text, status text, last_seq bigint, updated_at timestamptz)
         ON CONFLICT (hub_id, ticket_id) DO UPDATE SET status = CASE WHEN excluded.status = 'unchanged' THEN t.status ELSE excluded.status END, last_seq = excluded.last_seq, updated_at = excluded.updated_at
           WHERE t.last_seq < excluded.last_seq`,
        [hubId, JSON.stringify([...tickets.values()])],
      );
    }
    if (outcomes.length > 0) {
      await tx.query(
        `INSERT INTO outcomes (hub_id, ticket_id, visit_id, service_id, kind, referred_to, recorded_at)
         SELECT $1, x.ticket_id, x.visit_id, x.service_id, x.kind, x.referred_to, x.recorded_at
         FROM jsonb_to_recordset($2::jsonb) AS x(ticket_id uuid, visit_id uuid, service_id text, kind text, referred_to text, recorded_at timestamptz)
         ON CONFLICT DO NOTHING`,
        [hubId, JSON.stringify(outcomes)],
      );
    }
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
