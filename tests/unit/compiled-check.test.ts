import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileCheck } from '../../src-shared/sync/compiled-check';
import { isSyncEvent, syncEvent } from '../../src-shared/sync/events';

const envelope = {
  hubId: 'hub-a',
  schemaVersion: 1,
  occurredAt: '2026-03-02T09:15:00.123Z',
  configVersion: 3,
  configHash: '0123456789abcdef0123',
};
const visitId = '6a0f1d2e-0000-4000-8000-000000000001';
const ticketId = '6a0f1d2e-0000-4000-8000-000000000002';
const hubEventId = '6a0f1d2e-0000-4000-8000-000000000003';

/** One valid event of each shape the union knows. */
const samples: Record<string, unknown>[] = [
  {
    ...envelope,
    eventId: '0190a6c2-0000-7000-8000-000000000001',
    seq: 1,
    type: 'visit.checked-in',
    payload: {
      visitId,
      serviceDay: '2026-03-02',
      checkedInAt: '2026-03-02T09:15:00.000Z',
      method: 'card',
      knownVisitor: true,
      visitor: '0123456789abcdef0123456789abcdef',
      consentVersion: '2026-11',
      optionalQuestions: true,
      howHeard: ['friend-family'],
      needs: ['money', 'housing'],
      flags: ['urgent'],
      talkToSomeone: false,
      language: 'pl',
      interpreter: false,
      stops: ['money'],
    },
  },
  { ...envelope, eventId: '0190a6c2-0000-7000-8000-000000000002', seq: 2, type: 'ticket.created', payload: { ticketId, visitId, serviceId: 'money', number: 'M001', desk: null } },
  {
    ...envelope,
    eventId: '0190a6c2-0000-7000-8000-000000000003',
    seq: 3,
    type: 'ticket.no-show-undone',
    payload: { ticketId, visitId, serviceId: 'money', number: 'M001', desk: 'Desk 2', noShowAt: null },
  },
  { ...envelope, eventId: '0190a6c2-0000-7000-8000-000000000004', seq: 4, type: 'ticket.prioritised', payload: { ticketId, visitId, serviceId: 'money', number: 'M001', desk: null, from: 0, to: 2 } },
  {
    ...envelope,
    eventId: '0190a6c2-0000-7000-8000-000000000005',
    seq: 5,
    type: 'outcome.recorded',
    payload: { ticketId, visitId, serviceId: 'money', kind: 'referred', referredTo: 'food-bank' },
  },
  { ...envelope, eventId: '0190a6c2-0000-7000-8000-000000000006', seq: 6, type: 'visit.closed', payload: { visitId, closedAt: '2026-03-02T10:00:00.000Z' } },
  { ...envelope, eventId: '0190a6c2-0000-7000-8000-000000000007', seq: 7, type: 'visit.reopened', payload: { visitId, reopenedAt: '2026-03-02T10:05:00Z', reason: 'stop-added' } },
  {
    ...envelope,
    eventId: '0190a6c2-0000-7000-8000-000000000008',
    seq: 8,
    type: 'flags.acknowledged',
    payload: { visitId, flags: ['crisis'], raisedAt: '2026-03-02T09:15:00+01:00', acknowledgedAt: '2026-03-02T09:16:00.000Z' },
  },
  {
    ...envelope,
    eventId: '0190a6c2-0000-7000-8000-000000000009',
    seq: 9,
    type: 'journey.recorded',
    payload: {
      factId: 3,
      visitId,
      visitor: '0123456789abcdef0123456789abcdef',
      serviceId: 'work',
      stage: 'outcome',
      organisationId: null,
      programmeId: 'connect-to-work',
      outcomeKind: 'job',
      evidence: 'payslip-or-contract',
      occurredOn: '2026-03-20',
      recordedAt: '2026-03-21T11:00:00.000Z',
    },
  },
  {
    ...envelope,
    eventId: '0190a6c2-0000-7000-8000-00000000000a',
    seq: 10,
    type: 'event.saved',
    payload: { eventId: hubEventId, kind: 'jobs-fair', startsAt: '2026-03-02T10:00:00.000Z', endsAt: '2026-03-02T13:00:00.000Z', partnerId: 'jobs', capacity: 40, cancelled: false },
  },
  { ...envelope, eventId: '0190a6c2-0000-7000-8000-00000000000b', seq: 11, type: 'event.deleted', payload: { eventId: hubEventId } },
  { ...envelope, eventId: '0190a6c2-0000-7000-8000-00000000000c', seq: 12, type: 'visit.event-tagged', payload: { visitId, eventId: hubEventId, source: 'kiosk' } },
];

/** Values a mutation puts somewhere: near misses of what the schemas want, and plain JSON. */
const nearMisses = fc.oneof(
  fc.constantFrom(
    null,
    true,
    0,
    -1,
    1.5,
    3,
    2 ** 53,
    '',
    'M01',
    'm001',
    'Money',
    'food bank',
    '2026-02-30',
    '2026-03-02T09:15:00',
    '2026-03-02T09:15:00+01:00',
    '2026-03-02T24:00:00Z',
    '0190a6c2-0000-6000-8000-000000000001',
    '6A0F1D2E-0000-4000-8000-000000000001',
    '0123456789abcdef0123456789abcde',
    'x'.repeat(33),
    'staff',
    'ticket.bogus',
    [],
    ['money', 'Money'],
    {},
  ),
  fc.jsonValue({ maxDepth: 2 }),
);

type Json = unknown;

/** Replaces, adds or removes the value at a random path of `value`. */
function mutate(value: Json, g: fc.GeneratorValue): Json {
  if (Array.isArray(value)) {
    if (value.length === 0 || g(fc.nat, { max: 4 }) === 0) return [...value, g(() => nearMisses)];
    const i = g(fc.nat, { max: value.length - 1 });
    return value.map((v, j) => (j === i ? mutate(v, g) : v));
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, Json>;
    const keys = Object.keys(record);
    const what = g(fc.nat, { max: 9 });
    if (what === 0 || keys.length === 0) return { ...record, [g(() => fc.constantFrom('name', 'note', 'displayName', 'extra', 'payload', 'seq'))]: g(() => nearMisses) };
    const key = keys[g(fc.nat, { max: keys.length - 1 })]!;
    if (what === 1) {
      const { [key]: _gone, ...rest } = record;
      return rest;
    }
    return { ...record, [key]: what < 4 ? g(() => nearMisses) : mutate(record[key], g) };
  }
  return g(() => nearMisses);
}

describe('the compiled event check', () => {
  it('accepts every valid event of each shape, as zod does', () => {
    for (const event of samples) {
      expect(syncEvent.safeParse(event).success, JSON.stringify(event)).toBe(true);
      expect(isSyncEvent(event), JSON.stringify(event)).toBe(true);
    }
  });

  it('agrees with zod on mutated events: never accepts what zod refuses, and what it accepts zod returns unchanged', () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(fc.constantFrom(...samples), fc.integer({ min: 1, max: 3 }), fc.gen(), (sample, times, g) => {
        let value: Json = sample;
        for (let i = 0; i < times; i += 1) value = mutate(value, g);
        const zod = syncEvent.safeParse(value);
        if (isSyncEvent(value)) {
          accepted += 1;
          expect(zod.success).toBe(true);
          expect(zod.data).toEqual(value);
        } else {
          refused += 1;
          // Not needed for safety (zod has the last word), but a valid event must not take the slow path.
          expect(zod.success, JSON.stringify(value)).toBe(false);
        }
      }),
      { numRuns: 3000 },
    );
    // The mutations reach both sides: some still valid, most not.
    expect(accepted).toBeGreaterThan(5);
    expect(refused).toBeGreaterThan(1000);
  });

  it('refuses a name, a wrong type, a missing field and an unknown event type', () => {
    const visit = samples[0] as { payload: Record<string, unknown> };
    expect(isSyncEvent({ ...visit, payload: { ...visit.payload, name: 'Zebedee' } })).toBe(false);
    expect(isSyncEvent({ ...visit, seq: '1' })).toBe(false);
    expect(isSyncEvent({ ...visit, seq: 0 })).toBe(false);
    const { visitor: _visitor, ...withoutVisitor } = visit.payload;
    expect(isSyncEvent({ ...visit, payload: withoutVisitor })).toBe(false);
    expect(isSyncEvent({ ...visit, type: 'visit.deleted' })).toBe(false);
    expect(isSyncEvent([visit])).toBe(false);
    expect(isSyncEvent(null)).toBe(false);
  });

  it('leaves to zod what it cannot compile', () => {
    const withTransform = z.strictObject({ a: z.string().transform((s) => s.trim()) });
    const loose = z.object({ a: z.string() });
    const url = z.strictObject({ a: z.url() });
    for (const [schema, value] of [
      [withTransform, { a: ' x ' }],
      [loose, { a: 'x', b: 1 }],
      [url, { a: 'https://example.org' }],
    ] as const) {
      expect(schema.safeParse(value).success).toBe(true);
      expect(compileCheck(schema)(value)).toBe(false);
    }
    const plain = compileCheck(z.strictObject({ n: z.number().int().min(0).max(2), s: z.string().min(2).max(3).optional() }));
    expect([plain({ n: 2 }), plain({ n: 2.5 }), plain({ n: 3 }), plain({ n: 0, s: 'ab' }), plain({ n: 0, s: 'a' }), plain({ n: 0, s: 'abcd' })]).toEqual([true, false, false, true, false, false]);
  });
});
