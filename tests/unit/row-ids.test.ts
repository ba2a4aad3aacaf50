import { describe, expect, it } from 'vitest';
import { timeOrderedId } from '../../src-main/store/row-ids';

const uuidV7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('time-ordered row ids', () => {
  it('sort in the order of the times they were made at, across midnight and the clock change', () => {
    const times = ['2026-03-28T23:59:59.999Z', '2026-03-29T00:00:00.000Z', '2026-03-29T01:30:00.000Z', '2026-10-25T00:59:59.000Z', '2026-10-25T01:00:00.000Z'];
    const ids = times.map((t) => timeOrderedId(new Date(t)));
    for (const id of ids) expect(id).toMatch(uuidV7);
    expect([...ids].sort()).toEqual(ids);
    expect(timeOrderedId('2026-03-29T00:00:00.000Z').slice(0, 13)).toBe(ids[1]!.slice(0, 13));
  });

  it('are distinct when made in the same millisecond', () => {
    const at = new Date('2026-12-02T10:00:00.000Z');
    const ids = new Set(Array.from({ length: 1000 }, () => timeOrderedId(at)));
    expect(ids.size).toBe(1000);
  });

  it('still make an id from a time that is not one', () => {
    expect(timeOrderedId('not a time')).toMatch(uuidV7);
    expect(timeOrderedId(new Date(Number.NaN))).toMatch(uuidV7);
  });
});
