import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicTicket } from '../../src-main/auth/access';
import { createDevices } from '../../src-main/devices/create-devices';
import type { StaffRole } from '../../src-shared/api/auth-contract';
import { endpointKey, endpoints } from '../../src-shared/api/endpoints';
import { hiddenServiceId, type CheckInResponse, type QueueEvent, type QueueSnapshot, type ServerMessage, type TicketView } from '../../src-shared/api/contract';
import { LiveClient } from '../helpers/live-client';
import { checkInBody, queueTestHub } from '../helpers/queue-hub';
import { call, signIn, signInAs, startTestHub, testPassword, type StaffSession, type TestHub } from '../helpers/running-hub';

type ErrorBody = { error?: { code: string; message: string } };
type Caller = 'kiosk' | 'enrolled' | 'lan' | 'loopback-other' | StaffRole;
const callers: readonly Caller[] = ['kiosk', 'enrolled', 'lan', 'loopback-other', 'reception', 'partner', 'manager', 'admin'];
const anonymousCallers: readonly Caller[] = ['kiosk', 'enrolled', 'lan', 'loopback-other'];
const roles: readonly StaffRole[] = ['reception', 'partner', 'manager', 'admin'];

/**
 * What every caller may do on every route, written out here independently of the server's table.
 * `kiosk` is anonymous on the hub's own machine (127.0.0.1); `enrolled` is a kiosk on the network
 * that a manager enrolled (its `fd_kiosk` cookie); `lan` is anonymous from another machine on the
 * network (the display board's laptop, anyone's phone); `loopback-other` comes from 127.0.0.2,
 * which is not the hub's own machine either. `ok` lists the statuses that prove the request got
 * past authorisation (a deliberately invalid body answers 400, an unknown id 404 …). `kioskRoute`:
 * an anonymous caller refused is told the route is for enrolled kiosks (KIOSK_NOT_ENROLLED).
 */
type Expectation = { method: 'GET' | 'POST'; path: (ids: Ids) => string; body?: unknown; ok: number[]; allowed: readonly Caller[]; kioskRoute?: true };
type Ids = { moneyTicket: string; housingTicket: string; moneyVisit: string; housingOnlyVisit: string };

const everyone = callers;
const staff: readonly Caller[] = roles;
const queueStaff: readonly Caller[] = ['reception', 'manager', 'admin'];
const kiosks: readonly Caller[] = ['kiosk', 'enrolled', ...queueStaff];
const managers: readonly Caller[] = ['manager', 'admin'];
const admins: readonly Caller[] = ['admin'];
const invalidAction = { desk: '' };

const matrix: Record<string, Expectation> = {
  'GET /api/health': { method: 'GET', path: () => '/api/health', ok: [200], allowed: everyone },
  'GET /api/hub': { method: 'GET', path: () => '/api/hub', ok: [200], allowed: everyone },
  'POST /api/identify': { method: 'POST', path: () => '/api/identify', body: { method: 'card', raw: '00123456' }, ok: [200], allowed: kiosks, kioskRoute: true },
  'POST /api/check-ins': { method: 'POST', path: () => '/api/check-ins', body: {}, ok: [400], allowed: kiosks, kioskRoute: true },
  'GET /api/queue': { method: 'GET', path: () => '/api/queue', ok: [200], allowed: everyone },
  'GET /api/live': { method: 'GET', path: () => '/api/live', ok: [], allowed: everyone }, // a WebSocket: see the live tests below
  'GET /api/kiosks/current': { method: 'GET', path: () => '/api/kiosks/current', ok: [200], allowed: everyone },
  'POST /api/kiosks/enrol': { method: 'POST', path: () => '/api/kiosks/enrol', body: {}, ok: [400], allowed: everyone },
  'POST /api/kiosks/pairing-codes': { method: 'POST', path: () => '/api/kiosks/pairing-codes', body: {}, ok: [400], allowed: managers },
  'GET /api/kiosks': { method: 'GET', path: () => '/api/kiosks', ok: [200], allowed: managers },
  'POST /api/kiosks/:kioskId/revoke': { method: 'POST', path: () => '/api/kiosks/no-such-kiosk/revoke', ok: [404], allowed: managers },
  'GET /api/auth/setup': { method: 'GET', path: () => '/api/auth/setup', ok: [200], allowed: everyone },
  'POST /api/auth/setup': { method: 'POST', path: () => '/api/auth/setup', body: {}, ok: [400], allowed: everyone },
  'POST /api/auth/login': { method: 'POST', path: () => '/api/auth/login', body: {}, ok: [400], allowed: everyone },
  'GET /api/auth/me': { method: 'GET', path: () => '/api/auth/me', ok: [200], allowed: staff },
  'POST /api/auth/logout': { method: 'POST', path: () => '/api/auth/logout', ok: [200], allowed: staff }, // run last, below
  'POST /api/auth/logout-everywhere': { method: 'POST', path: () => '/api/auth/logout-everywhere', ok: [200], allowed: staff }, // run last
  'GET /api/staff': { method: 'GET', path: () => '/api/staff', ok: [200], allowed: managers },
  'POST /api/staff': { method: 'POST', path: () => '/api/staff', body: {}, ok: [400], allowed: managers },
  'POST /api/staff/:staffId/disable': { method: 'POST', path: () => '/api/staff/no-such-person/disable', ok: [404], allowed: managers },
  'POST /api/staff/:staffId/enable': { method: 'POST', path: () => '/api/staff/no-such-person/enable', ok: [404], allowed: managers },
  'POST /api/staff/:staffId/unlock': { method: 'POST', path: () => '/api/staff/no-such-person/unlock', ok: [404], allowed: managers },
  'POST /api/staff/:staffId/reset-secret': { method: 'POST', path: () => '/api/staff/no-such-person/reset-secret', body: {}, ok: [400], allowed: managers },
  'GET /api/audit': { method: 'GET', path: () => '/api/audit', ok: [200], allowed: managers },
  'GET /api/events': { method: 'GET', path: () => '/api/events?since=0', ok: [200], allowed: staff },
  'POST /api/services/:serviceId/call-next': { method: 'POST', path: () => '/api/services/money/call-next', body: {}, ok: [400], allowed: staff },
  'GET /api/services/:serviceId/staff': { method: 'GET', path: () => '/api/services/money/staff', ok: [200], allowed: staff },
  'POST /api/tickets/:ticketId/call': { method: 'POST', path: (i) => `/api/tickets/${i.moneyTicket}/call`, body: invalidAction, ok: [400], allowed: staff },
  'POST /api/tickets/:ticketId/recall': { method: 'POST', path: (i) => `/api/tickets/${i.moneyTicket}/recall`, body: invalidAction, ok: [400], allowed: staff },
  'POST /api/tickets/:ticketId/no-show': { method: 'POST', path: (i) => `/api/tickets/${i.moneyTicket}/no-show`, body: invalidAction, ok: [400], allowed: staff },
  'POST /api/tickets/:ticketId/start': { method: 'POST', path: (i) => `/api/tickets/${i.moneyTicket}/start`, body: invalidAction, ok: [400], allowed: staff },
  'POST /api/tickets/:ticketId/finish': { method: 'POST', path: (i) => `/api/tickets/${i.moneyTicket}/finish`, body: invalidAction, ok: [400], allowed: staff },
  'POST /api/tickets/:ticketId/transfer': { method: 'POST', path: (i) => `/api/tickets/${i.moneyTicket}/transfer`, body: invalidAction, ok: [400], allowed: staff },
  'POST /api/visits/:visitId/stops': { method: 'POST', path: (i) => `/api/visits/${i.moneyVisit}/stops`, body: {}, ok: [400], allowed: staff },
  'POST /api/tickets/:ticketId/cancel': { method: 'POST', path: (i) => `/api/tickets/${i.moneyTicket}/cancel`, body: invalidAction, ok: [400], allowed: queueStaff },
  'POST /api/tickets/:ticketId/undo-no-show': { method: 'POST', path: () => '/api/tickets/no-such-ticket/undo-no-show', ok: [404], allowed: queueStaff },
  'POST /api/tickets/:ticketId/prioritise': { method: 'POST', path: () => '/api/tickets/no-such-ticket/prioritise', ok: [404], allowed: queueStaff },
  'POST /api/tickets/:ticketId/reprint': { method: 'POST', path: () => '/api/tickets/no-such-ticket/reprint', ok: [404], allowed: queueStaff },
  'GET /api/visits/search': { method: 'GET', path: () => '/api/visits/search?q=Ana', ok: [200], allowed: queueStaff },
  'GET /api/alerts': { method: 'GET', path: () => '/api/alerts', ok: [200], allowed: queueStaff },
  'POST /api/alerts/:alertId/acknowledge': { method: 'POST', path: () => '/api/alerts/no-such-alert/acknowledge', ok: [404], allowed: queueStaff },
  'POST /api/help-requests': { method: 'POST', path: () => '/api/help-requests', body: {}, ok: [400], allowed: kiosks, kioskRoute: true },
  'GET /api/sync': { method: 'GET', path: () => '/api/sync', ok: [200], allowed: queueStaff },
  'POST /api/sync/quarantine/:eventId/retry': { method: 'POST', path: () => '/api/sync/quarantine/no-such-event/retry', ok: [404], allowed: managers },
  'GET /api/privacy': { method: 'GET', path: () => '/api/privacy', ok: [200], allowed: admins },
  'POST /api/privacy/retention': { method: 'POST', path: () => '/api/privacy/retention', body: {}, ok: [400], allowed: admins },
  'POST /api/privacy/subjects/find': { method: 'POST', path: () => '/api/privacy/subjects/find', body: { by: 'card', raw: '00123456' }, ok: [200], allowed: admins },
  'POST /api/privacy/subjects/export': { method: 'POST', path: () => '/api/privacy/subjects/export', body: {}, ok: [400], allowed: admins },
  'POST /api/privacy/subjects/erase': { method: 'POST', path: () => '/api/privacy/subjects/erase', body: {}, ok: [400], allowed: admins },
  'GET /api/devices': { method: 'GET', path: () => '/api/devices', ok: [200], allowed: kiosks, kioskRoute: true },
  // Partners no longer drive the simulators; an enrolled kiosk does not either (the hub's machine only).
  'POST /api/devices/simulate': { method: 'POST', path: () => '/api/devices/simulate', body: {}, ok: [400], allowed: ['kiosk', ...queueStaff] },
  'GET /api/reports/dashboard': { method: 'GET', path: () => '/api/reports/dashboard?from=2026-01-01&to=2026-01-31', ok: [200], allowed: managers },
  'GET /api/reports/funder-return': { method: 'GET', path: () => '/api/reports/funder-return?returnId=nope&from=2026-01-01&to=2026-03-31', ok: [404], allowed: managers },
  // Files: a wrong format is refused before anything streams, so the refusal is JSON.
  'GET /api/exports/visits': { method: 'GET', path: () => '/api/exports/visits?from=2026-01-01&to=2026-01-31&format=pdf', ok: [400], allowed: managers },
  'GET /api/exports/footfall': { method: 'GET', path: () => '/api/exports/footfall?from=2026-01-01&to=2026-01-31&format=pdf', ok: [400], allowed: managers },
  'GET /api/exports/funder-return': { method: 'GET', path: () => '/api/exports/funder-return?returnId=nope&from=2026-01-01&to=2026-03-31', ok: [404], allowed: managers },
  'GET /api/hub-events': { method: 'GET', path: () => '/api/hub-events', ok: [200], allowed: managers },
  'POST /api/hub-events': { method: 'POST', path: () => '/api/hub-events', body: {}, ok: [400], allowed: managers },
  'POST /api/hub-events/:eventId': { method: 'POST', path: () => '/api/hub-events/no-such-event', body: {}, ok: [400], allowed: managers },
  'POST /api/hub-events/:eventId/delete': { method: 'POST', path: () => '/api/hub-events/no-such-event/delete', ok: [404], allowed: managers },
  'GET /api/hub-events/running': { method: 'GET', path: () => '/api/hub-events/running', ok: [200], allowed: everyone },
  'POST /api/visits/:visitId/event': { method: 'POST', path: (i) => `/api/visits/${i.moneyVisit}/event`, body: {}, ok: [400], allowed: queueStaff },
  'POST /api/visits/:visitId/journey': { method: 'POST', path: (i) => `/api/visits/${i.moneyVisit}/journey`, body: {}, ok: [400], allowed: staff },
  'POST /api/visits/:visitId/demographics': { method: 'POST', path: (i) => `/api/visits/${i.moneyVisit}/demographics`, body: {}, ok: [400], allowed: staff },
};

describe('every route as every role', () => {
  let hub: TestHub;
  const sessions = new Map<StaffRole, StaffSession>();
  const ids: Ids = { moneyTicket: '', housingTicket: '', moneyVisit: '', housingOnlyVisit: '' };
  let kioskCookieHeader = '';

  beforeAll(async () => {
    const config = queueTestHub();
    hub = await startTestHub({ hub: config, devices: await createDevices(config, pino({ level: 'silent' })) });
    sessions.set('reception', await signInAs(hub, 'reception', { username: 'rita' }));
    sessions.set('partner', await signInAs(hub, 'partner', { username: 'moe', services: ['money'] }));
    sessions.set('manager', await signInAs(hub, 'manager', { username: 'meg' }));
    sessions.set('admin', await signInAs(hub, 'admin'));
    const code = (await sessions.get('manager')!.call<{ code: string }>('POST', '/api/kiosks/pairing-codes', { name: 'Hall kiosk' })).body.code;
    const enrolled = await hub.server.inject({ method: 'POST', url: '/api/kiosks/enrol', remoteAddress: '192.168.1.60', headers: { host: new URL(hub.url).host }, payload: { code } });
    kioskCookieHeader = String(enrolled.headers['set-cookie']).split(';')[0]!;
    const a = (await call<CheckInResponse>(hub, 'POST', '/api/check-ins', checkInBody({ help: ['money', 'housing'], name: 'Ana' }))).body;
    const b = (await call<CheckInResponse>(hub, 'POST', '/api/check-ins', checkInBody({ help: ['housing'], name: 'Ben' }))).body;
    ids.moneyVisit = a.visitId;
    ids.moneyTicket = a.tickets.find((t) => t.serviceId === 'money')!.id;
    ids.housingTicket = a.tickets.find((t) => t.serviceId === 'housing')!.id;
    ids.housingOnlyVisit = b.visitId;
  });
  afterAll(async () => hub.dispose());

  async function request(caller: Caller, rule: Expectation): Promise<{ status: number; body: ErrorBody }> {
    const path = rule.path(ids);
    if (caller === 'lan' || caller === 'enrolled' || caller === 'loopback-other') {
      // Another machine on the network, as Fastify would see it; no packet leaves this one.
      const remoteAddress = caller === 'lan' ? '192.168.1.50' : caller === 'enrolled' ? '192.168.1.60' : '127.0.0.2';
      const headers = { host: new URL(hub.url).host, ...(caller === 'enrolled' ? { cookie: kioskCookieHeader } : {}) };
      const res = await hub.server.inject({ method: rule.method, url: path, remoteAddress, headers, ...(rule.body === undefined ? {} : { payload: rule.body as object }) });
      return { status: res.statusCode, body: res.body ? (JSON.parse(res.body) as ErrorBody) : {} };
    }
    if (caller === 'kiosk') return call<ErrorBody>(hub, rule.method, path, rule.body);
    return sessions.get(caller)!.call<ErrorBody>(rule.method, path, rule.body);
  }

  it('has an expectation for every route the server has a rule for, and no other', () => {
    expect(Object.keys(matrix).sort()).toEqual(Object.values(endpoints).map(endpointKey).sort());
  });

  const plain = Object.entries(matrix).filter(([key]) => !['GET /api/live', 'POST /api/auth/logout', 'POST /api/auth/logout-everywhere'].includes(key));
  for (const [key, rule] of plain) {
    it(`${key}`, async () => {
      for (const caller of callers) {
        const res = await request(caller, rule);
        const allowed = rule.allowed.includes(caller);
        const where = `${key} as ${caller}: ${res.status} ${res.body.error?.code ?? ''} ${res.body.error?.message ?? ''}`;
        if (allowed) {
          expect(rule.ok, where).toContain(res.status);
          expect(res.body.error?.message ?? '', where).not.toMatch(/^There is no (GET|POST) /);
        } else if (anonymousCallers.includes(caller)) {
          expect(res.status, where).toBe(401);
          expect(res.body.error?.code, where).toBe(rule.kioskRoute ? 'KIOSK_NOT_ENROLLED' : 'UNAUTHENTICATED');
        } else {
          expect(res.status, where).toBe(403);
          expect(res.body.error?.code, where).toBe('FORBIDDEN');
        }
      }
    });
  }

  it('keeps a partner’s journey facts and equality answers to their own services’ visitors', async () => {
    const partner = sessions.get('partner')!;
    const denied = [
      await partner.call<ErrorBody>('POST', `/api/visits/${ids.housingOnlyVisit}/journey`, { stage: 'signposted', serviceId: 'money' }),
      await partner.call<ErrorBody>('POST', `/api/visits/${ids.moneyVisit}/journey`, { stage: 'signposted', serviceId: 'housing' }),
      await partner.call<ErrorBody>('POST', `/api/visits/${ids.housingOnlyVisit}/demographics`, { consent: true, answers: { ageBand: '25-34' } }),
    ];
    for (const res of denied) {
      expect(res.status).toBe(403);
      expect(res.body.error?.code).toBe('FORBIDDEN');
    }
    const mine = await partner.call<ErrorBody>('POST', `/api/visits/${ids.moneyVisit}/journey`, { stage: 'signposted', serviceId: 'money' });
    expect(mine.status).toBe(201);
    // Only staff attribute a visit to an event afterwards: the kiosk sends its event with the check-in.
    const kiosk = await call<ErrorBody>(hub, 'POST', `/api/visits/${ids.moneyVisit}/event`, { eventId: 'made-up' });
    expect(kiosk.status).toBe(401);
  });

  it('keeps a partner to their own services’ tickets, whatever the action', async () => {
    const partner = sessions.get('partner')!;
    const denied = [
      await partner.call<ErrorBody>('POST', '/api/services/housing/call-next', { desk: 'Desk 3' }),
      await partner.call<ErrorBody>('POST', `/api/tickets/${ids.housingTicket}/call`, { desk: 'Desk 3', reason: 'appointment' }),
      await partner.call<ErrorBody>('POST', `/api/tickets/${ids.housingTicket}/recall`, {}),
      await partner.call<ErrorBody>('POST', `/api/tickets/${ids.housingTicket}/no-show`, {}),
      await partner.call<ErrorBody>('POST', `/api/tickets/${ids.housingTicket}/start`, {}),
      await partner.call<ErrorBody>('POST', `/api/tickets/${ids.housingTicket}/finish`, { outcome: 'advice-given' }),
      await partner.call<ErrorBody>('POST', `/api/tickets/${ids.housingTicket}/transfer`, { toServiceId: 'money' }),
      await partner.call<ErrorBody>('POST', `/api/visits/${ids.housingOnlyVisit}/stops`, { serviceId: 'money' }),
    ];
    for (const res of denied) {
      expect(res.status).toBe(403);
      expect(res.body.error?.code).toBe('FORBIDDEN');
    }
    expect(hub.hub.queue.ticket(ids.housingTicket).status).toBe('waiting');
    // A kiosk-style check-in by hand is reception's, not a partner's.
    const byHand = await partner.call<ErrorBody>('POST', '/api/check-ins', { ...checkInBody(), identification: { method: 'staff' } });
    expect(byHand.status).toBe(403);
    const anonymousByHand = await call<ErrorBody>(hub, 'POST', '/api/check-ins', { ...checkInBody(), identification: { method: 'staff' } });
    expect(anonymousByHand.status).toBe(401);
  });

  it('lets a LAN caller use neither the simulators nor the device list, while the kiosk on the hub’s machine may', async () => {
    const lan = await hub.server.inject({ method: 'POST', url: '/api/devices/simulate', remoteAddress: '10.0.0.7', headers: { host: new URL(hub.url).host }, payload: { device: 'card', raw: '00123456' } });
    expect(lan.statusCode).toBe(401);
    const foreignPage = await call<ErrorBody>(hub, 'GET', '/api/devices', undefined, { origin: 'http://evil.example' });
    expect(foreignPage.status).toBe(401);
    expect((await call(hub, 'POST', '/api/devices/simulate', { device: 'card', raw: '00123456' })).status).toBe(200);
  });

  it('signs each role out (logout as every caller), then out everywhere', async () => {
    for (const caller of callers) {
      const role = roles.find((r) => r === caller);
      if (!role) {
        const res = await request(caller, matrix['POST /api/auth/logout']!);
        expect(res.status).toBe(401);
        const everywhere = await request(caller, matrix['POST /api/auth/logout-everywhere']!);
        expect(everywhere.status).toBe(401);
        continue;
      }
      const session = sessions.get(role)!;
      const fresh = await signIn(hub, session.staff.username, { password: testPassword });
      expect((await fresh.call('POST', '/api/auth/logout')).status).toBe(200);
      expect((await fresh.call('GET', '/api/auth/me')).status).toBe(401);
      expect((await session.call('POST', '/api/auth/logout-everywhere')).status).toBe(200);
      expect((await session.call('GET', '/api/auth/me')).status).toBe(401);
    }
  });
});

describe('what each role sees of the queue, over HTTP and live', () => {
  let hub: TestHub;
  let reception: StaffSession;
  let partner: StaffSession;
  let anaMoney: TicketView;
  let anaHousing: TicketView;
  let ben: CheckInResponse;

  beforeAll(async () => {
    const config = queueTestHub();
    hub = await startTestHub({ hub: config, devices: await createDevices(config, pino({ level: 'silent' })) });
    reception = await signInAs(hub, 'reception');
    partner = await signInAs(hub, 'partner', { services: ['money'] });
    // Ana: money and housing, nowhere to sleep tonight (a crisis); Ben: housing only.
    const ana = (await call<CheckInResponse>(hub, 'POST', '/api/check-ins', checkInBody({ help: ['money', 'housing'], sleepTonight: false, name: 'Ana' }))).body;
    ben = (await call<CheckInResponse>(hub, 'POST', '/api/check-ins', checkInBody({ help: ['housing'], name: 'Ben' }))).body;
    anaMoney = ana.tickets.find((t) => t.serviceId === 'money')!;
    anaHousing = ana.tickets.find((t) => t.serviceId === 'housing')!;
  });
  afterAll(async () => hub.dispose());

  it('gives reception the whole queue, a partner only their service with only their needs, and anyone else counts', async () => {
    const whole = (await reception.call<QueueSnapshot>('GET', '/api/queue')).body;
    const housing = whole.services.find((s) => s.serviceId === 'housing')!;
    expect(housing.tickets.map((t) => t.displayName)).toEqual(['Ana', 'Ben']);
    expect(housing.tickets[0]!.needs.sort()).toEqual(['housing', 'money']);

    const mine = (await partner.call<QueueSnapshot>('GET', '/api/queue')).body;
    expect(mine.lastSeq).toBe(whole.lastSeq);
    const money = mine.services.find((s) => s.serviceId === 'money')!;
    expect(money.tickets).toHaveLength(1);
    expect(money.tickets[0]).toMatchObject({
      number: anaMoney.number,
      displayName: 'Ana',
      needs: ['money'],
      flags: ['crisis'],
      interpreter: false,
      language: 'en',
    });
    for (const other of mine.services.filter((s) => s.serviceId !== 'money')) expect(other.tickets).toEqual([]);
    expect(mine.services.find((s) => s.serviceId === 'housing')!.waiting).toBe(2);
    expect(JSON.stringify(mine)).not.toContain('Ben');
    expect(JSON.stringify(mine)).not.toContain('"housing"]');

    const anonymous = (await call<QueueSnapshot>(hub, 'GET', '/api/queue')).body;
    expect(anonymous.services.every((s) => s.tickets.length === 0)).toBe(true);
    expect(anonymous.services.find((s) => s.serviceId === 'housing')).toMatchObject({ waiting: 2, estimatedWaitMinutes: expect.any(Number) });
    expect(JSON.stringify(anonymous)).not.toMatch(/Ana|Ben/);
  });

  it('pushes live: reception everything; a partner their tickets and "with another partner" without saying whom; the display calls only', async () => {
    const receptionLive = await LiveClient.connect(hub.url, 0, { headers: { cookie: reception.cookieHeader } });
    const partnerLive = await LiveClient.connect(hub.url, 0, { headers: { cookie: partner.cookieHeader } });
    const display = await LiveClient.connect(hub.url);
    try {
      // A new crisis check-in: reception hears the alert; partner and display do not.
      const cara = (await call<CheckInResponse>(hub, 'POST', '/api/check-ins', checkInBody({ help: ['housing'], sleepTonight: false, name: 'Cara' }))).body;
      await receptionLive.next((m) => m.kind === 'alert' && m.alert.visitId === cara.visitId);

      // Reception calls Ana to housing: her money ticket is now "with another partner" for the partner.
      const called = await reception.call<{ ticket: TicketView }>('POST', '/api/services/housing/call-next', { desk: 'Desk 3' });
      expect(called.body.ticket.id).toBe(anaHousing.id);
      const update = await partnerLive.next((m) => m.kind === 'ticket' && m.ticket.id === anaMoney.id);
      expect(update).toMatchObject({ kind: 'ticket', ticket: { id: anaMoney.id, withAnotherService: hiddenServiceId, needs: ['money'] } });
      const shown = (await display.next((m) => m.kind === 'queue' && m.event.type === 'called')) as Extract<ServerMessage, { kind: 'queue' }>;
      expect(shown.event.ticket).toEqual(publicTicket(called.body.ticket, hub.hub.config.hub.display));
      expect(shown.event.ticket).toMatchObject({ number: anaHousing.number, desk: 'Desk 3', serviceId: 'housing', displayName: null, flags: [], needs: [], visitId: anaHousing.id });
      expect(shown.event.staffId).toBeNull();

      // Housing finishes with Ana; the partner calls her to money (their own service).
      await reception.call('POST', `/api/tickets/${anaHousing.id}/finish`, { outcome: 'referred', referredTo: 'Night shelter' });
      const cleared = await partnerLive.next((m) => m.kind === 'ticket' && m.ticket.id === anaMoney.id && m.ticket.withAnotherService === null);
      expect(cleared).toBeTruthy();
      const mine = await partner.call<{ ticket: TicketView }>('POST', '/api/services/money/call-next', { desk: 'Desk 1' });
      expect(mine.body.ticket).toMatchObject({ id: anaMoney.id, needs: ['money'] });
      await partnerLive.next((m) => m.kind === 'queue' && m.event.type === 'called' && m.event.ticket.id === anaMoney.id);
      await receptionLive.next((m) => m.kind === 'queue' && m.event.type === 'called' && m.event.ticket.id === anaMoney.id);
      await display.next((m) => m.kind === 'queue' && m.event.ticket.id === anaMoney.id);

      // The partner sends her on to work (money may refer there): they are told "sent on", not the new
      // ticket, which would say whether she already waited for work; reception sees the new ticket.
      const moved = await partner.call<{ ticket: TicketView; sentOn: { serviceId: string } }>('POST', `/api/tickets/${anaMoney.id}/transfer`, { toServiceId: 'work' });
      expect(moved.status).toBe(202);
      expect(moved.body).toEqual({ ticket: expect.objectContaining({ id: anaMoney.id, status: 'transferred', needs: ['money'] }), sentOn: { serviceId: 'work' } });
      const created = await receptionLive.next(
        (m) => m.kind === 'queue' && m.event.type === 'created' && m.event.ticket.serviceId === 'work' && m.event.ticket.visitId === anaMoney.visitId,
      );
      expect(created).toMatchObject({ event: { ticket: { status: 'waiting', needs: expect.arrayContaining(['money']) } } });

      // The partner heard nothing of another service's tickets, alerts, names or needs.
      const partnerText = JSON.stringify(partnerLive.messages);
      // (Ana's housing stop carries her visit's one number, which the partner already has from her money ticket.)
      expect(anaHousing.number).toBe(anaMoney.number);
      for (const secret of ['Ben', 'Cara', ben.tickets[0]!.number, '"housing"', 'Night shelter']) expect(partnerText).not.toContain(secret);
      expect(partnerLive.messages.some((m) => m.kind === 'alert' || m.kind === 'reader' || m.kind === 'device')).toBe(false);
      for (const event of partnerLive.queueEvents()) expect(event.ticket.serviceId).toBe('money');

      // The display heard calls and recalls only, never a name, flag, need or alert.
      expect(display.messages.some((m) => m.kind === 'alert')).toBe(false);
      const displayEvents = display.queueEvents();
      expect(displayEvents.map((e) => e.type)).toEqual(['called', 'called']);
      const displayText = JSON.stringify(display.messages);
      for (const secret of ['Ana', 'Ben', 'Cara', 'crisis', 'Night shelter', anaMoney.visitId]) expect(displayText).not.toContain(secret);

      // Reception heard all of it.
      const receptionTypes = receptionLive.queueEvents().map((e) => `${e.type}:${e.ticket.serviceId}`);
      expect(receptionTypes).toEqual(expect.arrayContaining(['created:housing', 'called:housing', 'finished:housing', 'called:money', 'transferred:money', 'created:work']));
    } finally {
      await Promise.all([receptionLive.close(), partnerLive.close(), display.close()]);
    }
  });

  it('filters catch-up the same way: a partner reconnecting or reading /api/events gets only their services', async () => {
    const events = (await partner.call<{ events: QueueEvent[] }>('GET', '/api/events?since=0')).body.events;
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.ticket.serviceId === 'money')).toBe(true);
    expect(JSON.stringify(events)).not.toMatch(/Ben|Cara|"housing"/);
    const replay = await LiveClient.connect(hub.url, 1, { headers: { cookie: partner.cookieHeader } });
    const replayDisplay = await LiveClient.connect(hub.url, 1);
    try {
      await replay.next((m) => m.kind === 'queue' && m.event.type === 'transferred');
      expect(replay.queueEvents().every((e) => e.ticket.serviceId === 'money')).toBe(true);
      await replayDisplay.next((m) => m.kind === 'queue' && m.event.ticket.id === anaMoney.id);
      expect(replayDisplay.queueEvents().every((e) => e.type === 'called' || e.type === 'recalled')).toBe(true);
    } finally {
      await Promise.all([replay.close(), replayDisplay.close()]);
    }
  });

  it('sends card reads to the kiosk on the hub’s machine and to reception, never to a page of another origin or a partner', async () => {
    const kiosk = await LiveClient.connect(hub.url);
    const foreign = await LiveClient.connect(hub.url, 0, { headers: { origin: 'http://evil.example', cookie: reception.cookieHeader } });
    const receptionLive = await LiveClient.connect(hub.url, 0, { headers: { cookie: reception.cookieHeader } });
    const partnerLive = await LiveClient.connect(hub.url, 0, { headers: { cookie: partner.cookieHeader } });
    try {
      await call(hub, 'POST', '/api/devices/simulate', { device: 'card', raw: '00123456' });
      await kiosk.next((m) => m.kind === 'reader');
      await receptionLive.next((m) => m.kind === 'reader');
      // The last message each hears after a queue event proves the read had its chance to arrive.
      const marker = (await call<CheckInResponse>(hub, 'POST', '/api/check-ins', checkInBody({ help: ['money'], name: 'Dee' }))).body;
      await receptionLive.next((m) => m.kind === 'queue' && m.event.ticket.visitId === marker.visitId);
      await partnerLive.next((m) => m.kind === 'queue' && m.event.ticket.visitId === marker.visitId);
      const called = await reception.call<{ ticket: TicketView }>('POST', '/api/services/money/call-next', { desk: 'Desk 2' });
      expect(called.body.ticket.visitId).toBe(marker.visitId);
      await foreign.next((m) => m.kind === 'queue' && m.event.ticket.id === called.body.ticket.id);
      expect(foreign.messages.some((m) => m.kind === 'reader' || m.kind === 'alert' || m.kind === 'device')).toBe(false);
      expect(partnerLive.messages.some((m) => m.kind === 'reader')).toBe(false);
      // A page of another origin is the display's view even with reception's cookie.
      expect(foreign.queueEvents().every((e) => e.ticket.displayName === null && e.staffId === null)).toBe(true);
    } finally {
      await Promise.all([kiosk.close(), foreign.close(), receptionLive.close(), partnerLive.close()]);
    }
  });

  it('shows a name on the display only where the hub is configured to', () => {
    const ticket = hub.hub.queue.ticket(anaMoney.id);
    expect(publicTicket(ticket, { showName: true, chime: true, speak: false, recentCalls: 5 })).toMatchObject({ displayName: 'Ana', language: null });
    expect(publicTicket(ticket, { showName: false, chime: true, speak: true, recentCalls: 5 })).toMatchObject({ displayName: null, language: 'en' });
  });
});
