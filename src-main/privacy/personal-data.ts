/**
 * Where personal data lives: every column of every table, what kind of data it holds and how it
 * expires. A test checks this list against the live schema, so a new column cannot be added
 * without saying here how it expires; the retention job clears the `personal-period` columns from
 * this list, so saying so is also what makes it happen.
 *
 * Outside the tables: the hub never runs ANALYZE (this SQLite keeps sample rows of indexes in
 * sqlite_stat4, which would copy names), and the erasure log in the data folder holds only random
 * ids (see privacy/erasure.ts).
 */

/** What a column holds. */
export const dataKinds = {
  name: 'a first name or initials',
  identifier: 'a card or QR identifier, as a keyed hash',
  'free-text': 'words typed about a resident (by them or by staff)',
  demographic: 'an equality-monitoring answer',
  health: 'special category or sensitive: access needs, sensitive triage answers',
  pseudonym: "a random id that links one resident's visits together",
  characteristic: 'language, needs, flags and answers to plain choice questions: anonymous once names and links are gone',
  visit: 'anonymous facts of a visit or ticket: times, services, statuses, numbers',
  event: 'a record of what happened, holding ids and ticket numbers, never names or free text',
  count: 'an anonymous count',
  staff: 'about a member of staff',
  secret: 'a hash of a password, PIN, session, token or credential',
  device: 'about a kiosk or device',
  system: 'configuration, counters, ids and sync state',
} as const;
export type DataKind = keyof typeof dataKinds;

/** How a column's data expires. */
export const expiries = {
  'personal-period': 'cleared personalDataRetentionDays after the visit (or at once on erasure); anonymous counts kept',
  'with-visitor': "deleted with the resident's record personalDataRetentionDays after their last visit (or at once on erasure)",
  'with-visit': 'deleted with the visit visitRetentionDays after it, once counted into retained_counts',
  redacted: "the resident's pseudonym removed after personalDataRetentionDays; the row deleted after visitRetentionDays once the collector has acknowledged it",
  unlinked:
    "in the report rollups: the resident's pseudonym replaced, row by row, by a random id that links nothing when their record goes (personalDataRetentionDays after their last visit, or at once on erasure); the counts kept",
  'with-account': 'kept while the staff account exists',
  'when-spent': 'deleted 30 days after it ends or expires',
  kept: 'kept: anonymous counts, configuration, or the audit trail',
} as const;
export type Expiry = keyof typeof expiries;

/** Kinds that identify or describe a resident: these must expire within the personal period. */
export const residentKinds: readonly DataKind[] = ['name', 'identifier', 'free-text', 'demographic', 'health', 'pseudonym'];
export const residentExpiries: readonly Expiry[] = ['personal-period', 'with-visitor', 'redacted', 'unlinked'];

export type PersonalColumn = {
  table: string;
  column: string;
  kind: DataKind;
  expiry: Expiry;
  /** For `personal-period`: the value the column is cleared to (NULL unless the column is NOT NULL). */
  clearedTo?: null | '[]';
  /** For `personal-period`: only some rows hold personal data (answers to sensitive or free-text questions). */
  only?: 'sensitive-or-text-answers';
};

/**
 * How a table's rows belong to a visit or a resident: `visit-row` (its id is the visit's id),
 * `visit` (a visit_id column), `visitor-row`, `visitor` (a visitor_id column), or `none`.
 */
export type TableScope = 'visit-row' | 'visit' | 'visitor-row' | 'visitor' | 'none';

type ColumnSpec = [kind: DataKind, expiry: Expiry, extra?: Pick<PersonalColumn, 'clearedTo' | 'only'>];

function table(name: string, scope: TableScope, columns: Record<string, ColumnSpec>): { scope: TableScope; columns: PersonalColumn[] } {
  return {
    scope,
    columns: Object.entries(columns).map(([column, [kind, expiry, extra]]) => ({ table: name, column, kind, expiry, ...(extra ?? {}) })),
  };
}

const visit = (): ColumnSpec => ['visit', 'with-visit'];
const system = (): ColumnSpec => ['system', 'kept'];
const staffData = (): ColumnSpec => ['staff', 'with-account'];
const spent = (kind: DataKind = 'staff'): ColumnSpec => [kind, 'when-spent'];

const tables = [
  table('visitors', 'visitor-row', {
    id: ['pseudonym', 'with-visitor'],
    created_at: ['pseudonym', 'with-visitor'],
    display_name: ['name', 'with-visitor'],
    language: ['characteristic', 'with-visitor'],
    how_heard_answered_at: ['pseudonym', 'with-visitor'],
    personal_data_removed_at: ['pseudonym', 'with-visitor'],
  }),
  table('visitor_identifiers', 'visitor', {
    hash: ['identifier', 'with-visitor'],
    visitor_id: ['pseudonym', 'with-visitor'],
    kind: ['identifier', 'with-visitor'],
    created_at: ['identifier', 'with-visitor'],
  }),
  table('demographics', 'visitor', {
    visitor_id: ['pseudonym', 'with-visitor'],
    age_band: ['demographic', 'with-visitor'],
    sex: ['demographic', 'with-visitor'],
    gender_identity: ['demographic', 'with-visitor'],
    ethnicity: ['demographic', 'with-visitor'],
    disability: ['demographic', 'with-visitor'],
    employment_status: ['demographic', 'with-visitor'],
    carer_hours: ['demographic', 'with-visitor'],
    veteran: ['demographic', 'with-visitor'],
    updated_at: ['demographic', 'with-visitor'],
    // The equality questions of migration 014: the two-question disability measure, the reason for
    // economic inactivity, where the answers came from, and the visit whose consent they were given under.
    long_term_condition: ['demographic', 'with-visitor'],
    activity_limitation: ['demographic', 'with-visitor'],
    inactivity_reason: ['demographic', 'with-visitor'],
    source: ['demographic', 'with-visitor'],
    consent_visit_id: ['pseudonym', 'with-visitor'],
  }),
  table('visits', 'visit-row', {
    id: visit(),
    request_id: visit(),
    visitor_id: ['pseudonym', 'with-visitor'],
    hub_id: visit(),
    service_day: visit(),
    checked_in_at: visit(),
    method: visit(),
    // One number for the whole visit (migration 011).
    number: visit(),
    unknown_identifier: visit(),
    config_hash: visit(),
    config_version: visit(),
    language: ['characteristic', 'with-visit'],
    display_name: ['name', 'personal-period'],
    interpreter: ['characteristic', 'with-visit'],
    accessibility: ['health', 'personal-period', { clearedTo: '[]' }],
    talk_to_someone: ['characteristic', 'with-visit'],
    priority: visit(),
    status: visit(),
    closed_at: visit(),
    personal_data_removed_at: visit(),
    print_status: visit(),
    print_code: visit(),
    printed_at: visit(),
    print_attempts: visit(),
    // The visit was a known resident's whose record has gone: reports still count it as known (migration 015).
    was_known: visit(),
  }),
  table('consents', 'visit', {
    id: visit(),
    visit_id: visit(),
    notice_version: visit(),
    optional_questions: visit(),
    given_at: visit(),
  }),
  table('how_heard_answers', 'visit', {
    visit_id: visit(),
    option_id: ['characteristic', 'with-visit'],
    free_text: ['free-text', 'personal-period'],
  }),
  table('triage_answers', 'visit', {
    visit_id: visit(),
    question_id: visit(),
    answer: ['health', 'personal-period', { only: 'sensitive-or-text-answers' }],
    skipped: visit(),
  }),
  table('visit_needs', 'visit', { visit_id: visit(), need_id: ['characteristic', 'with-visit'] }),
  table('visit_flags', 'visit', {
    visit_id: visit(),
    flag: ['characteristic', 'with-visit'],
    acknowledged_at: visit(),
    acknowledged_by: visit(),
  }),
  table('tickets', 'visit', {
    id: visit(),
    visit_id: visit(),
    service_id: visit(),
    service_day: visit(),
    seq: visit(),
    number: visit(),
    stop_order: visit(),
    status: visit(),
    priority: visit(),
    desk: visit(),
    staff_id: visit(),
    queued_at: visit(),
    called_at: visit(),
    started_at: visit(),
    finished_at: visit(),
    recall_count: visit(),
    transferred_from: visit(),
    closed_reason: visit(),
    // Sent on to a named desk or member of staff (migration 010).
    sent_to_desk: visit(),
    sent_to_staff_id: visit(),
  }),
  // The ticket as it moved, without the visitor's details (migration 009); deleted with its ticket.
  table('ticket_events', 'visit', {
    id: ['event', 'with-visit'],
    ticket_id: ['event', 'with-visit'],
    visit_id: ['event', 'with-visit'],
    type: ['event', 'with-visit'],
    at: ['event', 'with-visit'],
    desk: ['event', 'with-visit'],
    staff_id: ['event', 'with-visit'],
    detail: ['event', 'with-visit'],
    ticket: ['event', 'with-visit'],
  }),
  table('outcomes', 'visit', {
    id: visit(),
    ticket_id: visit(),
    visit_id: visit(),
    service_id: visit(),
    kind: visit(),
    referred_to: ['free-text', 'personal-period'],
    // The receiver as an id from the configuration: what goes upstream.
    referred_to_id: visit(),
    note: ['free-text', 'personal-period'],
    recorded_at: visit(),
    staff_id: visit(),
  }),
  // Messages hold ticket numbers only; deleted with the visit they are about.
  table('alerts', 'visit', {
    id: ['event', 'with-visit'],
    kind: ['event', 'with-visit'],
    raised_at: ['event', 'with-visit'],
    last_raised_at: ['event', 'with-visit'],
    visit_id: ['event', 'with-visit'],
    message: ['event', 'with-visit'],
    flags: ['event', 'with-visit'],
    fold_key: ['event', 'with-visit'],
    count: ['event', 'with-visit'],
    acknowledged_at: ['event', 'with-visit'],
    acknowledged_by: ['event', 'with-visit'],
    resolved_at: ['event', 'with-visit'],
  }),
  // The participant journey (migration 012): ids from configuration, a code for the evidence, dates.
  table('journey_facts', 'visit', {
    id: visit(),
    visit_id: visit(),
    service_id: visit(),
    stage: visit(),
    organisation_id: visit(),
    programme_id: visit(),
    outcome_kind: visit(),
    evidence: visit(),
    occurred_on: visit(),
    recorded_at: visit(),
    staff_id: visit(),
  }),
  // The hub's programme of events, typed in by a manager: about the event, never about a resident.
  table('hub_events', 'none', {
    id: system(),
    name: system(),
    kind: system(),
    starts_at: system(),
    ends_at: system(),
    start_day: system(),
    partner_id: system(),
    capacity: system(),
    created_at: system(),
    created_by: system(),
    updated_at: system(),
    cancelled_at: system(),
  }),
  // Which event a visit came for.
  table('visit_events', 'visit', { visit_id: visit(), event_id: visit(), source: visit(), tagged_at: visit(), staff_id: visit() }),
  // The report rollups (migration 014): anonymous counts per day, month and event, kept when the rows
  // they count are cleared or deleted (see privacy/rollup-keeping.ts), so a day's figures stay the same.
  table('report_rollup_state', 'none', { id: system(), stale: system(), partners: system(), keeping: system(), kept_before: system() }),
  table('report_service_partners', 'none', { service_id: system(), partner_id: system() }),
  table('report_month_state', 'none', { month: system(), built: system() }),
  table('report_days', 'none', { day: ['count', 'kept'], visits: ['count', 'kept'], anonymous: ['count', 'kept'] }),
  table('report_day_counts', 'none', { day: ['count', 'kept'], fact: ['count', 'kept'], k1: ['count', 'kept'], k2: ['count', 'kept'], n: ['count', 'kept'] }),
  table('report_month_counts', 'none', { month: ['count', 'kept'], fact: ['count', 'kept'], k1: ['count', 'kept'], k2: ['count', 'kept'], n: ['count', 'kept'] }),
  // One row per person, day and figure key ('visit', 'referred@partner', 'eq:ageBand=25-34' …) with
  // the person's previous day under that key: distinct people and first visits are counted from
  // prev_day, so the person can be replaced by an id that links nothing and the counts stay.
  table('report_person_days', 'none', {
    key: ['count', 'kept'],
    person: ['pseudonym', 'unlinked'],
    day: ['count', 'kept'],
    facts: ['count', 'kept'],
    prev_day: ['count', 'kept'],
    // The day's earliest visit (its check-in time and visit id) or registration (when, and the partner).
    attr: ['visit', 'kept'],
  }),
  // The figure keys in use (never a person).
  table('report_person_keys', 'none', { key: ['count', 'kept'] }),
  table('report_event_counts', 'none', { event_id: ['count', 'kept'], attendances: ['count', 'kept'], first_time: ['count', 'kept'] }),
  table('ticket_counters', 'none', { service_id: system(), service_day: system(), last_seq: system() }),
  table('visit_counters', 'none', { service_day: system(), last_seq: system() }),
  table('schema_migrations', 'none', { version: system(), name: system(), applied_at: system() }),
  table('retained_counts', 'none', { service_day: ['count', 'kept'], measure: ['count', 'kept'], value: ['count', 'kept'], n: ['count', 'kept'] }),
  table('config_versions', 'none', { hash: system(), hub_id: system(), version: system(), first_loaded_at: system(), body: system() }),
  // Typed events: a check-in's payload carries the resident's pseudonym, set to null after the personal period.
  table('outbox', 'none', {
    id: system(),
    event_id: system(),
    type: system(),
    occurred_at: system(),
    payload: ['pseudonym', 'redacted'],
    hub_id: system(),
    schema_version: system(),
    config_version: system(),
    config_hash: system(),
    acknowledged_at: system(),
  }),
  // Events the collector refused, with its reason (a field path and a rule, never a value).
  table('sync_quarantine', 'none', {
    outbox_id: system(),
    code: system(),
    reason: system(),
    quarantined_at: system(),
    attempts: system(),
    retry_requested_at: system(),
  }),
  table('sync_state', 'none', { key: system(), value: system() }),
  // The audit trail: who did what, with ids, ticket numbers and counts; kept.
  table('audit_log', 'none', {
    id: ['event', 'kept'],
    at: ['event', 'kept'],
    staff_id: ['event', 'kept'],
    action: ['event', 'kept'],
    subject_type: ['event', 'kept'],
    subject_id: ['event', 'kept'],
    detail: ['event', 'kept'],
  }),
  table('staff', 'none', {
    id: staffData(),
    username: staffData(),
    display_name: staffData(),
    role: staffData(),
    services: staffData(),
    password_hash: ['secret', 'with-account'],
    pin_hash: ['secret', 'with-account'],
    created_at: staffData(),
    disabled_at: staffData(),
  }),
  table('sessions', 'none', {
    id_hash: spent('secret'),
    staff_id: spent(),
    method: spent(),
    csrf_token: spent('secret'),
    created_at: spent(),
    last_seen_at: spent(),
    idle_minutes: spent(),
    expires_at: spent(),
    ended_at: spent(),
    end_reason: spent(),
    address: spent(),
  }),
  table('sign_in_failures', 'none', {
    key: spent(),
    failures: spent(),
    first_failed_at: spent(),
    last_failed_at: spent(),
    locked_until: spent(),
  }),
  table('setup_tokens', 'none', { token_hash: spent('secret'), created_at: spent('system'), expires_at: spent('system'), used_at: spent('system') }),
  table('kiosks', 'none', {
    id: ['device', 'kept'],
    name: ['device', 'kept'],
    credential_hash: ['secret', 'kept'],
    enrolled_at: ['device', 'kept'],
    enrolled_by: ['device', 'kept'],
    enrolled_from: ['device', 'kept'],
    last_seen_at: ['device', 'kept'],
    revoked_at: ['device', 'kept'],
    revoked_by: ['device', 'kept'],
  }),
  table('kiosk_pairing_codes', 'none', {
    code_hash: spent('secret'),
    name: spent('device'),
    created_by: spent('device'),
    created_at: spent('device'),
    expires_at: spent('device'),
    used_at: spent('device'),
    kiosk_id: spent('device'),
  }),
];

/** Every table's scope: how its rows belong to a visit or a resident. */
export const tableScopes: Readonly<Record<string, TableScope>> = Object.fromEntries(tables.map((t) => [t.columns[0]!.table, t.scope]));

/** Every column of every table, classified. */
export const personalData: readonly PersonalColumn[] = tables.flatMap((t) => t.columns);

/** The columns the retention job (and erasure) clears on a visit, table by table. */
export function clearedColumnsByTable(): Map<string, PersonalColumn[]> {
  const byTable = new Map<string, PersonalColumn[]>();
  for (const c of personalData) {
    if (c.expiry !== 'personal-period') continue;
    byTable.set(c.table, [...(byTable.get(c.table) ?? []), c]);
  }
  return byTable;
}
