import type { Statement } from 'better-sqlite3';
import type { AuditEntryView, AuditPage } from '../../src-shared/api/auth-contract';
import type { HubDatabase } from '../store/database';

export type AuditEntry = {
  at: string;
  staffId: string | null;
  /** What happened, as `area.verb`: ticket.called, auth.signed-in, staff.created, alert.acknowledged … */
  action: string;
  subjectType?: string | null;
  subjectId?: string | null;
  detail?: Record<string, unknown> | null;
};

export type AuditFilter = {
  from?: string | undefined;
  to?: string | undefined;
  staffId?: string | undefined;
  action?: string | undefined;
  page: number;
  pageSize: number;
};

/**
 * Who did what, for managers. `record` is called inside the transaction of the action it
 * describes wherever there is one, so the log and the change commit together. Details hold ids
 * and ticket numbers, never a resident's name or notes.
 */
export class AuditLog {
  private readonly insert: Statement;

  constructor(private readonly db: HubDatabase) {
    this.insert = db.prepare('INSERT INTO audit_log (at, staff_id, action, subject_type, subject_id, detail) VALUES (?, ?, ?, ?, ?, ?)');
  }

  record(entry: AuditEntry): void {
    this.insert.run(
      entry.at,
      entry.staffId,
      entry.action,
      entry.subjectType ?? null,
      entry.subjectId ?? null,
      entry.detail ? JSON.stringify(entry.detail) : null,
    );
  }

  query(filter: AuditFilter): AuditPage {
    const where: string[] = [];
    const params: Record<string, string | number> = {};
    if (filter.from) {
      where.push('a.at >= @from');
      params['from'] = new Date(filter.from).toISOString();
    }
    if (filter.to) {
      where.push('a.at < @to');
      params['to'] = new Date(filter.to).toISOString();
    }
    if (filter.staffId) {
      where.push('a.staff_id = @staffId');
      params['staffId'] = filter.staffId;
    }
    if (filter.action) {
      where.push('a.action = @action');
      params['action'] = filter.action;
    }
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    // The clause is built only from the fixed fragments above; every value is a bound parameter.
    const read = this.db.transaction(() => {
      const { n } = this.db.prepare(`SELECT count(*) AS n FROM audit_log a ${clause}`).get(params) as { n: number };
      const rows = this.db
        .prepare(
          `SELECT a.id, a.at, a.staff_id, s.display_name AS staff_name, a.action, a.subject_type, a.subject_id, a.detail
           FROM audit_log a LEFT JOIN staff s ON s.id = a.staff_id ${clause}
           ORDER BY a.id DESC LIMIT @limit OFFSET @offset`,
        )
        .all({ ...params, limit: filter.pageSize, offset: (filter.page - 1) * filter.pageSize }) as {
        id: number;
        at: string;
        staff_id: string | null;
        staff_name: string | null;
        action: string;
        subject_type: string | null;
        subject_id: string | null;
        detail: string | null;
      }[];
      return { n, rows };
    });
    const { n, rows } = read.deferred();
    const entries: AuditEntryView[] = rows.map((r) => ({
      id: r.id,
      at: r.at,
      staffId: r.staff_id,
      staffName: r.staff_name,
      action: r.action,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null,
    }));
    return { entries, total: n, page: filter.page, pageSize: filter.pageSize };
  }
}
