import { monitorEventLoopDelay } from 'node:perf_hooks';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { liveCloseCodes, type ServerMessage } from '../../src-shared/api/contract';
import type { HubConfigInput } from '../../src-shared/config/schema';
import { LiveClient } from '../helpers/live-client';
import { queueTestHub } from '../helpers/queue-hub';
import { fillQueueHistory } from '../helpers/queue-history';
import { signInAs, startTestHub, type StaffSession, type TestHub } from '../helpers/running-hub';

/**
 * The live channel under attack (issue "The hub under attack"): catch-ups that replayed the whole
 * history in one turn and froze the hub, connections that never read and grew its memory, dead
 * peers never dropped, and no limit on how many connections anyone may open.
 */

type LiveLimits = NonNullable<NonNullable<HubConfigInput['server']>['live']>;

/** A clock the test moves by hand; it starts on a Monday morning in London. */
function manualClock(startIso = '2026-11-23T09:30:00.000Z') {
  let now = Date.parse(startIso);
  return { now: () => new Date(now), set: (iso: string) => (now = Date.parse(iso)) };
}

/** What the hub logs, as objects, so a test can wait for what it did rather than sleep. */
function capturedLogs() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines };
}

const hubs: TestHub[] = [];
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  for (const hub of hubs.splice(0)) await hub.dispose();
});

async function hubWith(live: LiveLimits = {}, extra: { now?: () => Date; logger?: pino.Logger } = {}): Promise<TestHub> {
  const base = queueTestHub();
  const hub = await startTestHub({ hub: queueTestHub({ server: { ...base.server, live } }), ...extra });
  hubs.push(hub);
  return hub;
}

function liveUrl(hub: TestHub, since: number): string {
  return `${hub.url.replace(/^http/, 'ws')}/api/live?since=${since}`;
}

/** A raw `ws` client that records what it hears; `autoPong: false` plays a peer that is gone. */
function rawClient(hub: TestHub, since: number, options: WebSocket.ClientOptions = {}) {
  const socket = new WebSocket(liveUrl(hub, since), options);
  sockets.push(socket);
  const messages: ServerMessage[] = [];
  let waiter: { predicate: (m: ServerMessage) => boolean; resolve: () => void } | null = null;
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as ServerMessage;
    messages.push(message);
    if (waiter?.predicate(message)) waiter.resolve();
  });
  /** Resolves once a message that matches has arrived (or at once, if one has). */
  const heard = (predicate: (m: ServerMessage) => boolean) =>
    messages.some(predicate) ? Promise.resolve() : new Promise<void>((resolve) => (waiter = { predicate, resolve }));
  const closed = new Promise<number>((resolve) => socket.once('close', (code: number) => resolve(code)));
  const opened = new Promise<{ ok: true } | { ok: false; status: number; body: { error: { code: string; message: string } } }>((resolve, reject) => {
    socket.once('open', () => resolve({ ok: true }));
    socket.once('unexpected-response', (_request, response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve({ ok: false, status: response.statusCode ?? 0, body: JSON.parse(text) as { error: { code: string; message: string } } }));
    });
    socket.once('error', (error) => reject(error));
  });
  // A refused upgrade also ends in 'error' after 'unexpected-response'; the test looks at the reply.
  socket.on('error', () => undefined);
  return { socket, messages, closed, opened, heard };
}

const seqs = (client: LiveClient) => client.queueEvents().map((e) => e.seq);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('live channel under attack: catch-up', () => {
  it('a screen far behind (since=1 over a long history) is told to reload its snapshot and gets no history, without stalling the hub', async () => {
    const hub = await hubWith({ maxPerAddress: 100 });
    const desk = await signInAs(hub, 'reception');
    // 1,000 events, 700 of them calls and recalls: over the window for consoles and displays alike.
    const { lastSeq } = fillQueueHistory(hub.hub, { visits: 300, calls: 250, recalls: 450 });

    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const displays = await Promise.all(Array.from({ length: 50 }, () => LiveClient.connect(hub.url, 1)));
    const console = await LiveClient.connect(hub.url, 1, { headers: { cookie: desk.cookieHeader } });
    const screens = [...displays, console];
    await Promise.all(screens.map((s) => s.next((m) => m.kind === 'reload')));
    const called = await desk.call('POST', '/api/services/money/call-next', { desk: 'Desk 2' });
    await Promise.all(screens.map((s) => s.next((m) => m.kind === 'queue' && m.event.seq === lastSeq + 1)));
    delay.disable();

    expect(called.status).toBe(200);
    for (const screen of screens) {
      expect(screen.messages.find((m) => m.kind === 'reload')).toEqual({ kind: 'reload', reason: 'too-far-behind', lastSeq });
      // Nothing from the history: the next event after the reload is the live call.
      expect(seqs(screen)).toEqual([lastSeq + 1]);
    }
    // Replaying the history to 51 screens, each in one turn, stalled the loop for a second or more.
    expect(delay.max / 1e6).toBeLessThan(250);
    await Promise.all(screens.map((s) => s.close()));
  });

  it('catch-ups within the window arrive in seq order, nothing missed or twice, with a call made meanwhile queued behind them — and the call is answered before they finish', async () => {
    const hub = await hubWith({ maxPerAddress: 100 });
    const desk = await signInAs(hub, 'reception');
    const { lastSeq } = fillQueueHistory(hub.hub, { visits: 200, calls: 100, recalls: 300 });
    const since = lastSeq - 480;

    const screens = await Promise.all(Array.from({ length: 20 }, () => LiveClient.connect(hub.url, since, { headers: { cookie: desk.cookieHeader } })));
    // The catch-up has begun (some history has arrived) when the desk calls.
    await screens[0]!.next((m) => m.kind === 'queue');
    const called = await desk.call<{ seq?: number }>('POST', '/api/services/money/call-next', { desk: 'Desk 2' });
    const caughtUpWhenAnswered = screens.filter((s) => s.queueEvents().some((e) => e.seq === lastSeq)).length;
    expect(called.status).toBe(200);
    await Promise.all(screens.map((s) => s.next((m) => m.kind === 'queue' && m.event.seq === lastSeq + 1)));

    // The hub answered the desk while screens were still catching up: it does not replay in one turn.
    expect(caughtUpWhenAnswered).toBeLessThan(screens.length);
    for (const screen of screens) {
      expect(seqs(screen)).toEqual(range(since + 1, lastSeq + 1));
      expect(screen.messages.some((m) => m.kind === 'reload')).toBe(false);
    }
    await Promise.all(screens.map((s) => s.close()));
  });

  it('a display (anonymous) catches up calls only, counted and read by calls, while staff with the same gap are told to reload', async () => {
    const hub = await hubWith();
    const desk = await signInAs(hub, 'reception');
    fillQueueHistory(hub.hub, { visits: 100 });
    // 600 events after `since`, of which 300 calls: over the window for staff, within it for a display.
    const since = hub.hub.queue.lastSeq();
    const { lastSeq } = fillQueueHistory(hub.hub, { visits: 300, calls: 300 });
    const calls = hub.hub.queue.eventsSince(since, 1000).filter((e) => e.type === 'called');
    expect(calls).toHaveLength(300);

    const display = await LiveClient.connect(hub.url, since);
    const console = await LiveClient.connect(hub.url, since, { headers: { cookie: desk.cookieHeader } });
    await display.next((m) => m.kind === 'queue' && m.event.seq === calls.at(-1)!.seq);
    await console.next((m) => m.kind === 'reload');

    expect(display.queueEvents().map((e) => [e.seq, e.type])).toEqual(calls.map((e) => [e.seq, 'called']));
    expect(display.messages.some((m) => m.kind === 'reload')).toBe(false);
    expect(console.messages.find((m) => m.kind === 'reload')).toEqual({ kind: 'reload', reason: 'too-far-behind', lastSeq });
    expect(console.queueEvents()).toEqual([]);
    await display.close();
    await console.close();
  });

  it("a screen whose last event is from an earlier service day is told it is a new day and hears only today's events", async () => {
    const clock = manualClock('2026-11-22T11:00:00.000Z');
    const hub = await hubWith({}, { now: clock.now });
    const sunday = fillQueueHistory(hub.hub, { visits: 40, calls: 10 });
    clock.set('2026-11-23T09:30:00.000Z');
    const monday = fillQueueHistory(hub.hub, { visits: 5, calls: 2 });
    const desk = await signInAs(hub, 'reception');

    const console = await LiveClient.connect(hub.url, sunday.firstSeq + 5, { headers: { cookie: desk.cookieHeader } });
    await console.next((m) => m.kind === 'queue' && m.event.seq === monday.lastSeq);
    expect(console.messages[0]).toMatchObject({ kind: 'hello', serviceDay: '2026-11-23', lastSeq: monday.lastSeq });
    expect(console.messages[1]).toEqual({ kind: 'reload', reason: 'new-day', lastSeq: sunday.lastSeq });
    expect(seqs(console)).toEqual(range(monday.firstSeq, monday.lastSeq));
    await console.close();
  });
});

describe('live channel under attack: connections', () => {
  it('closes a connection that never reads once its send buffer passes the limit, with a code the screen reconnects on', async () => {
    const { logger, lines } = capturedLogs();
    const limit = 64 * 1024;
    const hub = await hubWith({ maxBufferedBytes: limit }, { logger });
    const desk = await signInAs(hub, 'reception');
    fillQueueHistory(hub.hub, { visits: 1 });
    const ticket = hub.hub.queue.callNext('money', 'Desk 1');
    const reader = rawClient(hub, 0, { headers: { cookie: desk.cookieHeader } });
    await reader.opened;
    await reader.heard((m) => m.kind === 'hello');
    reader.socket.pause();

    const closedForSlowness = () => lines.some((l) => l['msg'] === 'live connection closed' && l['reason'] === 'too-slow');
    // Loopback's kernel buffers hold tens of MB before anything waits in the hub, so big alerts
    // (64 KB each, in one turn) stand in for a long day of events sent to a screen that never reads.
    let sent = 0;
    for (; sent < 2000 && !closedForSlowness(); sent += 1) hub.hub.alerts.raise({ kind: 'device', visitId: null, flags: [], message: 'x'.repeat(64 * 1024) });
    expect(closedForSlowness()).toBe(true);
    const bytesWhenClosed = lines.find((l) => l['reason'] === 'too-slow')!['bufferedBytes'] as number;
    expect(bytesWhenClosed).toBeGreaterThan(limit);
    expect(bytesWhenClosed).toBeLessThan(limit + 2 * 66 * 1024);

    // Nothing more is queued for it once it is closed.
    hub.hub.queue.recall(ticket.id, 'Desk 1');
    hub.hub.alerts.raise({ kind: 'device', visitId: null, flags: [], message: 'after the close' });
    reader.socket.resume();
    expect(await reader.closed).toBe(liveCloseCodes.tooSlow);
    expect(reader.messages.filter((m) => m.kind === 'queue')).toEqual([]);
    const alerts = reader.messages.filter((m) => m.kind === 'alert');
    expect(alerts.length).toBeLessThanOrEqual(sent);
    expect(alerts.some((m) => m.kind === 'alert' && m.alert.message === 'after the close')).toBe(false);
  });

  it('pings every interval and closes a connection that misses a pong; one that answers stays', async () => {
    const hub = await hubWith({ heartbeatMs: 50 });
    const gone = rawClient(hub, 0, { autoPong: false });
    const alive = rawClient(hub, 0);
    await Promise.all([gone.opened, alive.opened]);
    let pings = 0;
    const threePings = new Promise<void>((resolve) => alive.socket.on('ping', () => (pings += 1) === 3 && resolve()));

    expect(await gone.closed).toBe(1006);
    await threePings;
    expect(alive.socket.readyState).toBe(WebSocket.OPEN);
  });

  it('refuses connections over the per-address cap (429) and over the total cap (503) at the upgrade, and frees a slot when one closes', async () => {
    const hub = await hubWith({ maxPerAddress: 3, maxConnections: 5 });
    const fromOne = [rawClient(hub, 0), rawClient(hub, 0), rawClient(hub, 0)];
    for (const c of fromOne) expect(await c.opened).toEqual({ ok: true });

    const fourth = await rawClient(hub, 0).opened;
    expect(fourth).toMatchObject({ ok: false, status: 429, body: { error: { code: 'TOO_MANY_CONNECTIONS' } } });

    const fromTwo = [rawClient(hub, 0, { localAddress: '127.0.0.2' }), rawClient(hub, 0, { localAddress: '127.0.0.2' })];
    for (const c of fromTwo) expect(await c.opened).toEqual({ ok: true });
    const sixth = await rawClient(hub, 0, { localAddress: '127.0.0.3' }).opened;
    expect(sixth).toMatchObject({ ok: false, status: 503, body: { error: { code: 'HUB_BUSY' } } });

    fromOne[0]!.socket.close();
    await fromOne[0]!.closed;
    // The hub frees the slot when it sees the close: a few attempts at most, no waiting in between.
    let again: Awaited<ReturnType<typeof rawClient>['opened']> = { ok: false, status: 0, body: { error: { code: '', message: '' } } };
    for (let attempt = 0; attempt < 20 && !again.ok; attempt += 1) again = await rawClient(hub, 0).opened;
    expect(again).toEqual({ ok: true });
  });
});

describe('live channel under attack: staff session stays usable', () => {
  it('a screen told to reload can read the snapshot and carry on from the seq it was given', async () => {
    const hub = await hubWith({ catchUpMaxEvents: 50 });
    const desk: StaffSession = await signInAs(hub, 'reception');
    fillQueueHistory(hub.hub, { visits: 100 });
    const console = await LiveClient.connect(hub.url, 1, { headers: { cookie: desk.cookieHeader } });
    const reload = await console.next((m) => m.kind === 'reload');
    const snapshot = await desk.call<{ lastSeq: number }>('GET', '/api/queue');
    expect(reload).toMatchObject({ reason: 'too-far-behind' });
    expect(snapshot.body.lastSeq).toBe(reload.kind === 'reload' ? reload.lastSeq : -1);
    await desk.call('POST', '/api/services/money/call-next', { desk: 'Desk 1' });
    await console.next((m) => m.kind === 'queue' && m.event.type === 'called');
    expect(seqs(console)).toEqual([snapshot.body.lastSeq + 1]);
    await console.close();
  });
});
