import type { AlertAcknowledged, AlertView } from '../../src-shared/api/contract';
import type { FlagKind } from '../../src-shared/config/schema';
import type { AuditLog } from '../auth/audit-log';
import { HubError } from '../errors';
import type { HubDatabase } from '../store/database';
import type { Outbox } from '../sync/outbox';
import type { QueueListeners } from './listeners';
import type { QueueContext } from './queue-context';
import type { QueueReads } from './reads';
import { command, query } from './statements';
import { flagList } from './ticket-row';

export type UnacknowledgedFlagVisit = { visitId: string; checkedInAt: string; flags: FlagKind[]; numbers: string[] };

function statements(db: HubDatabase) {
  return {
    acknowledgeFlags: command<[at: string, staffId: string, visitId: string]>(
      db,
      `UPDATE visit_flags SET acknowledged_at = ?, acknowledged_by = ? WHERE visit_id = ? AND acknowledged_at IS NULL`,
    ),
    unacknowledgedFlagVisits: query<[], { id: string; checked_in_at: string; flags: string }>(
      db,
      `SELECT v.id, v.checked_in_at, group_concat(f.flag) AS flags FROM visits v JOIN visit_flags f ON f.visit_id = v.id
       WHERE f.acknowledged_at IS NULL AND f.flag IN ('crisis', 'safeguarding', 'urgent')
       GROUP BY v.id ORDER BY v.checked_in_at`,
    ),
  };
}

/** Alerts reception has seen: a flagged check-in's flags, and who acknowledged what, when. */
export class FlagAcknowledgement {
  private readonly stmt: ReturnType<typeof statements>;

  constructor(
    private readonly ctx: QueueContext,
    private readonly reads: QueueReads,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
    private readonly listeners: QueueListeners,
  ) {
    this.stmt = statements(ctx.db);
  }

  /**
   * Acknowledges an alert: `markAcknowledged` marks the alert itself (false when it was already);
   * for a flagged check-in the flags are marked acknowledged (by whom, when) with an outbox row;
   * every acknowledgement is in the audit log. All in one transaction. Consoles hear of it live.
   */
  acknowledgeAlert(alert: AlertView, by: { id: string; displayName: string }, markAcknowledged: (at: string) => boolean): AlertAcknowledged {
    const at = this.ctx.nowIso();
    this.ctx.db
      .transaction(() => {
        if (!markAcknowledged(at)) throw new HubError('INVALID_TRANSITION', 'This alert was acknowledged already.', { details: { action: 'acknowledge' } });
        if (alert.kind === 'flag' && alert.visitId) {
          this.stmt.acknowledgeFlags.run(at, by.id, alert.visitId);
          this.outbox.add({ type: 'flags.acknowledged', occurredAt: at, payload: { visitId: alert.visitId, flags: alert.flags, raisedAt: alert.at, acknowledgedAt: at } });
        }
        this.audit.record({
          at,
          staffId: by.id,
          action: 'alert.acknowledged',
          subjectType: 'alert',
          subjectId: alert.id,
          detail: { kind: alert.kind, visitId: alert.visitId, flags: alert.flags, raisedAt: alert.at },
        });
      })
      .immediate();
    const acknowledgement: AlertAcknowledged = { alertId: alert.id, visitId: alert.visitId, at, by };
    this.listeners.notify({ kind: 'alert-acknowledged', acknowledgement });
    return acknowledgement;
  }

  /** Check-ins (of any day) whose crisis, safeguarding or urgent flags nobody has acknowledged yet. */
  unacknowledgedFlagVisits(): UnacknowledgedFlagVisit[] {
    return this.stmt.unacknowledgedFlagVisits.all().map((r) => ({
      visitId: r.id,
      checkedInAt: r.checked_in_at,
      flags: flagList(r.flags),
      numbers: this.reads.ticketsOfVisit(r.id).map((t) => t.number),
    }));
  }
}
