import pino from 'pino';
import { parseHubConfig, type LoadedConfig } from '../../src-main/config/load-config';
import { DeviceManager } from '../../src-main/devices/device-manager';
import { Hub } from '../../src-main/hub';
import type { Clock } from '../../src-main/queue/queue-context';
import { openDatabase, type HubDatabase } from '../../src-main/store/database';
import { HubError } from '../../src-main/errors';
import { checkInRequest, type CheckInCommand } from '../../src-shared/api/contract';
import type { HubConfig } from '../../src-shared/config/schema';
import { queueTestHub } from './queue-hub';

/** Personal details a busy day plants, which must never leave the hub. */
export const planted = {
  name: 'Zebedee Quintrell',
  card: '98765432101',
  note: 'confided about rent arrears at Flat 9',
  howHeard: 'my neighbour Petronella told me',
  triageText: 'worried about my son Lysander',
  referralText: 'Mrs Okonkwo at the Tuesday food bank',
} as const;

/** The queue test hub with known outside organisations, and optionally a collector. */
export function syncTestHub(overrides: Parameters<typeof queueTestHub>[0] = {}): HubConfig {
  return queueTestHub({
    organisations: [
      { id: 'food-bank', name: 'Riverside Food Bank' },
      { id: 'shelter', name: 'Shelter helpline' },
    ],
    ...overrides,
  });
}

/** That hub with short retention periods: personal data kept 30 days, visits 90. */
export function retentionTestHub(): HubConfig {
  return syncTestHub({ privacy: { noticeVersion: '2026-11', personalDataRetentionDays: 30, visitRetentionDays: 90 } });
}

/** A clock tests move by hand. */
export function manualClock(start = '2026-03-02T09:00:00.000Z'): { now: () => Date; advance: (ms: number) => void; set: (iso: string) => void } {
  let t = Date.parse(start);
  return { now: () => new Date(t), advance: (ms) => (t += ms), set: (iso) => (t = Date.parse(iso)) };
}

let request = 0;

function checkInCommand(i: number): CheckInCommand {
  request += 1;
  const help = [['money'], ['housing'], ['work'], ['money', 'housing'], ['money', 'work']][i % 5]!;
  const byCard = i % 3 === 0;
  return checkInRequest.parse({
    requestId: `busy-${process.pid}-${request}`,
    identification: byCard ? { method: 'card', cardId: i === 0 ? planted.card : `4000${String(i).padStart(6, '0')}` } : { method: 'walk-in' },
    consent: { noticeVersion: '2026-11', optionalQuestions: true },
    howHeard: i % 4 === 0 ? [{ optionId: 'other', text: planted.howHeard }] : [{ optionId: 'friend-family' }],
    answers: { 'help-with': help, ...(i % 7 === 0 ? { 'anything-else': planted.triageText } : {}), ...(i % 11 === 0 ? { 'feeling-unsafe': true } : {}) },
    skipped: [],
    talkToSomeone: false,
    visitor: { displayName: i % 2 === 0 ? planted.name : null, language: 'en', interpreter: false, accessibility: [] },
  });
}

/**
 * A day at a hub, in process: `visits` check-ins (cards, walk-ins, free-text answers), then every
 * queue served — called, started and finished with outcomes and referrals, some no-shows undone,
 * transfers, stops added to finished visits, priorities, reprints and acknowledged alerts.
 */
export function busyDay(hub: Hub, clock: { advance: (ms: number) => void }, visits: number): { visitIds: string[] } {
  const queue = hub.queue;
  const visitIds: string[] = [];
  for (let i = 0; i < visits; i += 1) {
    clock.advance(20_000);
    const result = queue.checkIn(checkInCommand(i));
    visitIds.push(result.visitId);
    if (result.flags.includes('safeguarding') && i % 2 === 0) {
      const alert = hub.alerts.raise({ kind: 'flag', visitId: result.visitId, message: 'x', flags: result.flags });
      hub.acknowledgeAlert(alert.id, { id: 'staff-1', displayName: 'Rita' });
    }
    if (i % 9 === 0 && result.tickets[0]!.priority < 2) queue.prioritise(result.tickets[0]!.id, 2, 'staff-1');
    if (i % 13 === 0) queue.recordReprint(result.tickets[0]!.id, 'staff-1');
  }
  const desks: Record<string, string> = { welcome: 'Reception', housing: 'Desk 3', money: 'Desk 1', work: 'Desk 4' };
  let n = 0;
  const referTo = [undefined, 'food-bank', 'shelter', 'advice'] as const;
  for (let round = 0; round < 3; round += 1) {
    for (const serviceId of Object.keys(desks)) {
      for (;;) {
        let ticket;
        try {
          ticket = queue.callNext(serviceId, desks[serviceId]!, 'staff-1');
        } catch (error) {
          if (error instanceof HubError && error.code === 'QUEUE_EMPTY') break;
          throw error;
        }
        n += 1;
        clock.advance(60_000);
        if (n % 17 === 0) {
          clock.advance(6 * 60_000);
          queue.noShow(ticket.id, 'staff-1');
          queue.undoNoShow(ticket.id, 'staff-1');
          continue; // back in the queue; called again in this loop
        }
        queue.start(ticket.id, null, 'staff-1');
        clock.advance(5 * 60_000);
        const hasWork = queue.ticketsOfVisit(ticket.visitId).some((t) => t.serviceId === 'work' && t.id !== ticket.id && ['waiting', 'called', 'serving'].includes(t.status));
        if (n % 23 === 0 && serviceId !== 'work' && !hasWork) {
          queue.transfer(ticket.id, 'work', 'staff-1');
          continue;
        }
        const target = referTo[n % referTo.length];
        queue.finish(
          ticket.id,
          target
            ? { kind: 'referred', referredToId: target, referredTo: planted.referralText, ...(n % 2 ? { note: planted.note } : {}) }
            : { kind: 'advice-given', ...(n % 2 ? { note: planted.note } : {}) },
          'staff-1',
        );
        const stillOpen = queue.ticketsOfVisit(ticket.visitId).some((t) => t.status === 'waiting' || t.status === 'called' || t.status === 'serving');
        if (n % 7 === 0 && !stillOpen && round === 0) queue.addStop(ticket.visitId, serviceId === 'money' ? 'housing' : 'money', 'staff-1');
      }
    }
  }
  return { visitIds };
}

/** A hub in this process on `db`, without a server or devices, on the test clock. */
export function inProcessHub(config: LoadedConfig, db: HubDatabase, now: Clock): Hub {
  return new Hub({
    config,
    db,
    identifierKey: Buffer.alloc(32, 1),
    programmeKey: Buffer.alloc(32, 2),
    devices: new DeviceManager({ printer: null, cardReader: null, qrScanner: null }),
    logger: pino({ level: 'silent' }),
    now,
  });
}

/** A busy day's outbox as the uploader would send it: the envelopes of every event, in seq order. */
export function busyDayEvents(visits: number, hubId = 'test-hub'): Record<string, unknown>[] {
  const db = openDatabase(':memory:');
  const clock = manualClock();
  const hub = inProcessHub(parseHubConfig(syncTestHub({ id: hubId }), 'sync-hub.yaml'), db, clock.now);
  busyDay(hub, clock, visits);
  const events = hub.outbox.unsentRows(1_000_000).map((r) => (r.event.ok ? (JSON.parse(r.event.json) as Record<string, unknown>) : {}));
  db.close();
  return events;
}
