import { v7 as uuidv7 } from 'uuid';

/**
 * The id of a row that goes by age (a visit, a ticket, a resident's record): a UUIDv7 from the
 * hub's clock at the time the row is made. Ordered by time, the rows of one period sit together in every index keyed by
 * these ids, so the retention job deletes a period's visits a few index pages at a time instead
 * of touching a page per row (a random UUID spread each visit's rows over the whole index). The 74
 * random bits keep an id unguessable.
 */
export function timeOrderedId(at: Date | string): string {
  const msecs = typeof at === 'string' ? Date.parse(at) : at.getTime();
  return Number.isFinite(msecs) && msecs >= 0 ? uuidv7({ msecs }) : uuidv7();
}
