import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { flagKinds, type FlagKind } from '../../src-shared/config/schema';
import type { AlertView } from '../../src-shared/api/contract';
import { defaultLogger, ListenerSet } from '../listener-set';
import { command, query } from '../queue/statements';
import type { HubDatabase } from '../store/database';

type Listener = (alert: AlertView) => void;

export type AlertCenterOptions = {
  db: HubDatabase;
  now?: () => Date;
  /** Where a failing listener is reported. Default: the hub's stdout logger. */
  logger?: Logger;
  /** How many open alerts of kinds other than flag and printer a list shows at most. Default 200. */
  listLimit?: number;
};

export type RaiseAlert = Omit<AlertView, 'id' | 'at' | 'count'> & {
  at?: string;
  /**
   * Repeats with the same key fold into the open alert with that key, counted: one device
   * flapping, or the kiosk's help button held down, is one alert and not hundreds.
   */
  foldKey?: string;
};

type AlertRow = {
  id: string;
  kind: AlertView['kind'];
  raised_at: string;
  last_raised_at: string;
  visit_id: string | null;
  message: string;
  flags: string;
  count: number;
  acknowledged_at: string | null;
  resolved_at: string | null;
};

const columns = 'id, kind, raised_at, last_raised_at, visit_id, message, flags, count, acknowledged_at, resolved_at';
const isOpen = 'acknowledged_at IS NULL AND resolved_at IS NULL';

function statements(db: HubDatabase) {
  return {
    byId: query<[id: string], AlertRow>(db, `SELECT ${columns} FROM alerts WHERE id = ?`),
    openByFoldKey: query<[foldKey: string], AlertRow>(db, `SELECT ${columns} FROM alerts WHERE fold_key = ? AND ${isOpen}`),
    insert: command<[{ id: string; kind: string; at: string; visitId: string | null; message: string; flags: string; foldKey: string | null }]>(
      db,
      `INSERT INTO alerts (id, kind, raised_at, last_raised_at, visit_id, message, flags, fold_key)
       VALUES (@id, @kind, @at, @at, @visitId, @message, @flags, @foldKey)`,
    ),
    fold: command<[at: string, message: string, id: string]>(db, `UPDATE alerts SET count = count + 1, last_raised_at = ?, message = ? WHERE id = ?`),
    // Flag and printer alerts are never crowded out; the rest are the newest `limit`.
    open: query<[limit: number], AlertRow>(
      db,
      // rowid breaks ties between alerts raised in the same millisecond: the order they were raised.
      `SELECT ${columns}, rowid AS raised_order FROM alerts WHERE ${isOpen} AND kind IN ('flag', 'printer')
       UNION ALL
       SELECT * FROM (SELECT ${columns}, rowid AS raised_order FROM alerts WHERE ${isOpen} AND kind NOT IN ('flag', 'printer') ORDER BY last_raised_at DESC, rowid DESC LIMIT ?)
       ORDER BY raised_at, raised_order`,
    ),
    openFlagOfVisit: query<[visitId: string], { id: string }>(db, `SELECT id FROM alerts WHERE visit_id = ? AND kind = 'flag' AND acknowledged_at IS NULL LIMIT 1`),
    // Acknowledging a visit's flag alert acknowledges every flag alert of that visit.
    acknowledge: command<[{ at: string; by: string; id: string }]>(
      db,
      `UPDATE alerts SET acknowledged_at = @at, acknowledged_by = @by
       WHERE acknowledged_at IS NULL AND (id = @id OR (kind = 'flag' AND visit_id = (SELECT visit_id FROM alerts WHERE id = @id AND kind = 'flag')))`,
    ),
    resolveByFoldKey: query<[at: string, foldKey: string], { id: string }>(db, `UPDATE alerts SET resolved_at = ? WHERE fold_key = ? AND ${isOpen} RETURNING id`),
    resolveOfVisit: query<[at: string, visitId: string, kind: string], { id: string }>(
      db,
      `UPDATE alerts SET resolved_at = ? WHERE visit_id = ? AND kind = ? AND ${isOpen} RETURNING id`,
    ),
  };
}

/** Device trouble and the kiosk's help button fold by what they say unless the caller names a key. */
function defaultFoldKey(alert: RaiseAlert): string | null {
  if (alert.kind === 'device') return `device:${alert.message}`;
  if (alert.kind === 'talk-to-someone' && alert.visitId === null) return 'kiosk-help';
  return null;
}

function isFlagKind(value: unknown): value is FlagKind {
  return typeof value === 'string' && (flagKinds as readonly string[]).includes(value);
}

function toView(row: AlertRow): AlertView {
  let flags: FlagKind[] = [];
  try {
    const parsed: unknown = JSON.parse(row.flags);
    if (Array.isArray(parsed)) flags = parsed.filter(isFlagKind);
  } catch {
    flags = [];
  }
  return { id: row.id, kind: row.kind, at: row.raised_at, visitId: row.visit_id, message: row.message, flags, count: row.count };
}

/**
 * What reception must notice now: crisis or safeguarding check-ins, unknown cards, printer and
 * device trouble, a resident asking for help. Kept in the database until acknowledged (or, for
 * printer and device trouble, resolved), so no flood of other alerts and no restart loses one;
 * live screens hear each alert as it is raised, and again with its new count when a repeat folds in.
 */
export class AlertCenter {
  private readonly stmt: ReturnType<typeof statements>;
  private readonly now: () => Date;
  private readonly listLimit: number;
  // One broken screen connection must not stop the others hearing the alert.
  private readonly listeners: ListenerSet<AlertView>;

  constructor(options: AlertCenterOptions) {
    this.stmt = statements(options.db);
    this.now = options.now ?? (() => new Date());
    this.listLimit = options.listLimit ?? 200;
    this.listeners = new ListenerSet('alert', options.logger ?? defaultLogger());
  }

  raise(alert: RaiseAlert): AlertView {
    const at = alert.at ?? this.now().toISOString();
    let id: string | null = null;
    const foldKey = alert.foldKey ?? defaultFoldKey(alert);
    if (foldKey) {
      const open = this.stmt.openByFoldKey.get(foldKey);
      if (open) {
        this.stmt.fold.run(at, alert.message, open.id);
        id = open.id;
      }
    }
    if (id === null) {
      id = randomUUID();
      this.stmt.insert.run({
        id,
        kind: alert.kind,
        at,
        visitId: alert.visitId,
        message: alert.message,
        flags: JSON.stringify(alert.flags ?? []),
        foldKey,
      });
    }
    const row = this.stmt.byId.get(id);
    if (!row) throw new Error(`alert ${id} was not stored`);
    const view = toView(row);
    this.listeners.emit(view, { alertId: view.id, alertKind: view.kind, visitId: view.visitId, count: view.count });
    return view;
  }

  /** The alert with this id, open or not; undefined when there never was one. */
  get(id: string): (AlertView & { open: boolean }) | undefined {
    const row = this.stmt.byId.get(id);
    return row ? { ...toView(row), open: row.acknowledged_at === null && row.resolved_at === null } : undefined;
  }

  /** Open alerts, oldest first: every flag and printer alert, and the newest of the others. */
  list(): AlertView[] {
    return this.stmt.open.all(this.listLimit).map(toView);
  }

  /** Whether this visit has a flag alert nobody has acknowledged. */
  hasOpenFlagAlert(visitId: string): boolean {
    return this.stmt.openFlagOfVisit.get(visitId) !== undefined;
  }

  /** Marks the alert acknowledged; false when it was already. Call inside the acknowledging transaction. */
  markAcknowledged(id: string, at: string, staffId: string): boolean {
    return this.stmt.acknowledge.run({ at, by: staffId, id }).changes > 0;
  }

  /** The trouble behind the open alert with this fold key is over; returns the ids resolved. */
  resolveFolded(foldKey: string): string[] {
    return this.stmt.resolveByFoldKey.all(this.now().toISOString(), foldKey).map((r) => r.id);
  }

  /** A visit's open alerts of this kind are over (its ticket printed after all); returns their ids. */
  resolveOfVisit(visitId: string, kind: AlertView['kind']): string[] {
    return this.stmt.resolveOfVisit.all(this.now().toISOString(), visitId, kind).map((r) => r.id);
  }

  subscribe(listener: Listener): () => void {
    return this.listeners.add(listener);
  }
}
