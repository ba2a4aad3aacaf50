import { request as httpRequest } from 'node:http';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevices } from '../../src-main/devices/create-devices';
import type { CheckInResponse, IdentifyResponse, ServerMessage } from '../../src-shared/api/contract';
import { kioskCookie, type KioskStatusReply, type KioskView, type PairingCodeReply } from '../../src-shared/api/kiosk-contract';
import { rateLimitDefaults } from '../../src-shared/config/schema';
import { LiveClient } from '../helpers/live-client';
import { checkInBody, queueTestHub } from '../helpers/queue-hub';
import { call, signInAs, startTestHub, type StaffSession, type TestHub } from '../helpers/running-hub';

/**
 * The kiosk routes as an attacker finds them (issue "The hub under attack"): every test sends what
 * was sent when the hole was found and asserts the refusal. Callers on the network are played with
 * `inject` from their address; the hub's own machine is real HTTP to 127.0.0.1.
 */

type ErrorBody = { error?: { code: string; message: string; details?: Record<string, unknown> } };
type Injected = { status: number; body: unknown; headers: Record<string, unknown> };

/** The name the hub is reached by on the hub's network (in server.allowedHosts). */
const lanName = 'frontdoor.hub.lan';
const card = '00123456';

function safeguardingCheckIn(options: { card?: string; name?: string } = {}) {
  const body = checkInBody({ help: ['money'], ...(options.card ? { card: options.card } : {}), name: options.name ?? 'Zed' });
  return { ...body, answers: { ...body.answers, 'feeling-unsafe': true } };
}

describe('the kiosk routes under attack', () => {
  let hub: TestHub;
  let port: string;
  let manager: StaffSession;

  /** A caller on the network at `address`, naming the hub as the hub's network does. */
  async function fromNetwork(
    address: string,
    method: 'GET' | 'POST',
    url: string,
    options: { payload?: object; cookie?: string; host?: string; origin?: string } = {},
  ): Promise<Injected & { json: ErrorBody }> {
    const host = options.host ?? `${lanName}:${port}`;
    const res = await hub.server.inject({
      method,
      url,
      remoteAddress: address,
      headers: { host, origin: options.origin ?? `http://${host}`, ...(options.cookie ? { cookie: options.cookie } : {}) },
      ...(options.payload ? { payload: options.payload } : {}),
    });
    const body: unknown = res.body ? JSON.parse(res.body) : null;
    return { status: res.statusCode, body, json: (body ?? {}) as ErrorBody, headers: res.headers };
  }

  /** Enrols a kiosk from `address` with a manager's fresh pairing code; returns its cookie header. */
  async function enrol(address: string, name: string): Promise<{ cookie: string; id: string }> {
    const code = (await manager.call<PairingCodeReply>('POST', '/api/kiosks/pairing-codes', { name })).body.code;
    const res = await fromNetwork(address, 'POST', '/api/kiosks/enrol', { payload: { code } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(new RegExp(`^${kioskCookie}=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Strict; Max-Age=\\d+$`));
    return { cookie: setCookie.split(';')[0]!, id: (res.body as { kiosk: { id: string } }).kiosk.id };
  }

  beforeAll(async () => {
    const config = queueTestHub({ server: { host: '127.0.0.1', port: 0, allowedHosts: [lanName] } as never });
    hub = await startTestHub({ hub: config, devices: await createDevices(config, pino({ level: 'silent' })) });
    port = new URL(hub.url).port;
    manager = await signInAs(hub, 'manager');
    // Ana's card is known to the hub, with her name: what the flood was fishing for.
    const ana = await call<CheckInResponse>(hub, 'POST', '/api/check-ins', checkInBody({ card, name: 'Ana' }));
    expect(ana.status).toBe(201);
  });
  afterAll(async () => hub?.dispose());

  describe('identify flood', () => {
    it('refuses every identify from an address that is not an enrolled kiosk, and never names anyone', async () => {
      const replies = await Promise.all(
        Array.from({ length: 200 }, (_, i) => fromNetwork('192.168.1.50', 'POST', '/api/identify', { payload: { method: 'card', raw: String(123400 + i).padStart(8, '0') } })),
      );
      for (const res of replies) {
        expect(res.status).toBe(401);
        expect(res.json.error?.code).toBe('KIOSK_NOT_ENROLLED');
      }
      const own = await fromNetwork('192.168.1.50', 'POST', '/api/identify', { payload: { method: 'card', raw: card } });
      expect(own.status).toBe(401);
      expect(JSON.stringify(own.body)).not.toContain('Ana');
    });

    it('treats 127.0.0.2 as a device on the network, not as the hub’s own machine', async () => {
      for (const host of [`${lanName}:${port}`, `127.0.0.1:${port}`]) {
        const identify = await fromNetwork('127.0.0.2', 'POST', '/api/identify', { payload: { method: 'card', raw: card }, host });
        expect(identify.status).toBe(401);
        expect(JSON.stringify(identify.body)).not.toContain('Ana');
        expect((await fromNetwork('127.0.0.2', 'POST', '/api/devices/simulate', { payload: { device: 'card', raw: card }, host })).status).toBe(401);
        expect((await fromNetwork('127.0.0.2', 'GET', '/api/devices', { host })).status).toBe(401);
        const status = await fromNetwork('127.0.0.2', 'GET', '/api/kiosks/current', { host });
        expect(status.body).toEqual({ trusted: false, via: null, name: null } satisfies KioskStatusReply);
      }
      // The hub's own machine, over real HTTP, is trusted; the same through an unnamed proxy is not.
      expect((await call<KioskStatusReply>(hub, 'GET', '/api/kiosks/current')).body).toEqual({ trusted: true, via: 'hub-machine', name: null });
      const proxied = await call<ErrorBody>(hub, 'POST', '/api/identify', { method: 'card', raw: card }, { 'x-forwarded-for': '203.0.113.9' });
      expect(proxied.status).toBe(401);
      expect(JSON.stringify(proxied.body)).not.toContain('Ana');
    });

    it('rate-limits identify from an enrolled kiosk: 429, Retry-After, RATE_LIMITED with the seconds to wait', async () => {
      const kiosk = await enrol('192.168.1.60', 'Flooding kiosk');
      const limit = rateLimitDefaults.kiosk.max;
      const replies = await Promise.all(
        Array.from({ length: limit + 40 }, () => fromNetwork('192.168.1.60', 'POST', '/api/identify', { payload: { method: 'card', raw: card }, cookie: kiosk.cookie })),
      );
      const ok = replies.filter((r) => r.status === 200);
      const limited = replies.filter((r) => r.status === 429);
      expect(ok).toHaveLength(limit);
      expect(limited).toHaveLength(40);
      expect((ok[0]!.body as IdentifyResponse).displayName).toBe('Ana');
      const refusal = limited[0]!;
      expect(Number(refusal.headers['retry-after'])).toBeGreaterThan(0);
      expect(refusal.json).toEqual({
        error: { code: 'RATE_LIMITED', message: expect.stringMatching(/too many/i), details: { retryAfterSeconds: Number(refusal.headers['retry-after']) } },
      });
      // Counted per kiosk: another enrolled kiosk behind the same address is not slowed down.
      const other = await enrol('192.168.1.60', 'Second kiosk, same address');
      expect((await fromNetwork('192.168.1.60', 'POST', '/api/identify', { payload: { method: 'card', raw: card }, cookie: other.cookie })).status).toBe(200);
    });

    it('rate-limits guessing pairing codes (a sign-in class route) per address', async () => {
      const limit = rateLimitDefaults['sign-in'].max;
      const replies = await Promise.all(
        Array.from({ length: limit + 5 }, (_, i) => fromNetwork('192.168.1.70', 'POST', '/api/kiosks/enrol', { payload: { code: `AAAA-${String(2222 + i).slice(-4)}` } })),
      );
      expect(replies.filter((r) => r.status === 401)).toHaveLength(limit);
      expect(replies.filter((r) => r.status === 429)).toHaveLength(5);
      expect(replies.find((r) => r.status === 429)!.json.error?.code).toBe('RATE_LIMITED');
    });
  });

  describe('check-ins', () => {
    it('never overwrites a stored name, even from a trusted kiosk', async () => {
      const res = await call<CheckInResponse>(hub, 'POST', '/api/check-ins', checkInBody({ card, name: 'Mallory' }));
      expect(res.status).toBe(201);
      expect(res.body.knownVisitor).toBe(true);
      const identity = await call<IdentifyResponse>(hub, 'POST', '/api/identify', { method: 'card', raw: card });
      expect(identity.body.displayName).toBe('Ana');
    });

    it('refuses card ids a card reader could never have produced', async () => {
      for (const cardId of ['ab', '../../etc/passwd', ' 00123456', 'x'.repeat(40), '0012 3456']) {
        const res = await call<ErrorBody>(hub, 'POST', '/api/check-ins', checkInBody({ card: cardId }));
        expect(res.status, cardId).toBe(422);
        expect(res.body.error?.code, cardId).toBe('CARD_UNREADABLE');
      }
      const member = await call<ErrorBody>(hub, 'POST', '/api/check-ins', { ...checkInBody(), identification: { method: 'qr', memberId: '<script>' } });
      expect(member.status).toBe(422);
    });

    it('makes no fake safeguarding tickets for an address on the network, and only a limited number for an enrolled kiosk', async () => {
      const countFlagged = () =>
        (hub.hub.db.prepare(`SELECT count(*) AS n FROM visit_flags WHERE flag = 'safeguarding'`).get() as { n: number }).n;
      const before = countFlagged();
      const anonymous = await Promise.all(Array.from({ length: 300 }, () => fromNetwork('192.168.1.80', 'POST', '/api/check-ins', { payload: safeguardingCheckIn() })));
      expect(anonymous.every((r) => r.status === 401)).toBe(true);
      expect(countFlagged()).toBe(before);

      const kiosk = await enrol('192.168.1.81', 'Hall kiosk');
      const flood = await Promise.all(
        Array.from({ length: 300 }, () => fromNetwork('192.168.1.81', 'POST', '/api/check-ins', { payload: safeguardingCheckIn(), cookie: kiosk.cookie })),
      );
      const made = flood.filter((r) => r.status === 201).length;
      expect(made).toBe(rateLimitDefaults.kiosk.max);
      expect(flood.filter((r) => r.status === 429)).toHaveLength(300 - made);
      expect(countFlagged()).toBe(before + made);
    });
  });

  describe('foreign Host names (DNS rebinding)', () => {
    function rawHttp(path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
      const url = new URL(hub.url);
      return new Promise((resolve, reject) => {
        const req = httpRequest({ host: url.hostname, port: url.port, path, method: 'GET', headers }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end();
      });
    }

    it('answers 421 to a page that reached the hub under another name, over real HTTP to 127.0.0.1', async () => {
      const evil = { host: `evil.example:${port}`, origin: `http://evil.example:${port}` };
      for (const path of ['/api/hub', '/api/kiosks/current', '/api/devices', '/kiosk']) {
        const res = await rawHttp(path, evil);
        expect(res.status, path).toBe(421);
        expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'MISDIRECTED_REQUEST' } });
      }
      for (const host of ['127.0.0.2', 'evil.example', `localhost.evil.example:${port}`, `[::2]:${port}`, `127.0.0.1@evil.example:${port}`]) {
        expect((await rawHttp('/api/health', { host })).status, host).toBe(421);
      }
      for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `${lanName}:${port}`, `FrontDoor.Hub.Lan`]) {
        expect((await rawHttp('/api/health', { host })).status, host).toBe(200);
      }
    });

    it('refuses the WebSocket upgrade from a foreign Host, so no card read reaches it', async () => {
      const url = `${hub.url.replace(/^http/, 'ws')}/api/live`;
      const status = await new Promise<number>((resolve, reject) => {
        const socket = new WebSocket(url, { headers: { host: `evil.example:${port}`, origin: `http://evil.example:${port}` } });
        socket.once('unexpected-response', (_req, res) => {
          resolve(res.statusCode ?? 0);
          socket.terminate();
        });
        socket.once('open', () => reject(new Error('the hub accepted a WebSocket from a foreign Host')));
        socket.once('error', () => undefined);
      });
      expect(status).toBe(421);
    });
  });

  describe('enrolment', () => {
    it('pairs a kiosk once with a short code, lists it, and refuses it at once when revoked (live channel included)', async () => {
      const code = await manager.call<PairingCodeReply>('POST', '/api/kiosks/pairing-codes', { name: 'Library kiosk' });
      expect(code.status).toBe(201);
      expect(code.body.code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
      expect(Date.parse(code.body.expiresAt) - Date.now()).toBeLessThanOrEqual(10 * 60_000 + 1000);
      // The code is stored only as a hash.
      expect(JSON.stringify(hub.hub.db.prepare('SELECT * FROM kiosk_pairing_codes').all())).not.toContain(code.body.code.replace('-', ''));

      const before = await fromNetwork('192.168.1.90', 'POST', '/api/identify', { payload: { method: 'card', raw: card } });
      expect(before.status).toBe(401);
      const enrolled = await fromNetwork('192.168.1.90', 'POST', '/api/kiosks/enrol', { payload: { code: code.body.code.toLowerCase() } });
      expect(enrolled.status).toBe(201);
      const cookie = String(enrolled.headers['set-cookie']).split(';')[0]!;
      const credential = cookie.split('=')[1]!;
      expect(JSON.stringify(hub.hub.db.prepare('SELECT * FROM kiosks').all())).not.toContain(credential);
      // Single use: the same code again, from anywhere, is refused.
      const again = await fromNetwork('192.168.1.91', 'POST', '/api/kiosks/enrol', { payload: { code: code.body.code } });
      expect(again.status).toBe(401);
      expect(again.json.error?.code).toBe('PAIRING_CODE_INVALID');

      expect((await fromNetwork('192.168.1.90', 'GET', '/api/kiosks/current', { cookie })).body).toEqual({ trusted: true, via: 'enrolled', name: 'Library kiosk' });
      const identify = await fromNetwork('192.168.1.90', 'POST', '/api/identify', { payload: { method: 'card', raw: card }, cookie });
      expect(identify.status).toBe(200);
      // A page of another site in the kiosk's browser does not get to use its cookie.
      expect((await fromNetwork('192.168.1.90', 'POST', '/api/identify', { payload: { method: 'card', raw: card }, cookie, origin: 'http://evil.example' })).status).toBe(403);
      // An invented credential is nobody.
      expect((await fromNetwork('192.168.1.90', 'POST', '/api/identify', { payload: { method: 'card', raw: card }, cookie: `${kioskCookie}=${'A'.repeat(43)}` })).status).toBe(401);

      const listed = (await manager.call<{ kiosks: KioskView[] }>('GET', '/api/kiosks')).body.kiosks.find((k) => k.name === 'Library kiosk')!;
      expect(listed).toMatchObject({ enrolledAt: expect.any(String), lastSeenAt: expect.any(String), revokedAt: null });

      // The enrolled kiosk's live channel hears card reads; a stranger's does not.
      const live = await hub.server.injectWS('/api/live', { headers: { host: `${lanName}:${port}`, cookie }, socket: { remoteAddress: '192.168.1.90' } } as never);
      const stranger = await hub.server.injectWS('/api/live', { headers: { host: `${lanName}:${port}` }, socket: { remoteAddress: '192.168.1.92' } } as never);
      const heard: ServerMessage[] = [];
      const strangerHeard: ServerMessage[] = [];
      live.on('message', (data) => heard.push(JSON.parse(String(data)) as ServerMessage));
      stranger.on('message', (data) => strangerHeard.push(JSON.parse(String(data)) as ServerMessage));
      const closed = new Promise<number>((resolve) => live.once('close', (code: number) => resolve(code)));
      await call(hub, 'POST', '/api/devices/simulate', { device: 'card', raw: card });
      await expect.poll(() => heard.some((m) => m.kind === 'reader')).toBe(true);

      const revoked = await manager.call<{ kiosk: KioskView }>('POST', `/api/kiosks/${listed.id}/revoke`);
      expect(revoked.status).toBe(200);
      expect(revoked.body.kiosk.revokedAt).toEqual(expect.any(String));
      expect(await closed).toBe(4403);
      const after = await fromNetwork('192.168.1.90', 'POST', '/api/identify', { payload: { method: 'card', raw: card }, cookie });
      expect(after.status).toBe(401);
      expect(after.json.error?.code).toBe('KIOSK_NOT_ENROLLED');
      expect(strangerHeard.some((m) => m.kind === 'reader' || m.kind === 'device')).toBe(false);
      stranger.terminate();

      const audit = (await manager.call<{ entries: { action: string; subjectId: string | null }[] }>('GET', '/api/audit?pageSize=100')).body.entries;
      const actions = audit.filter((e) => e.action.startsWith('kiosk.')).map((e) => e.action);
      expect(actions).toEqual(expect.arrayContaining(['kiosk.pairing-code-created', 'kiosk.enrolled', 'kiosk.revoked']));
    });

    it('refuses an expired pairing code, and a guess', async () => {
      const code = (await manager.call<PairingCodeReply>('POST', '/api/kiosks/pairing-codes', { name: 'Late kiosk' })).body.code;
      hub.hub.db.prepare(`UPDATE kiosk_pairing_codes SET expires_at = '2000-01-01T00:00:00.000Z' WHERE name = 'Late kiosk'`).run();
      expect((await fromNetwork('192.168.1.93', 'POST', '/api/kiosks/enrol', { payload: { code } })).json.error?.code).toBe('PAIRING_CODE_INVALID');
      expect((await fromNetwork('192.168.1.93', 'POST', '/api/kiosks/enrol', { payload: { code: 'AAAA-BBBB' } })).status).toBe(401);
    });

    it('lets only managers and admins make codes and revoke kiosks', async () => {
      const reception = await signInAs(hub, 'reception');
      expect((await reception.call<ErrorBody>('POST', '/api/kiosks/pairing-codes', { name: 'Mine' })).status).toBe(403);
      expect((await call<ErrorBody>(hub, 'POST', '/api/kiosks/pairing-codes', { name: 'Mine' })).status).toBe(401);
    });
  });

  describe('the device simulators', () => {
    it('refuses partners (reception and above, or the hub’s own machine, only)', async () => {
      const partner = await signInAs(hub, 'partner', { services: ['money'] });
      const res = await partner.call<ErrorBody>('POST', '/api/devices/simulate', { device: 'printer', state: 'paper-out' });
      expect(res.status).toBe(403);
      expect(res.body.error?.code).toBe('FORBIDDEN');
      const reception = await signInAs(hub, 'reception');
      expect((await reception.call('POST', '/api/devices/simulate', { device: 'printer', state: 'ready' })).status).toBe(200);
    });
  });

  describe('files on disk', () => {
    it('keeps the data folder 0700 and the database (with its -wal and -shm) 0600', () => {
      const mode = (path: string) => statSync(path).mode & 0o777;
      expect(mode(hub.dataDir)).toBe(0o700);
      for (const file of ['frontdoor.sqlite', 'frontdoor.sqlite-wal', 'frontdoor.sqlite-shm']) expect(mode(join(hub.dataDir, file)), file).toBe(0o600);
    });
  });
});

describe('a live connection from the hub’s own machine', () => {
  it('still hears card reads (the kiosk on the hub)', async () => {
    const config = queueTestHub();
    const hub = await startTestHub({ hub: config, devices: await createDevices(config, pino({ level: 'silent' })) });
    const kiosk = await LiveClient.connect(hub.url);
    try {
      await call(hub, 'POST', '/api/devices/simulate', { device: 'card', raw: card });
      await kiosk.next((m) => m.kind === 'reader');
    } finally {
      await kiosk.close();
      await hub.dispose();
    }
  });
});
