import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage, SessionReply, StaffAccountView } from '../../src-shared/api/auth-contract';
import { LiveClient } from '../helpers/live-client';
import { checkInBody, queueTestHub } from '../helpers/queue-hub';
import {
  adminOf,
  call,
  createStaff,
  setupAdmin,
  signIn,
  signInAs,
  startTestHub,
  testPassword,
  type StaffSession,
  type TestHub,
} from '../helpers/running-hub';
import { makeTempDir } from '../helpers/temp-dir';

type ErrorBody = { error: { code: string; message: string; field?: string; details?: Record<string, unknown> } };

function manualClock(startIso = '2026-11-23T09:30:00.000Z') {
  let now = Date.parse(startIso);
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}
const minutes = (n: number) => n * 60_000;
const randomGuess = () => `guess-${Math.random().toString(36).slice(2)}-${'g'.repeat(24)}`;

describe('first run: a one-time setup token makes the first administrator', () => {
  const temp = makeTempDir('frontdoor-setup-');
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ hub: queueTestHub(), dataDir: temp.path });
  });
  afterAll(async () => {
    await hub.dispose();
    temp.remove();
  });

  it('prints a token and the setup address, and stores only its hash; nobody can sign in yet', async () => {
    expect(hub.setup).not.toBeNull();
    expect(hub.setup!.token.length).toBeGreaterThanOrEqual(32);
    expect(hub.setup!.url).toBe(`${hub.url}/manager?setup=1`);
    expect(Date.parse(hub.setup!.expiresAt)).toBeGreaterThan(Date.now());
    expect((await call(hub, 'GET', '/api/auth/setup')).body).toEqual({ needed: true });
    expect(JSON.stringify(hub.hub.db.prepare('SELECT * FROM setup_tokens').all())).not.toContain(hub.setup!.token);
    // No default account, no default password.
    expect(hub.hub.db.prepare('SELECT count(*) AS n FROM staff').get()).toEqual({ n: 0 });
    const guess = await call<ErrorBody>(hub, 'POST', '/api/auth/login', { username: 'admin', password: 'admin' });
    expect(guess.status).toBe(401);
    expect(guess.body.error.code).toBe('INVALID_CREDENTIALS');
  });

  it('refuses a wrong token and a weak password, creating nothing', async () => {
    const wrong = await call<ErrorBody>(hub, 'POST', '/api/auth/setup', { token: 'x'.repeat(32), username: 'ada', displayName: 'Ada', password: testPassword });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toMatchObject({ code: 'SETUP_TOKEN_INVALID', field: 'token' });
    const weak = await call<ErrorBody>(hub, 'POST', '/api/auth/setup', { token: hub.setup!.token, username: 'ada', displayName: 'Ada', password: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'password' });
    expect(hub.hub.db.prepare('SELECT count(*) AS n FROM staff').get()).toEqual({ n: 0 });
  });

  it('creates the administrator once, signed in with an HttpOnly, SameSite=Strict cookie', async () => {
    const res = await call<SessionReply>(hub, 'POST', '/api/auth/setup', { token: hub.setup!.token, username: 'ada', displayName: 'Ada Lovelace', password: testPassword });
    expect(res.status).toBe(201);
    expect(res.body.staff).toMatchObject({ username: 'ada', role: 'admin', services: [] });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('fd_session='))!;
    expect(cookie).toMatch(/^fd_session=[A-Za-z0-9_-]{40,}; Path=\/; HttpOnly; SameSite=Strict$/);
    const stored = hub.hub.db.prepare('SELECT password_hash FROM staff WHERE username = ?').get('ada') as { password_hash: string };
    expect(stored.password_hash).toMatch(/^scrypt\$17\$8\$1\$/);
    expect(stored.password_hash).not.toContain(testPassword);

    const again = await call<ErrorBody>(hub, 'POST', '/api/auth/setup', { token: hub.setup!.token, username: 'eve', displayName: 'Eve', password: testPassword });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ALREADY_SET_UP');
    expect((await call(hub, 'GET', '/api/auth/setup')).body).toEqual({ needed: false });
    const audit = hub.hub.db.prepare('SELECT action FROM audit_log ORDER BY id').all() as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual(['auth.setup', 'staff.created']);
  });

  it('prints no setup token after a restart once an administrator exists', async () => {
    await hub.close();
    hub = await startTestHub({ hub: queueTestHub(), dataDir: temp.path });
    expect(hub.setup).toBeNull();
    expect(hub.hub.db.prepare('SELECT count(*) AS n FROM setup_tokens WHERE used_at IS NULL').get()).toEqual({ n: 0 });
  });
});

describe('sessions: sign-in, CSRF, idle time, sign-out and sign-out everywhere', () => {
  const clock = manualClock();
  let hub: TestHub;
  let admin: StaffSession;
  let desk: StaffAccountView;

  beforeAll(async () => {
    hub = await startTestHub({ hub: queueTestHub(), now: clock.now });
    admin = await adminOf(hub);
    desk = await createStaff(admin, { role: 'reception', username: 'rita', displayName: 'Rita' });
  });
  afterAll(async () => hub.dispose());

  it('signs in with a password: the reply carries the CSRF token; only a hash of the session is stored', async () => {
    const session = await signIn(hub, 'rita', { password: testPassword });
    expect(session.staff).toMatchObject({ id: desk.id, username: 'rita', role: 'reception' });
    expect(session.idleTimeoutMinutes).toBe(60);
    const me = await session.call<SessionReply>('GET', '/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.csrfToken).toBe(session.csrfToken);
    expect(me.body.signedInWith).toBe('password');
    const rows = JSON.stringify(hub.hub.db.prepare('SELECT * FROM sessions').all());
    expect(rows).not.toContain(session.cookie.value);
    const anonymous = await call<ErrorBody>(hub, 'GET', '/api/auth/me');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error).toMatchObject({ code: 'UNAUTHENTICATED', details: { reason: 'none' } });
  });

  it('refuses a state-changing request without the CSRF header, with a wrong one, or from another origin', async () => {
    const session = await signIn(hub, 'rita', { password: testPassword });
    await call(hub, 'POST', '/api/check-ins', checkInBody({ help: ['money'] }));
    const path = '/api/services/money/call-next';
    const none = await call<ErrorBody>(hub, 'POST', path, { desk: 'Desk 1' }, { cookie: session.cookieHeader });
    expect(none.status).toBe(403);
    expect(none.body.error.code).toBe('CSRF_FAILED');
    const wrong = await call<ErrorBody>(hub, 'POST', path, { desk: 'Desk 1' }, { cookie: session.cookieHeader, 'x-csrf-token': 'not-the-token' });
    expect(wrong.body.error.code).toBe('CSRF_FAILED');
    const otherSession = await signIn(hub, 'rita', { password: testPassword });
    const borrowed = await call<ErrorBody>(hub, 'POST', path, { desk: 'Desk 1' }, { cookie: session.cookieHeader, 'x-csrf-token': otherSession.csrfToken });
    expect(borrowed.body.error.code).toBe('CSRF_FAILED');
    const foreign = await call<ErrorBody>(hub, 'POST', path, { desk: 'Desk 1' }, { cookie: session.cookieHeader, 'x-csrf-token': session.csrfToken, origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('CSRF_FAILED');
    // An anonymous kiosk post from another site is refused the same way.
    const kiosk = await call<ErrorBody>(hub, 'POST', '/api/check-ins', checkInBody(), { origin: 'http://evil.example' });
    expect(kiosk.body.error.code).toBe('CSRF_FAILED');
    expect(hub.hub.db.prepare(`SELECT count(*) AS n FROM tickets WHERE status = 'called'`).get()).toEqual({ n: 0 });
    const ok = await session.call<{ ticket: { status: string; staffId?: string } }>('POST', path, { desk: 'Desk 1' });
    expect(ok.status).toBe(200);
    expect(ok.body.ticket.status).toBe('called');
    // The acting member of staff comes from the session, never from the body.
    const row = hub.hub.db.prepare(`SELECT staff_id FROM tickets WHERE status = 'called'`).get();
    expect(row).toEqual({ staff_id: desk.id });
  });

  it('ends a PIN session on a shared PC after its shorter idle time, and closes its live connection', async () => {
    await createStaff(admin, { role: 'reception', username: 'pat', pin: '482916' });
    const pin = await signIn(hub, 'pat', { pin: '482916' });
    expect(pin.idleTimeoutMinutes).toBe(10);
    const password = await signIn(hub, 'rita', { password: testPassword });
    const live = await LiveClient.connect(hub.url, 0, { headers: { cookie: pin.cookieHeader } });
    const closed = live.closed();
    clock.advance(minutes(11));
    // Any queue event is checked against the session before it is sent.
    await call(hub, 'POST', '/api/check-ins', checkInBody({ help: ['work'] }));
    await live.next((m) => m.kind === 'signed-out');
    expect(live.messages.find((m) => m.kind === 'signed-out')).toEqual({ kind: 'signed-out', reason: 'idle' });
    expect(live.queueEvents()).toEqual([]);
    expect(await closed).toBe(4401);
    const idle = await pin.call<ErrorBody>('GET', '/api/queue');
    expect(idle.status).toBe(200); // the queue route is public: an idle session reads it as anonymous …
    expect(idle.body).toMatchObject({ services: expect.any(Array) });
    expect(idle.headers.getSetCookie().some((c) => c.startsWith('fd_session=;') && c.includes('Max-Age=0'))).toBe(true);
    const me = await pin.call<ErrorBody>('GET', '/api/auth/me');
    expect(me.body.error).toMatchObject({ code: 'UNAUTHENTICATED', details: { reason: 'idle' } });
    // … and the password session, idle as long, is still good.
    expect((await password.call('GET', '/api/auth/me')).status).toBe(200);
  });

  it('signs out: the cookie is cleared, the session ends at once and its live connection closes', async () => {
    const session = await signIn(hub, 'rita', { password: testPassword });
    const live = await LiveClient.connect(hub.url, 0, { headers: { cookie: session.cookieHeader } });
    const closed = live.closed();
    const out = await session.call('POST', '/api/auth/logout');
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie()).toEqual(['fd_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0']);
    expect(await closed).toBe(4401);
    expect(live.messages.at(-1)).toEqual({ kind: 'signed-out', reason: 'signed-out' });
    const after = await session.call<ErrorBody>('GET', '/api/events');
    expect(after.status).toBe(401);
    expect(after.body.error.details).toEqual({ reason: 'signed-out' });
  });

  it('signs out everywhere: every session of that person ends, others stay', async () => {
    const phone = await signIn(hub, 'rita', { password: testPassword });
    const pc = await signIn(hub, 'rita', { password: testPassword });
    const other = await signIn(hub, 'pat', { pin: '482916' });
    const res = await pc.call<{ ok: boolean; ended: number }>('POST', '/api/auth/logout-everywhere');
    expect(res.body.ok).toBe(true);
    expect(res.body.ended).toBeGreaterThanOrEqual(2);
    expect((await phone.call('GET', '/api/auth/me')).status).toBe(401);
    expect((await pc.call('GET', '/api/auth/me')).status).toBe(401);
    expect((await other.call('GET', '/api/auth/me')).status).toBe(200);
  });

  it('disables an account: its sessions end and it cannot sign in; the last administrator cannot be disabled', async () => {
    const manager = await signInAs(hub, 'manager');
    const session = await signIn(hub, 'rita', { password: testPassword });
    const disabled = await manager.call<{ staff: StaffAccountView }>('POST', `/api/staff/${desk.id}/disable`);
    expect(disabled.status).toBe(200);
    expect(disabled.body.staff.disabledAt).not.toBeNull();
    expect((await session.call<ErrorBody>('GET', '/api/auth/me')).body.error.details).toEqual({ reason: 'disabled' });
    await expect(signIn(hub, 'rita', { password: testPassword })).rejects.toThrow(/403 FORBIDDEN/);
    const enabled = await manager.call<{ staff: StaffAccountView }>('POST', `/api/staff/${desk.id}/enable`);
    expect(enabled.body.staff.disabledAt).toBeNull();
    await signIn(hub, 'rita', { password: testPassword });

    const cannot = await manager.call<ErrorBody>('POST', `/api/staff/${admin.staff.id}/disable`);
    expect(cannot.status).toBe(403);
    const self = await admin.call<ErrorBody>('POST', `/api/staff/${admin.staff.id}/disable`);
    expect(self.status).toBe(403);
    expect(self.body.error.code).toBe('FORBIDDEN');
  });

  it('creates accounts within each role’s reach, with clear errors', async () => {
    const manager = await signInAs(hub, 'manager');
    const tryCreate = (by: StaffSession, body: Record<string, unknown>) =>
      by.call<ErrorBody>('POST', '/api/staff', { username: 'new-person', displayName: 'New', services: [], password: testPassword, ...body });
    expect((await tryCreate(manager, { role: 'admin' })).body.error).toMatchObject({ code: 'FORBIDDEN', field: 'role' });
    expect((await tryCreate(manager, { role: 'manager' })).status).toBe(403);
    expect((await tryCreate(manager, { role: 'partner' })).body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'services' });
    expect((await tryCreate(manager, { role: 'partner', services: ['astrology'] })).body.error).toMatchObject({ code: 'UNKNOWN_SERVICE', field: 'services' });
    expect((await tryCreate(manager, { role: 'reception', services: ['money'] })).body.error.field).toBe('services');
    expect((await tryCreate(admin, { role: 'manager', password: undefined, pin: '482916' })).body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'pin' });
    expect((await tryCreate(manager, { role: 'reception', password: undefined, pin: '1234' })).body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'pin' });
    expect((await tryCreate(manager, { role: 'reception', password: undefined })).body.error.code).toBe('VALIDATION_FAILED');
    expect((await tryCreate(manager, { role: 'reception', username: 'rita' })).body.error).toMatchObject({ code: 'ALREADY_EXISTS', field: 'username' });
    expect((await tryCreate(manager, { role: 'reception', username: 'Not Valid' })).body.error.field).toBe('username');
    const made = await tryCreate(manager, { role: 'partner', services: ['money', 'work'] });
    expect(made.status).toBe(201);
    const list = await manager.call<{ staff: StaffAccountView[] }>('GET', '/api/staff');
    expect(list.body.staff.find((s) => s.username === 'new-person')).toMatchObject({ role: 'partner', services: ['money', 'work'], hasPassword: true, hasPin: false });
    expect(JSON.stringify(list.body)).not.toMatch(/scrypt|password_hash|pin_hash/);
  });

  it('writes who signed in and out and who made and changed accounts, for managers to read', async () => {
    const audit = await admin.call<AuditPage>('GET', '/api/audit?pageSize=500');
    const actions = new Set(audit.body.entries.map((e) => e.action));
    for (const action of ['auth.signed-in', 'auth.signed-out', 'auth.signed-out-everywhere', 'staff.created', 'staff.disabled', 'staff.enabled', 'ticket.called']) {
      expect(actions).toContain(action);
    }
    const created = audit.body.entries.find((e) => e.action === 'staff.created' && e.detail?.['username'] === 'pat')!;
    expect(created).toMatchObject({ staffId: admin.staff.id, staffName: 'Ada Admin', subjectType: 'staff' });
    expect(JSON.stringify(audit.body)).not.toContain(testPassword);
    expect(JSON.stringify(audit.body)).not.toContain('482916');
  });

  it('ends every session at most maxHours after sign-in, however active', async () => {
    const session = await signIn(hub, 'rita', { password: testPassword });
    for (let hour = 0; hour < 12; hour += 1) {
      clock.advance(minutes(59));
      expect((await session.call('GET', '/api/auth/me')).status).toBe(200);
    }
    clock.advance(minutes(13));
    const me = await session.call<ErrorBody>('GET', '/api/auth/me');
    expect(me.body.error.details).toEqual({ reason: 'expired' });
  });
});

describe('sign-in throttling: waits per account and address, limits per address', () => {
  const clock = manualClock();
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({
      hub: queueTestHub({ server: { signIn: { failuresBeforeDelay: 3, firstDelaySeconds: 30, maxDelayMinutes: 15, maxFailuresPerAddress: 6, addressWindowMinutes: 10 } } }),
      now: clock.now,
    });
    await createStaff(await setupAdmin(hub), { role: 'reception', username: 'rita' });
  });
  afterAll(async () => hub.dispose());

  const attempt = (username: string, password: string) => call<ErrorBody & SessionReply>(hub, 'POST', '/api/auth/login', { username, password });

  it('makes further tries for an account from one address wait, twice as long each time, and says for how long; the account itself is never locked', async () => {
    const first = await attempt('rita', 'wrong password 1');
    expect(first.status).toBe(401);
    expect(first.body.error).toMatchObject({ code: 'INVALID_CREDENTIALS', details: { attemptsLeft: 2 } });
    expect((await attempt('rita', 'wrong password 2')).body.error.details).toEqual({ attemptsLeft: 1 });
    const third = await attempt('rita', 'wrong password 3');
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe('30');
    expect(third.body.error).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', details: { scope: 'account', retryAfterSeconds: 30 } });
    expect(third.body.error.message).toContain('Try again in 30 seconds');
    clock.advance(10_000);
    const waiting = await attempt('rita', testPassword);
    expect(waiting.status).toBe(429);
    expect(waiting.headers.get('retry-after')).toBe('20');
    expect(waiting.body.error).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', details: { scope: 'account', retryAfterSeconds: 20 } });
    // Meanwhile Rita signs in on her own PC: only the address that guessed waits.
    const elsewhere = await hub.server.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '192.168.1.20', payload: { username: 'rita', password: testPassword } });
    expect(elsewhere.statusCode).toBe(200);
    clock.advance(20_000);
    const fourth = await attempt('rita', 'wrong password 4');
    expect(fourth.body.error).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', details: { retryAfterSeconds: 60 } });
    expect(fourth.body.error.message).toContain('Try again in 1 minute,');
    clock.advance(minutes(1));
    expect((await attempt('rita', testPassword)).status).toBe(200);
    const failures = hub.hub.db.prepare(`SELECT count(*) AS n FROM audit_log WHERE action IN ('auth.sign-in-failed', 'auth.sign-in-delayed')`).get();
    expect(failures).toEqual({ n: 4 });
    // A good sign-in starts this address's count for the account again.
    expect((await attempt('rita', 'wrong password 5')).body.error.details).toEqual({ attemptsLeft: 2 });
  });

  it('refuses an address that tries many usernames, whatever they are', async () => {
    clock.advance(minutes(11)); // the address's window from the test above has passed
    const names = ['amy', 'bob', 'cat', 'dan', 'eve'];
    for (const name of names) expect((await attempt(name, 'guess guess guess')).body.error.code).toBe('INVALID_CREDENTIALS');
    const sixth = await attempt('fay', 'guess guess guess');
    expect(sixth.status).toBe(429);
    expect(sixth.body.error).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', details: { minutesLeft: 10 } });
    // Even the right password waits: nothing is hashed while the address is refused.
    expect((await attempt('rita', testPassword)).body.error.code).toBe('TOO_MANY_ATTEMPTS');
    clock.advance(minutes(10));
    expect((await attempt('rita', testPassword)).status).toBe(200);
  });

  it('throttles wrong setup tokens by address too', async () => {
    const fresh = await startTestHub({
      hub: queueTestHub({ server: { signIn: { maxFailuresPerUser: 3, lockoutMinutes: 15, maxFailuresPerAddress: 3, addressWindowMinutes: 10 } } }),
      now: clock.now,
    });
    try {
      const guess = () => call<ErrorBody>(fresh, 'POST', '/api/auth/setup', { token: randomGuess(), username: 'mallory', displayName: 'M', password: testPassword });
      expect((await guess()).body.error.code).toBe('SETUP_TOKEN_INVALID');
      expect((await guess()).body.error.code).toBe('SETUP_TOKEN_INVALID');
      expect((await guess()).body.error.code).toBe('TOO_MANY_ATTEMPTS');
      const real = await call<ErrorBody>(fresh, 'POST', '/api/auth/setup', { token: fresh.setup!.token, username: 'ada', displayName: 'Ada', password: testPassword });
      expect(real.status).toBe(429);
    } finally {
      await fresh.dispose();
    }
  });
});
