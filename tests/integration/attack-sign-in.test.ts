/**
 * Sign-in under attack, against a real hub on 127.0.0.1. `hub.server.inject({ remoteAddress })`
 * plays callers on other addresses of the hub's network; no packet leaves this machine.
 *
 * - a burst of PIN guesses for one account, sent at once, never reaches a session, wherever the
 *   right PIN sits in the burst;
 * - wrong passwords for every account from two addresses lock nobody out elsewhere;
 * - a flood of wrong attempts from one address does not hold up a manager on another;
 * - managers and admins clear a throttled account and reset a colleague's password or PIN, and
 *   both are in the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignInQueueEvent } from '../../src-main/auth/sign-in-queue';
import type { AuditPage, SessionReply, StaffAccountView, StaffRole } from '../../src-shared/api/auth-contract';
import { endpoints } from '../../src-shared/api/endpoints';
import { queueTestHub } from '../helpers/queue-hub';
import { adminOf, createStaff, signIn, startTestHub, testPassword, type StaffSession, type TestHub } from '../helpers/running-hub';

type ErrorBody = { error: { code: string; message: string; field?: string; details?: Record<string, unknown> } };
type Answer = { status: number; body: ErrorBody & SessionReply; retryAfter: string | undefined; cookie: boolean };

/** One sign-in attempt as a caller at `address` would make it. */
async function attempt(hub: TestHub, address: string, body: Record<string, string>): Promise<Answer> {
  const res = await hub.server.inject({ method: 'POST', url: endpoints.login.path, remoteAddress: address, payload: body });
  const setCookie = res.headers['set-cookie'];
  const cookies = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const retryAfter = res.headers['retry-after'];
  return {
    status: res.statusCode,
    body: JSON.parse(res.body) as ErrorBody & SessionReply,
    retryAfter: retryAfter === undefined ? undefined : String(retryAfter),
    cookie: cookies.some((c) => c.startsWith('fd_session=') && !c.startsWith('fd_session=;')),
  };
}

/** Every queue event of the hub's sign-in checks, and a promise for the moment a condition on them holds. */
function watchQueue(hub: TestHub) {
  const events: SignInQueueEvent[] = [];
  const waiters: { test: () => boolean; resolve: () => void }[] = [];
  const stop = hub.auth.signInQueue.observe((event) => {
    events.push(event);
    for (const waiter of [...waiters]) {
      if (waiter.test()) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  });
  const until = (test: () => boolean) => (test() ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ test, resolve })));
  return { events, until, stop };
}

const auditOf = (hub: TestHub, action: string, subjectId: string) =>
  hub.hub.db.prepare('SELECT staff_id, detail FROM audit_log WHERE action = ? AND subject_id = ? ORDER BY id').all(action, subjectId) as {
    staff_id: string | null;
    detail: string | null;
  }[];

/** These tests attack the sign-in queue and throttle behind the route rate limit (tested in attack-kiosk-routes), so it is set out of their way. */
const behindTheRateLimit = { 'sign-in': { max: 100_000, windowSeconds: 60 } };

describe('sixty PIN guesses at once for one account', () => {
  let hub: TestHub;
  let admin: StaffSession;
  beforeAll(async () => {
    // Every guess fits in the sign-in queue here: what stops them is the attempt recorded before hashing.
    hub = await startTestHub({ hub: queueTestHub({ server: { signIn: { queuedPerAddress: 64, queuedTotal: 128 }, rateLimits: behindTheRateLimit } }) });
    admin = await adminOf(hub);
  });
  afterAll(async () => hub.dispose());

  // 1-based places of the right PIN among the 60; the first five guesses are the account's free tries.
  for (const place of [10, 51, 60]) {
    it(`gives no session with the right PIN at place ${place}, and checks at most five guesses`, async () => {
      const account = await createStaff(admin, { role: 'reception', username: `pin-${place}`, pin: '482916' });
      const address = `192.168.7.${place}`;
      const guesses = Array.from({ length: 60 }, (_, i) => (i + 1 === place ? '482916' : String(100_000 + i * 7919).slice(0, 6)));
      expect(guesses.filter((g) => g === '482916')).toHaveLength(1);
      const answers = await Promise.all(guesses.map((pin) => attempt(hub, address, { username: account.username, pin })));

      expect(answers.filter((a) => a.status === 200 || a.cookie)).toEqual([]);
      expect(new Set(answers.map((a) => a.status))).toEqual(new Set([401, 429]));
      // Only the free tries were hashed (each is in the audit log; the fifth starts the wait); the rest were refused unhashed.
      const checked = auditOf(hub, 'auth.sign-in-failed', account.id).length + auditOf(hub, 'auth.sign-in-delayed', account.id).length;
      expect(checked).toBe(5);
      const refused = answers.filter((a) => a.status === 429);
      expect(refused.length).toBe(56);
      for (const answer of refused) {
        expect(answer.body.error.code).toBe('TOO_MANY_ATTEMPTS');
        expect(Number(answer.retryAfter)).toBeGreaterThan(0);
        expect(answer.body.error.message).toMatch(/Try again in \d+ seconds?/);
      }
      expect(auditOf(hub, 'auth.signed-in', account.id)).toEqual([]);
      // The owner, on their own PC, still signs in with the right PIN.
      expect((await attempt(hub, '192.168.7.200', { username: account.username, pin: '482916' })).status).toBe(200);
    });
  }
});

describe('wrong passwords for every account from two addresses', () => {
  let hub: TestHub;
  let admin: StaffSession;
  const people: Record<StaffRole, StaffAccountView | null> = { admin: null, manager: null, reception: null, partner: null };
  const attackers = ['192.168.1.66', '192.168.1.67'];
  const clock = new Date('2026-11-23T09:30:00.000Z');

  beforeAll(async () => {
    // Three wrong tries for an account from one address before it waits; the hub's clock stands still.
    hub = await startTestHub({ hub: queueTestHub({ server: { signIn: { failuresBeforeDelay: 3 }, rateLimits: behindTheRateLimit } }), now: () => clock });
    admin = await adminOf(hub);
    people.manager = await createStaff(admin, { role: 'manager', username: 'meg' });
    people.reception = await createStaff(admin, { role: 'reception', username: 'rita' });
    people.partner = await createStaff(admin, { role: 'partner', username: 'moe', services: ['money'] });
  });
  afterAll(async () => hub.dispose());

  // Some 40 scrypt checks on two cores: well inside a minute alone, not always beside other suites.
  it('locks no one out: each real user signs in from their own PC', { timeout: 180_000 }, async () => {
    const usernames = ['admin', 'meg', 'rita', 'moe'];
    // 30 wrong passwords, 15 from each address (the two at once), each going through every account in turn.
    const answers: Answer[] = [];
    for (let round = 0; round < 15; round += 1) {
      const username = usernames[round % 4]!;
      answers.push(...(await Promise.all(attackers.map((address) => attempt(hub, address, { username, password: `wrong password number ${round}` })))));
    }
    expect(answers.every((a) => a.status === 401 || a.status === 429)).toBe(true);
    expect(answers.filter((a) => a.status === 429).length).toBeGreaterThan(0);
    for (const refused of answers.filter((a) => a.status === 429)) {
      expect(refused.body.error.code).toBe('TOO_MANY_ATTEMPTS');
      expect(refused.retryAfter).toMatch(/^\d+$/);
    }

    for (const [index, username] of usernames.entries()) {
      const real = await attempt(hub, `192.168.1.${10 + index}`, { username, password: testPassword });
      expect(real.status, `${username} from their own PC`).toBe(200);
    }
  });

  it('shows managers which accounts wait, from where and until when', async () => {
    const list = await admin.call<{ staff: StaffAccountView[] }>('GET', endpoints.staffList.path);
    const rita = list.body.staff.find((s) => s.username === 'rita')!;
    expect(Date.parse(rita.throttledUntil!)).toBeGreaterThan(clock.getTime());
    expect(rita.throttledFrom.sort()).toEqual(attackers);
    const ada = list.body.staff.find((s) => s.username === 'admin')!;
    expect(ada.throttledFrom.sort()).toEqual(attackers);
  });

  it('a manager unlocks an account they manage: its waits end at once, and the audit log says who did it', async () => {
    const manager = await signIn(hub, 'meg', { password: testPassword });
    const still = await attempt(hub, attackers[0]!, { username: 'rita', password: testPassword });
    expect(still.status).toBe(429);

    const notTheirs = await manager.call<ErrorBody>('POST', `/api/staff/${admin.staff.id}/unlock`);
    expect(notTheirs.status).toBe(403);
    expect(notTheirs.body.error.code).toBe('FORBIDDEN');

    const unlocked = await manager.call<{ staff: StaffAccountView }>('POST', `/api/staff/${people.reception!.id}/unlock`);
    expect(unlocked.status).toBe(200);
    expect(unlocked.body.staff).toMatchObject({ username: 'rita', throttledUntil: null, throttledFrom: [] });
    expect((await attempt(hub, attackers[0]!, { username: 'rita', password: testPassword })).status).toBe(200);
    const entries = auditOf(hub, 'staff.unlocked', people.reception!.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.staff_id).toBe(manager.staff.id);
    expect(JSON.parse(entries[0]!.detail!)).toMatchObject({ username: 'rita', role: 'reception', addresses: attackers.length });

    const page = await admin.call<AuditPage>('GET', '/api/audit?action=staff.unlocked');
    expect(page.body.entries.map((e) => e.subjectId)).toEqual([people.reception!.id]);
  });

  it('an admin resets a locked-out colleague’s password: their sessions end, the old one stops working, the new one works', async () => {
    const before = await signIn(hub, 'moe', { password: testPassword });
    const open = hub.hub.db.prepare('SELECT count(*) AS n FROM sessions WHERE staff_id = ? AND ended_at IS NULL').get(people.partner!.id) as { n: number };
    expect(open.n).toBeGreaterThanOrEqual(1);
    const newPassword = 'a brand new passphrase for moe';
    const reset = await admin.call<{ staff: StaffAccountView }>('POST', `/api/staff/${people.partner!.id}/reset-secret`, { password: newPassword });
    expect(reset.status).toBe(200);
    expect(reset.body.staff).toMatchObject({ username: 'moe', hasPassword: true, throttledUntil: null, throttledFrom: [] });
    const me = await before.call<ErrorBody>('GET', endpoints.me.path);
    expect(me.status).toBe(401);
    expect((await attempt(hub, '192.168.1.12', { username: 'moe', password: testPassword })).status).toBe(401);
    expect((await attempt(hub, '192.168.1.12', { username: 'moe', password: newPassword })).status).toBe(200);

    const entries = auditOf(hub, 'staff.secret-reset', people.partner!.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.staff_id).toBe(admin.staff.id);
    expect(JSON.parse(entries[0]!.detail!)).toMatchObject({ username: 'moe', kind: 'password', sessionsEnded: open.n });
    expect(JSON.stringify(hub.hub.db.prepare('SELECT * FROM audit_log').all())).not.toContain(newPassword);
  });

  it('resets a PIN only where the role may have one, never a guessable one, never one’s own, and only within reach', async () => {
    const manager = await signIn(hub, 'meg', { password: testPassword });
    const pinForManager = await admin.call<ErrorBody>('POST', `/api/staff/${people.manager!.id}/reset-secret`, { pin: '482916' });
    expect(pinForManager.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'pin' });
    const guessable = await manager.call<ErrorBody>('POST', `/api/staff/${people.reception!.id}/reset-secret`, { pin: '1111' });
    expect(guessable.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'pin' });
    const own = await admin.call<ErrorBody>('POST', `/api/staff/${admin.staff.id}/reset-secret`, { password: 'my own new passphrase' });
    expect(own.status).toBe(403);
    const adminsOnly = await manager.call<ErrorBody>('POST', `/api/staff/${admin.staff.id}/reset-secret`, { password: 'taking over the hub' });
    expect(adminsOnly.status).toBe(403);
    expect(adminsOnly.body.error.code).toBe('FORBIDDEN');

    const pin = await manager.call<{ staff: StaffAccountView }>('POST', `/api/staff/${people.reception!.id}/reset-secret`, { pin: '583920' });
    expect(pin.status).toBe(200);
    expect(pin.body.staff.hasPin).toBe(true);
    expect((await attempt(hub, '192.168.1.30', { username: 'rita', pin: '583920' })).status).toBe(200);
    expect(JSON.parse(auditOf(hub, 'staff.secret-reset', people.reception!.id)[0]!.detail!)).toMatchObject({ kind: 'pin' });
  });
});

describe('a flood of wrong attempts from one address', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ hub: queueTestHub({ server: { rateLimits: behindTheRateLimit } }) });
    await createStaff(await adminOf(hub), { role: 'manager', username: 'meg' });
  });
  afterAll(async () => hub.dispose());

  it('refuses what does not fit in its share of the queue, and a manager on another address is checked next', async () => {
    const attacker = '192.168.1.66';
    const watch = watchQueue(hub);
    const flood = Array.from({ length: 100 }, (_, i) => attempt(hub, attacker, { username: `nobody-${i}`, password: `wrong password number ${i}` }));
    // Every attempt of the flood has reached the queue (taken or refused) before the manager tries.
    await watch.until(() => watch.events.filter((e) => e.address === attacker && (e.kind === 'queued' || e.kind === 'refused')).length === 100);
    const waitingBefore = hub.auth.signInQueue.stats().waiting;
    expect(waitingBefore).toBeGreaterThan(0);

    const manager = await attempt(hub, '192.168.1.20', { username: 'meg', password: testPassword });
    expect(manager.status).toBe(200);
    const managerStarted = watch.events.find((e) => e.kind === 'started' && e.address === '192.168.1.20');
    // Queue position: nobody of the flood went before the manager, however many were waiting.
    expect(managerStarted).toMatchObject({ kind: 'started', waitedFor: 0 });

    const answers = await Promise.all(flood);
    watch.stop();
    expect(answers.filter((a) => a.status === 200)).toEqual([]);
    const busy = answers.filter((a) => a.status === 429);
    expect(busy.length).toBeGreaterThanOrEqual(100 - 20);
    for (const answer of busy) {
      expect(answer.body.error.code).toBe('TOO_MANY_ATTEMPTS');
      expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
    }
    // The flood's hashing was bounded by the address's share of the queue.
    const started = watch.events.filter((e) => e.kind === 'started' && e.address === attacker).length;
    expect(started).toBeLessThanOrEqual(hub.hub.config.hub.server.signIn.queuedPerAddress + 1);
  });
});
