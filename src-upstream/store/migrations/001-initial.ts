import type { CollectorMigration } from './index';

/**
 * The collector's first schema. `events` keeps every event once per hub (UNIQUE (hub_id, event_id))
 * as received; visits, tickets and outcomes are projections of them for the programme's figures.
 * Tokens are stored only as SHA-256 hashes.
 */
export const migration001: CollectorMigration = {
  version: 1,
  name: 'hubs, events, batches and their projections',
  up: `
    CREATE TABLE hubs (
      hub_id text PRIMARY KEY,
      token_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      events_stored bigint NOT NULL DEFAULT 0,
      last_seq bigint NOT NULL DEFAULT 0,
      last_upload_at timestamptz,
      reported_backlog integer,
      reported_oldest_unsent_at timestamptz
    );

    CREATE TABLE programme_tokens (
      name text PRIMARY KEY,
      token_hash text NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE events (
      id bigserial PRIMARY KEY,
      hub_id text NOT NULL REFERENCES hubs(hub_id),
      event_id uuid NOT NULL,
      seq bigint NOT NULL,
      type text NOT NULL,
      schema_version integer NOT NULL,
      occurred_at timestamptz NOT NULL,
      config_version integer NOT NULL,
      config_hash text NOT NULL,
      payload jsonb NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (hub_id, event_id)
    );
    CREATE INDEX events_hub_seq ON events (hub_id, seq);

    -- Each batch's idempotency key: how often it came (a repeat is answered from the events).
    CREATE TABLE batches (
      hub_id text NOT NULL REFERENCES hubs(hub_id),
      batch_id uuid NOT NULL,
      first_seen_at timestamptz NOT NULL DEFAULT now(),
      times_seen integer NOT NULL DEFAULT 1,
      events integer NOT NULL,
      PRIMARY KEY (hub_id, batch_id)
    );

    CREATE TABLE visits (
      hub_id text NOT NULL REFERENCES hubs(hub_id),
      visit_id uuid NOT NULL,
      service_day date NOT NULL,
      checked_in_at timestamptz NOT NULL,
      method text NOT NULL,
      known_visitor boolean NOT NULL,
      visitor text,
      needs jsonb NOT NULL,
      how_heard jsonb NOT NULL,
      config_version integer NOT NULL,
      closed_at timestamptz,
      PRIMARY KEY (hub_id, visit_id)
    );
    CREATE INDEX visits_day ON visits (service_day, hub_id);

    CREATE TABLE tickets (
      hub_id text NOT NULL REFERENCES hubs(hub_id),
      ticket_id uuid NOT NULL,
      visit_id uuid NOT NULL,
      service_id text NOT NULL,
      number text NOT NULL,
      status text NOT NULL,
      last_seq bigint NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (hub_id, ticket_id)
    );

    CREATE TABLE outcomes (
      hub_id text NOT NULL REFERENCES hubs(hub_id),
      ticket_id uuid NOT NULL,
      visit_id uuid NOT NULL,
      service_id text NOT NULL,
      kind text NOT NULL,
      referred_to text,
      recorded_at timestamptz NOT NULL,
      PRIMARY KEY (hub_id, ticket_id, recorded_at)
    );
  `,
};
