/**
 * Migration 017: a referral recorded when a stop is finished counts for the organisation it names,
 * in the dashboard (rollups kept up by triggers), after a rebuild, in the reference counts and on a
 * hub whose outcomes were recorded before the migration.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkInRequest } from '../../src-shared/api/contract';
import type { FigureTable } from '../../src-shared/reports/figures';
import { migrate, openDatabase } from '../../src-main/store/database';
import { migrations } from '../../src-main/store/migrations/index';
import { checkInBody } from '../helpers/queue-hub';
import { openReportHub, type ReportHub } from '../helpers/report-hub';
import { makeTempDir } from '../helpers/temp-dir';

const temp = makeTempDir();
afterAll(() => temp.remove());

function rows(figures: FigureTable[], id: FigureTable['id']): Record<string, number | null> {
  const f = figures.find((x) => x.id === id)!;
  return Object.fromEntries(f.rows.filter((r) => (r.cells[0] ?? 0) !== 0).map((r) => [r.key, r.cells[0]!]));
}

/** A resident checked in for housing and referred on when the stop finishes. */
function referredAtFinish(h: ReportHub, iso: string, card: string, referredToId?: string) {
  h.setClock(iso);
  const visit = h.queue.checkIn(checkInRequest.parse(checkInBody({ card, help: ['housing'] })));
  const ticket = visit.tickets.find((t) => t.serviceId === 'housing')!.id;
  h.queue.callNext('housing', 'Desk 3');
  h.queue.start(ticket);
  h.queue.finish(ticket, referredToId ? { kind: 'referred', referredToId } : { kind: 'referred' });
  return visit;
}

describe('migration 017: referral receivers in the journey', () => {
  it('counts a referral made when a stop is finished for the organisation it names, live and after a rebuild', () => {
    const h = openReportHub(temp.path);
    try {
      referredAtFinish(h, '2026-03-28T10:00:00.000Z', 'R1CARD01', 'citizens-advice');
      referredAtFinish(h, '2026-03-28T11:00:00.000Z', 'R2CARD02');
      const range = { from: '2026-03-28', to: '2026-03-28' };
      const live = h.reports.figures(range);
      expect(rows(live, 'referrals-by-organisation')).toEqual({ 'citizens-advice': 1, '-': 1 });
      expect(rows(live, 'journey-funnel')).toMatchObject({ enquiry: 2, referred: 2 });
      h.db.prepare('UPDATE report_rollup_state SET stale = 1').run();
      expect(rows(h.reports.figures(range), 'referrals-by-organisation')).toEqual({ 'citizens-advice': 1, '-': 1 });
      // What funder returns and the reference counts read.
      expect(h.db.prepare(`SELECT organisation_id FROM journey_steps WHERE stage = 'referred' ORDER BY organisation_id`).pluck().all()).toEqual([null, 'citizens-advice']);
    } finally {
      h.close();
    }
  });

  it('reads the receivers of outcomes recorded before it, and has the rollups made again', () => {
    const file = join(temp.path, 'm17.sqlite');
    const db = openDatabase(file, { targetVersion: 16 });
    db.prepare(`INSERT INTO config_versions VALUES ('h', 'hub', 1, '2026-01-01T00:00:00.000Z', '{}')`).run();
    db.prepare(
      `INSERT INTO visits (id, request_id, visitor_id, hub_id, service_day, checked_in_at, method, config_hash, config_version)
       VALUES ('v1', 'r1', NULL, 'hub', '2026-03-01', '2026-03-01T09:00:00.000Z', 'walk-in', 'h', 1)`,
    ).run();
    db.prepare(
      `INSERT INTO tickets (id, visit_id, service_id, service_day, seq, number, stop_order, status, queued_at)
       VALUES ('t1', 'v1', 'housing', '2026-03-01', 1, 'H001', 1, 'done', '2026-03-01T09:00:00.000Z')`,
    ).run();
    db.prepare(`INSERT INTO outcomes (ticket_id, visit_id, service_id, kind, referred_to_id, recorded_at) VALUES ('t1', 'v1', 'housing', 'referred', 'citizens-advice', 'x')`).run();
    db.prepare('UPDATE report_rollup_state SET stale = 0').run();
    expect(db.prepare(`SELECT organisation_id FROM journey_steps`).pluck().all()).toEqual([null]);
    expect(migrate(db, migrations, 17)).toBe(17);
    expect(db.prepare(`SELECT organisation_id FROM journey_steps`).pluck().all()).toEqual(['citizens-advice']);
    expect(db.prepare('SELECT stale FROM report_rollup_state').pluck().get()).toBe(1);
    // A receiver changed afterwards marks the rollups stale again.
    db.prepare('UPDATE report_rollup_state SET stale = 0').run();
    db.prepare(`UPDATE outcomes SET referred_to_id = 'jobcentre' WHERE ticket_id = 't1'`).run();
    expect(db.prepare('SELECT stale FROM report_rollup_state').pluck().get()).toBe(1);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});
