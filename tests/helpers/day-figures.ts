import type { HubDatabase } from '../../src-main/store/database';

/**
 * A service day's figures, counted by hand from the rows that remain plus what retention kept in
 * `retained_counts` for rows it cleared or deleted: visits and how they came, how-heard answers,
 * needs, flags, tickets per service, calls and waits, services and their length, outcomes, access
 * needs. Keys are `measure|value`. Written independently of the retention job's own SQL.
 */
export function dayFigures(db: HubDatabase, day: string): Record<string, number> {
  const figures: Record<string, number> = {};
  const add = (measure: string, value: string, n = 1) => {
    const key = `${measure}|${value}`;
    figures[key] = (figures[key] ?? 0) + n;
  };
  const visits = db.prepare('SELECT id, method, accessibility FROM visits WHERE service_day = ?').all(day) as { id: string; method: string; accessibility: string }[];
  for (const v of visits) {
    add('visits', 'all');
    add('visits.method', v.method);
    for (const need of JSON.parse(v.accessibility) as string[]) add('visits.accessibility', need);
  }
  const ids = new Set(visits.map((v) => v.id));
  const ofDay = <T extends { visit_id: string }>(rows: T[]) => rows.filter((r) => ids.has(r.visit_id));
  for (const h of ofDay(db.prepare('SELECT visit_id, option_id FROM how_heard_answers').all() as { visit_id: string; option_id: string }[])) add('how-heard', h.option_id);
  for (const n of ofDay(db.prepare('SELECT visit_id, need_id FROM visit_needs').all() as { visit_id: string; need_id: string }[])) add('needs', n.need_id);
  for (const f of ofDay(db.prepare('SELECT visit_id, flag FROM visit_flags').all() as { visit_id: string; flag: string }[])) add('flags', f.flag);
  const tickets = ofDay(
    db.prepare('SELECT visit_id, service_id, status, queued_at, called_at, started_at, finished_at, closed_reason FROM tickets').all() as {
      visit_id: string;
      service_id: string;
      status: string;
      queued_at: string;
      called_at: string | null;
      started_at: string | null;
      finished_at: string | null;
      closed_reason: string | null;
    }[],
  );
  for (const t of tickets) {
    add('tickets.service', t.service_id);
    if (t.called_at) {
      add('tickets.called', t.service_id);
      add('tickets.wait-seconds', t.service_id, Math.max(0, Math.round((Date.parse(t.called_at) - Date.parse(t.queued_at)) / 1000)));
    }
    if (t.status === 'done' && t.closed_reason === null && t.started_at && t.finished_at) {
      add('tickets.served', t.service_id);
      add('tickets.service-seconds', t.service_id, Math.max(0, Math.round((Date.parse(t.finished_at) - Date.parse(t.started_at)) / 1000)));
    }
  }
  for (const o of ofDay(db.prepare('SELECT visit_id, service_id, kind FROM outcomes').all() as { visit_id: string; service_id: string; kind: string }[])) {
    add('outcomes', `${o.service_id}:${o.kind}`);
  }
  const measures = new Set(Object.keys(figures).map((k) => k.split('|')[0]!));
  for (const m of ['visits', 'visits.method', 'visits.accessibility', 'how-heard', 'needs', 'flags', 'tickets.service', 'tickets.called', 'tickets.wait-seconds', 'tickets.served', 'tickets.service-seconds', 'outcomes']) {
    measures.add(m);
  }
  const kept = db.prepare('SELECT measure, value, n FROM retained_counts WHERE service_day = ?').all(day) as { measure: string; value: string; n: number }[];
  for (const k of kept) if (measures.has(k.measure)) add(k.measure, k.value, k.n);
  return figures;
}
