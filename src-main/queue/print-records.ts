import type { HubDatabase } from '../store/database';
import { command, query } from './statements';

export type PrintStatus = 'unknown' | 'pending' | 'printed' | 'failed' | 'no-printer';
export type PrintRecord = { status: PrintStatus; code: string | null; printedAt: string | null; attempts: number };

function statements(db: HubDatabase) {
  return {
    read: query<[visitId: string], { print_status: PrintStatus; print_code: string | null; printed_at: string | null; print_attempts: number }>(
      db,
      'SELECT print_status, print_code, printed_at, print_attempts FROM visits WHERE id = ?',
    ),
    begin: query<[visitId: string], { print_attempts: number }>(db, 'UPDATE visits SET print_attempts = print_attempts + 1 WHERE id = ? RETURNING print_attempts'),
    record: command<[{ visitId: string; status: PrintStatus; code: string | null; at: string | null }]>(
      db,
      `UPDATE visits SET print_status = @status, print_code = @code, printed_at = coalesce(@at, printed_at) WHERE id = @visitId`,
    ),
  };
}

/**
 * How each visit's ticket printed, kept with the visit: a retried check-in answers truthfully from
 * it, also after a crash between the check-in's commit and its print (the visit stays 'pending').
 */
export class PrintRecords {
  private readonly stmt: ReturnType<typeof statements>;

  constructor(db: HubDatabase) {
    this.stmt = statements(db);
  }

  of(visitId: string): PrintRecord | null {
    const row = this.stmt.read.get(visitId);
    return row ? { status: row.print_status, code: row.print_code, printedAt: row.printed_at, attempts: row.print_attempts } : null;
  }

  /** Counts an attempt to print the visit's ticket before it is made; returns how many there have been. */
  beginAttempt(visitId: string): number {
    return this.stmt.begin.get(visitId)?.print_attempts ?? 0;
  }

  record(visitId: string, outcome: { status: Exclude<PrintStatus, 'unknown' | 'pending'>; code: string | null; at: string }): void {
    this.stmt.record.run({ visitId, status: outcome.status, code: outcome.code, at: outcome.status === 'printed' ? outcome.at : null });
  }
}
