/**
 * The figures of src-shared/reports against counts worked out by hand, on a small history that
 * crosses local midnight and both of 2026's clock changes in Europe/London:
 *   spring forward 29 March 01:00 UTC (00:59 GMT → 02:00 BST), fall back 25 October 01:00 UTC
 *   (01:59 BST → 01:00 GMT).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInRequest } from '../../src-shared/api/contract';
import { suppressFigure, type FigureTable } from '../../src-shared/reports/figures';
import { checkInBody } from '../helpers/queue-hub';
import { openReportHub, type ReportHub } from '../helpers/report-hub';
import { makeTempDir } from '../helpers/temp-dir';

const temp = makeTempDir();
let h: ReportHub;

function at(iso: string) {
  h.setClock(iso);
}
function checkIn(iso: string, options: Parameters<typeof checkInBody>[0]) {
  at(iso);
  return h.queue.checkIn(checkInRequest.parse(checkInBody(options)));
}
const ticketOf = (visit: { tickets: { id: string; serviceId: string }[] }, serviceId: string) => visit.tickets.find((t) => t.serviceId === serviceId)!.id;

function figure(figures: FigureTable[], id: FigureTable['id']): FigureTable {
  return figures.find((f) => f.id === id)!;
}
/** Row key → cells, for rows with anything in them. */
function rows(f: FigureTable, column = 0): Record<string, number | null> {
  return Object.fromEntries(f.rows.filter((r) => (r.cells[column] ?? 0) !== 0).map((r) => [r.key, r.cells[column]!]));
}

let visits: Record<string, { visitId: string; tickets: { id: string; serviceId: string }[] }> = {};

beforeAll(() => {
  h = openReportHub(temp.path);
  // A: p1's first visit, Saturday 28 March 23:30 GMT (service day 28th).
  const a = checkIn('2026-03-28T23:30:00.000Z', { card: 'P1CARD01', help: ['money'] });
  at('2026-03-28T23:42:00.000Z');
  h.queue.callNext('money', 'Desk 1');
  h.queue.start(ticketOf(a, 'money'));
  at('2026-03-28T23:50:00.000Z');
  h.queue.finish(ticketOf(a, 'money'), { kind: 'signposted' });

  // B: p1 again an hour later, 00:30 GMT on Sunday the 29th: money and housing.
  const b = checkIn('2026-03-29T00:30:00.000Z', { card: 'P1CARD01', help: ['money', 'housing'] });
  at('2026-03-29T00:35:00.000Z');
  h.queue.callNext('money', 'Desk 1');
  h.queue.start(ticketOf(b, 'money'));
  at('2026-03-29T00:45:00.000Z');
  const { to } = h.queue.transfer(ticketOf(b, 'money'), 'work');
  at('2026-03-29T00:50:00.000Z');
  h.queue.callNext('work', 'Desk 4');
  h.queue.start(to.id);
  at('2026-03-29T01:00:00.000Z');
  h.queue.finish(to.id, { kind: 'registered' });
  at('2026-03-29T01:10:00.000Z');
  h.queue.callNext('housing', 'Desk 3');
  at('2026-03-29T01:20:00.000Z');
  h.queue.noShow(ticketOf(b, 'housing'));

  // C: anonymous at 01:30 UTC = 02:30 BST, just after the clocks went forward.
  const c = checkIn('2026-03-29T01:30:00.000Z', { help: ['work'] });
  at('2026-03-29T01:55:00.000Z');
  h.queue.callNext('work', 'Desk 4');

  // D: p2 at 23:30 UTC on the 29th = 00:30 BST on Monday the 30th.
  const d = checkIn('2026-03-29T23:30:00.000Z', { card: 'P2CARD02', help: ['housing'] });
  at('2026-03-30T10:00:00.000Z');
  h.programme.recordJourney(d.visitId, { stage: 'referred', serviceId: 'housing', organisationId: 'citizens-advice' }, null);
  h.programme.recordJourney(d.visitId, { stage: 'registered', serviceId: 'housing', programmeId: 'connect-to-work' }, null);
  at('2026-04-20T10:00:00.000Z');
  h.programme.recordJourney(d.visitId, { stage: 'outcome', serviceId: 'housing', outcomeKind: 'job', evidence: 'payslip-or-contract' }, null);

  // October: the event runs across the clocks going back.
  at('2026-10-20T10:00:00.000Z');
  const fair = h.programme.createEvent({ name: 'Jobs fair', kind: 'jobs-fair', startsAt: '2026-10-25T00:00:00.000Z', endsAt: '2026-10-25T03:00:00.000Z', partnerId: 'jobs', capacity: 50 }, null);
  h.programme.createEvent({ name: 'Cancelled talk', kind: 'workshop', startsAt: '2026-10-25T10:00:00.000Z', endsAt: '2026-10-25T11:00:00.000Z', partnerId: null, capacity: null }, null);
  const talk = h.programme.listEvents({}).find((e) => e.name === 'Cancelled talk')!;
  h.programme.updateEvent(talk.id, { name: talk.name, kind: talk.kind, startsAt: talk.startsAt, endsAt: talk.endsAt, partnerId: null, capacity: null, cancelled: true }, null);
  // E: p2 at 00:30 BST on Sunday the 25th (23:30 UTC on the 24th).
  const e = checkIn('2026-10-24T23:30:00.000Z', { card: 'P2CARD02', help: ['work'] });
  // F: anonymous at the first 01:30 (BST); G: p3 at the second 01:30 (GMT).
  const f = checkIn('2026-10-25T00:30:00.000Z', { help: ['work'] });
  const g = checkIn('2026-10-25T01:30:00.000Z', { card: 'P3CARD03', help: ['work', 'money'] });
  h.programme.tagVisit(f.visitId, fair.id, 'kiosk', null);
  h.programme.tagVisit(g.visitId, fair.id, 'staff', null);
  h.programme.recordDemographics(g.visitId, { economicStatus: 'inactive', inactivityReason: 'long-term-sick', ageBand: '25-34' }, 'staff', null);
  // H: p3 again at 23:30 GMT, still Sunday the 25th.
  const hh = checkIn('2026-10-25T23:30:00.000Z', { card: 'P3CARD03', help: ['work'] });
  visits = { a, b, c, d, e, f, g, hh };
});
afterAll(() => {
  h.close();
  temp.remove();
});

describe('figures around the spring clock change', () => {
  let figures: FigureTable[];
  beforeAll(() => {
    figures = h.reports.figures({ from: '2026-03-28', to: '2026-03-30' });
  });

  it('counts footfall by local service day, first, returning and not identified', () => {
    const f = figure(figures, 'footfall-by-day');
    expect(f.rows.map((r) => [r.key, ...r.cells])).toEqual([
      ['2026-03-28', 1, 1, 0, 0],
      ['2026-03-29', 2, 0, 1, 1],
      ['2026-03-30', 1, 1, 0, 0],
    ]);
    expect(f.totals).toEqual([4, 2, 1, 1]);
    expect(rows(figure(figures, 'first-returning'))).toEqual({ first: 2, returning: 1, anonymous: 1 });
  });

  it('puts each arrival in its local hour of the week', () => {
    const f = figure(figures, 'footfall-by-hour');
    const cells = f.rows.flatMap((r) => r.cells.map((v, hour) => (v ? `${r.key} ${hour}:${v}` : null)).filter(Boolean));
    expect(cells).toEqual(['mon 0:1', 'sat 23:1', 'sun 0:1', 'sun 2:1']);
  });

  it('counts how people heard, word of mouth on its own, needs and multi-need visits', () => {
    expect(rows(figure(figures, 'how-heard'))).toEqual({ 'friend-family': 4 });
    expect(figure(figures, 'word-of-mouth').rows[0]!.cells).toEqual([4, 100, 4]);
    expect(rows(figure(figures, 'needs'))).toEqual({ money: 2, housing: 2, work: 1 });
    expect(rows(figure(figures, 'needs-per-visit'))).toEqual({ 'needs-1': 3, 'needs-2': 1 });
    expect(rows(figure(figures, 'need-combinations'))).toEqual({ 'housing+money': 1 });
  });

  it('counts services, waits against target (a transfer waits from when it was sent) and no-shows', () => {
    const used = figure(figures, 'services-used');
    expect(Object.fromEntries(used.rows.map((r) => [r.key, r.cells]))).toEqual({ welcome: [0, 0], housing: [2, 0], money: [2, 1], work: [2, 1] });
    const waits = Object.fromEntries(figure(figures, 'waits').rows.map((r) => [r.key, r.cells.slice(0, 5)]));
    expect(waits).toEqual({
      welcome: [0, null, null, 20, 0],
      housing: [1, 40, 40, 20, 0],
      money: [2, 5, 12, 20, 2],
      work: [2, 5, 25, 20, 1],
    });
    expect(Object.fromEntries(figure(figures, 'no-shows').rows.map((r) => [r.key, r.cells]))).toEqual({
      welcome: [0, 0, null],
      housing: [1, 1, 100],
      money: [2, 0, 0],
      work: [2, 0, 0],
    });
  });

  it('follows the journey: finish outcomes and journey facts, people once per programme, outcomes by their date', () => {
    expect(rows(figure(figures, 'journey-funnel'))).toEqual({ enquiry: 4, signposted: 1, referred: 1, registered: 2 });
    const byPartner = Object.fromEntries(figure(figures, 'journey-by-partner').rows.map((r) => [r.key, r.cells]));
    expect(byPartner).toEqual({ council: [2, 0, 1, 1, 0], advice: [2, 1, 0, 0, 0], jobs: [2, 0, 0, 1, 0] });
    expect(rows(figure(figures, 'referrals-by-organisation'))).toEqual({ 'citizens-advice': 1 });
    expect(rows(figure(figures, 'registrations-by-programme'))).toEqual({ 'connect-to-work': 1, '-': 1 });
    expect(rows(figure(figures, 'partner-flows'))).toEqual({ 'advice>jobs': 1 });
    // The job is dated 20 April: not in this range, in April's.
    expect(rows(figure(h.reports.figures({ from: '2026-04-01', to: '2026-04-30' }), 'outcomes-by-kind'))).toEqual({ job: 1 });
    // A second registration on the same programme is not a second start.
    at('2026-04-21T10:00:00.000Z');
    h.programme.recordJourney(visits['d']!.visitId, { stage: 'registered', serviceId: 'housing', programmeId: 'connect-to-work', occurredOn: '2026-04-21' }, null);
    expect(rows(figure(h.reports.figures({ from: '2026-04-01', to: '2026-04-30' }), 'registrations-by-programme'))).toEqual({});
  });
});

describe('figures around the autumn clock change', () => {
  let figures: FigureTable[];
  beforeAll(() => {
    figures = h.reports.figures({ from: '2026-10-24', to: '2026-10-25' });
  });

  it('keeps both 01:30s and the late visit on Sunday, and nothing on Saturday', () => {
    expect(figure(figures, 'footfall-by-day').rows.map((r) => [r.key, ...r.cells])).toEqual([
      ['2026-10-24', 0, 0, 0, 0],
      ['2026-10-25', 4, 1, 2, 1],
    ]);
    const heat = figure(figures, 'footfall-by-hour').rows.find((r) => r.key === 'sun')!.cells;
    expect([heat[0], heat[1], heat[23]]).toEqual([1, 2, 1]);
  });

  it('counts event attendance and first-time visitors apart from participants, and leaves out cancelled events', () => {
    const events = figure(figures, 'events');
    expect(events.rows.map((r) => [r.label, ...r.cells])).toEqual([['Jobs fair (2026-10-25)', 2, 1, 50, 4]]);
  });

  it('shows equality answers of the people who visited, anonymous ones as not answered', () => {
    const demo = rows(figure(figures, 'demographics'));
    expect(demo['economicStatus:inactive']).toBe(1);
    expect(demo['economicStatus:not-answered']).toBe(2);
    expect(demo['inactivityReason:long-term-sick']).toBe(1);
    expect(demo['ageBand:25-34']).toBe(1);
    expect(figure(figures, 'demographics').rows[0]!.cells[2]).toBe(3);
  });
});

describe('measures behind targets and funder returns', () => {
  it('computes each named measure with its filters', () => {
    const spring = { from: '2026-03-28', to: '2026-03-30' };
    const autumn = { from: '2026-10-24', to: '2026-10-25' };
    expect(h.reports.measure('footfall', {}, spring)).toBe(4);
    expect(h.reports.measure('footfall', { services: ['housing'] }, spring)).toBe(2);
    expect(h.reports.measure('people-engaged', {}, spring)).toBe(3);
    expect(h.reports.measure('people-engaged', { partners: ['jobs'] }, spring)).toBe(1);
    expect(h.reports.measure('people-engaged', { economicStatuses: ['inactive'] }, autumn)).toBe(1);
    expect(h.reports.measure('people-signposted', {}, spring)).toBe(1);
    expect(h.reports.measure('people-referred', { organisations: ['citizens-advice'] }, spring)).toBe(1);
    expect(h.reports.measure('participants-registered', {}, spring)).toBe(2);
    expect(h.reports.measure('participants-registered', { programmes: ['connect-to-work'] }, spring)).toBe(1);
    expect(h.reports.measure('people-with-outcome', { outcomeKinds: ['job'], programmes: ['connect-to-work'] }, { from: '2026-04-01', to: '2026-04-30' })).toBe(1);
    expect(h.reports.measure('people-with-outcome', { programmes: ['keyworker'] }, { from: '2026-04-01', to: '2026-04-30' })).toBe(0);
    expect(h.reports.measure('event-attendances', {}, autumn)).toBe(2);
    expect(h.reports.measure('events-held', {}, autumn)).toBe(1);
    expect(h.reports.measure('word-of-mouth-visits', {}, spring)).toBe(4);
    expect(h.reports.measure('footfall', { needs: ['housing'] }, spring)).toBe(2);
  });

  it('shows target progress on a given day with the pace needed', () => {
    at('2026-10-01T12:00:00.000Z');
    const dash = h.reports.dashboard({ from: '2026-10-01', to: '2026-10-01' });
    const work = dash.targets.find((t) => t.id === 'into-work')!;
    expect(work.value).toBe(1);
    // 1 April to 1 October is 184 of 365 days: a steady pace would be at 2 of 4.
    expect(work.expectedByNow).toBe(2);
    expect(work.status).toBe('behind');
    expect(work.neededPerWeek).toBe(Math.ceil((3 * 7) / (365 - 184)));
  });

  it('suppresses a funder return’s small values', () => {
    const reply = h.reports.funderReturn('ctw', { from: '2026-03-28', to: '2026-03-30' });
    expect(reply.indicators.map((i) => [i.id, i.value, i.published])).toEqual([
      ['CTW-1', 1, null],
      ['CTW-2', 1, null],
      ['CTW-3', 4, null],
    ]);
  });

  it('suppresses a figure for a file by the threshold given, row totals included', () => {
    const f = suppressFigure(figure(h.reports.figures({ from: '2026-03-28', to: '2026-03-30' }), 'footfall-by-day'), { threshold: 3, roundTo: 1, hideZeros: false });
    // With threshold 3: the 2 on the 29th is hidden; its row's split (0, 1, 1) too.
    expect(f.rows.map((r) => r.cells)).toEqual([
      [null, null, 0, 0],
      [null, 0, null, null],
      [null, null, 0, 0],
    ]);
  });
});
